"""Input models: what an HR tool knows about a company, a provider, a training and trainees.

All models are frozen pydantic v2 models that reject unknown fields. Money is
:class:`~decimal.Decimal` in euros HT with at most two decimals; a float is refused (give a
string such as ``"1250.50"`` or an integer). JSON in: ``Dossier.model_validate_json(text)``;
JSON out: ``dossier.model_dump_json()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from pydantic import AfterValidator, BeforeValidator, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from formafin.bounds import (
    MAX_MONEY,
    cents_in_bounds,
    checked_headcount,
    checked_hours,
    float_as_written,
    idcc_as_text,
    refuse_float_money,
    within_accepted_range,
    within_range_or_open,
)
from formafin.identifiers import (
    validate_certification_code,
    validate_idcc,
    validate_naf,
    validate_nda,
    validate_siret,
)
from formafin.jsonin import InvalidJsonError, load_json
from formafin.limits import (
    MAX_LIST_ITEMS,
    MAX_TEXT_CHARS,
    MAX_TRAINEES,
)
from formafin.sources import FrozenModel, value_read_in_c

__all__ = [
    "AnnexDetail",
    "ApprenticeshipContract",
    "BranchAgreement",
    "CoFunder",
    "CoFunderKind",
    "Company",
    "ConsultingRequest",
    "ConsultingSubject",
    "ContractType",
    "Costs",
    "CpfActionKind",
    "CpfMobilisation",
    "Day",
    "Dossier",
    "FneRequest",
    "FsePlusRequest",
    "Hours",
    "LightLicenceCategory",
    "Money",
    "OpcoId",
    "OpenEndDay",
    "ProARequest",
    "ProfessionalisationContract",
    "Programme",
    "ProjectContext",
    "Provider",
    "QualiopiCategory",
    "QualiopiCertificate",
    "ReconversionRequest",
    "Traceability",
    "Trainee",
    "TrainingAction",
    "TrainingAgreement",
    "Tutor",
]

Money = Annotated[
    Decimal,
    BeforeValidator(refuse_float_money),
    AfterValidator(cents_in_bounds),
]
"""A non-negative amount in euros HT with at most two decimals, normalised to cents."""


Day = Annotated[date, AfterValidator(within_accepted_range)]
"""A date between 1900-01-01 and 2199-12-31 (far dates would overflow date arithmetic)."""

OpenEndDay = Annotated[date, AfterValidator(within_range_or_open)]
"""A :data:`Day`, or 9999-12-31 for an open end (the "no end date" of HR systems)."""

Text = Annotated[str, Field(max_length=MAX_TEXT_CHARS)]
"""A free-text field, at most 2 000 characters."""

MoneyInput: TypeAlias = Decimal | int | str
"""What a money field accepts: a ``Decimal``, an ``int`` or a decimal string, never a float."""

QuantityInput: TypeAlias = Decimal | int | float | str
"""What hours and headcounts accept (a float is read as written: ``7.5`` is ``7.50``)."""

Hours = Annotated[
    Decimal,
    BeforeValidator(float_as_written),
    AfterValidator(checked_hours),
]
"""A strictly positive number of hours, at most two decimals."""

Headcount = Annotated[
    Decimal,
    BeforeValidator(float_as_written),
    AfterValidator(checked_headcount),
]


class OpcoId(StrEnum):
    """The eleven opérateurs de compétences (canonical ids)."""

    AFDAS = "afdas"
    AKTO = "akto"
    ATLAS = "atlas"
    CONSTRUCTYS = "constructys"
    OCAPIAT = "ocapiat"
    OPCO_2I = "opco_2i"
    OPCO_EP = "opco_ep"
    OPCO_MOBILITES = "opco_mobilites"
    OPCO_SANTE = "opco_sante"
    OPCOMMERCE = "opcommerce"
    UNIFORMATION = "uniformation"


OpcoIdInput: TypeAlias = (
    OpcoId
    | Literal[
        "afdas",
        "akto",
        "atlas",
        "constructys",
        "ocapiat",
        "opco_2i",
        "opco_ep",
        "opco_mobilites",
        "opco_sante",
        "opcommerce",
        "uniformation",
    ]
)
"""A ``OpcoId`` or its value as a string."""


class QualiopiCategory(StrEnum):
    """The four categories of actions (L6313-1), each certified separately."""

    ACTIONS_DE_FORMATION = "actions_de_formation"
    BILANS_DE_COMPETENCES = "bilans_de_competences"
    VAE = "vae"
    APPRENTISSAGE = "apprentissage"


QualiopiCategoryInput: TypeAlias = (
    QualiopiCategory
    | Literal["actions_de_formation", "bilans_de_competences", "vae", "apprentissage"]
)
"""A ``QualiopiCategory`` or its value as a string."""


class ContractType(StrEnum):
    """The trainee's employment contract."""

    CDI = "cdi"
    CUI_CDI = "cui_cdi"
    CDD = "cdd"
    INTERIM = "interim"
    APPRENTISSAGE = "apprentissage"
    PROFESSIONNALISATION = "professionnalisation"
    OTHER = "other"


ContractTypeInput: TypeAlias = (
    ContractType
    | Literal["cdi", "cui_cdi", "cdd", "interim", "apprentissage", "professionnalisation", "other"]
)
"""A ``ContractType`` or its value as a string."""


class CpfActionKind(StrEnum):
    """What a training leads to, as L6323-6 lists the actions eligible to the CPF."""

    RNCP = "rncp"
    """Certification or bloc de compétences registered in the RNCP."""
    RS = "rs"
    """Certification or habilitation of the Répertoire spécifique, other than CléA."""
    CLEA = "clea"
    """The CléA basic-skills certificate (RS, no cap on own rights)."""
    VAE = "vae"
    BILAN = "bilan"
    PERMIS_LOURD = "permis_lourd"
    """Heavy-vehicle driving licences (groupe lourd)."""
    PERMIS_LEGER = "permis_leger"
    """Light-vehicle driving licences (groupe léger)."""
    CREATION_ENTREPRISE = "creation_entreprise"
    """Support to business creators or buyers (eligible until 2025-02-15)."""


CpfActionKindInput: TypeAlias = (
    CpfActionKind
    | Literal[
        "rncp", "rs", "clea", "vae", "bilan", "permis_lourd", "permis_leger", "creation_entreprise"
    ]
)
"""A ``CpfActionKind`` or its value as a string."""


