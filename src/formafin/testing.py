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

from hypothesis import strategies as st

from formafin.data import idcc_tables, rule_data
from formafin.models import (
    ApprenticeshipContract,
    BranchAgreement,
    Company,
    ContractType,
    Costs,
    CpfActionKind,
    CpfMobilisation,
    Dossier,
    FneRequest,
    OpcoId,
    ProARequest,
    ProfessionalisationContract,
    Provider,
    QualiopiCategory,
    QualiopiCertificate,
    ReconversionRequest,
    Trainee,
    TrainingAction,
)

__all__ = [
    "_hypothesis_setup_hook",
    "companies",
    "costs",
    "cpf_mobilisations",
    "dates_around_changes",
    "dossiers",
    "headcounts",
    "money",
    "providers",
    "qualiopi_certificates",
    "scheme_requests",
    "trainees",
    "training_actions",
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
    """Certificates valid three years, starting around ``around`` (so some have expired)."""
    centre = around or date(2024, 1, 1)
    start = centre + timedelta(days=draw(st.integers(min_value=-1500, max_value=400)))
    categories = draw(
        st.lists(st.sampled_from(list(QualiopiCategory)), min_size=1, max_size=4, unique=True)
    )
    return QualiopiCertificate(
        categories=tuple(categories),
        valid_from=start,
        valid_until=start + timedelta(days=3 * 365 - 1),
    )


@st.composite
def providers(draw: st.DrawFn, around: date | None = None) -> Provider:
    """Providers with and without Qualiopi, expired or for another category, or internal."""
    kind = draw(st.sampled_from(["certified", "certified", "none", "internal"]))
    if kind == "internal":
        return Provider(internal=True)
    if kind == "none":
        return Provider(qualiopi=None)
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
    return TrainingAction(
        title="Formation générée",
        category=category,
        start=start,
        end=start + timedelta(days=days - 1),
        hours=hours,
        costs=draw(costs()),
        certification=draw(st.sampled_from([None, "RNCP35185", "RS5080"])),
        themes=draw(st.sampled_from([(), ("transition_ecologique",)])),
        cpf_kind=draw(st.one_of(st.none(), st.sampled_from(list(CpfActionKind)))),
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


def _around(day: date, low: int, high: int) -> st.SearchStrategy[date]:
    return st.integers(min_value=low, max_value=high).map(lambda n: day + timedelta(days=n))


@st.composite
def scheme_requests(draw: st.DrawFn, action: TrainingAction) -> dict[str, object]:
    """Optional Pro-A, période de reconversion, FNE and alternance requests for ``action``."""
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
                    ),
                )
            ),
        )
    if draw(st.booleans()):
        requests["reconversion"] = ReconversionRequest(
            kind=draw(st.sampled_from(["internal", "external"])),
            period_start=start,
            period_end=end,
            external_agreement_or_decision=draw(st.booleans()),
            opco_cap=draw(st.one_of(st.none(), money(6_000))),
        )
    if draw(st.booleans()):
        requests["fne"] = FneRequest(
            agreement_signed_on=draw(st.one_of(st.none(), _around(start, -60, 30))),
            opco_envelope_rate=draw(st.one_of(st.none(), st.sampled_from([Decimal("0.5")]))),
        )
    if draw(st.booleans()):
        requests["apprenticeship"] = ApprenticeshipContract(
            concluded_on=draw(_around(start, -90, 0)),
            start=start,
            end=max(end, draw(_around(start, 100, 800))),
            certification_level=draw(st.integers(min_value=3, max_value=8)),
            rqth=draw(st.booleans()),
            npec=draw(st.one_of(st.none(), money(15_000))),
            distance_learning_80=draw(st.booleans()),
            sent_to_opco_on=draw(st.one_of(st.none(), _around(start, 0, 15))),
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
        )
    return requests


@st.composite
def dossiers(
    draw: st.DrawFn,
    opco: OpcoId | str | None = None,
    as_of_year: int | None = None,
    schemes: bool = True,
) -> Dossier:
    """Complete dossiers; narrow them with ``opco`` and ``as_of_year``. With ``schemes``,
    some also ask for Pro-A, a période de reconversion, FNE or an alternance contract."""
    action = draw(training_actions(as_of_year=as_of_year))
    submitted = action.start + timedelta(days=draw(st.integers(min_value=-120, max_value=10)))
    requests = draw(scheme_requests(action)) if schemes else {}
    company = draw(companies(opco=opco))
    if "fne" in requests and draw(st.booleans()):
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


def _hypothesis_setup_hook() -> None:
    """Registered under Hypothesis's ``hypothesis`` entry point: ``st.from_type(Dossier)`` and
    friends then draw valid formafin models."""
    st.register_type_strategy(Company, companies())
    st.register_type_strategy(Provider, providers())
    st.register_type_strategy(QualiopiCertificate, qualiopi_certificates())
    st.register_type_strategy(TrainingAction, training_actions())
    st.register_type_strategy(Costs, costs())
    st.register_type_strategy(Trainee, trainees())
    st.register_type_strategy(CpfMobilisation, cpf_mobilisations())
    st.register_type_strategy(Dossier, dossiers())
