"""Compte personnel de formation: eligible actions, caps, participation, order of funding.

- L6323-6: eligible actions (RNCP certifications and blocs, RS certifications including
  CléA, VAE, bilans de compétences, driving licences, support to business creators until
  2025-02-15), by date; L6316-1: a Qualiopi-certified provider.
- D6323-1 A (from 2026-02-26): caps on the holder's *own* rights — 1 500 € for RS other than
  CléA, 1 600 € for a bilan, 900 € for a light-vehicle licence; third-party money may go
  above. D6323-6: no bilan funded with own rights within five years of another. D6323-8 and
  L6323-6 II 4°: light-vehicle licence only without a valid licence (from 2024-05-19), and
  from 2026 only for job seekers or with a third party paying at least 100 €.
- L6323-7 and R6323: the holder pays a flat participation (100 € from 2024-05-02, revalued
  each 1 January), except job seekers, an employer abondement (L6323-4 II 2°), C2P points or
  the AT/MP abondement; only the employer or the OPCO may pay it instead of the holder.
  The holder pays max(participation, cost − what the funders cover).
- R6333-3 (from 2025-12-05): employer dotations first, then the holder's rights, then the
  abondements; "les frais de formation qui ne sont pas financés par les droits mobilisés [...]
  restent à la charge du titulaire du compte".
- Who bears that remainder (docs/concepts/cumulation.md): the holder when he buys on Mon
  Compte Formation at his own initiative (L6323-2, R6333-3); the employer when the action is
  his, co-funded by the CPF with the employee's agreement (co-construction, L6323-4 II 2°,
  L6323-11 al. 5) — by default when the OPCO plan funds the same action; the employer, too,
  in a période de reconversion, where the employee pays nothing beyond his CPF (L6324-6). The
  participation stays due there (no exemption in L6323-7) and is paid by the employer or the
  OPCO (R6323).
- Driving licences (L6323-6 II, D6323-8 I): light-group categories other than B only from
  2024-01-01 (loi n° 2023-479); the "no valid licence" condition spares the BE licence.
- Bilans (D6323-6, from 2026-02-26): "seules les heures d'accompagnement effectuées par un
  prestataire [...] peuvent donner lieu à un financement" by the CPF: the CPF sees the cost
  pro rata of the support hours (documented choice).

Documented choices: an OPCO abondement does not waive the participation (L6323-7 names only
the employer's abondement; Mon Compte Formation says otherwise, so a notice flags it); the
cost presented to the CPF is the pedagogical cost the earlier schemes left, shared equally
between the trainees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from formafin.data import RuleData
from formafin.dates import add_years
from formafin.facts import AnyCheck, AnyNotice
from formafin.models import (
    CpfActionKind,
    CpfMobilisation,
    Dossier,
    LightLicenceCategory,
    QualiopiCategory,
    Trainee,
)
from formafin.money import ZERO, format_eur, format_number
from formafin.result import (
    Check,
    CostCategory,
    Notice,
    ParameterUsed,
    Payer,
    SchemeId,
)
from formafin.rules.base import RuleContext
from formafin.rules.common import decimal_at, refs_at
from formafin.rules.outcome import Claim, SchemeOutcome, decide
from formafin.rules.qualiopi import check_qualiopi
from formafin.sources import Reference, ReferenceKind

__all__ = ["RULE", "CpfOutcome", "CpfRule", "evaluate_cpf"]

SCHEME = SchemeId.CPF

_CAPS = {
    CpfActionKind.RS: "cpf.cap_rs",
    CpfActionKind.BILAN: "cpf.cap_bilan",
    CpfActionKind.PERMIS_LEGER: "cpf.cap_light_licence",
}
_KIND_LABELS = {
    CpfActionKind.RNCP: "certification RNCP ou bloc de compétences",
    CpfActionKind.RS: "certification du Répertoire spécifique",
    CpfActionKind.CLEA: "certification CléA",
    CpfActionKind.VAE: "validation des acquis de l'expérience",
    CpfActionKind.BILAN: "bilan de compétences",
    CpfActionKind.PERMIS_LOURD: "permis du groupe lourd",
    CpfActionKind.PERMIS_LEGER: "permis du groupe léger",
    CpfActionKind.CREATION_ENTREPRISE: "accompagnement à la création d'entreprise",
}


@dataclass(frozen=True)
class CpfOutcome(SchemeOutcome):
    """The CPF outcome, with what the holders pay themselves."""

    holder_share: Decimal = ZERO

    def trainee_pays(self) -> Decimal:
        """What the holders pay themselves (exact)."""
        return self.holder_share


@dataclass(frozen=True)
class _Share:
    dotation: Decimal
    rights: Decimal
    employer: Decimal
    opco: Decimal
    other: Decimal
    participation: Decimal
    holder: Decimal
    capped: bool


@dataclass(frozen=True)
class _Terms:
    """What applies to every holder of the dossier."""

    kind: CpfActionKind
    support_ratio: Decimal
    employer_plan: bool
    reconversion: bool


def _used(data: RuleData, name: str, day: date) -> ParameterUsed:
    parameter = data.parameter(name)
    item = parameter.at(day)
    return ParameterUsed.trusted(
        name=name,
        label=parameter.label,
        value="—" if item.value is None else str(item.value),
        unit=parameter.unit,
        status=item.status,
        references=item.references,
    )


def evaluate_cpf(
    dossier: Dossier,
    as_of: date,
    data: RuleData,
    pedagogical_left: Decimal,
    *,
    rights_share: Decimal | None = None,
    employer_plan: bool = False,
    reconversion: bool = False,
) -> CpfOutcome:
    """Decide and compute the CPF funding of the pedagogical cost left by earlier schemes.

    ``rights_share`` limits the holder's rights that may be mobilised (half of them during an
    internal période de reconversion, L6324-10). ``employer_plan``: the OPCO plan funds the
    same action (a co-construction unless the holder says otherwise); ``reconversion``: an
    eligible période de reconversion (the employee pays nothing beyond his CPF, L6324-6).
    """
    action = dossier.action
    l6323_6 = data.parameter("cpf.acre_eligible").at(as_of).references
    refs = (*l6323_6, *refs_at(data, "cpf.funding_order", as_of))
    checks: list[AnyCheck] = []
    notices: list[AnyNotice] = []
    kind = action.effective_cpf_kind

    if action.category is QualiopiCategory.APPRENTISSAGE:
        checks.append(
            Check.trusted(
                code="CPF_ACTION_NOT_ELIGIBLE",
                met=False,
                message=(
                    "Action de formation par apprentissage : formafin l'évalue au titre du "
                    "contrat d'apprentissage, financé par l'OPCO, et non du CPF."
                ),
                references=l6323_6,
            )
        )
    elif kind is None:
        checks.append(
            Check.trusted(
                code="CPF_ACTION_NOT_ELIGIBLE",
                met=False,
                message=(
                    "L'action ne mène ni à une certification (RNCP, Répertoire spécifique), ni à "
                    "une VAE, un bilan de compétences ou un permis : elle n'est pas éligible au "
                    "CPF (indiquez action.certification ou action.cpf_kind si elle l'est)."
                ),
                references=l6323_6,
            )
        )
    elif (
        kind is CpfActionKind.CREATION_ENTREPRISE
        and not data.parameter("cpf.acre_eligible").at(as_of).value
    ):
        checks.append(
            Check.trusted(
                code="CPF_ACRE_ENDED",
                met=False,
                message=(
                    "Les actions d'accompagnement des créateurs ou repreneurs d'entreprise ne sont "
                    "plus éligibles au CPF depuis le 16 février 2025."
                ),
                references=refs_at(data, "cpf.acre_eligible", as_of),
            )
        )
    elif kind is CpfActionKind.PERMIS_LEGER and not _licence_category_eligible(
        action.licence_category, as_of, data
    ):
        category = action.licence_category or LightLicenceCategory.B
        checks.append(
            Check.trusted(
                code="CPF_LICENCE_CATEGORY_NOT_ELIGIBLE",
                met=False,
                message=(
                    f"Permis de catégorie {category.value} : avant le 1er janvier 2024, seul le "
                    "permis B était finançable par le CPF dans le groupe léger (loi n° 2023-479)."
                ),
                references=refs_at(data, "cpf.light_licence_categories", as_of),
            )
        )
    else:
        checks.append(
            Check.trusted(
                code="CPF_ACTION_ELIGIBLE",
                met=True,
                message=f"Action éligible au CPF : {_KIND_LABELS[kind]}.",
                references=l6323_6,
            )
        )

    if dossier.provider.internal:
        checks.append(
            Check.trusted(
                code="CPF_INTERNAL_TRAINING",
                met=False,
                message=(
                    "Le CPF finance les actions d'un prestataire de formation (L6351-1) référencé "
                    "sur Mon Compte Formation, pas une formation interne de l'employeur."
                ),
                references=l6323_6,
            )
        )
    else:
        qualiopi, qualiopi_notices = check_qualiopi(
            dossier.provider, action.category, action.start, as_of, data
        )
        checks.append(qualiopi)
        notices.extend(qualiopi_notices)

    holders = [(index, t) for index, t in enumerate(dossier.trainees, 1) if t.cpf is not None]
    # Rights are asked for only when the action itself could be funded by the CPF.
    if not holders and all(check.met for check in checks):
        checks.append(
            Check.trusted(
                code="CPF_RIGHTS_UNKNOWN",
                met=False,
                message=(
                    "Aucun stagiaire ne mobilise son CPF : indiquez ses droits disponibles "
                    "(trainees[].cpf.rights) pour chiffrer un cofinancement."
                ),
                references=l6323_6,
            )
        )

    if kind is None or any(not check.met for check in checks):
        return CpfOutcome(
            decision=decide(SCHEME, checks, refs, needs_input=frozenset({"CPF_RIGHTS_UNKNOWN"})),
            notices=tuple(notices),
        )

    base = pedagogical_left / Decimal(len(dossier.trainees))
    terms = _Terms(
        kind=kind,
        support_ratio=_support_ratio(dossier, kind, as_of, data, notices),
        employer_plan=employer_plan,
        reconversion=reconversion
        and data.parameter("cpf.reconversion_holder_pays_nothing").at(as_of).value is True,
    )
    shares: list[_Share] = []
    excluded: list[AnyCheck] = []
    for index, trainee in holders:
        check = _holder_check(index, trainee, kind, action.licence_category, as_of, data)
        if check.met:
            checks.append(check)
            assert trainee.cpf is not None
            cpf = trainee.cpf
            if rights_share is not None:
                cpf = cpf.model_copy(update={"rights": cpf.rights * rights_share})
                notices.append(
                    Notice.trusted(
                        code="CPF_RECONVERSION_HALF_RIGHTS",
                        message=(
                            f"Période de reconversion interne : au plus "
                            f"{format_eur(cpf.rights)} des droits CPF du stagiaire n° {index} "
                            "peuvent être mobilisés (la moitié, L6324-10)."
                        ),
                        scheme=SCHEME,
                        references=refs_at(data, "reconversion.cpf_internal_share", as_of),
                    )
                )
            shares.append(_share(trainee, cpf, terms, base, as_of, data, notices, index))
        else:
            excluded.append(check)

    if not shares:
        return CpfOutcome(
            decision=decide(SCHEME, [*checks, *excluded], refs), notices=tuple(notices)
        )
    # Some holders cannot use their CPF: the others still can; say who is left out.
    notices.extend(
        Notice.trusted(code=c.code, message=c.message, scheme=SCHEME, references=c.references)
        for c in excluded
    )

    notices.extend(_remainder_notices(holders, terms, as_of, data))
    claims = _claims(shares, kind, as_of, data, refs)
    holder_share = sum((share.holder for share in shares), ZERO)
    participation = sum((share.participation for share in shares), ZERO)
    if participation > 0:
        notices.append(
            Notice.trusted(
                code="CPF_PARTICIPATION_DUE",
                message=(
                    f"Participation forfaitaire : {format_eur(participation)} au total, payée à "
                    "l'inscription par le titulaire, sauf si l'employeur ou l'OPCO la prend en "
                    "charge (co-construction et période de reconversion : l'employeur)."
                ),
                scheme=SCHEME,
                references=refs_at(data, "cpf.participation", as_of),
            )
        )
    return CpfOutcome(
        decision=decide(SCHEME, checks, refs),
        claims=claims,
        notices=tuple(notices),
        holder_share=holder_share,
    )


def _holder_check(
    index: int,
    trainee: Trainee,
    kind: CpfActionKind,
    licence: LightLicenceCategory | None,
    as_of: date,
    data: RuleData,
) -> Check:
    cpf = trainee.cpf
    assert cpf is not None
    who = f"Stagiaire {trainee.reference}" if trainee.reference else f"Stagiaire n° {index}"
    if kind is CpfActionKind.PERMIS_LEGER:
        no_licence = data.parameter("cpf.light_licence_needs_no_valid_licence").at(as_of)
        exempt = data.parameter("cpf.light_licence_condition_exempt").at(as_of).value
        category = (licence or LightLicenceCategory.B).value
        if (
            no_licence.value is True
            and cpf.holds_valid_light_licence
            and not (isinstance(exempt, tuple) and category in exempt)
        ):
            return Check.trusted(
                code="CPF_LIGHT_LICENCE_ALREADY_HELD",
                met=False,
                message=(
                    f"{who} : déjà titulaire d'un permis valide ; seul le permis BE reste "
                    "finançable (D6323-8 I)."
                ),
                references=no_licence.references,
            )
        restricted = data.parameter("cpf.light_licence_restricted").at(as_of)
        if restricted.value is True and not trainee.job_seeker:
            minimum = decimal_at(data, "cpf.light_licence_min_third_party", as_of) or ZERO
            third = (
                cpf.employer_dotation
                + cpf.employer_abondement
                + cpf.opco_abondement
                + cpf.other_abondement
            )
            if third <= 0 or third < minimum:
                return Check.trusted(
                    code="CPF_LIGHT_LICENCE_CONDITIONS",
                    met=False,
                    message=(
                        f"{who} : un permis du groupe léger n'est finançable par le CPF que pour "
                        "un demandeur d'emploi ou avec un cofinancement d'un tiers d'au moins "
                        f"{format_eur(minimum)}."
                    ),
                    references=(
                        *restricted.references,
                        *refs_at(data, "cpf.light_licence_min_third_party", as_of),
                    ),
                )
    if kind is CpfActionKind.BILAN and cpf.last_bilan_funded_on is not None:
        gap = data.parameter("cpf.bilan_gap_years").at(as_of)
        if isinstance(gap.value, int) and cpf.last_bilan_funded_on > add_years(as_of, -gap.value):
            return Check.trusted(
                code="CPF_BILAN_TOO_RECENT",
                met=False,
                message=(
                    f"{who} : un bilan de compétences a déjà été financé le "
                    f"{cpf.last_bilan_funded_on:%d/%m/%Y}, moins de {gap.value} ans avant."
                ),
                references=gap.references,
            )
    references = refs_at(data, "cpf.yearly_credit", as_of)
    if kind is CpfActionKind.PERMIS_LEGER:
        references = (*references, *refs_at(data, "cpf.light_licence_condition_exempt", as_of))
    return Check.trusted(
        code="CPF_HOLDER_OK",
        met=True,
        message=f"{who} : droits CPF de {format_eur(cpf.rights)} mobilisables.",
        references=references,
    )


def _share(
    trainee: Trainee,
    cpf: CpfMobilisation,
    terms: _Terms,
    base: Decimal,
    as_of: date,
    data: RuleData,
    notices: list[AnyNotice],
    index: int,
) -> _Share:
    # D6323-6: only the support hours of a bilan go through the CPF; the rest is outside it.
    eligible = base * terms.support_ratio
    exempt = (
        trainee.job_seeker or cpf.employer_abondement > 0 or cpf.c2p_points or cpf.atmp_abondement
    )
    participation = (
        ZERO if exempt else min(decimal_at(data, "cpf.participation", as_of) or ZERO, eligible)
    )
    if participation > 0 and cpf.opco_abondement > 0:
        notices.append(
            Notice.trusted(
                code="CPF_PARTICIPATION_OPCO_DISPUTED",
                message=(
                    f"Stagiaire n° {index} : l'abondement de l'OPCO ne dispense pas de la "
                    "participation selon L6323-7 (seul l'abondement de l'employeur est cité), "
                    "alors que Mon Compte Formation l'indique comme dispense : formafin retient "
                    "le texte."
                ),
                scheme=SCHEME,
                references=refs_at(data, "cpf.participation", as_of),
            )
        )
    open_amount = eligible - participation
    dotation = min(cpf.employer_dotation, open_amount)
    open_amount -= dotation
    cap_name = _CAPS.get(terms.kind)
    cap = decimal_at(data, cap_name, as_of) if cap_name else None
    rights = min(cpf.rights, open_amount)
    capped = cap is not None and rights > cap
    if cap is not None:
        rights = min(rights, cap)
    open_amount -= rights
    employer = min(cpf.employer_abondement, open_amount)
    open_amount -= employer
    opco = min(cpf.opco_abondement, open_amount)
    open_amount -= opco
    other = min(cpf.other_abondement, open_amount)
    open_amount -= other
    if cpf.participation_paid_by == "opco":
        opco += participation
    if _employer_bears_remainder(cpf, terms):
        holder = ZERO
    else:
        holder = open_amount + (base - eligible)
        if cpf.participation_paid_by is None:
            holder += participation
    return _Share(dotation, rights, employer, opco, other, participation, holder, capped)


def _employer_bears_remainder(cpf: CpfMobilisation, terms: _Terms) -> bool:
    """L6324-6 in a période de reconversion; otherwise the co-construction (see module doc)."""
    if terms.reconversion:
        return True
    if cpf.initiative is None:
        return terms.employer_plan
    return cpf.initiative == "employer"


def _licence_category_eligible(
    category: LightLicenceCategory | None, as_of: date, data: RuleData
) -> bool:
    eligible = data.parameter("cpf.light_licence_categories").at(as_of).value
    wanted = (category or LightLicenceCategory.B).value
    return isinstance(eligible, tuple) and wanted in eligible


def _support_ratio(
    dossier: Dossier, kind: CpfActionKind, as_of: date, data: RuleData, notices: list[AnyNotice]
) -> Decimal:
    """Share of a bilan's cost the CPF may fund: its support hours (D6323-6, 2026-02-26)."""
    rule = data.parameter("cpf.bilan_support_hours_only").at(as_of)
    if kind is not CpfActionKind.BILAN or rule.value is not True:
        return Decimal(1)
    action = dossier.action
    if action.bilan_support_hours is None:
        notices.append(
            Notice.trusted(
                code="CPF_BILAN_SUPPORT_HOURS_UNKNOWN",
                message=(
                    "Bilan de compétences : seules les heures d'accompagnement par le prestataire "
                    "sont finançables par le CPF (D6323-6) ; formafin compte toutes les heures "
                    "comme telles faute de action.bilan_support_hours."
                ),
                scheme=SCHEME,
                references=rule.references,
            )
        )
        return Decimal(1)
    ratio = action.bilan_support_hours / action.hours
    if ratio < 1:
        notices.append(
            Notice.trusted(
                code="CPF_BILAN_SUPPORT_HOURS_ONLY",
                message=(
                    f"Bilan de compétences : {format_number(action.bilan_support_hours)} h "
                    f"d'accompagnement sur {format_number(action.hours)} h ; le CPF ne finance "
                    "que cette part du coût (D6323-6), le reste est hors CPF."
                ),
                scheme=SCHEME,
                references=rule.references,
            )
        )
    return ratio


