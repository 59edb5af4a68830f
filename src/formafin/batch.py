"""Batch evaluation: stream dossiers (JSON lines or models) through ``estimate_funding``.

:func:`estimate_many` is a lazy iterator: it reads one input at a time and yields one
result per input, in order, so memory stays flat however many dossiers flow through. With
``processes > 1`` it fans chunks out to a process pool while keeping a bounded number of
chunks in flight (never the whole input in memory). An invalid line does not stop the batch:
its result carries the French validation message instead of an estimate.

:func:`estimate_partition` is the same work shaped for distributed engines (a Dask bag
partition, a Spark ``mapInPandas`` batch): it takes an iterable of JSON lines and returns
JSON lines.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from itertools import islice

from pydantic import Field, ValidationError

from formafin.errors import FormafinError
from formafin.estimate import estimate_funding
from formafin.models import Dossier
from formafin.result import FundingEstimate
from formafin.sources import FrozenModel
from formafin.validation import describe_validation_error

__all__ = ["BatchResult", "estimate_many", "estimate_partition"]

Item = str | bytes | Dossier


class BatchResult(FrozenModel):
    """The result for one input of a batch: an estimate, or the reason there is none."""

    index: int = Field(description="Rang de l'entrée (à partir de 0).")
    estimate: FundingEstimate | None = Field(default=None, description="Estimation.")
    error: str | None = Field(default=None, description="Erreur de validation, en français.")


def _one(index: int, item: Item, as_of: date | None) -> BatchResult:
    try:
        dossier = item if isinstance(item, Dossier) else Dossier.model_validate_json(item)
        return BatchResult.trusted(
            index=index, estimate=estimate_funding(dossier, as_of=as_of), error=None
        )
    except ValidationError as error:
        return BatchResult.trusted(
            index=index, estimate=None, error=describe_validation_error(error)
        )
    except FormafinError as error:
        return BatchResult.trusted(index=index, estimate=None, error=str(error))


def _json(result: BatchResult) -> str:
    if result.estimate is None:
        return json.dumps({"index": result.index, "error": result.error}, ensure_ascii=False)
    return result.model_dump_json()


def _chunk(
    start: int, items: list[Item], as_of: date | None, as_json: bool
) -> list[BatchResult] | list[str]:
    results = [_one(start + offset, item, as_of) for offset, item in enumerate(items)]
    return [_json(r) for r in results] if as_json else results


def estimate_many(
    items: Iterable[Item],
    *,
    as_of: date | None = None,
    processes: int = 1,
    chunksize: int = 512,
    in_flight: int = 4,
    as_json: bool = False,
) -> Iterator[BatchResult] | Iterator[str]:
    """Estimate every dossier of ``items`` lazily, in order.

    ``items`` are JSON texts (one dossier each, e.g. the lines of a JSON-lines file) or
    :class:`~formafin.Dossier` objects. ``processes > 1`` uses a process pool with at most
    ``in_flight`` chunks per process outstanding. ``as_json=True`` yields JSON lines (cheaper
    to send back from worker processes) instead of :class:`BatchResult` objects.
    """
    if processes <= 1:
        return _serial(items, as_of, as_json)
    return _parallel(items, as_of, processes, chunksize, in_flight, as_json)


def _serial(
    items: Iterable[Item], as_of: date | None, as_json: bool
) -> Iterator[BatchResult] | Iterator[str]:
    if as_json:
        return (_json(_one(i, item, as_of)) for i, item in enumerate(items))
    return (_one(i, item, as_of) for i, item in enumerate(items))


def _parallel(
    items: Iterable[Item],
    as_of: date | None,
    processes: int,
    chunksize: int,
    in_flight: int,
    as_json: bool,
) -> Iterator[BatchResult] | Iterator[str]:
    def run() -> Iterator[BatchResult | str]:
        iterator = iter(items)
        start = 0
        pending: deque[Future[list[BatchResult] | list[str]]] = deque()
        with ProcessPoolExecutor(max_workers=processes) as pool:
            while True:
                while len(pending) < processes * in_flight:
                    chunk = list(islice(iterator, chunksize))
                    if not chunk:
                        break
                    pending.append(pool.submit(_chunk, start, chunk, as_of, as_json))
                    start += len(chunk)
                if not pending:
                    return
                yield from pending.popleft().result()

    return run()  # type: ignore[return-value]


def estimate_partition(lines: Iterable[str], as_of: date | None = None) -> list[str]:
    """One partition of JSON lines in, JSON lines out (for Dask, Spark and the like)."""
    return [_json(_one(i, line, as_of)) for i, line in enumerate(lines) if line.strip()]
