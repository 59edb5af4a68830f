"""Every field of :func:`resolve_opco`'s answer, checked against the shipped tables.

The expected values come from the package's CSV files read here with the ``csv`` module
(``src/formafin/data/idcc``, see its SOURCES.md) and from ``references.toml``, never from
the function under test. The rules they encode (module docstring of
``formafin.rules.opco_resolution``):

- SIRO candidates: establishments summed per OPCO, most establishments first (ties: OPCO id),
  share = establishments / total, to four decimals (no share when the total is 0);
- a merged IDCC reads the rows of its successors (``idcc_replacements.csv``);
- the title is the one of ``idcc_titles.csv``, else the SIRO row's own title;
- a NAF code uses the longest prefix of ``naf_opco_suggestions.csv`` it starts with.
"""

from __future__ import annotations

import csv
import dataclasses
import tomllib
from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import pytest

from formafin import OpcoId, ResolutionMethod, UnknownIdccError, resolve_opco
from formafin.data import idcc_tables
from formafin.result import Notice, OpcoResolution
from formafin.rules import opco_resolution

DATA = Path(__file__).resolve().parents[1] / "src" / "formafin" / "data"


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA / "idcc" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


SIRO: dict[str, list[dict[str, str]]] = {}
for _row in _csv("idcc_opco.csv"):
    SIRO.setdefault(_row["idcc"], []).append(_row)
TITLES = {row["idcc"]: row["title"] for row in _csv("idcc_titles.csv")}
SUCCESSORS: dict[str, list[str]] = {}
for _row in _csv("idcc_replacements.csv"):
    SUCCESSORS.setdefault(_row["old_idcc"], []).append(_row["new_idcc"])
ESCAPES = {row["idcc"]: row["idcc_title"] for row in _csv("idcc_escape_codes.csv")}
HINTS = {row["naf_prefix"]: row for row in _csv("naf_opco_suggestions.csv")}
NAMES = {row["id"]: row["short_name"] for row in _csv("opcos.csv")}
with (DATA / "references.toml").open("rb") as _handle:
    _REFERENCES = tomllib.load(_handle)["reference"]
SIRO_REF = _REFERENCES["siro"]["id"]
MINISTRY_REF = _REFERENCES["ministry_2019"]["id"]
HINTS_REF = _REFERENCES["naf_hints"]["id"]

SINGLE = sorted(idcc for idcc, rows in SIRO.items() if len(rows) == 1 and idcc not in SUCCESSORS)
SHARED = sorted(idcc for idcc, rows in SIRO.items() if len({r["opco"] for r in rows}) > 1)
FOUR_DECIMALS = Decimal("0.0001")


# --- expected values, from the CSV rows ------------------------------------------------


def _rows_of(idcc: str) -> tuple[str, list[dict[str, str]]]:
    """The IDCC used and its SIRO rows (the successors' rows for a merged IDCC)."""
    if idcc in SUCCESSORS:
        found = [new for new in SUCCESSORS[idcc] if new in SIRO]
        return "/".join(found), [row for new in found for row in SIRO[new]]
    return idcc, SIRO[idcc]


def _title(idcc_used: str, rows: list[dict[str, str]]) -> str | None:
    return TITLES.get(idcc_used) or next((r["idcc_title"] for r in rows if r["idcc_title"]), None)


def _candidates(rows: list[dict[str, str]]) -> list[tuple[str, Decimal | None, int]]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["opco"]] = counts.get(row["opco"], 0) + int(row["siro_establishments"] or 0)
    total = sum(counts.values())
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [
        (opco, (Decimal(n) / total).quantize(FOUR_DECIMALS, ROUND_HALF_EVEN) if total else None, n)
        for opco, n in ordered
    ]


def _percent(share: Decimal) -> str:
    return f"{(share * 100).quantize(Decimal(1), ROUND_HALF_EVEN)} %"


def _refs(references: Iterable[Any]) -> list[str]:
    return [reference.id for reference in references]


def _notices(resolution: OpcoResolution) -> list[tuple[str, str, list[str]]]:
    return [(n.code, n.message, _refs(n.references)) for n in resolution.notices]


