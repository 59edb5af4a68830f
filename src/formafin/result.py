"""Result models: what :func:`formafin.estimate_funding` answers, and why.

A :class:`FundingEstimate` keeps apart what is *computed* (``lines``), what is *decided*
(``decisions``, with reason codes when a scheme does not apply or needs input) and what the
caller should know (``warnings``). Every line and decision carries its legal references and
the parameters it used, with their values, so an HR tool can show a user why.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Collection
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Protocol, Self, cast

from pydantic import (
    BaseModel,
    Field,
    StringConstraints,
    model_validator,
)

from formafin.models import Money, OpcoId
from formafin.sources import FrozenModel, Reference, SourceStatus, value_read_in_c

__all__ = [
    "COST_CATEGORIES",
    "EXTERNAL_SCHEME_PATTERN",
    "Aid",
    "AidSummary",
    "CategoryTotal",
    "Check",
    "CostCategory",
    "Decision",
    "DecisionStatus",
    "DecisionSummary",
    "ExternalSchemeId",
    "FundingEstimate",
    "FundingLine",
    "FundingSummary",
    "LineSummary",
    "MoneyRange",
    "Notice",
    "OpcoCandidate",
    "OpcoResolution",
    "ParameterUsed",
    "Payer",
    "Reason",
    "ResolutionMethod",
    "SchemeId",
    "SchemeKey",
]


_STATE: Any = BaseModel.__dict__["__dict__"]
"""The instance-dictionary slot of pydantic models (a deferred estimate's ``__dict__``
property wraps it)."""


class SchemeId(StrEnum):
    """Stable scheme ids."""

    OPCO_PLAN = "opco_plan"
    CPF = "cpf"
    PRO_A = "pro_a"
    PERIODE_RECONVERSION = "periode_reconversion"
    FNE = "fne"
    CONTRAT_PRO = "contrat_pro"
    APPRENTISSAGE = "apprentissage"
    OPCO_50_299 = "opco_50_299"
    """Offre des OPCO aux entreprises de 50 à 299 salariés (contributions conventionnelles,
    versements volontaires)."""
    FSE_PLUS = "fse_plus"
    """Cofinancement du Fonds social européen plus, par un appel à projets d'OPCO."""
    CO_FUNDER = "co_funder"
    """Un cofinanceur déclaré par l'appelant (région, Agefiph, versement volontaire…)."""
    PCRH = "pcrh"
    """Prestation de conseil en ressources humaines (aide de l'État)."""
    AIF = "aif"
    """Aide individuelle à la formation de France Travail."""


EXTERNAL_SCHEME_PATTERN = r"^[a-z][a-z0-9_]{0,30}\.[a-z][a-z0-9_]{0,30}$"
"""Identifier of a scheme added by a third-party rule: ``vendor.name`` (lower case, one dot),
so it can never collide with a shipped :class:`SchemeId`."""

ExternalSchemeId = Annotated[str, StringConstraints(pattern=EXTERNAL_SCHEME_PATTERN)]
"""A third-party scheme id (see :data:`EXTERNAL_SCHEME_PATTERN`)."""

SchemeKey = SchemeId | ExternalSchemeId
"""A shipped scheme id or a third-party one: the type of every ``scheme`` field."""


class CostCategory(StrEnum):
    """Cost categories; funding is allocated per category."""

    PEDAGOGICAL = "pedagogical"
    SALARY = "salary"
    ANNEX = "annex"


COST_CATEGORIES: tuple[CostCategory, ...] = tuple(CostCategory)
"""The cost categories in order, as a tuple: iterating an enumeration class runs Python
code for each member (five times slower), and every estimate walks them."""


class Payer(StrEnum):
    """Who pays a line or a share of the remaining cost."""

    OPCO = "opco"
    CDC = "cdc"
    STATE = "state"
    EMPLOYER = "employer"
    TRAINEE = "trainee"
    OTHER = "other"
    """Another third party (État, région, France Travail, Agefiph…)."""


class DecisionStatus(StrEnum):
    """Outcome of a scheme's eligibility rules."""

    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    NEEDS_INPUT = "needs_input"
    """The rules cannot conclude without a choice or a figure from the caller."""


