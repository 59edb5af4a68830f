"""Command line: ``formafin estimate FILE.json``, ``check``, ``batch``, ``case``, ``opco``.

Exit codes (documented in ``docs/reference/cli.md``):

- 0: success (``check``: the dossier is ready);
- 1: ``check`` found blocking points;
- 2: invalid input or invocation (the message names each field and its problem);
- 3: ``batch`` answered every line but refused at least one (see the error records);
- 70: an internal error (a formafin bug): a short French message, no traceback unless
  ``FORMAFIN_DEBUG=1``;
- 130 / 143: interrupted by SIGINT (Ctrl-C) / SIGTERM; the output ends on a whole line.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from types import FrameType
from typing import NoReturn, TextIO

from formafin import __version__
from formafin.baremes import Bareme, load_bareme_file
from formafin.data import idcc_tables
from formafin.errors import FormafinError
from formafin.estimate import estimate_funding
from formafin.limits import MAX_DOSSIER_BYTES, shown
from formafin.models import Dossier
from formafin.money import format_eur
from formafin.result import (
    CostCategory,
    DecisionStatus,
    FundingEstimate,
    FundingLine,
    OpcoResolution,
    Payer,
    SchemeId,
)
from formafin.rules.opco_resolution import resolve_opco
from formafin.validation import FieldError, describe_error

_DEBUG_VARIABLE = "FORMAFIN" + "_DEBUG"  # shows the traceback of an internal error
EXIT_OK = 0
EXIT_BLOCKING = 1
EXIT_INVALID = 2
EXIT_REFUSED_LINES = 3
EXIT_INTERNAL = 70
EXIT_SIGINT = 130
EXIT_SIGTERM = 143

__all__ = ["main"]

SCHEME_LABELS: dict[str, str] = {
    SchemeId.OPCO_PLAN: "Plan de développement des compétences (OPCO)",
    SchemeId.CPF: "Compte personnel de formation",
    SchemeId.PRO_A: "Pro-A",
    SchemeId.PERIODE_RECONVERSION: "Période de reconversion",
    SchemeId.FNE: "FNE-Formation",
    SchemeId.CONTRAT_PRO: "Contrat de professionnalisation",
    SchemeId.APPRENTISSAGE: "Apprentissage",
    SchemeId.OPCO_50_299: "Offre de l'OPCO aux entreprises de 50 à 299 salariés",
    SchemeId.FSE_PLUS: "Fonds social européen plus (FSE+)",
    SchemeId.CO_FUNDER: "Cofinanceur déclaré",
    SchemeId.PCRH: "Prestation de conseil en ressources humaines",
    SchemeId.AIF: "Aide individuelle à la formation (France Travail)",
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
SHORT_SCHEME_LABELS: dict[str, str] = {
    SchemeId.OPCO_PLAN: "Plan (OPCO)",
    SchemeId.CPF: "CPF",
    SchemeId.PRO_A: "Pro-A",
    SchemeId.PERIODE_RECONVERSION: "Période de reconversion",
    SchemeId.FNE: "FNE-Formation",
    SchemeId.CONTRAT_PRO: "Contrat de pro.",
    SchemeId.APPRENTISSAGE: "Apprentissage",
    SchemeId.OPCO_50_299: "OPCO 50-299",
    SchemeId.FSE_PLUS: "FSE+",
    SchemeId.CO_FUNDER: "Cofinanceur",
    SchemeId.PCRH: "PCRH",
    SchemeId.AIF: "AIF",
}


def _label(scheme: str) -> str:
    """The French label of a scheme (a third-party scheme shows its id)."""
    return SCHEME_LABELS.get(scheme, scheme)


def _short(scheme: str) -> str:
    """The short French label of a scheme."""
    return SHORT_SCHEME_LABELS.get(scheme, scheme)


STATUS_LABELS = {
    DecisionStatus.ELIGIBLE: "éligible",
    DecisionStatus.INELIGIBLE: "non éligible",
    DecisionStatus.NEEDS_INPUT: "donnée manquante",
}


class _InterruptedError(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _InterruptedError(EXIT_SIGTERM)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``formafin`` command: returns the exit code (see the module)."""
    args = _parser().parse_args(argv)
    out = sys.stdout
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _COMMANDS[args.command](args, out)
    except (FormafinError, OSError, UnicodeError) as error:  # ValidationError is a ValueError
        return _invalid(error, args)
    except ValueError as error:
        return _invalid(error, args) if _is_validation(error) else _internal(error)
    except KeyboardInterrupt:
        return _interrupted(EXIT_SIGINT, args)
    except _InterruptedError as interruption:
        return _interrupted(interruption.code, args)
    except BrokenPipeError:  # `formafin batch ... | head`: the reader left, stop quietly
        _silence_stdout()
        return EXIT_OK
    except Exception as error:  # no traceback reaches a user
        return _internal(error)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _is_validation(error: Exception) -> bool:
    from pydantic import ValidationError

    return isinstance(error, ValidationError)


