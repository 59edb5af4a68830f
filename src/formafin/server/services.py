"""The library functions the routes call, gathered so that tests can replace one."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from formafin.baremes import Bareme
from formafin.batch import Line, estimate_lines
from formafin.data import RuleData, rule_data
from formafin.estimate import estimate_funding
from formafin.models import Dossier
from formafin.readiness import DossierCheck, check_dossier
from formafin.result import FundingEstimate, OpcoResolution
from formafin.rules.cpf_rights import CpfRights, CpfYear, cpf_rights
from formafin.rules.opco_resolution import resolve_opco

__all__ = ["Services"]


def _batch(lines: Iterator[Line], as_of: date | None) -> Iterator[bytes]:
    return estimate_lines(lines, as_of=as_of)


def _batch_summary(lines: Iterator[Line], as_of: date | None) -> Iterator[bytes]:
    return estimate_lines(lines, as_of=as_of, detail="summary")


def _resolve(idcc: str | None, naf: str | None) -> OpcoResolution:
    return resolve_opco(idcc, naf=naf)


def _rights(years: Sequence[CpfYear], opening_balance: Decimal) -> CpfRights:
    return cpf_rights(years, opening_balance=opening_balance)


def _estimate(dossier: Dossier, as_of: date | None, bareme: Bareme | str | None) -> FundingEstimate:
    return estimate_funding(dossier, as_of=as_of, bareme=bareme)


def _check(dossier: Dossier, as_of: date | None) -> DossierCheck:
    return check_dossier(dossier, as_of=as_of)


@dataclass(frozen=True)
class Services:
    """What each route delegates to: by default, the library itself."""

    estimate: Callable[[Dossier, date | None, Bareme | str | None], FundingEstimate] = _estimate
    check: Callable[[Dossier, date | None], DossierCheck] = _check
    resolve_opco: Callable[[str | None, str | None], OpcoResolution] = _resolve
    cpf_rights: Callable[[Sequence[CpfYear], Decimal], CpfRights] = _rights
    batch: Callable[[Iterator[Line], date | None], Iterator[bytes]] = _batch
    batch_summary: Callable[[Iterator[Line], date | None], Iterator[bytes]] = _batch_summary
    rules: Callable[[], RuleData] = rule_data
