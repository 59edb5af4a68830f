"""Qualiopi, second legal pass (issue 14 point 15): L6316-4 II."""

from __future__ import annotations

from typing import Any

from formafin import SchemeId, estimate_funding

from .conftest import make_dossier

UNIVERSITY: dict[str, Any] = {"provider": {"qualiopi": None, "higher_education": True}}


def _check(estimate: Any, scheme: SchemeId) -> list[str]:
    decision = estimate.decision(scheme)
    return [c.code for c in decision.checks if c.code.startswith("QUALIOPI")]


def test_higher_education_establishments_are_deemed_certified() -> None:
    # L6316-4 II: accredited public and evaluated private higher-education establishments
    # "sont réputés avoir satisfait à l'obligation de certification mentionnée à L. 6316-1".
    estimate = estimate_funding(make_dossier(UNIVERSITY))
    assert estimate.decision(SchemeId.OPCO_PLAN).eligible  # type: ignore[union-attr]
    assert _check(estimate, SchemeId.OPCO_PLAN) == ["QUALIOPI_DEEMED_HIGHER_EDUCATION"]


def test_the_deemed_certification_covers_every_category() -> None:
    # Unlike L6316-4 I (secondary schools, apprenticeship), II names no category: a bilan too.
    bilan = {"action": {"category": "bilans_de_competences"}}
    estimate = estimate_funding(make_dossier(UNIVERSITY, bilan))
    assert _check(estimate, SchemeId.OPCO_PLAN) == ["QUALIOPI_DEEMED_HIGHER_EDUCATION"]


def test_without_the_status_a_missing_certificate_still_fails() -> None:
    estimate = estimate_funding(make_dossier({"provider": {"qualiopi": None}}))
    assert _check(estimate, SchemeId.OPCO_PLAN) == ["QUALIOPI_MISSING"]


def test_the_remembered_answer_is_given_only_to_the_same_question() -> None:
    # One answer is remembered for the schemes of one dossier (same provider object, category
    # and dates): another provider, category or date is answered afresh.
    from datetime import date

    from formafin.data import rule_data
    from formafin.models import QualiopiCategory
    from formafin.rules.qualiopi import check_qualiopi

    data = rule_data()
    certified = make_dossier({}).provider
    missing = make_dossier({"provider": {"qualiopi": None}}).provider
    same_content = make_dossier({}).provider
    training, vae = QualiopiCategory.ACTIONS_DE_FORMATION, QualiopiCategory.VAE
    day = date(2026, 3, 2)

    def code(provider: Any, category: QualiopiCategory, as_of: date = day) -> str:
        return check_qualiopi(provider, category, day, as_of, data)[0].code

    assert code(certified, training) == "QUALIOPI_VALID"
    assert code(certified, training, date(2021, 6, 1)) == "QUALIOPI_NOT_REQUIRED"  # as_of
    assert code(certified, training) == "QUALIOPI_VALID"
    assert code(missing, training) == "QUALIOPI_MISSING"
    assert code(certified, training) == "QUALIOPI_VALID"
    assert code(same_content, training) == "QUALIOPI_VALID"
    assert code(certified, vae) == "QUALIOPI_WRONG_CATEGORY"
    assert code(certified, training, date(2021, 6, 1)) == "QUALIOPI_NOT_REQUIRED"
    # Remembered: the same check object again, not one computed afresh (the pair holding it
    # may be a new tuple in the compiled build, which boxes tuples on return).
    first, first_notices = check_qualiopi(certified, training, day, day, data)
    again, again_notices = check_qualiopi(certified, training, day, day, data)
    assert again is first and again_notices == first_notices


def _qualiopi(start: str, valid_from: str, valid_until: str, **provider: Any) -> Any:
    from datetime import date

    from formafin.data import rule_data
    from formafin.models import QualiopiCategory
    from formafin.rules.qualiopi import check_qualiopi

    dossier = make_dossier(
        {
            "provider": {
                "qualiopi": {"valid_from": valid_from, "valid_until": valid_until},
                **provider,
            }
        }
    )
    day = date.fromisoformat(start)
    return check_qualiopi(
        dossier.provider, QualiopiCategory.ACTIONS_DE_FORMATION, day, day, rule_data()
    )


def test_a_certificate_is_valid_on_its_first_and_last_days() -> None:
    # The certificate covers its first and its last day (a start on either is certified).
    assert _qualiopi("2024-01-01", "2024-01-01", "2026-12-31")[0].code == "QUALIOPI_VALID"
    assert _qualiopi("2026-12-31", "2024-01-01", "2026-12-31")[0].code == "QUALIOPI_VALID"
    assert _qualiopi("2023-12-31", "2024-01-01", "2026-12-31")[0].code == "QUALIOPI_NOT_YET_VALID"
    assert _qualiopi("2027-01-01", "2024-01-01", "2026-12-31")[0].code == "QUALIOPI_EXPIRED"


def test_a_certificate_longer_than_three_years_is_flagged_not_one_of_exactly_three() -> None:
    # R6316-2 (in force since 2021-01-01): la certification « est délivrée [...] pour une
    # durée de trois ans ». From 2024-01-01, exactly three years end on 2027-01-01.
    _, exactly = _qualiopi("2025-03-02", "2024-01-01", "2027-01-01")
    assert exactly == ()
    _, longer = _qualiopi("2025-03-02", "2024-01-01", "2027-01-02")
    assert [n.code for n in longer] == ["QUALIOPI_VALIDITY_TOO_LONG"]
    assert "plus de 3 ans" in longer[0].message


def test_internal_training_keeps_the_warning_on_a_too_long_certificate() -> None:
    checked, notices = _qualiopi("2025-03-02", "2024-01-01", "2028-01-01", internal=True)
    assert checked.code == "QUALIOPI_INTERNAL_TRAINING" and checked.met
    assert [n.code for n in notices] == [
        "QUALIOPI_VALIDITY_TOO_LONG",
        "INTERNAL_TRAINING_QUALIOPI_UNCONFIRMED",
    ]


def test_the_wrong_category_names_the_category_of_the_action() -> None:
    estimate = estimate_funding(make_dossier({"action": {"category": "bilans_de_competences"}}))
    decision = estimate.decision(SchemeId.OPCO_PLAN)
    assert decision is not None
    (wrong,) = [c for c in decision.checks if c.code == "QUALIOPI_WRONG_CATEGORY"]
    assert "bilans de compétences" in wrong.message
