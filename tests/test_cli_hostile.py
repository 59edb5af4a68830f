"""Issue 12 and 13: the command line under hostile input, errors, batch records and signals."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from formafin.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EXAMPLE = EXAMPLES / "conseil-8-salaries-atlas.json"
MAX_MESSAGE = 2000


def _example_text() -> str:
    return json.dumps(json.loads(EXAMPLE.read_text(encoding="utf-8")), ensure_ascii=False)


def _hostile_dossiers() -> dict[str, bytes]:
    text = _example_text()
    return {
        "latin-1": text.replace("}", ', "reference": "Société"}', 1).encode("latin-1"),
        "utf-16 without BOM": text.encode("utf-16-le"),
        "nested": b'{"a": ' * 200_000,
        "huge number": b'{"company": {"headcount": ' + b"9" * 5000 + b"}}",
        "huge string": json.dumps({"company": {"name": "x" * 2_000_000}}).encode(),
        "duplicate keys": text.replace(
            '"headcount": "8"', '"headcount": "8", "headcount": "80"'
        ).encode(),
        "empty": b"",
        "garbage": bytes(range(256)),
        "a list": b"[1, 2, 3]",
        "NaN": b'{"company": {"headcount": NaN}}',
    }


@pytest.mark.parametrize("name", sorted(_hostile_dossiers()))
@pytest.mark.parametrize("command", ["estimate", "check", "case"])
def test_hostile_dossier_files_exit_2_with_a_bounded_french_message(
    name: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dossier.json"
    path.write_bytes(_hostile_dossiers()[name])
    assert main([command, str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Données invalides :"), err[:200]
    assert len(err) < MAX_MESSAGE
    assert "Traceback" not in err


def test_duplicate_keys_name_the_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "dossier.json"
    path.write_bytes(_hostile_dossiers()["duplicate keys"])
    assert main(["estimate", str(path)]) == 2
    assert "clé 'headcount' en double" in capsys.readouterr().err


def test_a_bom_and_utf16_with_its_bom_are_read(tmp_path: Path) -> None:
    path = tmp_path / "dossier.json"
    path.write_bytes(b"\xef\xbb\xbf" + _example_text().encode("utf-8"))
    assert main(["estimate", str(path)]) == 0
    path.write_bytes(_example_text().encode("utf-16"))
    assert main(["estimate", str(path)]) == 0


@pytest.mark.parametrize(
    ("suffix", "content"),
    [
        (".toml", b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin\n"),
        (".toml", b"a = " + b"[" * 1000 + b"]" * 1000),
        (".toml", b"a = " + b"9" * 5000),
        (".toml", b"[[bareme]]\nid = \xe9\n"),
        (".json", b"[" * 100_000),
        (".json", b'{"id": "x", "secret_field": "root:x:0:0"}'),
        (".toml", b'[[bareme]]\nid = "x"\nsecret_field = "root:x:0:0"\n'),
    ],
)
def test_hostile_bareme_files_exit_2_without_echoing_them(
    suffix: str, content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bareme = tmp_path / f"bareme{suffix}"
    bareme.write_bytes(content)
    assert main(["estimate", "--bareme", str(bareme), str(EXAMPLE)]) == 2
    err = capsys.readouterr().err
    assert "root:x" not in err and "Traceback" not in err
    assert len(err) < MAX_MESSAGE


def test_json_errors_go_to_stdout_with_field_code_and_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["company"]["headcount"] = "-1"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["estimate", "--json", str(path)]) == 2
    payload = json.loads(capsys.readouterr().out)
    (error,) = payload["error"]["errors"]
    assert error["field"] == "company.headcount"
    assert error["code"] == "greater_than_equal"
    assert error["message"].startswith("doit être supérieur ou égal à 0")


def test_stdin_is_read_with_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EXAMPLE.read_bytes())))
    assert main(["estimate", "-"]) == 0


def test_usage_errors_are_french_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["estimate", "--as-of", "demain", str(EXAMPLE)])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "erreur" in err and "date invalide" in err
    with pytest.raises(SystemExit):
        main([])
    assert "arguments obligatoires manquants" in capsys.readouterr().err


def test_an_internal_error_exits_70_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("formafin.cli.estimate_funding", broken)
    assert main(["estimate", str(EXAMPLE)]) == 70
    err = capsys.readouterr().err
    assert "Erreur interne de formafin (RuntimeError)" in err and "Traceback" not in err


# -- batch ------------------------------------------------------------------------------


def _batch_input() -> bytes:
    good = _example_text()
    with_id = json.dumps({**json.loads(good), "id": "RH-42"})
    return b"\n".join(
        [
            good.encode(),  # line 1
            b"",  # line 2: blank, still counted
            b'{"company": {}}',  # line 3: invalid dossier
            '{"reference": "Société"'.encode("latin-1"),  # line 4: not UTF-8
            with_id.encode(),  # line 5
            b"[" * 100_000,  # line 6: nested too deep
            good.encode(),  # line 7
        ]
    )


@pytest.mark.parametrize("processes", ["1", "2"])
def test_batch_loses_no_line_and_maps_each_record_to_its_line(
    processes: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(_batch_input())
    assert main(["batch", "--processes", processes, str(source)]) == 3
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["line"] for r in records] == [1, 3, 4, 5, 6, 7]
    assert [r["estimate"] is not None for r in records] == [True, False, False, True, False, True]
    assert records[3]["id"] == "RH-42"
    assert records[1]["errors"][0]["field"].startswith("company")
    assert "n'est pas en UTF-8" in records[2]["errors"][0]["message"]
    assert records[4]["errors"][0]["code"] == "too_deep"
    assert "6 ligne(s) traitée(s), 3 estimée(s), 3 refusée(s)" in captured.err


def test_an_oversized_line_is_refused_and_the_next_one_answered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"x": "' + b"y" * (1024 * 1024 + 10) + b'"}\n' + _example_text().encode())
    assert main(["batch", str(source)]) == 3
    first, second = (json.loads(x) for x in capsys.readouterr().out.splitlines())
    assert first["line"] == 1 and first["errors"][0]["code"] == "too_large"
    assert second["line"] == 2 and second["estimate"] is not None


def _children_of(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.parametrize(("sent", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_batch_stops_cleanly_on_signals(sent: int, code: int, tmp_path: Path) -> None:
    marker = f"formafin-signal-test-{os.getpid()}-{sent}"
    script = (
        "import sys; from formafin.cli import main; "
        f"sys.exit(main(['batch', '--processes', '2', '-']))  # {marker}"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    stdin, process.stdin = process.stdin, None  # fed by a thread; communicate() must not close it
    assert stdin is not None and process.stdout is not None
    line = _example_text().encode() + b"\n"

    def feed() -> None:  # more than the pool's first chunks; stdin stays open afterwards
        with contextlib.suppress(OSError):
            for _ in range(5000):
                stdin.write(line)

    try:
        threading.Thread(target=feed, daemon=True).start()
        first = process.stdout.readline()  # answers are flowing
        assert json.loads(first)["line"] == 1
        time.sleep(0.2)
        process.send_signal(sent)
        rest, err = process.communicate(timeout=60)
        assert process.returncode == code, err.decode()
        assert b"Traceback" not in err
        output = first + rest
        written = output.count(b"\n")
        assert f"Interrompu : {written} ligne(s) traitée(s)" in err.decode()
        assert output.endswith(b"\n"), output[-300:]
        for record in output.splitlines():
            json.loads(record)  # every line is whole
        deadline = time.monotonic() + 10
        while _children_of(marker) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _children_of(marker) == []
    finally:
        stdin.close()