class LightLicenceCategory(StrEnum):
    """Driving-licence categories of the light group (R221-4 code de la route)."""

    A1 = "A1"
    A2 = "A2"
    A = "A"
    B1 = "B1"
    B = "B"
    BE = "BE"


LightLicenceCategoryInput: TypeAlias = (
    LightLicenceCategory | Literal["A1", "A2", "A", "B1", "B", "BE"]
)
"""A ``LightLicenceCategory`` or its value as a string."""


class Company(FrozenModel):
    """The employer."""

    name: Text | None = Field(default=None, description="Raison sociale.")
    siret: Annotated[str, AfterValidator(validate_siret)] | None = Field(
        default=None, description="SIRET de l'établissement (14 chiffres, clé de Luhn vérifiée)."
    )
    headcount: Headcount = Field(
        description=(
            "Effectif salarié annuel moyen (art. L130-1 I et R130-1 CSS) : moyenne des effectifs "
            "mensuels de l'année civile précédente, au centième."
        )
    )
    idcc: Annotated[str, BeforeValidator(idcc_as_text), AfterValidator(validate_idcc)] | None = (
        Field(
            default=None,
            description="Code IDCC de la convention collective, 4 chiffres (ex. « 1486 »).",
        )
    )
    naf: Annotated[str, AfterValidator(validate_naf)] | None = Field(
        default=None, description="Code NAF rév. 2 de l'activité principale (ex. « 62.02A »)."
    )
    opco: OpcoId | None = Field(
        default=None,
        description="OPCO de rattachement déclaré ; s'il est donné, il prime sur la déduction.",
    )
    departement: Annotated[str, Field(pattern=r"^([0-9]{2}|2A|2B|97[0-9])$")] | None = Field(
        default=None,
        description="Département de l'établissement (jours fériés d'Alsace-Moselle : 57, 67, 68).",
    )
    annual_turnover: Money | None = Field(
        default=None, description="Chiffre d'affaires annuel HT (définition européenne des PME)."
    )
    balance_sheet_total: Money | None = Field(
        default=None, description="Total du bilan annuel (définition européenne des PME)."
    )
    opco_plan_used: Money = Field(
        default=Decimal("0"),
        description=(
            "Montant déjà pris en charge par l'OPCO au titre du plan sur l'année civile du début "
            "de la formation (consomme le plafond annuel)."
        ),
    )

    if TYPE_CHECKING:
        # What the constructor accepts, for type checkers (the runtime validates it).
        def __init__(
            self,
            *,
            name: str | None = ...,
            siret: str | None = ...,
            headcount: QuantityInput,
            idcc: str | int | None = ...,
            naf: str | None = ...,
            opco: OpcoIdInput | None = ...,
            departement: str | None = ...,
            annual_turnover: MoneyInput | None = ...,
            balance_sheet_total: MoneyInput | None = ...,
            opco_plan_used: MoneyInput = ...,
        ) -> None: ...


class QualiopiCertificate(FrozenModel):
    """A Qualiopi certificate (L6316-1), valid three years (R6316-2)."""

    categories: tuple[QualiopiCategory, ...] = Field(
        min_length=1,
        max_length=MAX_LIST_ITEMS,
        description="Catégories d'actions couvertes par le certificat.",
    )
    valid_from: Day = Field(description="Date de début de validité.")
    valid_until: OpenEndDay = Field(
        description="Date de fin de validité (incluse) ; 9999-12-31 : sans fin."
    )

    if TYPE_CHECKING:
        # What the constructor accepts, for type checkers (the runtime validates it).
        def __init__(
            self,
            *,
            categories: Sequence[QualiopiCategoryInput],
            valid_from: date,
            valid_until: date,
        ) -> None: ...

    @model_validator(mode="after")
    def _check(self) -> QualiopiCertificate:
        if len(set(self.categories)) != len(self.categories):
            raise ValueError("categories : une même catégorie est répétée")
        if self.valid_until < self.valid_from:
            raise ValueError("valid_until : la fin de validité précède le début")
        return self


class Provider(FrozenModel):
    """The training provider (or the employer itself for internal training)."""

    name: Text | None = Field(default=None, description="Nom de l'organisme.")
    siret: Annotated[str, AfterValidator(validate_siret)] | None = Field(
        default=None, description="SIRET de l'organisme."
    )
    nda: Annotated[str, AfterValidator(validate_nda)] | None = Field(
        default=None, description="Numéro de déclaration d'activité (11 chiffres, R6351-6)."
    )
    qualiopi: QualiopiCertificate | None = Field(
        default=None, description="Certificat Qualiopi, ou null si l'organisme n'en a pas."
    )
    internal: bool = Field(
        default=False,
        description="Vrai si la formation est dispensée par l'employeur lui-même (interne).",
    )
    higher_education: bool = Field(
        default=False,
        description=(
            "Établissement d'enseignement supérieur public accrédité (L613-1 C. éduc.), ou privé "
            "évalué par le CCESP (L732-1) ou par la commission de L642-3 : réputé certifié "
            "Qualiopi (L6316-4 II)."
        ),
    )

    if TYPE_CHECKING:
        # What the constructor accepts, for type checkers (the runtime validates it).
        def __init__(
            self,
            *,
            name: str | None = ...,
            siret: str | None = ...,
            nda: str | None = ...,
            qualiopi: QualiopiCertificate | None = ...,
            internal: bool = ...,
            higher_education: bool = ...,
        ) -> None: ...


class Costs(FrozenModel):
    """Costs of the action for all trainees together, in euros HT."""

    pedagogical: Money = Field(
        default=Decimal("0"), description="Coûts pédagogiques HT (prix de la formation)."
    )
    salary: Money = Field(
        default=Decimal("0"),
        description="Rémunération et charges des stagiaires pendant les heures de formation.",
    )
    annex: Money = Field(
        default=Decimal("0"), description="Frais annexes : transport, repas, hébergement."
    )

    @model_validator(mode="after")
    def _check(self) -> Costs:
        if self.total > MAX_MONEY:
            raise ValueError(
                f"le total des coûts ({self.total}) dépasse {MAX_MONEY} € : "
                "chaque montant d'un résultat reste dans cette borne"
            )
        return self

    if TYPE_CHECKING:
        # What the constructor accepts, for type checkers (the runtime validates it).
        def __init__(
            self,
            *,
            pedagogical: MoneyInput = ...,
            salary: MoneyInput = ...,
            annex: MoneyInput = ...,
        ) -> None: ...

    @property
    def total(self) -> Decimal:
        """Sum of the three categories."""
        return self.pedagogical + self.salary + self.annex