def _got(resolution: OpcoResolution) -> dict[str, Any]:
    """Every field of the answer, in plain values comparable with the expected ones."""
    return {
        "opco": resolution.opco.value if resolution.opco is not None else None,
        "method": resolution.method,
        "certain": resolution.certain,
        "idcc": resolution.idcc,
        "idcc_used": resolution.idcc_used,
        "idcc_title": resolution.idcc_title,
        "naf": resolution.naf,
        "candidates": [(c.opco.value, c.share, c.establishments) for c in resolution.candidates],
        "message": resolution.message,
        "notices": _notices(resolution),
        "references": _refs(resolution.references),
    }


def _replaced(old: str, new: str) -> tuple[str, str, list[str]]:
    return (
        "IDCC_REPLACED",
        f"L'IDCC {old} a été remplacé par l'IDCC {new} (fusion de conventions) : l'OPCO est "
        "celui de la nouvelle convention.",
        [SIRO_REF],
    )


def _by_idcc(idcc: str, naf: str | None = None) -> dict[str, Any]:
    """The expected answer for an IDCC of the SIRO table (single, merged or shared)."""
    used, rows = _rows_of(idcc)
    candidates = _candidates(rows)
    notices = [_replaced(idcc, used)] if idcc in SUCCESSORS else []
    common = {
        "idcc": idcc,
        "idcc_used": used,
        "idcc_title": _title(used, rows),
        "naf": naf,
        "candidates": candidates,
        "references": [SIRO_REF],
    }
    if len(candidates) > 1:
        listing = ", ".join(f"{o} ({_percent(s)})" for o, s, _ in candidates if s is not None)
        return common | {
            "opco": None,
            "method": ResolutionMethod.AMBIGUOUS,
            "certain": False,
            "message": f"L'IDCC {used} est partagé entre plusieurs OPCO ({listing}) : "
            "indiquez l'OPCO déclaré en DSN (champ company.opco).",
            "notices": notices,
        }
    opco = rows[0]["opco"]
    was = rows[0]["ministry_2019_opco"]
    if was and was != opco:
        notices.append(
            (
                "OPCO_CHANGED_SINCE_2019",
                f"La liste ministérielle de 2019 rattachait l'IDCC {used} à {was} ; les "
                f"établissements déclarent aujourd'hui {opco}.",
                [SIRO_REF, MINISTRY_REF],
            )
        )
    return common | {
        "opco": opco,
        "method": ResolutionMethod.IDCC_REPLACED if idcc in SUCCESSORS else ResolutionMethod.IDCC,
        "certain": True,
        "message": f"IDCC {used} → {NAMES[opco]} ({candidates[0][2]} établissements dans la "
        "table SIRO).",
        "notices": notices,
    }


def _no_convention(idcc: str | None) -> str:
    if idcc is None:
        return "Aucun IDCC n'est indiqué"
    return f"L'IDCC {idcc} n'est pas une convention ({ESCAPES[idcc]})"


def _hint_for(naf: str) -> dict[str, str] | None:
    """The hint of the longest prefix of ``naf`` in the NAF table."""
    prefixes = [prefix for prefix in HINTS if naf.startswith(prefix)]
    return HINTS[max(prefixes, key=len)] if prefixes else None


def _without_convention(idcc: str | None, naf: str | None) -> dict[str, Any]:
    """The expected answer for an escape code or no IDCC (NAF hint or unresolved)."""
    hint = _hint_for(naf) if naf is not None else None
    common = {
        "idcc": idcc,
        "idcc_used": None,
        "idcc_title": ESCAPES[idcc] if idcc is not None else None,
        "naf": naf,
        "certain": False,
    }
    if hint is None:
        return common | {
            "opco": None,
            "method": ResolutionMethod.UNRESOLVED,
            "candidates": [],
            "message": f"{_no_convention(idcc)} et aucun code NAF exploitable : indiquez "
            "l'OPCO déclaré en DSN (champ company.opco) ou le code NAF.",
            "notices": [],
            "references": [],
        }
    share = Decimal(hint["share"])
    return common | {
        "opco": hint["opco"],
        "method": ResolutionMethod.NAF_HINT,
        "candidates": [(hint["opco"], share, None)],
        "message": f"{_no_convention(idcc)} : OPCO indicatif d'après le code NAF {naf} "
        f"({hint['naf_label']}) : {NAMES[hint['opco']]}, retenu par {_percent(share)} des "
        f"{hint['sample_employers']} employeurs échantillonnés. Confirmez l'OPCO déclaré en "
        "DSN (champ company.opco).",
        "notices": [
            (
                "OPCO_INDICATIVE",
                "OPCO déduit du code NAF, sans valeur officielle : l'employeur déclare son "
                "OPCO en DSN selon son activité principale.",
                [HINTS_REF],
            )
        ],
        "references": [HINTS_REF],
    }


