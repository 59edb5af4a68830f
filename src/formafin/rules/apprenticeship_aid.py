"""Hiring aid to the employer of an apprentice, for the first year of the contract.

Which aid, by the date the contract was concluded (and, for décret n° 2026-168, started):

- L6243-1, D6243-1: the *aide unique*, for « les entreprises de moins de deux cent cinquante
  salariés ... pour la conclusion d'un contrat d'apprentissage visant un diplôme ou un titre à
  finalité professionnelle équivalant au plus au baccalauréat ». D6243-2 II sets its amount:
  4 125 € the first year from 2019, 6 000 € from 2023 (décret n° 2022-1714), « 5 000 euros
  maximum », « 6 000 euros maximum pour les contrats conclus avec une personne reconnue
  travailleur handicapé » from 2025-02-24 (décret n° 2025-174). The RQTH figure is the amount
  of that same aid, not an aid of its own.
- The exceptional aids, for every size up to level 7 (never above, RQTH included): 5 000 € /
  8 000 € by the apprentice's age (décret n° 2020-1085 and its extensions, contracts concluded
  2020-07-01 to 2022-12-31; « Le montant prévu au 2° du I s'applique à compter du premier jour
  du mois suivant le jour où l'apprenti atteint dix-huit ans »), 6 000 € in 2023-2024 (décret
  n° 2022-1714), the grids of décret n° 2025-174 and décret n° 2026-168 (the latter for
  contracts concluded from 2026-03-08 that start before 2027-01-01; the others get the aide
  unique only).

How much of it, D6243-2: « L'aide est versée ... chaque mois » (III) over « la première année
d'exécution du contrat » (I). Since décret n° 2025-1031 (2025-11-01): « Lorsque la durée du
contrat est inférieure à un an, le montant de l'aide due au titre du premier et du dernier mois
du contrat est calculé au prorata temporis du nombre de jours couverts » (III) and « En cas de
rupture anticipée ..., l'aide n'est pas due à compter du jour suivant la date de fin du
contrat » (IV); before, « à compter du mois suivant ». Its NOTA: for contracts in progress on
2025-11-01, no pro rata on the first month. formafin counts calendar months (one twelfth of
the yearly amount each, twelve at most); see docs/rules/alternance.md for that reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from formafin.data import RuleData
from formafin.dates import (
    MONTHS_IN_YEAR,
    add_years,
    calendar_months,
    days_in_year_from,
    next_month,
)
from formafin.facts import AidFact, NoticeFact, Text, Words, check, notice
from formafin.lookup import value_on
from formafin.models import ApprenticeshipContract, Dossier
from formafin.money import funded_cents
from formafin.result import Payer, SchemeId
from formafin.rules.common import int_at, required_decimal
from formafin.rules.outcome import parameter_used, raw_value
from formafin.sources import Reference

__all__ = ["AidMonth", "aid_months", "apprenticeship_aid"]

SCHEME = SchemeId.APPRENTISSAGE
LABEL = Text("apprenticeship_aid.label")
_TWELVE = Decimal(MONTHS_IN_YEAR)


@dataclass(frozen=True)
class AidMonth:
    """One monthly instalment of the aid: the calendar month and the share of it that is due."""

    first_day: date
    share: Decimal
    days: int
    length: int


def aid_months(
    contract: ApprenticeshipContract, data: RuleData
) -> tuple[tuple[AidMonth, ...], bool]:
    """The months of the first year for which the aid is due, and whether the contract ran
    the whole first year.

    Before 2025-11-01 a month begun is due in full (« à compter du mois suivant »); from
    2025-11-01 the last month is due by day (D6243-2 III-IV), and the first one too for a
    contract shorter than a year that did not start before that date (NOTA of D6243-2).
    """
    start = contract.start
    year_end = start + timedelta(days=days_in_year_from(start) - 1)
    stop = min(contract.end, contract.ruptured_on or contract.end)
    whole_year = stop >= year_end
    stop = min(stop, year_end)
    short = contract.end < year_end
    months: list[AidMonth] = []
    left = _TWELVE
    for first_day, days, length in calendar_months(start, stop):
        share = Decimal(1)
        partial = days < length and not whole_year
        is_last = stop.replace(day=1) == first_day
        is_first = start.replace(day=1) == first_day
        by_day = (is_last and _by_day(data, stop)) or (is_first and short and _by_day(data, start))
        if partial and by_day:
            share = Decimal(days) / Decimal(length)
        share = min(share, left)
        if share <= 0:
            break
        months.append(AidMonth(first_day=first_day, share=share, days=days, length=length))
        left -= share
    return tuple(months), whole_year


def _by_day(data: RuleData, day: date) -> bool:
    return raw_value(data, "apprentissage.aid_daily_prorata", day) is True


@dataclass(frozen=True)
class _Regime:
    name: str
    who: Words
    notices: tuple[NoticeFact, ...] = ()


def apprenticeship_aid(
    dossier: Dossier, contract: ApprenticeshipContract, data: RuleData, notices: list[NoticeFact]
) -> AidFact:
    """The hiring aid for the first year, by the dates the contract was concluded and began."""
    day = contract.concluded_on
    regime = _regime(dossier, contract, data)
    if isinstance(regime, AidFact):
        return regime
    notices.extend(regime.notices)
    value = value_on(data, regime.name, day)
    refs = value.references
    yearly = value.value
    assert isinstance(yearly, Decimal)
    _, used = parameter_used(data, regime.name, day)
    parameters = [used]
    adult = raw_value(data, "apprentissage.aid_adult", day)
    switch: date | None = None
    age_text: Words = ""
    if isinstance(adult, Decimal) and regime.name != "apprentissage.aid_unique_rqth":
        _, adult_used = parameter_used(data, "apprentissage.aid_adult", day)
        parameters.append(adult_used)
        age = int_at(data, "apprentissage.aid_adult_age", day)
        if contract.apprentice_birth_date is None:
            age_text = Text("apprenticeship_aid.basis.age_unknown", age=age)
            notices.append(_age_unknown(adult, age, refs))
        else:
            birthday = add_years(contract.apprentice_birth_date, age)
            switch = next_month(birthday)
    months, whole_year = aid_months(contract, data)
    amount = Decimal(0)
    adult_months = Decimal(0)
    for month in months:
        rate = yearly
        if switch is not None and isinstance(adult, Decimal) and month.first_day >= switch:
            rate = adult
            adult_months += month.share
        amount += rate * month.share / _TWELVE
    basis: tuple[Words, ...] = (
        Text("apprenticeship_aid.basis.yearly", yearly=yearly, who=regime.who),
        age_text,
    )
    if adult_months:
        assert isinstance(adult, Decimal)
        basis += (
            Text(
                "apprenticeship_aid.basis.adult",
                adult=adult,
                switch=switch,
                age=age,
                months=adult_months,
            ),
        )
    basis += (" ; ", _months_text(contract, months, whole_year))
    if not whole_year:
        notices.append(_months_notice(refs))
    return AidFact(
        SCHEME,
        LABEL,
        amount > 0,
        funded_cents(amount),
        Payer.STATE,
        basis,
        parameters=tuple(parameters),
        references=refs,
    )


def _regime(
    dossier: Dossier, contract: ApprenticeshipContract, data: RuleData
) -> _Regime | AidFact:
    """The parameter holding the yearly amount, or the aid saying why none is due."""
    day = contract.concluded_on
    threshold = required_decimal(data, "apprentissage.aid_size_threshold", day)
    small = dossier.company.headcount < threshold
    level = contract.certification_level
    low_max = int_at(data, "apprentissage.aid_low_level_max", day)
    mid = int_at(data, "apprentissage.aid_mid_level", day)
    high_max = int_at(data, "apprentissage.aid_high_level_max", day)
    band = "low" if level <= low_max else "mid" if level == mid else "high"
    size_text = Text(
        "apprenticeship_aid.size.small" if small else "apprenticeship_aid.size.large",
        threshold=threshold,
    )
    name = f"apprentissage.aid_{'small' if small else 'large'}_{band}"
    exceptional = value_on(data, name, day)
    latest = raw_value(data, "apprentissage.aid_latest_start", day)
    late_start = isinstance(latest, date) and contract.start > latest
    if exceptional.value is not None and not late_start:
        if level > high_max:
            return _no_aid(
                "APPRENTICESHIP_AID_LEVEL_NOT_COVERED",
                Text("apprenticeship_aid.level_not_covered", level=level, day=day, max=high_max),
                exceptional.references,
            )
        extra: tuple[NoticeFact, ...] = ()
        if not small:
            extra = (_quota_notice(exceptional.references),)
        elif level <= low_max:
            extra = _later_years(data, day)
        if contract.rqth and raw_value(data, "apprentissage.aid_rqth", day) is not None:
            return _Regime(
                "apprentissage.aid_rqth", Text("apprenticeship_aid.who.rqth", level=level), extra
            )
        return _Regime(
            name, Text("apprenticeship_aid.who.size", size=size_text, level=level), extra
        )
    unique_refs = value_on(data, "apprentissage.aid_unique_first_year", day).references
    why_unique = (
        Text("apprenticeship_aid.why.late_start", start=contract.start, latest=latest)
        if late_start and isinstance(latest, date)
        else Text("apprenticeship_aid.why.concluded", day=day)
    )
    if not small or level > low_max:
        return _no_aid(
            "APPRENTICESHIP_AID_NOT_COVERED",
            Text(
                "apprenticeship_aid.not_covered",
                why=why_unique,
                threshold=threshold,
                max=low_max,
                size=size_text,
                level=level,
            ),
            (*unique_refs, *exceptional.references),
        )
    notes = _later_years(data, day)
    if contract.rqth and raw_value(data, "apprentissage.aid_unique_rqth", day) is not None:
        return _Regime(
            "apprentissage.aid_unique_rqth",
            Text("apprenticeship_aid.who.unique_rqth", size=size_text, level=level),
            tuple(notes),
        )
    return _Regime(
        "apprentissage.aid_unique_first_year",
        Text("apprenticeship_aid.who.unique", size=size_text, level=level),
        tuple(notes),
    )


def _later_years(data: RuleData, day: date) -> tuple[NoticeFact, ...]:
    """D6243-2 before décret n° 2022-1714 also paid the aide unique in later years."""
    if raw_value(data, "apprentissage.aid_unique_later_years", day) is not True:
        return ()
    value = value_on(data, "apprentissage.aid_unique_later_years", day)
    text = Text("apprenticeship_aid.later_years", note=value.note)
    return (notice("APPRENTICESHIP_AID_LATER_YEARS", text, value.references, scheme=SCHEME),)


def _months_text(
    contract: ApprenticeshipContract, months: tuple[AidMonth, ...], whole_year: bool
) -> Words:
    if whole_year:
        return Text(
            "apprenticeship_aid.months.whole_year", start=contract.start, months=MONTHS_IN_YEAR
        )
    total = sum((m.share for m in months), Decimal(0))
    parts: list[Words] = []
    for month in months:
        if parts:
            parts.append(", ")
        shown = f"{month.first_day:%m/%Y}"
        if month.share == 1:
            parts.append(Text("apprenticeship_aid.months.whole", month=shown))
        else:
            parts.append(
                Text(
                    "apprenticeship_aid.months.days",
                    month=shown,
                    days=month.days,
                    length=month.length,
                )
            )
    if contract.ruptured_on is not None:
        end = Text("apprenticeship_aid.months.ruptured", on=contract.ruptured_on)
    else:
        end = Text("apprenticeship_aid.months.short", on=contract.end)
    rounded = total.quantize(Decimal("0.0001"))
    return Text(
        "apprenticeship_aid.months.partial",
        end=end,
        share=rounded,
        months=MONTHS_IN_YEAR,
        parts=tuple(parts),
    )


def _months_notice(refs: tuple[Reference, ...]) -> NoticeFact:
    text = Text("apprenticeship_aid.monthly_reading")
    return notice("APPRENTICESHIP_AID_MONTHLY_READING", text, refs, scheme=SCHEME)


def _quota_notice(refs: tuple[Reference, ...]) -> NoticeFact:
    text = Text("apprenticeship_aid.quota_condition")
    return notice("APPRENTICESHIP_AID_QUOTA_CONDITION", text, refs, scheme=SCHEME)


def _age_unknown(adult: Decimal, age: int, refs: tuple[Reference, ...]) -> NoticeFact:
    text = Text("apprenticeship_aid.age_unknown", age=age, adult=adult)
    return notice("APPRENTICESHIP_AID_AGE_UNKNOWN", text, refs, scheme=SCHEME)


def _no_aid(code: str, why: Words, refs: tuple[Reference, ...]) -> AidFact:
    """No aid, and why."""
    return AidFact.refused(SCHEME, LABEL, (check(code, False, why, refs),), refs)
