"""French identifiers used in a dossier, one small validator each (python-stdnum style).

Each ``validate_*`` returns the normalised value or raises
:class:`~formafin.errors.InvalidIdentifierError` with a French message naming the problem.
"""

from __future__ import annotations

import re

from formafin.errors import InvalidIdentifierError
from formafin.limits import shown

__all__ = [
    "validate_certification_code",
    "validate_idcc",
    "validate_naf",
    "validate_nda",
    "validate_siret",
]

_SPACES = re.compile(r"[\s.\-]")
# ASCII digits only: a fullwidth "１４８６" or a superscript "²" is refused, not normalised.
_IDCC = re.compile(r"^[0-9]{1,4}$")
_NAF = re.compile(r"^([0-9]{2})\.?([0-9]{2})([A-Z])$")
_NDA = re.compile(r"^[0-9]{11}$")
_CERTIFICATION = re.compile(r"^(RNCP|RS)([0-9]{1,6})$")

# La Poste's establishments share the SIREN 356000000 and follow another checksum (INSEE).
_LA_POSTE_SIREN = "356000000"


def _luhn_ok(digits: str) -> bool:
    checksum = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        checksum += value
    return checksum % 10 == 0


def validate_siret(value: str) -> str:
    """Validate a SIRET (14 digits, Luhn checksum; La Poste's sum-of-digits rule).

    >>> validate_siret("732 829 320 00074")
    '73282932000074'
    """
    compact = _SPACES.sub("", value)
    if not (compact.isascii() and compact.isdigit()) or len(compact) != 14:
        raise InvalidIdentifierError(f"SIRET {shown(value)} : 14 chiffres attendus.")
    if compact.startswith(_LA_POSTE_SIREN):
        valid = sum(int(c) for c in compact) % 5 == 0
    else:
        valid = _luhn_ok(compact) and _luhn_ok(compact[:9])
    if not valid:
        raise InvalidIdentifierError(
            f"SIRET {shown(value)} : la clé de contrôle (algorithme de Luhn) est fausse."
        )
    return compact


def validate_idcc(value: str) -> str:
    """Validate an IDCC: up to four digits, normalised to four with leading zeros as printed
    on payslips (a spreadsheet or a JSON number turns ``0016`` into ``16``).

    >>> validate_idcc("1486")
    '1486'
    >>> validate_idcc("16")
    '0016'
    """
    if not _IDCC.match(value):
        raise InvalidIdentifierError(
            f"IDCC {shown(value)} : un à quatre chiffres attendus (ex. « 1486 », « 0016 »)."
        )
    return value.zfill(4)


def validate_naf(value: str) -> str:
    """Validate a NAF rév. 2 sub-class and normalise it to ``NN.NNX``.

    >>> validate_naf("6202A")
    '62.02A'
    """
    match = _NAF.match(value.strip().upper())
    if not match:
        raise InvalidIdentifierError(
            f"Code NAF {shown(value)} : format NAF rév. 2 attendu, "
            "par exemple « 62.02A » ou « 6202A »."
        )
    return f"{match.group(1)}.{match.group(2)}{match.group(3)}"


def validate_nda(value: str) -> str:
    """Validate a numéro de déclaration d'activité (11 digits, R6351-6).

    >>> validate_nda("11 75 12345 75")
    '11751234575'
    """
    compact = _SPACES.sub("", value)
    if not _NDA.match(compact):
        raise InvalidIdentifierError(
            f"Numéro de déclaration d'activité {shown(value)} : 11 chiffres attendus."
        )
    return compact


def validate_certification_code(value: str) -> str:
    """Validate an RNCP or RS (Répertoire spécifique) code and normalise it.

    >>> validate_certification_code("rncp 35185")
    'RNCP35185'
    """
    compact = _SPACES.sub("", value).upper()
    if not _CERTIFICATION.match(compact):
        raise InvalidIdentifierError(
            f"Code de certification {shown(value)} : « RNCP » ou « RS » suivi du numéro attendu "
            "(ex. « RNCP35185 », « RS5080 »)."
        )
    return compact
