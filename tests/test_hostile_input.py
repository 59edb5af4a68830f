"""Issue 12: unusual and hostile input gives an answer or a clean French error, never a crash."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from formafin import Dossier, estimate_funding
from formafin.dates import add_working_days, is_working_day
from formafin.readiness import check_dossier
from formafin.validation import describe_validation_error, field_errors
from tests.conftest import dossier_data, make_dossier, under_switching_threads

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DEPARTEMENTS = [
    *(f"{n:02d}" for n in range(1, 96) if n != 20),
    "2A",
    "2B",
    *("971", "972", "973", "974", "976"),
]


def _example(name: str, **company: Any) -> Dossier:
    data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    data["company"].update(company)
    return Dossier.model_validate(data)


def test_every_departement_goes_through_every_deadline() -> None:
    assert len(DEPARTEMENTS) == 101  # 94 + Corse (2A, 2B) + 5 overseas départements
    for code in [*DEPARTEMENTS, "975", None]:  # the pattern also admits 975 (Saint-Pierre)
        apprenticeship = _example("apprentissage-bts-2026.json", departement=code)
        assert estimate_funding(apprenticeship).decisions
        assert check_dossier(apprenticeship).findings is not None
        cpf = _example("cpf-anglais-salariee-2026.json", departement=code)
        assert check_dossier(cpf).findings is not None


def test_alsace_moselle_adds_good_friday_and_saint_stephen() -> None:
    # L3134-13: in 57, 67 and 68 Good Friday (3 April 2026) and 26 December are public holidays.
    for code in ("57", "67", "68"):
        assert not is_working_day(date(2026, 4, 3), "ouvres", code)
        assert not is_working_day(date(2026, 12, 26), "ouvrables", code)
    assert is_working_day(date(2026, 4, 3), "ouvres", "69")
    # Thursday 2 April 2026 + 1 jour ouvré: Friday 3 in Lyon, Monday 6 is Easter Monday
    # everywhere, so Tuesday 7 in Strasbourg.
    assert add_working_days(date(2026, 4, 2), 1, "ouvres", "69") == date(2026, 4, 3)
    assert add_working_days(date(2026, 4, 2), 1, "ouvres", "67") == date(2026, 4, 7)


def _refusal(data: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as caught:
        Dossier.model_validate_json(json.dumps(data))
    return describe_validation_error(caught.value)


@pytest.mark.parametrize(
    "changes",
    [
        {"action": {"end": "9999-12-31"}},
        {"action": {"start": "1800-01-01"}},
        {"submitted_on": "9999-12-31"},
    ],
)
def test_far_dates_are_refused_with_the_field_named(changes: dict[str, Any]) -> None:
    message = _refusal(dossier_data(changes))
    assert "hors de la plage acceptée (1900-01-01 – 2199-12-31)" in message
    field = next(iter(changes))
    assert message.startswith(field)


def test_an_open_ended_qualiopi_certificate_is_accepted() -> None:
    dossier = make_dossier({"provider": {"qualiopi": {"valid_until": "9999-12-31"}}})
    estimate = estimate_funding(dossier)
    assert estimate.total_cost == Decimal("1400.00")


def test_pro_a_period_end_far_in_the_future_is_refused() -> None:
    data = dossier_data(
        pro_a={
            "avenant_signed_on": "2025-06-01",
            "period_start": "2025-06-02",
            "period_end": "9999-12-31",
        }
    )
    assert "pro_a.period_end" in _refusal(data)


@pytest.mark.parametrize(
    ("written", "expected"),
    [("674", "674.00"), ("-0", "0.00"), ("0E-999999999", "0.00"), ("1400.000000000", "1400.00")],
)
def test_money_is_normalised_to_cents_on_input(written: str, expected: str) -> None:
    dossier = make_dossier({"action": {"costs": {"pedagogical": written}}})
    assert str(dossier.action.costs.pedagogical) == expected
    result = json.loads(estimate_funding(dossier).model_dump_json())
    amounts = [line["amount"] for line in result["lines"]] + [result["total_cost"]]
    assert all(len(amount.rpartition(".")[2]) == 2 for amount in amounts), amounts


def test_integer_costs_give_amounts_with_two_decimals() -> None:
    dossier = make_dossier({"action": {"costs": {"pedagogical": 674, "salary": 10}}})
    text = estimate_funding(dossier).model_dump_json()
    assert '"total_cost":"684.00"' in text


def test_the_sum_of_costs_is_bounded_like_each_cost() -> None:
    costs = {"pedagogical": "1000000000", "salary": "1000000000", "annex": "0"}
    assert "dépasse 1000000000 €" in _refusal(dossier_data({"action": {"costs": costs}}))


def test_duplicate_keys_are_refused() -> None:
    text = json.dumps(dossier_data()).replace(
        '"headcount": "8"', '"headcount": "8", "headcount": "80"'
    )
    with pytest.raises(ValidationError) as caught:
        Dossier.model_validate_json(text)
    assert "clé 'headcount' en double" in describe_validation_error(caught.value)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"company": {"idcc": "１４８６"}}, "company.idcc"),
        ({"company": {"siret": "7328293200007²"}}, "company.siret"),
        ({"company": {"departement": "６９"}}, "company.departement"),
    ],
)
def test_non_ascii_digits_are_refused(changes: dict[str, Any], field: str) -> None:
    message = _refusal(dossier_data(changes))
    assert message.startswith(field)


def test_too_many_trainees_are_refused_before_any_work() -> None:
    message = _refusal(dossier_data(trainees=[{}] * 1001))
    assert "trainees : doit contenir au plus 1000 élément(s)" in message


def test_a_document_over_one_mebibyte_is_refused() -> None:
    text = json.dumps(dossier_data({"action": {"title": "x" * (1024 * 1024)}}))
    with pytest.raises(ValidationError) as caught:
        Dossier.model_validate_json(text)
    assert "document trop volumineux" in describe_validation_error(caught.value)


def test_long_values_are_cut_when_echoed() -> None:
    message = _refusal(dossier_data({"company": {"headcount": "9" * 5000}}))
    assert len(message) < 300
    assert "(5002 caractères)" in message


def test_unknown_fields_are_not_echoed() -> None:
    message = _refusal(dossier_data({"company": {"secret": "root:x:0:0"}}))
    assert "company.secret : champ inconnu" in message
    assert "root:x" not in message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('{"a": [' * 100_000, "JSON trop imbriqué"),
        ('{"company": {"headcount": ' + "9" * 5000 + "}}", "nombre de 5000 chiffres"),
        ('{"company": {"headcount": NaN}}', "NaN n'est pas une valeur JSON permise"),
        ("{", "JSON invalide ligne 1, colonne 2"),
        # A second byte-order mark: said in French (json.loads said « Unexpected UTF-8 BOM »).
        ("\ufeff\ufeff{}", "JSON invalide ligne 1, colonne 1 : valeur attendue"),
    ],
)
def test_hostile_json_is_a_french_validation_error(raw: str, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Dossier.model_validate_json(raw)
    assert expected in describe_validation_error(caught.value)


def test_encodings() -> None:
    text = json.dumps(dossier_data({"company": {"name": "Société"}}), ensure_ascii=False)
    assert Dossier.model_validate_json(b"\xef\xbb\xbf" + text.encode("utf-8")).company.name
    assert Dossier.model_validate_json(text.encode("utf-16")).company.name == "Société"
    with pytest.raises(ValidationError) as caught:
        Dossier.model_validate_json(text.encode("latin-1"))
    assert "n'est pas en UTF-8 (octet 0xe9" in describe_validation_error(caught.value)


def test_no_english_from_pydantic() -> None:
    inputs = [
        dossier_data({"company": {"headcount": [1]}}),
        dossier_data({"action": {"hours": "abc", "category": "nope"}}),
        dossier_data({"trainees": "x"}),
        dossier_data({"action": {"start": "2026-02-30"}}),
        dossier_data({"company": {"departement": "999"}}),
        {"company": 3},
        [],
    ]
    for data in inputs:
        with pytest.raises(ValidationError) as caught:
            Dossier.model_validate(data)
        for error in field_errors(caught.value):
            for english in ("Input should", "Field required", "Value error", "should be"):
                assert english not in error.message, error


def test_as_of_as_a_datetime_counts_as_its_date() -> None:
    from datetime import UTC, datetime

    from formafin.errors import UnsupportedDateError

    dossier = make_dossier()
    assert estimate_funding(
        dossier, as_of=datetime(2026, 3, 16, 14, 0, tzinfo=UTC)
    ) == estimate_funding(dossier, as_of=date(2026, 3, 16))
    with pytest.raises(UnsupportedDateError, match="as_of : date attendue"):
        estimate_funding(dossier, as_of="2026-03-16")  # type: ignore[arg-type]
    with pytest.raises(UnsupportedDateError, match="hors de la plage"):
        check_dossier(dossier, as_of=date(9999, 12, 31))


def test_one_json_decoder_shared_by_threads_reads_each_document_as_alone() -> None:
    # formafin.jsonin keeps one decoder for every document: under threads switching every
    # microsecond, each document (valid, or refused for a duplicate key or a long number)
    # must read exactly as it does alone.
    from formafin.jsonin import InvalidJsonError, load_json

    texts = []
    for n in range(40):
        document = dossier_data({"company": {"name": f"Société {n}", "headcount": str(n + 1)}})
        text = json.dumps({f"k{n}_{i}": i for i in range(n % 7)} | document)
        if n % 5 == 1:
            text = f'{{"d{n}": 1, "d{n}": 2, ' + text[1:]
        if n % 5 == 3:
            text = f'{{"l{n}": {"7" * 400}, ' + text[1:]
        texts.append(text)

    def read(text: str) -> Any:
        try:
            return load_json(text)
        except InvalidJsonError as error:
            return (error.code, str(error))

    expected = [read(t) for t in texts]
    assert sum(isinstance(e, tuple) for e in expected) == 16
    assert {e[0] for e in expected if isinstance(e, tuple)} == {"duplicate_key", "number_too_long"}
    assert under_switching_threads(read, texts, 10) == expected * 10
