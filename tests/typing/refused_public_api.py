"""Code that must NOT type-check: each line marked ``# E: <code>`` is an error mypy reports
(``tests/test_typing.py`` compares mypy's output with these marks). Never called."""

from __future__ import annotations

from datetime import date

from formafin import Company, Costs, Trainee, TrainingAction


def refused() -> None:
    Costs(pedagogical=1800.5)  # E: arg-type
    Costs(pedagogic=1800)  # E: call-arg
    Company(headcount=8, opco="opca_inconnu")  # E: arg-type
    Trainee(contract="stagiaire")  # E: arg-type
    TrainingAction(  # E: call-arg
        title="x",
        start=date(2026, 1, 1),
        end=date(2026, 1, 2),
        costs=Costs(),
    )
