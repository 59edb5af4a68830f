"""Invariants that hold for every valid dossier (proved with formafin.testing strategies)."""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal
from random import Random

from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from formafin import CostCategory, Dossier, FundingEstimate, UnsupportedDateError, estimate_funding
from formafin.result import SchemeId
from formafin.testing import dates_around_changes, dossiers

from .conftest import make_dossier


def _estimate(dossier: Dossier, as_of: date | None = None) -> FundingEstimate | None:
    try:
        return estimate_funding(dossier, as_of=as_of)
    except UnsupportedDateError:
        return None


# Notices about the whole estimate rather than one scheme, and those without a text to cite.
_GLOBAL_NOTICES = {
    "IDCC_REPLACED",
    "OPCO_IDCC_MISMATCH",
    "OPCO_CHANGED_SINCE_2019",
    "OPCO_INDICATIVE",
    "INDICATIVE_AMOUNTS",
    "INTERNAL_TRAINING_QUALIOPI_UNCONFIRMED",
    "QUALIOPI_VALIDITY_TOO_LONG",
    "RULES_NOT_VERIFIED_AT_DATE",
    "SCHEMES_ON_REQUEST",
}
_UNSOURCED = {"RULES_NOT_VERIFIED_AT_DATE", "SCHEMES_ON_REQUEST"}


def _check_explanations(estimate: FundingEstimate) -> None:
    """Every message is a French sentence, every reason cites a source, every notice that
    concerns a scheme says which."""
    items = [(r, None) for d in estimate.decisions for r in (*d.reasons, *d.checks)]
    items += [(r, None) for a in estimate.aids for r in a.reasons]
    for item, _ in items:
        assert item.references, item.code
    for notice in estimate.warnings:
        assert notice.references or notice.code in _UNSOURCED, notice.code
        assert notice.scheme is not None or notice.code in _GLOBAL_NOTICES, notice.code
    texts = [item.message for item, _ in items] + [n.message for n in estimate.warnings]
    texts += [line.explanation for line in estimate.lines]
    for line in estimate.lines:
        assert line.basis and line.basis != line.basis.upper(), line.basis
    for text in texts:
        assert text and text == text.strip(), text
        assert text[0].isupper() or text[0].isdigit() or text[0] in "«—", text
        assert text != text.upper(), text
    for text in [item.message for item, _ in items] + [n.message for n in estimate.warnings]:
        assert text.endswith((".", "»")), text
    for line in estimate.lines:
        assert line.references and line.basis and line.explanation, line


def _check_invariants(estimate: FundingEstimate, dossier: Dossier) -> None:
    _check_explanations(estimate)
    # Results are built without re-validation (speed): validating them must change nothing.
    assert FundingEstimate.model_validate(estimate.model_dump()) == estimate
    costs = dossier.action.costs
    cost_of = {
        CostCategory.PEDAGOGICAL: costs.pedagogical,
        CostCategory.SALARY: costs.salary,
        CostCategory.ANNEX: costs.annex,
    }
    for line in estimate.lines:
        assert line.amount >= 0 and line.claimed >= 0
        assert line.amount.as_tuple().exponent == -2
        if line.range is not None:
            assert line.range.low <= line.amount <= line.range.high <= cost_of[line.category]
    for total in estimate.categories:
        funded = sum(
            (line.amount for line in estimate.lines if line.category is total.category), Decimal(0)
        )
        assert total.funded == funded <= total.cost == cost_of[total.category]
        assert total.remaining == total.cost - total.funded >= 0
    assert estimate.total_cost == costs.total
    assert estimate.total_funded == sum((line.amount for line in estimate.lines), Decimal(0))
    assert 0 <= estimate.total_funded <= estimate.total_cost
    assert estimate.remaining_cost == estimate.total_cost - estimate.total_funded
    assert estimate.remaining_employer + estimate.remaining_trainee == estimate.remaining_cost
    assert estimate.remaining_employer >= 0 and estimate.remaining_trainee >= 0
    if estimate.remaining_cost_range is not None:
        assert estimate.remaining_cost_range.high == estimate.remaining_cost
    for decision in estimate.decisions:
        if not decision.eligible:
            assert decision.reasons
            assert not [line for line in estimate.lines if line.scheme is decision.scheme]


