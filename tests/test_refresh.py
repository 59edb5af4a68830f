"""The maintainers' SIRO refresh tool, on a small fixture."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from formafin.data.refresh import OUTPUT_COLUMNS, aggregate, main, rebuild

FIXTURE = Path(__file__).parent / "fixtures" / "siro_sample.csv"


def _rows() -> dict[str, list[dict[str, str]]]:
    counts = aggregate(FIXTURE.read_text(encoding="utf-8").splitlines())
    by_idcc: dict[str, list[dict[str, str]]] = {}
    for row in rebuild(counts, "2026-09"):
        by_idcc.setdefault(row["idcc"], []).append(row)
    return by_idcc


def test_counts_shares_and_splits() -> None:
    rows = _rows()
    (atlas,) = rows["1486"]
    assert (atlas["opco"], atlas["siro_establishments"], atlas["siro_majority_share"]) == (
        "atlas",
        "10",
        "1",
    )
    assert atlas["sources"] == "siro_2026-09;ministere_travail_2019"
    split = rows["8211"]  # 2 AKTO, 1 OCAPIAT: 67 % < 90 % → shared
    assert [(r["opco"], r["is_primary"], r["siro_establishments"]) for r in split] == [
        ("akto", "1", "2"),
        ("ocapiat", "0", "1"),
    ]
    assert {r["mapping_status"] for r in split} == {"split"}
    (hcr,) = rows["1979"]  # 19 AKTO, 1 L'OPCOMMERCE: 95 % → single, other OPCO seen
    assert (hcr["mapping_status"], hcr["siro_majority_share"], hcr["siro_other_opco_seen"]) == (
        "single",
        "0.95",
        "yes",
    )
    assert rows["0016"][0]["opco"] == "opco_mobilites"  # zero-padded, label normalised
    assert "9999" not in rows  # escape code left out


def test_unknown_label_and_bad_idcc_are_errors() -> None:
    with pytest.raises(ValueError, match="OPCO 'OPCA X' inconnu"):
        aggregate(["SIRET|IDCC|OPCO_PROPRIETAIRE", "1|1486|OPCA X"])
    with pytest.raises(ValueError, match="mal formé"):
        aggregate(["SIRET|IDCC|OPCO_PROPRIETAIRE", "1|14A6|ATLAS"])
    with pytest.raises(ValueError, match="colonnes"):
        aggregate(["SIRET;IDCC;OPCO", "1;1486;ATLAS"])


def test_command_writes_the_shipped_layout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "idcc_opco.csv"
    assert main([str(FIXTURE), "--extract", "2026-09", "--out", str(out)]) == 0
    reader = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))
    assert tuple(reader.fieldnames or ()) == OUTPUT_COLUMNS
    assert len(list(reader)) == 5
    assert "1 IDCC partagés" in capsys.readouterr().out
    assert main([str(tmp_path / "absent.csv"), "--extract", "x", "--out", str(out)]) == 2
