"""Which OPCO: explicit, IDCC, merged IDCC, shared IDCC, escape codes and NAF hints."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from formafin import (
    InvalidIdentifierError,
    OpcoId,
    ResolutionMethod,
    UnknownIdccError,
    resolve_opco,
)

DATA = Path(__file__).resolve().parents[1] / "src" / "formafin" / "data" / "idcc"


@pytest.mark.parametrize(
    ("idcc", "opco"),
    [
        ("1486", OpcoId.ATLAS),
        ("1979", OpcoId.AKTO),
        ("3248", OpcoId.OPCO_2I),
        ("2609", OpcoId.CONSTRUCTYS),
        ("0044", OpcoId.OPCO_2I),
    ],
)
def test_known_conventions(idcc: str, opco: OpcoId) -> None:
    resolution = resolve_opco(idcc)
    assert resolution.opco is opco
    assert resolution.method is ResolutionMethod.IDCC and resolution.certain
    assert resolution.idcc_title


def test_shared_idcc_returns_its_candidates_without_choosing() -> None:
    resolution = resolve_opco("3203")
    assert resolution.opco is None and resolution.method is ResolutionMethod.AMBIGUOUS
    assert [c.opco for c in resolution.candidates] == [OpcoId.UNIFORMATION, OpcoId.OCAPIAT]
    shares = [c.share for c in resolution.candidates]
    assert all(s is not None for s in shares)
    assert sum(s for s in shares if s is not None) == pytest.approx(1, abs=0.001)


def test_merged_idcc_resolves_through_its_successor() -> None:
    resolution = resolve_opco("0054")  # a metallurgy convention merged into 3248
    assert resolution.opco is OpcoId.OPCO_2I
    assert resolution.method is ResolutionMethod.IDCC_REPLACED
    assert resolution.idcc_used == "3248"
    assert "IDCC_REPLACED" in [n.code for n in resolution.notices]


def test_escape_code_with_a_naf_gives_an_indicative_opco() -> None:
    resolution = resolve_opco("9999", naf="6202A")
    assert resolution.opco is OpcoId.ATLAS
    assert resolution.method is ResolutionMethod.NAF_HINT and not resolution.certain
    assert "OPCO_INDICATIVE" in [n.code for n in resolution.notices]


def test_escape_code_without_naf_is_unresolved() -> None:
    resolution = resolve_opco("9999")
    assert resolution.opco is None and resolution.method is ResolutionMethod.UNRESOLVED
    assert "company.opco" in resolution.message


def test_explicit_opco_wins_and_a_mismatch_is_a_notice() -> None:
    resolution = resolve_opco("1486", opco="akto")
    assert resolution.opco is OpcoId.AKTO and resolution.method is ResolutionMethod.EXPLICIT
    assert "OPCO_IDCC_MISMATCH" in [n.code for n in resolution.notices]
    assert not resolve_opco("1486", opco="atlas").notices


def test_unknown_and_malformed_idcc() -> None:
    with pytest.raises(UnknownIdccError, match="1234"):
        resolve_opco("1234")
    with pytest.raises(InvalidIdentifierError, match="quatre chiffres"):
        resolve_opco("12a")


def test_naf_prefix_falls_back_to_the_division() -> None:
    assert resolve_opco(naf="01.11Z").opco is OpcoId.OCAPIAT  # division 01 only in the table


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_row_of_the_shipped_table_resolves() -> None:
    rows = _csv("idcc_opco.csv")
    replaced = {row["old_idcc"] for row in _csv("idcc_replacements.csv")}
    assert len({row["idcc"] for row in rows}) == 957
    for row in rows:
        resolution = resolve_opco(row["idcc"])
        if row["mapping_status"] == "split":
            assert resolution.method is ResolutionMethod.AMBIGUOUS, row["idcc"]
            assert OpcoId(row["opco"]) in {c.opco for c in resolution.candidates}
        elif row["idcc"] in replaced:
            assert resolution.method is ResolutionMethod.IDCC_REPLACED, row["idcc"]
            assert resolution.opco is not None
        else:
            assert resolution.opco is OpcoId(row["opco"]), row["idcc"]


def test_every_escape_code_and_replacement_resolves() -> None:
    for row in _csv("idcc_replacements.csv"):
        assert resolve_opco(row["old_idcc"]).opco is OpcoId(row["new_opco_siro"])
    for row in _csv("idcc_escape_codes.csv"):
        assert resolve_opco(row["idcc"]).method is ResolutionMethod.UNRESOLVED
