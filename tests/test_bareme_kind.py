"""Barème kinds: the < 50 plan and the 50-299 envelopes never pick each other's barème.

Since 2019 the OPCO's mutualised legal funds pay the plan of the companies under 50 only
(L6332-17); the 50-299 envelopes come from the branch's conventional contributions or the
company's voluntary ones (L6332-1-2). The two are different funds with different criteria:
selection is by kind, in both directions.
"""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from formafin.baremes import Bareme, BaremeKind, BaremeScope
from formafin.data import rule_data
from formafin.models import OpcoId
from formafin.rules.bareme_selection import select_bareme, select_last_known_bareme

DATA = rule_data()


def _ids(kind: BaremeKind) -> set[str]:
    return {b.id for b in DATA.baremes.values() if b.kind is kind}


def test_existing_baremes_are_of_the_under_50_kind_by_default() -> None:
    # Every barème written before the kind existed describes the legal plan (L6332-17).
    assert "atlas-bet-2020" in _ids(BaremeKind.PLAN_UNDER_50)
    assert "afdas-tourisme-2023" in _ids(BaremeKind.PLAN_UNDER_50)
    assert {
        "atlas-bet-50-299-2020",
        "opco_ep-204-50-299-2026",
        "afdas-tourisme-50-299-2023",
        "afdas-tourisme-50-299-2024",
    } <= _ids(BaremeKind.PLAN_50_299)


def test_same_branch_and_day_each_kind_gets_its_own_barème() -> None:
    # Organismes de tourisme (IDCC 1909), 2023: the < 50 barème (3 900 / 5 100 €) and the
    # 50 and more envelope (5 900 €) are both in force; each search finds only its kind.
    day = date(2023, 6, 1)
    under_50 = select_bareme(OpcoId.AFDAS, "1909", day, DATA)
    envelope = select_bareme(OpcoId.AFDAS, "1909", day, DATA, BaremeKind.PLAN_50_299)
    assert under_50 is not None and under_50.id == "afdas-tourisme-2023"
    assert envelope is not None and envelope.id == "afdas-tourisme-50-299-2023"
    # Syntec (IDCC 1486), summer 2020: same thing on the Atlas page of 17 July 2020.
    day = date(2020, 9, 1)
    assert select_bareme(OpcoId.ATLAS, "1486", day, DATA).id == "atlas-bet-2020"  # type: ignore[union-attr]
    found = select_bareme(OpcoId.ATLAS, "1486", day, DATA, BaremeKind.PLAN_50_299)
    assert found is not None and found.id == "atlas-bet-50-299-2020"


def test_last_known_barème_is_searched_within_the_kind() -> None:
    # 2026: neither Syntec barème is in force; the last known of each kind is its own.
    day = date(2026, 3, 1)
    under_50 = select_last_known_bareme(OpcoId.ATLAS, "1486", day, DATA)
    envelope = select_last_known_bareme(OpcoId.ATLAS, "1486", day, DATA, BaremeKind.PLAN_50_299)
    assert under_50 is not None and under_50.id == "atlas-bet-2020"
    assert envelope is not None and envelope.id == "atlas-bet-50-299-2020"
    # Tourism: the 2024 envelope ended last (valid_until 2024-12-31), not the 2023 one.
    envelope = select_last_known_bareme(OpcoId.AFDAS, "1909", day, DATA, BaremeKind.PLAN_50_299)
    assert envelope is not None and envelope.id == "afdas-tourisme-50-299-2024"
    under_50 = select_last_known_bareme(OpcoId.AFDAS, "1909", day, DATA)
    assert under_50 is not None and under_50.kind is BaremeKind.PLAN_UNDER_50


@pytest.mark.parametrize("kind", list(BaremeKind))
def test_no_search_ever_returns_another_kind(kind: BaremeKind) -> None:
    # Every shipped barème, on its first and last day, for its own branch: whatever a
    # search of one kind finds is of that kind.
    for bareme in DATA.baremes.values():
        if bareme.scope is BaremeScope.BY_ID_ONLY or bareme.valid_from is None:
            continue
        assert bareme.valid_until is not None
        idccs = bareme.idcc or (None,)
        for idcc in idccs:
            for day in (bareme.valid_from, bareme.valid_until):
                found = select_bareme(bareme.opco, idcc, day, DATA, kind)
                assert found is None or found.kind is kind, (bareme.id, found.id)
                later = select_last_known_bareme(bareme.opco, idcc, date(2030, 1, 1), DATA, kind)
                assert later is None or later.kind is kind


def _raw(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "essai",
        "opco": "atlas",
        "branch": "Essai",
        "scope": "by_id_only",
        "status": "caller",
        "last_verified_on": "2026-01-01",
        "references": [{"kind": "caller", "id": "Courriel du conseiller"}],
    }
    base.update(changes)
    return base


def test_share_and_floor_belong_to_the_50_299_kind_only() -> None:
    # A share of the pedagogical costs or a floor envelope ("sans être inférieur à") are
    # conventional-fund criteria; the < 50 plan rule does not read them, so a < 50 barème
    # that carries them is refused rather than silently misread.
    for field, value in (("pedagogical_share", "0.5"), ("annual_cap_is_floor", True)):
        with pytest.raises(ValidationError, match=field):
            Bareme.model_validate(_raw(**{field: value}))
        bareme = Bareme.model_validate(_raw(kind="plan_50_299", **{field: value}))
        assert bareme.kind is BaremeKind.PLAN_50_299
    with pytest.raises(ValidationError, match="pedagogical_share"):
        Bareme.model_validate(_raw(kind="plan_50_299", pedagogical_share="1.5"))


def test_the_under_50_plan_ignores_a_caller_envelope_barème() -> None:
    from formafin import estimate_funding

    from .conftest import make_dossier

    dossier = make_dossier(company={"headcount": "20", "idcc": None, "opco": "opco_ep"})
    estimate = estimate_funding(dossier, bareme="opco_ep-204-50-299-2026")
    plan = estimate.decision("opco_plan")
    assert plan is not None and plan.bareme_id != "opco_ep-204-50-299-2026"
    assert "BAREME_OTHER_KIND" in [n.code for n in estimate.warnings]
    assert "BAREME_CHOSEN_BY_CALLER" not in [n.code for n in estimate.warnings]
