"""Command line: ``formafin estimate FILE.json`` and ``formafin opco IDCC``.

Exit codes: 0 success; 2 invalid input (the validation message names the field); 1 an
unexpected error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from formafin.baremes import Bareme, load_bareme_file
from formafin.errors import FormafinError
from formafin.estimate import estimate_funding
from formafin.models import Dossier
from formafin.money import format_eur
from formafin.result import (
    CostCategory,
    DecisionStatus,
    FundingEstimate,
    OpcoResolution,
    Payer,
    SchemeId,
)
from formafin.rules.opco_resolution import resolve_opco
from formafin.validation import describe_validation_error

__all__ = ["main"]

SCHEME_LABELS = {
    SchemeId.OPCO_PLAN: "Plan de développement des compétences (OPCO)",
    SchemeId.CPF: "Compte personnel de formation",
    SchemeId.PRO_A: "Pro-A",
    SchemeId.PERIODE_RECONVERSION: "Période de reconversion",
    SchemeId.FNE: "FNE-Formation",
    SchemeId.CONTRAT_PRO: "Contrat de professionnalisation",
    SchemeId.APPRENTISSAGE: "Apprentissage",
}
CATEGORY_LABELS = {
    CostCategory.PEDAGOGICAL: "Coûts pédagogiques",
    CostCategory.SALARY: "Rémunération",
    CostCategory.ANNEX: "Frais annexes",
}
PAYER_LABELS = {
    Payer.OPCO: "OPCO",
    Payer.CDC: "Caisse des dépôts",
    Payer.STATE: "État",
    Payer.EMPLOYER: "Employeur",
    Payer.TRAINEE: "Stagiaire",
    Payer.OTHER: "Autre",
}
SHORT_SCHEME_LABELS = {
    SchemeId.OPCO_PLAN: "Plan (OPCO)",
    SchemeId.CPF: "CPF",
    SchemeId.PRO_A: "Pro-A",
    SchemeId.PERIODE_RECONVERSION: "Période de reconversion",
    SchemeId.FNE: "FNE-Formation",
    SchemeId.CONTRAT_PRO: "Contrat de pro.",
    SchemeId.APPRENTISSAGE: "Apprentissage",
}
STATUS_LABELS = {
    DecisionStatus.ELIGIBLE: "éligible",
    DecisionStatus.INELIGIBLE: "non éligible",
    DecisionStatus.NEEDS_INPUT: "donnée manquante",
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``formafin`` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    out = sys.stdout
    try:
        if args.command == "estimate":
            return _estimate(args, out)
        if args.command == "case":
            return _case(args, out)
        if args.command == "check":
            return _check(args, out)
        if args.command == "batch":
            return _batch(args, out)
        if args.command == "coverage":
            from formafin.coverage import print_coverage  # lazy: only this command needs it

            return print_coverage(args.year, as_json=args.json, out=out)
        return _opco(args, out)
    except ValidationError as error:
        print(f"Données invalides :\n{describe_validation_error(error)}", file=sys.stderr)
        return 2
    except (FormafinError, OSError, json.JSONDecodeError) as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="formafin",
        description="Financement de la formation professionnelle : qui paie, combien, et pourquoi.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    estimate = sub.add_parser("estimate", help="estimer le financement d'un dossier JSON")
    estimate.add_argument("file", type=Path, help="dossier au format JSON")
    estimate.add_argument("--json", action="store_true", help="sortie JSON pour les machines")
    estimate.add_argument(
        "--as-of", type=date.fromisoformat, default=None, help="date des règles (AAAA-MM-JJ)"
    )
    estimate.add_argument(
        "--bareme",
        default=None,
        help="identifiant d'un barème livré, ou fichier TOML/JSON d'un barème fourni",
    )
    batch = sub.add_parser("batch", help="estimer un fichier JSON lines (un dossier par ligne)")
    batch.add_argument("file", type=Path, help="fichier JSON lines ; « - » pour l'entrée standard")
    batch.add_argument("--processes", type=int, default=1, help="processus de calcul")
    batch.add_argument(
        "--as-of", type=date.fromisoformat, default=None, help="date des règles (AAAA-MM-JJ)"
    )
    check = sub.add_parser("check", help="vérifier un dossier avant envoi (sortie 1 si bloquant)")
    check.add_argument("file", type=Path, help="dossier au format JSON")
    check.add_argument("--json", action="store_true", help="sortie JSON")
    check.add_argument(
        "--as-of", type=date.fromisoformat, default=None, help="date des règles (AAAA-MM-JJ)"
    )
    case = sub.add_parser(
        "case", help="transformer un dossier et son résultat en cas de test (YAML) à relire"
    )
    case.add_argument("file", type=Path, help="dossier au format JSON")
    case.add_argument("--name", default=None, help="nom du cas")
    case.add_argument(
        "--as-of", type=date.fromisoformat, default=None, help="date des règles (AAAA-MM-JJ)"
    )
    coverage = sub.add_parser(
        "coverage", help="part des établissements couverts par un barème, par OPCO et par année"
    )
    coverage.add_argument("--year", type=int, default=None, help="une seule année (AAAA)")
    coverage.add_argument("--json", action="store_true", help="sortie JSON pour les machines")
    opco = sub.add_parser("opco", help="trouver l'OPCO d'une convention collective")
    opco.add_argument("idcc", nargs="?", default=None, help="code IDCC (4 chiffres)")
    opco.add_argument("--naf", default=None, help="code NAF (ex. 62.02A)")
    opco.add_argument("--json", action="store_true", help="sortie JSON")
    return parser


def _estimate(args: argparse.Namespace, out: TextIO) -> int:
    dossier = Dossier.model_validate_json(args.file.read_text(encoding="utf-8"))
    bareme: Bareme | str | None = args.bareme
    if args.bareme is not None and Path(args.bareme).is_file():
        loaded = load_bareme_file(args.bareme)
        if len(loaded) != 1:
            raise FormafinError(f"{args.bareme} : un seul barème attendu, {len(loaded)} trouvés")
        bareme = loaded[0]
    estimate = estimate_funding(dossier, as_of=args.as_of, bareme=bareme)
    if args.json:
        out.write(estimate.model_dump_json(indent=2) + "\n")
    else:
        out.write(render_estimate(estimate, dossier))
    return 0


def golden_case(
    dossier: Dossier, estimate: FundingEstimate, name: str, as_of: date | None = None
) -> dict[str, object]:
    """A golden-case draft (the format of ``tests/cases``) from a dossier and its result.

    The expectations are formafin's current answer: an expert must check each one against
    the texts and write where it comes from in ``description`` before committing the case.
    """
    case: dict[str, object] = {
        "name": name,
        "description": "À RELIRE : indiquez la source de chaque montant attendu.",
    }
    if as_of is not None:
        case["as_of"] = as_of.isoformat()
    case["dossier"] = dossier.model_dump(mode="json", exclude_defaults=True)
    expect: dict[str, object] = {
        "decisions": {
            d.scheme.value: {"status": d.status.value, "reasons": [r.code for r in d.reasons]}
            for d in estimate.decisions
        },
        "lines": [
            {
                "scheme": x.scheme.value,
                "category": x.category.value,
                "payer": x.payer.value,
                "amount": str(x.amount),
            }
            for x in estimate.lines
            if x.amount > 0
        ],
        "remaining_cost": str(estimate.remaining_cost),
        "remaining_trainee": str(estimate.remaining_trainee),
        "references": sorted({ref.id for d in estimate.decisions for ref in d.references}),
    }
    case["expect"] = expect
    return case


def _case(args: argparse.Namespace, out: TextIO) -> int:
    dossier = Dossier.model_validate_json(args.file.read_text(encoding="utf-8"))
    estimate = estimate_funding(dossier, as_of=args.as_of)
    case = golden_case(dossier, estimate, args.name or args.file.stem, args.as_of)
    try:
        import yaml
    except ImportError:  # JSON is valid YAML
        out.write(json.dumps(case, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(yaml.safe_dump(case, allow_unicode=True, sort_keys=False))
    return 0


_SEVERITY_MARKS = {"blocking": "✘ BLOQUANT", "warning": "! attention", "info": "i info"}


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from formafin.readiness import check_dossier

    dossier = Dossier.model_validate_json(args.file.read_text(encoding="utf-8"))
    result = check_dossier(dossier, as_of=args.as_of)
    if args.json:
        out.write(
            json.dumps(
                {
                    "ready": result.ready,
                    "findings": [f.model_dump(mode="json") for f in result.findings],
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    else:
        out.write(f"Vérification du dossier — {dossier.action.title}\n")
        if not result.findings:
            out.write("Aucun constat.\n")
        for finding in result.findings:
            scheme = f" [{SHORT_SCHEME_LABELS[finding.scheme]}]" if finding.scheme else ""
            out.write(
                f"{_SEVERITY_MARKS[finding.severity.value]}{scheme} {finding.code} — "
                f"{finding.message}\n"
            )
        verdict = (
            "prêt à envoyer" if result.ready else f"{len(result.blocking)} point(s) bloquant(s)"
        )
        out.write(f"\nRésultat : {verdict}.\n")
    return 0 if result.ready else 1


def _batch(args: argparse.Namespace, out: TextIO) -> int:
    from formafin.batch import estimate_many

    handle = sys.stdin if str(args.file) == "-" else args.file.open(encoding="utf-8")
    with handle:
        lines = (line for line in handle if line.strip())
        for result in estimate_many(
            lines, as_of=args.as_of, processes=args.processes, as_json=True
        ):
            out.write(f"{result}\n")
    return 0


def _opco(args: argparse.Namespace, out: TextIO) -> int:
    if args.idcc is None and args.naf is None:
        raise FormafinError("indiquez un IDCC ou --naf")
    resolution = resolve_opco(args.idcc, naf=args.naf)
    if args.json:
        out.write(resolution.model_dump_json(indent=2) + "\n")
    else:
        out.write(render_resolution(resolution))
    return 0


def render_resolution(resolution: OpcoResolution) -> str:
    """French text for an OPCO resolution."""
    lines = [f"OPCO : {resolution.opco.value if resolution.opco else 'à préciser'}"]
    if resolution.idcc_title:
        lines.append(f"Convention : {resolution.idcc_title}")
    lines.append(
        f"Méthode : {resolution.method.value} ({'sûr' if resolution.certain else 'incertain'})"
    )
    for candidate in resolution.candidates:
        share = f" — {candidate.share * 100:.1f} %" if candidate.share is not None else ""
        lines.append(f"  candidat : {candidate.opco.value}{share}".replace(".", ","))
    lines.append(resolution.message)
    lines.extend(f"! {notice.message}" for notice in resolution.notices)
    return "\n".join(lines) + "\n"


def render_estimate(estimate: FundingEstimate, dossier: Dossier) -> str:
    """A readable French table of an estimate."""
    out: list[str] = []
    out.append(f"Estimation du financement — {dossier.action.title}")
    opco = estimate.opco
    opco_text = opco.opco.value if opco and opco.opco else "à préciser"
    idcc_text = f" (IDCC {opco.idcc})" if opco and opco.idcc else ""
    out.append(
        f"Règles {estimate.ruleset_version} au {estimate.as_of:%d/%m/%Y} · OPCO : {opco_text}"
        f"{idcc_text} · {len(dossier.trainees)} stagiaire(s), {dossier.action.hours} h"
    )
    out.append("")
    header = f"{'Dispositif':<24} {'Catégorie':<20} {'Financeur':<18} {'Montant':>14}"
    label_width = len(header) - 15
    out.append(header)
    out.append("-" * len(header))
    for line in estimate.lines:
        text = (
            f"{SHORT_SCHEME_LABELS[line.scheme]:<24} {CATEGORY_LABELS[line.category]:<20} "
            f"{PAYER_LABELS[line.payer]:<18} {format_eur(line.amount):>14}"
        )
        if line.range is not None:
            text += f"  indicatif : {format_eur(line.range.low)} à {format_eur(line.range.high)}"
        out.append(text)
    if not estimate.lines:
        out.append("(aucun financement)")
    out.append("-" * len(header))
    for label, amount in (
        ("Coût total", estimate.total_cost),
        ("Total financé", estimate.total_funded),
        ("Reste à charge", estimate.remaining_cost),
    ):
        out.append(f"{label:<{label_width}} {format_eur(amount):>14}")
    out.append(
        f"  dont employeur {format_eur(estimate.remaining_employer)}, "
        f"dont stagiaire {format_eur(estimate.remaining_trainee)}"
    )
    if estimate.remaining_cost_range is not None:
        rng = estimate.remaining_cost_range
        out.append(f"  fourchette indicative : {format_eur(rng.low)} à {format_eur(rng.high)}")
    if estimate.aids:
        out.append("")
        out.append("Aides à l'employeur (hors coût de la formation)")
        for aid in estimate.aids:
            if aid.eligible:
                out.append(f"  • {aid.label} : {format_eur(aid.amount)} — {aid.basis}")
            else:
                out.append(f"  • {aid.label} : non due")
                out.extend(f"      {r.code} — {r.message}" for r in aid.reasons)
    out.append("")
    out.append("Pourquoi")
    for line in estimate.lines:
        out.append(
            f"  • {SCHEME_LABELS[line.scheme]} — {CATEGORY_LABELS[line.category]} : {line.basis}"
        )
        out.append(f"    {line.explanation}")
    for decision in estimate.decisions:
        mark = "✔" if decision.eligible else "✘"
        out.append(f"  {mark} {SCHEME_LABELS[decision.scheme]} : {STATUS_LABELS[decision.status]}")
        for reason in decision.reasons:
            sources = ", ".join(ref.id for ref in reason.references)
            out.append(f"      {reason.code} — {reason.message}")
            if sources:
                out.append(f"        ({sources})")
        if decision.eligible:
            for check in decision.checks:
                out.append(f"      ✓ {check.message}")
        refs = ", ".join(ref.id for ref in decision.references)
        out.append(f"      Sources : {refs}")
    if estimate.warnings:
        out.append("")
        out.append("Avertissements")
        out.extend(f"  ! {notice.message}" for notice in estimate.warnings)
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
