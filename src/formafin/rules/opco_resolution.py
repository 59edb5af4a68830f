"""Which OPCO? From an explicit choice, the IDCC, or (indicatively) the NAF code.

An employer declares its OPCO in DSN; the open SIRO table (France compétences) tells which
OPCO the establishments of each IDCC declare. formafin reads it once (``data/idcc``):

- an explicit OPCO wins, with a notice if the IDCC points elsewhere;
- an IDCC shared between OPCOs (``split``) is *ambiguous*: the candidates come back with
  their shares and the caller must choose (``company.opco``), never a silent pick;
- a merged IDCC (e.g. the metallurgy conventions merged into 3248) resolves through its
  successor, with a notice;
- escape codes (9998, 9999, 5100, 5501) and companies without an IDCC get an *indicative*
  OPCO from the NAF hint table, or none;
- a well-formed IDCC found nowhere raises :class:`~formafin.errors.UnknownIdccError`.

Each case is one function below; :func:`resolve_opco` only validates the input, looks the
IDCC up and picks the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from formafin.data import IdccRow, NafHint, idcc_tables, rule_data
from formafin.errors import UnknownIdccError
from formafin.facts import Text, say
from formafin.identifiers import validate_idcc, validate_naf
from formafin.models import OpcoId
from formafin.result import Notice, OpcoCandidate, OpcoResolution, ResolutionMethod

__all__ = ["resolve_opco"]


@dataclass(frozen=True)
class _Lookup:
    """What the IDCC tables say about the requested IDCC, before any OPCO is chosen."""

    idcc: str | None
    idcc_used: str | None
    rows: tuple[IdccRow, ...]
    title: str | None
    candidates: tuple[OpcoCandidate, ...]
    notices: tuple[Notice, ...]


def resolve_opco(
    idcc: str | None = None, *, naf: str | None = None, opco: OpcoId | str | None = None
) -> OpcoResolution:
    """Resolve a company's OPCO from an explicit id, its IDCC, or its NAF code.

    >>> resolve_opco("1486").opco
    <OpcoId.ATLAS: 'atlas'>
    """
    idcc = validate_idcc(idcc) if idcc is not None else None
    naf = validate_naf(naf) if naf is not None else None
    explicit = OpcoId(opco) if opco is not None else None
    found = _look_up(idcc)
    if explicit is not None:
        return _explicit(explicit, found, naf)
    if len({row.opco for row in found.rows}) > 1:
        return _shared(found, naf)
    if found.rows:
        return _single(found, naf)
    hint = _naf_hint(naf) if naf is not None else None
    if hint is None:
        return _unresolved(found, naf)
    return _indicative(found, naf, hint)


def _look_up(idcc: str | None) -> _Lookup:
    """The SIRO rows of ``idcc`` (``idcc_opco.csv``): none for a DSN escape code
    (``idcc_escape_codes.csv``) or a missing IDCC, the successors' rows for a merged IDCC
    (``idcc_replacements.csv``, with an ``IDCC_REPLACED`` notice); an IDCC found in no table
    raises :class:`~formafin.errors.UnknownIdccError`.
    """
    tables = idcc_tables()
    if idcc is None or idcc in tables.escape_codes:
        return _found(idcc, idcc, ())
    if idcc in tables.replacements:
        rows, idcc_used = _successor_rows(idcc, tables.replacements[idcc])
        return _found(idcc, idcc_used, rows, _replaced_notice(idcc, idcc_used))
    if idcc in tables.by_idcc:
        return _found(idcc, idcc, tables.by_idcc[idcc])
    raise UnknownIdccError(idcc)


def _found(
    idcc: str | None, idcc_used: str | None, rows: tuple[IdccRow, ...], *notices: Notice
) -> _Lookup:
    """Bundle a lookup with the convention's title and the SIRO candidates of its rows."""
    return _Lookup(idcc, idcc_used, rows, _title(idcc_used, rows), _candidates(rows), notices)


def _replaced_notice(idcc: str, idcc_used: str) -> Notice:
    """``IDCC_REPLACED``: a convention merged into another (``idcc_replacements.csv``) takes
    the OPCO its successor's establishments declare in SIRO.
    """
    return Notice.trusted(
        code="IDCC_REPLACED",
        message=say(Text("opco_resolution.replaced", idcc=idcc, idcc_used=idcc_used)),
        references=(rule_data().reference("siro"),),
    )


