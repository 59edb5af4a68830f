"""Rebuild ``idcc/idcc_opco.csv`` from a France compétences SIRO extract (maintainers only).

The SIRO table (data.gouv.fr, « Table SIRET-OPCO », Licence Ouverte 2.0) is published
monthly as a pipe-separated file ``SIRET|IDCC|OPCO_PROPRIETAIRE|OPCO_GESTION`` (about 3.6
million establishments, 110 MB). This tool streams it, counts establishments per
(IDCC, OPCO_PROPRIETAIRE), and writes the per-IDCC table formafin ships: the majority OPCO
and its share, and one row per candidate when no OPCO reaches the split threshold (90 %).
Titles and the 2019 ministry column are kept from the current tables; the pseudo-IDCCs of
``idcc_escape_codes.csv`` are left out.

Usage::

    python -m formafin.data.refresh SIRO_202609.csv --extract 2026-09 --out new_idcc_opco.csv

It never runs during an estimate. Review the diff of the output (and ``SOURCES.md``) before
replacing the shipped file.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from importlib import resources
from pathlib import Path
from typing import TextIO

__all__ = ["OUTPUT_COLUMNS", "aggregate", "main", "rebuild"]

SPLIT_THRESHOLD = Decimal("0.90")
OUTPUT_COLUMNS = (
    "idcc",
    "opco",
    "idcc_title",
    "mapping_status",
    "is_primary",
    "siro_establishments",
    "siro_majority_share",
    "siro_other_opco_seen",
    "ministry_2019_opco",
    "sources",
    "notes",
)


def _shipped(name: str) -> list[dict[str, str]]:
    text = resources.files("formafin.data").joinpath("idcc", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _label_map() -> dict[str, str]:
    labels: dict[str, str] = {}
    for row in _shipped("opcos.csv"):
        labels[row["siro_label"].strip().upper()] = row["id"]
        labels[row["id"].upper()] = row["id"]
    return labels


def aggregate(lines: Iterable[str]) -> dict[str, Counter[str]]:
    """Count establishments per IDCC and canonical OPCO id from SIRO lines (header first).

    Raises :class:`ValueError` on a missing column or an OPCO label no table knows.
    """
    reader = csv.DictReader(lines, delimiter="|")
    needed = {"SIRET", "IDCC", "OPCO_PROPRIETAIRE"}
    if reader.fieldnames is None or not needed <= {f.strip() for f in reader.fieldnames}:
        raise ValueError(f"colonnes attendues : {sorted(needed)}, reçues : {reader.fieldnames}")
    labels = _label_map()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for number, row in enumerate(reader, start=2):
        raw_idcc = (row.get("IDCC") or "").strip()
        label = (row.get("OPCO_PROPRIETAIRE") or "").strip()
        if not raw_idcc or not label:
            continue
        if not raw_idcc.isdigit() or len(raw_idcc) > 4:
            raise ValueError(f"ligne {number} : IDCC {raw_idcc!r} mal formé")
        opco = labels.get(label.upper())
        if opco is None:
            raise ValueError(f"ligne {number} : OPCO {label!r} inconnu")
        counts[raw_idcc.zfill(4)][opco] += 1
    return counts


def _share(count: int, total: int, unanimous: bool) -> str:
    if unanimous:
        return "1"
    share = (Decimal(count) / Decimal(total)).quantize(Decimal("0.0001"), ROUND_HALF_EVEN)
    return "1.0" if share == 1 else f"{share.normalize():f}"


def rebuild(counts: dict[str, Counter[str]], extract: str) -> list[dict[str, str]]:
    """The rows of the new ``idcc_opco.csv``, sorted by IDCC then rank."""
    escape = {row["idcc"] for row in _shipped("idcc_escape_codes.csv")}
    titles = {row["idcc"]: row["title"] for row in _shipped("idcc_titles.csv")}
    ministry = {
        row["idcc"]: row["ministry_2019_opco"]
        for row in _shipped("idcc_opco.csv")
        if row["ministry_2019_opco"]
    }
    rows: list[dict[str, str]] = []
    for idcc in sorted(counts):
        if idcc in escape:
            continue
        ranked = sorted(counts[idcc].items(), key=lambda item: (-item[1], item[0]))
        total = sum(count for _, count in ranked)
        majority_opco, majority = ranked[0]
        share = Decimal(majority) / Decimal(total)
        split = share < SPLIT_THRESHOLD
        unanimous = len(ranked) == 1
        sources = f"siro_{extract}" + (";ministere_travail_2019" if idcc in ministry else "")
        candidates = ranked if split else ranked[:1]
        for rank, (opco, count) in enumerate(candidates):
            rows.append(
                {
                    "idcc": idcc,
                    "opco": opco,
                    "idcc_title": titles.get(idcc, ""),
                    "mapping_status": "split" if split else "single",
                    "is_primary": "1" if rank == 0 else "0",
                    "siro_establishments": str(count if split else majority),
                    "siro_majority_share": _share(majority, total, unanimous),
                    "siro_other_opco_seen": "no" if unanimous else "yes",
                    "ministry_2019_opco": ministry.get(idcc, ""),
                    "sources": sources,
                    "notes": "" if opco == majority_opco or not split else "minority candidate",
                }
            )
    return rows


def write(rows: Sequence[dict[str, str]], out: TextIO) -> None:
    """Write rows in the shipped CSV layout."""
    writer = csv.DictWriter(out, fieldnames=OUTPUT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m formafin.data.refresh",
        description="Reconstruit la table IDCC → OPCO depuis un extrait SIRO (France compétences).",
    )
    parser.add_argument("siro", type=Path, help="extrait SIRO (SIRET|IDCC|OPCO_PROPRIETAIRE|…)")
    parser.add_argument("--extract", required=True, help="mois de l'extrait, ex. 2026-09")
    parser.add_argument("--out", type=Path, required=True, help="fichier CSV à écrire")
    args = parser.parse_args(argv)
    try:
        with args.siro.open(encoding="utf-8-sig", newline="") as handle:
            counts = aggregate(handle)
    except (OSError, ValueError) as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 2
    rows = rebuild(counts, args.extract)
    with args.out.open("w", encoding="utf-8", newline="") as out:
        write(rows, out)
    split = len({row["idcc"] for row in rows if row["mapping_status"] == "split"})
    print(f"{len(counts)} IDCC lus, {len(rows)} lignes écrites, {split} IDCC partagés.")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