@given(dossiers())
def test_invariants_for_every_dossier(dossier: Dossier) -> None:
    estimate = _estimate(dossier)
    if estimate is not None:
        _check_invariants(estimate, dossier)


@given(dossiers(), dates_around_changes())
def test_invariants_on_both_sides_of_every_rule_change(dossier: Dossier, day: date) -> None:
    estimate = _estimate(dossier, as_of=day)
    if estimate is not None:
        _check_invariants(estimate, dossier)


@given(dossiers())
def test_same_input_same_output(dossier: Dossier) -> None:
    first, second = _estimate(dossier), _estimate(dossier)
    assert first == second
    if first is not None:
        assert first.model_dump_json() == second.model_dump_json()  # type: ignore[union-attr]


def _substance(estimate: FundingEstimate | None) -> object:
    """Amounts, statuses and reason codes: what must not depend on the trainees' order."""
    if estimate is None:
        return None
    return (
        sorted((line.scheme, line.category, line.payer, line.amount) for line in estimate.lines),
        [(d.scheme, d.status, sorted(r.code for r in d.reasons)) for d in estimate.decisions],
        estimate.categories,
        estimate.remaining_employer,
        estimate.remaining_trainee,
        sorted(w.code for w in estimate.warnings),
    )


@given(dossiers(), st.randoms(use_true_random=False))
def test_order_of_trainees_changes_nothing(dossier: Dossier, random: Random) -> None:
    trainees = list(dossier.trainees)
    random.shuffle(trainees)
    shuffled = dossier.model_copy(update={"trainees": tuple(trainees)})
    assert _substance(_estimate(dossier)) == _substance(_estimate(shuffled))


@given(dossiers(), st.integers(min_value=1, max_value=50_000))
def test_more_cost_never_less_funding(dossier: Dossier, extra: int) -> None:
    costs = dossier.action.costs
    richer = dossier.model_copy(
        update={
            "action": dossier.action.model_copy(
                update={
                    "costs": costs.model_copy(update={"pedagogical": costs.pedagogical + extra})
                }
            )
        }
    )
    before, after = _estimate(dossier), _estimate(richer)
    if before is not None and after is not None:
        assert after.total_funded >= before.total_funded


@given(dossiers())
def test_json_round_trip(dossier: Dossier) -> None:
    assert Dossier.model_validate_json(dossier.model_dump_json()) == dossier


@given(st.text(max_size=300))
def test_arbitrary_text_raises_only_a_validation_error(text: str) -> None:
    with contextlib.suppress(ValidationError):
        Dossier.model_validate_json(text)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "company",
                        "provider",
                        "action",
                        "trainees",
                        "submitted_on",
                        "headcount",
                        "idcc",
                        "costs",
                        "start",
                        "end",
                        "hours",
                        "title",
                    ]
                ),
                children,
                max_size=6,
            )
        ),
        max_leaves=20,
    )
)
def test_arbitrary_json_values_raise_only_a_validation_error(value: object) -> None:
    with contextlib.suppress(ValidationError):
        Dossier.model_validate(value)


def test_crossing_50_changes_only_the_plan_decision() -> None:
    small, large = (
        make_dossier(company={"headcount": "49"}),
        make_dossier(company={"headcount": "50"}),
    )
    small_estimate, large_estimate = estimate_funding(small), estimate_funding(large)
    assert small_estimate.opco == large_estimate.opco
    # From 50 the OPCO's envelope on conventional or voluntary funds (L6332-1-2) is decided
    # too; every other scheme is the same list.
    envelope = SchemeId.OPCO_50_299
    assert small_estimate.decision(envelope) is None
    assert large_estimate.decision(envelope) is not None
    large_decisions = [d for d in large_estimate.decisions if d.scheme is not envelope]
    assert [d.scheme for d in small_estimate.decisions] == [d.scheme for d in large_decisions]
    changed = [
        (a.scheme, a.status, b.status)
        for a, b in zip(small_estimate.decisions, large_decisions, strict=True)
        if a.status != b.status
    ]
    assert all(
        any(
            "L130-1" in ref.id or "L6332" in ref.id
            for reason in large_estimate.decision(scheme).reasons  # type: ignore[union-attr]
            for ref in reason.references
        )
        for scheme, _, _ in changed
    )
    assert changed
