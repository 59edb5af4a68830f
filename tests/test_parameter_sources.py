"""No parameter starts before its source (issue 14).

A dated value rests on a version of a text; ``source_from`` is the day that version took
effect. A value that starts earlier claims a rule before the law made it. The loader refuses
such a value; these tests check the shipped data and the files already dated throughout.
"""

from __future__ import annotations

from datetime import date

import pytest

from formafin.data import rule_data
from formafin.parameters import Parameter
from formafin.sources import ReferenceKind, SourceStatus

# Files whose every value resting on a legal text carries the date of that text. A file joins
# this list once each of its sourced values has ``source_from`` (the others: see the report of
# `legal-cpf-plan`; apprentissage, contrat_pro, fne, pro_a, qualiopi, reconversion).
DATED_FILES = {"allocation", "cpf", "deadlines", "plan", "smic"}

_LEGAL_TEXTS = {
    ReferenceKind.CODE,
    ReferenceKind.LOI,
    ReferenceKind.DECRET,
    ReferenceKind.ARRETE,
    ReferenceKind.ORDONNANCE,
}


def test_no_parameter_value_starts_before_its_source() -> None:
    checked = 0
    for parameter in rule_data().parameters.values():
        for value in parameter.values:
            if value.source_from is not None:
                checked += 1
                assert value.start >= value.source_from, (parameter.name, value.start)
    assert checked >= 50  # the five dated files alone hold fifty dated values


@pytest.mark.parametrize("prefix", sorted(DATED_FILES))
def test_dated_files_give_the_date_of_every_legal_source(prefix: str) -> None:
    """Every value that asserts a rule read in a legal text says when that text took effect.

    Exempt: values stating that a rule does not exist yet (no value), and figures that rest on
    no legal text (formafin's ``believed`` choices, ``indicative`` ranges, OPCO pages)."""
    missing = []
    for name, parameter in rule_data().parameters.items():
        if not name.startswith(prefix + "."):
            continue
        for value in parameter.values:
            legal = any(ref.kind in _LEGAL_TEXTS for ref in value.references)
            asserted = value.status in (SourceStatus.PRIMARY, SourceStatus.SECONDARY)
            if value.value is not None and legal and asserted and value.source_from is None:
                missing.append((name, value.start))
    assert not missing


def test_the_loader_refuses_a_value_that_starts_before_its_text() -> None:
    # R6323 (participation forfaitaire) takes effect on 2 May 2024 (décret n° 2024-394, art. 2):
    # a 100 € value from 1 January 2024 would charge holders before the décret.
    base = {
        "status": "primary",
        "last_verified_on": date(2026, 1, 1),
        "references": [{"kind": "code", "id": "C. trav. R6323"}],
    }
    with pytest.raises(ValueError, match="avant son texte source"):
        Parameter.model_validate(
            {
                "name": "t",
                "label": "t",
                "unit": "€",
                "kind": "money",
                "values": [
                    {
                        **base,
                        "start": date(2024, 1, 1),
                        "value": "100.00",
                        "source_from": date(2024, 5, 2),
                    }
                ],
            }
        )


@pytest.mark.parametrize(
    ("name", "first_real_value"),
    [
        # R6323, NOTA: décret n° 2024-394, in force on 2 May 2024.
        ("cpf.participation", date(2024, 5, 2)),
        # D6323-1 A, created by décret n° 2026-127 (JO 25 Feb 2026), in force 26 Feb 2026.
        ("cpf.cap_rs", date(2026, 2, 26)),
        ("cpf.light_licence_min_third_party", date(2026, 2, 26)),
        # D6323-6 as amended by décret n° 2026-126, in force 26 Feb 2026.
        ("cpf.bilan_gap_years", date(2026, 2, 26)),
        # La période de reconversion (loi n° 2025-989, art. 11 II) exists from 1 Jan 2026 only.
        ("allocation.non_cumulable", date(2026, 1, 1)),
    ],
)
def test_rules_start_on_their_texts_dates(name: str, first_real_value: date) -> None:
    parameter = rule_data().parameter(name)
    first = next(v for v in parameter.values if v.value is not None)
    assert first.start == first_real_value
    assert first.source_from == first_real_value


def test_smic_values_start_with_their_decrees() -> None:
    # Arrêté du 19 avril 2022 (JORF 20 avril 2022): 10,85 € from 1 May 2022.
    smic = rule_data().parameter("smic.hourly_gross")
    may_2022 = smic.at(date(2022, 5, 1))
    assert str(may_2022.value) == "10.85" and may_2022.source_from == date(2022, 5, 1)
    assert "19 avril 2022" in may_2022.references[0].id
    assert all(value.source_from == value.start for value in smic.values)
