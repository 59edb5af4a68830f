"""Legal references and the verification status of every figure."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import PydanticUndefined

__all__ = ["FrozenModel", "Reference", "ReferenceKind", "SourceStatus"]


class FrozenModel(BaseModel):
    """Base of every formafin model: immutable, unknown fields rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True, defer_build=True)

    _trusted_layout: ClassVar[
        dict[type[BaseModel], tuple[tuple[str, ...], frozenset[str], dict[str, Any]]]
    ] = {}

    @classmethod
    def trusted(cls, **values: Any) -> Self:
        """Build a result from values formafin has already validated, without re-validation.

        The hot path of an estimate builds dozens of result objects; validating them again
        would cost most of its time. Field names are still checked; the property tests
        re-validate every result they see.
        """
        layout = FrozenModel._trusted_layout.get(cls)
        if layout is None:
            order = tuple(cls.model_fields)
            defaults = {
                name: field.default
                for name, field in cls.model_fields.items()
                if field.default is not PydanticUndefined
            }
            layout = FrozenModel._trusted_layout.setdefault(
                cls, (order, frozenset(order), defaults)
            )
        order, names, defaults = layout
        if not values.keys() <= names:
            raise TypeError(f"{cls.__name__} : champs inconnus {sorted(values.keys() - names)}")
        try:
            state = {name: values[name] if name in values else defaults[name] for name in order}
        except KeyError as missing:
            raise TypeError(f"{cls.__name__} : champ manquant {missing}") from None
        instance = cls.__new__(cls)
        object.__setattr__(instance, "__dict__", state)
        object.__setattr__(instance, "__pydantic_fields_set__", set(values))
        object.__setattr__(instance, "__pydantic_extra__", None)
        object.__setattr__(instance, "__pydantic_private__", None)
        return instance


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
