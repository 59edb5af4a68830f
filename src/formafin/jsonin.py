"""Reading untrusted JSON: one strict parser for files, batch lines and request bodies.

``json.loads`` and pydantic's JSON parser both let the last of two duplicate keys win
(``"headcount": 8, "headcount": 80`` silently becomes 80) and fail with a traceback on
JSON nested thousands of levels deep or on a 5 000-digit number. :func:`load_json` refuses
all of these with a French :class:`InvalidJsonError` that says what is wrong, before any
work starts:

- a document over :data:`~formafin.limits.MAX_DOSSIER_BYTES`;
- bytes that are not UTF-8 (a UTF-8 or UTF-16 byte-order mark is accepted);
- duplicate keys in one object, ``NaN`` / ``Infinity``, numbers of more than
  :data:`~formafin.limits.MAX_NUMBER_DIGITS` digits, nesting too deep for the parser.
"""

from __future__ import annotations

import json
from typing import Any

from formafin.errors import FormafinError
from formafin.limits import MAX_DOSSIER_BYTES, MAX_NUMBER_DIGITS, shown

__all__ = ["InvalidJsonError", "decode_text", "load_json"]

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class InvalidJsonError(FormafinError):
    """A JSON document formafin refuses to read (see :func:`load_json`)."""

    def __init__(self, message: str, code: str = "invalid_json") -> None:
        super().__init__(message)
        self.code = code


def decode_text(data: str | bytes | bytearray, *, max_bytes: int = MAX_DOSSIER_BYTES) -> str:
    """The text of ``data``: size checked, UTF-8 (BOM stripped) or UTF-16 with its BOM."""
    if len(data) > max_bytes:
        raise InvalidJsonError(
            f"document trop volumineux : {len(data)} octets pour {max_bytes} au plus",
            code="too_large",
        )
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    raw = bytes(data)
    try:
        if raw.startswith(_UTF16_BOMS):
            return raw.decode("utf-16")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidJsonError(
            f"le texte n'est pas en UTF-8 (octet {raw[error.start]:#04x} à la position "
            f"{error.start}) : enregistrez le fichier en UTF-8",
            code="encoding",
        ) from None


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        keys = [key for key, _ in pairs]
        duplicate = next(key for index, key in enumerate(keys) if key in keys[:index])
        raise InvalidJsonError(
            f"clé {shown(duplicate)} en double dans un même objet : chaque champ une seule fois",
            code="duplicate_key",
        )
    return result


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise InvalidJsonError(
            f"nombre de {len(text)} chiffres : {MAX_NUMBER_DIGITS} au plus", code="number_too_long"
        )
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_DIGITS:
        raise InvalidJsonError(
            f"nombre de {len(text)} caractères : {MAX_NUMBER_DIGITS} au plus",
            code="number_too_long",
        )
    return float(text)


def _constant(text: str) -> Any:
    raise InvalidJsonError(f"{text} n'est pas une valeur JSON permise", code="invalid_json")


# One decoder for every document (``json.loads`` with hooks builds one a call, about 1 µs).
# Sharing it between threads is safe: its only state is the scanner's key memo, which
# only interns keys and is emptied after each document.
_DECODER = json.JSONDecoder(
    object_pairs_hook=_pairs, parse_int=_int, parse_float=_float, parse_constant=_constant
)


def load_json(data: str | bytes | bytearray, *, max_bytes: int = MAX_DOSSIER_BYTES) -> Any:
    """Parse one JSON document strictly (see the module's docstring).

    >>> load_json('{"a": 1}')
    {'a': 1}
    >>> load_json('{"a": 1, "a": 2}')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    formafin.jsonin.InvalidJsonError: clé 'a' en double dans un même objet : ...
    """
    text = decode_text(data, max_bytes=max_bytes)
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as error:
        raise InvalidJsonError(
            f"JSON invalide ligne {error.lineno}, colonne {error.colno} : "
            f"{_JSON_MESSAGES.get(error.msg, error.msg)}"
        ) from None
    except RecursionError:
        raise InvalidJsonError("JSON trop imbriqué", code="too_deep") from None


_JSON_MESSAGES = {
    "Expecting value": "valeur attendue",
    "Expecting property name enclosed in double quotes": "nom de champ entre guillemets attendu",
    "Expecting ',' delimiter": "virgule attendue",
    "Expecting ':' delimiter": "deux-points attendus",
    "Extra data": "données en trop après le document",
    "Unterminated string starting at": "chaîne non terminée",
    "Invalid control character at": "caractère de contrôle dans une chaîne",
    "Invalid \\escape": "séquence d'échappement invalide",
    "Invalid \\uXXXX escape": "séquence \\uXXXX invalide",
}
