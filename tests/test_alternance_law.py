"""Alternance rules built from the texts (issue 14, points 1, 2, 9 and 10).

Every expected figure is computed here from the article or décret quoted, not read from the
code: D6243-1/-2 (and their earlier wordings), décrets n° 2020-1085, 2022-1714, 2025-174,
2025-1031, 2026-168; L6222-18 and R6332-25-1; L6325-13/-14, D6332-86, D6332-92/-93.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from formafin import Payer, SchemeId, estimate_funding
from formafin.data import rule_data

from .conftest import make_dossier
from .test_alternance import PRO, _aid, _apprenticeship

CENT = Decimal("0.01")


def _down(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_DOWN)


def _codes(estimate: Any) -> list[str]:
    return [w.code for w in estimate.warnings]


# --- 1. the aid is paid for the months the contract runs in its first year ----------------


def test_rupture_before_november_2025_stops_the_aid_the_month_after() -> None:
    # Concluded 2025-03-10 (décret 2025-174: 5 000 €, < 250, level 4), ruptured 2025-06-05:
    # « n'est pas due à compter du mois suivant » → March, April, May, June: 4/12 × 5 000 €.
    estimate = _apprenticeship(
        4, "20", concluded_on="2025-03-10", start="2025-03-10", end="2027-03-09",
        ruptured_on="2025-06-05",
    )  # fmt: skip
    aid = _aid(estimate)
    assert aid.amount == _down(Decimal(5000) * 4 / 12)  # 1 666,66 €
    assert "rupture anticipée" in aid.basis and "06/2025 entier" in aid.basis
    assert "APPRENTICESHIP_AID_MONTHLY_READING" in _codes(estimate)


def test_rupture_from_november_2025_stops_the_aid_the_day_after() -> None:
    # Concluded 2026-04-15 (décret 2026-168: 4 500 €, < 250, level 5), start 2026-09-01,
    # last day 2026-11-10: « pas due à compter du jour suivant » → September, October whole,
    # 10/30 of November: (2 + 10/30)/12 × 4 500 € = 875 €.
    aid = _aid(_apprenticeship(5, "20", ruptured_on="2026-11-10"))
    assert aid.amount == _down(Decimal(4500) * (2 + Decimal(10) / 30) / 12)
    assert "11/2026 pour 10/30 jours" in aid.basis


def test_short_contract_in_progress_on_1_november_2025_keeps_its_first_month_whole() -> None:
    # NOTA of D6243-2 (décret 2025-1031): no pro rata of the first month for contracts in
    # progress on 2025-11-01. 2025-10-15 → 2026-02-14: October whole, November to January,
    # February 14/28 by day: 4,5/12 × 5 000 € = 1 875 €.
    aid = _aid(
        _apprenticeship(4, "20", concluded_on="2025-10-01", start="2025-10-15", end="2026-02-14")
    )
    assert aid.amount == Decimal("1875.00")


def test_short_contract_from_2026_has_first_and_last_month_by_day() -> None:
    # D6243-2 III: « le montant de l'aide due au titre du premier et du dernier mois du
    # contrat est calculé au prorata temporis ». 2026-04-15 → 2026-10-14: 16/30 of April,
    # May to September, 14/31 of October, of 5 000 € a year.
    aid = _aid(
        _apprenticeship(3, "20", concluded_on="2026-04-01", start="2026-04-15", end="2026-10-14")
    )
    months = Decimal(16) / 30 + 5 + Decimal(14) / 31
    assert aid.amount == _down(Decimal(5000) * months / 12)  # 2 493,72 €


def test_a_whole_first_year_gets_the_whole_aid_even_if_ruptured_later() -> None:
    # Ruptured in the second year: the first-year aid is complete (D6243-2 I).
    aid = _aid(_apprenticeship(5, "20", ruptured_on="2027-10-01"))
    assert aid.amount == Decimal("4500.00") and "première année d'exécution entière" in aid.basis


# --- 2. aid regimes by conclusion and start dates ------------------------------------------


def test_early_2026_rqth_is_the_aide_unique_only_under_250_up_to_bac() -> None:
    # Concluded 2026-02-10: only the aide unique (D6243-1: < 250 employees, up to bac);
    # D6243-2 II: 6 000 € « pour les contrats conclus avec une personne reconnue travailleur
    # handicapé » is that aid's amount.
    small = _aid(_apprenticeship(4, "20", concluded_on="2026-02-10", rqth=True))
    assert small.amount == Decimal("6000.00")
    large = _aid(_apprenticeship(4, "400", concluded_on="2026-02-10", rqth=True))
    assert not large.eligible and [r.code for r in large.reasons] == [
        "APPRENTICESHIP_AID_NOT_COVERED"
    ]
    bts = _aid(_apprenticeship(5, "20", concluded_on="2026-02-10", rqth=True))
    assert not bts.eligible


def test_decret_2026_168_needs_a_start_before_2027() -> None:
    # Concluded 2026-05-01 but starting 2027-01-04: outside décret 2026-168, aide unique only.
    late: dict[str, Any] = {
        "concluded_on": "2026-05-01",
        "start": "2027-01-04",
        "end": "2029-01-03",
    }
    level_6 = _aid(_apprenticeship(6, "20", **late))
    assert not level_6.eligible and "2026-168" in level_6.reasons[0].message
    level_3 = _aid(_apprenticeship(3, "20", **late))
    assert level_3.amount == Decimal("5000.00")  # D6243-2 II, aide unique
    on_time = _aid(_apprenticeship(6, "20", concluded_on="2026-05-01", start="2026-12-31"))
    assert on_time.amount == Decimal("2000.00")  # décret 2026-168, < 250, levels 6-7


def test_levels_above_7_get_nothing_under_2025_decree_rqth_included() -> None:
    aid = _aid(_apprenticeship(8, "20", concluded_on="2025-06-01", rqth=True))
    assert [r.code for r in aid.reasons] == ["APPRENTICESHIP_AID_LEVEL_NOT_COVERED"]


def test_aide_unique_of_2019_is_4125_the_first_year() -> None:
    # D6243-2 (2019): 4 125 € the first year, < 250 employees, up to the baccalauréat.
    estimate = _apprenticeship(
        4, "20", concluded_on="2019-09-01", start="2019-09-01", end="2021-08-31", npec=None
    )
    assert _aid(estimate).amount == Decimal("4125.00")
    assert "APPRENTICESHIP_AID_LATER_YEARS" in _codes(estimate)
    bts = _aid(_apprenticeship(5, "20", concluded_on="2019-09-01", start="2019-09-01"))
    assert [r.code for r in bts.reasons] == ["APPRENTICESHIP_AID_NOT_COVERED"]


def test_exceptional_aid_2021_switches_to_8000_the_month_after_18() -> None:
    # Décret 2020-1085 art. 1: 5 000 € under 18, 8 000 € « à compter du premier jour du mois
    # suivant le jour où l'apprenti atteint dix-huit ans ». Born 2003-09-15: 18 on 2021-09-15,
    # 8 000 € from October. September at 5 000/12, October to August at 8 000/12.
    contract: dict[str, Any] = {
        "concluded_on": "2021-09-01",
        "start": "2021-09-01",
        "end": "2023-08-31",
    }
    aid = _aid(_apprenticeship(6, "400", apprentice_birth_date="2003-09-15", **contract))
    assert aid.amount == _down(Decimal(5000) / 12 + Decimal(8000) * 11 / 12)  # 7 750 €
    unknown = _apprenticeship(6, "400", **contract)
    assert _aid(unknown).amount == Decimal("5000.00")
    assert "APPRENTICESHIP_AID_AGE_UNKNOWN" in _codes(unknown)
    assert "APPRENTICESHIP_AID_QUOTA_CONDITION" in _codes(unknown)


def test_2023_2024_is_6000_for_every_size_up_to_level_7() -> None:
    # Décret 2022-1714: aide unique 6 000 € and exceptional aid 6 000 € up to level 7.
    dates: dict[str, Any] = {"concluded_on": "2023-09-01", "start": "2023-09-01"}
    assert _aid(_apprenticeship(7, "400", **dates)).amount == Decimal("6000.00")
    assert _aid(_apprenticeship(3, "20", **dates)).amount == Decimal("6000.00")
    level_8 = _aid(_apprenticeship(8, "20", **dates))
    assert [r.code for r in level_8.reasons] == ["APPRENTICESHIP_AID_LEVEL_NOT_COVERED"]


def test_2027_contracts_get_the_permanent_aide_unique() -> None:
    dates: dict[str, Any] = {"concluded_on": "2027-01-10", "start": "2027-02-01"}
    assert _aid(_apprenticeship(4, "20", **dates)).amount == Decimal("5000.00")
    assert not _aid(_apprenticeship(4, "300", **dates)).eligible


# --- 9. the 750 € participation and the 45 days of practical training ---------------------


def _opco_line(estimate: Any) -> Any:
    return next(x for x in estimate.lines if x.scheme is SchemeId.APPRENTISSAGE)


def test_rupture_within_45_days_of_practical_training() -> None:
    # R6332-25-1: on a rupture during the 45 days of practical training (consecutive or not,
    # L6222-18), 50 % of the NPEC pro rata of the days done, within 750 €. 2026-09-01 →
    # 2026-10-20 = 50 days done, 30 of them in the company: 8 000 × 50 % × 50/365 = 547,94 €.
    estimate = _apprenticeship(6, "20", ruptured_on="2026-10-20", company_training_days=30)
    participation = Decimal(8000) * Decimal("0.5") * 50 / 365
    assert _opco_line(estimate).amount == _down(Decimal(8000) - participation)
    assert not estimate.indicative


def test_rupture_after_45_days_of_practical_training_owes_750() -> None:
    estimate = _apprenticeship(6, "20", ruptured_on="2026-10-20", company_training_days=46)
    assert _opco_line(estimate).amount == Decimal("7250.00")  # 8 000 − 750


def test_unknown_practical_days_after_45_calendar_days_is_a_range() -> None:
    estimate = _apprenticeship(6, "20", ruptured_on="2026-10-20")
    assert estimate.indicative
    assert "APPRENTICESHIP_PRACTICAL_DAYS_UNKNOWN" in _codes(estimate)
    assert estimate.remaining_cost_range is not None
    # Cost 8 500 €: the employer keeps 500 € plus between 547,94 € and 750 €.
    low = Decimal(8500) - _down(Decimal(8000) - Decimal(8000) * Decimal("0.5") * 50 / 365)
    assert estimate.remaining_cost_range.low == low
    assert estimate.remaining_cost_range.high == Decimal("1250.00")


def test_no_participation_for_contracts_concluded_before_july_2025() -> None:
    estimate = _apprenticeship(6, "20", concluded_on="2025-06-20", start="2025-09-01")
    assert _opco_line(estimate).amount == Decimal("8000.00")


def test_practical_days_cannot_exceed_the_days_elapsed() -> None:
    with pytest.raises(ValidationError, match="company_training_days"):
        _apprenticeship(6, "20", ruptured_on="2026-09-10", company_training_days=11)
    with pytest.raises(ValidationError, match="ruptured_on"):
        _apprenticeship(6, "20", ruptured_on="2026-08-31")


def test_participation_parameters_start_with_their_text() -> None:
    data = rule_data()

    def first_valued(name: str) -> date:
        return next(v.start for v in data.parameter(name).values if v.value is not None)

    for name in (
        "apprentissage.employer_participation",
        "apprentissage.participation_min_level",
        "apprentissage.participation_rupture_share",
        "apprentissage.participation_grace_days",
        "apprentissage.participation_after_rupture",
        "apprentissage.npec_distance_cut",
        "apprentissage.npec_distance_floor",
    ):
        assert first_valued(name) == date(2025, 7, 1), name  # décrets 2025-585 and 2025-586
    # D6224-1 (transmission to the OPCO) is in force from 2020-01-01.
    assert first_valued("apprentissage.sent_within_working_days") == date(2020, 1, 1)


# --- 10. contrat de professionnalisation --------------------------------------------------


def _pro_funded(estimate: Any) -> Decimal:
    return estimate.funded_by(SchemeId.CONTRAT_PRO)


def test_geiq_insertion_gets_15_euros_an_hour_from_october_2020() -> None:
    # D6332-86: 15 €/h for « les personnes en parcours d'insertion dans un [GEIQ] »:
    # 15 × 400 h = 6 000 € (costs 6 000 + 2 000 €, pedagogical first).
    geiq = estimate_funding(make_dossier(PRO, professionalisation={"geiq_insertion": True}))
    assert _pro_funded(geiq) == Decimal("6000.00")
    line = next(x for x in geiq.lines if x.scheme is SchemeId.CONTRAT_PRO)
    assert "GEIQ" in line.basis


def test_geiq_before_october_2020_keeps_the_general_forfait() -> None:
    old = estimate_funding(
        make_dossier(
            PRO,
            action={"start": "2020-09-21", "end": "2021-09-10"},
            submitted_on="2020-09-01",
            provider={"qualiopi": None},
            professionalisation={
                "concluded_on": "2020-09-15",
                "start": "2020-09-21",
                "end": "2021-09-20",
                "geiq_insertion": True,
            },
        )
    )
    assert _pro_funded(old) == Decimal("9.15") * 400
    assert "CONTRAT_PRO_GEIQ_BEFORE_OCTOBER_2020" in _codes(old)


def test_branch_agreement_may_raise_the_training_share_above_25_percent() -> None:
    # L6325-13: 15 to 25 %; 400 h out of 1 000 h is 40 %. L6325-14: a branch agreement may
    # go beyond 25 %.
    without = estimate_funding(make_dossier(PRO, professionalisation={"contract_hours": "1000"}))
    decision = without.decision(SchemeId.CONTRAT_PRO)
    assert decision is not None and not decision.eligible
    with_agreement = estimate_funding(
        make_dossier(
            PRO,
            professionalisation={"contract_hours": "1000", "branch_max_training_share": "0.5"},
        )
    )
    decision = with_agreement.decision(SchemeId.CONTRAT_PRO)
    assert decision is not None and decision.eligible


def _tutor_aids(estimate: Any) -> dict[str, Any]:
    return {a.label: a for a in estimate.aids if a.payer is Payer.OPCO}


def test_tutor_training_and_tutoring_within_their_caps() -> None:
    # D6332-92: 15 €/h within 40 h → 50 h declared: 15 × 40 = 600 €.
    # D6332-93: 230 €/month for six months at most, + 50 % for a tutor of 45 or more:
    # 8 months declared → 230 × 1,5 × 6 = 2 070 € for the one trainee.
    estimate = estimate_funding(
        make_dossier(
            PRO,
            professionalisation={
                "tutor": {"training_hours": "50", "months": 8, "aged_45_or_more": True}
            },
        )
    )
    aids = _tutor_aids(estimate)
    assert aids["Formation du tuteur (OPCO)"].amount == Decimal("600.00")
    assert aids["Exercice du tutorat (OPCO)"].amount == Decimal("2070.00")
    assert "maximum" in aids["Exercice du tutorat (OPCO)"].basis


def test_tutoring_costs_declared_below_the_cap_are_what_is_funded() -> None:
    # 230 × 4 = 920 € cap (no increase); declared costs 500 € → 500 €; training 10 h at
    # 15 €/h = 150 € cap, declared 120 € → 120 €.
    estimate = estimate_funding(
        make_dossier(
            PRO,
            professionalisation={
                "tutor": {
                    "training_hours": "10",
                    "training_costs": "120.00",
                    "months": 4,
                    "tutoring_costs": "500.00",
                }
            },
        )
    )
    aids = _tutor_aids(estimate)
    assert aids["Formation du tuteur (OPCO)"].amount == Decimal("120.00")
    assert aids["Exercice du tutorat (OPCO)"].amount == Decimal("500.00")


def test_tutoring_of_a_priority_public_is_increased() -> None:
    # D6332-93: increase of 50 % when the tutor « accompagne une personne mentionnée à
    # l'article L. 6325-1-1 »: 230 × 1,5 × 2 = 690 €.
    estimate = estimate_funding(
        make_dossier(PRO, professionalisation={"priority_public": True, "tutor": {"months": 2}})
    )
    assert _tutor_aids(estimate)["Exercice du tutorat (OPCO)"].amount == Decimal("690.00")
