"""Hypothesis strategies for formafin's models, for integrators' property tests.

Install with ``pip install formafin[testing]``. Every strategy builds *valid* models by
construction (pydantic v2 has no Hypothesis plugin and ``st.builds`` fails on constrained
fields), and leans towards the corners where rules change: headcounts around 11, 50, 250 and
300; Qualiopi certificates missing, expired, not yet valid or for the wrong category;
requests filed after the start; dates on both sides of every rule change in the data.

>>> from hypothesis import given
>>> from formafin.testing import dossiers
>>> @given(dossiers(opco="atlas", as_of_year=2026))
... def test_never_negative(dossier):
...     assert estimate_funding(dossier).remaining_cost >= 0
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import get_args

from hypothesis import strategies as st

from formafin.baremes import Bareme
from formafin.data import idcc_tables, rule_data
from formafin.limits import EARLIEST_DATE, LATEST_DATE, MAX_TRAINEES, OPEN_END_DATE
from formafin.models import (
    AnnexDetail,
    ApprenticeshipContract,
    BranchAgreement,
    CoFunder,
    CoFunderKind,
    Company,
    ConsultingRequest,
    ConsultingSubject,
    ContractType,
    Costs,
    CpfActionKind,
    CpfMobilisation,
    Dossier,
    FneRequest,
    FsePlusRequest,
    LightLicenceCategory,
    OpcoId,
    ProARequest,
    ProfessionalisationContract,
    Provider,
    QualiopiCategory,
    QualiopiCertificate,
    ReconversionRequest,
    Trainee,
    TrainingAction,
    Tutor,
)

__all__ = [
    "co_funders",
    "companies",
    "consulting_requests",
    "costs",
    "cpf_mobilisations",
    "dates_around_changes",
    "dossiers",
    "headcounts",
    "money",
    "providers",
    "qualiopi_certificates",
    "register_type_strategies",
    "scheme_requests",
    "trainees",
    "training_actions",
    "tutors",
    "wild_baremes",
    "wild_dossiers",
]

_FIRST_YEAR = 2019
_LAST_YEAR = 2026
_THRESHOLDS = (Decimal(11), Decimal(50), Decimal(250), Decimal(300))
_CENT = Decimal("0.01")


def money(max_value: Decimal | int = 100_000) -> st.SearchStrategy[Decimal]:
    """Non-negative amounts in whole cents, with round figures and zero drawn often."""
    top = Decimal(max_value)
    return st.one_of(
        st.just(Decimal("0.00")),
        st.integers(min_value=0, max_value=int(top)).map(lambda n: Decimal(n).quantize(_CENT)),
        st.decimals(min_value=0, max_value=top, places=2, allow_nan=False, allow_infinity=False),
    )


def headcounts() -> st.SearchStrategy[Decimal]:
    """Average headcounts (hundredths), drawn around 11, 50, 250 and 300."""
    corners = [
        value
        for threshold in _THRESHOLDS
        for value in (threshold - 1, threshold - _CENT, threshold, threshold + _CENT)
    ]
    return st.one_of(
        st.sampled_from([Decimal(0), *corners]),
        st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False, allow_infinity=False),
    )


def _single_idccs(opco: OpcoId | None) -> list[str]:
    return sorted(
        idcc
        for idcc, rows in idcc_tables().by_idcc.items()
        if len({row.opco for row in rows}) == 1 and (opco is None or rows[0].opco is opco)
    )


@st.composite
def companies(
    draw: st.DrawFn, opco: OpcoId | str | None = None, headcount: Decimal | None = None
) -> Company:
    """Companies with an IDCC of a single OPCO (or an explicit OPCO), any size."""
    wanted = OpcoId(opco) if opco is not None else None
    idcc = draw(st.sampled_from(_single_idccs(wanted)))
    return Company(
        headcount=headcount if headcount is not None else draw(headcounts()),
        idcc=idcc,
        opco=draw(st.sampled_from([None, wanted])) if wanted else None,
        opco_plan_used=draw(st.one_of(st.just(Decimal("0")), money(10_000))),
    )


@st.composite
def qualiopi_certificates(draw: st.DrawFn, around: date | None = None) -> QualiopiCertificate:
    """Certificates valid three years (a few longer), starting around ``around`` (so some
    have expired)."""
    centre = around or date(2024, 1, 1)
    start = centre + timedelta(days=draw(st.integers(min_value=-1500, max_value=400)))
    categories = draw(
        st.lists(st.sampled_from(list(QualiopiCategory)), min_size=1, max_size=4, unique=True)
    )
    # Now and then a certificate longer than the legal three years (a typing error to flag).
    days = draw(st.sampled_from([3 * 365 - 1, 3 * 365 - 1, 3 * 365 - 1, 4 * 365]))
    return QualiopiCertificate(
        categories=tuple(categories),
        valid_from=start,
        valid_until=min(start + timedelta(days=days), LATEST_DATE),
    )


@st.composite
def providers(draw: st.DrawFn, around: date | None = None) -> Provider:
    """Providers with and without Qualiopi, expired or for another category, or internal."""
    kind = draw(st.sampled_from(["certified", "certified", "none", "internal", "university"]))
    if kind == "internal":
        return Provider(internal=True)
    if kind == "none":
        return Provider(qualiopi=None)
    if kind == "university":  # deemed certified (L6316-4 II), with or without a certificate
        certificate = draw(st.one_of(st.none(), qualiopi_certificates(around=around)))
        return Provider(qualiopi=certificate, higher_education=True)
    return Provider(qualiopi=draw(qualiopi_certificates(around=around)))


@st.composite
def costs(draw: st.DrawFn) -> Costs:
    """Costs per category."""
    return Costs(pedagogical=draw(money()), salary=draw(money(30_000)), annex=draw(money(5_000)))


@st.composite
def training_actions(draw: st.DrawFn, as_of_year: int | None = None) -> TrainingAction:
    """Training actions starting in ``as_of_year`` (or any supported year)."""
    if as_of_year is not None:
        first, last = date(as_of_year, 1, 1), date(as_of_year, 12, 31)
    else:
        first, last = date(_FIRST_YEAR, 1, 1), date(_LAST_YEAR, 12, 31)
    start = draw(st.dates(min_value=first, max_value=last))
    days = draw(st.integers(min_value=1, max_value=400))
    hours = draw(
        st.decimals(
            min_value=Decimal("0.5"),
            max_value=min(Decimal(days * 24), Decimal(1500)),
            places=2,
            allow_nan=False,
            allow_infinity=False,
        ).filter(lambda h: h > 0)
    )
    category = draw(st.sampled_from(list(QualiopiCategory)))
    drawn_costs = draw(costs())
    childcare = draw(
        st.one_of(
            st.none(),
            st.decimals(min_value=0, max_value=drawn_costs.annex, places=2, allow_nan=False),
        )
    )
    return TrainingAction(
        title="Formation générée",
        category=category,
        start=start,
        end=start + timedelta(days=days - 1),
        hours=hours,
        costs=drawn_costs,
        certification=draw(st.sampled_from([None, "RNCP35185", "RS5080"])),
        themes=draw(st.sampled_from([(), ("transition_ecologique",)])),
        cpf_kind=draw(st.one_of(st.none(), st.sampled_from(list(CpfActionKind)))),
        annex_detail=None if childcare is None else AnnexDetail(childcare=childcare),
        licence_category=draw(st.one_of(st.none(), st.sampled_from(list(LightLicenceCategory)))),
        bilan_support_hours=draw(
            st.one_of(st.none(), st.sampled_from([hours, (hours / 2).quantize(_CENT)]))
        ),
        outside_working_time=draw(st.booleans()),
        cse_health_safety=draw(st.booleans()),
    )


@st.composite
def cpf_mobilisations(draw: st.DrawFn) -> CpfMobilisation:
    """What a holder brings from the CPF: rights, dotations, abondements, exemptions."""
    small = money(3_000)
    return CpfMobilisation(
        rights=draw(money(8_000)),
        employer_dotation=draw(st.one_of(st.just(Decimal(0)), small)),
        employer_abondement=draw(st.one_of(st.just(Decimal(0)), small)),
        opco_abondement=draw(st.one_of(st.just(Decimal(0)), small)),
        other_abondement=draw(st.one_of(st.just(Decimal(0)), small)),
        c2p_points=draw(st.booleans()),
        participation_paid_by=draw(st.sampled_from([None, None, "employer", "opco"])),
        initiative=draw(st.sampled_from([None, None, "holder", "employer"])),
        last_bilan_funded_on=draw(
            st.one_of(st.none(), st.dates(date(2018, 1, 1), date(2026, 12, 31)))
        ),
        holds_valid_light_licence=draw(st.booleans()),
    )


def trainees() -> st.SearchStrategy[Trainee]:
    """Trainees, some of whom mobilise their CPF."""
    return st.builds(
        Trainee,
        reference=st.one_of(st.none(), st.text(min_size=1, max_size=8)),
        contract=st.one_of(st.none(), st.sampled_from(list(ContractType))),
        job_seeker=st.booleans(),
        cpf=st.one_of(st.none(), cpf_mobilisations()),
    )


@st.composite
def tutors(draw: st.DrawFn) -> Tutor:
    """Tutors of a contrat de professionnalisation, with and without declared costs."""
    return Tutor(
        training_hours=draw(
            st.one_of(st.none(), st.sampled_from([Decimal(7), Decimal(40), Decimal(70)]))
        ),
        training_costs=draw(st.one_of(st.none(), money(2_000))),
        months=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=36))),
        tutoring_costs=draw(st.one_of(st.none(), money(3_000))),
        aged_45_or_more=draw(st.booleans()),
    )


@st.composite
def co_funders(draw: st.DrawFn, max_size: int = 3) -> tuple[CoFunder, ...]:
    """Caller-declared co-funders: amounts or capped rates, on any cost category, several on
    one category (to test the order), the employer's voluntary contribution among them."""
    funders = []
    for index in range(draw(st.integers(min_value=0, max_value=max_size))):
        by_rate = draw(st.booleans())
        funders.append(
            CoFunder(
                name=f"Cofinanceur {index + 1}",
                kind=draw(st.sampled_from(list(CoFunderKind))),
                category=draw(st.sampled_from(["pedagogical", "salary", "annex"])),
                amount=None if by_rate else draw(money(20_000)),
                rate=draw(st.sampled_from(["0.1", "0.5", "1", "0.3333"])) if by_rate else None,
                cap=draw(st.one_of(st.none(), money(5_000))) if by_rate else None,
            )
        )
    return tuple(funders)


