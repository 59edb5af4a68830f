"""Plan rule, finer cases: several trainees, rule kinds, annex caps, bands, explanations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from formafin import Bareme, CostCategory, SchemeId, estimate_funding
from formafin.baremes import AnnexRule, BaremeScope, PedagogicalRule, SizeBandAmount
from formafin.sources import Reference, ReferenceKind, SourceStatus

from .conftest import make_dossier

THREE = {"trainees": [{}, {}, {}]}


def _bareme(**changes: Any) -> Bareme:
    base: dict[str, Any] = {
        "id": "b",
        "opco": "atlas",
        "branch": "Ma branche",
        "scope": BaremeScope.BY_ID_ONLY,
        "valid_from": date(2026, 1, 1),
        "valid_until": date(2026, 12, 31),
        "status": SourceStatus.CALLER,
        "last_verified_on": date(2026, 2, 1),
        "references": (Reference(kind=ReferenceKind.CALLER, id="Conseiller"),),
        "pedagogical_at_actual_cost": True,
    }
    base.update(changes)
    return Bareme(**base)


def _line(estimate: Any, category: CostCategory) -> Any:
    return next(
        x for x in estimate.lines if x.category is category and x.scheme is SchemeId.OPCO_PLAN
    )


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (PedagogicalRule(label="h", amount=Decimal("20.00")), Decimal("20.00") * 14 * 3),
        (PedagogicalRule(label="t", amount=Decimal("150.00"), per="trainee"), Decimal("450.00")),
        (PedagogicalRule(label="a", amount=Decimal("500.00"), per="action"), Decimal("500.00")),
        (
            PedagogicalRule(label="h", amount=Decimal("20.00"), max_funded_hours=Decimal("10")),
            Decimal("20.00") * 10 * 3,
        ),
    ],
)
def test_pedagogical_rule_kinds_with_three_trainees(
    rule: PedagogicalRule, expected: Decimal
) -> None:
    estimate = estimate_funding(
        make_dossier(THREE, action={"costs": {"pedagogical": "5000.00"}}),
        bareme=_bareme(pedagogical=(rule,), pedagogical_at_actual_cost=False),
    )
    line = _line(estimate, CostCategory.PEDAGOGICAL)
    assert line.amount == expected
    assert rule.label in line.basis


def test_rules_are_chosen_by_category_and_qualifying() -> None:
    rules = (
        PedagogicalRule(label="VAE", amount=Decimal("85.00"), categories=("vae",)),  # type: ignore[arg-type]
        PedagogicalRule(label="qualifiante", amount=Decimal("30.00"), qualifying=True),
        PedagogicalRule(label="non qualifiante", amount=Decimal("10.00"), qualifying=False),
    )
    bareme = _bareme(pedagogical=rules, pedagogical_at_actual_cost=False)
    plain = estimate_funding(make_dossier(action={"costs": {"pedagogical": "5000"}}), bareme=bareme)
    assert _line(plain, CostCategory.PEDAGOGICAL).amount == Decimal("140.00")
    rncp = estimate_funding(
        make_dossier(action={"certification": "RNCP35185", "costs": {"pedagogical": "5000"}}),
        bareme=bareme,
    )
    assert _line(rncp, CostCategory.PEDAGOGICAL).amount == Decimal("420.00")
    vae = estimate_funding(
        make_dossier(
            action={"category": "vae", "costs": {"pedagogical": "5000"}},
            provider={"qualiopi": {"categories": ["vae"]}},
        ),
        bareme=bareme,
    )
    assert _line(vae, CostCategory.PEDAGOGICAL).amount == Decimal("85.00") * 14


def test_no_matching_rule_is_indicative() -> None:
    bareme = _bareme(
        pedagogical=(PedagogicalRule(label="VAE", amount=Decimal("85"), categories=("vae",)),),  # type: ignore[arg-type]
        pedagogical_at_actual_cost=False,
    )
    estimate = estimate_funding(
        make_dossier(THREE, action={"costs": {"pedagogical": "5000"}}), bareme=bareme
    )
    line = _line(estimate, CostCategory.PEDAGOGICAL)
    assert line.indicative and line.range is not None
    assert (line.range.low, line.range.high) == (
        Decimal("20.00") * 14 * 3,
        Decimal("55.00") * 14 * 3,
    )


@pytest.mark.parametrize(
    ("headcount", "low", "high"), [("10.99", "1400.00", "6000.00"), ("11", "2100.00", "6000.00")]
)
def test_indicative_annual_caps_by_size(headcount: str, low: str, high: str) -> None:
    big = {"action": {"costs": {"pedagogical": "20000.00"}, "hours": "200", "end": "2026-06-30"}}
    no_bareme = {"company": {"idcc": "0787"}}  # Atlas experts-comptables: no barème known
    estimate = estimate_funding(make_dossier(big, no_bareme, company={"headcount": headcount}))
    line = _line(estimate, CostCategory.PEDAGOGICAL)
    assert (line.range.low, line.range.high) == (Decimal(low), Decimal(high))
    used = estimate_funding(
        make_dossier(big, no_bareme, company={"headcount": headcount, "opco_plan_used": "1000"})
    )
    rng = _line(used, CostCategory.PEDAGOGICAL).range
    assert (rng.low, rng.high) == (Decimal(low) - 1000, Decimal(high) - 1000)


def test_salary_with_three_trainees_and_the_smic_mention() -> None:
    costs = {"action": {"costs": {"salary": "5000.00"}}}
    below = estimate_funding(
        make_dossier(THREE, costs),
        bareme=_bareme(
            salary=(SizeBandAmount(max_headcount=Decimal(50), amount=Decimal("10.00")),)
        ),
    )
    line = _line(below, CostCategory.SALARY)
    assert line.amount == Decimal("10.00") * 14 * 3 and "SMIC" not in line.basis
    at_smic = estimate_funding(
        make_dossier(THREE, costs),
        bareme=_bareme(
            salary=(SizeBandAmount(max_headcount=Decimal(50), amount=Decimal("12.02")),)
        ),
    )
    assert "SALARY_RATE_ABOVE_GROSS_SMIC" not in [w.code for w in at_smic.warnings]
    above = estimate_funding(
        make_dossier(THREE, costs),
        bareme=_bareme(
            salary=(SizeBandAmount(max_headcount=Decimal(50), amount=Decimal("20.00")),)
        ),
    )
    line = _line(above, CostCategory.SALARY)
    # D6332-39 I: the cap is the SMIC's hourly *cost*, charges included, unknown: certain at
    # the gross SMIC (12,02 × 14 h × 3 = 504,84 €), up to the barème's 20 €/h (840 €).
    assert line.amount == Decimal("12.02") * 14 * 3 and line.range.high == Decimal("840.00")
    assert "SALARY_RATE_ABOVE_GROSS_SMIC" in [w.code for w in above.warnings]
    unknown = estimate_funding(
        make_dossier(THREE, costs),
        bareme=_bareme(salary=(SizeBandAmount(max_headcount=Decimal(50)),)),
    )
    line = _line(unknown, CostCategory.SALARY)
    assert line.range.high == Decimal("12.02") * 14 * 3 and line.amount == 0
    small_only = estimate_funding(
        make_dossier(THREE, costs, company={"headcount": "20"}),
        bareme=_bareme(salary=(SizeBandAmount(max_headcount=Decimal(11), amount=Decimal("10")),)),
    )
    assert not [x for x in small_only.lines if x.category is CostCategory.SALARY]
    notice = next(w for w in small_only.warnings if w.code == "CATEGORY_NOT_FUNDED")
    assert "salaires non pris en charge" in notice.message


def test_annex_caps() -> None:
    annex = {"action": {"costs": {"pedagogical": "1000.00", "annex": "400.00"}}}
    share = estimate_funding(
        make_dossier(THREE, annex),
        bareme=_bareme(annex=AnnexRule(funded=True, max_share_of_pedagogical=Decimal("0.08"))),
    )
    line = _line(share, CostCategory.ANNEX)
    assert line.amount == Decimal("80.00") and "8 % des coûts pédagogiques" in line.basis
    per_trainee = estimate_funding(
        make_dossier(THREE, annex),
        bareme=_bareme(annex=AnnexRule(funded=True, max_per_trainee=Decimal("100.00"))),
    )
    assert _line(per_trainee, CostCategory.ANNEX).amount == Decimal("300.00")
    free = estimate_funding(
        make_dossier(THREE, annex), bareme=_bareme(annex=AnnexRule(funded=True))
    )
    assert _line(free, CostCategory.ANNEX).amount == Decimal("400.00")
    nights = estimate_funding(
        make_dossier(THREE, annex, action={"annex_detail": {"nights": 2}}),
        bareme=_bareme(
            annex=AnnexRule(funded=True, per_night=Decimal("96"), max_per_trainee=Decimal("50"))
        ),
    )
    assert _line(nights, CostCategory.ANNEX).amount == Decimal("150.00")  # min(192, 3 × 50)
    undetailed = estimate_funding(
        make_dossier(THREE, annex),
        bareme=_bareme(
            annex=AnnexRule(funded=True, per_km=Decimal("0.32"), max_per_trainee=Decimal("50"))
        ),
    )
    line = _line(undetailed, CostCategory.ANNEX)
    assert line.amount == 0 and line.range.high == Decimal("150.00")
    notice = next(w for w in undetailed.warnings if w.code == "ANNEX_DETAIL_MISSING")
    assert notice.scheme is SchemeId.OPCO_PLAN and notice.message.startswith("Le barème rembourse")
    unknown = estimate_funding(make_dossier(THREE, annex), bareme=_bareme())
    assert "de 0 au coût réel" in _line(unknown, CostCategory.ANNEX).basis


def test_annual_cap_scope_all_is_shared_in_order() -> None:
    costs = {"action": {"costs": {"pedagogical": "500.00", "salary": "400.00", "annex": "300.00"}}}
    bareme = _bareme(
        annual_caps=(SizeBandAmount(max_headcount=Decimal(50), amount=Decimal("1000.00")),),
        salary=(SizeBandAmount(max_headcount=Decimal(50), amount=Decimal("10.00")),),
        annex=AnnexRule(funded=True),
    )
    estimate = estimate_funding(make_dossier(THREE, costs), bareme=bareme)
    amounts = {x.category: x.amount for x in estimate.lines}
    assert amounts[CostCategory.PEDAGOGICAL] == Decimal("500.00")
    assert amounts[CostCategory.SALARY] == Decimal("400.00")  # 10 × 14 × 3 = 420 ≥ cost
    assert amounts[CostCategory.ANNEX] == Decimal("100.00")  # what the 1 000 € cap leaves
    pedagogical_only = estimate_funding(
        make_dossier(THREE, costs),
        bareme=bareme.model_copy(update={"annual_cap_scope": "pedagogical"}),
    )
    assert {x.category: x.amount for x in pedagogical_only.lines}[CostCategory.ANNEX] == Decimal(
        "300.00"
    )


def test_explanations_say_where_the_barème_comes_from() -> None:
    caller = estimate_funding(make_dossier(), bareme=_bareme())
    assert "barème fourni par l'appelant" in caller.lines[0].explanation
    shipped = estimate_funding(
        make_dossier(
            company={"idcc": "1702"},
            provider={"qualiopi": {"valid_from": "2023-01-01", "valid_until": "2025-12-31"}},
            action={"start": "2025-04-07", "end": "2025-04-08"},
            submitted_on="2025-03-01",
        )
    )
    assert "source secondaire" in shipped.lines[0].explanation
    assert "Travaux publics" in shipped.lines[0].explanation
    official = estimate_funding(
        make_dossier(company={"idcc": "1605"}, action={"hours": "14"}), bareme="opco_ep-213-2026"
    )
    assert "source officielle de l'OPCO" in official.lines[0].explanation
    unknown = estimate_funding(make_dossier(company={"idcc": "0787"}))
    assert "Aucun barème connu" in unknown.lines[0].explanation
    partial = estimate_funding(
        make_dossier(action={"costs": {"salary": "100"}}),
        bareme=_bareme(salary=(SizeBandAmount(max_headcount=Decimal(50)),)),
    )
    assert "montant indicatif" in _line(partial, CostCategory.SALARY).explanation


def test_out_of_cap_theme_is_said() -> None:
    bareme = _bareme(
        annual_caps=(SizeBandAmount(max_headcount=Decimal(50), amount=Decimal("10.00")),),
        out_of_cap_themes=("transition_ecologique",),
    )
    estimate = estimate_funding(
        make_dossier(action={"themes": ["transition_ecologique"]}), bareme=bareme
    )
    assert "thème financé hors plafond annuel" in estimate.lines[0].basis
    assert "coûts pédagogiques au réel" in estimate.lines[0].basis