class AnnexDetail(FrozenModel):
    """What the annex costs are made of, for barèmes that pay per km, night or meal."""

    km: Annotated[Decimal, BeforeValidator(float_as_written)] = Field(
        default=Decimal("0"), ge=0, decimal_places=2, description="Kilomètres parcourus."
    )
    nights: int = Field(default=0, ge=0, description="Nuitées.")
    meals: int = Field(default=0, ge=0, description="Repas.")
    childcare: Money = Field(
        default=Decimal("0"),
        description=(
            "Dont frais de garde d'enfants ou de parents à charge, compris dans costs.annex "
            "(D6332-39 II : seulement pour une formation suivie hors du temps de travail)."
        ),
    )

    if TYPE_CHECKING:
        # What the constructor accepts, for type checkers (the runtime validates it).
        def __init__(
            self,
            *,
            km: QuantityInput = ...,
            nights: int = ...,
            meals: int = ...,
            childcare: MoneyInput = ...,
        ) -> None: ...


class Programme(FrozenModel):
    """The dated training programme an OPCO asks for."""

    dated_on: Day | None = Field(default=None, description="Date du programme.")
    objectives: Text | None = Field(default=None, description="Objectifs pédagogiques.")
    skills: tuple[Text, ...] = Field(
        default=(), max_length=MAX_LIST_ITEMS, description="Compétences visées."
    )
    modality: Literal["presentiel", "foad", "mixte", "afest"] | None = Field(
        default=None, description="Modalité : présentiel, à distance (FOAD), mixte, AFEST."
    )
    evaluation: Text | None = Field(default=None, description="Modalités d'évaluation.")

    if TYPE_CHECKING:
        # What the constructor accepts, for type checkers (the runtime validates it).
        def __init__(
            self,
            *,
            dated_on: date | None = ...,
            objectives: str | None = ...,
            skills: Sequence[str] = ...,
            modality: Literal["presentiel", "foad", "mixte", "afest"] | None = ...,
            evaluation: str | None = ...,
        ) -> None: ...


class TrainingAgreement(FrozenModel):
    """The quote (devis) or training agreement (convention, L6353-1)."""

    kind: Literal["devis", "convention"] = Field(description="Devis ou convention de formation.")
    reference: Text | None = Field(default=None, description="Référence du document.")
    amount: Money | None = Field(
        default=None, description="Montant HT du devis ou de la convention."
    )
    conditions: Text | None = Field(
        default=None, description="Conditions (règlement, annulation, lieu…)."
    )
    shows_nda: bool = Field(
        default=True, description="Le document porte le numéro de déclaration d'activité."
    )

    if TYPE_CHECKING:
        # What the constructor accepts, for type checkers (the runtime validates it).
        def __init__(
            self,
            *,
            kind: Literal["devis", "convention"],
            reference: str | None = ...,
            amount: MoneyInput | None = ...,
            conditions: str | None = ...,
            shows_nda: bool = ...,
        ) -> None: ...


class Traceability(FrozenModel):
    """What proves the training took place (arrêté du 21 décembre 2018)."""

    attendance_records: bool = Field(
        default=False, description="Feuilles d'émargement ou équivalent numérique prévus."
    )
    evaluations: bool = Field(default=False, description="Évaluations prévues.")
    completion_certificate: bool = Field(
        default=False, description="Certificat de réalisation prévu (modèle du ministère)."
    )


class ProjectContext(FrozenModel):
    """The professional objective and context of the training."""

    job: Text | None = Field(default=None, description="Poste ou métier concerné.")
    expected_change: Text | None = Field(default=None, description="Évolution attendue.")
    business_need: Text | None = Field(default=None, description="Besoin de l'entreprise.")


