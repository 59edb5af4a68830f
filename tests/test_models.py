"""Invalid input is an exception that names the field; valid input survives JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from formafin import Dossier
from formafin.validation import describe_validation_error

from .conftest import dossier_data, make_dossier


def _error_for(**changes: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        Dossier.model_validate(dossier_data(**changes))
    return describe_validation_error(caught.value)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"action": {"costs": {"pedagogical": "-1.00"}}}, "action.costs.pedagogical", "supérieur"),
        ({"action": {"costs": {"salary": 12.5}}}, "action.costs.salary", "flottant"),
        ({"action": {"costs": {"annex": "10.005"}}}, "action.costs.annex", "décimales"),
        ({"action": {"end": "2026-03-01"}}, "action", "fin précède"),
        ({"action": {"hours": "0"}}, "action.hours", "strictement"),
        ({"action": {"hours": "100"}}, "action", "ne tiennent pas"),
        ({"company": {"idcc": "14860"}}, "company.idcc", "quatre chiffres"),
        ({"company": {"naf": "62A"}}, "company.naf", "NAF"),
        ({"company": {"siret": "73282932000075"}}, "company.siret", "Luhn"),
        ({"company": {"headcount": "-1"}}, "company.headcount", "supérieur"),
        ({"company": {"opco": "opca_inconnu"}}, "company.opco", "valeurs permises"),
        ({"provider": {"nda": "123"}}, "provider.nda", "11 chiffres"),
        ({"action": {"certification": "XX12"}}, "action.certification", "RNCP"),
        ({"trainees": []}, "trainees", "au moins 1"),
        ({"company": {"effectif": 3}}, "company.effectif", "champ inconnu"),
        ({"submitted_on": "31/01/2026"}, "submitted_on", "AAAA-MM-JJ"),
        (
            {
                "provider": {
                    "qualiopi": {
                        "categories": ["vae"],
                        "valid_from": "2025-01-01",
                        "valid_until": "2024-01-01",
                    }
                }
            },
            "provider.qualiopi",
            "fin de validité",
        ),
    ],
)
def test_bad_input_names_the_field(changes: dict[str, Any], field: str, words: str) -> None:
    message = _error_for(**changes)
    assert message.startswith(field), message
    assert words in message


def test_float_money_is_refused_from_json_too() -> None:
    text = json.dumps(dossier_data(action={"costs": {"pedagogical": 1400.5}}))
    with pytest.raises(ValidationError, match="flottant"):
        Dossier.model_validate_json(text)


def test_float_hours_keep_what_was_written() -> None:
    text = json.dumps(dossier_data(action={"hours": 7.1}))
    assert Dossier.model_validate_json(text).action.hours == Decimal("7.1")


def test_models_are_frozen() -> None:
    dossier = make_dossier()
    with pytest.raises(ValidationError):
        dossier.company.headcount = Decimal(3)  # type: ignore[misc]


def test_json_round_trip_is_identity() -> None:
    dossier = make_dossier(company={"naf": "7022Z", "siret": "73282932000074"})
    assert Dossier.model_validate_json(dossier.model_dump_json()) == dossier
    assert dossier.company.naf == "70.22Z"


def test_money_is_serialised_as_text() -> None:
    dumped = json.loads(make_dossier().model_dump_json())
    assert dumped["action"]["costs"]["pedagogical"] == "1400.00"


@pytest.mark.parametrize("idcc", [16, "16", "016", "0016"])
def test_an_idcc_that_lost_its_leading_zeros_is_read_as_printed(idcc: object) -> None:
    # IDCC 0016 (transports routiers) typed as 16 in JSON or a spreadsheet.
    from formafin import Company, estimate_funding

    company = Company.model_validate({"headcount": "8", "idcc": idcc})
    assert company.idcc == "0016"
    estimate = estimate_funding(make_dossier(company={"idcc": idcc}))
    assert estimate.opco is not None and estimate.opco.idcc == "0016"
