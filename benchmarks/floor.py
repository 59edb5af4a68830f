"""The floor: a bare function computing the same numbers as formafin for the plan < 50 case.

Issue 15 compares ``estimate_funding`` with "a bare function computing the same numbers".
:func:`plan_floor` is that function: plain Python over plain tuples, no explanation, no
result object, no dated lookup. It decides the OPCO plan (L6332-17, D6332-39) with the
same checks (headcount, OPCO known, category, Qualiopi, lead time, minimum duration) and
computes the same amounts per cost category (barème hourly rule, annual cap, salary at the
barème rate capped at the SMIC, annex rule, or the indicative low bound without barème),
each rounded down to the cent once, as formafin does.

What it does *not* do is done once, before timing, by :func:`compile_terms` (what a
compiled data snapshot would hold): resolving the OPCO, choosing the barème, reading the
dated parameters. It answers only dossiers where the plan is the only possible payer
(:func:`benchmarks.dossiers.is_plan_only`); the benchmark and the smoke test check that its
numbers equal formafin's on every one of them.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Context, Decimal, localcontext
from typing import Any, NamedTuple

__all__ = ["Terms", "compile_terms", "plan_floor"]

_ZERO = Decimal("0.00")
_CENT = Decimal("0.01")
_CONTEXT = Context(prec=34, Emax=999_999, Emin=-999_999)

# A pedagogical rule: (amount, per, categories or None, qualifying or None,
# max_action_hours or None, max_funded_hours or None).
PedRule = tuple[Decimal, str, frozenset[str] | None, bool | None, Decimal | None, Decimal | None]
# A size band: (min_headcount, max_headcount or None, amount or None).
Band = tuple[Decimal, Decimal | None, Decimal | None]


class Terms(NamedTuple):
    """Everything the plan rule needs for one dossier, resolved in advance."""

    threshold: Decimal
    opco_known: bool
    qualiopi_required: bool
    lead_days: int
    min_hours: Decimal | None
    has_bareme: bool  # a barème (in force or last known) gives the amounts
    ped_rules: tuple[PedRule, ...]
    at_actual_cost: bool
    annual_caps: tuple[Band, ...]
    cap_scope_all: bool
    out_of_cap_themes: frozenset[str]
    salary_bands: tuple[Band, ...]
    annex_funded: bool | None
    annex_per_km: Decimal | None
    annex_per_night: Decimal | None
    annex_per_meal: Decimal | None
    annex_share: Decimal | None
    annex_per_trainee: Decimal | None
    smic: Decimal
    small_band: Decimal
    hourly_low: Decimal
    cap_under_11_low: Decimal
    cap_11_49_low: Decimal


def compile_terms(dossier: Any) -> Terms:
    """Resolve, with formafin's own functions, what :func:`plan_floor` reads (not timed)."""
    from formafin.data import rule_data
    from formafin.rules.bareme_selection import select_bareme, select_last_known_bareme
    from formafin.rules.opco_resolution import resolve_opco

    data = rule_data()
    day: date = dossier.action.start
    company = dossier.company
    resolution = resolve_opco(company.idcc, naf=company.naf, opco=company.opco)

    def value(name: str) -> Any:
        return data.parameter(name).at(day).value

    bareme = last_known = None
    if resolution.opco is not None:
        idcc = resolution.idcc_used.split("/")[0] if resolution.idcc_used else None
        bareme = select_bareme(resolution.opco, idcc, day, data)
        if bareme is None:
            last_known = select_last_known_bareme(resolution.opco, idcc, day, data)
    if bareme is not None and bareme.lead_days is not None:
        lead = bareme.lead_days
    else:
        name = f"plan.lead_days_{resolution.opco.value}" if resolution.opco else ""
        lead = int(value(name if name in data.parameters else "plan.default_lead_days"))
    amounts = bareme or last_known

    def bands(items: Any) -> tuple[Band, ...]:
        return tuple((b.min_headcount, b.max_headcount, b.amount) for b in items)

    annex = amounts.annex if amounts else None
    return Terms(
        threshold=Decimal(value("plan.headcount_threshold")),
        opco_known=resolution.opco is not None,
        qualiopi_required=value("qualiopi.required") is True,
        lead_days=lead,
        min_hours=bareme.min_action_hours if bareme else None,
        has_bareme=amounts is not None,
        ped_rules=tuple(
            (
                r.amount,
                r.per,
                frozenset(r.categories) if r.categories is not None else None,
                r.qualifying,
                r.max_action_hours,
                r.max_funded_hours,
            )
            for r in (amounts.pedagogical if amounts else ())
        ),
        at_actual_cost=bool(amounts and amounts.pedagogical_at_actual_cost),
        annual_caps=bands(amounts.annual_caps) if amounts else (),
        cap_scope_all=amounts is None or amounts.annual_cap_scope.value == "all",
        out_of_cap_themes=frozenset(amounts.out_of_cap_themes if amounts else ()),
        salary_bands=bands(amounts.salary) if amounts else (),
        annex_funded=annex.funded if annex else None,
        annex_per_km=annex.per_km if annex else None,
        annex_per_night=annex.per_night if annex else None,
        annex_per_meal=annex.per_meal if annex else None,
        annex_share=annex.max_share_of_pedagogical if annex else None,
        annex_per_trainee=annex.max_per_trainee if annex else None,
        smic=Decimal(value("smic.hourly_gross")),
        small_band=Decimal(value("plan.small_company_band")),
        hourly_low=Decimal(value("plan.indicative_hourly_low")),
        cap_under_11_low=Decimal(value("plan.indicative_cap_under_11_low")),
        cap_11_49_low=Decimal(value("plan.indicative_cap_11_49_low")),
    )