def _fse_plus_requests() -> st.SearchStrategy[FsePlusRequest]:
    return st.builds(
        FsePlusRequest,
        channel=st.sampled_from(["opco", "regional"]),
        rate=st.sampled_from([None, Decimal("0.5"), Decimal("0.85")]),
        pedagogical_hourly_cap=st.one_of(st.none(), money(60)),
        salary_hourly_cap=st.one_of(st.none(), money(15)),
        counterpart_rate=st.sampled_from([None, Decimal("0.15")]),
        mandatory_training=st.booleans(),
    )


def _around(day: date, low: int, high: int) -> st.SearchStrategy[date]:
    """Dates from ``low`` to ``high`` days around ``day``, never before the rules' first day
    (an avenant or a contract signed before the 2018 reform is not a dossier formafin answers
    with a scheme's rules)."""
    first = rule_data().ruleset.covers_from
    return st.integers(min_value=low, max_value=high).map(
        lambda n: max(first, day + timedelta(days=n))
    )


@st.composite
def consulting_requests(draw: st.DrawFn, around: date | None = None) -> ConsultingRequest:
    """PCRH requests: costs around the 30 000 € where the 15 000 € cap binds, de minimis
    received near the ceilings, groups around 250, every subject (excluded ones included)."""
    day = around or draw(dates_around_changes())
    return ConsultingRequest(
        cost=draw(st.one_of(money(60_000), st.sampled_from([Decimal(30_000), Decimal(0)]))),
        subject=draw(st.sampled_from(list(get_args(ConsultingSubject)))),
        agreement_signed_on=draw(st.one_of(st.none(), _around(day, -400, 30))),
        de_minimis_received=draw(
            st.one_of(
                st.none(),
                money(310_000),
                st.sampled_from([Decimal(195_000), Decimal(290_000), Decimal(300_000)]),
            )
        ),
        de_minimis_ceiling=draw(st.one_of(st.none(), st.sampled_from([Decimal(20_000)]))),
        group_headcount=draw(st.one_of(st.none(), headcounts())),
        micro_entrepreneur=draw(st.booleans()),
    )


