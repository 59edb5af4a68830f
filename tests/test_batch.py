"""Batch evaluation: order, errors, process pool, distributed recipe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from formafin import Dossier, estimate_funding
from formafin.batch import BatchResult, estimate_lines, estimate_many, estimate_partition
from formafin.cli import main

from .conftest import ci_examples

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.json"))


def _lines(repeat: int = 1) -> list[str]:
    texts = [json.dumps(json.loads(p.read_text(encoding="utf-8"))) for p in EXAMPLES]
    return texts * repeat


def test_serial_results_are_in_order_and_errors_do_not_stop_the_batch() -> None:
    lines = [*_lines(), '{"company": {}}', _lines()[0]]
    results = list(estimate_many(lines))
    assert [r.index for r in results] == list(range(len(lines)))
    bad = results[len(EXAMPLES)]
    assert isinstance(bad, BatchResult) and bad.estimate is None
    assert bad.error is not None and "company.headcount" in bad.error
    expected = estimate_funding(Dossier.model_validate_json(lines[0]))
    assert results[0].estimate == expected and results[-1].estimate == expected


def test_process_pool_gives_the_same_answers_in_the_same_order() -> None:
    lines = _lines(repeat=30)
    serial = list(estimate_many(lines, as_json=True))
    parallel = list(estimate_many(lines, as_json=True, processes=2, chunksize=7, in_flight=2))
    assert parallel == serial
    assert len(parallel) == len(lines)


@pytest.mark.parametrize("detail", ["full", "summary"])
def test_estimate_lines_answers_the_json_of_each_result_as_utf8_bytes(detail: str) -> None:
    lines = [*_lines(), '{"company": {}}', "pas du JSON", '{"a": 1, "a": 2}']
    results = list(estimate_many(lines, detail=detail))  # type: ignore[call-overload]
    answered = list(estimate_lines(lines, detail=detail))  # type: ignore[arg-type]
    assert all(type(line) is bytes for line in answered)
    assert [json.loads(line) for line in answered] == [r.model_dump(mode="json") for r in results]
    assert answered == [r.model_dump_json().encode("utf-8") for r in results]
    assert "clé".encode() in answered[len(EXAMPLES) + 2]  # French errors, UTF-8, not escaped
    many = lines * 5
    pooled = estimate_lines(many, detail=detail, processes=2, chunksize=3)  # type: ignore[arg-type]
    assert list(pooled) == list(estimate_lines(many, detail=detail))  # type: ignore[arg-type]


def test_estimate_many_is_lazy() -> None:
    consumed = []

    def source():  # type: ignore[no-untyped-def]
        for index, line in enumerate(_lines(repeat=1000)):
            consumed.append(index)
            yield line

    iterator = estimate_many(source())
    next(iterator)  # type: ignore[call-overload]
    assert len(consumed) == 1


def test_partition_recipe_with_dask() -> None:
    dask_bag = pytest.importorskip("dask.bag")
    lines = _lines(repeat=5)
    bag = dask_bag.from_sequence(lines, npartitions=3)
    out = bag.map_partitions(estimate_partition).compute(scheduler="synchronous")
    assert len(out) == len(lines)
    remaining = [json.loads(x)["estimate"]["remaining_cost"] for x in out]
    expected = [json.loads(x)["estimate"]["remaining_cost"] for x in estimate_partition(lines)]
    assert remaining == expected


def test_cli_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(_lines()) + "\n\n", encoding="utf-8")
    assert main(["batch", str(source)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == len(EXAMPLES)
    assert all("remaining_cost" in json.loads(line)["estimate"] for line in out)


@settings(max_examples=ci_examples(200), deadline=None, database=None)
@given(
    st.lists(
        st.one_of(
            st.binary(max_size=300),
            st.text(max_size=300),
            st.sampled_from(_lines()),
            st.sampled_from(_lines()).map(lambda t: t.replace('"8"', '"8", "headcount": "80"')),
        ),
        max_size=8,
    ),
    st.sampled_from(["full", "summary"]),
)
def test_estimate_lines_answers_every_line_with_one_json_record(
    items: list[str | bytes], detail: str
) -> None:
    answered = list(estimate_lines(items, detail=detail))  # type: ignore[arg-type]
    assert len(answered) == len(items)
    for index, line in enumerate(answered):
        record = BatchResult.model_validate_json(line)  # valid, and a BatchResult
        assert record.index == index
        answer, other = (
            (record.estimate, record.summary)
            if detail == "full"
            else (record.summary, record.estimate)
        )
        assert other is None
        assert (record.error is None) == (answer is not None)
        assert record.error is None or (record.errors and "Traceback" not in record.error)
