"""formafin: French vocational-training funding rules as code.

Usage::

    from formafin import Dossier, estimate_funding
    estimate = estimate_funding(Dossier.model_validate_json(text))
    estimate.remaining_cost, estimate.lines, estimate.decisions, estimate.warnings
"""

from formafin.baremes import Bareme, load_bareme_file
from formafin.errors import (
    DataError,
    FormafinError,
    InvalidIdentifierError,
    UnknownBaremeError,
    UnknownIdccError,
    UnsupportedDateError,
)
from formafin.estimate import estimate_funding
from formafin.models import (
    AnnexDetail,
    Company,
    ContractType,
    Costs,
    CpfActionKind,
    CpfMobilisation,
    Dossier,
    OpcoId,
    Provider,
    QualiopiCategory,
    QualiopiCertificate,
    Trainee,
    TrainingAction,
)
from formafin.readiness import DossierCheck, Finding, Severity, check_dossier
from formafin.result import (
    CategoryTotal,
    Check,
    CostCategory,
    Decision,
    DecisionStatus,
    FundingEstimate,
    FundingLine,
    MoneyRange,
    Notice,
    OpcoCandidate,
    OpcoResolution,
    ParameterUsed,
    Payer,
    Reason,
    ResolutionMethod,
    SchemeId,
)
from formafin.rules.abondement_correctif import AbondementCorrectif, abondement_correctif
from formafin.rules.cpf_rights import CpfCredit, CpfRights, CpfYear, cpf_rights
from formafin.rules.opco_resolution import resolve_opco
from formafin.sources import Reference, ReferenceKind, SourceStatus

__version__ = "0.1.0"

__all__ = [
    "AbondementCorrectif",
    "AnnexDetail",
    "Bareme",
    "CategoryTotal",
    "Check",
    "Company",
    "ContractType",
    "CostCategory",
    "Costs",
    "CpfActionKind",
    "CpfCredit",
    "CpfMobilisation",
    "CpfRights",
    "CpfYear",
    "DataError",
    "Decision",
    "DecisionStatus",
    "Dossier",
    "DossierCheck",
    "Finding",
    "FormafinError",
    "FundingEstimate",
    "FundingLine",
    "InvalidIdentifierError",
    "MoneyRange",
    "Notice",
    "OpcoCandidate",
    "OpcoId",
    "OpcoResolution",
    "ParameterUsed",
    "Payer",
    "Provider",
    "QualiopiCategory",
    "QualiopiCertificate",
    "Reason",
    "Reference",
    "ReferenceKind",
    "ResolutionMethod",
    "SchemeId",
    "Severity",
    "SourceStatus",
    "Trainee",
    "TrainingAction",
    "UnknownBaremeError",
    "UnknownIdccError",
    "UnsupportedDateError",
    "__version__",
    "abondement_correctif",
    "check_dossier",
    "cpf_rights",
    "estimate_funding",
    "load_bareme_file",
    "resolve_opco",
]
