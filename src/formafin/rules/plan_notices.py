"""The notices that come with the OPCO plan's barème: chosen by the caller, last known,
unknown, from a secondary source, its own reservations, and « within available funds ».

D6332-39 and L6332-17: the OPCO's board sets the priorities, criteria and caps of the plan,
within the funds available; a barème is therefore an OPCO decision formafin can only read.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from formafin.baremes import Bareme
from formafin.data import RuleData
from formafin.facts import AnyNotice
from formafin.result import Notice, SchemeId, SchemeKey
from formafin.sources import Reference, SourceStatus

__all__ = [
    "bareme_notes",
    "bareme_notices",
    "bareme_period",
    "chosen_bareme_notices",
    "last_known_notices",
    "source_notices",
]


def bareme_period(bareme: Bareme) -> str:
    """The barème's period in words: « barème du 17/07/2020 au 31/12/2020 »."""
    start, end = bareme.valid_from, bareme.valid_until
    if start is None or end is None:
        return "barème non daté"
    return f"barème du {start:%d/%m/%Y} au {end:%d/%m/%Y}"


def chosen_bareme_notices(bareme: Bareme, opco: object, day: date) -> list[AnyNotice]:
    notices: list[AnyNotice] = [
        Notice.trusted(
            code="BAREME_CHOSEN_BY_CALLER",
            message=(
                f"Barème « {bareme.id} » choisi par l'appelant : il remplace le choix automatique."
            ),
            scheme=SchemeId.OPCO_PLAN,
            references=bareme.references,
        )
    ]
    if opco is not None and bareme.opco != opco:
        notices.append(
            Notice.trusted(
                code="BAREME_OPCO_MISMATCH",
                message=(
                    f"Le barème « {bareme.id} » est celui de {bareme.opco.value}, pas de "
                    f"l'OPCO de l'entreprise ({opco})."
                ),
                scheme=SchemeId.OPCO_PLAN,
            )
        )
    if not bareme.in_force(day):
        notices.append(
            Notice.trusted(
                code="BAREME_NOT_IN_FORCE",
                message=(
                    f"Le barème « {bareme.id} » n'est pas daté ou ne couvre pas le "
                    f"{day:%d/%m/%Y} : ses montants sont appliqués tels quels."
                ),
                scheme=SchemeId.OPCO_PLAN,
            )
        )
    return notices


def last_known_notices(
    bareme: Bareme, day: date, data: RuleData, headcount: Decimal
) -> list[AnyNotice]:
    """No barème in force, an outdated one applied: say which, from when, and from where."""
    scheme = SchemeId.OPCO_PLAN
    board = (data.reference("d6332_39"), data.reference("l6332_17"))
    source = bareme.references[0]
    where = source.id + (f", {source.url}" if source.url else "")
    notices: list[AnyNotice] = [
        Notice.trusted(
            code="BAREME_LAST_KNOWN",
            message=(
                f"Aucun barème de l'OPCO en vigueur le {day:%d/%m/%Y} n'est connu de formafin "
                f"pour cette entreprise : le plan est chiffré à titre indicatif avec le dernier "
                f"barème connu, « {bareme.branch} » ({bareme_period(bareme)} ; source : {where}). "
                "Le conseil d'administration de l'OPCO fixe ses critères chaque année : "
                "fournissez le barème en vigueur pour un chiffrage exact."
            ),
            scheme=scheme,
            references=(*bareme.references, *board),
        )
    ]
    notices.extend(_bareme_notes(bareme, headcount))
    notices.append(_within_funds(board))
    return notices


def bareme_notices(bareme: Bareme | None, data: RuleData, headcount: Decimal) -> list[AnyNotice]:
    scheme = SchemeId.OPCO_PLAN
    board = (data.reference("d6332_39"), data.reference("l6332_17"))
    if bareme is None:
        return [
            Notice.trusted(
                code="BAREME_UNKNOWN",
                message=(
                    "Aucun barème de l'OPCO n'est connu de formafin pour cette branche et cette "
                    "date : les montants du plan sont indicatifs."
                ),
                scheme=scheme,
                references=board,
            ),
            _within_funds(board),
        ]
    notices = _bareme_notes(bareme, headcount)
    notices += source_notices(bareme, scheme)
    if bareme.within_available_funds:
        notices.append(_within_funds(bareme.references))
    return notices


def _bareme_notes(
    bareme: Bareme, headcount: Decimal, scheme: SchemeKey = SchemeId.OPCO_PLAN
) -> list[AnyNotice]:
    """The barème's own reservations that concern a company of this size."""
    return [
        Notice.trusted(
            code="BAREME_NOTE",
            message=note,
            scheme=scheme,
            references=bareme.references,
        )
        for note in bareme.notes_for(headcount)
    ]


def bareme_notes(bareme: Bareme, headcount: Decimal, scheme: SchemeKey) -> list[AnyNotice]:
    """The barème's own reservations for a company of this size, for ``scheme``."""
    return _bareme_notes(bareme, headcount, scheme)


def source_notices(bareme: Bareme, scheme: SchemeKey) -> list[AnyNotice]:
    """A barème read in a secondary or weak source is to be confirmed with the OPCO."""
    if bareme.status not in (SourceStatus.SECONDARY, SourceStatus.BELIEVED):
        return []
    return [
        Notice.trusted(
            code="BAREME_SECONDARY_SOURCE",
            message=(
                f"Le barème « {bareme.id} » vient d'une source secondaire : à confirmer "
                "auprès de l'OPCO."
            ),
            scheme=scheme,
            references=bareme.references,
        )
    ]


def _within_funds(references: tuple[Reference, ...]) -> Notice:
    """The OPCO pays within the funds available (its board's decision)."""
    return Notice.trusted(
        code="WITHIN_AVAILABLE_FUNDS",
        message="Financement de l'OPCO accordé dans la limite des fonds disponibles.",
        scheme=SchemeId.OPCO_PLAN,
        references=references,
    )
