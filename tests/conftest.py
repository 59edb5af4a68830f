"""Shared test helpers: Hypothesis profiles and a dossier builder."""

from __future__ import annotations

import copy
import os

# Every estimate made by the tests re-validates itself (see formafin.estimate, strict mode).
os.environ["FORMAFIN_STRICT"] = "1"
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, Phase, settings

from formafin import Dossier

T = TypeVar("T")
R = TypeVar("R")

settings.register_profile(
    "default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# Mutation testing runs the covering tests once per mutant: fewer examples keep it tractable.
# No shrinking either: a killed mutant must fail fast, not spend seconds minimising its example.
settings.register_profile(
    "mutation",
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    database=None,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def ci_examples(count: int) -> int:
    """``count`` examples for the properties that fix their own number (2 000 in every CI
    run), but the mutation profile's few: mutation testing runs them once per mutant."""
    return 12 if os.environ.get("HYPOTHESIS_PROFILE") == "mutation" else count


BASE: dict[str, Any] = {
    "company": {"headcount": "8", "idcc": "1486"},
    "provider": {
        "name": "OF",
        "qualiopi": {
            "categories": ["actions_de_formation"],
            "valid_from": "2024-01-01",
            "valid_until": "2026-12-31",
        },
    },
    "action": {
        "title": "Formation",
        "start": "2026-03-16",
        "end": "2026-03-17",
        "hours": "14",
        "costs": {"pedagogical": "1400.00", "salary": "0", "annex": "0"},
    },
    "trainees": [{}],
    "submitted_on": "2026-02-01",
}


def _merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    result = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merge(result[key], value)
        else:
            result[key] = value
    return result


def dossier_data(*layers: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The base dossier as a dict, with each layer then ``changes`` merged in, deeply."""
    result = BASE
    for layer in (*layers, changes):
        result = _merge(result, layer)
    return result


def make_dossier(*layers: dict[str, Any], **changes: Any) -> Dossier:
    """A valid dossier: 8-employee Atlas company, Qualiopi provider, 2026 training."""
    return Dossier.model_validate(dossier_data(*layers, **changes))


@pytest.fixture
def dossier_factory() -> Any:
    return make_dossier


def data_with_parameter(name: str, kind: str, value: object) -> Any:
    """The shipped rule data with one more parameter ``name`` (one value from 2019, of
    ``kind``; ``None``: no value, explained by a note). Real data, not a stand-in: the
    compiled build checks the types its functions receive."""
    import dataclasses
    from datetime import date

    from formafin.data import rule_data
    from formafin.parameters import Parameter

    data = rule_data()
    item: dict[str, Any] = {
        "start": date(2019, 1, 1),
        "value": value,
        "status": "primary",
        "last_verified_on": date(2026, 1, 1),
        "references": [next(iter(data.references.values()))],
    }
    if value is None:
        item["note"] = "Pas de valeur (paramètre de test)."
    body = {"name": name, "label": "Paramètre de test", "unit": "—", "kind": kind}
    parameter = Parameter.model_validate({**body, "values": [item]})
    return dataclasses.replace(data, parameters={**data.parameters, name: parameter})


def under_switching_threads(function: Callable[[T], R], items: list[T], times: int) -> list[R]:
    """``function`` over ``items`` repeated ``times`` times, by four threads that the
    interpreter switches every microsecond (races show up): the answers, in order."""
    import sys
    from concurrent.futures import ThreadPoolExecutor

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(function, items * times))
    finally:
        sys.setswitchinterval(interval)
