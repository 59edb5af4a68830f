"""The example package, installed: formafin finds it through its entry point and runs it
in the funding order, between the OPCO's schemes and the CPF."""

from __future__ import annotations

from decimal import Decimal

from formafin_exemple_region import RULE

from formafin import Dossier, SchemeId, estimate_funding, plugin_rules


def _dossier(departement: str, headcount: str) -> Dossier:
    return Dossier.model_validate(
        {
            "company": {"headcount": headcount, "idcc": "1486", "departement": departement},
            "provider": {
                "name": "OF",
                "qualiopi": {
                    "categories": ["actions_de_formation"],
                    "valid_from": "2024-01-01",
                    "valid_until": "2026-12-31",
                },
            },
            "action": {
                "title": "Formation",
                "start": "2026-03-16",
                "end": "2026-03-17",
                "hours": "14",
                "costs": {"pedagogical": "1400.00"},
            },
            "trainees": [{}],
            "submitted_on": "2026-02-01",
        }
    )


def test_the_entry_point_registers_the_rule() -> None:
    assert [rule.scheme for rule in plugin_rules()] == ["exemple.aide_region"]
    assert plugin_rules()[0] is RULE


def test_a_small_company_of_the_region_gets_half_of_what_the_opco_left() -> None:
    estimate = estimate_funding(_dossier("44", "8"))
    decision = estimate.decision("exemple.aide_region")
    assert decision is not None and decision.eligible
    plan = estimate.funded_by(SchemeId.OPCO_PLAN)
    # 50 % of what the plan left of 1 400,00 €, at most 500,00 € for the one trainee.
    expected = min((Decimal("1400.00") - plan) / 2, Decimal("500.00")).quantize(Decimal("0.01"))
    assert estimate.funded_by("exemple.aide_region") == expected
    assert estimate.remaining_cost == Decimal("1400.00") - plan - expected
    line = next(line for line in estimate.lines if line.scheme == "exemple.aide_region")
    assert line.references[0].id == "Exemple fictif"


def test_a_company_of_fifty_is_refused_with_the_reason() -> None:
    decision = estimate_funding(_dossier("44", "50")).decision("exemple.aide_region")
    assert decision is not None and not decision.eligible
    assert [r.code for r in decision.reasons] == ["EXEMPLE_REGION_TAILLE"]


def test_a_company_elsewhere_is_not_concerned() -> None:
    estimate = estimate_funding(_dossier("75", "8"))
    assert estimate.decision("exemple.aide_region") is None
    assert estimate.funded_by("exemple.aide_region") == 0
