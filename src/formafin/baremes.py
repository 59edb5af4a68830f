"""OPCO barèmes: funding criteria per OPCO × branch × period, as data.

OPCO boards set the plan criteria for companies under 50 employees (L6332-17, D6332-39):
hourly caps, annual company caps by size band, which cost categories are funded. Most are
published per branch on the OPCO's site and change every year; every figure here carries
its source. A caller who holds its branch's barème passes its own :class:`Bareme`
(``status = "caller"``), which then wins over the shipped ones.

A barème has a *kind* (:class:`BaremeKind`): the legal plan of the companies under 50
(L6332-17, the default), or the envelope of the companies of 50 to 299 employees that the
OPCO pays from the branch's conventional contributions or the company's voluntary ones
(L6332-1-2: "contributions supplémentaires [...] versées soit en application d'un accord
professionnel national [...] soit sur une base volontaire par l'entreprise").
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from formafin.models import Money, OpcoId, QualiopiCategory
from formafin.sources import FrozenModel, Reference, SourceStatus

__all__ = [
    "AnnexRule",
    "Bareme",
    "BaremeKind",
    "BaremeScope",
    "CapScope",
    "PedagogicalRule",
    "SizeBandAmount",
    "SizeBandNote",
    "load_bareme_file",
]

Headcount = Annotated[Decimal, Field(ge=0)]


class BaremeKind(StrEnum):
    """Which funding a barème describes; selection never mixes kinds."""

    PLAN_UNDER_50 = "plan_under_50"
    """Plan of the companies under 50 employees, on the OPCO's mutualised legal funds
    (L6332-17, L6332-3 2°)."""
    PLAN_50_299 = "plan_50_299"
    """Envelope of the companies of 50 to 299 employees, on the branch's conventional
    contributions or the company's voluntary ones (L6332-1-2)."""


class BaremeScope(StrEnum):
    """Which companies of the OPCO a barème applies to, for automatic selection."""

    BRANCH = "branch"
    """Companies whose IDCC is listed in ``idcc``."""
    OPCO_WIDE = "opco_wide"
    """Every company of the OPCO (legal plan criteria common to all branches)."""
    NO_IDCC = "no_idcc"
    """Companies without a branch convention (interprofession)."""
    BY_ID_ONLY = "by_id_only"
    """Never selected automatically (branch unknown or inferred, or undated): pass its id."""


class CapScope(StrEnum):
    """What the annual company cap covers."""

    PEDAGOGICAL = "pedagogical"
    ALL = "all"


class SizeBandAmount(FrozenModel):
    """An amount for companies with ``min_headcount <= headcount < max_headcount``."""

    min_headcount: Headcount = Field(default=Decimal("0"), description="Effectif minimal (inclus).")
    max_headcount: Headcount | None = Field(
        default=None, description="Effectif maximal (exclu) ; null : sans borne."
    )
    amount: Money | None = Field(
        default=None, description="Montant ; null : fixé par l'OPCO mais inconnu de formafin."
    )

    def contains(self, headcount: Decimal) -> bool:
        """Whether ``headcount`` falls in this band."""
        return self.min_headcount <= headcount and (
            self.max_headcount is None or headcount < self.max_headcount
        )


class SizeBandNote(FrozenModel):
    """A note that concerns only companies with ``min_headcount <= headcount < max_headcount``
    (a « moins de 11 salariés » rate is not news to a 30-employee company)."""

    text: str = Field(min_length=1, description="La réserve, en français.")
    min_headcount: Headcount = Field(default=Decimal("0"), description="Effectif minimal (inclus).")
    max_headcount: Headcount | None = Field(
        default=None, description="Effectif maximal (exclu) ; null : sans borne."
    )

    def concerns(self, headcount: Decimal) -> bool:
        """Whether a company of ``headcount`` is concerned by the note."""
        return self.min_headcount <= headcount and (
            self.max_headcount is None or headcount < self.max_headcount
        )


