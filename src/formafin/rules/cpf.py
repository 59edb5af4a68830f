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
from formafin.facts import CheckFact, NoticeFact, Text, Words, check, notice
from formafin.lookup import value_on
from formafin.models import (
    CpfActionKind,
    CpfMobilisation,
    Dossier,
    LightLicenceCategory,
    QualiopiCategory,
    Trainee,
)
from formafin.money import ZERO
from formafin.result import (
    CostCategory,
    Payer,
    SchemeId,
)
from formafin.rules.base import RuleContext
from formafin.rules.common import decimal_at, refs_at
from formafin.rules.outcome import Claim, SchemeOutcome, decide, parameter_trace
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
    CpfActionKind.RNCP: Text("cpf.kind.rncp"),
    CpfActionKind.RS: Text("cpf.kind.rs"),
    CpfActionKind.CLEA: Text("cpf.kind.clea"),
    CpfActionKind.VAE: Text("cpf.kind.vae"),
    CpfActionKind.BILAN: Text("cpf.kind.bilan"),
    CpfActionKind.PERMIS_LOURD: Text("cpf.kind.permis_lourd"),
    CpfActionKind.PERMIS_LEGER: Text("cpf.kind.permis_leger"),
    CpfActionKind.CREATION_ENTREPRISE: Text("cpf.kind.creation_entreprise"),
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
    l6323_6 = value_on(data, "cpf.acre_eligible", as_of).references
    refs = (*l6323_6, *refs_at(data, "cpf.funding_order", as_of))
    checks: list[CheckFact] = []
    notices: list[NoticeFact] = []
    kind = action.effective_cpf_kind

    if action.category is QualiopiCategory.APPRENTISSAGE:
        text = Text("cpf.apprenticeship")
        checks.append(check("CPF_ACTION_NOT_ELIGIBLE", False, text, l6323_6))
    elif kind is None:
        text = Text("cpf.action_not_eligible")
        checks.append(check("CPF_ACTION_NOT_ELIGIBLE", False, text, l6323_6))
    elif (
        kind is CpfActionKind.CREATION_ENTREPRISE
        and not value_on(data, "cpf.acre_eligible", as_of).value
    ):
        text = Text("cpf.acre_ended")
        checks.append(
            check("CPF_ACRE_ENDED", False, text, refs_at(data, "cpf.acre_eligible", as_of))
        )
    elif kind is CpfActionKind.PERMIS_LEGER and not _licence_category_eligible(
        action.licence_category, as_of, data
    ):
        category = action.licence_category or LightLicenceCategory.B
        text = Text("cpf.licence_category_not_eligible", category=category.value)
        references = refs_at(data, "cpf.light_licence_categories", as_of)
        checks.append(check("CPF_LICENCE_CATEGORY_NOT_ELIGIBLE", False, text, references))
    else:
        text = Text("cpf.action_eligible", kind=_KIND_LABELS[kind])
        checks.append(check("CPF_ACTION_ELIGIBLE", True, text, l6323_6))

    if dossier.provider.internal:
        text = Text("cpf.internal_training")
        checks.append(check("CPF_INTERNAL_TRAINING", False, text, l6323_6))
    else:
        qualiopi, qualiopi_notices = check_qualiopi(
            dossier.provider, action.category, action.start, as_of, data
        )
        checks.append(qualiopi)
        notices.extend(qualiopi_notices)

    holders = [(index, t) for index, t in enumerate(dossier.trainees, 1) if t.cpf is not None]
    # Rights are asked for only when the action itself could be funded by the CPF.
    if not holders and all(check.met for check in checks):
        checks.append(check("CPF_RIGHTS_UNKNOWN", False, Text("cpf.rights_unknown"), l6323_6))

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
        and value_on(data, "cpf.reconversion_holder_pays_nothing", as_of).value is True,
    )
    shares: list[_Share] = []
    excluded: list[CheckFact] = []
    for index, trainee in holders:
        holder = _holder_check(index, trainee, kind, action.licence_category, as_of, data)
        if holder.met:
            checks.append(holder)
            assert trainee.cpf is not None
            cpf = trainee.cpf
            if rights_share is not None:
                cpf = cpf.model_copy(update={"rights": cpf.rights * rights_share})
                text = Text("cpf.reconversion_half_rights", rights=cpf.rights, index=index)
                references = refs_at(data, "reconversion.cpf_internal_share", as_of)
                notices.append(
                    notice("CPF_RECONVERSION_HALF_RIGHTS", text, references, scheme=SCHEME)
                )
            shares.append(_share(trainee, cpf, terms, base, as_of, data, notices, index))
        else:
            excluded.append(holder)

    if not shares:
        return CpfOutcome(
            decision=decide(SCHEME, [*checks, *excluded], refs), notices=tuple(notices)
        )
    # Some holders cannot use their CPF: the others still can; say who is left out.
    notices.extend(notice(c.code, c.text, c.references, scheme=SCHEME) for c in excluded)

    notices.extend(_remainder_notices(holders, terms, as_of, data))
    claims = _claims(shares, kind, as_of, data, refs)
    holder_share = sum((share.holder for share in shares), ZERO)
    participation = sum((share.participation for share in shares), ZERO)
    if participation > 0:
        text = Text("cpf.participation_due", participation=participation)
        references = refs_at(data, "cpf.participation", as_of)
        notices.append(notice("CPF_PARTICIPATION_DUE", text, references, scheme=SCHEME))
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
) -> CheckFact:
    cpf = trainee.cpf
    assert cpf is not None
    who = (
        Text("cpf.who.reference", reference=trainee.reference)
        if trainee.reference
        else Text("cpf.who.index", index=index)
    )
    if kind is CpfActionKind.PERMIS_LEGER:
        no_licence = value_on(data, "cpf.light_licence_needs_no_valid_licence", as_of)
        exempt = value_on(data, "cpf.light_licence_condition_exempt", as_of).value
        category = (licence or LightLicenceCategory.B).value
        if (
            no_licence.value is True
            and cpf.holds_valid_light_licence
            and not (isinstance(exempt, tuple) and category in exempt)
        ):
            text = Text("cpf.light_licence_already_held", who=who)
            return check("CPF_LIGHT_LICENCE_ALREADY_HELD", False, text, no_licence.references)
        restricted = value_on(data, "cpf.light_licence_restricted", as_of)
        if restricted.value is True and not trainee.job_seeker:
            minimum = decimal_at(data, "cpf.light_licence_min_third_party", as_of) or ZERO
            third = (
                cpf.employer_dotation
                + cpf.employer_abondement
                + cpf.opco_abondement
                + cpf.other_abondement
            )
            if third <= 0 or third < minimum:
                text = Text("cpf.light_licence_conditions", who=who, minimum=minimum)
                references = (
                    *restricted.references,
                    *refs_at(data, "cpf.light_licence_min_third_party", as_of),
                )
                return check("CPF_LIGHT_LICENCE_CONDITIONS", False, text, references)
    if kind is CpfActionKind.BILAN and cpf.last_bilan_funded_on is not None:
        gap = value_on(data, "cpf.bilan_gap_years", as_of)
        if isinstance(gap.value, int) and cpf.last_bilan_funded_on > add_years(as_of, -gap.value):
            text = Text(
                "cpf.bilan_too_recent", who=who, on=cpf.last_bilan_funded_on, years=gap.value
            )
            return check("CPF_BILAN_TOO_RECENT", False, text, gap.references)
    references = refs_at(data, "cpf.yearly_credit", as_of)
    if kind is CpfActionKind.PERMIS_LEGER:
        references = (*references, *refs_at(data, "cpf.light_licence_condition_exempt", as_of))
    text = Text("cpf.holder_ok", who=who, rights=cpf.rights)
    return check("CPF_HOLDER_OK", True, text, references)