@st.composite
def scheme_requests(draw: st.DrawFn, action: TrainingAction) -> dict[str, object]:
    """Optional Pro-A, période de reconversion, FNE, alternance, PCRH and FSE+ requests, and
    declared co-funders, for ``action``."""
    start, end = action.start, action.end
    requests: dict[str, object] = {}
    if draw(st.booleans()):
        requests["pro_a"] = ProARequest(
            avenant_signed_on=draw(_around(start, -200, 30)),
            period_start=start,
            period_end=max(end, draw(_around(start, 150, 400))),
            period_hours=draw(st.one_of(st.none(), st.just(action.hours * 5))),
            branch_agreement=draw(
                st.one_of(
                    st.none(),
                    st.builds(
                        BranchAgreement,
                        eligible_certifications=st.just(("RNCP35185",)),
                        hourly_forfait=st.one_of(st.none(), money(40)),
                        cap=st.one_of(st.none(), money(5_000)),
                        max_months=st.one_of(st.none(), st.integers(min_value=1, max_value=48)),
                    ),
                )
            ),
            priority_public=draw(st.booleans()),
            professional_sport_fixed_term=draw(st.booleans()),
        )
    if draw(st.booleans()):
        requests["reconversion"] = ReconversionRequest(
            kind=draw(st.sampled_from(["internal", "external"])),
            period_start=start,
            period_end=end,
            external_agreement_or_decision=draw(st.booleans()),
            opco_cap=draw(st.one_of(st.none(), money(6_000))),
            cqp=draw(st.booleans()),
            external_frame=draw(
                st.sampled_from([None, "agreement", "unilateral", "unilateral_after_disagreement"])
            ),
            union_delegate=draw(st.one_of(st.none(), st.booleans())),
            community_scale=draw(st.booleans()),
            host_contract=draw(st.sampled_from([None, "cdi", "cdd"])),
            host_contract_months=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=60))),
        )
    if draw(st.booleans()):
        requests["fne"] = FneRequest(
            agreement_signed_on=draw(st.one_of(st.none(), _around(start, -60, 30))),
            opco_envelope_rate=draw(st.one_of(st.none(), st.sampled_from([Decimal("0.5")]))),
            priority_axis=draw(
                st.sampled_from(
                    [
                        None,
                        "transition_ecologique",
                        "transition_numerique",
                        "transition_demographique",
                        "grands_evenements_sportifs",
                    ]
                )
            ),
            mandatory_training=draw(st.booleans()),
            trainees_leaving=draw(st.booleans()),
        )
    if draw(st.booleans()):
        contract_end = max(end, draw(_around(start, 100, 800)))
        ruptured_on = draw(st.one_of(st.none(), st.dates(min_value=start, max_value=contract_end)))
        practical_days = None
        if ruptured_on is not None and draw(st.booleans()):
            elapsed = (ruptured_on - start).days + 1
            practical_days = draw(st.integers(min_value=0, max_value=min(elapsed, 3000)))
        requests["apprenticeship"] = ApprenticeshipContract(
            concluded_on=draw(_around(start, -90, 0)),
            start=start,
            end=contract_end,
            certification_level=draw(st.integers(min_value=3, max_value=8)),
            rqth=draw(st.booleans()),
            npec=draw(st.one_of(st.none(), money(15_000))),
            distance_learning_80=draw(st.booleans()),
            sent_to_opco_on=draw(st.one_of(st.none(), _around(start, 0, 15))),
            ruptured_on=ruptured_on,
            company_training_days=practical_days,
            apprentice_birth_date=draw(st.one_of(st.none(), _around(start, -30 * 365, -15 * 365))),
            after_previous_rupture=draw(st.booleans()),
        )
    if draw(st.booleans()):
        requests["professionalisation"] = ProfessionalisationContract(
            concluded_on=draw(_around(start, -30, 0)),
            start=start,
            end=max(end, draw(_around(start, 150, 800))),
            branch_hourly_forfait=draw(st.one_of(st.none(), money(30))),
            priority_public=draw(st.booleans()),
            sent_to_opco_on=draw(st.one_of(st.none(), _around(start, 0, 10))),
            under_30=draw(st.one_of(st.none(), st.booleans())),
            geiq_insertion=draw(st.booleans()),
            branch_max_training_share=draw(
                st.one_of(st.none(), st.sampled_from([Decimal("0.3"), Decimal("0.5"), Decimal(1)]))
            ),
            contract_hours=draw(st.one_of(st.none(), st.just(action.hours * 4))),
            tutor=draw(st.one_of(st.none(), tutors())),
        )
    if draw(st.booleans()):
        requests["consulting"] = draw(consulting_requests(around=start))
    if draw(st.booleans()):
        requests["fse_plus"] = draw(_fse_plus_requests())
    if draw(st.booleans()):
        requests["co_funders"] = draw(co_funders())
    return requests