def _problems(error: Exception) -> tuple[FieldError, ...]:
    if isinstance(error, OSError) and not isinstance(error, BrokenPipeError):
        return (FieldError(field="", code="file", message=_os_message(error)),)
    if isinstance(error, UnicodeError):
        return (FieldError(field="", code="encoding", message="texte non lisible en UTF-8"),)
    return describe_error(error)


def _os_message(error: OSError) -> str:
    name = shown(str(error.filename)) if error.filename is not None else "le fichier"
    if isinstance(error, FileNotFoundError):
        return f"fichier introuvable : {name}"
    if isinstance(error, PermissionError):
        return f"lecture refusée (droits) : {name}"
    if isinstance(error, IsADirectoryError):
        return f"{name} est un dossier, pas un fichier"
    return f"impossible de lire {name} (erreur système {error.errno})"


def _invalid(error: Exception, args: argparse.Namespace) -> int:
    problems = _problems(error)
    if getattr(args, "json", False):
        payload = {
            "error": {
                "code": "invalid_input",
                "message": "données invalides",
                "errors": [p.model_dump() for p in problems],
            }
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    lines = [f"{p.field} : {p.message}" if p.field else p.message for p in problems]
    print("Données invalides :\n" + "\n".join(lines), file=sys.stderr)
    return EXIT_INVALID


def _internal(error: Exception) -> int:
    if os.environ.get(_DEBUG_VARIABLE) == "1":
        import traceback

        traceback.print_exception(error)
    print(
        f"Erreur interne de formafin ({type(error).__name__}) : merci de la signaler avec le "
        "dossier qui la provoque. FORMAFIN_DEBUG=1 affiche le détail.",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


def _interrupted(code: int, args: argparse.Namespace) -> int:
    answered = getattr(args, "answered", None)
    done = f" : {answered} ligne(s) traitée(s) et écrite(s)" if answered is not None else ""
    print(f"\nInterrompu{done}.", file=sys.stderr)
    return code


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


class _FrenchParser(argparse.ArgumentParser):
    """argparse with its usage errors in French (exit code 2)."""

    _TRANSLATIONS = (
        ("the following arguments are required: ", "arguments obligatoires manquants : "),
        ("unrecognized arguments: ", "arguments inconnus : "),
        ("invalid choice: ", "choix invalide : "),
        ("(choose from ", "(choix possibles : "),
        ("expected one argument", "une valeur attendue"),
        ("invalid fromisoformat value: ", "date invalide (AAAA-MM-JJ attendu) : "),
        ("invalid int value: ", "entier invalide : "),
        ("argument ", "argument "),
    )

    def error(self, message: str) -> NoReturn:
        for english, french in self._TRANSLATIONS:
            message = message.replace(english, french)
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"{self.prog} : erreur : {message}\n")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "usage :", 1)

    def format_help(self) -> str:
        return (
            super()
            .format_help()
            .replace("usage:", "usage :", 1)
            .replace("positional arguments:", "arguments :")
            .replace("options:", "options :")
            .replace("show this help message and exit", "afficher cette aide et quitter")
        )