def _share(
    trainee: Trainee,
    cpf: CpfMobilisation,
    terms: _Terms,
    base: Decimal,
    as_of: date,
    data: RuleData,
    notices: list[NoticeFact],
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
        text = Text("cpf.participation_opco_disputed", index=index)
        references = refs_at(data, "cpf.participation", as_of)
        notices.append(notice("CPF_PARTICIPATION_OPCO_DISPUTED", text, references, scheme=SCHEME))
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
    eligible = value_on(data, "cpf.light_licence_categories", as_of).value
    wanted = (category or LightLicenceCategory.B).value
    return isinstance(eligible, tuple) and wanted in eligible


def _support_ratio(
    dossier: Dossier, kind: CpfActionKind, as_of: date, data: RuleData, notices: list[NoticeFact]
) -> Decimal:
    """Share of a bilan's cost the CPF may fund: its support hours (D6323-6, 2026-02-26)."""
    rule = value_on(data, "cpf.bilan_support_hours_only", as_of)
    if kind is not CpfActionKind.BILAN or rule.value is not True:
        return Decimal(1)
    action = dossier.action
    if action.bilan_support_hours is None:
        text = Text("cpf.bilan_support_hours_unknown")
        notices.append(
            notice("CPF_BILAN_SUPPORT_HOURS_UNKNOWN", text, rule.references, scheme=SCHEME)
        )
        return Decimal(1)
    ratio = action.bilan_support_hours / action.hours
    if ratio < 1:
        text = Text(
            "cpf.bilan_support_hours_only", support=action.bilan_support_hours, hours=action.hours
        )
        notices.append(notice("CPF_BILAN_SUPPORT_HOURS_ONLY", text, rule.references, scheme=SCHEME))
    return ratio


_CO_CONSTRUCTION_LAW = (
    Reference(kind=ReferenceKind.CODE, id="C. trav. L6323-2"),
    Reference(kind=ReferenceKind.CODE, id="C. trav. L6323-4 II 2°"),
    Reference(kind=ReferenceKind.CODE, id="C. trav. L6323-11"),
)
_L6323_4_II = Reference(kind=ReferenceKind.CODE, id="C. trav. L6323-4 II")


def _remainder_notices(
    holders: list[tuple[int, Trainee]], terms: _Terms, as_of: date, data: RuleData
) -> list[NoticeFact]:
    """Say who bears what the CPF leave, when it is not the holder."""
    cpfs = [trainee.cpf for _, trainee in holders if trainee.cpf is not None]
    if terms.reconversion:
        text = Text("cpf.reconversion_nothing_for_employee")
        references = refs_at(data, "cpf.reconversion_holder_pays_nothing", as_of)
        return [notice("CPF_RECONVERSION_NOTHING_FOR_EMPLOYEE", text, references, scheme=SCHEME)]
    words = Text("cpf.remainder_to_employer")
    notices: list[NoticeFact] = []
    law = _CO_CONSTRUCTION_LAW
    if any(cpf.initiative == "employer" for cpf in cpfs):
        text = Text("cpf.co_construction", words=words)
        notices.append(notice("CPF_CO_CONSTRUCTION", text, law, scheme=SCHEME))
    if terms.employer_plan and any(cpf.initiative is None for cpf in cpfs):
        text = Text("cpf.co_construction_assumed", words=words)
        notices.append(notice("CPF_CO_CONSTRUCTION_ASSUMED", text, law, scheme=SCHEME))
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
    params = [
        parameter_trace(data, "cpf.participation", as_of),
        parameter_trace(data, "cpf.funding_order", as_of),
    ]
    cap_name = _CAPS.get(kind)
    if cap_name:
        params.append(parameter_trace(data, cap_name, as_of))
    basis: Words = Text(
        "cpf.basis.rights",
        holders=len(shares),
        dotation=dotation,
        rights=rights,
        employer=employer,
        participation=participation,
        holder=holder,
    )
    line_refs = refs
    if any(s.capped for s in shares):
        basis = (basis, Text("cpf.basis.capped"))
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
            explanation=Text("cpf.explanation.rights"),
            parameters=tuple(params),
            references=line_refs,
        )
    ]
    for payer, amount, words in (
        (Payer.OPCO, sum((s.opco for s in shares), ZERO), Text("cpf.funder.opco")),
        (Payer.OTHER, sum((s.other for s in shares), ZERO), Text("cpf.funder.other")),
    ):
        if amount > 0:
            claims.append(
                Claim(
                    scheme=SCHEME,
                    category=CostCategory.PEDAGOGICAL,
                    payer=payer,
                    low=amount,
                    high=amount,
                    basis=Text("cpf.basis.abondement", words=words, amount=amount),
                    explanation=Text("cpf.explanation.abondement", words=words),
                    parameters=tuple(params),
                    references=(
                        *refs,
                        _L6323_4_II,
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