class TrainingAction(FrozenModel):
    """The training action (action concourant au développement des compétences, L6313-1)."""

    title: Text = Field(min_length=1, description="Intitulé de l'action.")
    category: QualiopiCategory = Field(
        default=QualiopiCategory.ACTIONS_DE_FORMATION,
        description="Nature de l'action (L6313-1) : formation, bilan, VAE ou apprentissage.",
    )
    start: Day = Field(description="Date de début.")
    end: Day = Field(description="Date de fin (incluse).")
    hours: Hours = Field(description="Durée par stagiaire, en heures.")
    costs: Costs = Field(description="Coûts HT par catégorie, pour l'ensemble des stagiaires.")
    certification: Annotated[str, AfterValidator(validate_certification_code)] | None = Field(
        default=None,
        description="Certification visée : code RNCP ou RS (action qualifiante si RNCP).",
    )
    themes: tuple[Text, ...] = Field(
        default=(),
        max_length=MAX_LIST_ITEMS,
        description="Thèmes de l'action (ex. « transition_ecologique »), pour les plafonds.",
    )
    annex_detail: AnnexDetail | None = Field(
        default=None, description="Détail des frais annexes (km, nuitées, repas)."
    )
    programme: Programme | None = Field(default=None, description="Programme de formation.")
    agreement: TrainingAgreement | None = Field(
        default=None, description="Devis ou convention de formation."
    )
    traceability: Traceability | None = Field(
        default=None, description="Traçabilité prévue (émargement, évaluations, certificat)."
    )
    cpf_kind: CpfActionKind | None = Field(
        default=None,
        description=(
            "Type d'action au sens du CPF (L6323-6) ; déduit de la certification et de la "
            "nature de l'action s'il est absent (permis, CléA et création d'entreprise à indiquer)."
        ),
    )
    licence_category: LightLicenceCategory | None = Field(
        default=None,
        description=(
            "Permis du groupe léger préparé (catégorie de R221-4 du code de la route) ; absent : "
            "permis B."
        ),
    )
    bilan_support_hours: Hours | None = Field(
        default=None,
        description=(
            "Bilan de compétences : heures d'accompagnement assurées par le prestataire, seules "
            "finançables par le CPF depuis le 26/02/2026 (D6323-6) ; absent : toutes les heures."
        ),
    )
    outside_working_time: bool = Field(
        default=False,
        description=(
            "Formation suivie en tout ou partie hors du temps de travail (frais de garde "
            "finançables, D6332-39 II et R6332-40)."
        ),
    )
    cse_health_safety: bool = Field(
        default=False,
        description=(
            "Formation en santé, sécurité et conditions de travail des membres du CSE ou du "
            "référent (L2315-18), du salarié désigné compétent (L4644-1) ou aux risques naturels "
            "(L4823-1) : R6332-40."
        ),
    )

    if TYPE_CHECKING:
        # What the constructor accepts, for type checkers (the runtime validates it).
        def __init__(
            self,
            *,
            title: str,
            category: QualiopiCategoryInput = ...,
            start: date,
            end: date,
            hours: QuantityInput,
            costs: Costs,
            certification: str | None = ...,
            themes: Sequence[str] = ...,
            annex_detail: AnnexDetail | None = ...,
            programme: Programme | None = ...,
            agreement: TrainingAgreement | None = ...,
            traceability: Traceability | None = ...,
            cpf_kind: CpfActionKindInput | None = ...,
            licence_category: LightLicenceCategoryInput | None = ...,
            bilan_support_hours: QuantityInput | None = ...,
            outside_working_time: bool = ...,
            cse_health_safety: bool = ...,
        ) -> None: ...

    @model_validator(mode="after")
    def _check(self) -> TrainingAction:
        if self.end < self.start:
            raise ValueError("end : la date de fin précède la date de début")
        days = (self.end - self.start).days + 1
        if self.hours > days * 24:
            raise ValueError(
                f"hours : {self.hours} h ne tiennent pas en {days} jour(s) entre start et end"
            )
        if self.bilan_support_hours is not None and self.bilan_support_hours > self.hours:
            raise ValueError("bilan_support_hours : plus d'heures d'accompagnement que la durée")
        if self.annex_detail is not None and self.annex_detail.childcare > self.costs.annex:
            raise ValueError("annex_detail.childcare : frais de garde supérieurs à costs.annex")
        return self

    @property
    def qualifying(self) -> bool:
        """An action leading to an RNCP certification (action qualifiante)."""
        return self.certification is not None and self.certification.startswith("RNCP")

    @property
    def effective_cpf_kind(self) -> CpfActionKind | None:
        """``cpf_kind``, or what the certification code and the category imply."""
        if self.cpf_kind is not None:
            return self.cpf_kind
        if self.category is QualiopiCategory.VAE:
            return CpfActionKind.VAE
        if self.category is QualiopiCategory.BILANS_DE_COMPETENCES:
            return CpfActionKind.BILAN
        if self.certification is not None:
            return CpfActionKind.RNCP if self.certification.startswith("RNCP") else CpfActionKind.RS
        return None


class CpfMobilisation(FrozenModel):
    """What the trainee brings from his or her compte personnel de formation, and who tops up."""

    rights: Money = Field(
        description="Droits acquis disponibles sur le compte (L6323-11), en euros."
    )
    employer_dotation: Money = Field(
        default=Decimal("0"),
        description="Dotation de l'employeur versée sur le compte (L6323-4 III), utilisée d'abord.",
    )
    employer_abondement: Money = Field(
        default=Decimal("0"),
        description="Abondement de l'employeur (L6323-4 II 2°) ; dispense de la participation.",
    )
    opco_abondement: Money = Field(
        default=Decimal("0"), description="Abondement de l'OPCO (L6323-4 II 3°)."
    )
    other_abondement: Money = Field(
        default=Decimal("0"),
        description="Abondements d'autres tiers (État, région, France Travail, Agefiph…).",
    )
    c2p_points: bool = Field(
        default=False,
        description="Points du compte professionnel de prévention mobilisés (dispense, R6323).",
    )
    atmp_abondement: bool = Field(
        default=False,
        description="Abondement AT/MP de l'article L432-12 CSS (dispense, R6323).",
    )
    initiative: Literal["holder", "employer"] | None = Field(
        default=None,
        description=(
            "« holder » : le salarié s'inscrit seul sur Mon Compte Formation (le reste est à sa "
            "charge, R6333-3) ; « employer » : action de l'employeur co-financée par le CPF avec "
            "l'accord du salarié (co-construction : le reste est à la charge de l'employeur). "
            "Absent : co-construction si le plan de l'OPCO finance aussi l'action, sinon holder."
        ),
    )
    participation_paid_by: Literal["employer", "opco"] | None = Field(
        default=None,
        description="Tiers qui paie la participation forfaitaire à la place du titulaire.",
    )
    last_bilan_funded_on: Day | None = Field(
        default=None,
        description="Date du dernier bilan de compétences financé (règle des cinq ans, D6323-6).",
    )
    holds_valid_light_licence: bool = Field(
        default=False, description="Le titulaire a déjà un permis du groupe léger valide."
    )
    on_working_time: bool = Field(
        default=False, description="Formation suivie pendant le temps de travail (D6323-4)."
    )
    leave_requested_on: Day | None = Field(
        default=None, description="Date de la demande d'absence adressée à l'employeur."
    )
    registered_on: Day | None = Field(
        default=None, description="Date de la demande d'inscription sur Mon Compte Formation."
    )

    if TYPE_CHECKING:
        # What the constructor accepts, for type checkers (the runtime validates it).
        def __init__(
            self,
            *,
            rights: MoneyInput,
            employer_dotation: MoneyInput = ...,
            employer_abondement: MoneyInput = ...,
            opco_abondement: MoneyInput = ...,
            other_abondement: MoneyInput = ...,
            c2p_points: bool = ...,
            atmp_abondement: bool = ...,
            initiative: Literal["holder", "employer"] | None = ...,
            participation_paid_by: Literal["employer", "opco"] | None = ...,
            last_bilan_funded_on: date | None = ...,
            holds_valid_light_licence: bool = ...,
            on_working_time: bool = ...,
            leave_requested_on: date | None = ...,
            registered_on: date | None = ...,
        ) -> None: ...


