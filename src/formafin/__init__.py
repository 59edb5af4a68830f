"""formafin: French vocational-training funding rules as code.

Usage::

    from formafin import Dossier, estimate_funding
    estimate = estimate_funding(Dossier.model_validate_json(text))
    estimate.remaining_cost, estimate.lines, estimate.decisions, estimate.warnings

The public names below are imported on first use (PEP 562), so ``import formafin`` stays
cheap; type checkers see them through the ``TYPE_CHECKING`` imports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

_EXPORTS: dict[str, str] = {
    "AbondementCorrectif": "formafin.rules.abondement_correctif",
    "AidSummary": "formafin.result",
    "AidFact": "formafin.facts",
    "DecisionFact": "formafin.facts",
    "NoticeFact": "formafin.facts",
    "Text": "formafin.facts",
    "AnnexDetail": "formafin.models",
    "Bareme": "formafin.baremes",
    "CategoryTotal": "formafin.result",
    "Check": "formafin.result",
    "CheckFact": "formafin.facts",
    "Claim": "formafin.rules.outcome",
    "Company": "formafin.models",
    "compiled": "formafin.compilation",
    "ContractType": "formafin.models",
    "CostCategory": "formafin.result",
    "Costs": "formafin.models",
    "CpfActionKind": "formafin.models",
    "CpfCredit": "formafin.rules.cpf_rights",
    "CpfMobilisation": "formafin.models",
    "CpfRights": "formafin.rules.cpf_rights",
    "CpfYear": "formafin.rules.cpf_rights",
    "DataError": "formafin.errors",
    "Decision": "formafin.result",
    "DecisionStatus": "formafin.result",
    "DecisionSummary": "formafin.result",
    "Dossier": "formafin.models",
    "DossierCheck": "formafin.readiness",
    "Finding": "formafin.readiness",
    "FormafinError": "formafin.errors",
    "FundingEstimate": "formafin.result",
    "FundingLine": "formafin.result",
    "FundingSummary": "formafin.result",
    "InvalidIdentifierError": "formafin.errors",
    "LineSummary": "formafin.result",
    "MoneyRange": "formafin.result",
    "Notice": "formafin.result",
    "OpcoCandidate": "formafin.result",
    "OpcoId": "formafin.models",
    "OpcoResolution": "formafin.result",
    "ParameterUsed": "formafin.result",
    "Payer": "formafin.result",
    "PluginError": "formafin.rules.registry",
    "Programme": "formafin.models",
    "ProjectContext": "formafin.models",
    "Provider": "formafin.models",
    "QualiopiCategory": "formafin.models",
    "QualiopiCertificate": "formafin.models",
    "Reason": "formafin.result",
    "Reference": "formafin.sources",
    "ReferenceKind": "formafin.sources",
    "ResolutionMethod": "formafin.result",
    "Rule": "formafin.rules.base",
    "RuleContext": "formafin.rules.base",
    "SchemeId": "formafin.result",
    "SchemeKey": "formafin.result",
    "SchemeOutcome": "formafin.rules.outcome",
    "Severity": "formafin.readiness",
    "SourceStatus": "formafin.sources",
    "Traceability": "formafin.models",
    "Trainee": "formafin.models",
    "TrainingAction": "formafin.models",
    "TrainingAgreement": "formafin.models",
    "UnknownBaremeError": "formafin.errors",
    "UnknownIdccError": "formafin.errors",
    "UnsupportedDateError": "formafin.errors",
    "abondement_correctif": "formafin.rules.abondement_correctif",
    "check_dossier": "formafin.readiness",
    "cpf_rights": "formafin.rules.cpf_rights",
    "check": "formafin.facts",
    "decide": "formafin.rules.outcome",
    "estimate_funding": "formafin.estimate",
    "installed_rules": "formafin.rules.registry",
    "notice": "formafin.facts",
    "load_bareme_file": "formafin.baremes",
    "plugin_rules": "formafin.rules.registry",
    "resolve_opco": "formafin.rules.opco_resolution",
    "shipped_rules": "formafin.rules.registry",
}

__all__ = [
    "AbondementCorrectif",
    "AidFact",
    "AidSummary",
    "AnnexDetail",
    "Bareme",
    "CategoryTotal",
    "Check",
    "CheckFact",
    "Claim",
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
    "DecisionFact",
    "DecisionStatus",
    "DecisionSummary",
    "Dossier",
    "DossierCheck",
    "Finding",
    "FormafinError",
    "FundingEstimate",
    "FundingLine",
    "FundingSummary",
    "InvalidIdentifierError",
    "LineSummary",
    "MoneyRange",
    "Notice",
    "NoticeFact",
    "OpcoCandidate",
    "OpcoId",
    "OpcoResolution",
    "ParameterUsed",
    "Payer",
    "PluginError",
    "Programme",
    "ProjectContext",
    "Provider",
    "QualiopiCategory",
    "QualiopiCertificate",
    "Reason",
    "Reference",
    "ReferenceKind",
    "ResolutionMethod",
    "Rule",
    "RuleContext",
    "SchemeId",
    "SchemeKey",
    "SchemeOutcome",
    "Severity",
    "SourceStatus",
    "Text",
    "Traceability",
    "Trainee",
    "TrainingAction",
    "TrainingAgreement",
    "UnknownBaremeError",
    "UnknownIdccError",
    "UnsupportedDateError",
    "__version__",
    "abondement_correctif",
    "check",
    "check_dossier",
    "compiled",
    "cpf_rights",
    "decide",
    "estimate_funding",
    "installed_rules",
    "load_bareme_file",
    "notice",
    "plugin_rules",
    "resolve_opco",
    "shipped_rules",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'formafin' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from formafin.baremes import (
        Bareme,
        load_bareme_file,
    )
    from formafin.compilation import compiled
    from formafin.errors import (
        DataError,
        FormafinError,
        InvalidIdentifierError,
        UnknownBaremeError,
        UnknownIdccError,
        UnsupportedDateError,
    )
    from formafin.estimate import (
        estimate_funding,
    )
    from formafin.facts import (
        AidFact,
        CheckFact,
        DecisionFact,
        NoticeFact,
        Text,
        check,
        notice,
    )
    from formafin.models import (
        AnnexDetail,
        Company,
        ContractType,
        Costs,
        CpfActionKind,
        CpfMobilisation,
        Dossier,
        OpcoId,
        Programme,
        ProjectContext,
        Provider,
        QualiopiCategory,
        QualiopiCertificate,
        Traceability,
        Trainee,
        TrainingAction,
        TrainingAgreement,
    )
    from formafin.readiness import (
        DossierCheck,
        Finding,
        Severity,
        check_dossier,
    )
    from formafin.result import (
        AidSummary,
        CategoryTotal,
        Check,
        CostCategory,
        Decision,
        DecisionStatus,
        DecisionSummary,
        FundingEstimate,
        FundingLine,
        FundingSummary,
        LineSummary,
        MoneyRange,
        Notice,
        OpcoCandidate,
        OpcoResolution,
        ParameterUsed,
        Payer,
        Reason,
        ResolutionMethod,
        SchemeId,
        SchemeKey,
    )
    from formafin.rules.abondement_correctif import (
        AbondementCorrectif,
        abondement_correctif,
    )
    from formafin.rules.base import (
        Rule,
        RuleContext,
    )
    from formafin.rules.cpf_rights import (
        CpfCredit,
        CpfRights,
        CpfYear,
        cpf_rights,
    )
    from formafin.rules.opco_resolution import (
        resolve_opco,
    )
    from formafin.rules.outcome import (
        Claim,
        SchemeOutcome,
        decide,
    )
    from formafin.rules.registry import (
        PluginError,
        installed_rules,
        plugin_rules,
        shipped_rules,
    )
    from formafin.sources import (
        Reference,
        ReferenceKind,
        SourceStatus,
    )
