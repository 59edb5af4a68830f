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
from formafin.models import Provider, QualiopiCategory
from formafin.result import Check, Notice
from formafin.sources import Reference, ReferenceKind

__all__ = ["check_qualiopi"]

_L6316_4 = Reference(
    kind=ReferenceKind.CODE,
    id="C. trav. L6316-4 II",
    url="https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038951530",
)

_CATEGORY_LABELS = {
    QualiopiCategory.ACTIONS_DE_FORMATION: "actions de formation",
    QualiopiCategory.BILANS_DE_COMPETENCES: "bilans de compétences",
    QualiopiCategory.VAE: "actions de VAE",
    QualiopiCategory.APPRENTISSAGE: "actions de formation par apprentissage",
}


def check_qualiopi(
    provider: Provider, category: QualiopiCategory, start: date, as_of: date, data: RuleData
) -> tuple[Check, tuple[Notice, ...]]:
    """Whether the provider may be paid for an action of ``category`` starting on ``start``."""
    required = data.parameter("qualiopi.required").at(as_of)
    refs = (data.reference("l6316_1"), data.reference("l6313_1"))
    label = _CATEGORY_LABELS[category]
    notices: list[Notice] = []
    certificate = provider.qualiopi
    if certificate is not None:
        years = data.parameter("qualiopi.validity_years").at(as_of).value
        if isinstance(years, int) and certificate.valid_until > add_years(
            certificate.valid_from, years
        ):
            notices.append(
                Notice.trusted(
                    code="QUALIOPI_VALIDITY_TOO_LONG",
                    message=(
                        f"Le certificat Qualiopi indiqué dure plus de {years} ans, durée légale "
                        "de validité : vérifiez ses dates."
                    ),
                    references=(data.reference("r6316_2"),),
                )
            )
    if required.value is not True:
        return (
            Check.trusted(
                code="QUALIOPI_NOT_REQUIRED",
                met=True,
                message="La certification Qualiopi n'était pas encore obligatoire à cette date.",
                references=required.references,
            ),
            tuple(notices),
        )
    if provider.internal:
        notices.append(
            Notice.trusted(
                code="INTERNAL_TRAINING_QUALIOPI_UNCONFIRMED",
                message=(
                    "Formation interne : formafin ne l'assujettit pas à Qualiopi (l'obligation "
                    "vise les prestataires de formation), point non confirmé par un texte ; les "
                    "critères "
                    "de l'OPCO décident de la prise en charge des coûts internes."
                ),
                references=refs,
            )
        )
        return (
            Check.trusted(
                code="QUALIOPI_INTERNAL_TRAINING",
                met=True,
                message="Formation dispensée par l'employeur lui-même : certification non exigée.",
                references=refs,
            ),
            tuple(notices),
        )
    if provider.higher_education:
        return (
            Check.trusted(
                code="QUALIOPI_DEEMED_HIGHER_EDUCATION",
                met=True,
                message=(
                    "Établissement d'enseignement supérieur accrédité ou évalué (déclaré par "
                    "l'appelant) : réputé avoir satisfait à l'obligation de certification "
                    "Qualiopi (L6316-4 II)."
                ),
                references=(*refs, _L6316_4),
            ),
            tuple(notices),
        )
    if certificate is None:
        return (
            Check.trusted(
                code="QUALIOPI_MISSING",
                met=False,
                message=(
                    "L'organisme n'a pas de certification Qualiopi : il ne peut être payé ni par "
                    "un OPCO, ni par la Caisse des dépôts (CPF), l'État, une région ou France "
                    "Travail (obligatoire depuis le 1er janvier 2022)."
                ),
                references=refs,
            ),
            tuple(notices),
        )
    if category not in certificate.categories:
        return (
            Check.trusted(
                code="QUALIOPI_WRONG_CATEGORY",
                met=False,
                message=(
                    f"Le certificat Qualiopi de l'organisme ne couvre pas les {label} : "
                    "chaque catégorie d'action est certifiée séparément."
                ),
                references=refs,
            ),
            tuple(notices),
        )
    if start < certificate.valid_from:
        return (
            Check.trusted(
                code="QUALIOPI_NOT_YET_VALID",
                met=False,
                message=(
                    f"Le certificat Qualiopi n'est valable qu'à partir du "
                    f"{certificate.valid_from:%d/%m/%Y}, après le début de la formation "
                    f"({start:%d/%m/%Y})."
                ),
                references=refs,
            ),
            tuple(notices),
        )
    if start > certificate.valid_until:
        return (
            Check.trusted(
                code="QUALIOPI_EXPIRED",
                met=False,
                message=(
                    f"Le certificat Qualiopi a expiré le {certificate.valid_until:%d/%m/%Y}, "
                    f"avant le début de la formation ({start:%d/%m/%Y})."
                ),
                references=refs,
            ),
            tuple(notices),
        )
    return (
        Check.trusted(
            code="QUALIOPI_VALID",
            met=True,
            message=f"Certificat Qualiopi valable pour les {label} au début de la formation.",
            references=refs,
        ),
        tuple(notices),
    )