@st.composite
def dossiers(
    draw: st.DrawFn,
    opco: OpcoId | str | None = None,
    as_of_year: int | None = None,
    schemes: bool = True,
) -> Dossier:
    """Complete dossiers; narrow them with ``opco`` and ``as_of_year``. With ``schemes``,
    some also ask for Pro-A, a période de reconversion, FNE, an alternance contract
    or a PCRH."""
    action = draw(training_actions(as_of_year=as_of_year))
    submitted = action.start + timedelta(days=draw(st.integers(min_value=-120, max_value=10)))
    requests = draw(scheme_requests(action)) if schemes else {}
    company = draw(companies(opco=opco))
    if ("fne" in requests or "consulting" in requests) and draw(st.booleans()):
        company = company.model_copy(update={"annual_turnover": draw(money(60_000_000))})
    return Dossier.model_validate(
        {
            "company": company,
            "provider": draw(providers(around=action.start)),
            "action": action,
            "trainees": tuple(draw(st.lists(trainees(), min_size=1, max_size=12))),
            "submitted_on": submitted,
            **requests,
        }
    )


def dates_around_changes() -> st.SearchStrategy[date]:
    """Dates on both sides of every change in the shipped parameters and barèmes."""
    data = rule_data()
    changes: set[date] = set()
    for parameter in data.parameters.values():
        for value in parameter.values:
            changes.add(value.start)
            if value.until is not None:
                changes.add(value.until)
    for bareme in data.baremes.values():
        for day in (bareme.valid_from, bareme.valid_until):
            if day is not None:
                changes.add(day)
    days = sorted(
        {d + timedelta(days=shift) for d in changes for shift in (-1, 0, 1)} - {date(2018, 12, 31)}
    )
    return st.sampled_from(days)