class PedagogicalRule(FrozenModel):
    """How pedagogical costs are funded for a kind of action."""

    label: str = Field(description="Libellé (ex. « Travaux publics, par heure et stagiaire »).")
    amount: Money = Field(description="Montant plafond.")
    per: Literal["trainee_hour", "trainee", "action"] = Field(
        default="trainee_hour",
        description="Base : par heure et par stagiaire, par stagiaire, ou par action.",
    )
    categories: tuple[QualiopiCategory, ...] | None = Field(
        default=None, description="Natures d'action concernées ; null : toutes."
    )
    qualifying: bool | None = Field(
        default=None, description="Réservé aux actions qualifiantes (vrai) ou non (faux)."
    )
    max_action_hours: Decimal | None = Field(
        default=None, gt=0, description="Règle applicable aux actions d'au plus tant d'heures."
    )
    max_funded_hours: Decimal | None = Field(
        default=None, gt=0, description="Heures financées au plus, par stagiaire."
    )

    def matches(self, category: QualiopiCategory, qualifying: bool, hours: Decimal) -> bool:
        """Whether this rule applies to an action."""
        return (
            (self.categories is None or category in self.categories)
            and (self.qualifying is None or self.qualifying == qualifying)
            and (self.max_action_hours is None or hours <= self.max_action_hours)
        )


class AnnexRule(FrozenModel):
    """How annex costs (transport, meals, lodging; D6332-39 II) are funded."""

    funded: bool | None = Field(
        default=None,
        description="Frais annexes pris en charge ; null : règle de l'OPCO inconnue de formafin.",
    )
    per_km: Money | None = Field(default=None, description="Indemnité kilométrique.")
    per_night: Money | None = Field(default=None, description="Plafond par nuitée.")
    per_meal: Money | None = Field(default=None, description="Plafond par repas.")
    max_share_of_pedagogical: Decimal | None = Field(
        default=None, gt=0, le=1, description="Plafond en part des coûts pédagogiques."
    )
    max_per_trainee: Money | None = Field(default=None, description="Plafond par stagiaire.")

    @property
    def per_unit(self) -> bool:
        """The barème pays annex costs per km / night / meal."""
        return any(rate is not None for rate in (self.per_km, self.per_night, self.per_meal))


class Bareme(FrozenModel):
    """Funding criteria of one OPCO for one branch (or all) over one period."""

    id: str = Field(pattern=r"^[a-z0-9_\-]+$", description="Identifiant stable.")
    opco: OpcoId = Field(description="OPCO.")
    branch: str = Field(description="Branche ou périmètre, en clair.")
    kind: BaremeKind = Field(
        default=BaremeKind.PLAN_UNDER_50,
        description=(
            "Dispositif : plan des moins de 50 salariés (L6332-17, par défaut) ou enveloppe des "
            "entreprises de 50 à 299 salariés sur fonds conventionnels ou volontaires "
            "(L6332-1-2)."
        ),
    )
    scope: BaremeScope = Field(description="Sélection automatique.")
    idcc: tuple[str, ...] = Field(default=(), description="IDCC de la branche.")
    valid_from: date | None = Field(
        default=None, description="Premier jour d'application ; null : non daté."
    )
    valid_until: date | None = Field(
        default=None, description="Dernier jour d'application (inclus)."
    )
    status: SourceStatus = Field(description="Niveau de vérification.")
    last_verified_on: date = Field(description="Date de la dernière vérification.")
    references: tuple[Reference, ...] = Field(min_length=1, description="Sources.")
    within_available_funds: bool = Field(
        default=True, description="Financement « dans la limite des fonds disponibles »."
    )
    notes: tuple[str, ...] = Field(default=(), description="Réserves et précisions, en français.")
    size_notes: tuple[SizeBandNote, ...] = Field(
        default=(), description="Réserves qui ne concernent qu'une tranche d'effectif."
    )
    min_action_hours: Decimal | None = Field(
        default=None, gt=0, description="Durée minimale d'une action financée."
    )
    pedagogical: tuple[PedagogicalRule, ...] = Field(
        default=(), description="Règles de prise en charge des coûts pédagogiques, dans l'ordre."
    )
    pedagogical_at_actual_cost: bool = Field(
        default=False,
        description="Coûts pédagogiques au réel sans plafond horaire (sous le plafond annuel).",
    )
    pedagogical_share: Decimal | None = Field(
        default=None,
        gt=0,
        le=1,
        description=(
            "Part des coûts pédagogiques prise en charge (ex. 0.5 pour 50 %) ; null : toute la "
            "part qui tient sous les plafonds."
        ),
    )
    annual_caps: tuple[SizeBandAmount, ...] = Field(
        default=(), description="Plafond annuel par entreprise, par tranche d'effectif."
    )
    annual_cap_is_floor: bool = Field(
        default=False,
        description=(
            "Le plafond annuel est un minimum garanti : l'enveloppe réelle dépend aussi de la "
            "contribution conventionnelle de l'entreprise (« sans être inférieur à »), "
            "au-delà le montant est indicatif."
        ),
    )
    annual_cap_scope: CapScope = Field(
        default=CapScope.ALL, description="Ce que couvre le plafond annuel."
    )
    out_of_cap_themes: tuple[str, ...] = Field(
        default=(), description="Thèmes financés hors plafond annuel."
    )
    salary: tuple[SizeBandAmount, ...] = Field(
        default=(),
        description="Taux horaire des salaires par tranche ; vide : salaires non financés.",
    )
    annex: AnnexRule = Field(default_factory=AnnexRule, description="Frais annexes.")
    lead_days: int | None = Field(
        default=None, ge=0, description="Délai de dépôt avant le début, en jours calendaires."
    )

    @model_validator(mode="after")
    def _check(self) -> Bareme:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until : la fin précède le début")
        if self.scope is BaremeScope.BRANCH and not self.idcc:
            raise ValueError("idcc : une portée « branch » exige la liste des IDCC")
        if self.scope is not BaremeScope.BY_ID_ONLY and (
            self.valid_from is None or self.valid_until is None
        ):
            raise ValueError("un barème sélectionné automatiquement doit être daté")
        if self.kind is BaremeKind.PLAN_UNDER_50 and (
            self.pedagogical_share is not None or self.annual_cap_is_floor
        ):
            raise ValueError(
                "pedagogical_share, annual_cap_is_floor : réservés aux barèmes "
                "kind = « plan_50_299 »"
            )
        return self

    def in_force(self, day: date) -> bool:
        """Whether the barème is dated and applies on ``day``."""
        return (
            self.valid_from is not None
            and self.valid_until is not None
            and self.valid_from <= day <= self.valid_until
        )

    def notes_for(self, headcount: Decimal) -> tuple[str, ...]:
        """The notes that concern a company of ``headcount``."""
        return self.notes + tuple(n.text for n in self.size_notes if n.concerns(headcount))

    def band(self, bands: tuple[SizeBandAmount, ...], headcount: Decimal) -> SizeBandAmount | None:
        """The size band of ``bands`` containing ``headcount``."""
        return next((band for band in bands if band.contains(headcount)), None)

    def pedagogical_rule(
        self, category: QualiopiCategory, qualifying: bool, hours: Decimal
    ) -> PedagogicalRule | None:
        """The first pedagogical rule that applies to the action."""
        return next(
            (rule for rule in self.pedagogical if rule.matches(category, qualifying, hours)), None
        )