# --- the data these tests rely on ------------------------------------------------------


def test_the_tables_hold_the_cases_below() -> None:
    assert SIRO["1486"][0]["opco"] == "atlas" and len(SIRO["1486"]) == 1
    assert SUCCESSORS["0054"] == ["3248"] and SUCCESSORS["1740"] == ["1596", "1597"]
    assert {r["opco"]: r["siro_establishments"] for r in SIRO["3203"]} == {
        "uniformation": "170",
        "ocapiat": "28",
    }
    assert SIRO["1618"][0]["ministry_2019_opco"] == "afdas"
    assert SIRO["2622"][0]["siro_establishments"] == "0"
    assert set(ESCAPES) == {"5100", "5501", "9998", "9999"}
    assert len(SHARED) == 29 and "1596/1597" not in TITLES


# --- one IDCC, one OPCO ----------------------------------------------------------------


def test_1486_by_hand() -> None:
    # idcc_opco.csv: 1486,atlas,…,single,1,251197 ; opcos.csv: atlas → « Atlas ».
    assert _got(resolve_opco("1486")) == {
        "opco": "atlas",
        "method": ResolutionMethod.IDCC,
        "certain": True,
        "idcc": "1486",
        "idcc_used": "1486",
        "idcc_title": TITLES["1486"],
        "naf": None,
        "candidates": [("atlas", Decimal("1.0000"), 251197)],
        "message": "IDCC 1486 → Atlas (251197 établissements dans la table SIRO).",
        "notices": [],
        "references": [SIRO_REF],
    }


def test_every_single_opco_idcc() -> None:
    for idcc in SINGLE:
        assert _got(resolve_opco(idcc)) == _by_idcc(idcc), idcc


@pytest.mark.parametrize(("given", "idcc"), [("16", "0016"), ("44", "0044"), ("0016", "0016")])
def test_the_idcc_is_padded_to_four_digits(given: str, idcc: str) -> None:
    resolution = resolve_opco(given)
    assert resolution.idcc == idcc and resolution.idcc_used == idcc
    assert _got(resolution) == _by_idcc(idcc)


def test_0016_by_hand() -> None:
    # idcc_opco.csv: 0016,opco_mobilites,…,84344 ; opcos.csv: « OPCO Mobilités ».
    assert resolve_opco("16").message == (
        "IDCC 0016 → OPCO Mobilités (84344 établissements dans la table SIRO)."
    )


def test_an_idcc_without_establishments_has_no_share() -> None:
    # 2622 (crédit maritime mutuel): absent from SIRO, OPCO from the 2019 list, 0 establishment.
    resolution = resolve_opco("2622")
    assert [(c.opco, c.share, c.establishments) for c in resolution.candidates] == [
        (OpcoId.ATLAS, None, 0)
    ]
    assert resolution.message == "IDCC 2622 → Atlas (0 établissements dans la table SIRO)."


def test_an_idcc_without_any_title() -> None:
    untitled = [i for i in SINGLE if i not in TITLES and not SIRO[i][0]["idcc_title"]]
    assert untitled  # 0002, 0004…
    assert resolve_opco(untitled[0]).idcc_title is None


def test_a_changed_opco_since_2019_is_a_notice() -> None:
    # 1618 (camping): SIRO 2026-08 says opcommerce, the 2019 ministry list said afdas.
    assert _notices(resolve_opco("1618")) == [
        (
            "OPCO_CHANGED_SINCE_2019",
            "La liste ministérielle de 2019 rattachait l'IDCC 1618 à afdas ; les "
            "établissements déclarent aujourd'hui opcommerce.",
            [SIRO_REF, MINISTRY_REF],
        )
    ]
    assert resolve_opco("1618").opco is OpcoId.OPCOMMERCE


# --- merged IDCC -----------------------------------------------------------------------


def test_every_merged_idcc_resolves_through_its_successors() -> None:
    for old in SUCCESSORS:
        assert _got(resolve_opco(old)) == _by_idcc(old), old