class ParameterUsed(FrozenModel):
    """A dated figure used by a computation, with its value on the date used."""

    name: str = Field(description="Identifiant du paramètre ou champ du barème.")
    label: str = Field(description="Libellé français.")
    value: str = Field(description="Valeur utilisée, en texte (montants en euros, point décimal).")
    unit: str = Field(description="Unité.")
    status: SourceStatus = Field(description="Niveau de vérification de la valeur.")
    references: tuple[Reference, ...] = Field(default=(), description="Sources.")


class Reason(FrozenModel):
    """Why a scheme does not apply, or what it needs."""

    code: str = Field(description="Code stable, en majuscules (ex. « QUALIOPI_EXPIRED »).")
    message: str = Field(description="Explication en français, destinée à l'utilisateur.")
    references: tuple[Reference, ...] = Field(default=(), description="Sources.")


class Check(FrozenModel):
    """One condition evaluated by a rule, met or not (the full trace of a decision)."""

    code: str = Field(description="Code stable de la condition.")
    met: bool = Field(description="Condition remplie.")
    message: str = Field(description="Constat en français.")
    references: tuple[Reference, ...] = Field(default=(), description="Sources.")


class Notice(FrozenModel):
    """A warning the caller should show: uncertainty, budget limits, dates…"""

    code: str = Field(description="Code stable.")
    message: str = Field(description="Message en français.")
    scheme: SchemeKey | None = Field(default=None, description="Dispositif concerné.")
    references: tuple[Reference, ...] = Field(default=(), description="Sources.")


class MoneyRange(FrozenModel):
    """An indicative range of amounts."""

    low: Money = Field(description="Borne basse.")
    high: Money = Field(description="Borne haute.")

    @model_validator(mode="after")
    def _check(self) -> MoneyRange:
        if self.high < self.low:
            raise ValueError("high : la borne haute est inférieure à la borne basse")
        return self


class FundingLine(FrozenModel):
    """An amount paid by one scheme for one cost category."""

    scheme: SchemeKey = Field(description="Dispositif.")
    category: CostCategory = Field(description="Catégorie de coût financée.")
    payer: Payer = Field(description="Financeur.")
    amount: Money = Field(description="Montant retenu (arrondi au centime inférieur).")
    claimed: Money = Field(description="Montant demandé par la règle, avant répartition.")
    basis: str = Field(description="Calcul en clair (taux, heures, plafonds).")
    explanation: str = Field(description="Explication en français.")
    indicative: bool = Field(
        default=False, description="Montant indicatif : un chiffre du barème manque."
    )
    range: MoneyRange | None = Field(
        default=None, description="Fourchette indicative quand le montant n'est pas certain."
    )
    bareme_id: str | None = Field(default=None, description="Barème appliqué.")
    parameters: tuple[ParameterUsed, ...] = Field(default=(), description="Paramètres utilisés.")
    references: tuple[Reference, ...] = Field(default=(), description="Sources.")


class Decision(FrozenModel):
    """Whether a scheme applies, with the reasons when it does not."""

    scheme: SchemeKey = Field(description="Dispositif.")
    status: DecisionStatus = Field(description="Issue : éligible, inéligible, donnée manquante.")
    eligible: bool = Field(description="Vrai seulement si le statut est « eligible ».")
    reasons: tuple[Reason, ...] = Field(
        default=(), description="Motifs d'inéligibilité ou données manquantes."
    )
    checks: tuple[Check, ...] = Field(default=(), description="Conditions évaluées.")
    bareme_id: str | None = Field(default=None, description="Barème retenu.")
    indicative: bool = Field(default=False, description="Chiffrage indicatif.")
    references: tuple[Reference, ...] = Field(default=(), description="Sources de la règle.")

    @model_validator(mode="after")
    def _check(self) -> Decision:
        if self.eligible != (self.status is DecisionStatus.ELIGIBLE):
            raise ValueError("eligible : incohérent avec status")
        if self.status is not DecisionStatus.ELIGIBLE and not self.reasons:
            raise ValueError("reasons : un refus ou une donnée manquante doit être motivé")
        return self


