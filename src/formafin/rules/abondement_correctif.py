"""Abondement correctif (L6323-13, R6323-3): 3 000 € on the CPF, paid by the employer.

In companies of 50 employees or more, when the employee did not have, over the period
before the état-des-lieux interview (6 years, then 8 years from 2025-10-26), the required
career interviews *and* at least one training other than mandatory training, the employer
credits 3 000 € and pays it to the Caisse des dépôts by the last day of the calendar quarter
after that interview.

Interpretation (uncertain, documented): the failures are read as cumulative — the abondement
is due only when the interviews were not held **and** no non-mandatory training was given —
as the 2018 amendment that wrote the rule said ("ne sera due que si le salarié n'a pas
bénéficié des entretiens professionnels et d'une formation non obligatoire") and as case law
is reported to hold. The version of L6323-13 in force from 2026-09-01 was not read.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field

from formafin.data import rule_data
from formafin.dates import end_of_next_quarter
from formafin.facts import Text, say
from formafin.models import Money
from formafin.money import ZERO
from formafin.sources import FrozenModel, Reference, ReferenceKind

__all__ = ["AbondementCorrectif", "abondement_correctif"]


class AbondementCorrectif(FrozenModel):
    """Whether the abondement correctif is due, how much, by when, and why."""

    due: bool = Field(description="Abondement dû.")
    amount: Money = Field(description="Montant à verser à la Caisse des dépôts.")
    period_years: int = Field(description="Période appréciée, en années.")
    pay_by: date | None = Field(description="Date limite de versement, si dû.")
    message: str = Field(description="Explication en français.")
    interpretation_uncertain: bool = Field(
        description="Vrai : la lecture cumulative des manquements n'est pas certaine."
    )
    references: tuple[Reference, ...] = Field(description="Sources.")


_CUMULATIVE_READING = Reference(
    kind=ReferenceKind.SECONDARY,
    id="Amendement à la loi n° 2018-771 (lecture cumulative des manquements)",
    url="https://2017-2022.nosdeputes.fr/15/intervention/274573",
)


def abondement_correctif(
    *,
    headcount: Decimal,
    review_date: date,
    interviews_held: bool,
    non_mandatory_training: bool,
) -> AbondementCorrectif:
    """Decide the abondement correctif at the état-des-lieux interview of ``review_date``.

    ``headcount`` is the company's headcount with the threshold-crossing rule of L130-1 CSS.
    """
    data = rule_data()
    amount_value = data.parameter("cpf.abondement_correctif").at(review_date)
    years_value = data.parameter("cpf.abondement_correctif_years").at(review_date)
    threshold_value = data.parameter("cpf.abondement_correctif_threshold").at(review_date)
    assert isinstance(amount_value.value, Decimal)
    assert isinstance(years_value.value, int)
    assert isinstance(threshold_value.value, Decimal)
    years = years_value.value
    references = (
        *amount_value.references,
        *years_value.references,
        _CUMULATIVE_READING,
    )
    if headcount < threshold_value.value:
        return AbondementCorrectif(
            due=False,
            amount=ZERO,
            period_years=years,
            pay_by=None,
            message=say(
                Text(
                    "abondement_correctif.below_threshold",
                    headcount=headcount,
                    threshold=threshold_value.value,
                )
            ),
            interpretation_uncertain=False,
            references=references,
        )
    due = not interviews_held and not non_mandatory_training
    if due:
        pay_by = end_of_next_quarter(review_date)
        message = say(
            Text("abondement_correctif.due", years=years, amount=amount_value.value, pay_by=pay_by)
        )
    else:
        pay_by = None
        message = say(Text("abondement_correctif.not_due"))
    return AbondementCorrectif(
        due=due,
        amount=amount_value.value if due else ZERO,
        period_years=years,
        pay_by=pay_by,
        message=message,
        interpretation_uncertain=interviews_held != non_mandatory_training,
        references=references,
    )
