"""Where formafin is exact: the share of establishments whose branch has a shipped barème.

For each year, every (IDCC, OPCO) row of the SIRO table (``data/idcc/idcc_opco.csv``, with
its count of establishments) is classified the way an estimate would treat a dossier of
that branch dated 1 July of the year (:data:`REFERENCE_DAY`):

- ``exact``: a shipped barème is in force (:func:`~formafin.rules.bareme_selection.select_bareme`);
- ``fallback``: none in force, but an earlier one is known and is applied as an indicative
  amount (:func:`~formafin.rules.bareme_selection.select_last_known_bareme`);
- ``none``: the plan amounts are an indicative range.

Barèmes selectable by id only never count. The report is computed from the data alone, with
no I/O beyond the shipped files loaded once; :func:`coverage_report` returns a frozen value.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import MAXYEAR, date
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from typing import TextIO

from formafin.data import IdccRow, RuleData, idcc_tables, rule_data
from formafin.errors import UnsupportedDateError
from formafin.models import OpcoId
from formafin.money import money_context
from formafin.rules.bareme_selection import select_bareme, select_last_known_bareme

__all__ = [
    "BranchCoverage",
    "CoverageCount",
    "CoverageReport",
    "CoverageStatus",
    "YearCoverage",
    "coverage_json",
    "coverage_report",
    "print_coverage",
    "render_coverage",
]

DEFAULT_YEARS = (2024, 2025, 2026)
REFERENCE_DAY = (7, 1)
"""Month and day at which a year is judged: 1 July, the middle of the barème year."""

_PERCENT = Decimal("0.1")
_TITLE_WIDTH = 60


class CoverageStatus(StrEnum):
    """How an estimate prices the plan for a branch on a given day."""

    EXACT = "exact"
    FALLBACK = "fallback"
    NONE = "none"


@dataclass(frozen=True)
class BranchCoverage:
    """One (IDCC, OPCO) row of the SIRO table and how it is covered on one day."""

    idcc: str
    title: str | None
    opco: OpcoId
    establishments: int
    status: CoverageStatus
    bareme_id: str | None


@dataclass(frozen=True)
class CoverageCount:
    """Establishments by coverage status."""

    exact: int = 0
    fallback: int = 0
    none: int = 0

    @property
    def establishments(self) -> int:
        """All establishments counted."""
        return self.exact + self.fallback + self.none

    @property
    def at_least_fallback(self) -> int:
        """Establishments with an exact or a last-known barème."""
        return self.exact + self.fallback

    def percent(self, count: int) -> Decimal:
        """``count`` as a percentage of :attr:`establishments`, to 0.1 (half to even)."""
        if self.establishments == 0:
            return Decimal("0.0")
        with money_context():
            value = Decimal(100) * Decimal(count) / Decimal(self.establishments)
            return value.quantize(_PERCENT, rounding=ROUND_HALF_EVEN)

    def plus(self, status: CoverageStatus, establishments: int) -> CoverageCount:
        """This count with ``establishments`` more of ``status``."""
        return CoverageCount(
            exact=self.exact + (establishments if status is CoverageStatus.EXACT else 0),
            fallback=self.fallback + (establishments if status is CoverageStatus.FALLBACK else 0),
            none=self.none + (establishments if status is CoverageStatus.NONE else 0),
        )


@dataclass(frozen=True)
class YearCoverage:
    """The coverage of one year: totals, per OPCO, and the largest branches not exact."""

    year: int
    day: date
    total: CoverageCount
    by_opco: tuple[tuple[OpcoId, CoverageCount], ...]
    top_uncovered: tuple[BranchCoverage, ...]
    """Largest branches without a barème in force (fallback or none), most establishments first."""


@dataclass(frozen=True)
class CoverageReport:
    """Coverage for several years."""

    years: tuple[YearCoverage, ...]

    def year(self, year: int) -> YearCoverage:
        """The coverage of ``year``."""
        return next(item for item in self.years if item.year == year)


def coverage_report(
    years: Iterable[int] = DEFAULT_YEARS,
    *,
    top: int = 10,
    data: RuleData | None = None,
    rows: Sequence[IdccRow] | None = None,
) -> CoverageReport:
    """The share of SIRO establishments with an exact, a last-known or no barème, by year.

    ``data`` and ``rows`` default to the shipped barèmes and SIRO table (tests pass small
    ones).
    """
    data = data if data is not None else rule_data()
    if rows is None:
        rows = [row for group in idcc_tables().by_idcc.values() for row in group]
    titles = idcc_tables().titles
    result = []
    for year in years:
        if not data.ruleset.covers_from.year <= year <= MAXYEAR:
            raise UnsupportedDateError(
                f"year = {year} : les règles livrées couvrent les années "
                f"{data.ruleset.covers_from.year} et suivantes."
            )
        day = date(year, *REFERENCE_DAY)
        branches = [_classify(row, day, data, titles.get(row.idcc) or row.title) for row in rows]
        total = CoverageCount()
        by_opco: dict[OpcoId, CoverageCount] = {}
        for branch in branches:
            total = total.plus(branch.status, branch.establishments)
            count = by_opco.get(branch.opco, CoverageCount())
            by_opco[branch.opco] = count.plus(branch.status, branch.establishments)
        uncovered = sorted(
            (b for b in branches if b.status is not CoverageStatus.EXACT and b.establishments),
            key=lambda b: (-b.establishments, b.idcc, b.opco.value),
        )
        result.append(
            YearCoverage(
                year=year,
                day=day,
                total=total,
                by_opco=tuple(sorted(by_opco.items(), key=lambda item: item[0].value)),
                top_uncovered=tuple(uncovered[:top]),
            )
        )
    return CoverageReport(years=tuple(result))


def _classify(row: IdccRow, day: date, data: RuleData, title: str | None) -> BranchCoverage:
    exact = select_bareme(row.opco, row.idcc, day, data)
    last = None if exact else select_last_known_bareme(row.opco, row.idcc, day, data)
    status = (
        CoverageStatus.EXACT if exact else CoverageStatus.FALLBACK if last else CoverageStatus.NONE
    )
    chosen = exact or last
    return BranchCoverage(
        idcc=row.idcc,
        title=title,
        opco=row.opco,
        establishments=row.establishments,
        status=status,
        bareme_id=chosen.id if chosen else None,
    )


def _count_json(count: CoverageCount) -> dict[str, object]:
    return {
        "establishments": count.establishments,
        "exact": count.exact,
        "fallback": count.fallback,
        "none": count.none,
        "exact_percent": str(count.percent(count.exact)),
        "at_least_fallback_percent": str(count.percent(count.at_least_fallback)),
    }


def coverage_json(report: CoverageReport) -> str:
    """The report as JSON (percentages as strings, never floats)."""
    payload = {
        "reference_day": "{:02d}-{:02d}".format(*REFERENCE_DAY),
        "years": [
            {
                "year": item.year,
                "day": item.day.isoformat(),
                "total": _count_json(item.total),
                "by_opco": {opco.value: _count_json(count) for opco, count in item.by_opco},
                "top_uncovered": [
                    {
                        "idcc": b.idcc,
                        "title": b.title,
                        "opco": b.opco.value,
                        "establishments": b.establishments,
                        "status": b.status.value,
                        "bareme_id": b.bareme_id,
                    }
                    for b in item.top_uncovered
                ],
            }
            for item in report.years
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _pct(value: Decimal) -> str:
    return f"{value} %".replace(".", ",")


def render_coverage(report: CoverageReport) -> str:
    """The report as French text, one table per year."""
    out: list[str] = []
    for item in report.years:
        out.append(
            f"Couverture des barèmes au {item.day:%d/%m/%Y} (établissements SIRO, plan < 50)"
        )
        header = f"{'OPCO':<16}{'établ.':>10}{'exact':>10}{'dernier connu':>15}{'aucun':>10}"
        out.append(header)
        out.append("-" * len(header))
        for opco, count in (*item.by_opco, (None, item.total)):
            name = opco.value if opco is not None else "total"
            out.append(
                f"{name:<16}{count.establishments:>10}{_pct(count.percent(count.exact)):>10}"
                f"{_pct(count.percent(count.fallback)):>15}{_pct(count.percent(count.none)):>10}"
            )
        out.append("Branches les plus grandes sans barème en vigueur :")
        for b in item.top_uncovered:
            kind = "dernier connu" if b.status is CoverageStatus.FALLBACK else "aucun"
            title = b.title or ""
            title = title if len(title) <= _TITLE_WIDTH else title[: _TITLE_WIDTH - 1] + "…"
            out.append(f"  {b.idcc} {b.opco.value:<15}{b.establishments:>8}  {kind:<14}{title}")
        out.append("")
    return "\n".join(out)


def print_coverage(year: int | None, *, as_json: bool, out: TextIO) -> int:
    """``formafin coverage [--year Y] [--json]``: print the report; exit code 0."""
    report = coverage_report([year] if year is not None else DEFAULT_YEARS)
    print(coverage_json(report) if as_json else render_coverage(report), file=out)
    return 0
