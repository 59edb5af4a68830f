"""What an estimate says is meant for its reader: no reason that does not apply, no note for
another company size, no figure printed twice (issue 13, point 9)."""

from __future__ import annotations

from pathlib import Path

from formafin import Dossier, SchemeId, estimate_funding
from formafin.cli import render_estimate
from formafin.money import format_eur

from .conftest import make_dossier

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _example(name: str) -> Dossier:
    return Dossier.model_validate_json((EXAMPLES / name).read_text(encoding="utf-8"))


def _reasons(dossier: Dossier, scheme: SchemeId) -> dict[str, str]:
    decision = estimate_funding(dossier).decision(scheme)
    assert decision is not None
    return {r.code: r.message for r in decision.reasons}


def test_rights_are_not_asked_for_an_action_the_cpf_does_not_fund() -> None:
    # The apprenticeship example: an action by apprenticeship, no CPF holder. The CPF is
    # refused for the action; asking for the holder's rights would be noise.
    reasons = _reasons(_example("apprentissage-bts-2026.json"), SchemeId.CPF)
    assert "CPF_ACTION_NOT_ELIGIBLE" in reasons
    assert "CPF_RIGHTS_UNKNOWN" not in reasons


def test_an_eligible_action_without_rights_still_asks_for_them() -> None:
    reasons = _reasons(make_dossier(action={"certification": "RNCP35185"}), SchemeId.CPF)
    assert list(reasons) == ["CPF_RIGHTS_UNKNOWN"]


def test_apprenticeship_refusal_does_not_deny_its_rncp_certification() -> None:
    # The BTS example has an RNCP code: the message must not say it leads to no certification.
    message = _reasons(_example("apprentissage-bts-2026.json"), SchemeId.CPF)[
        "CPF_ACTION_NOT_ELIGIBLE"
    ]
    assert "ni à une certification" not in message
    assert "apprentissage" in message


def test_qualiopi_missing_under_the_cpf_does_not_speak_of_an_opco() -> None:
    # L6316-1: certification is required of providers paid by an OPCO, the CDC (CPF), the
    # State, the regions, France Travail… The CPF refusal must name the CDC, not only an OPCO.
    dossier = make_dossier(
        provider={"qualiopi": None},
        action={"certification": "RNCP35185"},
        trainees=[{"cpf": {"rights": "800"}}],
    )
    message = _reasons(dossier, SchemeId.CPF)["QUALIOPI_MISSING"]
    assert "un OPCO ne peut pas le financer" not in message
    assert "Caisse des dépôts" in message


def test_under_11_note_only_for_companies_under_11() -> None:
    thirty = estimate_funding(_example("travaux-publics-30-salaries-constructys.json"))
    assert not [n for n in thirty.warnings if "moins de 11 salariés" in n.message]
    data = _example("travaux-publics-30-salaries-constructys.json").model_dump(mode="json")
    data["company"]["headcount"] = "8"
    eight = estimate_funding(Dossier.model_validate(data))
    assert [n for n in eight.warnings if "moins de 11 salariés" in n.message]


def test_the_hiring_aid_amount_is_printed_once() -> None:
    dossier = _example("apprentissage-bts-2026.json")
    estimate = estimate_funding(dossier)
    (aid,) = estimate.aids
    assert aid.eligible and aid.amount > 0
    (line,) = [x for x in render_estimate(estimate, dossier).splitlines() if aid.label in x]
    assert line.count(format_eur(aid.amount)) == 1, line


def test_header_says_which_date_the_rules_are_applied_at() -> None:
    dossier = _example("apprentissage-bts-2026.json")
    header = render_estimate(estimate_funding(dossier), dossier).splitlines()[1]
    assert "Règles en vigueur au 01/09/2026" in header
    assert "Règles 2026" not in header


def test_payer_column_names_the_opco() -> None:
    # IDCC 1090 (services de l'automobile) → OPCO Mobilités.
    dossier = _example("apprentissage-bts-2026.json")
    text = render_estimate(estimate_funding(dossier), dossier)
    (row,) = [x for x in text.splitlines() if x.startswith("Apprentissage ")]
    assert "OPCO Mobilités" in row