class Trainee(FrozenModel):
    """One trainee (stagiaire)."""

    reference: Text | None = Field(
        default=None, description="Identifiant opaque côté SIRH (pas de donnée nominative requise)."
    )
    contract: ContractType | None = Field(default=None, description="Type de contrat de travail.")
    highest_qualification_level: int | None = Field(
        default=None, ge=1, le=8, description="Niveau du plus haut diplôme (cadre national, 1 à 8)."
    )
    job_seeker: bool = Field(default=False, description="Demandeur d'emploi.")
    partial_activity: bool = Field(
        default=False, description="Salarié placé en activité partielle (éligible à la Pro-A)."
    )
    cpf: CpfMobilisation | None = Field(
        default=None, description="Mobilisation du CPF par ce stagiaire, s'il y a lieu."
    )

    if TYPE_CHECKING:
        # What the constructor accepts, for type checkers (the runtime validates it).
        def __init__(
            self,
            *,
            reference: str | None = ...,
            contract: ContractTypeInput | None = ...,
            highest_qualification_level: int | None = ...,
            job_seeker: bool = ...,
            partial_activity: bool = ...,
            cpf: CpfMobilisation | None = ...,
        ) -> None: ...


class BranchAgreement(FrozenModel):
    """An (extended) branch or company agreement setting a scheme's terms."""

    label: Text | None = Field(default=None, description="Intitulé ou référence de l'accord.")
    extended: bool = Field(default=True, description="Accord étendu (Pro-A : condition légale).")
    eligible_certifications: tuple[
        Annotated[str, AfterValidator(validate_certification_code)], ...
    ] = Field(
        default=(),
        max_length=MAX_LIST_ITEMS,
        description="Certifications (codes RNCP / RS) ouvertes par l'accord.",
    )
    hourly_forfait: Money | None = Field(
        default=None, description="Forfait horaire de prise en charge fixé par la branche."
    )
    period_forfait: Money | None = Field(
        default=None, description="Forfait par période (période de reconversion, D6332-89)."
    )
    cap: Money | None = Field(
        default=None, description="Plafond de prise en charge par stagiaire (branche ou OPCO)."
    )
    max_months: int | None = Field(
        default=None, gt=0, description="Durée maximale permise par l'accord, en mois."
    )
    share_above_25_percent: bool = Field(
        default=False, description="L'accord permet plus de 25 % de formation (L6325-14)."
    )


class ProARequest(FrozenModel):
    """A Pro-A (reconversion ou promotion par alternance) for the dossier's trainees."""

    avenant_signed_on: Day = Field(description="Date de signature de l'avenant au contrat.")
    period_start: Day = Field(description="Début de l'action de professionnalisation.")
    period_end: Day = Field(description="Fin de l'action de professionnalisation.")
    period_hours: Hours | None = Field(
        default=None, description="Durée totale de l'action en heures (pour la part de formation)."
    )
    branch_agreement: BranchAgreement | None = Field(
        default=None, description="Accord de branche étendu ; sans lui, seule CléA est éligible."
    )
    priority_public: bool = Field(
        default=False,
        description=(
            "Salariés relevant des publics de L6325-1-1 : action allongée jusqu'à 36 mois "
            "(L6325-11) ; sans cela, 12 mois, ou 24 par accord de branche (L6325-12)."
        ),
    )
    professional_sport_fixed_term: bool = Field(
        default=False,
        description=(
            "Les stagiaires en CDD sont des sportifs ou entraîneurs professionnels en CDD conclu "
            "en application de l'article L222-2-3 du code du sport (éligibles à la Pro-A)."
        ),
    )

    @model_validator(mode="after")
    def _check(self) -> ProARequest:
        if self.period_end < self.period_start:
            raise ValueError("period_end : la fin précède le début")
        return self


class ReconversionRequest(FrozenModel):
    """A période de reconversion (from 2026) for the dossier's trainees."""

    kind: Literal["internal", "external"] = Field(
        description="Interne (contrat maintenu) ou externe (contrat suspendu, autre employeur)."
    )
    period_start: Day = Field(description="Début de la période de reconversion.")
    period_end: Day = Field(description="Fin de la période de reconversion.")
    agreement: BranchAgreement | None = Field(
        default=None,
        description="Accord d'entreprise ou de branche (L6324-8) : durées longues, forfait.",
    )
    external_agreement_or_decision: bool = Field(
        default=False,
        description=(
            "L'accord ou la décision unilatérale (L6324-9) prévoit la prise en charge des frais "
            "annexes et de la rémunération par l'OPCO (L6324-10, R6324-2)."
        ),
    )
    opco_cap: Money | None = Field(
        default=None, description="Plafond par période fixé par l'OPCO, s'il est connu."
    )
    host_company_opco: OpcoId | None = Field(
        default=None, description="Période externe : OPCO de l'entreprise d'accueil (compétent)."
    )
    cqp: bool = Field(
        default=False,
        description=(
            "L'action prépare un certificat de qualification professionnelle de branche ou "
            "interbranche (L6314-1 3°) non enregistré au RNCP."
        ),
    )
    external_frame: Literal["agreement", "unilateral", "unilateral_after_disagreement"] | None = (
        Field(
            default=None,
            description=(
                "Période externe : cadre prévu par L6324-9 : accord collectif (GEPP ou rupture "
                "conventionnelle collective, L1237-17), décision unilatérale de l'employeur, ou "
                "décision unilatérale après procès-verbal de désaccord (L6324-9 I A)."
            ),
        )
    )
    union_delegate: bool | None = Field(
        default=None,
        description="Période externe : l'entreprise est pourvue d'un délégué syndical (L6324-9).",
    )
    community_scale: bool = Field(
        default=False,
        description=(
            "Entreprise ou groupe de dimension communautaire (L2341-1, L2341-2) comptant un "
            "établissement ou une entreprise d'au moins 150 salariés en France (L6324-9 I B)."
        ),
    )
    host_contract: Literal["cdi", "cdd"] | None = Field(
        default=None,
        description="Période externe : contrat conclu avec l'entreprise d'accueil (L6324-3 II).",
    )
    host_contract_months: int | None = Field(
        default=None,
        ge=1,
        le=600,
        description="Période externe en CDD : durée du CDD, en mois (au moins six, L6324-3 II).",
    )

    @model_validator(mode="after")
    def _check(self) -> ReconversionRequest:
        if self.period_end < self.period_start:
            raise ValueError("period_end : la fin précède le début")
        return self


