"""Atlas and OPCO EP barèmes: the figures as the stored pages print them, and how they apply.

Each expected figure is quoted from the page named in the barème's reference (copies read in
November 2026); nothing here is copied from the data files.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from formafin import estimate_funding
from formafin.baremes import Bareme, BaremeScope
from formafin.data import rule_data
from formafin.models import OpcoId
from formafin.result import CostCategory, FundingEstimate, FundingLine
from formafin.rules.bareme_selection import select_bareme, select_last_known_bareme
from tests.conftest import make_dossier

OURS = ("atlas", "opco_ep")
SITES = {"atlas": "https://www.opco-atlas.fr/", "opco_ep": "https://www.opcoep.fr/"}


def _caps(bareme_id: str) -> list[tuple[Decimal, Decimal | None, Decimal | None]]:
    bareme = rule_data().bareme(bareme_id)
    return [(b.min_headcount, b.max_headcount, b.amount) for b in bareme.annual_caps]


def _line(estimate: FundingEstimate, category: CostCategory) -> FundingLine:
    return next(line for line in estimate.lines if line.category is category)


@pytest.mark.parametrize(
    "bareme",
    [b for b in rule_data().baremes.values() if b.opco.value in OURS],
    ids=lambda b: str(b.id),
)
def test_every_barème_keeps_its_url_its_page_date_and_its_status(bareme: Bareme) -> None:
    assert bareme.last_verified_on >= date(2026, 1, 1)
    ref = bareme.references[0]
    assert ref.url and ref.url.startswith("https://")
    if bareme.status.value == "primary":  # read on the OPCO's own site
        assert ref.url.startswith(SITES[bareme.opco.value])
    else:  # a federation or a provider: said in the notes, flagged by the estimate
        assert bareme.status.value == "secondary" and ref.kind.value == "secondary"
        assert "confirmer auprès d'OPCO" in " ".join(bareme.notes)
    # The page's own date: « mise à jour du 08/01/2026 », « applicables au 1er janvier 2024 »,
    # « publié le 06/02/2025 », the year in the title, or the 2020 Atlas snapshot's month.
    assert re.search(r"\d{2}/\d{2}/\d{4}|applicables au|instantané de|\(20\d\d\)", ref.id)


def test_opco_ep_2026_company_caps_as_printed() -> None:
    # branche=213: « Moins de 11 salariés : 3 000 € HT ; De 11 à 49 salariés : 6 000 € HT ».
    assert _caps("opco_ep-213-2026") == [
        (Decimal(0), Decimal(11), Decimal("3000.00")),
        (Decimal(11), Decimal(50), Decimal("6000.00")),
    ]
    # branche=177: « 2 000 € HT … moins de 11 salariés ; 3 000 € HT … de 11 à 49 salariés »,
    # « Coût pédagogique : 50 € HT/h », « Durée maximale de prise en charge : 21 h ».
    assert _caps("opco_ep-177-2026") == [
        (Decimal(0), Decimal(11), Decimal("2000.00")),
        (Decimal(11), Decimal(50), Decimal("3000.00")),
    ]
    rule = rule_data().bareme("opco_ep-177-2026").pedagogical[0]
    assert (rule.amount, rule.max_funded_hours) == (Decimal("50.00"), Decimal(21))


def test_atlas_caps_as_printed() -> None:
    # branche=214, 17/07/2020: 4 000 € HT under 5 and from 5 to 24, 6 000 € HT from 25 to 49.
    assert _caps("atlas-bet-2020") == [
        (Decimal(0), Decimal(25), Decimal("4000.00")),
        (Decimal(25), Decimal(50), Decimal("6000.00")),
    ]
    # branche=217, 2024: « Plafond annuel par entreprise : 6 000€ HT », « 55€HT par heure ».
    assert _caps("atlas-217-2024")[0] == (Decimal(0), Decimal(11), Decimal("6000.00"))
    assert rule_data().bareme("atlas-217-2024").pedagogical[0].amount == Decimal("55.00")


def test_unidentified_branches_are_never_selected_automatically() -> None:
    data = rule_data()
    for bareme_id in ("opco_ep-213-2026", "opco_ep-177-2026", "opco_ep-204-2026", "atlas-217-2024"):
        assert data.bareme(bareme_id).scope is BaremeScope.BY_ID_ONLY
    # 213 is inferred to be the 3D branch (IDCC 1605), yet neither in 2026 nor later.
    assert select_bareme(OpcoId.OPCO_EP, "1605", date(2026, 6, 1), data) is None
    assert select_last_known_bareme(OpcoId.OPCO_EP, "1605", date(2027, 6, 1), data) is None


def _interpro(start: str, submitted: str) -> FundingEstimate:
    dossier = make_dossier(
        company={"idcc": "9999", "opco": "opco_ep"},
        action={
            "start": start,
            "end": start,
            "hours": "14",
            "costs": {"pedagogical": "1000.00", "salary": "500.00", "annex": "0"},
        },
        trainees=[{}, {}],
        submitted_on=submitted,
    )
    return estimate_funding(dossier)


def test_opco_ep_interprofession_2024_is_exact_in_2024() -> None:
    estimate = _interpro("2024-06-03", "2024-05-02")
    pedagogical = _line(estimate, CostCategory.PEDAGOGICAL)
    # « Basique … Coût pédagogique : 20 € HT/h »: 20 × 14 h × 2 trainees = 560 €.
    assert pedagogical.amount == Decimal("560.00") and not pedagogical.indicative
    # « Frais de salaires : 13 € HT/h », above the June 2024 SMIC (11,65 €, D6332-39):
    # 11,65 × 14 × 2 = 326,20 €.
    assert _line(estimate, CostCategory.SALARY).amount == Decimal("326.20")


def test_opco_ep_interprofession_2024_is_the_last_known_one_in_2025() -> None:
    estimate = _interpro("2025-03-17", "2025-02-03")
    pedagogical = _line(estimate, CostCategory.PEDAGOGICAL)
    assert pedagogical.amount == Decimal("560.00") and pedagogical.indicative
    assert pedagogical.bareme_id == "opco_ep-interpro-2024"
    # 13 € capped at the 2025 SMIC of 11,88 €: 11,88 × 14 × 2 = 332,64 €.
    assert _line(estimate, CostCategory.SALARY).amount == Decimal("332.64")
    notice = next(w for w in estimate.warnings if w.code == "BAREME_LAST_KNOWN")
    assert "02/01/2024" in notice.message  # the page's update date


def _coiffure(start: str, submitted: str, **action: object) -> FundingEstimate:
    dossier = make_dossier(
        company={"idcc": "2596"},
        action={
            "start": start,
            "end": start,
            "hours": "7",
            "costs": {"pedagogical": "300.00", "salary": "0", "annex": "0"},
            **action,
        },
        submitted_on=submitted,
    )
    return estimate_funding(dossier)


def test_coiffure_2025_as_the_unec_prints_it() -> None:
    # « Formations "Coiffure" (Coupe, coiffage, coiffure, etc…) : 25€/heure »: 25 × 7 h = 175 €.
    estimate = _coiffure("2025-03-17", "2025-02-03")
    line = _line(estimate, CostCategory.PEDAGOGICAL)
    assert line.amount == Decimal("175.00") and line.bareme_id == "opco_ep-coiffure-2025"
    assert "BAREME_SECONDARY_SOURCE" in {w.code for w in estimate.warnings}
    bilan = rule_data().bareme("opco_ep-coiffure-2025").pedagogical[0]
    # « Le taux de prise en charge passe à 60 €/heure … La durée … est de maximum 24 heures. »
    assert (bilan.amount, bilan.max_funded_hours) == (Decimal("60.00"), Decimal(24))


def test_coiffure_2024_keeps_the_earlier_bilan_rate() -> None:
    # « 60 €/heure … (au lieu de 75€/h précédemment) »; VAE « contre 24 heures précédemment ».
    old = rule_data().bareme("opco_ep-coiffure-2024")
    assert old.pedagogical[0].amount == Decimal("75.00")
    assert old.pedagogical[1].max_funded_hours == Decimal(24)
    line = _line(_coiffure("2024-03-18", "2024-02-05"), CostCategory.PEDAGOGICAL)
    assert line.amount == Decimal("175.00") and line.bareme_id == "opco_ep-coiffure-2024"


def test_coiffure_2026_falls_back_on_2025() -> None:
    line = _line(_coiffure("2026-03-16", "2026-02-02"), CostCategory.PEDAGOGICAL)
    assert line.amount == Decimal("175.00") and line.indicative
    assert line.bareme_id == "opco_ep-coiffure-2025"


def test_immobilier_2026_uses_the_2022_rate_as_an_indication() -> None:
    # « 30€ par heure pour les formations cœur de métier »: 30 × 14 h × 1 trainee = 420 €;
    # without barème, up to 55 €/h × 14 h = 770 €, within the 700 € cost: range 420–700 €.
    estimate = estimate_funding(
        make_dossier(company={"idcc": "1527"}, action={"costs": {"pedagogical": "700.00"}})
    )
    line = _line(estimate, CostCategory.PEDAGOGICAL)
    assert line.amount == Decimal("420.00") and line.range is not None
    assert (line.range.low, line.range.high) == (Decimal("420.00"), Decimal("700.00"))
    assert line.bareme_id == "opco_ep-immobilier-2022"
    assert "BAREME_LAST_KNOWN" in {w.code for w in estimate.warnings}
