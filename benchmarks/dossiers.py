"""Varied, distinct dossiers for the benchmarks, generated deterministically from a seed.

Plain Python (``random.Random(seed)``, dicts, strings): the generation is done before any
timing, so its cost is never measured. Every field the rules read is varied: headcounts
around the 11 / 50 / 250 / 300 thresholds, IDCCs of every OPCO (those with a shipped barème
first, shared, merged and escape codes too), départements (Alsace-Moselle included), start
dates from 2019 to 2026, costs, hours, the four categories of action, Qualiopi certificates
(valid, expired, not yet valid, wrong category, none, internal training), one to twelve
trainees, CPF holders, job seekers, and Pro-A / période de reconversion / FNE / apprenticeship /
contrat de professionnalisation / PCRH requests.

Only dossiers formafin answers are kept (valid input and an estimate, eligible or not):
:func:`answered` checks each one once, outside the timed loops.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

__all__ = ["SCHEME_REQUESTS", "answered", "generate", "is_plan_only"]

SCHEME_REQUESTS = (
    "pro_a",
    "reconversion",
    "fne",
    "apprenticeship",
    "professionalisation",
    "consulting",
    "fse_plus",
    "co_funders",
)
"""The dossier fields that ask for a scheme other than the plan and the CPF."""

_THRESHOLDS = (11, 50, 250, 300)
# IDCCs with a shipped barème (branch scope), so that barème paths are exercised.
_BAREME_IDCCS = (
    "1909", "1486", "1596", "1597", "2609", "2420", "1702", "2614", "3212", "2596", "1527",
    "1090",
)  # fmt: skip
_ESCAPE_IDCCS = ("9999", "9998", "5100", "5501")
_NAFS = ("62.02A", "70.22Z", "25.62B", "55.10Z", "42.11Z", "47.11B", "86.10Z", "49.41A")
_DEPARTEMENTS = ("75", "69", "13", "57", "67", "68", "2A", "2B", "971", "974", "33", "59")
_CERTIFICATIONS = (None, None, None, "RNCP35185", "RNCP38176", "RS5080", "RS6251")
_CATEGORIES = (
    "actions_de_formation",
    "actions_de_formation",
    "actions_de_formation",
    "bilans_de_competences",
    "vae",
    "apprentissage",
)
_CONTRACTS = (None, "cdi", "cdi", "cdd", "interim", "cui_cdi", "other")
_CPF_KINDS = (None, None, None, "rncp", "rs", "clea", "permis_leger", "permis_lourd", "bilan")
_FIRST_START = date(2019, 1, 1)
_LAST_START = date(2026, 12, 31)

Pools = tuple[list[str], list[str], list[str]]
"""IDCCs of a single OPCO, IDCCs shared between OPCOs, merged IDCCs."""


def _idcc_pool(rng: random.Random) -> Pools:
    """(single-OPCO IDCCs, IDCCs shared between OPCOs, merged IDCCs), a few per OPCO."""
    from formafin.data import idcc_tables

    tables = idcc_tables()
    by_opco: dict[str, list[str]] = {}
    shared = []
    for idcc, rows in sorted(tables.by_idcc.items()):
        opcos = {row.opco.value for row in rows}
        if len(opcos) == 1:
            by_opco.setdefault(opcos.pop(), []).append(idcc)
        else:
            shared.append(idcc)
    single = list(_BAREME_IDCCS)
    for opco in sorted(by_opco):
        single += rng.sample(by_opco[opco], min(6, len(by_opco[opco])))
    merged = sorted(tables.replacements)[:5]
    return single, shared[:8], merged


def _money(rng: random.Random, top: int, zero_share: float = 0.2) -> str:
    if rng.random() < zero_share:
        return "0"
    if rng.random() < 0.5:
        return str(rng.randrange(1, top // 10 + 2) * 10)
    return f"{rng.randrange(0, top * 100 + 1) / 100:.2f}"


def _headcount(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.6:
        threshold = rng.choice(_THRESHOLDS)
        whole = max(0, threshold + rng.choice((-1, 0, 1)))
        return f"{whole}{rng.choice(('', '', '.01', '.99'))}"
    if draw < 0.85:
        return str(rng.randrange(0, 50))
    return f"{rng.randrange(0, 500000) / 100:.2f}"


def _day(value: date) -> str:
    return value.isoformat()


def _company(rng: random.Random, pools: Pools) -> dict[str, Any]:
    single, shared, merged = pools
    company: dict[str, Any] = {"headcount": _headcount(rng)}
    kind = rng.random()
    if kind < 0.3:  # a branch with a shipped barème
        company["idcc"] = rng.choice(_BAREME_IDCCS)
    elif kind < 0.75:
        company["idcc"] = rng.choice(single)
    elif kind < 0.83:
        company["idcc"] = rng.choice(shared)
        if rng.random() < 0.7:  # the caller says which OPCO (else: choice required)
            company["opco"] = rng.choice(("akto", "opcommerce", "atlas", "opco_ep", "afdas"))
    elif kind < 0.88:
        company["idcc"] = rng.choice(merged)
    elif kind < 0.95:
        company["idcc"] = rng.choice(_ESCAPE_IDCCS)
        company["naf"] = rng.choice(_NAFS)
    else:
        company["opco"] = rng.choice(("atlas", "constructys", "opco_2i", "uniformation"))
    if rng.random() < 0.5:
        company["naf"] = rng.choice(_NAFS)
    if rng.random() < 0.7:
        company["departement"] = rng.choice(_DEPARTEMENTS)
    if rng.random() < 0.3:
        company["opco_plan_used"] = _money(rng, 6000)
    if rng.random() < 0.15:
        company["annual_turnover"] = _money(rng, 60_000_000, 0)
    return company


def _provider(rng: random.Random, start: date) -> dict[str, Any]:
    kind = rng.random()
    if kind < 0.08:
        return {"name": "Formation interne", "internal": True}
    if kind < 0.18:
        return {"name": "Organisme sans certificat", "qualiopi": None}
    valid_from = start + timedelta(days=rng.randrange(-1400, 120))
    categories = rng.sample(
        ["actions_de_formation", "bilans_de_competences", "vae", "apprentissage"],
        rng.randrange(1, 5),
    )
    if rng.random() < 0.7 and "actions_de_formation" not in categories:
        categories.append("actions_de_formation")
    return {
        "name": "Organisme certifié",
        "nda": "11755555575",
        "qualiopi": {
            "categories": categories,
            "valid_from": _day(valid_from),
            "valid_until": _day(valid_from + timedelta(days=3 * 365 - 1)),
        },
    }


def _action(rng: random.Random, start: date, index: int) -> dict[str, Any]:
    days = rng.choice((1, 2, 3, 5, 10, 30, 90, 200, 400))
    hours = min(days * 7, rng.choice((3.5, 7, 7.75, 10.5, 12.33, 14, 21, 35, 70, 150, 400, 1200)))
    category = rng.choice(_CATEGORIES)
    action: dict[str, Any] = {
        "title": f"Action {index}",
        "category": category,
        "start": _day(start),
        "end": _day(start + timedelta(days=days - 1)),
        "hours": str(hours),
        "costs": {
            "pedagogical": _money(rng, 12_000, 0.05),
            "salary": _money(rng, 8_000, 0.4),
            "annex": _money(rng, 1_500, 0.6),
        },
    }
    certification = rng.choice(_CERTIFICATIONS)
    if certification:
        action["certification"] = certification
    cpf_kind = rng.choice(_CPF_KINDS)
    if cpf_kind:
        action["cpf_kind"] = cpf_kind
    if rng.random() < 0.15:
        action["themes"] = ["transition_ecologique"]
    if rng.random() < 0.1:
        action["annex_detail"] = {
            "km": str(rng.randrange(0, 800)),
            "nights": rng.randrange(0, 5),
            "meals": rng.randrange(0, 10),
        }
    return action


def _cpf(rng: random.Random, start: date) -> dict[str, Any]:
    cpf: dict[str, Any] = {"rights": _money(rng, 8_000, 0.05)}
    for field in ("employer_dotation", "employer_abondement", "opco_abondement"):
        if rng.random() < 0.25:
            cpf[field] = _money(rng, 3_000, 0)
    if rng.random() < 0.2:
        cpf["participation_paid_by"] = rng.choice(("employer", "opco"))
    if rng.random() < 0.1:
        cpf["c2p_points"] = True
    if rng.random() < 0.1:
        cpf["last_bilan_funded_on"] = _day(start - timedelta(days=rng.randrange(30, 2500)))
    if rng.random() < 0.3:
        cpf["on_working_time"] = True
        cpf["leave_requested_on"] = _day(start - timedelta(days=rng.randrange(0, 150)))
    if rng.random() < 0.5:
        cpf["registered_on"] = _day(start - timedelta(days=rng.randrange(0, 40)))
    return cpf


def _trainees(rng: random.Random, start: date, cpf_share: float) -> list[dict[str, Any]]:
    trainees = []
    for number in range(rng.choice((1, 1, 1, 2, 2, 3, 4, 6, 12))):
        trainee: dict[str, Any] = {"reference": f"S-{number}"}
        contract = rng.choice(_CONTRACTS)
        if contract:
            trainee["contract"] = contract
        if rng.random() < 0.3:
            trainee["highest_qualification_level"] = rng.randrange(1, 9)
        if rng.random() < 0.05:
            trainee["partial_activity"] = True
        if rng.random() < cpf_share:
            trainee["cpf"] = _cpf(rng, start)
        trainees.append(trainee)
    return trainees


def _around(rng: random.Random, day: date, low: int, high: int) -> str:
    return _day(day + timedelta(days=rng.randrange(low, high + 1)))


def _agreement(rng: random.Random) -> dict[str, Any]:
    agreement: dict[str, Any] = {"extended": rng.random() < 0.9}
    if rng.random() < 0.7:
        agreement["eligible_certifications"] = ["RNCP35185", "RS5080"]
    if rng.random() < 0.5:
        agreement["hourly_forfait"] = _money(rng, 40, 0)
    if rng.random() < 0.3:
        agreement["cap"] = _money(rng, 6_000, 0)
    if rng.random() < 0.3:
        agreement["period_forfait"] = _money(rng, 4_000, 0)
    return agreement


def _requests(rng: random.Random, start: date, end: date, hours: float) -> dict[str, Any]:
    requests: dict[str, Any] = {}
    if rng.random() < 0.1:
        requests["pro_a"] = {
            "avenant_signed_on": _around(rng, start, -200, 30),
            "period_start": _day(start),
            "period_end": _day(max(end, start + timedelta(days=rng.randrange(150, 400)))),
            **({"period_hours": str(hours * 5)} if rng.random() < 0.5 else {}),
            **({"branch_agreement": _agreement(rng)} if rng.random() < 0.6 else {}),
        }
    if rng.random() < 0.1:
        requests["reconversion"] = {
            "kind": rng.choice(("internal", "external")),
            "period_start": _day(start),
            "period_end": _day(end),
            "external_agreement_or_decision": rng.random() < 0.5,
            **({"opco_cap": _money(rng, 6_000, 0)} if rng.random() < 0.4 else {}),
            **({"agreement": _agreement(rng)} if rng.random() < 0.4 else {}),
        }
    if rng.random() < 0.08:
        requests["fne"] = {
            **({"agreement_signed_on": _around(rng, start, -60, 30)} if rng.random() < 0.7 else {}),
            **({"opco_envelope_rate": "0.5"} if rng.random() < 0.3 else {}),
        }
    if rng.random() < 0.08:
        requests["apprenticeship"] = {
            "concluded_on": _around(rng, start, -90, 0),
            "start": _day(start),
            "end": _day(max(end, start + timedelta(days=rng.randrange(100, 800)))),
            "certification_level": rng.randrange(3, 8),
            "rqth": rng.random() < 0.1,
            **({"npec": _money(rng, 15_000, 0)} if rng.random() < 0.7 else {}),
            "distance_learning_80": rng.random() < 0.1,
            **({"sent_to_opco_on": _around(rng, start, 0, 15)} if rng.random() < 0.7 else {}),
        }
    if rng.random() < 0.08:
        requests["professionalisation"] = {
            "concluded_on": _around(rng, start, -30, 0),
            "start": _day(start),
            "end": _day(max(end, start + timedelta(days=rng.randrange(150, 800)))),
            **({"branch_hourly_forfait": _money(rng, 30, 0)} if rng.random() < 0.5 else {}),
            "priority_public": rng.random() < 0.3,
            **({"sent_to_opco_on": _around(rng, start, 0, 10)} if rng.random() < 0.7 else {}),
            **({"under_30": rng.random() < 0.5} if rng.random() < 0.5 else {}),
        }
    # FSE+ and declared co-funders draw from a generator of their own: the draws above, and
    # so the other dossiers, are those they were before these schemes existed.
    own = random.Random(f"{start}:{end}:{hours}")
    if own.random() < 0.08:
        requests["fse_plus"] = {
            "channel": own.choice(("opco", "regional")),
            **({"rate": "0.5"} if own.random() < 0.5 else {}),
        }
    if own.random() < 0.08:
        requests["co_funders"] = [
            {"name": "Région", "kind": "region", "category": "pedagogical", "rate": "0.5"},
            {
                "name": "Versement volontaire",
                "kind": "employer_voluntary",
                "category": "salary",
                "amount": _money(own, 2_000, 0),
            },
        ]
    return requests


def _raw(rng: random.Random, index: int, pools: Pools) -> dict[str, Any]:
    start = _FIRST_START + timedelta(days=rng.randrange((_LAST_START - _FIRST_START).days + 1))
    action = _action(rng, start, index)
    end = date.fromisoformat(action["end"])
    cpf_share = 0.0 if rng.random() < 0.6 else rng.choice((0.3, 1.0))
    dossier: dict[str, Any] = {
        "company": _company(rng, pools),
        "provider": _provider(rng, start),
        "action": action,
        "trainees": _trainees(rng, start, cpf_share),
        "submitted_on": _around(rng, start, -120, 5),
        **_requests(rng, start, end, float(action["hours"])),
    }
    _pcrh_and_aif(random.Random(f"pcrh-aif-{index}"), dossier, start)
    return dossier


def _pcrh_and_aif(rng: random.Random, dossier: dict[str, Any], start: date) -> None:
    """A PCRH request and job seekers (AIF) in a few dossiers, drawn from their own generator
    so that the other dossiers stay those measured before these schemes existed."""
    if rng.random() < 0.06:
        dossier["consulting"] = {
            "cost": _money(rng, 40_000, 0),
            "subject": rng.choice(("recrutement", "gepp", "dialogue_social", "juridique")),
            **({"agreement_signed_on": _around(rng, start, -60, 0)} if rng.random() < 0.7 else {}),
            **({"de_minimis_received": _money(rng, 300_000)} if rng.random() < 0.7 else {}),
        }
        if rng.random() < 0.7:
            dossier["company"]["annual_turnover"] = _money(rng, 60_000_000, 0)
    if rng.random() < 0.06:
        for trainee in dossier["trainees"]:
            trainee["job_seeker"] = True


def generate(count: int, seed: int = 2026) -> Iterator[dict[str, Any]]:
    """``count`` distinct dossiers (JSON-ready dicts) that formafin answers, from ``seed``.

    The same seed gives the same dossiers. Each carries ``reference = "bench-N"``, which is
    not counted when checking that two dossiers differ.
    """
    rng = random.Random(seed)
    pools = _idcc_pool(rng)
    seen: set[str] = set()
    produced = index = 0
    while produced < count:
        index += 1
        if index > 20 * count + 100:
            raise RuntimeError(f"only {produced} answered dossiers in {index} draws")
        raw = _raw(rng, index, pools)
        key = json.dumps(raw, sort_keys=True)
        if key in seen or not answered(raw):
            continue
        seen.add(key)
        produced += 1
        yield {**raw, "reference": f"bench-{produced}"}


def answered(raw: dict[str, Any]) -> bool:
    """Whether formafin validates the dossier and returns an estimate for it."""
    from formafin import Dossier, estimate_funding

    try:
        estimate_funding(Dossier.model_validate(raw))
    except Exception:
        return False
    return True


def is_plan_only(raw: dict[str, Any]) -> bool:
    """A dossier where only the OPCO plan < 50 can pay: no scheme request, no CPF holder, no
    job seeker (AIF), and not a company of 50 to 299 employees (whose OPCO envelope is another
    scheme)."""
    headcount = Decimal(str(raw["company"]["headcount"]))
    return (
        all(raw.get(name) is None for name in SCHEME_REQUESTS)
        and all(
            trainee.get("cpf") is None and not trainee.get("job_seeker")
            for trainee in raw["trainees"]
        )
        and not 50 <= headcount < 300
    )