def load_bareme_file(path: str | Path) -> tuple[Bareme, ...]:
    """Read barèmes from a TOML file (``[[bareme]]`` tables) or a JSON file (object or list).

    Caller-supplied files use the same schema as the shipped ones (see the docs). A file
    over 1 MiB, not in UTF-8, not valid TOML/JSON, nested too deep or holding a number of
    thousands of digits is refused with a :class:`~formafin.errors.FormafinError` that
    does not echo the file's content; an invalid barème with a
    :class:`pydantic.ValidationError` naming the field.
    """
    from formafin.errors import FormafinError
    from formafin.jsonin import load_json
    from formafin.limits import MAX_DOSSIER_BYTES, shown

    path = Path(path)
    with path.open("rb") as handle:
        data = handle.read(MAX_DOSSIER_BYTES + 1)
    if path.suffix == ".json":
        raw = load_json(data)
        items = raw if isinstance(raw, list) else [raw]
    else:
        if len(data) > MAX_DOSSIER_BYTES:
            raise FormafinError(f"{shown(str(path))} : fichier trop volumineux (1 Mio au plus)")
        try:
            document = tomllib.loads(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise FormafinError(f"{shown(str(path))} : le fichier n'est pas en UTF-8") from None
        except tomllib.TOMLDecodeError as error:
            where = re.search(r"line (\d+), column (\d+)", str(error))
            place = f"ligne {where[1]}, colonne {where[2]}" if where else "fin du document"
            raise FormafinError(f"{shown(str(path))} : TOML invalide ({place})") from None
        except (RecursionError, ValueError):  # nesting too deep, a 5 000-digit integer
            raise FormafinError(
                f"{shown(str(path))} : TOML illisible (imbrication trop profonde ou nombre "
                "trop long)"
            ) from None
        items = document.get("bareme", [])
    if not isinstance(items, list):
        raise FormafinError(f"{shown(str(path))} : liste de barèmes attendue")
    return tuple(Bareme.model_validate(item) for item in items)