def test_0054_merged_into_3248_by_hand() -> None:
    # idcc_replacements.csv: 0054 → 3248 ; idcc_opco.csv: 3248,opco_2i,…,54687.
    assert _got(resolve_opco("54")) == {
        "opco": "opco_2i",
        "method": ResolutionMethod.IDCC_REPLACED,
        "certain": True,
        "idcc": "0054",
        "idcc_used": "3248",
        "idcc_title": "Convention collective nationale de la métallurgie",
        "naf": None,
        "candidates": [("opco_2i", Decimal("1.0000"), 54687)],
        "message": "IDCC 3248 → OPCO 2i (54687 établissements dans la table SIRO).",
        "notices": [_replaced("0054", "3248")],
        "references": [SIRO_REF],
    }


def test_1740_merged_into_two_conventions_sums_their_establishments() -> None:
    # 1740 → 1596 (272 923 establishments) and 1597 (29 854), both constructys:
    # one candidate with 272 923 + 29 854 = 302 777; no title for « 1596/1597 », so the
    # title of the first SIRO row (1596) is used.
    resolution = resolve_opco("1740")
    assert resolution.idcc_used == "1596/1597"
    assert resolution.method is ResolutionMethod.IDCC_REPLACED
    assert [(c.opco, c.share, c.establishments) for c in resolution.candidates] == [
        (OpcoId.CONSTRUCTYS, Decimal(1), 302777)
    ]
    assert resolution.idcc_title == SIRO["1596"][0]["idcc_title"]
    assert resolution.message == (
        "IDCC 1596/1597 → Constructys (302777 établissements dans la table SIRO)."
    )


def test_a_merged_idcc_whose_successor_is_unknown_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = idcc_tables()
    assert "0001" not in real.by_idcc and "0001" not in real.replacements
    patched = dataclasses.replace(real, replacements={**real.replacements, "0001": ("0000",)})
    monkeypatch.setattr(opco_resolution, "idcc_tables", lambda: patched)
    with pytest.raises(UnknownIdccError, match="IDCC 0001 inconnu") as raised:
        resolve_opco("0001")
    assert raised.value.idcc == "0001"


def test_a_merged_idcc_whose_successor_is_shared_keeps_its_notice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No shipped merger leads to a shared IDCC; a table where 0001 was merged into 3203
    # (shared) must answer like 3203, plus the IDCC_REPLACED notice.
    real = idcc_tables()
    assert "0001" not in real.by_idcc and "0001" not in real.replacements
    patched = dataclasses.replace(real, replacements={**real.replacements, "0001": ("3203",)})
    monkeypatch.setattr(opco_resolution, "idcc_tables", lambda: patched)
    resolution = resolve_opco("0001")
    assert resolution.method is ResolutionMethod.AMBIGUOUS and resolution.idcc_used == "3203"
    assert _notices(resolution) == [_replaced("0001", "3203")]


def test_the_titles_table_wins_over_the_siro_title(monkeypatch: pytest.MonkeyPatch) -> None:
    # In the shipped files both titles agree; the titles table (KALI / DSN list) comes first.
    real = idcc_tables()
    patched = dataclasses.replace(real, titles={**real.titles, "1486": "Titre KALI de test"})
    monkeypatch.setattr(opco_resolution, "idcc_tables", lambda: patched)
    assert resolve_opco("1486").idcc_title == "Titre KALI de test"


def test_an_unknown_idcc_is_refused() -> None:
    with pytest.raises(UnknownIdccError, match="IDCC 1234 inconnu") as raised:
        resolve_opco("1234")
    assert raised.value.idcc == "1234"


# --- shared IDCC -----------------------------------------------------------------------


def test_3203_shared_by_hand() -> None:
    # 3203: uniformation 170, ocapiat 28 establishments; total 198.
    # 170 / 198 = 0.85858… → 0.8586 (86 %), 28 / 198 = 0.14141… → 0.1414 (14 %).
    # The 2019 list said ocapiat, but an ambiguous answer adds no notice.
    assert _got(resolve_opco("3203", naf="8551Z")) == {
        "opco": None,
        "method": ResolutionMethod.AMBIGUOUS,
        "certain": False,
        "idcc": "3203",
        "idcc_used": "3203",
        "idcc_title": TITLES["3203"],
        "naf": "85.51Z",
        "candidates": [
            ("uniformation", Decimal("0.8586"), 170),
            ("ocapiat", Decimal("0.1414"), 28),
        ],
        "message": "L'IDCC 3203 est partagé entre plusieurs OPCO (uniformation (86 %), "
        "ocapiat (14 %)) : indiquez l'OPCO déclaré en DSN (champ company.opco).",
        "notices": [],
        "references": [SIRO_REF],
    }