class ResolutionMethod(StrEnum):
    """How the OPCO was found."""

    EXPLICIT = "explicit"
    IDCC = "idcc"
    IDCC_REPLACED = "idcc_replaced"
    NAF_HINT = "naf_hint"
    AMBIGUOUS = "ambiguous"
    UNRESOLVED = "unresolved"


class OpcoCandidate(FrozenModel):
    """A possible OPCO for a shared IDCC or a NAF hint."""

    opco: OpcoId = Field(description="OPCO candidat.")
    share: Decimal | None = Field(
        default=None, ge=0, le=1, description="Part des établissements (SIRO) ou des employeurs."
    )
    establishments: int | None = Field(default=None, ge=0, description="Établissements SIRO.")


class OpcoResolution(FrozenModel):
    """The OPCO of a company, how it was found and how sure it is."""

    opco: OpcoId | None = Field(description="OPCO retenu ; null s'il faut choisir.")
    method: ResolutionMethod = Field(description="Méthode.")
    certain: bool = Field(description="Vrai si l'OPCO découle d'une donnée sûre.")
    idcc: str | None = Field(default=None, description="IDCC de la demande.")
    idcc_used: str | None = Field(default=None, description="IDCC utilisé (successeur si fusion).")
    idcc_title: str | None = Field(default=None, description="Intitulé de la convention.")
    naf: str | None = Field(default=None, description="Code NAF utilisé.")
    candidates: tuple[OpcoCandidate, ...] = Field(default=(), description="Candidats.")
    message: str = Field(description="Explication en français.")
    notices: tuple[Notice, ...] = Field(default=(), description="Avertissements.")
    references: tuple[Reference, ...] = Field(default=(), description="Sources.")


class Aid(FrozenModel):
    """An aid paid to the employer (not a share of the training cost), e.g. hiring aid."""

    scheme: SchemeKey = Field(description="Dispositif.")
    label: str = Field(description="Nom de l'aide.")
    eligible: bool = Field(description="Aide due.")
    amount: Money = Field(description="Montant (0 si non due).")
    payer: Payer = Field(description="Financeur.")
    basis: str = Field(description="Calcul en clair.")
    reasons: tuple[Reason, ...] = Field(default=(), description="Motifs si non due.")
    parameters: tuple[ParameterUsed, ...] = Field(default=(), description="Paramètres utilisés.")
    references: tuple[Reference, ...] = Field(default=(), description="Sources.")


class CategoryTotal(FrozenModel):
    """Cost, funding and remaining cost of one category."""

    category: CostCategory = Field(description="Catégorie.")
    cost: Money = Field(description="Coût.")
    funded: Money = Field(description="Total financé.")
    remaining: Money = Field(description="Reste à charge.")


