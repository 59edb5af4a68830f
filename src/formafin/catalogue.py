"""The message catalogue: every sentence of an estimate's explanations, by id, in French.

Rules return facts (codes, amounts, dates) and name their words by id with
:class:`formafin.facts.Text`; the sentences live in ``formafin/messages/*.toml`` (one file per
rule module, all read as one catalogue) and are rendered only when a caller reads them or
serialises a result. A table ``[qualiopi]`` with a key ``expired`` is the message
``qualiopi.expired``; a placeholder ``{until:date}`` formats the argument ``until`` with the
format ``date``:

========== ======================================= ==================
format     renders                                 example
========== ======================================= ==================
(none)     the text, or ``str(value)``             ``Atlas``
``eur``    :func:`formafin.money.format_eur`       ``1 234,50 €``
``number`` :func:`formafin.money.format_number`    ``7,5``
``date``   day/month/year                          ``01/03/2026``
========== ======================================= ==================

The catalogue is read once, on the first rendering (never by an estimate that nobody reads).
"""

from __future__ import annotations

import threading
import tomllib
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from importlib import resources
from string import Formatter
from typing import Any

from formafin._mypyc import mypyc_attr
from formafin.errors import DataError
from formafin.money import format_eur, format_number

__all__ = ["FORMATS", "Template", "Text", "catalogue", "render", "say"]

_LOCK = threading.Lock()


class Text:
    """Words to say: the id of a catalogue message and its arguments (rendered by
    :func:`say`). Two texts are equal when their ids and arguments are."""

    __slots__ = ("args", "id")

    def __init__(self, message_id: str, /, **args: Any) -> None:
        self.id = message_id
        self.args = args

    def __str__(self) -> str:
        return render(self.id, self.args)

    def __repr__(self) -> str:
        return f"Text({self.id!r}, {self.args!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and other.id == self.id and other.args == self.args

    def __hash__(self) -> int:
        return hash((self.id, tuple(self.args.items())))


def say(words: object) -> str:
    """The sentence ``words`` stand for: text as it is, a catalogue message (:class:`Text`)
    rendered, pieces (a tuple) said one after the other, anything else as ``str()``. Also
    what a placeholder without format shows."""
    kind = type(words)
    if kind is Text:
        return render(words.id, words.args)  # type: ignore[attr-defined]
    if kind is str:
        return words  # type: ignore[return-value]
    if kind is tuple:
        return "".join([say(piece) for piece in words])  # type: ignore[attr-defined]
    return str(words)


def _date(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def _number(value: Decimal | int) -> str:
    return format_number(Decimal(value))


FORMATS: Mapping[str, Callable[[Any], str]] = {
    "": say,
    "eur": format_eur,
    "number": _number,
    "date": _date,
}
"""The formats a placeholder may name (``{amount:eur}``)."""


@mypyc_attr(allow_interpreted_subclasses=True)  # the tests count renderings with a subclass
class Template:
    """A compiled message: literal text and placeholders, in order."""

    __slots__ = ("constant", "fields", "id", "parts")

    def __init__(self, message_id: str, text: str) -> None:
        self.id = message_id
        parts: list[tuple[str, str | None, Callable[[Any], str]]] = []
        for literal, field, spec, conversion in Formatter().parse(text):
            if conversion is not None or (field is not None and not field.isidentifier()):
                raise DataError(f"message {message_id} : champ {field!r} mal formé")
            if field is not None and (spec or "") not in FORMATS:
                raise DataError(f"message {message_id} : format inconnu {spec!r}")
            parts.append((literal, field, FORMATS[spec or ""]))
        self.parts = tuple(parts)
        self.fields = frozenset(field for _, field, _ in parts if field is not None)
        self.constant = parts[0][0] if len(parts) == 1 and parts[0][1] is None else None

    def render(self, args: Mapping[str, Any]) -> str:
        """The sentence with ``args`` in place (every placeholder must be given)."""
        if self.constant is not None:
            return self.constant
        pieces = []
        for literal, field, shown in self.parts:
            pieces.append(literal)
            if field is not None:
                pieces.append(shown(args[field]))
        return "".join(pieces)


def _flatten(table: Mapping[str, Any], prefix: str, into: dict[str, str], source: str) -> None:
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, f"{name}.", into, source)
        elif isinstance(value, str):
            if name in into:
                raise DataError(f"message {name} défini deux fois ({source})")
            into[name] = value
        else:
            raise DataError(f"message {name} : texte attendu ({source})")


_LOADED: dict[str, Template] = {}


def catalogue() -> Mapping[str, Template]:
    """Every message, compiled, by id (read once)."""
    if not _LOADED:
        with _LOCK:
            if not _LOADED:
                _LOADED.update(_load())
    return _LOADED


def _load() -> dict[str, Template]:
    texts: dict[str, str] = {}
    folder = resources.files("formafin").joinpath("messages")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            _flatten(tomllib.loads(entry.read_text(encoding="utf-8")), "", texts, entry.name)
    return {name: Template(name, text) for name, text in texts.items()}


def render(message_id: str, args: Mapping[str, Any]) -> str:
    """The sentence of ``message_id`` with ``args`` in place."""
    return (_LOADED or catalogue())[message_id].render(args)