class FneRequest(FrozenModel):
    """An FNE-Formation request through the company's OPCO."""

    agreement_signed_on: Day | None = Field(
        default=None, description="Date de la convention FNE avec l'OPCO."
    )
    opco_envelope_rate: Decimal | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Taux d'une enveloppe déclarée par l'OPCO quand aucune n'est encodée.",
    )
    priority_axis: (
        Literal[
            "transition_ecologique",
            "transition_alimentaire_agricole",
            "transition_numerique",
            "transition_demographique",
            "grands_evenements_sportifs",
        ]
        | None
    ) = Field(
        default=None,
        description=(
            "Axe prioritaire de l'instruction de l'année dans lequel s'inscrit la formation "
            "(2023 : transitions écologique, alimentaire et agricole, numérique, grands "
            "événements sportifs ; 2024 : plus la transition démographique)."
        ),
    )
    mandatory_training: bool = Field(
        default=False,
        description=(
            "Formation obligatoire à la charge de l'employeur (sécurité, habilitation "
            "réglementaire) : hors du champ du FNE-Formation."
        ),
    )
    trainees_leaving: bool = Field(
        default=False,
        description=(
            "Un stagiaire quitte l'entreprise dans le cadre d'un PSE ou d'une rupture "
            "conventionnelle collective : exclu du FNE-Formation."
        ),
    )


ConsultingSubject: TypeAlias = Literal[
    "recrutement",
    "integration",
    "gepp",
    "organisation_travail",
    "dialogue_social",
    "fonction_rh",
    "transitions",
    "juridique",
    "comptable",
    "mise_aux_normes",
    "formation",
]
"""Subject of an HR consulting service; the last four are outside the PCRH."""


class ConsultingRequest(FrozenModel):
    """A prestation de conseil en ressources humaines (PCRH): an external HR consulting
    service co-funded by the State under a convention with the DREETS. Not a training action:
    its cost is not part of the action's costs."""

    cost: Money = Field(
        description=(
            "Coût HT de la prestation de conseil (services d'un prestataire extérieur à "
            "l'entreprise), pour cette entreprise."
        )
    )
    subject: ConsultingSubject = Field(
        description=(
            "Objet de la prestation : recrutement et attractivité, intégration, GEPP, "
            "organisation du travail, dialogue social, professionnalisation de la fonction RH, "
            "transitions ; hors PCRH : consultation juridique ou comptable, mise aux normes, "
            "formation."
        )
    )
    agreement_signed_on: Day | None = Field(
        default=None,
        description=(
            "Date de la convention avec la DREETS (engagement de l'aide) : elle fixe le régime "
            "applicable ; à défaut, celui de la date d'application des règles."
        ),
    )
    de_minimis_received: Money | None = Field(
        default=None,
        description=(
            "Aides de minimis reçues ou demandées par l'entreprise unique sur la période de "
            "référence (exercice en cours et deux précédents jusqu'en 2023 ; trois années "
            "glissantes depuis 2024), hors la présente aide."
        ),
    )
    de_minimis_ceiling: Money | None = Field(
        default=None,
        description=(
            "Plafond de minimis propre au secteur de l'entreprise (agriculture, pêche) quand il "
            "diffère du plafond général ; à défaut, le plafond général."
        ),
    )
    group_headcount: Headcount | None = Field(
        default=None,
        description=(
            "Effectif du groupe auquel l'entreprise appartient (entreprises liées) ; vide si "
            "elle n'appartient à aucun groupe."
        ),
    )
    micro_entrepreneur: bool = Field(
        default=False, description="Micro-entrepreneur (auto-entrepreneur) : exclu de la PCRH."
    )

    if TYPE_CHECKING:
        # What the constructor accepts, for type checkers (the runtime validates it).
        def __init__(
            self,
            *,
            cost: MoneyInput,
            subject: ConsultingSubject,
            agreement_signed_on: date | None = ...,
            de_minimis_received: MoneyInput | None = ...,
            de_minimis_ceiling: MoneyInput | None = ...,
            group_headcount: QuantityInput | None = ...,
            micro_entrepreneur: bool = ...,
        ) -> None: ...


Rate = Annotated[Decimal, Field(ge=0, le=1, decimal_places=4, allow_inf_nan=False)]
"""A share between 0 and 1, at most four decimals (``"0.5"`` is 50 %)."""


class FsePlusRequest(FrozenModel):
    """A co-funding by the European Social Fund Plus (programme national FSE+ 2021-2027),
    reached through an OPCO call or a regional call for projects (DREETS)."""

    channel: Literal["opco", "regional"] = Field(
        default="opco",
        description=(
            "« opco » : appel FSE+ de l'OPCO de l'entreprise ; « regional » : appel à projets du "
            "volet régional du programme (DREETS), au taux de la catégorie de région."
        ),
    )
    rate: Rate | None = Field(
        default=None,
        description="Taux FSE+ de l'appel, s'il est connu de l'appelant (prime sur les données).",
    )
    pedagogical_hourly_cap: Money | None = Field(
        default=None,
        description="Plafond horaire des coûts pédagogiques retenus dans l'assiette (€ HT/h).",
    )
    salary_hourly_cap: Money | None = Field(
        default=None,
        description="Plafond horaire de la rémunération retenue dans l'assiette (€/h).",
    )
    counterpart_rate: Rate | None = Field(
        default=None,
        description="Part de l'assiette payée en contrepartie par l'OPCO ou la branche.",
    )
    mandatory_training: bool = Field(
        default=False,
        description=(
            "Formation obligatoire (sécurité, habilitation imposée par une norme) : exclue des "
            "appels FSE+ des OPCO."
        ),
    )

    @model_validator(mode="after")
    def _check(self) -> FsePlusRequest:
        if (self.rate or 0) + (self.counterpart_rate or 0) > 1:
            raise ValueError(
                "counterpart_rate : le taux FSE+ et la contrepartie dépassent ensemble 100 % "
                "de l'assiette"
            )
        return self

    if TYPE_CHECKING:
        # What the constructor accepts, for type checkers (the runtime validates it).
        def __init__(
            self,
            *,
            channel: Literal["opco", "regional"] = ...,
            rate: QuantityInput | None = ...,
            pedagogical_hourly_cap: MoneyInput | None = ...,
            salary_hourly_cap: MoneyInput | None = ...,
            counterpart_rate: QuantityInput | None = ...,
            mandatory_training: bool = ...,
        ) -> None: ...


