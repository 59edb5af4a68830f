"""Build script: pure Python by default; ``FORMAFIN_COMPILE=1`` compiles the modules of an
estimate's hot path with mypyc (see ``build_backend/formafin_build.py`` and
``docs/performance.md``). The project's metadata is in ``pyproject.toml``."""

from __future__ import annotations

import os

from setuptools import setup

COMPILED = [
    # The orchestrator, the pipeline, the facts and the rules, with what they call on every
    # estimate, and what a JSON line goes through before (the strict JSON reader, the
    # bounds of the input fields, the identifiers' validators). Not compiled: the modules
    # that define pydantic models (models, result, sources, parameters, baremes, the data
    # loader, batch), the rule Protocol (rules/base), the registry and the OPCO resolution
    # (the tests replace parts of them), CLI and server (they do not weigh on an estimate).
    # A compiled dataclass needs the classes its fields are typed with at run time (not
    # only under TYPE_CHECKING): RuleContext stays in Python, because its RuleData field
    # would make `import formafin` load the data modules (an estimate does it on first use).
    "estimate",
    "pipeline",
    "facts",
    "identifiers",
    "dates",
    "money",
    "limits",
    "bounds",
    "catalogue",
    "jsonin",
    "lookup",
    "data/rules",
    "rules/aif",
    "rules/allocation",
    "rules/apprenticeship",
    "rules/apprenticeship_aid",
    "rules/bareme_selection",
    "rules/co_funder",
    "rules/common",
    "rules/contrat_pro",
    "rules/cpf",
    "rules/fne",
    "rules/fse_plus",
    "rules/on_demand",
    "rules/opco_50_299",
    "rules/opco_plan",
    "rules/outcome",
    "rules/pcrh",
    "rules/plan_notices",
    "rules/pro_a",
    "rules/qualiopi",
    "rules/reconversion",
]

if os.environ.get("FORMAFIN_COMPILE") == "1" and not os.environ.get("FORMAFIN_BUILD_REQUIRES_ONLY"):
    from mypyc.build import mypycify

    setup(ext_modules=mypycify([f"src/formafin/{name}.py" for name in COMPILED], opt_level="3"))
else:
    setup()
