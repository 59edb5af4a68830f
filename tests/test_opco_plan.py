"""The plan rule for companies under 50: decisions with reasons, amounts within the barème."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from formafin import (
    Bareme,
    CostCategory,
    DecisionStatus,
    SchemeId,
    UnsupportedDateError,
    estimate_funding,
    load_bareme_file,
)
from formafin.baremes import AnnexRule, BaremeScope, PedagogicalRule, SizeBandAmount
from formafin.sources import Reference, ReferenceKind, SourceStatus

from .conftest import make_dossier

PLAN = SchemeId.OPCO_PLAN


def _codes(*layers: dict[str, Any], **changes: Any) -> list[str]:
    decision = estimate_funding(make_dossier(*layers, **changes)).decision(PLAN)
    assert decision is not None
    return [reason.code for reason in decision.reasons]


def _line(estimate: Any, category: CostCategory) -> Any:
    return next(line for line in estimate.lines if line.category is category)


# --- eligibility -----------------------------------------------------------------------


def test_49_employees_is_eligible_and_50_is_not() -> None:
    assert _codes(company={"headcount": "49.99"}) == []
    estimate = estimate_funding(make_dossier(company={"headcount": "50"}))
    decision = estimate.decision(PLAN)
    assert decision is not None and decision.status is DecisionStatus.INELIGIBLE
    assert [r.code for r in decision.reasons] == ["HEADCOUNT_50_OR_MORE"]
    assert "50" in decision.reasons[0].message
    assert any("L6332-17" in ref.id for ref in decision.reasons[0].references)
    assert estimate.total_funded == 0 and estimate.remaining_cost == estimate.total_cost


def test_provider_without_qualiopi() -> None:
    assert _codes(provider={"qualiopi": None}) == ["QUALIOPI_MISSING"]


def test_expired_qualiopi() -> None:
    codes = _codes(provider={"qualiopi": {"valid_from": "2022-01-01", "valid_until": "2024-12-31"}})
    assert codes == ["QUALIOPI_EXPIRED"]


def test_qualiopi_not_yet_valid_on_the_start_date() -> None:
    codes = _codes(provider={"qualiopi": {"valid_from": "2026-04-01", "valid_until": "2029-03-31"}})
    assert codes == ["QUALIOPI_NOT_YET_VALID"]


def test_qualiopi_for_the_wrong_category() -> None:
    codes = _codes(action={"category": "bilans_de_competences"})
    assert codes == ["QUALIOPI_WRONG_CATEGORY"]


def test_qualiopi_was_not_required_before_2022() -> None:
    codes = _codes(
        provider={"qualiopi": None},
        action={"start": "2021-06-01", "end": "2021-06-02"},
        submitted_on="2021-05-01",
    )
    assert "QUALIOPI_MISSING" not in codes


def test_internal_training_needs_no_certificate_but_says_so() -> None:
    estimate = estimate_funding(make_dossier(provider={"qualiopi": None, "internal": True}))
    decision = estimate.decision(PLAN)
    assert decision is not None and decision.eligible
    assert "INTERNAL_TRAINING_QUALIOPI_UNCONFIRMED" in [w.code for w in estimate.warnings]


def test_request_filed_after_the_start() -> None:
    assert _codes(submitted_on="2026-03-16") == ["REQUEST_AFTER_START"]
    assert _codes(submitted_on="2026-03-20") == ["REQUEST_AFTER_START"]


def test_akto_lead_time_of_30_calendar_days() -> None:
    akto = {"company": {"idcc": "1979"}}
    assert _codes(**akto, submitted_on="2026-02-14") == []  # 30 days before 2026-03-16
    assert _codes(**akto, submitted_on="2026-02-15") == ["LEAD_TIME_NOT_MET"]


def test_apprenticeship_is_not_a_plan_action() -> None:
    codes = _codes(
        action={"category": "apprentissage"},
        provider={"qualiopi": {"categories": ["apprentissage"]}},
    )
    assert codes == ["CATEGORY_NOT_PLAN"]


def test_every_failing_condition_is_reported_at_once() -> None:
    codes = _codes(
        company={"headcount": "80"}, provider={"qualiopi": None}, submitted_on="2026-04-01"
    )
    assert set(codes) == {"HEADCOUNT_50_OR_MORE", "QUALIOPI_MISSING", "REQUEST_AFTER_START"}


def test_shared_idcc_needs_the_callers_choice() -> None:
    estimate = estimate_funding(make_dossier(company={"idcc": "8211"}))
    decision = estimate.decision(PLAN)
    assert decision is not None and decision.status is DecisionStatus.NEEDS_INPUT
    assert [r.code for r in decision.reasons] == ["OPCO_CHOICE_REQUIRED"]
    assert "company.opco" in decision.reasons[0].message
    chosen = estimate_funding(make_dossier(company={"idcc": "8211", "opco": "ocapiat"}))
    assert chosen.decision(PLAN) is not None and chosen.decision(PLAN).eligible  # type: ignore[union-attr]


def test_dates_before_the_reform_are_refused() -> None:
    with pytest.raises(UnsupportedDateError, match="2019"):
        estimate_funding(make_dossier(), as_of=date(2018, 12, 31))


def test_dates_after_verification_warn() -> None:
    estimate = estimate_funding(make_dossier(), as_of=date(2027, 2, 1))
    assert "RULES_NOT_VERIFIED_AT_DATE" in [w.code for w in estimate.warnings]


# --- amounts ---------------------------------------------------------------------------

TP_2025 = {
    "company": {"idcc": "1702", "headcount": "8"},
    "provider": {"qualiopi": {"valid_from": "2023-01-01", "valid_until": "2025-12-31"}},
    "action": {"start": "2025-04-07", "end": "2025-04-11", "hours": "35"},
    "submitted_on": "2025-03-01",
}


def test_constructys_public_works_under_11_in_2025() -> None:
    """Tissot 2025: travaux publics, 32 € HT/h per trainee within 3 500 € a year (< 11)."""
    estimate = estimate_funding(make_dossier(TP_2025, action={"costs": {"pedagogical": "2000.00"}}))
    line = _line(estimate, CostCategory.PEDAGOGICAL)
    assert line.amount == Decimal("32.00") * 35  # 1 120 €: the hourly cap binds
    assert line.bareme_id == "constructys-tp-2025"
    assert not line.indicative
    assert any("tissot" in (ref.url or "") for ref in line.references)
    assert estimate.remaining_cost == Decimal("2000.00") - Decimal("1120.00")


def test_constructys_annual_cap_binds() -> None:
    estimate = estimate_funding(
        make_dossier(
            TP_2025,
            trainees=[{}, {}, {}, {}],
            action={"costs": {"pedagogical": "6000.00"}},
        )
    )
    # 32 × 35 × 4 = 4 480 € > annual cap of 3 500 € for fewer than 11 employees.
    assert _line(estimate, CostCategory.PEDAGOGICAL).amount == Decimal("3500.00")


def test_annual_cap_already_used_this_year() -> None:
    estimate = estimate_funding(
        make_dossier(
            TP_2025,
            company={"opco_plan_used": "3000.00"},
            action={"costs": {"pedagogical": "2000.00"}},
        )
    )
    assert _line(estimate, CostCategory.PEDAGOGICAL).amount == Decimal("500.00")


def test_salary_at_the_barème_rate() -> None:
    estimate = estimate_funding(
        make_dossier(TP_2025, action={"costs": {"pedagogical": "1000.00", "salary": "900.00"}})
    )
    # Constructys pays 15 €/h under 11 employees. D6332-39 caps "la rémunération et les
    # charges sociales" at "le coût horaire du SMIC", a cost with charges, above the gross SMIC
    # (11.88 €/h in 2025) but unknown: 11.88 × 35 h = 415.80 € certain, up to the OPCO's
    # 15 × 35 h = 525 € (indicative), with a notice instead of a silent cut.
    line = _line(estimate, CostCategory.SALARY)
    assert line.amount == Decimal("11.88") * 35
    assert line.indicative and line.range.high == Decimal("15.00") * 35
    assert "SALARY_RATE_ABOVE_GROSS_SMIC" in [w.code for w in estimate.warnings]


def _bareme(**changes: Any) -> Bareme:
    base: dict[str, Any] = {
        "id": "mon-bareme",
        "opco": "atlas",
        "branch": "Ma branche",
        "scope": BaremeScope.BY_ID_ONLY,
        "valid_from": date(2026, 1, 1),
        "valid_until": date(2026, 12, 31),
        "status": SourceStatus.CALLER,
        "last_verified_on": date(2026, 2, 1),
        "references": (Reference(kind=ReferenceKind.CALLER, id="Courriel du conseiller OPCO"),),
        "pedagogical": (PedagogicalRule(label="Taux horaire", amount=Decimal("40.00")),),
        "annual_caps": (SizeBandAmount(max_headcount=Decimal(50), amount=Decimal("5000.00")),),
    }
    base.update(changes)
    return Bareme(**base)


def test_caller_bareme_wins_and_result_says_so() -> None:
    estimate = estimate_funding(make_dossier(), bareme=_bareme())
    line = _line(estimate, CostCategory.PEDAGOGICAL)
    assert line.amount == Decimal("40.00") * 14  # 560 € < 1 400 € cost
    assert not line.indicative and line.bareme_id == "mon-bareme"
    assert "BAREME_CHOSEN_BY_CALLER" in [w.code for w in estimate.warnings]


def test_caller_bareme_overrides_a_shipped_one() -> None:
    shipped = estimate_funding(make_dossier(TP_2025))
    own = estimate_funding(
        make_dossier(TP_2025),
        bareme=_bareme(
            opco="constructys", valid_from=date(2025, 1, 1), valid_until=date(2025, 12, 31)
        ),
    )
    assert _line(shipped, CostCategory.PEDAGOGICAL).bareme_id == "constructys-tp-2025"
    assert _line(own, CostCategory.PEDAGOGICAL).amount == Decimal("40.00") * 35


def test_salary_above_the_gross_smic_is_applied_with_a_notice_never_above_the_cost() -> None:
    generous = _bareme(salary=(SizeBandAmount(max_headcount=Decimal(50), amount=Decimal("30.00")),))
    estimate = estimate_funding(
        make_dossier(action={"costs": {"salary": "2000.00"}}), bareme=generous
    )
    # Certain: the 12,02 € gross SMIC of 2026 × 14 h = 168,28 €; up to 30 €/h × 14 h = 420 €
    # (< 2 000 € declared), indicative, and said.
    line = _line(estimate, CostCategory.SALARY)
    assert line.amount == Decimal("168.28") and line.range.high == Decimal("420.00")
    notice = next(w for w in estimate.warnings if w.code == "SALARY_RATE_ABOVE_GROSS_SMIC")
    assert "12,02" in notice.message and "D6332-39" in notice.message
    cheap = estimate_funding(make_dossier(action={"costs": {"salary": "100.00"}}), bareme=generous)
    assert _line(cheap, CostCategory.SALARY).amount == Decimal("100.00")  # the actual cost


def test_annex_costs_only_where_funded() -> None:
    not_funded = estimate_funding(
        make_dossier(action={"costs": {"annex": "100.00"}}),
        bareme=_bareme(annex=AnnexRule(funded=False)),
    )
    assert not [line for line in not_funded.lines if line.category is CostCategory.ANNEX]
    assert "CATEGORY_NOT_FUNDED" in [w.code for w in not_funded.warnings]
    per_unit = _bareme(annex=AnnexRule(funded=True, per_km=Decimal("0.32"), per_meal=Decimal("19")))
    detailed = estimate_funding(
        make_dossier(
            action={"costs": {"annex": "200.00"}, "annex_detail": {"km": "100", "meals": 2}}
        ),
        bareme=per_unit,
    )
    assert _line(detailed, CostCategory.ANNEX).amount == Decimal("0.32") * 100 + 2 * 19
    undetailed = estimate_funding(
        make_dossier(action={"costs": {"annex": "200.00"}}), bareme=per_unit
    )
    line = _line(undetailed, CostCategory.ANNEX)
    assert line.amount == 0 and line.indicative and line.range is not None
    assert line.range.high == Decimal("200.00")
    assert "ANNEX_DETAIL_MISSING" in [w.code for w in undetailed.warnings]


def test_out_of_cap_theme() -> None:
    own = _bareme(
        annual_caps=(SizeBandAmount(max_headcount=Decimal(50), amount=Decimal("100.00")),),
        out_of_cap_themes=("transition_ecologique",),
    )
    capped = estimate_funding(make_dossier(), bareme=own)
    free = estimate_funding(make_dossier(action={"themes": ["transition_ecologique"]}), bareme=own)
    assert _line(capped, CostCategory.PEDAGOGICAL).amount == Decimal("100.00")
    assert _line(free, CostCategory.PEDAGOGICAL).amount == Decimal("40.00") * 14


def test_minimum_duration_of_the_barème() -> None:
    codes = [
        r.code
        for r in estimate_funding(  # OPCO EP branch 177 (2026): 4 h minimum
            make_dossier(company={"idcc": "1605"}, action={"hours": "3.5"}),
            bareme="opco_ep-177-2026",
        )
        .decisions[0]
        .reasons
    ]
    assert codes == ["BELOW_MIN_HOURS"]


def test_unknown_barème_gives_a_flagged_range_not_an_exact_figure() -> None:
    # Atlas, IDCC 0787 (experts-comptables), 2026: no barème known, not even an old one.
    estimate = estimate_funding(make_dossier(company={"idcc": "0787"}))
    line = _line(estimate, CostCategory.PEDAGOGICAL)
    assert line.indicative and estimate.indicative
    assert line.range is not None
    # 20 €/h and 55 €/h × 14 h, under the 1 400 € cost.
    assert (line.range.low, line.range.high) == (Decimal("280.00"), Decimal("770.00"))
    assert line.amount == line.range.low
    assert estimate.remaining_cost_range is not None
    assert {"BAREME_UNKNOWN", "INDICATIVE_AMOUNTS"} <= {w.code for w in estimate.warnings}


def test_bareme_file_round_trip(tmp_path: Any) -> None:
    path = tmp_path / "bareme.json"
    path.write_text(_bareme().model_dump_json(), encoding="utf-8")
    assert load_bareme_file(path) == (_bareme(),)
    toml = tmp_path / "bareme.toml"
    toml.write_text(
        """
