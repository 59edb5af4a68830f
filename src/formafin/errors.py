"""Exceptions raised by formafin.

Every exception is a :class:`ValueError` (as in python-stdnum), so callers can catch
``ValueError`` broadly or one class precisely. An exception means *invalid input or an
unsupported question*; a scheme that does not apply is never an exception but a
:class:`~formafin.result.Decision` with reasons.
"""

from __future__ import annotations

__all__ = [
    "DataError",
    "FormafinError",
    "InvalidIdentifierError",
    "UnknownBaremeError",
    "UnknownIdccError",
    "UnsupportedDateError",
]


class FormafinError(ValueError):
    """Root of every formafin exception."""


class InvalidIdentifierError(FormafinError):
    """An identifier (SIRET, IDCC, NAF, NDA, RNCP/RS code) is malformed or fails its checksum."""


class UnknownIdccError(FormafinError):
    """A well-formed IDCC that is in none of the shipped tables."""

    def __init__(self, idcc: str) -> None:
        super().__init__(
            f"IDCC {idcc} inconnu : il ne figure ni dans la table IDCC → OPCO, ni dans les codes "
            "remplacés ou d'échappement. Vérifiez le code sur le bulletin de paie ou indiquez "
            "l'OPCO explicitement (company.opco)."
        )
        self.idcc = idcc


class UnsupportedDateError(FormafinError):
    """The question is asked for a date the shipped rules do not cover."""


class UnknownBaremeError(FormafinError):
    """A barème id that is not shipped."""


class DataError(FormafinError):
    """The shipped (or caller-supplied) rule data is inconsistent: a data bug, not bad input."""
