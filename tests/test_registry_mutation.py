"""The registry from a cold start: loading shipped rules, finding third-party ones.

The shipped rules and the plugins are loaded once per process and kept; these tests empty
those caches first (``monkeypatch``), so that the loading itself runs under test, and check
the discovery of entry points on real ``*.dist-info`` folders (docs/write-a-rule.md).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from formafin import Dossier, PluginError, RuleContext, SchemeOutcome, shipped_rules
from formafin.rules import registry

from .conftest import make_dossier

GROUP = "formafin.rules"


@dataclass(frozen=True)
class Plain:
    """The smallest object that satisfies the Rule protocol."""

    scheme: str
    name: str = "L'aide de test"

    def requested(self, dossier: Dossier) -> bool:
        return True

    def evaluate(self, context: RuleContext) -> SchemeOutcome | None:
        return None


ALPHA = Plain("test.alpha")
BETA = Plain("test.beta")
BAD_ID = Plain("opco_plan")
NOT_A_RULE = object()


@pytest.fixture
def cold(monkeypatch: pytest.MonkeyPatch) -> None:
    """No rule loaded yet in this process."""
    monkeypatch.setattr(registry, "_loaded", {})
    monkeypatch.setattr(registry, "_SHIPPED_RULES", [])
    monkeypatch.setattr(registry, "_plugins", [])


def _module_rule(target: str) -> object:
    """The object a ``module:attribute`` target names, imported here."""
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)


# --- shipped rules ---------------------------------------------------------------------


def test_a_shipped_rule_is_imported_once_then_kept(
    cold: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[tuple[str, str]] = []
    real = registry._load

    def counting(target: str, origin: str) -> object:
        loads.append((target, origin))
        return real(target, origin)

    monkeypatch.setattr(registry, "_load", counting)
    rule = registry.shipped_rule("cpf")
    assert rule is _module_rule("formafin.rules.cpf:RULE")
    assert registry.shipped_rule("cpf") is rule
    assert loads == [("formafin.rules.cpf:RULE", "formafin")]  # one import, one origin
    assert registry._loaded == {"cpf": rule}


def test_an_unknown_shipped_scheme_is_a_key_error_naming_it(cold: None) -> None:
    with pytest.raises(KeyError) as raised:
        registry.shipped_rule("inconnu")
    assert raised.value.args == ("inconnu",)
    assert registry._loaded == {}


def test_a_shipped_target_that_cannot_be_imported_names_formafin(
    cold: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry, "SHIPPED", {"cpf": "formafin.rules.absente:RULE"})
    with pytest.raises(PluginError, match=r"^formafin : règle introuvable \(formafin\.rules"):
        registry.shipped_rule("cpf")


def test_shipped_rules_from_a_cold_start(cold: None) -> None:
    rules = registry.shipped_rules()
    # Every scheme of SHIPPED, in its order (the order decisions are shown).
    assert [str(rule.scheme) for rule in rules] == list(registry.SHIPPED)
    for rule in rules:
        scheme = str(rule.scheme)
        if scheme in registry.REQUESTED_BY:  # on request only: a light proxy
            assert repr(rule) == f"<règle {scheme}, chargée à la demande>"
        else:  # always decided: the module's RULE itself
            assert rule is _module_rule(registry.SHIPPED[scheme])
    assert {"pro_a", "fne"} <= set(registry.REQUESTED_BY)  # both kinds are checked above
    assert {"opco_plan", "cpf"} <= set(registry.SHIPPED) - set(registry.REQUESTED_BY)
    assert registry.shipped_rules() is rules  # built once


def test_on_demand_rules_are_requested_by_their_fields(cold: None) -> None:
    by_scheme = {str(rule.scheme): rule for rule in registry.shipped_rules()}
    plain = make_dossier()
    pro_a = make_dossier(
        pro_a={
            "avenant_signed_on": "2026-01-12",
            "period_start": "2026-01-19",
            "period_end": "2026-06-30",
        },
    )
    assert not by_scheme["pro_a"].requested(plain)
    assert not by_scheme["periode_reconversion"].requested(plain)
    # REQUESTED_BY: a Pro-A request also asks for the période de reconversion (its successor).
    assert by_scheme["pro_a"].requested(pro_a)
    assert by_scheme["periode_reconversion"].requested(pro_a)
    assert not by_scheme["fne"].requested(pro_a)


# --- _load -----------------------------------------------------------------------------


def test_an_object_that_is_not_a_rule_is_refused_with_what_a_rule_needs() -> None:
    target = f"{__name__}:NOT_A_RULE"
    with pytest.raises(PluginError) as raised:
        registry._load(target, "origine")
    assert str(raised.value) == (
        f"origine : {target} n'est pas une règle (attributs scheme et name, méthodes "
        "requested et evaluate attendus)"
    )


# --- _mentions_group -------------------------------------------------------------------


def _dist(folder: Path, name: str, entry_points: str | None) -> None:
    info = folder / name
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name.split('-')[0]}\n")
    if entry_points is not None:
        (info / "entry_points.txt").write_text(entry_points)


PLUGIN = f"[{GROUP}]\nalpha = {__name__}:ALPHA\n"
OTHER = "[console_scripts]\noutil = paquet:main\n"


def _listing(reverse: bool) -> Callable[[str], list[os.DirEntry[str]]]:
    """``os.scandir`` listing its entries sorted by name (or reversed): the answer must not
    depend on the order a file system lists them."""
    real = os.scandir

    def scandir(path: str) -> list[os.DirEntry[str]]:
        with real(path) as entries:
            return sorted(entries, key=lambda entry: entry.name, reverse=reverse)

    return scandir


@pytest.mark.parametrize("reverse", [False, True])
def test_the_group_is_found_in_a_dist_info_whatever_else_the_folder_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reverse: bool
) -> None:
    monkeypatch.setattr(os, "scandir", _listing(reverse))
    _dist(tmp_path, "a_sans-1.0.dist-info", None)  # no entry_points.txt
    (tmp_path / "b_dossier").mkdir()  # not a distribution
    _dist(tmp_path, "c_plugin-1.0.dist-info", PLUGIN)
    _dist(tmp_path, "d_autre-1.0.dist-info", OTHER)
    assert registry._mentions_group([str(tmp_path)])


@pytest.mark.parametrize("suffix", [".dist-info", ".egg-info"])
def test_both_metadata_folder_kinds_are_read(tmp_path: Path, suffix: str) -> None:
    _dist(tmp_path, f"plugin-1.0{suffix}", PLUGIN)
    assert registry._mentions_group([str(tmp_path)])


def test_no_mention_of_the_group_is_no_plugin(tmp_path: Path) -> None:
    _dist(tmp_path, "autre-1.0.dist-info", OTHER)
    _dist(tmp_path, "sans-1.0.dist-info", None)
    (tmp_path / "pas_une_distribution").mkdir()
    (tmp_path / "pas_une_distribution" / "entry_points.txt").write_text(PLUGIN)
    assert not registry._mentions_group([str(tmp_path)])
    assert not registry._mentions_group([])


def test_a_missing_folder_is_skipped(tmp_path: Path) -> None:
    _dist(tmp_path / "ok", "plugin-1.0.dist-info", PLUGIN)
    assert registry._mentions_group([str(tmp_path / "absent"), str(tmp_path / "ok")])


def test_an_empty_path_entry_is_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dist(tmp_path, "plugin-1.0.dist-info", PLUGIN)
    monkeypatch.chdir(tmp_path)
    assert registry._mentions_group([""])
    monkeypatch.chdir(tmp_path.parent)
    assert not registry._mentions_group([""])


# --- entry_points and discovery --------------------------------------------------------


def test_entry_points_are_read_from_the_distributions_on_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dist(tmp_path, "plugin_demo-1.0.dist-info", PLUGIN)
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    (point,) = registry.entry_points(group=GROUP)
    assert (point.name, point.value) == ("alpha", f"{__name__}:ALPHA")


def test_no_distribution_mentions_the_group_no_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dist(tmp_path, "autre-1.0.dist-info", OTHER)
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert registry.entry_points(group=GROUP) == ()


def _points(monkeypatch: pytest.MonkeyPatch, *points: tuple[str, str]) -> None:
    found = tuple(EntryPoint(name, value, GROUP) for name, value in points)
    monkeypatch.setattr(registry, "entry_points", lambda *, group: found)


def test_plugins_are_loaded_sorted_by_entry_point_name(
    cold: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _points(monkeypatch, ("b", f"{__name__}:ALPHA"), ("a", f"{__name__}:BETA"))
    assert registry.plugin_rules() == (BETA, ALPHA)  # « a » then « b »
    assert registry.installed_rules() == (*shipped_rules(), BETA, ALPHA)


def test_a_plugin_that_cannot_be_found_names_its_entry_point(
    cold: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _points(monkeypatch, ("mauvais", f"{__name__}:ABSENT"))
    with pytest.raises(PluginError) as raised:
        registry.plugin_rules()
    assert str(raised.value).startswith(
        f"point d'entrée formafin.rules « mauvais » : règle introuvable ({__name__}:ABSENT)"
    )


def test_a_plugin_with_a_shipped_scheme_id_is_refused(
    cold: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _points(monkeypatch, ("mauvais", f"{__name__}:BAD_ID"))
    with pytest.raises(PluginError) as raised:
        registry.plugin_rules()
    assert str(raised.value) == (
        "point d'entrée « mauvais » : identifiant de dispositif 'opco_plan' invalide "
        "(forme attendue : editeur.nom, en minuscules)"
    )


def test_two_plugins_for_one_scheme_are_refused(
    cold: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _points(monkeypatch, ("a", f"{__name__}:ALPHA"), ("b", f"{__name__}:ALPHA"))
    with pytest.raises(PluginError) as raised:
        registry.plugin_rules()
    assert str(raised.value) == "point d'entrée « b » : dispositif « test.alpha » en double"
