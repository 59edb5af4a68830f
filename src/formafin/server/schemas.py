"""Bodies of the HTTP API that the library has no model for (requests, rules, health)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field

from formafin.baremes import Bareme
from formafin.models import Dossier, Money, OpcoId
from formafin.readiness import Finding
from formafin.result import FundingEstimate
from formafin.rules.cpf_rights import CpfYear
from formafin.sources import FrozenModel, SourceStatus

__all__ = [
    "BaremeInfo",
    "CheckRequest",
    "CheckResult",
    "CpfRightsRequest",
    "EstimateRequest",
    "Health",
    "RulesInfo",
]


class EstimateRequest(FrozenModel):
    """``POST /v1/estimate``: a dossier, and optionally the rules' date and a barème."""

    dossier: Dossier = Field(description="Le dossier (même format que la bibliothèque).")
    as_of: date | None = Field(
        default=None, description="Date des règles ; par défaut, le début de la formation."
    )
    bareme: Bareme | str | None = Field(
        default=None,
        description=(
            "Barème qui remplace le choix automatique : l'identifiant d'un barème livré, "
            "ou un barème complet (format de docs/reference/bareme-format.md)."
        ),
    )


class CheckRequest(FrozenModel):
    """``POST /v1/check``: a dossier to check before it is sent."""

    dossier: Dossier = Field(description="Le dossier.")
    as_of: date | None = Field(
        default=None, description="Date des règles ; par défaut, le début de la formation."
    )


class CheckResult(FrozenModel):
    """What an OPCO would refuse, and the estimate the findings rest on."""

    ready: bool = Field(description="Vrai si aucun constat n'est bloquant.")
    as_of: date = Field(description="Date des règles appliquées.")
    findings: tuple[Finding, ...] = Field(description="Constats, les bloquants d'abord.")
    estimate: FundingEstimate = Field(description="L'estimation sur laquelle ils reposent.")


class CpfRightsRequest(FrozenModel):
    """``POST /v1/cpf-rights``: the holder's employment, year by year."""

    years: tuple[CpfYear, ...] = Field(min_length=1, description="Années travaillées.")
    opening_balance: Money = Field(
        default=Decimal("0.00"),
        description="Droits au début de la première année, en euros.",
    )


class BaremeInfo(FrozenModel):
    """A shipped barème: who, which period, how well verified."""

    id: str = Field(description="Identifiant (à passer dans « bareme »).")
    opco: OpcoId = Field(description="OPCO.")
    branch: str = Field(description="Branche ou périmètre.")
    valid_from: date | None = Field(description="Premier jour d'application.")
    valid_until: date | None = Field(description="Dernier jour d'application.")
    status: SourceStatus = Field(description="Niveau de vérification.")
    last_verified_on: date = Field(description="Dernière vérification.")


class RulesInfo(FrozenModel):
    """The shipped rules: millésime, the dates they cover, and their barèmes."""

    formafin_version: str = Field(description="Version de la bibliothèque.")
    ruleset_version: str = Field(description="Millésime des règles, ex. « 2026.11 ».")
    covers_from: date = Field(description="Première date couverte par les règles.")
    verified_until: date = Field(
        description="Textes vérifiés jusqu'à cette date ; au-delà, un avertissement."
    )
    baremes: tuple[BaremeInfo, ...] = Field(description="Barèmes des OPCO livrés.")


class Health(FrozenModel):
    """Liveness answer."""

    status: str = Field(description="« ok ».")
