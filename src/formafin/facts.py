"""Facts first, words on demand: what a rule returns, before anyone reads a sentence.

A rule states codes, amounts and dates, and names its words by id in the message catalogue
(:mod:`formafin.catalogue`) with :class:`Text`. The public objects of the result
(:class:`~formafin.result.Check`, :class:`~formafin.result.Decision`,
:class:`~formafin.result.Notice`…) and their French sentences are built from these facts only
when a caller reads them or serialises the result (:meth:`Fact.build`). A rule may still give
final words as a plain ``str``, or return the public objects themselves: both are accepted
everywhere a fact is.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeAlias, overload

from formafin._mypyc import mypyc_attr
from formafin.catalogue import Text, render, say
from formafin.money import ZERO
from formafin.result import (
    Aid,
    Check,
    Decision,
    DecisionStatus,
    Notice,
    ParameterUsed,
    Payer,
    Reason,
    SchemeKey,
)
from formafin.sources import Reference

__all__ = [
    "AidFact",
    "AnyAid",
    "AnyCheck",
    "AnyNotice",
    "CheckFact",
    "DecisionFact",
    "Fact",
    "NoticeFact",
    "Text",
    "Words",
    "built",
    "check",
    "for_scheme",
    "notice",
    "reason_codes",
    "say",
]


Words: TypeAlias = "str | Text | tuple[Words, ...]"
"""Final words (``str``), a catalogue message (:class:`Text`), or pieces said one after
the other."""


@mypyc_attr(allow_interpreted_subclasses=True)
class CheckFact:
    """A condition evaluated by a rule (becomes a :class:`~formafin.result.Check`)."""

    __slots__ = ("code", "met", "references", "text")

    def __init__(
        self, code: str, met: bool, text: Words, references: tuple[Reference, ...] = ()
    ) -> None:
        self.code = code
        self.met = met
        self.text = text
        self.references = references

    @property
    def message(self) -> str:
        """The sentence (rendered now)."""
        return say(self.text)

    def build(self) -> Check:
        """The public check."""
        text = self.text
        message = render(text.id, text.args) if isinstance(text, Text) else say(text)
        return Check.of_state(
            {"code": self.code, "met": self.met, "message": message, "references": self.references}
        )

    def reason(self) -> Reason:
        """The public reason this failed condition gives."""
        return Reason.of_state(
            {"code": self.code, "message": say(self.text), "references": self.references}
        )


def check(code: str, met: bool, text: Words, references: tuple[Reference, ...] = ()) -> CheckFact:
    """A condition evaluated by a rule: its stable code, whether it is met, its words."""
    return CheckFact(code, met, text, references)


@mypyc_attr(allow_interpreted_subclasses=True)
class NoticeFact:
    """A warning to show (becomes a :class:`~formafin.result.Notice`)."""

    __slots__ = ("code", "references", "scheme", "text")

    def __init__(
        self,
        code: str,
        text: Words,
        references: tuple[Reference, ...] = (),
        scheme: SchemeKey | None = None,
    ) -> None:
        self.code = code
        self.text = text
        self.references = references
        self.scheme = scheme

    @property
    def message(self) -> str:
        """The sentence (rendered now)."""
        return say(self.text)

    def build(self) -> Notice:
        """The public notice."""
        text = self.text
        message = render(text.id, text.args) if isinstance(text, Text) else say(text)
        return Notice.of_state(
            {
                "code": self.code,
                "message": message,
                "scheme": self.scheme,
                "references": self.references,
            }
        )


def notice(
    code: str,
    text: Words,
    references: tuple[Reference, ...] = (),
    *,
    scheme: SchemeKey | None = None,
) -> NoticeFact:
    """A warning: its stable code, its words, its sources, the scheme it concerns."""
    return NoticeFact(code, text, references, scheme)


@mypyc_attr(allow_interpreted_subclasses=True)
class DecisionFact:
    """Whether a scheme applies, from its evaluated conditions (becomes a
    :class:`~formafin.result.Decision`; see :func:`formafin.rules.outcome.decide`)."""

    __slots__ = (
        "bareme_id",
        "checks",
        "eligible",
        "indicative",
        "references",
        "scheme",
        "status",
    )

    def __init__(
        self,
        scheme: SchemeKey,
        status: DecisionStatus,
        checks: tuple[CheckFact | Check, ...],
        references: tuple[Reference, ...],
        bareme_id: str | None = None,
        indicative: bool = False,
    ) -> None:
        self.scheme = scheme
        self.status = status
        self.eligible = status is DecisionStatus.ELIGIBLE
        self.checks = checks
        self.references = references
        self.bareme_id = bareme_id
        self.indicative = indicative

    @property
    def reason_codes(self) -> tuple[str, ...]:
        """The codes of the failed conditions (no sentence rendered)."""
        return tuple(c.code for c in self.checks if not c.met)

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """The public reasons (rendered now)."""
        return tuple(_reason(c) for c in self.checks if not c.met)

    def build(self) -> Decision:
        """The public decision."""
        checks = tuple([c.build() if isinstance(c, CheckFact) else c for c in self.checks])
        return Decision.of_state(
            {
                "scheme": self.scheme,
                "status": self.status,
                "eligible": self.eligible,
                "reasons": tuple([_reason(c) for c in checks if not c.met]),
                "checks": checks,
                "bareme_id": self.bareme_id,
                "indicative": self.indicative,
                "references": self.references,
            }
        )


def _reason(check: CheckFact | Check) -> Reason:
    if isinstance(check, CheckFact):
        return check.reason()
    return Reason.of_state(
        {"code": check.code, "message": check.message, "references": check.references}
    )


@mypyc_attr(allow_interpreted_subclasses=True)
class AidFact:
    """An aid paid to the employer outside the training cost, as facts (becomes an
    :class:`~formafin.result.Aid`): its amount at once, its name, computation and reasons
    in words rendered when read."""

    __slots__ = (
        "amount",
        "basis_words",
        "eligible",
        "failed",
        "label_words",
        "parameters",
        "payer",
        "references",
        "scheme",
    )

    def __init__(
        self,
        scheme: SchemeKey,
        label: Words,
        eligible: bool,
        amount: Decimal,
        payer: Payer,
        basis: Words,
        *,
        failed: tuple[CheckFact | Check, ...] = (),
        parameters: tuple[ParameterUsed, ...] = (),
        references: tuple[Reference, ...] = (),
    ) -> None:
        self.scheme = scheme
        self.label_words = label
        self.eligible = eligible
        self.amount = amount
        self.payer = payer
        self.basis_words = basis
        self.failed = failed
        self.parameters = parameters
        self.references = references

    @classmethod
    def refused(
        cls,
        scheme: SchemeKey,
        label: Words,
        failed: tuple[CheckFact | Check, ...],
        references: tuple[Reference, ...],
        payer: Payer = Payer.STATE,
    ) -> AidFact:
        """An aid that is not due: no amount, no computation, the failed conditions why."""
        return cls(scheme, label, False, ZERO, payer, "—", failed=failed, references=references)

    @property
    def label(self) -> str:
        """The aid's name (rendered now)."""
        return say(self.label_words)

    @property
    def basis(self) -> str:
        """The computation in words (rendered now)."""
        return say(self.basis_words)

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """Why the aid is not due (rendered now)."""
        return tuple(_reason(c) for c in self.failed)

    def build(self) -> Aid:
        """The public aid."""
        return Aid.of_state(
            {
                "scheme": self.scheme,
                "label": self.label,
                "eligible": self.eligible,
                "amount": self.amount,
                "payer": self.payer,
                "basis": self.basis,
                "reasons": self.reasons,
                "parameters": self.parameters,
                "references": self.references,
            }
        )


