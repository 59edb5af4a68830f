"""50-299 envelope: a caller's barème with a pedagogical rule (docs/testing.md, mutation).

The shipped envelopes fund a share of the costs within an annual envelope; a caller may pass
one with an hourly, per-trainee or per-action rule, as for the plan under 50. Amounts are
computed by hand in the comments.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from formafin import Bareme, CostCategory, estimate_funding
from formafin.result import SchemeId

from .conftest import make_dossier

ENVELOPE = SchemeId.OPCO_50_299
# 120 employees (Syntec, Atlas), 2 trainees, 14 h, 5 000 € of pedagogical costs.
DOSSIER: dict[str, Any] = {
    "company": {"headcount": "120"},
    "trainees": [{}, {}],
    "action": {"costs": {"pedagogical": "5000.00"}},
}


def _envelope(rule: dict[str, Any], share: str | None = None) -> Bareme:
    return Bareme.model_validate(
        {
            "id": "enveloppe-appelant",
            "opco": "atlas",
            "kind": "plan_50_299",
            "branch": "Enveloppe de l'appelant",
            "scope": "by_id_only",
            "status": "caller",
            "last_verified_on": "2026-01-01",
            "references": [{"kind": "caller", "id": "Conseiller OPCO"}],
            "pedagogical": [rule],
            "pedagogical_at_actual_cost": False,
            "pedagogical_share": share,
            "annual_caps": [{"min_headcount": "50", "max_headcount": "300", "amount": "90000"}],
        }
    )


@pytest.mark.parametrize(
    ("rule", "amount", "basis"),
    [
        # 30 €/h × min(14 h, 10 h funded) × 2 trainees = 600 €.
        (
            {"label": "Par heure", "amount": "30.00", "max_funded_hours": "10"},
            Decimal("600.00"),
            "Par heure : 30,00\xa0€/h × 10 h × 2 stagiaire(s) = 600,00\xa0€",
        ),
        # 30 €/h × 14 h × 2 trainees = 840 €.
        (
            {"label": "Par heure", "amount": "30.00"},
            Decimal("840.00"),
            "Par heure : 30,00\xa0€/h × 14 h × 2 stagiaire(s) = 840,00\xa0€",
        ),
        # 150 € × 2 trainees = 300 €.
        (
            {"label": "Forfait", "amount": "150.00", "per": "trainee"},
            Decimal("300.00"),
            "Forfait : 150,00\xa0€ × 2 stagiaire(s)",
        ),
        # 500 € for the action.
        (
            {"label": "Forfait", "amount": "500.00", "per": "action"},
            Decimal("500.00"),
            "Forfait : 500,00\xa0€ par action",
        ),
    ],
)
def test_a_pedagogical_rule_caps_the_envelope(
    rule: dict[str, Any], amount: Decimal, basis: str
) -> None:
    estimate = estimate_funding(make_dossier(DOSSIER), bareme=_envelope(rule))
    (line,) = [x for x in estimate.lines if x.scheme is ENVELOPE]
    assert line.category is CostCategory.PEDAGOGICAL
    assert line.amount == amount and not line.indicative
    assert line.basis.startswith(basis)


def test_the_share_and_the_rule_the_smaller_wins() -> None:
    # Rule: 30 €/h × 14 h × 2 = 840 €; share: 10 % × 5 000 € = 500 €: 500 €.
    rule = {"label": "Par heure", "amount": "30.00"}
    estimate = estimate_funding(make_dossier(DOSSIER), bareme=_envelope(rule, share="0.1"))
    (line,) = [x for x in estimate.lines if x.scheme is ENVELOPE]
    assert line.amount == Decimal("500.00")
    # Share 70 %: 3 500 € > 840 €: the rule's 840 €.
    estimate = estimate_funding(make_dossier(DOSSIER), bareme=_envelope(rule, share="0.7"))
    (line,) = [x for x in estimate.lines if x.scheme is ENVELOPE]
    assert line.amount == Decimal("840.00")
