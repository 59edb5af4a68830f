"""mkdocs hook: render formafin's data (parameters, barèmes, IDCC coverage) into the pages.

A page writes ``<!-- formafin:parameters plan -->`` (a parameter-file prefix),
``<!-- formafin:baremes atlas -->``, ``<!-- formafin:opco-summary atlas -->``,
``<!-- formafin:idcc-coverage -->`` or ``<!-- formafin:bareme-coverage -->`` and gets a table built
from the shipped data, so the docs show exactly the figures, dates and sources the code uses.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from formafin.baremes import Bareme, BaremeKind
from formafin.data import idcc_tables, rule_data
from formafin.parameters import ParameterValue
from formafin.sources import Reference

_MARKER = re.compile(r"<!-- formafin:([a-z\-]+)(?: ([a-z0-9_]+))? -->")
# Anything that looks like a marker, matched or not: none may be left in a rendered page.
_ANY_MARKER = re.compile(r"<!--\s*formafin:[^>]*-->")


def _ref(ref: Reference) -> str:
    text = ref.id + (f" — {ref.title}" if ref.title else "")
    return f"[{text}]({ref.url})" if ref.url else text


def _value(value: ParameterValue) -> str:
    raw = value.value
    if raw is None:
        return "—"
    if isinstance(raw, tuple):
        return ", ".join(f"`{item}`" for item in raw)
    if isinstance(raw, bool):
        return "oui" if raw else "non"
    return str(raw).replace(".", ",")


def _parameters(prefix: str) -> str:
    data = rule_data()
    out = []
    for name, parameter in sorted(data.parameters.items()):
        if not name.startswith(prefix + "."):
            continue
        out.append(f"#### {parameter.label}\n\n`{name}` ({parameter.unit})\n")
        out.append("| du | au | valeur | statut | sources | note |")
        out.append("|---|---|---|---|---|---|")
        for value in parameter.values:
            until = value.until.isoformat() if value.until else "en vigueur"
            refs = "<br>".join(_ref(r) for r in value.references)
            out.append(
                f"| {value.start.isoformat()} | {until} | {_value(value)} | {value.status.value} "
                f"| {refs} | {value.note or ''} |"
            )
        out.append("")
    return "\n".join(out)


def _money(amount: Decimal | None) -> str:
    return "inconnu" if amount is None else f"{amount:,.2f} €".replace(",", " ").replace(".", ",")


def _bareme(bareme: Bareme) -> str:
    out = [f"### `{bareme.id}` — {bareme.branch}\n"]
    dates = (
        f"du {bareme.valid_from} au {bareme.valid_until}"
        if bareme.valid_from and bareme.valid_until
        else "non daté"
    )
    out.append(
        f"- **Période** : {dates} · **statut** : {bareme.status.value} · "
        f"**sélection** : {bareme.scope.value}"
    )
    if bareme.kind is BaremeKind.PLAN_50_299:
        out.append(
            "- **Dispositif** : enveloppe des entreprises de 50 à 299 salariés (fonds "
            "conventionnels ou volontaires, L6332-1-2)"
        )
    if bareme.idcc:
        out.append(f"- **IDCC** : {', '.join(bareme.idcc)}")
    if bareme.min_action_hours:
        out.append(f"- **Durée minimale** : {bareme.min_action_hours} h")
    for rule in bareme.pedagogical:
        out.append(f"- **Pédagogie** : {rule.label} — {_money(rule.amount)}")
    if bareme.pedagogical_at_actual_cost:
        out.append("- **Pédagogie** : au réel, sans plafond horaire")
    if bareme.pedagogical_share is not None:
        share = f"{bareme.pedagogical_share * 100:g}".replace(".", ",")
        out.append(f"- **Part prise en charge** : {share} % des coûts pédagogiques")
    if bareme.annual_cap_is_floor:
        out.append(
            "- **Plafond annuel** : minimum garanti, davantage selon la contribution "
            "conventionnelle de l'entreprise"
        )
    for band in bareme.annual_caps:
        top = f"< {band.max_headcount}" if band.max_headcount is not None else "et plus"
        out.append(
            f"- **Plafond annuel** {band.min_headcount} {top} salariés : {_money(band.amount)}"
        )
    for band in bareme.salary:
        top = f"< {band.max_headcount}" if band.max_headcount is not None else "et plus"
        out.append(f"- **Salaires** {band.min_headcount} {top} salariés : {_money(band.amount)}/h")
    if not bareme.salary:
        out.append("- **Salaires** : non pris en charge")
    annex = {True: "pris en charge", False: "non pris en charge", None: "règle inconnue"}
    out.append(f"- **Frais annexes** : {annex[bareme.annex.funded]}")
    if bareme.out_of_cap_themes:
        out.append(f"- **Hors plafond** : {', '.join(bareme.out_of_cap_themes)}")
    for note in bareme.notes:
        out.append(f"- *{note}*")
    for scoped in bareme.size_notes:
        top = f"< {scoped.max_headcount}" if scoped.max_headcount is not None else "et plus"
        out.append(f"- *{scoped.text}* (entreprises de {scoped.min_headcount} {top} salariés)")
    out.append("- **Sources** : " + " ; ".join(_ref(r) for r in bareme.references))
    return "\n".join(out) + "\n"


def _baremes(opco: str) -> str:
    data = rule_data()
    found = sorted((b for b in data.baremes.values() if b.opco.value == opco), key=lambda b: b.id)
    if not found:
        return (
            '!!! note "Aucun barème encodé"\n'
            "    formafin ne connaît aucun barème publié de cet OPCO pour le plan des moins de "
            "50 salariés : ses estimations sont indicatives. Passez le barème de votre branche "
            "pour un calcul exact.\n"
        )
    return "\n".join(_bareme(bareme) for bareme in found)


def _opco_summary(opco: str) -> str:
    tables = idcc_tables()
    row = next(r for r in _opco_rows() if r["id"] == opco)
    count = sum(
        1
        for group in tables.by_idcc.values()
        if next(r for r in group if r.primary).opco.value == opco
    )
    return (
        f"**{row['official_name']}** — {row['sectors']}\n\n"
        f"Site : <{row['website']}> · {count} IDCC majoritairement rattachés (SIRO 2026-08).\n"
    )


def _opco_rows() -> list[dict[str, str]]:
    import csv
    from importlib import resources

    text = resources.files("formafin.data").joinpath("idcc", "opcos.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _idcc_coverage() -> str:
    tables = idcc_tables()
    rows = [row for group in tables.by_idcc.values() for row in group]
    split = [idcc for idcc, group in tables.by_idcc.items() if len({r.opco for r in group}) > 1]
    establishments = sum(row.establishments for row in rows)
    split_establishments = sum(row.establishments for idcc in split for row in tables.by_idcc[idcc])
    per_opco: dict[str, tuple[int, int]] = {}
    for group in tables.by_idcc.values():
        primary = next(r for r in group if r.primary)
        count, est = per_opco.get(primary.opco.value, (0, 0))
        per_opco[primary.opco.value] = (count + 1, est + sum(r.establishments for r in group))
    out = [
        "| mesure | valeur |",
        "|---|---|",
        f"| IDCC dans la table | {len(tables.by_idcc)} |",
        f"| établissements SIRO couverts | {establishments:,} |".replace(",", " "),
        f"| IDCC partagés entre OPCO (choix requis) | {len(split)} "
        f"({split_establishments:,} établissements) |".replace(",", " "),
        f"| IDCC remplacés (fusions) | {len(tables.replacements)} |",
        f"| codes d'échappement | {', '.join(sorted(tables.escape_codes))} |",
        f"| préfixes NAF indicatifs | {len(tables.naf_hints)} |",
        "",
        "| OPCO | IDCC (majoritaires) | établissements |",
        "|---|---|---|",
    ]
    for opco, (count, est) in sorted(per_opco.items()):
        out.append(f"| {opco} | {count} | {est:,} |".replace(",", " "))
    return "\n".join(out) + "\n"


def _pct(value: Decimal) -> str:
    return f"{value} %".replace(".", ",")


def _bareme_coverage() -> str:
    from formafin.coverage import REFERENCE_DAY, CoverageStatus, coverage_report

    report = coverage_report()
    out = [
        f"Calculé au {REFERENCE_DAY[1]:02d}/{REFERENCE_DAY[0]:02d} de chaque année, sur "
        + f"{report.years[0].total.establishments:,}".replace(",", " ")
        + " établissements SIRO.\n",
        "| année | barème en vigueur | au moins un dernier barème connu | aucun |",
        "|---|---|---|---|",
    ]
    for item in report.years:
        total = item.total
        out.append(
            f"| {item.year} | {_pct(total.percent(total.exact))} "
            f"| {_pct(total.percent(total.at_least_fallback))} "
            f"| {_pct(total.percent(total.none))} |"
        )
    for item in report.years:
        out += [
            f"\n### {item.year}\n",
            "| OPCO | établissements | barème en vigueur | dernier connu seulement | aucun |",
            "|---|---|---|---|---|",
        ]
        for opco, count in item.by_opco:
            out.append(
                f"| {opco.value} | {count.establishments:,} ".replace(",", " ")
                + f"| {_pct(count.percent(count.exact))} | {_pct(count.percent(count.fallback))} "
                f"| {_pct(count.percent(count.none))} |"
            )
        out += [
            "\nPlus grandes branches sans barème en vigueur :\n",
            "| IDCC | OPCO | établissements | situation | convention |",
            "|---|---|---|---|---|",
        ]
        for branch in item.top_uncovered:
            kind = (
                f"dernier connu : `{branch.bareme_id}`"
                if branch.status is CoverageStatus.FALLBACK
                else "aucun barème"
            )
            out.append(
                f"| {branch.idcc} | {branch.opco.value} | {branch.establishments:,} ".replace(
                    ",", " "
                )
                + f"| {kind} | {branch.title or ''} |"
            )
    return "\n".join(out) + "\n"


def on_page_markdown(markdown: str, **_: Any) -> str:
    """Replace the formafin markers of a page with tables built from the data."""

    def render(match: re.Match[str]) -> str:
        kind, arg = match.group(1), match.group(2)
        if kind == "parameters" and arg:
            return _parameters(arg)
        if kind == "baremes" and arg:
            return _baremes(arg)
        if kind == "opco-summary" and arg:
            return _opco_summary(arg)
        if kind == "idcc-coverage":
            return _idcc_coverage()
        if kind == "bareme-coverage":
            return _bareme_coverage()
        raise ValueError(f"unknown formafin marker: {match.group(0)}")

    def checked(match: re.Match[str]) -> str:
        text = render(match)
        if not text.strip():
            raise ValueError(f"formafin marker rendered an empty section: {match.group(0)}")
        return text

    rendered = _MARKER.sub(checked, markdown)
    left = _ANY_MARKER.findall(rendered)
    if left:
        raise ValueError(f"formafin markers not rendered (check their spelling): {left}")
    return rendered
