"""French rendering of invalid input, for people (the CLI, HR screens) and for machines.

Each problem names the field (``company.headcount``), a code and a French message; a value
received is echoed cut to a short prefix (:func:`formafin.limits.shown`), and never for an
unknown field (a barème file given by mistake must not be printed back). Integrators call
:func:`describe_validation_error` (text) or :func:`field_errors` (structured) on the
:class:`pydantic.ValidationError` they catch.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, ValidationError

from formafin.errors import FormafinError
from formafin.limits import shown
from formafin.sources import FrozenModel

__all__ = ["FieldError", "describe_error", "describe_validation_error", "field_errors"]

_MESSAGES: dict[str, str] = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ inconnu (vérifiez son orthographe)",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "greater_than": "doit être strictement supérieur à {gt}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "less_than": "doit être strictement inférieur à {lt}",
    "too_short": "doit contenir au moins {min_length} élément(s)",
    "too_long": "doit contenir au plus {max_length} élément(s)",
    "string_too_short": "ne doit pas être vide",
    "string_too_long": "texte trop long : {max_length} caractères au plus",
    "string_pattern_mismatch": "format invalide (motif attendu : {pattern})",
    "string_unicode": "texte Unicode valide attendu",
    "enum": "valeur inconnue ; valeurs permises : {expected}",
    "literal_error": "valeur inconnue ; valeurs permises : {expected}",
    "decimal_max_places": "au plus {decimal_places} décimales",
    "decimal_max_digits": "au plus {max_digits} chiffres",
    "decimal_whole_digits": "au plus {whole_digits} chiffres avant la virgule",
    "decimal_parsing": "nombre décimal attendu",
    "decimal_type": "nombre décimal attendu (chaîne ou entier)",
    "finite_number": "nombre fini attendu",
    "date_from_datetime_parsing": "date attendue au format AAAA-MM-JJ",
    "date_from_datetime_inexact": "date sans heure attendue (AAAA-MM-JJ)",
    "date_parsing": "date attendue au format AAAA-MM-JJ",
    "date_type": "date attendue au format AAAA-MM-JJ",
    "bool_parsing": "booléen attendu (true ou false)",
    "bool_type": "booléen attendu (true ou false)",
    "string_type": "texte attendu",
    "int_parsing": "entier attendu",
    "int_parsing_size": "entier trop grand",
    "int_type": "entier attendu",
    "int_from_float": "entier attendu (sans décimales)",
    "model_type": "objet JSON attendu",
    "model_attributes_type": "objet JSON attendu",
    "dict_type": "objet JSON attendu",
    "tuple_type": "liste attendue",
    "list_type": "liste attendue",
    "json_invalid": "{error}",
    "json_type": "texte JSON attendu",
    "frozen_instance": "objet immuable : créez-en un nouveau",
    "union_tag_invalid": "type inconnu ; valeurs permises : {expected_tags}",
    "union_tag_not_found": "champ discriminant {discriminator} manquant",
}
_NO_ECHO = frozenset({"missing", "extra_forbidden", "json_invalid"})


class FieldError(FrozenModel):
    """One problem of an input: where, which rule, and what to do, in French."""

    field: str = Field(description="Chemin du champ (« company.headcount »), vide : le document.")
    code: str = Field(description="Code du problème (type pydantic ou code formafin).")
    message: str = Field(description="Le problème, en français.")


def _location(loc: tuple[int | str, ...]) -> str:
    parts = [f"[{part}]" if isinstance(part, int) else str(part) for part in loc]
    return ".".join(parts).replace(".[", "[")


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):
        text = str(context.get("error") or error["msg"])
        return text.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    template = _MESSAGES.get(kind)
    if template is None:
        # pydantic's own text is English: never shown. A custom formafin error carries
        # its French message in ``msg``.
        return error["msg"] if kind not in _PYDANTIC_TYPES else f"valeur invalide ({kind})"
    try:
        return template.format(**{k: shown(v) if k == "pattern" else v for k, v in context.items()})
    except (KeyError, IndexError):
        return f"valeur invalide ({kind})"


def _pydantic_types() -> frozenset[str]:
    from typing import get_args

    from pydantic_core.core_schema import ErrorType

    return frozenset(get_args(ErrorType))


_PYDANTIC_TYPES = _pydantic_types()


def field_errors(error: ValidationError) -> tuple[FieldError, ...]:
    """Each problem of ``error`` as a :class:`FieldError` (field path, code, French message)."""
    result = []
    for item in error.errors(include_url=False):
        message = _message(dict(item))
        echo = item["type"] in _PYDANTIC_TYPES and item["type"] not in _NO_ECHO
        if echo and "input" in item:
            received = item["input"]
            if not isinstance(received, dict | list | tuple):
                message += f" (valeur reçue : {shown(received)})"
        result.append(
            FieldError(field=_location(tuple(item["loc"])), code=item["type"], message=message)
        )
    return tuple(result)


def describe_validation_error(error: ValidationError) -> str:
    """One line per problem: ``champ : problème (valeur reçue : …)``."""
    return "\n".join(f"{e.field or '(document)'} : {e.message}" for e in field_errors(error))


def describe_error(error: Exception) -> tuple[FieldError, ...]:
    """Structured problems of any error formafin refuses an input with."""
    if isinstance(error, ValidationError):
        return field_errors(error)
    if isinstance(error, FormafinError):
        code = getattr(error, "code", None) or type(error).__name__
        return (FieldError(field="", code=code, message=str(error)),)
    return (FieldError(field="", code="internal_error", message="erreur interne"),)