# -- the wild side: every value the models accept, not only the plausible ones ------------

_DEPARTEMENTS = (
    *(f"{n:02d}" for n in range(1, 96) if n != 20),
    "2A",
    "2B",
    *(str(n) for n in range(970, 980)),
)
_MAX_TOTAL = Decimal("1000000000")
_SAFE_FIRST = EARLIEST_DATE + timedelta(days=5 * 365)
_SAFE_LAST = LATEST_DATE - timedelta(days=5 * 365)


def _wild_dates(first: date = EARLIEST_DATE, last: date = LATEST_DATE) -> st.SearchStrategy[date]:
    corners = [d for d in (first, last, date(2019, 1, 1), date(2026, 1, 1)) if first <= d <= last]
    return st.one_of(st.sampled_from(corners), st.dates(min_value=first, max_value=last))


def _wild_money(top: Decimal = _MAX_TOTAL) -> st.SearchStrategy[Decimal]:
    return st.one_of(
        st.sampled_from(sorted({Decimal("0.00"), min(Decimal("0.01"), top), top})),
        st.decimals(min_value=0, max_value=top, places=2, allow_nan=False, allow_infinity=False),
    )


@st.composite
def wild_baremes(draw: st.DrawFn) -> Bareme | str | None:
    """What a caller may pass as ``bareme``: nothing, a shipped id, or a random barème."""
    kind = draw(st.sampled_from(["none", "none", "shipped", "caller"]))
    if kind == "none":
        return None
    if kind == "shipped":
        return draw(st.sampled_from(sorted(rule_data().baremes)))
    bands = sorted(set(draw(st.lists(st.integers(0, 400), max_size=3))))
    edges = [0, *[b for b in bands if b > 0], None]
    caps = [
        {
            "min_headcount": str(low),
            "max_headcount": None if high is None else str(high),
            "amount": draw(st.one_of(st.none(), _wild_money())),
        }
        for low, high in pairwise(edges)
    ]
    return Bareme.model_validate(
        {
            "id": "appelant",
            "opco": draw(st.sampled_from(list(OpcoId))),
            "branch": "Barème de l'appelant",
            "scope": "by_id_only",
            "status": "caller",
            "last_verified_on": "2026-01-01",
            "references": [{"kind": "caller", "id": "Conseiller OPCO"}],
            "pedagogical": [
                {"label": "Par heure", "amount": str(draw(_wild_money(Decimal(10_000))))}
            ]
            if draw(st.booleans())
            else [],
            "pedagogical_at_actual_cost": draw(st.booleans()),
            "annual_caps": caps,
            "salary": [
                {
                    "min_headcount": "0",
                    "amount": draw(st.one_of(st.none(), _wild_money(Decimal(100)))),
                }
            ]
            if draw(st.booleans())
            else [],
        }
    )


