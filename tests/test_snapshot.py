"""The compiled data snapshot (issue 15, point 4): fresh, equal to a fresh compilation, and
never trusted when it does not match the sources."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from formafin.data import compile_sources, snapshot

REBUILD = "données modifiées sans reconstruire l'instantané : python -m formafin.data.snapshot"


def test_the_shipped_snapshot_matches_the_sources() -> None:
    found = snapshot.snapshot_contents()
    assert found is not None, REBUILD
    header, _ = found
    assert header["fingerprint"] == snapshot.fingerprint(), REBUILD


def test_the_shipped_snapshot_equals_a_fresh_compilation() -> None:
    found = snapshot.snapshot_contents()
    assert found is not None
    _, payload = found
    fresh = compile_sources()
    assert payload["rule_data"]["parameters"] == fresh["rule_data"]["parameters"]
    assert payload["rule_data"]["baremes"] == fresh["rule_data"]["baremes"]
    assert payload["rule_data"]["references"] == fresh["rule_data"]["references"]
    assert payload["rule_data"]["ruleset"] == fresh["rule_data"]["ruleset"]
    assert payload["idcc"] == fresh["idcc"]


def test_a_snapshot_for_other_sources_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = snapshot.write_snapshot(tmp_path / snapshot.SNAPSHOT_NAME)
    header, payload = pickle.loads(target.read_bytes())
    monkeypatch.setattr(snapshot, "snapshot_contents", lambda: (header, payload))
    assert snapshot.read_snapshot() is payload
    for key, other in [
        ("fingerprint", "0" * 64),
        ("versions", ("3.0", "1.0")),
        ("format", 0),
    ]:
        changed = {**header, key: other}
        monkeypatch.setattr(snapshot, "snapshot_contents", lambda h=changed: (h, payload))
        assert snapshot.read_snapshot() is None, key


def test_the_fingerprint_changes_with_one_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot.fingerprint()
    real = Path.read_bytes

    def edited(self: Path) -> bytes:
        data = real(self)
        return data + b" " if self.name == "cpf.toml" else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    assert snapshot.fingerprint() != before