[[bareme]]
id = "toml-bareme"
opco = "atlas"
branch = "B"
scope = "by_id_only"
status = "caller"
last_verified_on = 2026-01-01
references = [{ kind = "caller", id = "Conseiller" }]
pedagogical = [{ label = "h", amount = "25.00" }]
""",
        encoding="utf-8",
    )
    (loaded,) = load_bareme_file(toml)
    estimate = estimate_funding(make_dossier(), bareme=loaded)
    assert _line(estimate, CostCategory.PEDAGOGICAL).amount == Decimal("25.00") * 14


def test_barème_lead_time_constructys_batiment_2023() -> None:
    """CAPEB 2023: requests at least 15 days before the start; 20 €/h for the bâtiment."""
    batiment = {
        "company": {"idcc": "1596"},
        "provider": {"qualiopi": {"valid_from": "2022-01-01", "valid_until": "2024-12-31"}},
        "action": {"start": "2023-06-12", "end": "2023-06-13", "hours": "14"},
    }
    assert _codes(batiment, submitted_on="2023-05-28") == []  # 15 days before
    assert _codes(batiment, submitted_on="2023-05-29") == ["LEAD_TIME_NOT_MET"]
    estimate = estimate_funding(make_dossier(batiment, submitted_on="2023-05-01"))
    line = _line(estimate, CostCategory.PEDAGOGICAL)
    assert line.bareme_id == "constructys-batiment-2023"
    assert line.amount == Decimal("20.00") * 14


def test_no_silent_extrapolation_of_a_dated_barème() -> None:
    """Constructys TP is known for 2024 and 2025 only: a 2026 dossier is indicative."""
    estimate = estimate_funding(
        make_dossier(
            TP_2025,
            provider={"qualiopi": {"valid_until": "2026-12-31"}},
            action={"start": "2026-04-06", "end": "2026-04-10"},
            submitted_on="2026-03-01",
        )
    )
    assert estimate.decisions[0].bareme_id is None
    assert _line(estimate, CostCategory.PEDAGOGICAL).indicative
