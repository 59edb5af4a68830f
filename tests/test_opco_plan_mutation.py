"""Plan under 50: cases the mutation tests showed unchecked (docs/testing.md).

Childcare (D6332-39 II), the CSE training (R6332-40, L2315-18), the explanation of each
line, the outdated barème (« dernier barème connu ») and the caller's barème of another
kind. Every amount is computed by hand in a comment; the French sentences are the wording
shown to the user, checked whole so that a changed word is seen.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from formafin import Bareme, CostCategory, SchemeId, estimate_funding
from formafin.baremes import AnnexRule, BaremeScope, PedagogicalRule, SizeBandAmount
from formafin.data import rule_data
from formafin.facts import say
from formafin.result import FundingEstimate, FundingLine, Notice
from formafin.rules.opco_plan import evaluate_opco_plan
from formafin.rules.opco_resolution import resolve_opco
from formafin.sources import Reference, ReferenceKind, SourceStatus

from .conftest import make_dossier

PLAN = SchemeId.OPCO_PLAN
CALLER_REF = Reference(kind=ReferenceKind.CALLER, id="Courriel du conseiller OPCO")


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
        "references": (CALLER_REF,),
        "pedagogical": (PedagogicalRule(label="Taux horaire", amount=Decimal("40.00")),),
        "annual_caps": (SizeBandAmount(max_headcount=Decimal(50), amount=Decimal("5000.00")),),
        "salary": (SizeBandAmount(max_headcount=Decimal(50), amount=Decimal("12.02")),),
        "annex": AnnexRule(funded=True),
    }
    base.update(changes)
    return Bareme(**base)


def _line(estimate: FundingEstimate, category: CostCategory) -> FundingLine:
    return next(x for x in estimate.lines if x.scheme is PLAN and x.category is category)


def _notice(estimate: FundingEstimate, code: str) -> Notice:
    return next(n for n in estimate.warnings if n.code == code)


# --- childcare, D6332-39 II ------------------------------------------------------------


def _childcare(amount: str, *, outside: bool = False) -> dict[str, Any]:
    return {
        "action": {
            "costs": {"pedagogical": "400.00", "annex": "300.00"},
            "annex_detail": {"childcare": amount},
            "outside_working_time": outside,
        }
    }


def test_no_childcare_no_childcare_notice() -> None:
    estimate = estimate_funding(make_dossier(_childcare("0")), bareme=_bareme())
    assert not [n for n in estimate.warnings if n.code.startswith("CHILDCARE")]
    assert _line(estimate, CostCategory.ANNEX).amount == Decimal("300.00")  # all of it


def test_one_euro_of_childcare_in_working_time_is_taken_out() -> None:
    estimate = estimate_funding(make_dossier(_childcare("1.00")), bareme=_bareme())
    # 300 − 1 = 299 € of transport, meals and lodging.
    assert _line(estimate, CostCategory.ANNEX).amount == Decimal("299.00")
    notice = _notice(estimate, "CHILDCARE_NOT_FUNDED_IN_WORKING_TIME")
    assert notice.message == (
        "Frais de garde de 1,00\xa0€ non finançables : l'OPCO ne les prend en charge que pour "
        "une formation suivie en tout ou partie hors du temps de travail (D6332-39 II ; "
        "action.outside_working_time)."
    )
    assert notice.scheme == PLAN
    assert [r.id for r in notice.references] == ["C. trav. D6332-39"]


def test_childcare_in_working_time_under_a_capped_annex_rule() -> None:
    # Barème: 150 € of annex costs per trainee. Without the 100 € of childcare, 200 € of
    # other annex costs: min(150, 200) = 150 €, exact.
    rule = AnnexRule(funded=True, max_per_trainee=Decimal("150.00"))
    line = _line(
        estimate_funding(make_dossier(_childcare("100.00")), bareme=_bareme(annex=rule)),
        CostCategory.ANNEX,
    )
    assert line.amount == Decimal("150.00") and not line.indicative


def test_childcare_outside_working_time_under_a_capped_annex_rule() -> None:
    # Transport, meals, lodging: min(150 € per trainee, 200 €) = 150 € certain; the 100 € of
    # childcare per the board's rules, unknown: up to 150 + 100 = 250 € (indicative).
    rule = AnnexRule(funded=True, max_per_trainee=Decimal("150.00"))
    estimate = estimate_funding(
        make_dossier(_childcare("100.00", outside=True)), bareme=_bareme(annex=rule)
    )
    line = _line(estimate, CostCategory.ANNEX)
    assert line.amount == Decimal("150.00")
    assert line.range is not None and line.range.high == Decimal("250.00")
    notice = _notice(estimate, "CHILDCARE_OPCO_RULES")
    assert notice.message == (
        "Frais de garde de 100,00\xa0€ (formation hors du temps de travail) : finançables "
        "selon les modalités du conseil d'administration de l'OPCO (D6332-39 II), inconnues "
        "de formafin : montant indicatif."
    )
    assert notice.scheme == PLAN
    assert [r.id for r in notice.references] == ["C. trav. D6332-39"]


# --- R6332-40 / L2315-18: CSE health-and-safety training -------------------------------

CSE: dict[str, Any] = {"action": {"cse_health_safety": True}}


def test_cse_training_messages() -> None:
    after = estimate_funding(make_dossier(CSE)).decision(PLAN)
    assert after is not None
    check = next(c for c in after.checks if c.code == "CSE_HEALTH_SAFETY_TRAINING")
    assert check.message == (
        "Formation en santé, sécurité et conditions de travail (CSE, référent, salarié "
        "désigné) : l'OPCO peut prendre en charge les coûts pédagogiques, la rémunération "
        "dans la limite du coût horaire du SMIC et les frais annexes, garde d'enfants "
        "comprise hors du temps de travail (R6332-40), selon ses critères."
    )
    early = {
        "action": {"start": "2022-03-28", "end": "2022-03-29"},
        "submitted_on": "2022-02-01",
        "provider": {"qualiopi": {"valid_from": "2021-06-01", "valid_until": "2024-05-31"}},
    }
    before = estimate_funding(make_dossier(CSE, early)).decision(PLAN)
    assert before is not None
    assert before.reasons[0].message == (
        "Avant le 31 mars 2022, la formation en santé, sécurité et conditions de travail des "
        "membres du CSE était financée par l'employeur (L2315-18), pas par la section « moins "
        "de cinquante salariés » de l'OPCO."
    )


# --- the caller's barème of another kind -----------------------------------------------


def test_a_caller_envelope_barème_is_named_and_sourced() -> None:
    dossier = make_dossier(company={"headcount": "20", "idcc": None, "opco": "opco_ep"})
    estimate = estimate_funding(dossier, bareme="opco_ep-204-50-299-2026")
    notice = _notice(estimate, "BAREME_OTHER_KIND")
    envelope = rule_data().baremes["opco_ep-204-50-299-2026"]
    assert notice.scheme == PLAN
    assert notice.references == envelope.references
    assert notice.message == (
        "Le barème « opco_ep-204-50-299-2026 » choisi par l'appelant décrit une autre "
        "enveloppe de l'OPCO (plan_50_299) : le plan des moins de 50 salariés ne l'applique "
        "pas et garde son propre barème."
    )


# --- explanations of the lines ---------------------------------------------------------

PREFIX = "Prise en charge {words} par l'OPCO au titre du plan (moins de 50 salariés), selon le "


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (SourceStatus.PRIMARY, "source officielle de l'OPCO"),
        (SourceStatus.SECONDARY, "source secondaire"),
        (SourceStatus.CALLER, "barème fourni par l'appelant"),
    ],
)
def test_an_exact_line_says_which_barème_and_how_sure(status: SourceStatus, words: str) -> None:
    estimate = estimate_funding(make_dossier(), bareme=_bareme(status=status))
    # 40 €/h × 14 h = 560 € ≤ 1 400 €: exact, nothing added after the barème's name.
    assert _line(estimate, CostCategory.PEDAGOGICAL).explanation == (
        PREFIX.format(words="des coûts pédagogiques") + f"barème « Ma branche » ({words})."
    )


def test_an_exact_salary_line_has_no_smic_sentence() -> None:
    salary = {"action": {"costs": {"salary": "500.00"}}}
    line = _line(estimate_funding(make_dossier(salary), bareme=_bareme()), CostCategory.SALARY)
    # 12,02 €/h (the 2026 gross SMIC) × 14 h = 168,28 €, exact.
    assert line.amount == Decimal("168.28") and not line.indicative
    assert line.explanation == (
        PREFIX.format(words="de la rémunération des stagiaires")
        + "barème « Ma branche » (barème fourni par l'appelant)."
    )


def test_a_salary_rate_above_the_smic_explains_the_smic_cost() -> None:
    salary = {"action": {"costs": {"salary": "500.00"}}}
    above = (SizeBandAmount(max_headcount=Decimal(50), amount=Decimal("20.00")),)
    line = _line(
        estimate_funding(make_dossier(salary), bareme=_bareme(salary=above)),
        CostCategory.SALARY,
    )
    # Certain: 12,02 × 14 = 168,28 €; up to 20 × 14 = 280 € (D6332-39, SMIC cost unknown).
    assert line.amount == Decimal("168.28")
    assert line.range is not None and line.range.high == Decimal("280.00")
    assert line.explanation == (
        PREFIX.format(words="de la rémunération des stagiaires")
        + "barème « Ma branche » (barème fourni par l'appelant). Au-delà du SMIC horaire "
        "brut, la prise en charge dépend du coût horaire du SMIC charges comprises "
        "(D6332-39), inconnu de formafin : montant indicatif (borne basse)."
    )


def test_an_unknown_salary_rate_is_an_unknown_figure_not_the_smic_sentence() -> None:
    salary = {"action": {"costs": {"salary": "500.00"}}}
    unknown = (SizeBandAmount(max_headcount=Decimal(50), amount=None),)
    line = _line(
        estimate_funding(make_dossier(salary), bareme=_bareme(salary=unknown)),
        CostCategory.SALARY,
    )
    # Rate unknown: 0 € counted, up to the SMIC, 12,02 × 14 = 168,28 €.
    assert line.amount == Decimal("0.00")
    assert line.range is not None and line.range.high == Decimal("168.28")
    assert line.explanation == (
        PREFIX.format(words="de la rémunération des stagiaires")
        + "barème « Ma branche » (barème fourni par l'appelant). Un chiffre du barème est "
        "inconnu de formafin : montant indicatif (borne basse)."
    )


def test_an_unknown_annex_rule_is_an_unknown_figure() -> None:
    annex = {"action": {"costs": {"annex": "90.00"}}}
    line = _line(
        estimate_funding(make_dossier(annex), bareme=_bareme(annex=AnnexRule(funded=None))),
        CostCategory.ANNEX,
    )
    # The OPCO's annex rule unknown: from 0 to the 90 € declared.
    assert (line.amount, line.range and line.range.high) == (Decimal("0.00"), Decimal("90.00"))
    assert line.explanation.endswith(
        "(barème fourni par l'appelant). Un chiffre du barème est inconnu de formafin : "
        "montant indicatif (borne basse)."
    )


def test_without_barème_the_line_says_so() -> None:
    # IDCC 9999 has no barème: the indicative range of the plan.
    dossier = make_dossier(company={"idcc": None, "opco": "atlas"})
    line = _line(estimate_funding(dossier), CostCategory.PEDAGOGICAL)
    assert line.explanation == (
        "Prise en charge des coûts pédagogiques par l'OPCO au titre du plan (moins de 50 "
        "salariés). Aucun barème connu pour cet OPCO, cette branche et cette date : montant "
        "indicatif, borne basse d'une fourchette observée chez les OPCO. Fournissez le "
        "barème de votre OPCO pour un chiffrage exact."
    )


# --- the last known barème -------------------------------------------------------------


def _old(**changes: Any) -> Bareme:
    """An outdated barème of 2024 (the estimate is made for 2026)."""
    return _bareme(
        id="ancien",
        branch="Branche test",
        valid_from=date(2024, 1, 1),
        valid_until=date(2024, 12, 31),
        status=SourceStatus.PRIMARY,
        **changes,
    )


def _last_known(dossier: Any, old: Bareme) -> Any:
    return evaluate_opco_plan(
        dossier, date(2026, 3, 16), resolve_opco("1486"), None, rule_data(), last_known=old
    )


PERIOD = "dernier barème connu « ancien » (barème du 01/01/2024 au 31/12/2024) : "
EXPLAINED = (
    "Prise en charge {words} par l'OPCO au titre du plan (moins de 50 salariés), estimée "
    "avec le dernier barème connu de la branche, « Branche test » (barème du 01/01/2024 au "
    "31/12/2024) : aucun barème en vigueur à cette date n'est connu de formafin. Montant "
    "indicatif ; la fourchette reprend aussi les bornes observées sans barème. Fournissez le "
    "barème en vigueur pour un chiffrage exact."
)


def test_a_category_the_old_barème_does_not_fund_keeps_the_range_without_barème() -> None:
    # Old barème: 40 €/h, no salary band, annex not funded. Costs: 1 400 € pedagogical,
    # 0 € salary, 90 € annex.
    old = _old(salary=(), annex=AnnexRule(funded=False))
    dossier = make_dossier(action={"costs": {"annex": "90.00"}})
    outcome = _last_known(dossier, old)
    by_category = {claim.category: claim for claim in outcome.claims}
    # No salary cost: no salary claim; the annex claim after it is still there.
    assert set(by_category) == {CostCategory.PEDAGOGICAL, CostCategory.ANNEX}
    annex = by_category[CostCategory.ANNEX]
    # Old barème: nothing; without barème: 0 to the 90 € declared.
    assert (annex.low, annex.high) == (Decimal("0"), Decimal("90.00"))
    assert say(annex.basis) == (
        PERIOD + "rien ; sans barème : règle de l'OPCO sur les frais annexes inconnue : "
        "de 0 au coût réel"
    )
    assert say(annex.explanation) == EXPLAINED.format(words="des frais annexes")
    assert annex.flagged and annex.bareme_id == "ancien"
    assert annex.references[-1] == CALLER_REF  # the old barème's source, last
    # The old barème's "not funded" notice is kept beside the range.
    assert [n.code for n in outcome.notices if n.code == "CATEGORY_NOT_FUNDED"] == [
        "CATEGORY_NOT_FUNDED"
    ]
    pedagogical = by_category[CostCategory.PEDAGOGICAL]
    # Old: 40 €/h × 14 h = 560 €; without barème up to 55 €/h × 14 h = 770 €.
    assert (pedagogical.low, pedagogical.high) == (Decimal("560.00"), Decimal("770.00"))
    assert say(pedagogical.basis).startswith(PERIOD + "Taux horaire : 40,00\xa0€/h × 14 h")
    assert " ; sans barème : taux horaire indicatif de 20,00\xa0€ à 55,00\xa0€/h" in say(
        pedagogical.basis
    )
    names = [p.name for p in pedagogical.parameters]
    assert "plan.indicative_hourly_high" in names  # the range's parameters
    assert "plan.headcount_threshold" in names  # the old barème's computation


def test_the_old_barème_above_the_range_without_barème_keeps_its_own_high() -> None:
    # Old barème: 100 €/h × 14 h = 1 400 €, above the 55 €/h × 14 h = 770 € of the range.
    rule = (PedagogicalRule(label="Taux horaire", amount=Decimal("100.00")),)
    outcome = _last_known(make_dossier(), _old(pedagogical=rule))
    claim = next(c for c in outcome.claims if c.category is CostCategory.PEDAGOGICAL)
    assert (claim.low, claim.high) == (Decimal("1400.00"), Decimal("1400.00"))


def test_the_old_barème_pays_where_the_range_without_barème_has_nothing_left() -> None:
    # 10 000 € already used this year: the indicative annual cap (at most 6 000 €) is spent,
    # so without barème nothing; the old barème has no annual cap: 40 €/h × 14 h = 560 €.
    dossier = make_dossier(company={"opco_plan_used": "10000.00"})
    outcome = _last_known(dossier, _old(annual_caps=()))
    (claim,) = outcome.claims
    assert (claim.category, claim.low, claim.high) == (
        CostCategory.PEDAGOGICAL,
        Decimal("560.00"),
        Decimal("560.00"),
    )
    assert " ; sans barème" not in claim.basis
    assert claim.parameters  # the old barème's traces only
    assert "plan.indicative_hourly_high" not in [p.name for p in claim.parameters]


# --- the basis of each line ------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "basis"),
    [
        # 150 € per trainee × 1 trainee.
        (
            PedagogicalRule(label="Forfait", amount=Decimal("150.00"), per="trainee"),
            "Forfait : 150,00\xa0€ × 1 stagiaire(s)",
        ),
        (
            PedagogicalRule(label="Forfait", amount=Decimal("500.00"), per="action"),
            "Forfait : 500,00\xa0€ par action",
        ),
    ],
)
def test_the_pedagogical_basis_names_the_rule(rule: PedagogicalRule, basis: str) -> None:
    line = _line(
        estimate_funding(make_dossier(), bareme=_bareme(pedagogical=(rule,))),
        CostCategory.PEDAGOGICAL,
    )
    assert line.basis.startswith(basis + "; plafond annuel")


def test_actual_cost_and_out_of_cap_theme_are_said() -> None:
    bareme = _bareme(
        pedagogical=(), pedagogical_at_actual_cost=True, out_of_cap_themes=("securite",)
    )
    dossier = make_dossier(action={"themes": ["securite"]})
    line = _line(estimate_funding(dossier, bareme=bareme), CostCategory.PEDAGOGICAL)
    assert line.amount == Decimal("1400.00")  # the actual cost, no annual cap
    assert line.basis == "coûts pédagogiques au réel; thème financé hors plafond annuel"


def test_a_barème_without_salary_band_says_so() -> None:
    salary = {"action": {"costs": {"salary": "500.00"}}}
    estimate = estimate_funding(make_dossier(salary), bareme=_bareme(salary=()))
    notice = next(n for n in estimate.warnings if n.code == "CATEGORY_NOT_FUNDED")
    assert notice.message.endswith(": salaires non pris en charge par le barème.")


def test_a_rate_at_the_smic_is_certain_and_says_nothing_more() -> None:
    salary = {"action": {"costs": {"salary": "500.00"}}}
    estimate = estimate_funding(make_dossier(salary), bareme=_bareme())
    # 12,02 €/h is the gross hourly SMIC of 2026: certain, no notice.
    assert _line(estimate, CostCategory.SALARY).basis == (
        "12,02\xa0€/h du barème × 14 h × 1 stagiaire(s) = 168,28\xa0€"
    )
    assert "SALARY_RATE_ABOVE_GROSS_SMIC" not in [n.code for n in estimate.warnings]
    decision = estimate.decision(PLAN)
    assert decision is not None and not decision.indicative  # every figure known


def test_a_rate_above_the_smic_is_explained_and_flagged() -> None:
    salary = {"action": {"costs": {"salary": "500.00"}}}
    above = (SizeBandAmount(max_headcount=Decimal(50), amount=Decimal("20.00")),)
    estimate = estimate_funding(make_dossier(salary), bareme=_bareme(salary=above))
    assert _line(estimate, CostCategory.SALARY).basis == (
        "20,00\xa0€/h du barème × 14 h × 1 stagiaire(s) = 280,00\xa0€, dont 168,28\xa0€ au "
        "SMIC horaire brut de 12,02\xa0€ (part certaine)"
    )
    notice = _notice(estimate, "SALARY_RATE_ABOVE_GROSS_SMIC")
    assert notice.scheme == PLAN
    assert notice.references[0].id == "C. trav. D6332-39"
    assert len(notice.references) > 1  # and the SMIC's sources
    assert notice.message == (
        "Taux du barème de 20,00\xa0€/h, au-dessus du SMIC horaire brut (12,02\xa0€) : "
        "D6332-39 plafonne la rémunération et les charges sociales au coût horaire du SMIC, "
        "charges comprises, que formafin ne connaît pas ; rémunération comptée de "
        "168,28\xa0€ (SMIC brut) à 280,00\xa0€ (taux de l'OPCO), sans dépasser le coût "
        "déclaré."
    )
    decision = estimate.decision(PLAN)
    assert decision is not None and decision.indicative


def test_a_cap_on_pedagogical_costs_only_leaves_the_salary_range_whole() -> None:
    # Annual cap of 600 € on pedagogical costs only: 560 € used, 40 € left, but the salary
    # is outside it: rate unknown, 0 to 12,02 × 14 = 168,28 € (not 40 €).
    bareme = _bareme(
        annual_caps=(SizeBandAmount(max_headcount=Decimal(50), amount=Decimal("600.00")),),
        annual_cap_scope="pedagogical",
        salary=(SizeBandAmount(max_headcount=Decimal(50), amount=None),),
    )
    salary = {"action": {"costs": {"salary": "500.00"}}}
    line = _line(estimate_funding(make_dossier(salary), bareme=bareme), CostCategory.SALARY)
    assert line.range is not None and line.range.high == Decimal("168.28")


def test_an_action_of_exactly_the_minimum_duration_meets_it() -> None:
    # « durée minimale » of 14 h, action of 14 h: not below it.
    estimate = estimate_funding(make_dossier(), bareme=_bareme(min_action_hours=Decimal("14")))
    decision = estimate.decision(PLAN)
    assert decision is not None and decision.eligible
    check = next(c for c in decision.checks if c.code == "DURATION_OK")
    assert check.message == "Durée de 14 h conforme au minimum de 14 h du barème."
    assert check.references == (CALLER_REF,)


@pytest.mark.parametrize(
    ("status", "words"),
    [("believed", "source peu sûre, à confirmer"), ("indicative", "valeurs indicatives")],
)
def test_a_caller_bareme_of_weak_status_is_explained_in_french(status: str, words: str) -> None:
    """No English status word (« believed ») in a French explanation."""
    shipped = rule_data().bareme("constructys-tp-2025")
    bareme = Bareme.model_validate({**shipped.model_dump(), "status": status})
    dossier = make_dossier(
        company={"headcount": "8", "idcc": "1702"},
        action={"start": "2025-04-07", "end": "2025-04-11", "hours": "35"},
        submitted_on="2025-03-01",
    )
    estimate = estimate_funding(dossier, bareme=bareme)
    texts = [line.explanation for line in estimate.lines if line.scheme == "opco_plan"]
    assert texts and all(f"({words})" in text for text in texts)
    assert all(f"({status})" not in text for text in texts)