def _remainder_notices(
    holders: list[tuple[int, Trainee]], terms: _Terms, as_of: date, data: RuleData
) -> list[AnyNotice]:
    """Say who bears what the CPF leave, when it is not the holder."""
    cpfs = [trainee.cpf for _, trainee in holders if trainee.cpf is not None]
    if terms.reconversion:
        return [
            Notice.trusted(
                code="CPF_RECONVERSION_NOTHING_FOR_EMPLOYEE",
                message=(
                    "Période de reconversion : le salarié ne verse rien au-delà de la "
                    "mobilisation de son CPF (L6324-6) ; le reste du coût pédagogique et la "
                    "participation forfaitaire (due, L6323-7) sont à la charge de l'employeur, "
                    "ou de l'OPCO s'il paie la participation (R6323)."
                ),
                scheme=SCHEME,
                references=refs_at(data, "cpf.reconversion_holder_pays_nothing", as_of),
            )
        ]
    words = (
        "le reste du coût pédagogique et, sans abondement de l'employeur qui en dispense "
        "(L6323-7), la participation forfaitaire sont à la charge de l'employeur (R6323)."
    )
    notices: list[AnyNotice] = []
    law = (
        Reference(kind=ReferenceKind.CODE, id="C. trav. L6323-2"),
        Reference(kind=ReferenceKind.CODE, id="C. trav. L6323-4 II 2°"),
        Reference(kind=ReferenceKind.CODE, id="C. trav. L6323-11"),
    )
    if any(cpf.initiative == "employer" for cpf in cpfs):
        notices.append(
            Notice.trusted(
                code="CPF_CO_CONSTRUCTION",
                message=f"CPF co-construit (action de l'employeur, accord du salarié) : {words}",
                scheme=SCHEME,
                references=law,
            )
        )
    if terms.employer_plan and any(cpf.initiative is None for cpf in cpfs):
        notices.append(
            Notice.trusted(
                code="CPF_CO_CONSTRUCTION_ASSUMED",
                message=(
                    "Le plan de l'OPCO finance aussi cette action : formafin la traite comme une "
                    f"action de l'employeur co-financée par le CPF ; {words} Indiquez "
                    "trainees[].cpf.initiative = « holder » si le salarié s'inscrit seul sur Mon "
                    "Compte Formation (le reste est alors à sa charge, R6333-3)."
                ),
                scheme=SCHEME,
                references=law,
            )
        )
    return notices


