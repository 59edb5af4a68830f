"""formafin: French vocational-training funding rules as code.

>>> from formafin import Dossier, estimate_funding  # doctest: +SKIP
>>> estimate = estimate_funding(Dossier.model_validate_json(text))  # doctest: +SKIP
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
    Dossier,
    OpcoId,
    Provider,
    QualiopiCategory,
    QualiopiCertificate,
    Trainee,
    TrainingAction,
)
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
from formafin.rules.opco_resolution import resolve_opco
from formafin.sources import Reference, ReferenceKind, SourceStatus

__version__ = "0.1.0"

__all__ = [
    "AnnexDetail",
    "Bareme",
    "CategoryTotal",
    "Check",
    "Company",
    "ContractType",
    "CostCategory",
    "Costs",
    "DataError",
    "Decision",
    "DecisionStatus",
    "Dossier",
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
    "SourceStatus",
    "Trainee",
    "TrainingAction",
    "UnknownBaremeError",
    "UnknownIdccError",
    "UnsupportedDateError",
    "__version__",
    "estimate_funding",
    "load_bareme_file",
    "resolve_opco",
]
