"""The Qualiopi gate (L6316-1): a provider paid by an OPCO, the State, the CDC… is certified.

Certification is mandatory since 2022-01-01 (L6316-2, ordonnance n° 2020-387), separately for
each category of action (L6313-1), valid three years (R6316-2). formafin checks the
certificate on the training's start date.

Higher-education establishments (L6316-4 II, in force 2022-01-01): public ones accredited
under L613-1 of the code de l'éducation, private ones evaluated by the CCESP (L732-1) or by
the commission of L642-3 "sont réputés avoir satisfait à l'obligation de certification
mentionnée à l'article L. 6316-1": deemed certified for every category (unlike secondary
schools running a CFA, L6316-4 I). formafin takes the caller's word (``Provider.
higher_education``) and says so.

Internal training given by the employer itself: the obligation targets the *providers* of
L6351-1, and no text read says whether an employer training its own staff must be
certified. formafin's documented choice: no certificate is required, with a notice that the
point is unconfirmed and that the OPCO's criteria decide whether internal costs are funded.
"""

from __future__ import annotations

from datetime import date

from formafin.data import RuleData
from formafin.dates import add_years
from formafin.facts import CheckFact, NoticeFact, Text, check, notice
from formafin.lookup import value_on
from formafin.models import Provider, QualiopiCategory
from formafin.sources import Reference, ReferenceKind

__all__ = ["check_qualiopi"]

_L6316_4 = Reference(
    kind=ReferenceKind.CODE,
    id="C. trav. L6316-4 II",
    url="https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038951530",
)

_CATEGORY_LABELS = {
    QualiopiCategory.ACTIONS_DE_FORMATION: "qualiopi.category.actions_de_formation",
    QualiopiCategory.BILANS_DE_COMPETENCES: "qualiopi.category.bilans_de_competences",
    QualiopiCategory.VAE: "qualiopi.category.vae",
    QualiopiCategory.APPRENTISSAGE: "qualiopi.category.apprentissage",
}


_Answer = tuple[CheckFact, tuple[NoticeFact, ...]]

_last: tuple[Provider, QualiopiCategory, date, date, RuleData, _Answer] | None = None
"""The last answer with its question: the plan, the CPF and the schemes on request all ask
the same question of one dossier's provider, one after the other. The memo holds the
provider it names, so ``is`` cannot mistake another object for it; the facts are frozen by
convention (no rule changes a fact it did not make)."""


def check_qualiopi(
    provider: Provider, category: QualiopiCategory, start: date, as_of: date, data: RuleData
) -> _Answer:
    """Whether the provider may be paid for an action of ``category`` starting on ``start``."""
    global _last
    last = _last  # one read: another thread may replace the memo meanwhile
    if last is not None:
        known, known_category, known_start, known_as_of, known_data, answer = last
        if (
            known is provider
            and known_category is category
            and known_start == start
            and known_as_of == as_of
            and known_data is data
        ):
            return answer
    answer = _check(provider, category, start, as_of, data)
    _last = (provider, category, start, as_of, data, answer)
    return answer


def _check(
    provider: Provider, category: QualiopiCategory, start: date, as_of: date, data: RuleData
) -> _Answer:
    required = value_on(data, "qualiopi.required", as_of)
    refs = (data.reference("l6316_1"), data.reference("l6313_1"))
    notices: tuple[NoticeFact, ...] = ()
    certificate = provider.qualiopi
    if certificate is not None:
        years = value_on(data, "qualiopi.validity_years", as_of).value
        if isinstance(years, int) and certificate.valid_until > add_years(
            certificate.valid_from, years
        ):
            notices = (
                notice(
                    "QUALIOPI_VALIDITY_TOO_LONG",
                    Text("qualiopi.validity_too_long", years=years),
                    (data.reference("r6316_2"),),
                ),
            )
    if required.value is not True:
        text = Text("qualiopi.not_required")
        return check("QUALIOPI_NOT_REQUIRED", True, text, required.references), notices
    if provider.internal:
        notices += (
            notice(
                "INTERNAL_TRAINING_QUALIOPI_UNCONFIRMED",
                Text("qualiopi.internal_training_unconfirmed"),
                refs,
            ),
        )
        return check("QUALIOPI_INTERNAL_TRAINING", True, Text("qualiopi.internal"), refs), notices
    if provider.higher_education:
        return check(
            "QUALIOPI_DEEMED_HIGHER_EDUCATION",
            True,
            Text("qualiopi.deemed_higher_education"),
            (*refs, _L6316_4),
        ), notices
    if certificate is None:
        return check("QUALIOPI_MISSING", False, Text("qualiopi.missing"), refs), notices
    label = Text(_CATEGORY_LABELS[category])
    if category not in certificate.categories:
        return check(
            "QUALIOPI_WRONG_CATEGORY", False, Text("qualiopi.wrong_category", label=label), refs
        ), notices
    if start < certificate.valid_from:
        return check(
            "QUALIOPI_NOT_YET_VALID",
            False,
            Text("qualiopi.not_yet_valid", valid_from=certificate.valid_from, start=start),
            refs,
        ), notices
    if start > certificate.valid_until:
        return check(
            "QUALIOPI_EXPIRED",
            False,
            Text("qualiopi.expired", valid_until=certificate.valid_until, start=start),
            refs,
        ), notices
    return check("QUALIOPI_VALID", True, Text("qualiopi.valid", label=label), refs), notices
