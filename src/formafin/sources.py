"""Legal references and the verification status of every figure."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["FrozenModel", "Reference", "ReferenceKind", "SourceStatus"]


class FrozenModel(BaseModel):
    """Base of every formafin model: immutable, unknown fields rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True, defer_build=True)


class ReferenceKind(StrEnum):
    """What kind of text a figure comes from."""

    CODE = "code"
    LOI = "loi"
    DECRET = "decret"
    ARRETE = "arrete"
    ORDONNANCE = "ordonnance"
    INSTRUCTION = "instruction"
    OPCO_BOARD_DECISION = "opco_board_decision"
    OPCO_PAGE = "opco_page"
    BRANCH_AGREEMENT = "branch_agreement"
    OFFICIAL_PAGE = "official_page"
    SECONDARY = "secondary"
    DATASET = "dataset"
    CALLER = "caller"


class SourceStatus(StrEnum):
    """How well a figure was verified.

    ``primary``: read in the official text or the funder's own page; ``secondary``: read in
    specialised press or a third-party site; ``believed``: weakly sourced, kept because the
    law needs *some* value and flagged in every result that uses it; ``indicative``: a range
    observed across funders, not a rule; ``caller``: supplied by the caller.
    """

    PRIMARY = "primary"
    SECONDARY = "secondary"
    BELIEVED = "believed"
    INDICATIVE = "indicative"
    CALLER = "caller"


class Reference(FrozenModel):
    """A source: an article, a décret, an OPCO page…"""

    kind: ReferenceKind = Field(description="Nature du texte (code, décret, page d'OPCO…).")
    id: str = Field(min_length=1, description="Identifiant lisible, ex. « C. trav. L6332-17 ».")
    title: str | None = Field(default=None, description="Intitulé ou précision.")
    url: str | None = Field(default=None, description="Adresse de la source.")

    def label(self) -> str:
        """Short French label, e.g. ``C. trav. L6332-17``."""
        return self.id if self.title is None else f"{self.id} ({self.title})"