def _band(bands: tuple[Band, ...], headcount: Decimal) -> Band | None:
    for band in bands:
        if band[0] <= headcount and (band[1] is None or headcount < band[1]):
            return band
    return None


def _cents(amount: Decimal) -> Decimal:
    return _ZERO if amount <= 0 else amount.quantize(_CENT, rounding=ROUND_DOWN)


def plan_floor(dossier: Any, t: Terms) -> tuple[Decimal, Decimal, Decimal]:
    """The OPCO plan amounts (pedagogical, salary, annex), rounded down to the cent; zeros
    when the plan does not pay. Same numbers as formafin's funding lines, no words."""
    company, action, provider = dossier.company, dossier.action, dossier.provider
    headcount, category, start = company.headcount, action.category.value, action.start
    costs = action.costs
    # Decision (every check of evaluate_opco_plan; any failure: nothing paid).
    if headcount >= t.threshold or not t.opco_known or category == "apprentissage":
        return _ZERO, _ZERO, _ZERO
    if t.qualiopi_required and not provider.internal:
        certificate = provider.qualiopi
        if (
            certificate is None
            or category not in certificate.categories
            or not certificate.valid_from <= start <= certificate.valid_until
        ):
            return _ZERO, _ZERO, _ZERO
    submitted = dossier.submitted_on
    if submitted >= start or (start - submitted).days < t.lead_days:
        return _ZERO, _ZERO, _ZERO
    hours = action.hours
    if t.min_hours is not None and hours < t.min_hours:
        return _ZERO, _ZERO, _ZERO
    with localcontext(_CONTEXT):
        trainees = Decimal(len(dossier.trainees))
        # Pedagogical cap.
        ped_cap: Decimal | None = None
        qualifying = action.qualifying
        for amount, per, categories, only_qualifying, max_hours, max_funded in t.ped_rules:
            if (
                (categories is None or category in categories)
                and (only_qualifying is None or only_qualifying == qualifying)
                and (max_hours is None or hours <= max_hours)
            ):
                funded_hours = min(hours, max_funded) if max_funded else hours
                if per == "trainee_hour":
                    ped_cap = amount * funded_hours * trainees
                elif per == "trainee":
                    ped_cap = amount * trainees
                else:
                    ped_cap = amount
                break
        else:
            if not (t.has_bareme and t.at_actual_cost):
                ped_cap = t.hourly_low * hours * trainees
        # Annual company cap.
        annual: Decimal | None
        if t.has_bareme and (
            not t.annual_caps or any(theme in t.out_of_cap_themes for theme in action.themes)
        ):
            annual = None
        else:
            band = _band(t.annual_caps, headcount) if t.has_bareme else None
            if band is not None and band[2] is not None:
                cap = band[2]
            else:
                cap = t.cap_under_11_low if headcount < t.small_band else t.cap_11_49_low
            annual = max(_ZERO, cap - company.opco_plan_used)
        # Salary.
        if not t.has_bareme:
            salary_cap = _ZERO
        else:
            band = _band(t.salary_bands, headcount)
            if band is None or band[2] is None:
                salary_cap = _ZERO
            else:
                salary_cap = min(band[2], t.smic) * hours * trainees
        # Annex.
        annex_cap: Decimal | None
        if not t.has_bareme or t.annex_funded is None or t.annex_funded is False:
            annex_cap = _ZERO
        else:
            caps = []
            unknown = False
            if any(r is not None for r in (t.annex_per_km, t.annex_per_night, t.annex_per_meal)):
                detail = action.annex_detail
                if detail is None:
                    unknown = True
                else:
                    caps.append(
                        (t.annex_per_km or _ZERO) * detail.km
                        + (t.annex_per_night or _ZERO) * detail.nights
                        + (t.annex_per_meal or _ZERO) * detail.meals
                    )
            if t.annex_share is not None:
                caps.append(t.annex_share * costs.pedagogical)
            if t.annex_per_trainee is not None:
                caps.append(t.annex_per_trainee * len(dossier.trainees))
            annex_cap = _ZERO if unknown else (min(caps) if caps else costs.annex)
        # Shares under the annual cap, as formafin's _compute (low bound).
        pedagogical = costs.pedagogical if ped_cap is None else min(costs.pedagogical, ped_cap)
        if annual is not None:
            pedagogical = max(_ZERO, min(pedagogical, annual))
            annual -= pedagogical
        shared = annual if t.cap_scope_all else None
        salary = min(costs.salary, salary_cap)
        if shared is not None:
            salary = max(_ZERO, min(salary, shared))
            shared -= salary
        annex = costs.annex if annex_cap is None else min(costs.annex, annex_cap)
        if shared is not None:
            annex = max(_ZERO, min(annex, shared))
        return _cents(pedagogical), _cents(salary), _cents(annex)