def test_a_tie_is_ordered_by_opco_id() -> None:
    # 9062: ocapiat 1 and akto 1 establishment; equal counts, so akto (first id) comes first.
    resolution = resolve_opco("9062")
    assert [(c.opco, c.share, c.establishments) for c in resolution.candidates] == [
        (OpcoId.AKTO, Decimal("0.5"), 1),
        (OpcoId.OCAPIAT, Decimal("0.5"), 1),
    ]
    assert "(akto (50 %), ocapiat (50 %))" in resolution.message


def test_every_shared_idcc() -> None:
    for idcc in SHARED:
        resolution = resolve_opco(idcc)
        assert _got(resolution) == _by_idcc(idcc), idcc
        primary = next(r for r in SIRO[idcc] if r["is_primary"] == "1")
        first = resolution.candidates[0]
        # The majority share printed in the CSV is the share of the primary OPCO.
        assert Decimal(primary["siro_majority_share"]) in {c.share for c in resolution.candidates}
        if first.establishments != resolution.candidates[1].establishments:
            assert first.opco.value == primary["opco"], idcc
            assert first.share == Decimal(primary["siro_majority_share"]), idcc


# --- explicit OPCO ---------------------------------------------------------------------


def _explicit(idcc: str | None, opco: str, naf: str | None = None) -> dict[str, Any]:
    """The expected answer when the caller names the OPCO."""
    used: str | None = idcc
    rows: list[dict[str, str]] = []
    title = ESCAPES[idcc] if idcc is not None and idcc in ESCAPES else None
    notices: list[tuple[str, str, list[str]]] = []
    if idcc is not None and idcc not in ESCAPES:
        used, rows = _rows_of(idcc)
        title = _title(used, rows)
        if idcc in SUCCESSORS:
            notices.append(_replaced(idcc, used))
    opcos = {row["opco"] for row in rows}
    if rows and opco not in opcos:
        notices.append(
            (
                "OPCO_IDCC_MISMATCH",
                f"L'OPCO indiqué ({opco}) diffère de celui des établissements de l'IDCC "
                f"{used} ({', '.join(sorted(opcos))}) : vérifiez l'OPCO déclaré en DSN.",
                [SIRO_REF],
            )
        )
    return {
        "opco": opco,
        "method": ResolutionMethod.EXPLICIT,
        "certain": True,
        "idcc": idcc,
        "idcc_used": used,
        "idcc_title": title,
        "naf": naf,
        "candidates": _candidates(rows),
        "message": f"OPCO indiqué par l'appelant : {NAMES[opco]}.",
        "notices": notices,
        "references": [SIRO_REF] if rows else [],
    }


@pytest.mark.parametrize("idcc", ["1486", "1618", "3203", "9062", "0054", "1740", "2622"])
def test_an_explicit_opco_wins_over_every_kind_of_idcc(idcc: str) -> None:
    for opco in NAMES:
        assert _got(resolve_opco(idcc, opco=opco)) == _explicit(idcc, opco), (idcc, opco)


@pytest.mark.parametrize("idcc", [None, *ESCAPES])
def test_an_explicit_opco_without_convention(idcc: str | None) -> None:
    for opco in NAMES:
        got = _got(resolve_opco(idcc, naf="6202A", opco=OpcoId(opco)))
        assert got == _explicit(idcc, opco, naf="62.02A"), (idcc, opco)


def test_explicit_mismatch_by_hand() -> None:
    resolution = resolve_opco("1486", opco="akto")
    assert resolution.opco is OpcoId.AKTO
    assert resolution.message == "OPCO indiqué par l'appelant : AKTO."
    assert _notices(resolution) == [
        (
            "OPCO_IDCC_MISMATCH",
            "L'OPCO indiqué (akto) diffère de celui des établissements de l'IDCC 1486 "
            "(atlas) : vérifiez l'OPCO déclaré en DSN.",
            [SIRO_REF],
        )
    ]
    # A merged IDCC: the replacement notice first, then the mismatch with the successor.
    assert [n.code for n in resolve_opco("0054", opco="atlas").notices] == [
        "IDCC_REPLACED",
        "OPCO_IDCC_MISMATCH",
    ]
    # A shared IDCC: every OPCO of its rows, sorted by id.
    shared = resolve_opco("3203", opco="afdas").notices[0]
    assert "de l'IDCC 3203 (ocapiat, uniformation)" in shared.message
    assert not resolve_opco("3203", opco="ocapiat").notices


