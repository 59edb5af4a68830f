"""Caller-declared co-funders: validation, amounts, rates and caps, the order, the payer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from formafin import Dossier
from formafin.data import rule_data
from formafin.facts import say
from formafin.models import CoFunder
from formafin.result import CostCategory, DecisionStatus, Payer
from formafin.rules.co_funder import evaluate_co_funders
from formafin.rules.outcome import SchemeOutcome
from formafin.sources import ReferenceKind, SourceStatus
from formafin.validation import field_errors

from .conftest import dossier_data

# 4 000 € of pedagogical costs, 1 500 € of pay, 200 € of annex costs.
COSTS: dict[str, Any] = {
    "action": {"costs": {"pedagogical": "4000.00", "salary": "1500.00", "annex": "200.00"}}
}
ALL_LEFT = {
    CostCategory.PEDAGOGICAL: Decimal("4000.00"),
    CostCategory.SALARY: Decimal("1500.00"),
    CostCategory.ANNEX: Decimal("200.00"),
}


def _run(
    co_funders: list[dict[str, Any]], left: dict[CostCategory, Decimal] | None = None
) -> SchemeOutcome:
    dossier = Dossier.model_validate(dossier_data(COSTS, co_funders=co_funders))
    return evaluate_co_funders(dossier, rule_data(), ALL_LEFT if left is None else left)


def _claims(outcome: SchemeOutcome) -> list[tuple[str, str, Decimal]]:
    return [(c.category.value, c.payer.value, c.low) for c in outcome.claims]


REGION = {
    "name": "Région Bretagne",
    "kind": "region",
    "category": "pedagogical",
    "amount": "1200.00",
    "reference": "QUALIF Emploi",
    "url": "https://www.bretagne.bzh/",
}


def test_a_declared_amount_is_a_line_paid_by_the_funder_with_a_caller_trace() -> None:
    outcome = _run([REGION])
    assert outcome.decision.status is DecisionStatus.ELIGIBLE
    assert _claims(outcome) == [("pedagogical", "other", Decimal("1200.00"))]
    claim = outcome.claims[0]
    assert claim.references[0].kind is ReferenceKind.CALLER
    assert claim.references[0].url == "https://www.bretagne.bzh/"
    assert claim.parameters[0].status is SourceStatus.CALLER
    assert claim.parameters[0].name == "co_funders[0].amount"


def test_a_voluntary_contribution_is_paid_by_the_employer() -> None:
    funder = {"name": "Versement volontaire", "kind": "employer_voluntary", "category": "salary"}
    outcome = _run([{**funder, "amount": "500.00"}])
    assert _claims(outcome) == [("salary", "employer", Decimal("500.00"))]
    assert outcome.claims[0].payer is Payer.EMPLOYER


def test_a_rate_applies_to_the_category_cost_within_its_cap() -> None:
    agefiph = {"name": "Agefiph", "kind": "agefiph", "category": "pedagogical", "rate": "0.5"}
    # 50 % × 4 000 € = 2 000 €, capped at 1 500 €.
    assert _claims(_run([{**agefiph, "cap": "1500.00"}])) == [
        ("pedagogical", "other", Decimal("1500.00"))
    ]
    # Without a cap: 2 000 €. A rate of 1/3 rounds down to the cent: 1 333,33 €.
    assert _claims(_run([agefiph])) == [("pedagogical", "other", Decimal("2000.00"))]
    third = {**agefiph, "rate": "0.3333"}
    assert _claims(_run([third])) == [("pedagogical", "other", Decimal("1333.20"))]


def test_co_funders_are_served_in_their_order_within_what_is_left() -> None:
    branch = {"name": "Branche", "kind": "branch", "category": "pedagogical", "amount": "3000.00"}
    left = {**ALL_LEFT, CostCategory.PEDAGOGICAL: Decimal("3500.00")}  # 500 € already funded
    outcome = _run([branch, REGION], left=left)
    # The branch takes 3 000 € of the 3 500 € left; the region gets the last 500 € of its 1 200.
    assert _claims(outcome) == [
        ("pedagogical", "other", Decimal("3000.00")),
        ("pedagogical", "other", Decimal("500.00")),
    ]
    assert [n.code for n in outcome.notices] == ["CO_FUNDER_REDUCED"]
    assert "ramené" in say(outcome.claims[1].basis)


def test_nothing_left_means_no_line_and_a_notice() -> None:
    outcome = _run([REGION], left={**ALL_LEFT, CostCategory.PEDAGOGICAL: Decimal("0.00")})
    assert outcome.claims == ()
    assert [n.code for n in outcome.notices] == ["CO_FUNDER_REDUCED"]
    assert outcome.decision.eligible


def test_no_co_funder_no_claim() -> None:
    outcome = _run([])
    assert outcome.claims == () and outcome.decision.eligible


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"amount": "100.00", "rate": "0.5"}, "co_funders[0]", "soit un montant"),
        ({"amount": None}, "co_funders[0]", "soit un montant"),
        ({"cap": "50.00"}, "co_funders[0]", "plafond ne s'applique qu'à un taux"),
        ({"amount": None, "rate": "1.5"}, "co_funders[0].rate", "inférieur ou égal à 1"),
        ({"amount": None, "rate": "-0.1"}, "co_funders[0].rate", "supérieur ou égal à 0"),
        ({"amount": "-1"}, "co_funders[0].amount", "supérieur ou égal à 0"),
        ({"kind": "mairie"}, "co_funders[0].kind", "valeurs permises"),
        ({"category": "frais"}, "co_funders[0].category", "valeurs permises"),
        ({"url": "javascript:alert(1)"}, "co_funders[0].url", "format invalide"),
        ({"name": ""}, "co_funders[0].name", "vide"),
    ],
)
def test_invalid_co_funders_are_refused_naming_the_field(
    changes: dict[str, Any], field: str, words: str
) -> None:
    funder = {k: v for k, v in {**REGION, **changes}.items() if v is not None}
    with pytest.raises(ValidationError) as caught:
        Dossier.model_validate(dossier_data(COSTS, co_funders=[funder]))
    errors = field_errors(caught.value)
    assert any(e.field == field and words in e.message for e in errors), errors


def test_the_list_is_bounded() -> None:
    with pytest.raises(ValidationError) as caught:
        Dossier.model_validate(dossier_data(COSTS, co_funders=[REGION] * 101))
    assert any(e.field == "co_funders" for e in field_errors(caught.value))


def test_fse_plus_request_refuses_more_than_the_whole_base() -> None:
    with pytest.raises(ValidationError) as caught:
        Dossier.model_validate(
            dossier_data(COSTS, fse_plus={"rate": "0.6", "counterpart_rate": "0.5"})
        )
    assert "counterpart_rate" in str(caught.value)


def test_constructor_accepts_strings() -> None:
    funder = CoFunder(name="Région", kind="region", category="annex", rate="0.25", cap="40")
    assert funder.cap == Decimal("40.00") and funder.rate == Decimal("0.25")