class CoFunderKind(StrEnum):
    """Who a caller-declared co-funder is (L6323-4 II and L6332-1-2 list such funders)."""

    REGION = "region"
    AGEFIPH = "agefiph"
    EMPLOYER_VOLUNTARY = "employer_voluntary"
    """The employer's voluntary contribution to its OPCO (versement volontaire, L6332-1-2)."""
    BRANCH = "branch"
    """A branch top-up from conventional contributions (L6332-1-2)."""
    OTHER = "other"


CoFunderKindInput: TypeAlias = (
    CoFunderKind | Literal["region", "agefiph", "employer_voluntary", "branch", "other"]
)
"""A ``CoFunderKind`` or its value as a string."""

CostCategoryInput: TypeAlias = Literal["pedagogical", "salary", "annex"]
"""A cost category: pédagogie, rémunération ou frais annexes."""


class CoFunder(FrozenModel):
    """A funding formafin does not encode, declared by the caller for one cost category:
    an amount, or a rate of the category's cost with an optional cap."""

    name: Annotated[str, Field(min_length=1, max_length=200)] = Field(
        description="Nom du financeur (ex. « Région Bretagne, QUALIF Emploi »)."
    )
    kind: CoFunderKind = Field(description="Nature du financeur.")
    category: CostCategoryInput = Field(
        description="Catégorie de coût financée : pedagogical, salary ou annex."
    )
    amount: Money | None = Field(default=None, description="Montant accordé (€ HT).")
    rate: Rate | None = Field(
        default=None, description="Taux appliqué au coût de la catégorie (« 0.5 » : 50 %)."
    )
    cap: Money | None = Field(default=None, description="Plafond du montant calculé au taux.")
    reference: Text | None = Field(
        default=None, description="Référence de la décision ou du dispositif."
    )
    url: Annotated[str, Field(max_length=2000, pattern=r"^https?://\S+$")] | None = Field(
        default=None, description="Adresse de la source (http ou https)."
    )

    @model_validator(mode="after")
    def _check(self) -> CoFunder:
        if (self.amount is None) == (self.rate is None):
            raise ValueError("amount : donnez soit un montant (amount), soit un taux (rate)")
        if self.cap is not None and self.rate is None:
            raise ValueError("cap : un plafond ne s'applique qu'à un taux (rate)")
        return self

    if TYPE_CHECKING:
        # What the constructor accepts, for type checkers (the runtime validates it).
        def __init__(
            self,
            *,
            name: str,
            kind: CoFunderKindInput,
            category: CostCategoryInput,
            amount: MoneyInput | None = ...,
            rate: QuantityInput | None = ...,
            cap: MoneyInput | None = ...,
            reference: str | None = ...,
            url: str | None = ...,
        ) -> None: ...


class ApprenticeshipContract(FrozenModel):
    """A contrat d'apprentissage for the dossier's (single) trainee."""

    concluded_on: Day = Field(description="Date de conclusion du contrat.")
    start: Day = Field(description="Début d'exécution du contrat.")
    end: Day = Field(description="Fin du contrat.")
    certification_level: int = Field(
        ge=1, le=8, description="Niveau du diplôme ou titre préparé (cadre national, 3 à 7)."
    )
    rqth: bool = Field(default=False, description="Apprenti reconnu travailleur handicapé.")
    npec: Money | None = Field(
        default=None,
        description="Niveau de prise en charge annuel de la certification (fourni par l'appelant).",
    )
    distance_learning_80: bool = Field(
        default=False, description="Formation dispensée au moins à 80 % à distance par le CFA."
    )
    sent_to_opco_on: Day | None = Field(
        default=None, description="Date de transmission du contrat à l'OPCO."
    )
    ruptured_on: Day | None = Field(
        default=None,
        description=(
            "Dernier jour du contrat rompu avant son terme (rupture anticipée), s'il y a lieu : "
            "arrête l'aide à l'embauche (D6243-2 IV) et, pendant les 45 premiers jours de "
            "formation pratique, fixe la participation de l'employeur (R6332-25-1)."
        ),
    )
    company_training_days: int | None = Field(
        default=None,
        ge=0,
        le=3000,
        description=(
            "Jours de formation pratique en entreprise effectués par l'apprenti, consécutifs ou "
            "non, à la date de rupture (L6222-18) ; à défaut, formafin ne tient pour sûrs que "
            "les jours calendaires écoulés."
        ),
    )
    apprentice_birth_date: Day | None = Field(
        default=None,
        description=(
            "Date de naissance de l'apprenti : pour l'aide exceptionnelle des contrats conclus du "
            "1er juillet 2020 au 31 décembre 2022 (5 000 € avant 18 ans, 8 000 € ensuite)."
        ),
    )
    after_previous_rupture: bool = Field(
        default=False,
        description="Contrat conclu avec un nouvel employeur après une rupture (L6222-18-2).",
    )

    @model_validator(mode="after")
    def _check(self) -> ApprenticeshipContract:
        if self.end < self.start:
            raise ValueError("end : la fin précède le début")
        if self.ruptured_on is not None and not self.start <= self.ruptured_on <= self.end:
            raise ValueError("ruptured_on : la rupture doit tomber entre start et end")
        if self.company_training_days is not None and self.ruptured_on is not None:
            elapsed = (self.ruptured_on - self.start).days + 1
            if self.company_training_days > elapsed:
                raise ValueError(
                    f"company_training_days : {self.company_training_days} jours de formation "
                    f"pratique ne tiennent pas dans les {elapsed} jours écoulés avant la rupture"
                )
        return self


