"""Errors as ``application/problem+json`` (RFC 9457), in French, with the library's codes.

Every error the server sends has the same shape: ``type`` (a ``urn:formafin:problem:…`` URI),
``title``, ``status``, ``detail``, ``code`` and, for invalid input, ``errors``: one item per
problem with the field path, the error code and the French message of
:func:`formafin.validation.field_errors` (the words of ``describe_validation_error``).
Nothing else (no traceback, no
exception text of an unexpected error) ever reaches a client.
"""

from __future__ import annotations

import json

from pydantic import Field, ValidationError
from starlette.responses import Response

from formafin.errors import (
    FormafinError,
    InvalidIdentifierError,
    UnknownBaremeError,
    UnknownIdccError,
    UnsupportedDateError,
)
from formafin.jsonin import InvalidJsonError
from formafin.sources import FrozenModel
from formafin.validation import FieldError, describe_error, field_errors

__all__ = [
    "FieldError",
    "Problem",
    "ProblemError",
    "from_formafin_error",
    "from_invalid_json",
    "from_validation_error",
    "problem_response",
]

PROBLEM_MEDIA_TYPE = "application/problem+json"

_TITLES = {
    400: "Requête incorrecte",
    401: "Authentification requise",
    404: "Introuvable",
    405: "Méthode non permise",
    413: "Requête trop volumineuse",
    415: "Type de contenu non pris en charge",
    422: "Données invalides",
    500: "Erreur interne",
}


class Problem(FrozenModel):
    """An error (RFC 9457 « problem details »)."""

    type: str = Field(description="URI du type d'erreur (urn:formafin:problem:…).")
    title: str = Field(description="Intitulé court de l'erreur, en français.")
    status: int = Field(description="Code HTTP.")
    detail: str = Field(description="Explication en français.")
    code: str = Field(description="Code stable de l'erreur (ex. « INVALID_INPUT »).")
    errors: tuple[FieldError, ...] = Field(default=(), description="Une entrée par champ invalide.")


class ProblemError(Exception):
    """Raised by a route to answer with a problem; turned into a response by the app."""

    def __init__(self, problem: Problem, headers: dict[str, str] | None = None) -> None:
        super().__init__(problem.detail)
        self.problem = problem
        self.headers = headers or {}


def make_problem(
    status: int, code: str, detail: str, errors: tuple[FieldError, ...] = ()
) -> Problem:
    """A problem with the title of ``status`` and a type derived from ``code``."""
    return Problem(
        type=f"urn:formafin:problem:{code.lower().replace('_', '-')}",
        title=_TITLES.get(status, "Erreur"),
        status=status,
        detail=detail,
        code=code,
        errors=errors,
    )


def problem_response(problem: Problem, headers: dict[str, str] | None = None) -> Response:
    """The HTTP response carrying ``problem``."""
    body = json.dumps(problem.model_dump(mode="json"), ensure_ascii=False)
    return Response(
        content=body.encode(),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _summary(items: tuple[FieldError, ...]) -> str:
    lines = [f"{e.field or '(document)'} : {e.message}" for e in items]
    count = len(items)
    head = "1 champ invalide" if count == 1 else f"{count} champs invalides"
    return f"{head} :\n" + "\n".join(lines)


def from_validation_error(error: ValidationError) -> Problem:
    """422 with one item per problem, from :func:`formafin.validation.field_errors`."""
    items = field_errors(error)
    return make_problem(422, "INVALID_INPUT", _summary(items), items)


def from_invalid_json(error: InvalidJsonError) -> Problem:
    """422 for a body the library's strict JSON reader refuses (duplicate key, NaN…)."""
    items = describe_error(error)
    return make_problem(422, "INVALID_INPUT", _summary(items), items)


_ERROR_CODES: tuple[tuple[type[FormafinError], int, str], ...] = (
    (UnknownIdccError, 404, "UNKNOWN_IDCC"),
    (InvalidIdentifierError, 422, "INVALID_IDENTIFIER"),
    (UnsupportedDateError, 422, "UNSUPPORTED_DATE"),
    (UnknownBaremeError, 422, "UNKNOWN_BAREME"),
)


def from_formafin_error(error: FormafinError, field: str | None = None) -> Problem:
    """The problem for a library error (the French message of the exception as detail).

    :class:`~formafin.errors.DataError` is a data bug, not bad input: it is not mapped
    here and ends as a 500 without details.
    """
    for kind, status, code in _ERROR_CODES:
        if isinstance(error, kind):
            errors = (FieldError(field=field, code=code, message=str(error)),) if field else ()
            return make_problem(status, code, str(error), errors)
    errors = (FieldError(field=field, code="INVALID", message=str(error)),) if field else ()
    return make_problem(422, "INVALID", str(error), errors)
