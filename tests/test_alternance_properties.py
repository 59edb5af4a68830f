"""Invariants of the alternance rules on generated dossiers (formafin.testing strategies)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from formafin import Dossier, FundingEstimate, Payer, SchemeId, UnsupportedDateError
from formafin import estimate_funding as _estimate_funding
from formafin.testing import dossiers

from .test_properties import _check_explanations


def estimate_funding(dossier: Dossier) -> FundingEstimate:
    """The estimate; a contract concluded before the rules' coverage (2019) is skipped."""
    try:
        return _estimate_funding(dossier)
    except UnsupportedDateError:
        assume(False)
        raise


# The largest yearly hiring aid ever encoded: 8 000 € (décret n° 2020-1085, 18 and over).
MOST_AID = Decimal("8000.00")
# D6332-92: 15 €/h × 40 h; D6332-93: 230 € × 1,5 × 6 months per trainee.
MOST_TUTOR_TRAINING = Decimal("600.00")
MOST_TUTORING_PER_TRAINEE = Decimal("2070.00")


@given(dossiers())
def test_alternance_estimates_never_raise_and_aids_stay_within_the_law(dossier: Dossier) -> None:
    assume(dossier.apprenticeship is not None or dossier.professionalisation is not None)
    estimate = estimate_funding(dossier)
    _check_explanations(estimate)
    assert estimate.remaining_cost >= 0
    for aid in estimate.aids:
        assert aid.amount >= 0
        assert aid.eligible == (aid.amount > 0) or aid.label.startswith("Aide exceptionnelle")
        if aid.scheme is SchemeId.APPRENTISSAGE:
            assert aid.amount <= MOST_AID
        if aid.label == "Formation du tuteur (OPCO)":
            assert aid.amount <= MOST_TUTOR_TRAINING and aid.payer is Payer.OPCO
        if aid.label == "Exercice du tutorat (OPCO)":
            assert aid.amount <= MOST_TUTORING_PER_TRAINEE * len(dossier.trainees)


@given(dossiers(), st.data())
def test_a_rupture_never_raises_the_hiring_aid(dossier: Dossier, data: st.DataObject) -> None:
    contract = dossier.apprenticeship
    assume(contract is not None)
    assert contract is not None
    rupture = data.draw(st.dates(min_value=contract.start, max_value=contract.end))
    ruptured = estimate_funding(
        dossier.model_copy(
            update={
                "apprenticeship": contract.model_copy(
                    update={"ruptured_on": rupture, "company_training_days": None}
                )
            }
        )
    )
    whole = estimate_funding(
        dossier.model_copy(
            update={
                "apprenticeship": contract.model_copy(
                    update={"ruptured_on": None, "company_training_days": None}
                )
            }
        )
    )

    def aid(estimate: object) -> Decimal:
        return sum(
            (a.amount for a in estimate.aids if a.scheme is SchemeId.APPRENTISSAGE),  # type: ignore[attr-defined]
            Decimal(0),
        )

    assert aid(ruptured) <= aid(whole)