def _claims(
    shares: list[_Share],
    kind: CpfActionKind,
    as_of: date,
    data: RuleData,
    refs: tuple[Reference, ...],
) -> tuple[Claim, ...]:
    rights = sum((s.rights for s in shares), ZERO)
    dotation = sum((s.dotation for s in shares), ZERO)
    employer = sum((s.employer for s in shares), ZERO)
    participation = sum((s.participation for s in shares), ZERO)
    holder = sum((s.holder for s in shares), ZERO)
    params = [_used(data, "cpf.participation", as_of), _used(data, "cpf.funding_order", as_of)]
    cap_name = _CAPS.get(kind)
    if cap_name:
        params.append(_used(data, cap_name, as_of))
    basis = (
        f"{len(shares)} titulaire(s) ; dotation employeur {format_eur(dotation)}, droits du "
        f"titulaire {format_eur(rights)}, abondement employeur {format_eur(employer)}, "
        f"participation {format_eur(participation)}, reste au titulaire {format_eur(holder)}"
    )
    line_refs = refs
    if any(s.capped for s in shares):
        basis += " ; droits du titulaire plafonnés (D6323-1 A)"
        if cap_name:
            line_refs = (*refs, *refs_at(data, cap_name, as_of))
    claims = [
        Claim(
            scheme=SCHEME,
            category=CostCategory.PEDAGOGICAL,
            payer=Payer.CDC,
            low=rights,
            high=rights,
            basis=basis,
            explanation=(
                "Droits acquis du titulaire mobilisés sur son CPF et payés par la Caisse des "
                "dépôts, après les dotations de l'employeur et avant les abondements (R6333-3). "
                "Les dotations et abondements de l'employeur restent à sa charge."
            ),
            parameters=tuple(params),
            references=line_refs,
        )
    ]
    for payer, amount, words in (
        (Payer.OPCO, sum((s.opco for s in shares), ZERO), "de l'OPCO"),
        (Payer.OTHER, sum((s.other for s in shares), ZERO), "d'autres financeurs"),
    ):
        if amount > 0:
            claims.append(
                Claim(
                    scheme=SCHEME,
                    category=CostCategory.PEDAGOGICAL,
                    payer=payer,
                    low=amount,
                    high=amount,
                    basis=f"abondement {words} : {format_eur(amount)}",
                    explanation=(
                        f"Abondement {words} du CPF (L6323-4 II), mobilisé après les droits du "
                        "titulaire."
                    ),
                    parameters=tuple(params),
                    references=(
                        *refs,
                        Reference(kind=ReferenceKind.CODE, id="C. trav. L6323-4 II"),
                    ),
                )
            )
    return tuple(claims)