class _Deferred:
    """Words on demand, for :class:`FundingEstimate`: the explanatory fields are facts until
    read. Every reader of the whole state (pydantic's serialisers, comparison, copy, pickle,
    repr) goes through ``__dict__``, which builds what is still pending first. A mixin (not a
    pydantic model), placed first in the bases so that its ``__dict__`` wins over pydantic's
    slot."""

    __slots__: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def deferred(cls, ready: dict[str, Any], source: Explanations) -> Self:
        """An estimate whose fields ``source.names`` are built on first use by
        ``source.build`` (by formafin only: the values are trusted, see
        :meth:`~formafin.sources.FrozenModel.trusted`). ``ready`` holds every other field
        and becomes the estimate's own state."""
        instance = cls.__new__(cls)
        _STATE.__set__(instance, ready)
        object.__setattr__(instance, "__pydantic_fields_set__", set(_FIELD_ORDER))
        object.__setattr__(instance, "__pydantic_extra__", None)
        object.__setattr__(instance, "__pydantic_private__", {"later": source})
        return instance

    def _state(self) -> dict[str, Any]:
        """The state, every field built (pydantic and the serialisers read ``__dict__``)."""
        self._fill()
        state: dict[str, Any] = _STATE.__get__(self)
        return state

    __dict__: ClassVar[property] = property(_state, _STATE.__set__)  # type: ignore[misc]

    def _fill(self, names: Collection[str] | None = None) -> None:
        """Build the fields still pending (``names`` only, if given), keeping the fields'
        declaration order (the serialiser follows it)."""
        private = self.__pydantic_private__
        source: Explanations | None = private.get("later") if private else None
        if source is None:
            return
        state = _STATE.__get__(self)
        if len(state) == len(_FIELD_ORDER):  # everything built
            return
        with _FILLING:  # the state is replaced whole: never lose a field built meanwhile
            state = _STATE.__get__(self)
            wanted = source.names if names is None else names
            missing = [name for name in wanted if name not in state]
            if not missing:
                return
            built = {**state, **source.build(missing)}
            _STATE.__set__(self, {n: built[n] for n in _FIELD_ORDER if n in built})

    def __getattr__(self, name: str) -> Any:
        private = self.__pydantic_private__
        source = private.get("later") if private else None
        if source is not None and name in source.names:
            self._fill((name,))
            return _STATE.__get__(self)[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Deferred):
            return False if isinstance(other, BaseModel) else NotImplemented
        # Not pydantic's comparison: it also compares the private facts the fields are
        # built from, which differ between two equal estimates.
        return type(other) is type(self) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), *self.__dict__.values()))

    def __getstate__(self) -> dict[Any, Any]:
        state: dict[Any, Any] = BaseModel.__getstate__(cast(BaseModel, self))  # all built
        state["__pydantic_private__"] = None  # the facts stay behind
        return state

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        """A deep copy of the built estimate; the facts stay behind, as in a pickle (pydantic's
        own deep copy would copy them too, and the compiled build's facts are not copyable)."""
        clone = type(self).__new__(type(self))
        _STATE.__set__(clone, copy.deepcopy(self.__dict__, memo))  # every field built first
        object.__setattr__(clone, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        object.__setattr__(clone, "__pydantic_extra__", None)
        object.__setattr__(clone, "__pydantic_private__", None)
        return clone


# An estimate made by formafin holds its numbers at once and builds its explanatory fields
# (lines, decisions, categories, aids, warnings) on their first read; serialising,
# comparing, copying or pickling it builds them all first (see _Deferred).
class FundingEstimate(_Deferred, FrozenModel):
    """Which schemes pay, how much, what is left to pay, and why."""

    as_of: date = Field(description="Date à laquelle les règles sont appliquées.")
    ruleset_version: str = Field(description="Millésime des règles.")
    opco: OpcoResolution | None = Field(description="Détermination de l'OPCO.")
    lines: tuple[FundingLine, ...] = Field(description="Financements par dispositif et catégorie.")
    decisions: tuple[Decision, ...] = Field(description="Décisions d'éligibilité.")
    categories: tuple[CategoryTotal, ...] = Field(description="Totaux par catégorie.")
    total_cost: Money = Field(description="Coût total HT.")
    total_funded: Money = Field(description="Total financé.")
    remaining_cost: Money = Field(description="Reste à charge total.")
    remaining_employer: Money = Field(description="Part du reste à charge pour l'employeur.")
    remaining_trainee: Money = Field(description="Part du reste à charge pour le stagiaire.")
    remaining_cost_range: MoneyRange | None = Field(
        default=None, description="Fourchette du reste à charge si un montant est indicatif."
    )
    indicative: bool = Field(description="Vrai si un montant au moins est indicatif.")
    aids: tuple[Aid, ...] = Field(
        default=(), description="Aides versées à l'employeur, hors coût de la formation."
    )
    warnings: tuple[Notice, ...] = Field(description="Avertissements à montrer.")

    def decision(self, scheme: SchemeId | str) -> Decision | None:
        """The decision for ``scheme``, if it was evaluated."""
        return next((d for d in self.decisions if d.scheme == scheme), None)

    def funded_by(self, scheme: SchemeId | str) -> Decimal:
        """Total of the lines of ``scheme``."""
        return sum((line.amount for line in self.lines if line.scheme == scheme), Decimal("0.00"))


_FILLING = threading.Lock()
_FIELD_ORDER = tuple(FundingEstimate.model_fields)


class Explanations(Protocol):
    """What builds the deferred fields of a :class:`FundingEstimate`."""

    names: frozenset[str]
    """The fields it builds."""

    def build(self, names: Collection[str]) -> dict[str, Any]:
        """The fields ``names``, built now."""


class LineSummary(FrozenModel):
    """A funding line, numbers only (``detail="summary"``)."""

    scheme: SchemeKey = Field(description="Dispositif.")
    category: CostCategory = Field(description="Catégorie de coût financée.")
    payer: Payer = Field(description="Financeur.")
    amount: Money = Field(description="Montant retenu (arrondi au centime inférieur).")
    indicative: bool = Field(default=False, description="Montant indicatif.")


class DecisionSummary(FrozenModel):
    """A decision, codes only (``detail="summary"``)."""

    scheme: SchemeKey = Field(description="Dispositif.")
    status: DecisionStatus = Field(description="Issue : éligible, inéligible, donnée manquante.")
    reasons: tuple[str, ...] = Field(default=(), description="Codes des motifs.")


class AidSummary(FrozenModel):
    """An aid to the employer, numbers only (``detail="summary"``)."""

    scheme: SchemeKey = Field(description="Dispositif.")
    eligible: bool = Field(description="Aide due.")
    amount: Money = Field(description="Montant (0 si non due).")


class FundingSummary(FrozenModel):
    """The numbers and codes of a :class:`FundingEstimate`, without the explanations: what
    ``estimate_funding(..., detail="summary")`` answers, for batch work. Every figure equals
    the one of the full estimate (checked by the property tests)."""

    as_of: date = Field(description="Date à laquelle les règles sont appliquées.")
    ruleset_version: str = Field(description="Millésime des règles.")
    opco: OpcoId | None = Field(description="OPCO retenu ; null s'il faut choisir.")
    lines: tuple[LineSummary, ...] = Field(description="Financements.")
    decisions: tuple[DecisionSummary, ...] = Field(description="Décisions d'éligibilité.")
    total_cost: Money = Field(description="Coût total HT.")
    total_funded: Money = Field(description="Total financé.")
    remaining_cost: Money = Field(description="Reste à charge total.")
    remaining_employer: Money = Field(description="Part du reste à charge pour l'employeur.")
    remaining_trainee: Money = Field(description="Part du reste à charge pour le stagiaire.")
    remaining_cost_range: MoneyRange | None = Field(
        default=None, description="Fourchette du reste à charge si un montant est indicatif."
    )
    indicative: bool = Field(description="Vrai si un montant au moins est indicatif.")
    aids: tuple[AidSummary, ...] = Field(default=(), description="Aides à l'employeur.")
    warnings: tuple[str, ...] = Field(default=(), description="Codes des avertissements.")

    @classmethod
    def of(cls, estimate: FundingEstimate) -> FundingSummary:
        """The summary of a full estimate."""
        return cls.trusted(
            as_of=estimate.as_of,
            ruleset_version=estimate.ruleset_version,
            opco=estimate.opco.opco if estimate.opco is not None else None,
            lines=tuple(
                LineSummary.trusted(
                    scheme=line.scheme,
                    category=line.category,
                    payer=line.payer,
                    amount=line.amount,
                    indicative=line.indicative,
                )
                for line in estimate.lines
            ),
            decisions=tuple(
                DecisionSummary.trusted(
                    scheme=d.scheme, status=d.status, reasons=tuple(r.code for r in d.reasons)
                )
                for d in estimate.decisions
            ),
            total_cost=estimate.total_cost,
            total_funded=estimate.total_funded,
            remaining_cost=estimate.remaining_cost,
            remaining_employer=estimate.remaining_employer,
            remaining_trainee=estimate.remaining_trainee,
            remaining_cost_range=estimate.remaining_cost_range,
            indicative=estimate.indicative,
            aids=tuple(
                AidSummary.trusted(scheme=a.scheme, eligible=a.eligible, amount=a.amount)
                for a in estimate.aids
            ),
            warnings=tuple(n.code for n in estimate.warnings),
        )


value_read_in_c(SchemeId, CostCategory, Payer, DecisionStatus, ResolutionMethod)