@st.composite
def wild_dossiers(draw: st.DrawFn) -> Dossier:
    """Dossiers over the whole range the models accept: headcounts up to 10 million, costs
    up to the 10⁹ € bound, 1 to 1 000 trainees, dates from 1900 to 2199 (and open-ended
    certificates), every département, every IDCC of the table or none, odd requests.
    Meant for robustness tests: the library must answer or refuse cleanly, never crash."""
    start = draw(_wild_dates(last=LATEST_DATE - timedelta(days=800)))
    end = start + timedelta(days=draw(st.integers(min_value=0, max_value=800)))
    days = (end - start).days + 1
    hours = draw(
        st.decimals(
            min_value=Decimal("0.01"),
            max_value=min(Decimal(days * 24), Decimal(100_000)),
            places=2,
            allow_nan=False,
            allow_infinity=False,
        )
    )
    pedagogical = draw(_wild_money())
    salary = draw(_wild_money(_MAX_TOTAL - pedagogical))
    annex = draw(_wild_money(_MAX_TOTAL - pedagogical - salary))
    action = TrainingAction(
        title="Formation",
        category=draw(st.sampled_from(list(QualiopiCategory))),
        start=start,
        end=end,
        hours=hours,
        costs=Costs(pedagogical=pedagogical, salary=salary, annex=annex),
        certification=draw(st.sampled_from([None, "RNCP35185", "RS5080", "RNCP1"])),
        themes=draw(st.sampled_from([(), ("transition_ecologique",), ("x",)])),
        cpf_kind=draw(st.one_of(st.none(), st.sampled_from(list(CpfActionKind)))),
    )
    all_idccs = sorted(idcc_tables().by_idcc)
    company = Company(
        headcount=draw(
            st.one_of(
                headcounts(),
                st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False),
            )
        ),
        idcc=draw(st.one_of(st.none(), st.sampled_from(all_idccs))),
        opco=draw(st.one_of(st.none(), st.sampled_from(list(OpcoId)))),
        departement=draw(st.one_of(st.none(), st.sampled_from(_DEPARTEMENTS))),
        annual_turnover=draw(st.one_of(st.none(), _wild_money())),
        balance_sheet_total=draw(st.one_of(st.none(), _wild_money())),
        opco_plan_used=draw(_wild_money()),
    )
    certificate_start = draw(_wild_dates(last=LATEST_DATE - timedelta(days=1)))
    provider = draw(
        st.one_of(
            providers(around=min(max(start, _SAFE_FIRST), _SAFE_LAST)),
            st.just(Provider(internal=True)),
            st.builds(
                lambda categories, until: Provider(
                    qualiopi=QualiopiCertificate(
                        categories=categories, valid_from=certificate_start, valid_until=until
                    )
                ),
                st.lists(st.sampled_from(list(QualiopiCategory)), min_size=1, unique=True).map(
                    tuple
                ),
                st.one_of(st.just(OPEN_END_DATE), _wild_dates(first=certificate_start)),
            ),
        )
    )
    count = draw(st.one_of(st.integers(1, 5), st.integers(1, MAX_TRAINEES)))
    pattern = draw(st.lists(trainees(), min_size=1, max_size=4))
    people = tuple((pattern * (count // len(pattern) + 1))[:count])
    # The plausible generators draw dates a few years around the action: keep them in range.
    requests = draw(scheme_requests(action)) if _SAFE_FIRST <= start <= end <= _SAFE_LAST else {}
    return Dossier.model_validate(
        {
            "company": company,
            "provider": provider,
            "action": action,
            "trainees": people,
            "submitted_on": draw(_wild_dates()),
            **requests,
        }
    )


def register_type_strategies() -> None:
    """Register the strategies for ``st.from_type(Dossier)`` and friends. Runs when this module
    is imported (directly or through Hypothesis's entry point); calling it again is harmless."""
    st.register_type_strategy(Company, companies())
    st.register_type_strategy(Provider, providers())
    st.register_type_strategy(QualiopiCertificate, qualiopi_certificates())
    st.register_type_strategy(TrainingAction, training_actions())
    st.register_type_strategy(Costs, costs())
    st.register_type_strategy(Trainee, trainees())
    st.register_type_strategy(CpfMobilisation, cpf_mobilisations())
    st.register_type_strategy(Dossier, dossiers())


register_type_strategies()