def _from_siro(found: _Lookup, naf: str | None, **answer: Any) -> OpcoResolution:
    """An answer that reports the IDCC lookup as found in the SIRO tables (requested and used
    IDCC, title, candidates) with the NAF received."""
    return OpcoResolution.trusted(
        idcc=found.idcc,
        idcc_used=found.idcc_used,
        idcc_title=found.title,
        naf=naf,
        candidates=found.candidates,
        **answer,
    )


def _explicit(explicit: OpcoId, found: _Lookup, naf: str | None) -> OpcoResolution:
    """An OPCO given by the caller wins: the employer declares its OPCO in DSN. If the SIRO
    rows of the IDCC name other OPCOs, an ``OPCO_IDCC_MISMATCH`` notice asks to check it.
    """
    siro = rule_data().reference("siro")
    notices = found.notices
    if found.rows and explicit not in {row.opco for row in found.rows}:
        expected = ", ".join(sorted({row.opco.value for row in found.rows}))
        mismatch = Notice.trusted(
            code="OPCO_IDCC_MISMATCH",
            message=say(
                Text(
                    "opco_resolution.mismatch",
                    opco=explicit.value,
                    idcc=found.idcc_used,
                    expected=expected,
                )
            ),
            references=(siro,),
        )
        notices = (*notices, mismatch)
    return _from_siro(
        found,
        naf,
        opco=explicit,
        method=ResolutionMethod.EXPLICIT,
        certain=True,
        message=say(Text("opco_resolution.explicit", name=idcc_tables().opco_names[explicit])),
        notices=notices,
        references=(siro,) if found.rows else (),
    )


def _shared(found: _Lookup, naf: str | None) -> OpcoResolution:
    """An IDCC whose SIRO establishments declare several OPCOs (``split`` rows) is
    ambiguous: the candidates come back with their shares, and the caller must choose.
    """
    listing = ", ".join(
        say(Text("opco_resolution.candidate", opco=c.opco.value, share=_percent(c.share)))
        for c in found.candidates
        if c.share is not None
    )
    return _from_siro(
        found,
        naf,
        opco=None,
        method=ResolutionMethod.AMBIGUOUS,
        certain=False,
        message=say(Text("opco_resolution.shared", idcc=found.idcc_used, listing=listing)),
        notices=found.notices,
        references=(rule_data().reference("siro"),),
    )


def _single(found: _Lookup, naf: str | None) -> OpcoResolution:
    """An IDCC (or its successor after a merger) whose SIRO establishments declare one OPCO:
    that OPCO, certain; ``OPCO_CHANGED_SINCE_2019`` if the 2019 ministry list said otherwise.
    """
    row = found.rows[0]
    replaced = found.idcc_used != found.idcc
    notices = found.notices
    was = row.ministry_2019_opco
    if was is not None and was is not row.opco:
        notices = (*notices, _changed_since_2019_notice(found.idcc_used, was, row.opco))
    establishments = sum(c.establishments or 0 for c in found.candidates)
    return _from_siro(
        found,
        naf,
        opco=row.opco,
        method=ResolutionMethod.IDCC_REPLACED if replaced else ResolutionMethod.IDCC,
        certain=True,
        message=say(
            Text(
                "opco_resolution.single",
                idcc=found.idcc_used,
                name=idcc_tables().opco_names[row.opco],
                establishments=establishments,
            )
        ),
        notices=notices,
        references=(rule_data().reference("siro"),),
    )


def _changed_since_2019_notice(idcc_used: str | None, was: OpcoId, now: OpcoId) -> Notice:
    """``OPCO_CHANGED_SINCE_2019``: the ministry's IDCC → OPCO list of 19/07/2019 (column
    ``ministry_2019_opco``) names another OPCO than the SIRO establishments declare today.
    """
    data = rule_data()
    return Notice.trusted(
        code="OPCO_CHANGED_SINCE_2019",
        message=say(
            Text("opco_resolution.changed_since_2019", idcc=idcc_used, was=was.value, now=now.value)
        ),
        references=(data.reference("siro"), data.reference("ministry_2019")),
    )


