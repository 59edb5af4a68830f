"""check_dossier: the OPCO checklist, deadlines, budget calendar and price checks."""

from __future__ import annotations

from typing import Any

import pytest

from formafin import Severity, check_dossier
from formafin.cli import main

from .conftest import dossier_data, make_dossier

COMPLETE: dict[str, Any] = {
    "provider": {"nda": "11755555575"},
    "action": {
        "programme": {
            "dated_on": "2026-01-15",
            "objectives": "Être capable de planifier un projet et de piloter son budget.",
            "skills": ["planification", "suivi budgétaire"],
            "modality": "presentiel",
            "evaluation": "Étude de cas notée en fin de session",
        },
        "agreement": {
            "kind": "convention",
            "amount": "1400.00",
            "conditions": "Paiement à 30 jours",
        },
        "traceability": {
            "attendance_records": True,
            "evaluations": True,
            "completion_certificate": True,
        },
    },
    "context": {
        "job": "Chef de projet",
        "expected_change": "Piloter seul des projets de 100 k€",
        "business_need": "Croissance de l'activité conseil",
    },
}


def _codes(*layers: dict[str, Any], **changes: Any) -> list[str]:
    return check_dossier(make_dossier(COMPLETE, *layers, **changes)).codes()


def test_a_complete_dossier_has_no_blocking_finding() -> None:
    result = check_dossier(make_dossier(COMPLETE))
    assert result.ready, [f.code for f in result.blocking]


@pytest.mark.parametrize(
    ("removed", "code"),
    [
        ({"action": {"programme": None}}, "PROGRAMME_MISSING"),
        ({"action": {"programme": {"dated_on": None}}}, "PROGRAMME_UNDATED"),
        ({"action": {"programme": {"objectives": ""}}}, "OBJECTIVES_MISSING"),
        ({"action": {"programme": {"skills": []}}}, "SKILLS_MISSING"),
        ({"action": {"programme": {"modality": None}}}, "MODALITY_MISSING"),
        ({"action": {"programme": {"evaluation": None}}}, "EVALUATION_MISSING"),
        ({"action": {"agreement": None}}, "AGREEMENT_MISSING"),
        ({"action": {"agreement": {"conditions": None}}}, "AGREEMENT_CONDITIONS_MISSING"),
        ({"provider": {"nda": None}}, "NDA_MISSING"),
        ({"action": {"agreement": {"shows_nda": False}}}, "NDA_MISSING"),
        ({"context": None}, "CONTEXT_MISSING"),
        ({"context": {"business_need": " "}}, "CONTEXT_MISSING"),
        (
            {"action": {"traceability": {"completion_certificate": False}}},
            "COMPLETION_CERTIFICATE_NOT_PLANNED",
        ),
        ({"provider": {"qualiopi": None}}, "QUALIOPI_MISSING"),
    ],
)
def test_each_missing_item_gives_its_own_blocking_code(removed: dict[str, Any], code: str) -> None:
    result = check_dossier(make_dossier(COMPLETE, removed))
    assert [f.code for f in result.blocking] == [code]


@pytest.mark.parametrize(
    ("changed", "code"),
    [
        ({"action": {"programme": {"objectives": "Excel"}}}, "OBJECTIVES_TOO_SHORT"),
        (
            {
                "action": {
                    "programme": {"objectives": "Une formation complète sur le tableur Excel"}
                }
            },
            "OBJECTIVES_WITHOUT_ACTION_VERB",
        ),
        ({"action": {"traceability": {"attendance_records": False}}}, "ATTENDANCE_NOT_PLANNED"),
        ({"action": {"traceability": {"evaluations": False}}}, "EVALUATIONS_NOT_PLANNED"),
        ({"action": {"agreement": {"amount": "1500.00"}}}, "AGREEMENT_AMOUNT_MISMATCH"),
    ],
)
def test_warnings_never_block(changed: dict[str, Any], code: str) -> None:
    result = check_dossier(make_dossier(COMPLETE, changed))
    assert result.ready
    assert code in [f.code for f in result.findings if f.severity is Severity.WARNING]


