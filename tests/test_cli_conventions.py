"""CLI conventions owned by issue 13 (point 7, in part): ``--version``, ``-`` for the standard
input in ``estimate`` and ``check``, an IDCC typed without its leading zeros."""

from __future__ import annotations

import io
import json
from importlib.metadata import version
from pathlib import Path

import pytest

from formafin.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"formafin {version('formafin')}"


@pytest.mark.parametrize("command", ["estimate", "check"])
def test_dash_reads_the_dossier_from_stdin(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = EXAMPLES / "cpf-anglais-salariee-2026.json"
    assert main([command, "--json", str(path)]) == 0
    from_file = capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes())))
    assert main([command, "--json", "-"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(from_file)


def test_opco_of_an_idcc_typed_without_leading_zeros(capsys: pytest.CaptureFixture[str]) -> None:
    # IDCC 0016 (transports routiers) → OPCO Mobilités (SIRO table).
    assert main(["opco", "16", "--json"]) == 0
    resolution = json.loads(capsys.readouterr().out)
    assert resolution["idcc"] == "0016"
    assert resolution["opco"] == "opco_mobilites"