def test_an_explicit_opco_of_a_changed_idcc_adds_no_2019_notice() -> None:
    assert resolve_opco("1618", opco="opcommerce").notices == ()


# --- escape codes, NAF hints, unresolved -----------------------------------------------


def test_escape_code_with_a_naf_by_hand() -> None:
    # naf_opco_suggestions.csv: 62,atlas,0.92,36,"Programmation, conseil et autres…".
    assert _got(resolve_opco("9999", naf="6202A")) == {
        "opco": "atlas",
        "method": ResolutionMethod.NAF_HINT,
        "certain": False,
        "idcc": "9999",
        "idcc_used": None,
        "idcc_title": "___Sans convention collective___",
        "naf": "62.02A",
        "candidates": [("atlas", Decimal("0.92"), None)],
        "message": "L'IDCC 9999 n'est pas une convention (___Sans convention collective___) : "
        "OPCO indicatif d'après le code NAF 62.02A (Programmation, conseil et autres "
        "activités informatiques) : Atlas, retenu par 92 % des 36 employeurs échantillonnés. "
        "Confirmez l'OPCO déclaré en DSN (champ company.opco).",
        "notices": [
            (
                "OPCO_INDICATIVE",
                "OPCO déduit du code NAF, sans valeur officielle : l'employeur déclare son "
                "OPCO en DSN selon son activité principale.",
                [HINTS_REF],
            )
        ],
        "references": [HINTS_REF],
    }


@pytest.mark.parametrize(
    ("naf", "prefix"),
    [
        ("10.13B", "10.13B"),  # the sub-class itself
        ("10.13A", "10"),  # only the division
        ("41.10A", "41.1"),  # the group beats the division 41
        ("41.20A", "41"),
        ("47.11B", "47.11"),  # the class
        ("01.11Z", "01"),
    ],
)
def test_the_longest_naf_prefix_wins(naf: str, prefix: str) -> None:
    resolution = resolve_opco(naf=naf)
    assert resolution.opco is OpcoId(HINTS[prefix]["opco"])
    assert f"({HINTS[prefix]['naf_label']})" in resolution.message


def _naf_of(prefix: str) -> str:
    """A NAF sub-class starting with ``prefix`` (``41.1`` → ``41.10Z``)."""
    digits = prefix.replace(".", "")
    if len(digits) == 5:
        return f"{digits[:2]}.{digits[2:]}"
    digits = (digits + "000")[:4]
    return f"{digits[:2]}.{digits[2:]}Z"


@pytest.mark.parametrize("idcc", [None, *ESCAPES])
def test_every_naf_hint_without_convention(idcc: str | None) -> None:
    for prefix in HINTS:
        naf = _naf_of(prefix)
        assert _got(resolve_opco(idcc, naf=naf)) == _without_convention(idcc, naf), naf


@pytest.mark.parametrize(
    ("given", "naf"), [(None, None), ("99.00Z", "99.00Z"), ("6420z", "64.20Z")]
)
@pytest.mark.parametrize("idcc", [None, *ESCAPES])
def test_unresolved_without_convention_nor_hint(
    idcc: str | None, given: str | None, naf: str | None
) -> None:
    expected = _without_convention(idcc, naf)
    assert expected["method"] is ResolutionMethod.UNRESOLVED  # no hint for these NAF codes
    assert _got(resolve_opco(idcc, naf=given)) == expected


def test_unresolved_by_hand() -> None:
    resolution = resolve_opco()
    assert resolution.message == (
        "Aucun IDCC n'est indiqué et aucun code NAF exploitable : indiquez l'OPCO déclaré en "
        "DSN (champ company.opco) ou le code NAF."
    )
    assert resolve_opco("5501").message.startswith(
        "L'IDCC 5501 n'est pas une convention (Convention d'entreprise indépendante ou texte "
        "assimilé non précisé) et aucun code NAF"
    )


@pytest.mark.parametrize("idcc", ["1486", "3203", "0054"])
def test_a_naf_beside_an_idcc_is_only_echoed(idcc: str) -> None:
    # 01.11Z hints ocapiat; the IDCC decides, the NAF is only recorded (normalised).
    assert _got(resolve_opco(idcc, naf="0111Z")) == _by_idcc(idcc, naf="01.11Z")


def test_notices_are_notice_models() -> None:
    resolution = resolve_opco("0054")
    assert all(isinstance(n, Notice) for n in resolution.notices)
    assert resolution.model_validate(resolution.model_dump()) == resolution
