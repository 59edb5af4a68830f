"""Every alternance message, line and aid is a readable French sentence with its sources.

The scenarios below reach each notice and reason of the alternance rules; the checks are the
project's presentation rules (README: every amount is explained, every refusal has a French
message and a source).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from formafin import FundingEstimate, SchemeId, estimate_funding

from .conftest import make_dossier
from .test_alternance import PRO, _apprenticeship

ACRONYMS = {"RQTH", "OPCO", "GEIQ", "NPEC", "SMIC"}

APPRENTICESHIP: list[tuple[int, str, dict[str, Any]]] = [
    (5, "20", {"ruptured_on": "2026-11-10"}),
    (4, "20", {"concluded_on": "2025-03-10", "start": "2025-03-10", "ruptured_on": "2025-06-05"}),
    (6, "400", {"concluded_on": "2021-09-01", "start": "2021-09-01"}),
    (
        6,
        "400",
        {
            "concluded_on": "2021-09-01",
            "start": "2021-09-01",
            "apprentice_birth_date": "2003-09-15",
        },
    ),
    (4, "20", {"concluded_on": "2019-09-01", "start": "2019-09-01"}),
    (5, "20", {"concluded_on": "2019-09-01", "start": "2019-09-01"}),
    (4, "400", {"concluded_on": "2026-02-10", "rqth": True}),
    (4, "20", {"concluded_on": "2026-02-10", "rqth": True}),
    (8, "20", {"rqth": True}),
    (6, "20", {"concluded_on": "2026-05-01", "start": "2027-01-04", "end": "2029-01-03"}),
    (6, "20", {"ruptured_on": "2026-10-20"}),
    (6, "20", {"ruptured_on": "2026-10-20", "company_training_days": 30}),
    (6, "20", {"after_previous_rupture": True, "sent_to_opco_on": "2026-09-30"}),
    (4, "20", {"concluded_on": "2026-04-01", "start": "2026-04-15", "end": "2026-10-14"}),
]

PROFESSIONALISATION: list[dict[str, Any]] = [
    {
        "geiq_insertion": True,
        "tutor": {"training_hours": "50", "months": 8, "aged_45_or_more": True},
    },
    {"contract_hours": "1000"},
    {"contract_hours": "1000", "branch_max_training_share": "0.3"},
    {"priority_public": True, "tutor": {"months": 2, "tutoring_costs": "100.00"}},
]


def _scenario(index: int) -> FundingEstimate:
    if index < len(APPRENTICESHIP):
        level, size, extra = APPRENTICESHIP[index]
        return _apprenticeship(level, size, **extra)
    index -= len(APPRENTICESHIP)
    if index < len(PROFESSIONALISATION):
        return estimate_funding(make_dossier(PRO, professionalisation=PROFESSIONALISATION[index]))
    return estimate_funding(
        make_dossier(
            PRO,
            action={"start": "2020-09-21", "end": "2021-09-10"},
            submitted_on="2020-09-01",
            provider={"qualiopi": None},
            professionalisation={
                "concluded_on": "2020-09-15",
                "start": "2020-09-21",
                "end": "2021-09-20",
                "geiq_insertion": True,
            },
        )
    )


SCENARIOS = range(len(APPRENTICESHIP) + len(PROFESSIONALISATION) + 1)


def _estimates() -> list[FundingEstimate]:
    return [_scenario(index) for index in SCENARIOS]


def _readable(text: str, *, sentence: bool) -> None:
    assert text and "XX" not in text, text
    assert text[0].isupper() or text[0].isdigit(), text
    if sentence:
        assert text.endswith("."), text
    for word in re.findall(r"[A-ZÀ-Ý]{4,}", text):
        assert word in ACRONYMS, (word, text)


@pytest.mark.parametrize("index", SCENARIOS)
def test_alternance_messages_are_french_sentences_with_sources(index: int) -> None:
    estimate = _scenario(index)
    ours = {SchemeId.APPRENTISSAGE, SchemeId.CONTRAT_PRO}
    for notice in estimate.warnings:
        if notice.scheme not in ours:
            continue
        _readable(notice.message, sentence=True)
        assert notice.references, notice.code
    for aid in estimate.aids:
        assert aid.scheme in ours and aid.references, aid.label
        assert (
            aid.basis == "—"
            or aid.basis[0].isdigit()
            or aid.basis[0].isupper()
            or aid.basis.startswith("plafond")
        ), aid.basis
        assert "XX" not in aid.basis and "XX" not in aid.label, aid.basis
        for reason in aid.reasons:
            _readable(reason.message, sentence=True)
            assert reason.references, reason.code
        if aid.eligible:
            assert aid.parameters and aid.amount > 0
    for line in estimate.lines:
        if line.scheme in ours:
            assert "XX" not in line.basis, line.basis
    for decision in estimate.decisions:
        if decision.scheme in ours:
            for reason in decision.reasons:
                _readable(reason.message, sentence=True)


def test_notice_texts_say_what_they_mean() -> None:
    codes = {n.code: n.message for e in _estimates() for n in e.warnings if n.scheme is not None}
    assert codes["APPRENTICESHIP_AID_MONTHLY_READING"].startswith("Aide calculée par mois civil")
    assert codes["APPRENTICESHIP_AID_QUOTA_CONDITION"].endswith("transmettre l'engagement.")
    assert codes["APPRENTICESHIP_AID_AGE_UNKNOWN"].startswith("Aide exceptionnelle 2020-2022")
    assert "apprentice_birth_date" in codes["APPRENTICESHIP_AID_AGE_UNKNOWN"]
    assert codes["APPRENTICESHIP_AID_LATER_YEARS"].startswith("Aide unique des années suivantes")
    assert "company_training_days" in codes["APPRENTICESHIP_PRACTICAL_DAYS_UNKNOWN"]
    assert "1er octobre 2020" in codes["CONTRAT_PRO_GEIQ_BEFORE_OCTOBER_2020"]
    assert codes["APPRENTICESHIP_SENT_LATE"].startswith("Contrat transmis à l'OPCO le 30/09/2026")


def test_refusals_start_with_what_decides_them() -> None:
    reasons = {r.code: r.message for e in _estimates() for a in e.aids for r in a.reasons}
    assert reasons["APPRENTICESHIP_AID_LEVEL_NOT_COVERED"].startswith("Niveau 8 : l'aide")
    assert "RQTH" not in reasons["APPRENTICESHIP_AID_LEVEL_NOT_COVERED"]
    assert "travailleur handicapé" in reasons["APPRENTICESHIP_AID_LEVEL_NOT_COVERED"]
    not_covered = [
        r.message
        for e in _estimates()
        for a in e.aids
        for r in a.reasons
        if r.code == "APPRENTICESHIP_AID_NOT_COVERED"
    ]
    assert any(
        m.startswith("Contrat conclu le 10/02/2026 : seule l'aide unique") for m in not_covered
    )
    assert any(m.startswith("Contrat commencé le 04/01/2027") for m in not_covered)
