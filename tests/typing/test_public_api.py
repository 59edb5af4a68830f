"""Natural integrator code, checked by ``mypy --strict`` (CI, and ``tests/test_typing.py``
without the pydantic plugin, as an integrator would run it) and executed by pytest.

No ``# type: ignore`` in the natural part: ints and strings for money, lists for tuples,
enum values as strings, as the runtime accepts them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from formafin import (
    Company,
    Costs,
    CpfMobilisation,
    Dossier,
    FundingEstimate,
    FundingSummary,
    Programme,
    Provider,
    QualiopiCategory,
    QualiopiCertificate,
    Rule,
    Trainee,
    TrainingAction,
    TrainingAgreement,
    estimate_funding,
    shipped_rules,
)


def build_dossier() -> Dossier:
    certificate = QualiopiCertificate(
        categories=["actions_de_formation"],
        valid_from=date(2024, 1, 1),
        valid_until=date(2026, 12, 31),
    )
    action = TrainingAction(
        title="Gestion de projet",
        category="actions_de_formation",
        start=date(2026, 3, 16),
        end=date(2026, 3, 17),
        hours=14,
        costs=Costs(pedagogical=1800, salary="960.00", annex=Decimal("180")),
        certification="RNCP35185",
        themes=["transition_ecologique"],
        programme=Programme(skills=["planifier", "piloter"], modality="presentiel"),
        agreement=TrainingAgreement(kind="devis", amount=1800),
    )
    return Dossier(
        company=Company(headcount=8, idcc="1486", opco="atlas"),
        provider=Provider(nda="11755555575", qualiopi=certificate),
        action=action,
        trainees=[
            Trainee(contract="cdi"),
            Trainee(contract="cdd", cpf=CpfMobilisation(rights=500, employer_abondement="100")),
        ],
        submitted_on=date(2026, 2, 1),
    )


def remaining(estimate: FundingEstimate) -> Decimal:
    return estimate.remaining_cost


def test_natural_code_runs_and_reads_back_typed_values() -> None:
    dossier = build_dossier()
    costs: Decimal = dossier.action.costs.pedagogical
    assert costs == Decimal("1800")
    assert dossier.action.category is QualiopiCategory.ACTIONS_DE_FORMATION
    assert isinstance(dossier.trainees, tuple)
    assert remaining(estimate_funding(dossier)) >= 0


def test_a_float_for_money_is_still_refused_at_runtime() -> None:
    # mypy refuses it too: strict mode's warn_unused_ignores fails if this ignore is unused.
    with pytest.raises(ValidationError, match="flottant"):
        Costs(pedagogical=1800.5)  # type: ignore[arg-type]


def test_the_summary_and_the_rules_are_typed() -> None:
    dossier = build_dossier()
    summary: FundingSummary = estimate_funding(dossier, detail="summary")
    full: FundingEstimate = estimate_funding(dossier, rules=shipped_rules())
    codes: tuple[str, ...] = summary.warnings
    rules: tuple[Rule, ...] = shipped_rules()
    assert summary.remaining_cost == full.remaining_cost
    assert codes == tuple(n.code for n in full.warnings)
    assert all(isinstance(rule, Rule) for rule in rules)