def test_plan_lead_time_at_akto_and_elsewhere() -> None:
    akto = check_dossier(
        make_dossier(COMPLETE, company={"idcc": "1979"}, submitted_on="2026-03-06")
    )
    assert "LEAD_TIME_NOT_MET" in [f.code for f in akto.blocking]
    day_before = check_dossier(make_dossier(COMPLETE, submitted_on="2026-03-15"))
    assert day_before.ready  # Atlas: no sourced lead time, the day before is enough


def test_alternance_transmission_deadlines() -> None:
    pro = make_dossier(
        COMPLETE,
        company={"headcount": "120"},
        action={"start": "2026-01-05", "end": "2026-12-18", "hours": "400"},
        submitted_on="2025-12-15",
        professionalisation={
            "concluded_on": "2025-12-20",
            "start": "2026-01-05",
            "end": "2026-12-31",
            "sent_to_opco_on": "2026-01-11",
        },
    )
    assert "CONTRAT_PRO_SENT_LATE" in check_dossier(pro).codes()  # 6 days after the start
    apprentice = make_dossier(
        COMPLETE,
        provider={"qualiopi": {"categories": ["apprentissage"]}},
        action={
            "category": "apprentissage",
            "start": "2026-07-10",
            "end": "2027-06-30",
            "hours": "600",
        },
        submitted_on="2026-07-01",
        apprenticeship={
            "concluded_on": "2026-07-01",
            "start": "2026-07-10",
            "end": "2027-07-09",
            "certification_level": 4,
            "npec": "7000",
            # Fri 10 July; ouvrables: Sat 11, Mon 13, (Tue 14 is a holiday), Wed 15, Thu 16, Fri 17
            "sent_to_opco_on": "2026-07-17",
        },
    )
    assert "APPRENTICESHIP_SENT_LATE" not in check_dossier(apprentice).codes()
    late = apprentice.model_copy(
        update={
            "apprenticeship": apprentice.apprenticeship.model_copy(  # type: ignore[union-attr]
                update={"sent_to_opco_on": __import__("datetime").date(2026, 7, 18)}
            )
        }
    )
    assert "APPRENTICESHIP_SENT_LATE" in check_dossier(late).codes()


def test_year_end_request_and_two_budget_years() -> None:
    codes = _codes(
        action={"start": "2026-12-21", "end": "2027-01-15", "hours": "35"},
        submitted_on="2026-12-10",
        provider={"qualiopi": {"valid_until": "2027-12-31"}},
    )
    assert {"YEAR_END_REQUEST", "SPANS_TWO_BUDGET_YEARS"} <= set(codes)


def test_price_checks_against_the_barème() -> None:
    tp = {
        "company": {"idcc": "1702", "opco_plan_used": "3500.00"},
        "provider": {"qualiopi": {"valid_from": "2023-01-01", "valid_until": "2025-12-31"}},
        "action": {
            "start": "2025-04-07",
            "end": "2025-04-11",
            "hours": "35",
            "costs": {"pedagogical": "1400.00"},
            "agreement": {"amount": "1400.00"},
        },
        "submitted_on": "2025-03-01",
    }
    codes = _codes(tp)
    assert "HOURLY_COST_ABOVE_CAP" in codes  # 40 €/h > 32 €/h (Constructys TP 2025)
    assert "ANNUAL_CAP_EXHAUSTED" in codes


def test_cpf_deadlines() -> None:
    cpf = {
        "company": {"headcount": "250"},
        "action": {"certification": "RNCP35185"},
        "trainees": [
            {
                "cpf": {
                    "rights": "2000",
                    "on_working_time": True,
                    "leave_requested_on": "2026-02-01",
                    "registered_on": "2026-03-10",
                }
            }
        ],
    }
    codes = _codes(cpf)
    assert "CPF_LEAVE_REQUEST_LATE" in codes  # 43 days < 60
    assert "MCF_REGISTRATION_LATE" in codes  # less than 11 jours ouvrés before 16/03


def test_cli_check_exit_codes(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    ok = tmp_path / "ok.json"
    ok.write_text(json.dumps(dossier_data(COMPLETE)), encoding="utf-8")
    assert main(["check", str(ok)]) == 0
    assert "prêt à envoyer" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(dossier_data(COMPLETE, provider={"qualiopi": None})), encoding="utf-8"
    )
    assert main(["check", str(bad)]) == 1
    assert "QUALIOPI_MISSING" in capsys.readouterr().out