class Tutor(FrozenModel):
    """The tutor of a contrat de professionnalisation (D6325-6 to D6325-9)."""

    training_hours: Hours | None = Field(
        default=None,
        description="Heures de formation du tuteur à sa fonction (D6332-92 : 40 h au plus).",
    )
    training_costs: Money | None = Field(
        default=None,
        description=(
            "Dépenses de cette formation (frais pédagogiques, rémunération, charges, transport, "
            "repas, hébergement) ; à défaut, le plafond de 15 €/h est retenu comme maximum."
        ),
    )
    months: int | None = Field(
        default=None,
        ge=1,
        le=36,
        description="Mois d'exercice du tutorat (D6332-93 : six mois au plus pris en charge).",
    )
    tutoring_costs: Money | None = Field(
        default=None,
        description=(
            "Coûts de l'exercice du tutorat engagés par l'entreprise, par salarié accompagné ; à "
            "défaut, le plafond mensuel est retenu comme maximum."
        ),
    )
    aged_45_or_more: bool = Field(
        default=False, description="Tuteur âgé de 45 ans ou plus (plafond majoré de 50 %)."
    )


class ProfessionalisationContract(FrozenModel):
    """A contrat de professionnalisation for the dossier's trainees."""

    concluded_on: Day = Field(description="Date de conclusion du contrat.")
    start: Day = Field(description="Début du contrat (ou de l'action de professionnalisation).")
    end: Day = Field(description="Fin de l'action de professionnalisation.")
    contract_hours: Hours | None = Field(
        default=None, description="Durée totale du contrat en heures (pour la part de formation)."
    )
    branch_hourly_forfait: Money | None = Field(
        default=None, description="Forfait horaire de la branche (D6332-85), s'il existe."
    )
    priority_public: bool = Field(
        default=False,
        description="Public de L6325-1-1 (jeune sans qualification, chômeur de longue durée…).",
    )
    branch_agreement_24_months: bool = Field(
        default=False, description="Un accord de branche permet 24 mois (L6325-12)."
    )
    sent_to_opco_on: Day | None = Field(
        default=None, description="Date de transmission du contrat à l'OPCO."
    )
    under_30: bool | None = Field(
        default=None, description="Salarié de moins de 30 ans (ancienne aide exceptionnelle)."
    )
    geiq_insertion: bool = Field(
        default=False,
        description=(
            "Personne en parcours d'insertion dans un GEIQ (L1253-1) : forfait par défaut de "
            "15 €/h pour les contrats conclus à partir du 1er octobre 2020 (D6332-86)."
        ),
    )
    branch_max_training_share: Decimal | None = Field(
        default=None,
        gt=Decimal("0.25"),
        le=1,
        decimal_places=4,
        description=(
            "Part maximale de formation permise par un accord de branche au-delà de 25 % "
            "(L6325-14), ex. « 0.5 »."
        ),
    )
    tutor: Tutor | None = Field(
        default=None,
        description="Tuteur désigné : formation et exercice du tutorat (D6332-92, D6332-93).",
    )

    @model_validator(mode="after")
    def _check(self) -> ProfessionalisationContract:
        if self.end < self.start:
            raise ValueError("end : la fin précède le début")
        return self


class Dossier(FrozenModel):
    """A funding request: who trains whom, with which provider, filed when."""

    company: Company = Field(description="Entreprise employeuse.")
    provider: Provider = Field(description="Organisme de formation.")
    action: TrainingAction = Field(description="Action de formation.")
    trainees: tuple[Trainee, ...] = Field(
        min_length=1,
        max_length=MAX_TRAINEES,
        description="Stagiaires (au moins un, 1 000 au plus).",
    )
    submitted_on: Day = Field(description="Date de dépôt de la demande de prise en charge.")
    context: ProjectContext | None = Field(
        default=None, description="Objectif professionnel et contexte de la formation."
    )
    pro_a: ProARequest | None = Field(default=None, description="Demande de Pro-A.")
    reconversion: ReconversionRequest | None = Field(
        default=None, description="Demande de période de reconversion."
    )
    fne: FneRequest | None = Field(default=None, description="Demande de FNE-Formation.")
    consulting: ConsultingRequest | None = Field(
        default=None,
        description="Prestation de conseil en ressources humaines (PCRH), hors formation.",
    )
    apprenticeship: ApprenticeshipContract | None = Field(
        default=None, description="Contrat d'apprentissage."
    )
    professionalisation: ProfessionalisationContract | None = Field(
        default=None, description="Contrat de professionnalisation."
    )
    fse_plus: FsePlusRequest | None = Field(
        default=None, description="Demande de cofinancement par le FSE+."
    )
    co_funders: tuple[CoFunder, ...] = Field(
        default=(),
        max_length=MAX_LIST_ITEMS,
        description="Cofinanceurs déclarés par l'appelant (région, Agefiph, versement volontaire).",
    )
    reference: Annotated[str, Field(max_length=200)] | None = Field(
        default=None,
        description="Référence du dossier chez l'appelant, reprise dans les résultats.",
    )

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes | bytearray,
        *,
        strict: bool | None = None,
        extra: Any = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Dossier:
        """Validate a dossier from JSON, strictly: duplicate keys, a non-UTF-8 text, a
        document over 1 MiB, ``NaN`` or a 5 000-digit number are refused (see
        :mod:`formafin.jsonin`) with a :class:`~pydantic.ValidationError` like any other
        invalid input."""
        try:
            document = load_json(json_data)
        except InvalidJsonError as error:
            detail = InitErrorDetails(
                type=PydanticCustomError(error.code, str(error)), loc=(), input=""
            )
            raise ValidationError.from_exception_data(cls.__name__, [detail]) from None
        return cls.model_validate(
            document,
            strict=strict,
            extra=extra,
            context=context,
            by_alias=by_alias,
            by_name=by_name,
        )

    if TYPE_CHECKING:
        # What the constructor accepts, for type checkers (the runtime validates it).
        def __init__(
            self,
            *,
            company: Company,
            provider: Provider,
            action: TrainingAction,
            trainees: Sequence[Trainee],
            submitted_on: date,
            context: ProjectContext | None = ...,
            pro_a: ProARequest | None = ...,
            reconversion: ReconversionRequest | None = ...,
            fne: FneRequest | None = ...,
            consulting: ConsultingRequest | None = ...,
            apprenticeship: ApprenticeshipContract | None = ...,
            professionalisation: ProfessionalisationContract | None = ...,
            fse_plus: FsePlusRequest | None = ...,
            co_funders: Sequence[CoFunder] = ...,
            reference: str | None = ...,
        ) -> None: ...


value_read_in_c(
    OpcoId, QualiopiCategory, ContractType, CpfActionKind, LightLicenceCategory, CoFunderKind
)