def _indicative(found: _Lookup, naf: str | None, hint: NafHint) -> OpcoResolution:
    """No IDCC, or a DSN escape code: an *indicative* OPCO from the NAF hint table
    (``naf_opco_suggestions.csv``, unofficial sample), never certain, ``OPCO_INDICATIVE``.
    """
    hint_ref = rule_data().reference("naf_hints")
    indicative = Notice.trusted(
        code="OPCO_INDICATIVE",
        message=say(Text("opco_resolution.indicative_notice")),
        references=(hint_ref,),
    )
    return OpcoResolution.trusted(
        opco=hint.opco,
        method=ResolutionMethod.NAF_HINT,
        certain=False,
        idcc=found.idcc,
        idcc_used=None,
        idcc_title=found.title,
        naf=naf,
        candidates=(OpcoCandidate.trusted(opco=hint.opco, share=hint.share),),
        message=say(
            Text(
                "opco_resolution.naf_hint",
                no_convention=_no_convention(found.idcc),
                naf=naf,
                label=hint.label,
                name=idcc_tables().opco_names[hint.opco],
                share=_percent(hint.share),
                employers=hint.sample_employers,
            )
        ),
        notices=(*found.notices, indicative),
        references=(hint_ref,),
    )


def _unresolved(found: _Lookup, naf: str | None) -> OpcoResolution:
    """No IDCC (or a DSN escape code) and no usable NAF hint: no OPCO; the caller must give
    the one declared in DSN, or a NAF code.
    """
    return OpcoResolution.trusted(
        opco=None,
        method=ResolutionMethod.UNRESOLVED,
        certain=False,
        idcc=found.idcc,
        idcc_title=found.title,
        naf=naf,
        message=say(Text("opco_resolution.unresolved", no_convention=_no_convention(found.idcc))),
        notices=found.notices,
    )


def _no_convention(idcc: str | None) -> Text:
    """Why no convention applies: no IDCC, or a DSN escape code (``idcc_escape_codes.csv``)."""
    if idcc is None:
        return Text("opco_resolution.no_idcc")
    return Text("opco_resolution.escape_code", idcc=idcc, meaning=idcc_tables().escape_codes[idcc])


def _successor_rows(old: str, successors: tuple[str, ...]) -> tuple[tuple[IdccRow, ...], str]:
    """The SIRO rows of the successors of a merged IDCC (``idcc_replacements.csv``), and
    their IDCCs joined with ``/``; an IDCC whose successors are all unknown raises.
    """
    tables = idcc_tables()
    found = [successor for successor in successors if successor in tables.by_idcc]
    if not found:
        raise UnknownIdccError(old)
    rows = tuple(row for successor in found for row in tables.by_idcc[successor])
    return rows, "/".join(found)


def _title(idcc: str | None, rows: tuple[IdccRow, ...]) -> str | None:
    """The convention's title: an escape code's meaning, ``idcc_titles.csv``, or the SIRO
    rows' own title.
    """
    if idcc is None:
        return None
    tables = idcc_tables()
    if idcc in tables.escape_codes:
        return tables.escape_codes[idcc]
    return tables.titles.get(idcc) or next((row.title for row in rows if row.title), None)


def _candidates(rows: tuple[IdccRow, ...]) -> tuple[OpcoCandidate, ...]:
    """One candidate per OPCO of the SIRO rows: its establishments and share (4 decimals),
    most establishments first, then by OPCO id.
    """
    by_opco: dict[OpcoId, int] = {}
    for row in rows:
        by_opco[row.opco] = by_opco.get(row.opco, 0) + row.establishments
    total = sum(by_opco.values())
    return tuple(
        OpcoCandidate.trusted(
            opco=opco,
            share=(Decimal(count) / Decimal(total)).quantize(Decimal("0.0001")) if total else None,
            establishments=count,
        )
        for opco, count in sorted(by_opco.items(), key=lambda item: (-item[1], item[0].value))
    )


def _naf_hint(naf: str) -> NafHint | None:
    """The hint of the longest NAF prefix found in ``naf_opco_suggestions.csv``, if any."""
    hints = idcc_tables().naf_hints
    for length in sorted({len(prefix) for prefix in hints}, reverse=True):
        hint = hints.get(naf[:length])
        if hint is not None:
            return hint
    return None


def _percent(share: Decimal | None) -> Text:
    """A share as a whole percentage (``0.8586`` → ``86 %``), or « part inconnue »."""
    if share is None:
        return Text("opco_resolution.unknown_share")
    return Text("opco_resolution.percent", percent=(share * 100).quantize(Decimal("1")))
