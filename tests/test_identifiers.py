from __future__ import annotations

import pytest

from formafin.errors import InvalidIdentifierError
from formafin.identifiers import (
    validate_certification_code,
    validate_idcc,
    validate_naf,
    validate_nda,
    validate_siret,
)


@pytest.mark.parametrize(
    "siret",
    ["73282932000074", "732 829 320 00074", "35600000000001"],
)
def test_valid_sirets(siret: str) -> None:
    assert len(validate_siret(siret)) == 14


@pytest.mark.parametrize(
    ("siret", "problem"),
    [
        ("73282932000075", "clé"),  # last digit changed: Luhn fails
        ("7328293200007", "14 chiffres"),
        ("7328293200007A", "14 chiffres"),
        ("35600000000002", "clé"),  # La Poste rule: digit sum not a multiple of 5
    ],
)
def test_invalid_sirets(siret: str, problem: str) -> None:
    with pytest.raises(InvalidIdentifierError, match=problem):
        validate_siret(siret)


def test_idcc_must_be_four_digits() -> None:
    assert validate_idcc("0016") == "0016"
    # An IDCC that lost its leading zeros (a JSON number, a spreadsheet) is read as printed
    # on payslips: 16 is the IDCC 0016 (transports routiers).
    assert validate_idcc("16") == "0016"
    assert validate_idcc("148") == "0148"
    for bad in ("12345", "ABCD", " 1486", "", "-16"):
        with pytest.raises(InvalidIdentifierError, match="quatre chiffres"):
            validate_idcc(bad)


def test_naf_is_normalised() -> None:
    assert validate_naf("6202A") == "62.02A"
    assert validate_naf("62.02a") == "62.02A"
    with pytest.raises(InvalidIdentifierError, match="NAF"):
        validate_naf("620A")


def test_nda_and_certification_codes() -> None:
    assert validate_nda("11 75 55555 75") == "11755555575"
    with pytest.raises(InvalidIdentifierError):
        validate_nda("1175555557")
    assert validate_certification_code("rncp 35185") == "RNCP35185"
    assert validate_certification_code("RS5080") == "RS5080"
    with pytest.raises(InvalidIdentifierError):
        validate_certification_code("RN35185")