Fact: TypeAlias = CheckFact | NoticeFact | DecisionFact | AidFact

AnyAid: TypeAlias = AidFact | Aid
"""An aid to the employer as facts or as the public object."""

AnyCheck: TypeAlias = CheckFact | Check
"""A condition as a fact or as the public object."""

AnyNotice: TypeAlias = NoticeFact | Notice
"""A warning as a fact or as the public object."""


@overload
def for_scheme(notice: NoticeFact, scheme: SchemeKey) -> NoticeFact: ...


@overload
def for_scheme(notice: Notice, scheme: SchemeKey) -> Notice: ...


def for_scheme(notice: AnyNotice, scheme: SchemeKey) -> AnyNotice:
    """The same warning, said about ``scheme`` (a fact stays a fact)."""
    if isinstance(notice, NoticeFact):
        return NoticeFact(notice.code, notice.text, notice.references, scheme)
    return notice.model_copy(update={"scheme": scheme})


_FACT_CLASSES = (CheckFact, NoticeFact, DecisionFact, AidFact)


def built(item: Any) -> Any:
    """The public object of a fact; a public object as it is."""
    if isinstance(item, _FACT_CLASSES):  # a rule's subclass of a fact too
        return item.build()
    return item


def reason_codes(decision: Decision | DecisionFact) -> tuple[str, ...]:
    """The reason codes of a decision, public or fact, without rendering a sentence."""
    if isinstance(decision, DecisionFact):
        return decision.reason_codes
    return tuple(r.code for r in decision.reasons)
