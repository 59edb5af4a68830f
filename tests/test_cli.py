from __future__ import annotations

import json
from pathlib import Path

import pytest

from formafin.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_estimate_prints_a_french_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", str(EXAMPLES / "travaux-publics-30-salaries-constructys.json")]) == 0
    out = capsys.readouterr().out
    assert "Reste à charge" in out and "Coûts pédagogiques" in out
    assert "3\u00a0360,00\u00a0€" in out  # 32 €/h × 35 h × 3 trainees, Constructys TP 2025
    assert "Pourquoi" in out and "Sources" in out


def test_estimate_json_is_machine_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", "--json", str(EXAMPLES / "organisme-sans-qualiopi.json")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["decisions"][0]["reasons"][0]["code"] == "QUALIOPI_MISSING"
    assert data["remaining_cost"] == data["total_cost"] == "700.00"


def test_invalid_input_exits_2_and_names_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = json.loads((EXAMPLES / "conseil-8-salaries-atlas.json").read_text(encoding="utf-8"))
    bad["action"]["costs"]["pedagogical"] = "-5"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    assert main(["estimate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "action.costs.pedagogical" in err and "supérieur ou égal à 0" in err


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", "/nonexistent/dossier.json"]) == 2
    assert "fichier introuvable : '/nonexistent/dossier.json'" in capsys.readouterr().err


def test_caller_bareme_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bareme = tmp_path / "bareme.toml"
    bareme.write_text(
        '[[bareme]]\nid = "b"\nopco = "atlas"\nbranch = "B"\nscope = "by_id_only"\n'
        'status = "caller"\nlast_verified_on = 2026-01-01\n'
        'references = [{ kind = "caller", id = "Conseiller" }]\n'
        'pedagogical = [{ label = "h", amount = "30.00" }]\n',
        encoding="utf-8",
    )
    example = str(EXAMPLES / "conseil-8-salaries-atlas.json")
    assert main(["estimate", "--json", "--bareme", str(bareme), example]) == 0
    data = json.loads(capsys.readouterr().out)
    pedagogical = next(line for line in data["lines"] if line["category"] == "pedagogical")
    assert pedagogical["amount"] == "840.00"  # 30 €/h × 14 h × 2 trainees


def test_opco_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["opco", "1486"]) == 0
    out = capsys.readouterr().out
    assert "OPCO : atlas" in out and "SYNTEC" in out
    assert main(["opco", "--naf", "6202A"]) == 0
    assert "indicatif" in capsys.readouterr().out
    assert main(["opco", "12"]) == 2


def test_cpf_example_shows_the_trainee_share(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", str(EXAMPLES / "cpf-anglais-salariee-2026.json")]) == 0
    out = capsys.readouterr().out
    assert "Caisse des dépôts" in out
    # RS certification: own rights capped at 1 500 € (D6323-1 A); the holder pays 900 €.
    assert "1\u00a0500,00\u00a0€" in out
    assert "dont stagiaire 900,00\u00a0€" in out
