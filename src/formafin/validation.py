"""French rendering of pydantic validation errors, for people (the CLI, HR screens).

Each error names the field (``company.headcount``) and the problem in French; integrators
can call :func:`describe_validation_error` on the :class:`pydantic.ValidationError` they catch.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

__all__ = ["describe_validation_error"]

_MESSAGES: dict[str, str] = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ inconnu (vérifiez son orthographe)",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "greater_than": "doit être strictement supérieur à {gt}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "less_than": "doit être strictement inférieur à {lt}",
    "too_short": "doit contenir au moins {min_length} élément(s)",
    "string_too_short": "ne doit pas être vide",
    "enum": "valeur inconnue ; valeurs permises : {expected}",
    "decimal_max_places": "au plus {decimal_places} décimales",
    "decimal_parsing": "nombre décimal attendu",
    "decimal_type": "nombre décimal attendu (chaîne ou entier)",
    "date_from_datetime_parsing": "date attendue au format AAAA-MM-JJ",
    "date_parsing": "date attendue au format AAAA-MM-JJ",
    "date_type": "date attendue au format AAAA-MM-JJ",
    "bool_parsing": "booléen attendu (true ou false)",
    "bool_type": "booléen attendu (true ou false)",
    "string_type": "texte attendu",
    "int_parsing": "entier attendu",
    "int_type": "entier attendu",
    "model_type": "objet JSON attendu",
    "tuple_type": "liste attendue",
    "json_invalid": "JSON invalide : {error}",
    "finite_number": "nombre fini attendu",
}


def _location(loc: tuple[int | str, ...]) -> str:
    parts = [f"[{part}]" if isinstance(part, int) else str(part) for part in loc]
    text = ".".join(parts).replace(".[", "[")
    return text or "(document)"


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind == "value_error":
        text = str(context.get("error") or error["msg"])
        return text.removeprefix("Value error, ")
    template = _MESSAGES.get(kind)
    if template is None:
        return str(error["msg"])
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return str(error["msg"])


def describe_validation_error(error: ValidationError) -> str:
    """One line per problem: ``champ : problème (valeur reçue : …)``."""
    lines = []
    for item in error.errors(include_url=False):
        where = _location(tuple(item["loc"]))
        text = f"{where} : {_message(dict(item))}"
        if item["type"] not in ("missing",) and "input" in item:
            received = item["input"]
            if not isinstance(received, dict | list):
                text += f" (valeur reçue : {received!r})"
        lines.append(text)
    return "\n".join(lines)
