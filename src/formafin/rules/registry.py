"""Which rules exist: the shipped ones, imported only when used, and the third-party ones
registered under the entry-point group ``formafin.rules``.

A third-party package declares, in its ``pyproject.toml``::

    [project.entry-points."formafin.rules"]
    aide_region = "mon_paquet.regles:RULE"

and every :func:`~formafin.estimate_funding` call that does not choose its rules runs it
with the shipped ones, in the funding order (see :mod:`formafin.pipeline`).
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from formafin.errors import FormafinError
from formafin.limits import shown
from formafin.result import EXTERNAL_SCHEME_PATTERN, SchemeId
from formafin.rules.base import Rule
from formafin.rules.on_demand import OnDemand

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint


__all__ = [
    "ENTRY_POINT_GROUP",
    "SHIPPED",
    "PluginError",
    "entry_points",
    "installed_rules",
    "plugin_rules",
    "shipped_rule",
    "shipped_rules",
]

ENTRY_POINT_GROUP = "formafin.rules"

SHIPPED: Mapping[str, str] = MappingProxyType(
    {
        SchemeId.OPCO_PLAN: "formafin.rules.opco_plan:RULE",
        SchemeId.CPF: "formafin.rules.cpf:RULE",
        SchemeId.PRO_A: "formafin.rules.pro_a:RULE",
        SchemeId.PERIODE_RECONVERSION: "formafin.rules.reconversion:RULE",
        SchemeId.APPRENTISSAGE: "formafin.rules.apprenticeship:RULE",
        SchemeId.CONTRAT_PRO: "formafin.rules.contrat_pro:RULE",
        SchemeId.FNE: "formafin.rules.fne:RULE",
        SchemeId.OPCO_50_299: "formafin.rules.opco_50_299:RULE",
        SchemeId.AIF: "formafin.rules.aif:RULE",
        SchemeId.PCRH: "formafin.rules.pcrh:RULE",
        SchemeId.FSE_PLUS: "formafin.rules.fse_plus:RULE",
        SchemeId.CO_FUNDER: "formafin.rules.co_funder:RULE",
    }
)
"""Every shipped scheme and where its rule lives, in the order decisions are shown."""


class PluginError(FormafinError):
    """A rule registered under ``formafin.rules`` cannot be loaded or is not a rule."""


_lock = threading.RLock()
_loaded: dict[str, Rule] = {}
_plugins: list[tuple[Rule, ...]] = []


def _load(target: str, origin: str) -> Rule:
    module_name, _, attribute = target.partition(":")
    try:
        rule = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as error:
        raise PluginError(f"{origin} : règle introuvable ({target}) : {error}") from None
    if not isinstance(rule, Rule):
        raise PluginError(
            f"{origin} : {target} n'est pas une règle (attributs scheme et name, méthodes "
            "requested et evaluate attendus)"
        )
    return rule


def shipped_rule(scheme: str) -> Rule:
    """The shipped rule of ``scheme``, its module imported on first use."""
    rule = _loaded.get(scheme)
    if rule is None:
        target = SHIPPED.get(scheme)
        if target is None:
            raise KeyError(scheme)
        with _lock:
            rule = _loaded.setdefault(scheme, _load(target, "formafin"))
    return rule


REQUESTED_BY: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        SchemeId.PRO_A: ("pro_a",),
        SchemeId.PERIODE_RECONVERSION: ("reconversion", "pro_a"),
        SchemeId.APPRENTISSAGE: ("apprenticeship",),
        SchemeId.CONTRAT_PRO: ("professionalisation",),
        SchemeId.FNE: ("fne",),
        SchemeId.PCRH: ("consulting",),
        SchemeId.FSE_PLUS: ("fse_plus",),
    }
)
"""For shipped schemes evaluated only on request: the dossier fields that ask for them. Their
modules are imported only when a dossier fills one of these fields."""


_SHIPPED_RULES: list[tuple[Rule, ...]] = []


def shipped_rules() -> tuple[Rule, ...]:
    """Every shipped rule, in the order decisions are shown; the schemes evaluated on request
    only (:data:`REQUESTED_BY`) stand as light proxies until a dossier asks for them."""
    if not _SHIPPED_RULES:
        with _lock:
            if not _SHIPPED_RULES:
                _SHIPPED_RULES.append(
                    tuple(
                        OnDemand(SchemeId(scheme), REQUESTED_BY[scheme], shipped_rule)
                        if scheme in REQUESTED_BY
                        else shipped_rule(scheme)
                        for scheme in SHIPPED
                    )
                )
    return _SHIPPED_RULES[0]


def plugin_rules() -> tuple[Rule, ...]:
    """The third-party rules registered under ``formafin.rules``, loaded once.

    Their scheme ids must read ``vendor.name`` (:data:`~formafin.result.
    EXTERNAL_SCHEME_PATTERN`), so that they never take a shipped scheme's place.
    """
    if not _plugins:
        with _lock:
            if not _plugins:
                _plugins.append(_discover())
    return _plugins[0]


def _mentions_group(folders: Iterable[str]) -> bool:
    """Whether an installed distribution may declare a ``formafin.rules`` entry point: a
    quick look at the ``entry_points.txt`` files of ``*.dist-info`` / ``*.egg-info`` folders
    on the path — where :mod:`importlib.metadata` reads them — before paying for its full
    scan (most installations have no plugin)."""
    for folder in folders:
        try:
            entries = list(os.scandir(folder or "."))
        except OSError:
            continue
        for entry in entries:
            if not entry.name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(entry.path, "entry_points.txt"), "rb") as handle:
                    if ENTRY_POINT_GROUP.encode() in handle.read():
                        return True
            except OSError:
                continue
    return False


def entry_points(*, group: str) -> tuple[EntryPoint, ...]:
    """The entry points of ``group`` (:func:`importlib.metadata.entry_points`, imported
    only when a distribution declares one)."""
    if not _mentions_group(sys.path):
        return ()
    from importlib.metadata import entry_points as scan

    return tuple(scan(group=group))


def _discover() -> tuple[Rule, ...]:
    import re

    pattern = re.compile(EXTERNAL_SCHEME_PATTERN)
    rules: list[Rule] = []
    seen: set[str] = set()
    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name):
        rule = _load(point.value, f"point d'entrée {ENTRY_POINT_GROUP} « {point.name} »")
        scheme = str(rule.scheme)
        if not pattern.match(scheme):
            raise PluginError(
                f"point d'entrée « {point.name} » : identifiant de dispositif {shown(scheme)} "
                "invalide (forme attendue : editeur.nom, en minuscules)"
            )
        if scheme in seen:
            raise PluginError(
                f"point d'entrée « {point.name} » : dispositif « {scheme} » en double"
            )
        seen.add(scheme)
        rules.append(rule)
    return tuple(rules)


def installed_rules() -> tuple[Rule, ...]:
    """The shipped rules and the third-party ones: what an estimate runs by default."""
    plugins = plugin_rules()
    return shipped_rules() + plugins if plugins else shipped_rules()
