"""CPF, second legal pass (issue 14 points 5, 6, 11; issue 12's surviving mutants).

Every expected figure is worked out from the article quoted next to it, not read from
formafin: participation 103,20 € in 2026 (arrêté du 30 décembre 2025), 102,23 € in 2025.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from formafin import DecisionStatus, Payer, SchemeId, estimate_funding

from .conftest import make_dossier

# 250 employees: no OPCO plan, so the CPF alone meets the 1 000 € RNCP training.
ALONE: dict[str, Any] = {
    "company": {"headcount": "250"},
    "action": {
        "certification": "RNCP35185",
        "costs": {"pedagogical": "1000.00"},
        "start": "2026-03-16",
        "end": "2026-03-17",
    },
    "submitted_on": "2026-02-01",
}


def _estimate(*layers: dict[str, Any], **changes: Any) -> Any:
    return estimate_funding(make_dossier(ALONE, *layers, **changes))


def _holder(rights: str, *layers: dict[str, Any], **cpf: Any) -> Any:
    return _estimate(*layers, trainees=[{"cpf": {"rights": rights, **cpf}}])


def _cdc(estimate: Any) -> Decimal:
    return sum(
        (x.amount for x in estimate.lines if x.scheme is SchemeId.CPF and x.payer is Payer.CDC),
        Decimal(0),
    )


def _codes(estimate: Any) -> list[str]:
    return [w.code for w in estimate.warnings]


def _cpf_reasons(estimate: Any) -> list[str]:
    return [r.code for r in estimate.decision(SchemeId.CPF).reasons]


# --- point 5: période de reconversion, L6324-6 ------------------------------------------

RECONVERSION: dict[str, Any] = {
    "company": {"headcount": "120", "idcc": "1486"},
    "action": {
        "start": "2026-03-02",
        "end": "2026-12-18",
        "hours": "300",
        "certification": "RNCP35185",
        "costs": {"pedagogical": "4500.00"},
    },
    "submitted_on": "2026-02-16",
    "reconversion": {"kind": "internal", "period_start": "2026-03-02", "period_end": "2026-12-31"},
}


def test_in_a_reconversion_the_employee_pays_nothing_beyond_his_cpf() -> None:
    dossier = make_dossier(RECONVERSION, trainees=[{"contract": "cdi", "cpf": {"rights": "1000"}}])
    estimate = estimate_funding(dossier)
    assert estimate.decision(SchemeId.PERIODE_RECONVERSION).eligible  # type: ignore[union-attr]
    # OPCO: 9,15 €/h × 300 h = 2 745 € (D6332-90); 1 755 € left. Internal period: half the
    # rights, 500 € (L6324-10). Participation 103,20 € out of the CPF: 1 755 − 103,20 = 1 651,80
    # open, the rights pay 500 €. L6324-6: nothing from the employee; the employer bears
    # 1 755 − 500 = 1 255 €, participation included (R6323 lets him pay it).
    assert _cdc(estimate) == Decimal("500.00")
    assert estimate.remaining_trainee == 0
    assert estimate.remaining_employer == Decimal("1255.00")
    assert "CPF_RECONVERSION_NOTHING_FOR_EMPLOYEE" in _codes(estimate)


def test_reconversion_participation_paid_by_the_opco() -> None:
    cpf = {"rights": "1000", "participation_paid_by": "opco"}
    estimate = estimate_funding(make_dossier(RECONVERSION, trainees=[{"cpf": cpf}]))
    opco_cpf = [x for x in estimate.lines if x.scheme is SchemeId.CPF and x.payer is Payer.OPCO]
    # R6323: the OPCO may pay the 103,20 € participation; the employer then bears 1 151,80 €.
    assert [x.amount for x in opco_cpf] == [Decimal("103.20")]
    assert estimate.remaining_trainee == 0
    assert estimate.remaining_employer == Decimal("1151.80")


# --- point 6: who bears the remainder ----------------------------------------------------


def test_co_construction_the_employer_bears_the_rest_and_the_participation() -> None:
    estimate = _holder("750.00", initiative="employer")
    # Rights 750 € of 1 000 € (participation 103,20 € set apart first: 896,80 € open, the rights
    # pay 750 €). The action is the employer's: he pays 146,80 € + 103,20 € = 250 €.
    assert _cdc(estimate) == Decimal("750.00")
    assert estimate.remaining_trainee == 0
    assert estimate.remaining_employer == Decimal("250.00")
    assert "CPF_CO_CONSTRUCTION" in _codes(estimate)


def test_co_construction_with_an_employer_abondement_waives_the_participation() -> None:
    estimate = _holder("750.00", initiative="employer", employer_abondement="250.00")
    # L6323-7: an employer abondement (L6323-4 II 2°) waives the participation: rights 750 €,
    # abondement 250 €; nothing left to anyone but the employer's own abondement.
    assert _cdc(estimate) == Decimal("750.00")
    assert estimate.remaining_trainee == 0
    assert estimate.remaining_employer == Decimal("250.00")
    assert "CPF_PARTICIPATION_DUE" not in _codes(estimate)


def test_an_employee_on_mon_compte_formation_keeps_the_remainder() -> None:
    # R6333-3: "les frais de formation qui ne sont pas financés par les droits mobilisés [...]
    # restent à la charge du titulaire": max(103,20 ; 1 000 − 750) = 250 €.
    for initiative in (None, "holder"):
        estimate = _holder("750.00", initiative=initiative)
        assert estimate.remaining_trainee == Decimal("250.00")
        assert estimate.remaining_employer == 0
        assert "CPF_CO_CONSTRUCTION_ASSUMED" not in _codes(estimate)


def test_the_holders_choice_wins_over_the_plan_default() -> None:
    plan = {"company": {"headcount": "8"}}
    bareme = "opco_ep-177-2026"  # 50 €/h × 14 h = 700 € of the 1 000 €: 300 € left
    assumed = estimate_funding(
        make_dossier(ALONE, plan, trainees=[{"cpf": {"rights": "100"}}]), bareme=bareme
    )
    chosen = estimate_funding(
        make_dossier(ALONE, plan, trainees=[{"cpf": {"rights": "100", "initiative": "holder"}}]),
        bareme=bareme,
    )
    # Same funding lines; only the split of what is left differs.
    assert assumed.remaining_cost == chosen.remaining_cost > 0
    assert assumed.remaining_trainee == 0 and "CPF_CO_CONSTRUCTION_ASSUMED" in _codes(assumed)
    assert chosen.remaining_trainee > 0


# --- point 11: licences and bilans --------------------------------------------------------

LICENCE: dict[str, Any] = {"action": {"cpf_kind": "permis_leger", "certification": None}}


def _on(day: str) -> dict[str, Any]:
    return {
        "action": {"start": day, "end": day},
        "submitted_on": "2023-01-02",
        "provider": {"qualiopi": {"valid_from": "2023-01-01"}},
    }


def test_light_licences_other_than_b_only_from_2024() -> None:
    moto = {"action": {"licence_category": "A"}}
    # Before the loi n° 2023-479 (in force 1 January 2024), only B in the light group.
    before = _holder("2000", LICENCE, moto, _on("2023-12-29"))
    assert _cpf_reasons(before) == ["CPF_LICENCE_CATEGORY_NOT_ELIGIBLE"]
    car = _holder("2000", LICENCE, _on("2023-12-29"))  # no category given: B
    assert car.decision(SchemeId.CPF).eligible
    after = _holder("2000", LICENCE, moto, _on("2024-01-02"))
    assert after.decision(SchemeId.CPF).eligible
    # Before the participation (2 May 2024): the CPF pays the whole 1 000 €.
    assert _cdc(after) == Decimal("1000.00")


def test_the_be_licence_is_outside_the_no_valid_licence_condition() -> None:
    held = {"holds_valid_light_licence": True, "employer_abondement": "100.00"}
    be = _holder("3000", LICENCE, {"action": {"licence_category": "BE"}}, **held)
    # D6323-8 I al. 4: "groupe léger autre que le permis de la catégorie BE".
    assert be.decision(SchemeId.CPF).eligible
    # 1 000 €: own rights within the 900 € cap (D6323-1 A 3°), the employer's 100 € above.
    assert _cdc(be) == Decimal("900.00")
    b = _holder("3000", LICENCE, **held)
    assert _cpf_reasons(b) == ["CPF_LIGHT_LICENCE_ALREADY_HELD"]


def test_a_job_seeker_needs_no_third_party_for_a_light_licence() -> None:
    # L6323-6 II 4° (since 21 February 2026): "pour les demandeurs d'emploi ou lorsque la
    # préparation fait l'objet d'un financement par l'un des tiers".
    seeker = _estimate(LICENCE, trainees=[{"job_seeker": True, "cpf": {"rights": "3000"}}])
    assert seeker.decision(SchemeId.CPF).eligible
    assert _cdc(seeker) == Decimal("900.00")  # D6323-1 A 3° cap; no participation (L6323-7)
    employee = _estimate(LICENCE, trainees=[{"cpf": {"rights": "3000"}}])
    assert _cpf_reasons(employee) == ["CPF_LIGHT_LICENCE_CONDITIONS"]


BILAN: dict[str, Any] = {
    "action": {
        "category": "bilans_de_competences",
        "certification": None,
        "hours": "24",
        "end": "2026-03-20",
        "costs": {"pedagogical": "2000.00"},
    },
    "provider": {"qualiopi": {"categories": ["bilans_de_competences"]}},
}


def test_a_bilan_funds_only_its_support_hours_from_february_2026() -> None:
    estimate = _holder("3000", BILAN, {"action": {"bilan_support_hours": "18"}})
    # D6323-6: only support hours: 2 000 × 18 / 24 = 1 500 € through the CPF; participation
    # 103,20 € → rights 1 396,80 € (under the 1 600 € cap). The holder pays the 500 € outside
    # the CPF and the participation: 603,20 €.
    assert _cdc(estimate) == Decimal("1396.80")
    assert estimate.remaining_trainee == Decimal("603.20")
    assert "CPF_BILAN_SUPPORT_HOURS_ONLY" in _codes(estimate)


def test_a_bilan_before_the_decree_or_without_the_hours() -> None:
    early = {"action": {"start": "2026-02-16", "end": "2026-02-20", "bilan_support_hours": "18"}}
    before = _holder("3000", BILAN, early)
    # Before 26 February 2026: no support-hours rule and no cap: 2 000 − 103,20 = 1 896,80 €.
    assert _cdc(before) == Decimal("1896.80")
    unknown = _holder("3000", BILAN)
    assert _cdc(unknown) == Decimal("1600.00")  # every hour counted, within the 1 600 € cap
    assert unknown.remaining_trainee == Decimal("400.00")  # 2 000 − 1 600, participation within
    assert "CPF_BILAN_SUPPORT_HOURS_UNKNOWN" in _codes(unknown)


# --- issue 12: mutants that survived ----------------------------------------------------


def test_the_cpf_sees_each_trainees_equal_share_of_the_cost() -> None:
    two = _estimate(
        {"action": {"costs": {"pedagogical": "2000.00"}}},
        trainees=[{"cpf": {"rights": "5000"}}, {}],
    )
    # 2 000 € for two trainees: 1 000 € each; the holder's share less the participation.
    assert _cdc(two) == Decimal("896.80")
    assert two.remaining_trainee == Decimal("103.20")
    assert two.remaining_employer == Decimal("1000.00")  # the other trainee's share
    three = _estimate(
        {"action": {"costs": {"pedagogical": "3000.00"}}},
        trainees=[{"cpf": {"rights": "5000"}}, {"cpf": {"rights": "400"}}, {}],
    )
    # 1 000 € each: 896,80 € + 400 € from the CDC; holders pay 103,20 € + 600 €.
    assert _cdc(three) == Decimal("1296.80")
    assert three.remaining_trainee == Decimal("703.20")


def test_a_participation_taken_over_is_taken_off_the_holders_share() -> None:
    # Rights 750 € of 1 000 €: 896,80 € open after the participation, the rights pay 750 €,
    # 146,80 € are left. Whoever takes over the 103,20 € participation, the holder pays 146,80 €.
    by_employer = _holder("750.00", participation_paid_by="employer")
    assert by_employer.remaining_trainee == Decimal("146.80")
    assert by_employer.remaining_employer == Decimal("103.20")
    by_opco = _holder("750.00", participation_paid_by="opco")
    assert by_opco.remaining_trainee == Decimal("146.80")
    assert by_opco.remaining_employer == 0
    assert by_opco.decision(SchemeId.CPF).status is DecisionStatus.ELIGIBLE


def test_every_third_party_counts_towards_the_light_licence_hundred_euros() -> None:
    # D6323-8 I: "Le montant du financement par l'un des tiers [...] ne peut être inférieur à
    # cent euros": 60 € + 50 € from two third parties make 110 € ≥ 100 €.
    opco_other = _holder("3000", LICENCE, opco_abondement="60.00", other_abondement="50.00")
    assert opco_other.decision(SchemeId.CPF).eligible
    employer_opco = _holder("3000", LICENCE, employer_abondement="60.00", opco_abondement="50.00")
    assert employer_opco.decision(SchemeId.CPF).eligible


def test_between_the_law_and_the_decree_a_third_party_is_still_required() -> None:
    # L6323-6 II 4° applies from 21 February 2026, the 100 € minimum of D6323-8 only from the
    # 26th: on the 23rd an employee still needs some third-party funding.
    on_23 = {"action": {"start": "2026-02-23", "end": "2026-02-23"}}
    alone = _holder("3000", LICENCE, on_23)
    assert _cpf_reasons(alone) == ["CPF_LIGHT_LICENCE_CONDITIONS"]
    reason = alone.decision(SchemeId.CPF).reasons[0]
    assert "demandeur d'emploi" in reason.message
    assert any("L6323-6" in ref.id for ref in reason.references)


def test_refusals_name_the_trainee_and_cite_their_article() -> None:
    licence = _estimate(
        LICENCE,
        trainees=[
            {
                "reference": "SAL-7",
                "cpf": {
                    "rights": "3000",
                    "holds_valid_light_licence": True,
                    "employer_abondement": "100",
                },
            }
        ],
    )
    reason = licence.decision(SchemeId.CPF).reasons[0]
    assert reason.message.startswith("Stagiaire SAL-7 :") and "BE" in reason.message
    assert any("D6323-8" in ref.id for ref in reason.references)
    bilan = _holder("3000", BILAN, last_bilan_funded_on="2023-01-10")
    reason = bilan.decision(SchemeId.CPF).reasons[0]
    assert reason.code == "CPF_BILAN_TOO_RECENT" and reason.message.startswith("Stagiaire n° 1 :")
    assert any("D6323-6" in ref.id for ref in reason.references)
    ok = _holder("1000")
    assert "CPF_HOLDER_OK" in [c.code for c in ok.decision(SchemeId.CPF).checks]


def test_any_employer_abondement_waives_the_participation() -> None:
    # L6323-7: no participation "lorsque la formation fait l'objet d'un abondement" of the
    # employer, whatever its amount: with 1 000 € of rights the CPF pays everything.
    estimate = _holder("1000.00", employer_abondement="0.50")
    assert _cdc(estimate) == Decimal("1000.00")
    assert estimate.remaining_trainee == 0


def test_the_opco_dispute_notice_only_where_a_participation_is_due() -> None:
    seeker = _estimate(
        trainees=[{"job_seeker": True, "cpf": {"rights": "500", "opco_abondement": "600"}}]
    )
    assert "CPF_PARTICIPATION_OPCO_DISPUTED" not in _codes(seeker)
    due = _holder("500", opco_abondement="600")
    notice = next(w for w in due.warnings if w.code == "CPF_PARTICIPATION_OPCO_DISPUTED")
    assert notice.scheme is SchemeId.CPF and "L6323-7" in notice.message


def test_abondements_are_served_in_turn_after_the_rights() -> None:
    # R6333-3 3°: abondements after the rights. 1 000 €: participation 103,20 € aside, rights
    # 500 €, OPCO 200 €, the other funder the last 196,80 €; the holder pays the participation.
    estimate = _holder("500", opco_abondement="200", other_abondement="500")
    other = [
        x.amount for x in estimate.lines if x.scheme is SchemeId.CPF and x.payer is Payer.OTHER
    ]
    assert other == [Decimal("196.80")]
    assert estimate.remaining_trainee == Decimal("103.20")
    # The OPCO may also pay the participation (R6323): its line is 200 + 103,20 €.
    paid = _holder("500", opco_abondement="200", participation_paid_by="opco")
    opco = [x.amount for x in paid.lines if x.scheme is SchemeId.CPF and x.payer is Payer.OPCO]
    assert opco == [Decimal("303.20")]
    assert paid.remaining_trainee == Decimal("196.80")  # 1 000 − 103,20 − 500 − 200


def test_the_cap_is_mentioned_only_when_it_cuts_the_rights() -> None:
    rs = {"action": {"certification": "RS5080", "costs": {"pedagogical": "3000.00"}}}
    exact = _holder("1500", rs)  # rights equal to the 1 500 € cap of D6323-1 A 1°: not cut
    line = next(x for x in exact.lines if x.payer is Payer.CDC)
    assert line.amount == Decimal("1500.00") and "plafonnés" not in line.basis
    cut = _holder("5000", rs)
    assert "plafonnés" in next(x for x in cut.lines if x.payer is Payer.CDC).basis


def test_bilan_notices_say_what_is_missing() -> None:
    unknown = _holder("3000", BILAN)
    notice = next(w for w in unknown.warnings if w.code == "CPF_BILAN_SUPPORT_HOURS_UNKNOWN")
    assert notice.message.startswith("Bilan de compétences")
    assert "action.bilan_support_hours" in notice.message and notice.scheme is SchemeId.CPF


def test_the_participation_parameter_is_shown_even_before_it_existed() -> None:
    early = {"action": {"start": "2024-03-11", "end": "2024-03-11"}, "submitted_on": "2024-01-02"}
    estimate = _holder("5000", early)
    line = next(x for x in estimate.lines if x.payer is Payer.CDC)
    used = next(p for p in line.parameters if p.name == "cpf.participation")
    # No participation before 2 May 2024 (décret n° 2024-394): shown as "—", with its source.
    assert used.value == "—" and used.unit == "€"
    assert used.label == "Participation forfaitaire du titulaire"
    assert used.status.value == "primary"
    assert any("L6323-7" in ref.id for ref in used.references)


def _notice(estimate: Any, code: str) -> Any:
    return next(w for w in estimate.warnings if w.code == code)


def test_remainder_notices_say_who_pays_and_cite_the_texts() -> None:
    dossier = make_dossier(RECONVERSION, trainees=[{"cpf": {"rights": "1000"}}])
    notice = _notice(estimate_funding(dossier), "CPF_RECONVERSION_NOTHING_FOR_EMPLOYEE")
    assert notice.scheme is SchemeId.CPF
    assert notice.message.startswith("Période de reconversion : le salarié ne verse rien")
    assert "(due, L6323-7)" in notice.message and "(R6323)" in notice.message
    assert [ref.id for ref in notice.references][:1] == ["C. trav. L6324-6"]
    law = ["C. trav. L6323-2", "C. trav. L6323-4 II 2°", "C. trav. L6323-11"]
    chosen = _notice(_holder("100", initiative="employer"), "CPF_CO_CONSTRUCTION")
    assert chosen.scheme is SchemeId.CPF and [ref.id for ref in chosen.references] == law
    assert "le reste du coût pédagogique et, sans abondement de l'employeur" in chosen.message
    plan = make_dossier(ALONE, {"company": {"headcount": "8"}}, trainees=[{"cpf": {"rights": "1"}}])
    assumed = _notice(estimate_funding(plan), "CPF_CO_CONSTRUCTION_ASSUMED")
    assert assumed.scheme is SchemeId.CPF and [ref.id for ref in assumed.references] == law
    assert assumed.message.startswith("Le plan de l'OPCO finance aussi cette action")
    assert "Mon Compte Formation (le reste est alors à sa charge, R6333-3)" in assumed.message


def test_the_support_hours_notice() -> None:
    estimate = _holder("3000", BILAN, {"action": {"bilan_support_hours": "18"}})
    notice = _notice(estimate, "CPF_BILAN_SUPPORT_HOURS_ONLY")
    assert notice.scheme is SchemeId.CPF
    assert "18 h d'accompagnement sur 24 h" in notice.message
    assert notice.message.endswith("que cette part du coût (D6323-6), le reste est hors CPF.")
    whole = _holder("3000", BILAN, {"action": {"bilan_support_hours": "24"}})
    assert "CPF_BILAN_SUPPORT_HOURS_ONLY" not in _codes(whole)


def test_called_alone_the_rule_leaves_the_remainder_to_the_holder() -> None:
    from datetime import date

    from formafin.data import rule_data
    from formafin.rules.cpf import evaluate_cpf

    dossier = make_dossier(ALONE, trainees=[{"cpf": {"rights": "750.00"}}])
    outcome = evaluate_cpf(dossier, date(2026, 3, 16), rule_data(), Decimal("1000.00"))
    # R6333-3: what the rights do not fund stays with the holder: 1 000 − 750 = 250 €.
    assert outcome.holder_share == Decimal("250.00")


def test_lines_explain_themselves() -> None:
    rs = {"action": {"certification": "RS5080", "costs": {"pedagogical": "3000.00"}}}
    estimate = _holder("5000", rs, opco_abondement="1000.00")
    cdc = next(x for x in estimate.lines if x.payer is Payer.CDC)
    assert cdc.basis.startswith("1 titulaire(s) ; dotation employeur")
    assert cdc.basis.endswith(" ; droits du titulaire plafonnés (D6323-1 A)")
    assert "avant les abondements (R6333-3)" in cdc.explanation
    opco = next(x for x in estimate.lines if x.scheme is SchemeId.CPF and x.payer is Payer.OPCO)
    assert opco.basis == "abondement de l'OPCO : 1\u00a0000,00\u00a0€"  # no-break spaces
    assert opco.explanation.startswith("Abondement de l'OPCO du CPF (L6323-4 II)")
    assert "C. trav. L6323-4 II" in [ref.id for ref in opco.references]
    assert "cpf.participation" in [p.name for p in opco.parameters]


def test_refusals_of_the_action_say_why() -> None:
    plain = _estimate(action={"certification": None}, trainees=[{"cpf": {"rights": "1000"}}])
    reason = plain.decision(SchemeId.CPF).reasons[0]
    assert reason.message.startswith("L'action ne mène ni à une certification")
    assert "une VAE, un bilan de compétences ou un permis" in reason.message
    acre = _holder(
        "1000",
        {"action": {"cpf_kind": "creation_entreprise"}, "submitted_on": "2025-01-02"},
        {"action": {"start": "2025-02-17", "end": "2025-02-17"}},
    )
    reason = acre.decision(SchemeId.CPF).reasons[0]
    assert reason.message.startswith("Les actions d'accompagnement des créateurs")
    assert any("L6323-6" in ref.id for ref in reason.references)
