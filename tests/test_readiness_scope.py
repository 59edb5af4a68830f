"""``formafin check`` on complete dossiers: a shipped example passes, content findings belong
to the scheme that asks for them, the budget calendar counts its years (issue 13, point 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

import formafin
from formafin import Dossier, SchemeId, check_dossier
from formafin.cli import main

from .conftest import make_dossier
from .test_readiness import COMPLETE

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
_CONTENT_CODES = {
    "PROGRAMME_MISSING",
    "AGREEMENT_MISSING",
    "CONTEXT_MISSING",
    "COMPLETION_CERTIFICATE_NOT_PLANNED",
    "ATTENDANCE_NOT_PLANNED",
    "EVALUATIONS_NOT_PLANNED",
}


def _load(name: str) -> Dossier:
    return Dossier.model_validate_json((EXAMPLES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "name", ["conseil-8-salaries-atlas-complet.json", "cpf-anglais-salariee-2026.json"]
)
def test_shipped_complete_examples_pass_check(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = check_dossier(_load(name))
    assert result.ready, [f.code for f in result.blocking]
    assert main(["check", str(EXAMPLES / name)]) == 0
    assert "prêt à envoyer" in capsys.readouterr().out


def test_cpf_only_dossier_gets_no_opco_file_finding() -> None:
    # The CPF goes through Mon Compte Formation: no programme, quote or certificat de
    # réalisation is sent to an OPCO.
    codes = set(check_dossier(_load("cpf-anglais-salariee-2026.json")).codes())
    assert not codes & _CONTENT_CODES


def test_content_findings_name_the_scheme_that_asks_for_them() -> None:
    plan = check_dossier(make_dossier())  # asks for nothing specific: the plan
    content = [f for f in plan.findings if f.code in _CONTENT_CODES]
    assert content and all(f.scheme is SchemeId.OPCO_PLAN for f in content)


def test_document_models_are_exported() -> None:
    for name in ("Programme", "TrainingAgreement", "Traceability", "ProjectContext"):
        assert name in formafin.__all__
        assert getattr(formafin, name).__module__ == "formafin.models"


@pytest.mark.parametrize(
    ("end", "code", "years"),
    [
        ("2027-06-30", "SPANS_TWO_BUDGET_YEARS", "2026 et 2027"),
        # 2026-09 → 2028-06: 2026, 2027 and 2028, three budget years.
        ("2028-06-30", "SPANS_SEVERAL_BUDGET_YEARS", "3 exercices"),
    ],
)
def test_budget_years_are_counted(end: str, code: str, years: str) -> None:
    dossier = make_dossier(
        COMPLETE,
        action={"start": "2026-09-07", "end": end, "hours": "400"},
        submitted_on="2026-07-01",
        provider={"qualiopi": {"valid_until": "2028-12-31"}},
    )
    findings = {f.code: f for f in check_dossier(dossier).findings}
    assert code in findings
    assert years in findings[code].message
    other = {"SPANS_TWO_BUDGET_YEARS", "SPANS_SEVERAL_BUDGET_YEARS"} - {code}
    assert not other & set(findings)
