"""Errors as ``application/problem+json`` (RFC 9457), in French, with the library's codes.

Every error the server sends has the same shape: ``type`` (a ``urn:formafin:problem:…`` URI),
``title``, ``status``, ``detail``, ``code`` and, for invalid input, ``errors``: one item per
problem with the field path, the pydantic error type and the French message of
:func:`formafin.validation.describe_validation_error`. Nothing else (no traceback, no
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
from formafin.sources import FrozenModel
from formafin.validation import describe_validation_error

__all__ = [
    "FieldError",
    "Problem",
    "ProblemError",
    "from_formafin_error",
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


class FieldError(FrozenModel):
    """One problem of the input: where, which kind, and what to fix, in French."""

    field: str = Field(description="Chemin du champ, ex. « dossier.company.headcount ».")
    code: str = Field(description="Type d'erreur (ex. « missing », « greater_than_equal »).")
    message: str = Field(description="Le problème, en français.")


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


def _path(prefix: str, loc: tuple[int | str, ...]) -> str:
    parts = [f"[{part}]" if isinstance(part, int) else str(part) for part in loc]
    text = ".".join(([prefix] if prefix else []) + parts).replace(".[", "[")
    return text or "(document)"


def from_validation_error(error: ValidationError, prefix: str = "") -> Problem:
    """422 with one item per pydantic error, in the words of ``describe_validation_error``."""
    details = error.errors(include_url=False)
    text = describe_validation_error(error)
    lines = text.split("\n")
    items: list[FieldError] = []
    if len(lines) == len(details):
        for line, detail in zip(lines, details, strict=True):
            _, _, message = line.partition(" : ")
            items.append(
                FieldError(
                    field=_path(prefix, tuple(detail["loc"])),
                    code=detail["type"],
                    message=message or line,
                )
            )
    else:  # a message spanning several lines: keep the whole text on the first field
        first = details[0]
        items.append(
            FieldError(field=_path(prefix, tuple(first["loc"])), code=first["type"], message=text)
        )
    count = len(details)
    summary = "1 champ invalide" if count == 1 else f"{count} champs invalides"
    return make_problem(422, "INVALID_INPUT", f"{summary} :\n{text}", tuple(items))


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