def _parser() -> argparse.ArgumentParser:
    parser = _FrenchParser(
        prog="formafin",
        description="Financement de la formation professionnelle : qui paie, combien, et pourquoi.",
    )
    parser.add_argument("--version", action="version", version=f"formafin {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_FrenchParser)
    as_of = {"type": date.fromisoformat, "default": None, "help": "date des règles (AAAA-MM-JJ)"}
    estimate = sub.add_parser("estimate", help="estimer le financement d'un dossier JSON")
    estimate.add_argument("file", help="dossier au format JSON ; « - » pour l'entrée standard")
    estimate.add_argument("--json", action="store_true", help="sortie JSON pour les machines")
    estimate.add_argument("--as-of", **as_of)  # type: ignore[arg-type]
    estimate.add_argument(
        "--bareme",
        default=None,
        help="identifiant d'un barème livré, ou fichier TOML/JSON d'un barème fourni",
    )
    batch = sub.add_parser(
        "batch",
        help="estimer un fichier JSON lines (un dossier par ligne) ; sortie 3 si une ligne "
        "est refusée",
    )
    batch.add_argument("file", help="fichier JSON lines ; « - » pour l'entrée standard")
    batch.add_argument("--processes", type=int, default=1, help="processus de calcul")
    batch.add_argument("--as-of", **as_of)  # type: ignore[arg-type]
    batch.add_argument(
        "--detail",
        choices=("full", "summary"),
        default="full",
        help="full : résultat complet ; summary : chiffres et codes seulement (plus rapide)",
    )
    batch.add_argument(
        "--progress",
        choices=("auto", "always", "never"),
        default="auto",
        help="barre de progression sur la sortie d'erreur (auto : si c'est un terminal)",
    )
    check = sub.add_parser("check", help="vérifier un dossier avant envoi (sortie 1 si bloquant)")
    check.add_argument("file", help="dossier au format JSON ; « - » pour l'entrée standard")
    check.add_argument("--json", action="store_true", help="sortie JSON")
    check.add_argument("--as-of", **as_of)  # type: ignore[arg-type]
    case = sub.add_parser(
        "case", help="transformer un dossier et son résultat en cas de test (YAML) à relire"
    )
    case.add_argument("file", help="dossier au format JSON ; « - » pour l'entrée standard")
    case.add_argument("--name", default=None, help="nom du cas")
    case.add_argument("--as-of", **as_of)  # type: ignore[arg-type]
    coverage = sub.add_parser(
        "coverage", help="part des établissements couverts par un barème, par OPCO et par année"
    )
    coverage.add_argument("--year", type=int, default=None, help="une seule année (AAAA)")
    coverage.add_argument("--json", action="store_true", help="sortie JSON pour les machines")
    serve = sub.add_parser("serve", help="servir l'API HTTP et la page (extra formafin[server])")
    serve.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (8000)")
    serve.add_argument("--workers", type=int, default=1, help="processus serveurs (1)")
    schema = sub.add_parser(
        "schema", help="schéma JSON d'un dossier (entrée), d'une estimation ou d'une vérification"
    )
    schema.add_argument(
        "kind", nargs="?", default="dossier", choices=["dossier", "estimate", "check"]
    )
    opco = sub.add_parser("opco", help="trouver l'OPCO d'une convention collective")
    opco.add_argument("idcc", nargs="?", default=None, help="code IDCC (4 chiffres)")
    opco.add_argument("--naf", default=None, help="code NAF (ex. 62.02A)")
    opco.add_argument("--json", action="store_true", help="sortie JSON")
    return parser


def _read_bytes(name: str, limit: int = MAX_DOSSIER_BYTES) -> bytes:
    """The bytes of a file (``-``: standard input), refused beyond ``limit`` before reading."""
    if name == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        with Path(name).open("rb") as handle:
            data = handle.read(limit + 1)
    if len(data) > limit:
        raise FormafinError(f"{shown(name)} : fichier trop volumineux ({limit} octets au plus)")
    return data


def _read_dossier(name: str) -> Dossier:
    return Dossier.model_validate_json(_read_bytes(name))


def _estimate(args: argparse.Namespace, out: TextIO) -> int:
    dossier = _read_dossier(args.file)
    bareme: Bareme | str | None = args.bareme
    if args.bareme is not None and Path(args.bareme).is_file():
        loaded = load_bareme_file(args.bareme)
        if len(loaded) != 1:
            raise FormafinError(
                f"{shown(args.bareme)} : un seul barème attendu, {len(loaded)} trouvés"
            )
        bareme = loaded[0]
    estimate = estimate_funding(dossier, as_of=args.as_of, bareme=bareme)
    if args.json:
        out.write(estimate.model_dump_json(indent=2) + "\n")
    else:
        out.write(render_estimate(estimate, dossier))
    return EXIT_OK


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
            str(d.scheme): {"status": d.status.value, "reasons": [r.code for r in d.reasons]}
            for d in estimate.decisions
        },
        "lines": [
            {
                "scheme": str(x.scheme),
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
    dossier = _read_dossier(args.file)
    estimate = estimate_funding(dossier, as_of=args.as_of)
    name = args.name or (Path(args.file).stem if args.file != "-" else "cas")
    case = golden_case(dossier, estimate, name, args.as_of)
    try:
        import yaml
    except ImportError:  # JSON is valid YAML
        out.write(json.dumps(case, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(yaml.safe_dump(case, allow_unicode=True, sort_keys=False))
    return EXIT_OK


_SEVERITY_MARKS = {"blocking": "✘ BLOQUANT", "warning": "! attention", "info": "i info"}


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from formafin.readiness import check_dossier

    dossier = _read_dossier(args.file)
    result = check_dossier(dossier, as_of=args.as_of)
    if args.json:  # the DossierCheck model: see `formafin schema check`
        out.write(result.model_dump_json(indent=2) + "\n")
    else:
        out.write(f"Vérification du dossier — {dossier.action.title}\n")
        if not result.findings:
            out.write("Aucun constat.\n")
        for finding in result.findings:
            scheme = f" [{_short(finding.scheme)}]" if finding.scheme else ""
            out.write(
                f"{_SEVERITY_MARKS[finding.severity.value]}{scheme} {finding.code} — "
                f"{finding.message}\n"
            )
        verdict = (
            "prêt à envoyer" if result.ready else f"{len(result.blocking)} point(s) bloquant(s)"
        )
        out.write(f"\nRésultat : {verdict}.\n")
    return EXIT_OK if result.ready else EXIT_BLOCKING


class _LineGuard:
    """Signal handling for ``batch``: SIGINT and SIGTERM stop the run between two output
    lines, never inside one, so the output always ends on a whole line."""

    def __init__(self) -> None:
        self.writing = False
        self.pending: int | None = None

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        code = EXIT_SIGTERM if signum == signal.SIGTERM else EXIT_SIGINT
        if self.writing:
            self.pending = code
        else:
            raise _InterruptedError(code)

    def write(self, out: TextIO, line: bytes) -> None:
        """Write ``line`` (UTF-8) whole. On a real file or pipe the bytes go straight to the
        file descriptor, partial writes resumed: CPython's buffered writer can drop the
        tail of a large write interrupted by a signal."""
        self.writing = True
        try:
            try:
                descriptor = out.fileno()
            except (AttributeError, OSError, ValueError):  # a test's capture, a StringIO
                out.write(line.decode())
                return
            out.flush()
            data = memoryview(line)
            while data:
                data = data[os.write(descriptor, data) :]
        finally:
            self.writing = False

    def stop_if_asked(self) -> None:
        if self.pending is not None:
            raise _InterruptedError(self.pending)

    def flush(self, out: TextIO) -> None:
        self.writing = True
        try:
            out.flush()
        finally:
            self.writing = False


def _batch(args: argparse.Namespace, out: TextIO) -> int:
    """JSON lines in, JSON lines out; a summary on stderr; exit 3 if a line was refused."""
    from formafin.batch import estimate_lines, read_lines

    args.answered = 0
    refused = 0
    guard = _LineGuard()
    signal.signal(signal.SIGTERM, guard)
    previous_sigint = signal.signal(signal.SIGINT, guard)
    handle = sys.stdin.buffer if args.file == "-" else Path(args.file).open("rb")  # noqa: SIM115
    try:
        results = estimate_lines(
            read_lines(handle),
            as_of=args.as_of,
            processes=args.processes,
            detail=args.detail,
            chunksize=64,  # small chunks: an interruption waits for little work
        )
        try:
            for result in _with_progress(results, args.progress):
                guard.write(out, result + b"\n")
                args.answered += 1
                # A JSON string escapes its quotes, so this key only appears as a field.
                refused += b',"error":null,' not in result
                guard.stop_if_asked()
        finally:
            close = getattr(results, "close", None)  # ends the workers of a process pool
            if close is not None:
                close()
            guard.flush(out)
    finally:
        signal.signal(signal.SIGINT, previous_sigint)
        if handle is not sys.stdin.buffer:
            handle.close()
    print(
        f"formafin batch : {args.answered} ligne(s) traitée(s), "
        f"{args.answered - refused} estimée(s), {refused} refusée(s).",
        file=sys.stderr,
    )
    return EXIT_REFUSED_LINES if refused else EXIT_OK


def _with_progress(results: Iterator[bytes], mode: str) -> Iterator[bytes]:
    if mode == "never" or (mode == "auto" and not sys.stderr.isatty()):
        return results
    from tqdm import tqdm

    return iter(tqdm(results, desc="dossiers", unit=" dossier", file=sys.stderr))


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    from formafin.schema import json_schema

    out.write(json.dumps(json_schema(args.kind), ensure_ascii=False, indent=2) + "\n")
    return 0


def _opco(args: argparse.Namespace, out: TextIO) -> int:
    if args.idcc is None and args.naf is None:
        raise FormafinError("indiquez un IDCC ou --naf")
    resolution = resolve_opco(args.idcc, naf=args.naf)
    if args.json:
        out.write(resolution.model_dump_json(indent=2) + "\n")
    else:
        out.write(render_resolution(resolution))
    return EXIT_OK


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


def _payer_label(line: FundingLine, estimate: FundingEstimate, dossier: Dossier) -> str:
    """The payer column: the OPCO's name when it is known, else the kind of payer."""
    if line.payer is not Payer.OPCO:
        return PAYER_LABELS[line.payer]
    opco = estimate.opco.opco if estimate.opco else None
    reconversion = dossier.reconversion
    external = reconversion is not None and reconversion.kind == "external"
    if line.scheme is SchemeId.PERIODE_RECONVERSION and reconversion is not None and external:
        opco = reconversion.host_company_opco  # the host company's OPCO pays
    return idcc_tables().opco_names[opco] if opco is not None else PAYER_LABELS[line.payer]


def render_estimate(estimate: FundingEstimate, dossier: Dossier) -> str:
    """A readable French table of an estimate."""
    out: list[str] = []
    out.append(f"Estimation du financement — {dossier.action.title}")
    opco = estimate.opco
    names = idcc_tables().opco_names
    opco_text = names[opco.opco] if opco and opco.opco else "à préciser"
    idcc_text = f" (IDCC {opco.idcc})" if opco and opco.idcc else ""
    out.append(
        f"Règles en vigueur au {estimate.as_of:%d/%m/%Y} (version {estimate.ruleset_version} "
        f"des règles de formafin) · OPCO : {opco_text}{idcc_text} · "
        f"{len(dossier.trainees)} stagiaire(s), {dossier.action.hours} h"
    )
    out.append("")
    header = f"{'Dispositif':<24} {'Catégorie':<20} {'Financeur':<18} {'Montant':>14}"
    label_width = len(header) - 15
    out.append(header)
    out.append("-" * len(header))
    for line in estimate.lines:
        text = (
            f"{_short(line.scheme):<24} {CATEGORY_LABELS[line.category]:<20} "
            f"{_payer_label(line, estimate, dossier):<18} {format_eur(line.amount):>14}"
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
                paid = format_eur(aid.amount)
                detail = aid.basis.removeprefix(paid).strip()
                detail = detail if aid.basis.startswith(paid) else f"— {aid.basis}"
                out.append(f"  • {aid.label} : {paid} {detail}".rstrip())
            else:
                out.append(f"  • {aid.label} : non due")
                out.extend(f"      {r.code} — {r.message}" for r in aid.reasons)
    out.append("")
    out.append("Pourquoi")
    for line in estimate.lines:
        out.append(f"  • {_label(line.scheme)} — {CATEGORY_LABELS[line.category]} : {line.basis}")
        out.append(f"    {line.explanation}")
    for decision in estimate.decisions:
        mark = "✔" if decision.eligible else "✘"
        out.append(f"  {mark} {_label(decision.scheme)} : {STATUS_LABELS[decision.status]}")
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


def _serve(args: argparse.Namespace, out: TextIO) -> int:
    """``formafin serve``: the server is imported only here (optional extra)."""
    if args.workers < 1:
        print("Erreur : --workers doit valoir au moins 1", file=sys.stderr)
        return EXIT_INVALID
    try:
        from formafin.server.serve import serve
    except ImportError as error:
        print(
            f"Erreur : le serveur demande l'extra « server » ({error.name} absent) : "
            'pip install "formafin[server]"',
            file=sys.stderr,
        )
        return EXIT_INVALID
    try:
        serve(host=args.host, port=args.port, workers=args.workers)
    except ValueError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def _coverage(args: argparse.Namespace, out: TextIO) -> int:
    from formafin.coverage import print_coverage  # lazy: only this command needs it

    return print_coverage(args.year, as_json=args.json, out=out)


_COMMANDS = {
    "coverage": _coverage,
    "serve": _serve,
    "estimate": _estimate,
    "case": _case,
    "check": _check,
    "batch": _batch,
    "schema": _schema,
    "opco": _opco,
}


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