class CpfRule:
    """The compte personnel de formation (L6323-1 and following, R6333-3 order).

    Evaluated after every scheme that funds the action (``allocation.order``): it covers
    the pedagogical cost they leave. Who bears what the CPF leaves: the holder, or the
    employer when the plan co-funds the action or during a période de reconversion
    (L6324-6)."""

    scheme = SchemeId.CPF
    name = "Le compte personnel de formation"

    def requested(self, dossier: Dossier) -> bool:
        """Always decided (a dossier without holder gets its reason)."""
        return True

    def evaluate(self, context: RuleContext) -> CpfOutcome:
        """See :func:`evaluate_cpf`."""
        plan = context.outcome(SchemeId.OPCO_PLAN)
        reconversion = context.outcome(SchemeId.PERIODE_RECONVERSION)
        in_reconversion = reconversion is not None and reconversion.decision.eligible
        share = getattr(reconversion, "cpf_rights_share", None) if in_reconversion else None
        return evaluate_cpf(
            context.dossier,
            context.day,
            context.data,
            context.remaining(CostCategory.PEDAGOGICAL),
            rights_share=share if isinstance(share, Decimal) else None,
            employer_plan=plan is not None and plan.decision.eligible,
            reconversion=in_reconversion,
        )


RULE = CpfRule()
