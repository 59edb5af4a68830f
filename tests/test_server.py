"""Contract tests of the HTTP API through the ASGI test client: every endpoint, every error.

The reference for each answer is the library itself (the API must say exactly what
``estimate_funding``, ``check_dossier``, ``resolve_opco`` and ``cpf_rights`` say) and, for
errors, RFC 9457 (``application/problem+json`` with ``type``, ``title``, ``status``,
``detail``) plus the French message of ``describe_validation_error``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

pytest.importorskip("fastapi", reason="extra formafin[server] absent")
pytest.importorskip("httpx2", reason="extra formafin[server-test] absent (client de test)")

from fastapi.testclient import TestClient

from formafin import (
    Dossier,
    check_dossier,
    cpf_rights,
    estimate_funding,
    resolve_opco,
)
from formafin.data import rule_data
from formafin.errors import DataError
from formafin.rules.cpf_rights import CpfYear
from formafin.server import Settings, create_app
from formafin.server.services import Services
from formafin.validation import describe_validation_error

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
PROBLEM = "application/problem+json"


def _example(name: str = "conseil-8-salaries-atlas") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings())) as test_client:
        yield test_client


def _problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"].startswith("urn:formafin:problem:")
    assert body["title"] and body["detail"]
    assert "Traceback" not in response.text
    return body


# --- import cost: nothing of the server behind `import formafin` -----------------------


def test_import_formafin_does_not_import_the_server() -> None:
    code = (
        "import sys, formafin\n"
        "from formafin import Dossier, estimate_funding\n"
        "bad = [m for m in sys.modules if m.startswith(('formafin.server', 'fastapi', "
        "'starlette', 'uvicorn'))]\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- POST /v1/estimate ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES.glob("*.json")))
def test_estimate_equals_the_library_for_each_shipped_example(
    client: TestClient, name: str
) -> None:
    dossier = _example(name)
    response = client.post("/v1/estimate", json={"dossier": dossier})
    expected = estimate_funding(Dossier.model_validate_json(json.dumps(dossier)))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == json.loads(expected.model_dump_json())


def test_estimate_remaining_cost_of_the_readme_example(client: TestClient) -> None:
    # README: 2 800 + 960 + 180 = 3 940 € of costs. No Atlas barème in force on 2026-03-16
    # for Syntec (IDCC 1486): the last known one (atlas-bet-2020) pays pedagogical costs at
    # actual cost under a 4 000 € annual cap for under 25 employees, so 2 800 € (indicative);
    # its salary and annex rules are unknown, so 0 €. 3 940 - 2 800 = 1 140 € remain.
    body = client.post("/v1/estimate", json={"dossier": _example()}).json()
    assert (body["total_cost"], body["remaining_cost"]) == ("3940.00", "1140.00")
    assert (body["remaining_employer"], body["remaining_trainee"]) == ("1140.00", "0.00")


def test_estimate_as_of_is_applied(client: TestClient) -> None:
    dossier = _example()
    body = client.post("/v1/estimate", json={"dossier": dossier, "as_of": "2025-06-02"}).json()
    expected = estimate_funding(Dossier.model_validate(dossier), as_of=date(2025, 6, 2))
    assert body["as_of"] == "2025-06-02"
    assert body == json.loads(expected.model_dump_json())


def test_estimate_with_a_shipped_bareme_id_and_an_inline_bareme(client: TestClient) -> None:
    dossier = _example("travaux-publics-30-salaries-constructys")
    shipped = rule_data().bareme("constructys-tp-2025")
    by_id = client.post("/v1/estimate", json={"dossier": dossier, "bareme": shipped.id}).json()
    mine = shipped.model_copy(update={"id": "mon-bareme"})
    inline = client.post(
        "/v1/estimate", json={"dossier": dossier, "bareme": mine.model_dump(mode="json")}
    ).json()
    expected = estimate_funding(Dossier.model_validate(dossier), bareme=mine)
    assert inline == json.loads(expected.model_dump_json())
    plan = next(d for d in inline["decisions"] if d["scheme"] == "opco_plan")
    assert plan["bareme_id"] == "mon-bareme"
    assert by_id["remaining_cost"] == inline["remaining_cost"]


def test_estimate_unknown_bareme_id_is_a_problem_on_the_field(client: TestClient) -> None:
    response = client.post("/v1/estimate", json={"dossier": _example(), "bareme": "nope"})
    body = _problem(response, 422, "UNKNOWN_BAREME")
    assert body["errors"][0]["field"] == "bareme"
    assert "inconnu" in body["detail"]


def test_estimate_date_before_the_rules_is_unsupported(client: TestClient) -> None:
    # The rules start with the 2018 reform on 2019-01-01 (ruleset.toml covers_from).
    response = client.post("/v1/estimate", json={"dossier": _example(), "as_of": "2018-12-31"})
    body = _problem(response, 422, "UNSUPPORTED_DATE")
    assert body["errors"][0]["field"] == "as_of"


def test_validation_errors_name_each_field_with_the_library_message(client: TestClient) -> None:
    dossier = _example()
    dossier["company"]["headcount"] = "-1"
    dossier["action"]["costs"]["pedagogical"] = "12.345"
    del dossier["submitted_on"]
    response = client.post("/v1/estimate", json={"dossier": dossier})
    body = _problem(response, 422, "INVALID_INPUT")
    with pytest.raises(ValidationError) as caught:
        Dossier.model_validate_json(json.dumps(dossier))
    library_lines = describe_validation_error(caught.value).split("\n")
    got = {e["field"]: e for e in body["errors"]}
    assert set(got) == {
        "dossier.company.headcount",
        "dossier.action.costs.pedagogical",
        "dossier.submitted_on",
    }
    assert got["dossier.submitted_on"]["code"] == "missing"
    assert got["dossier.company.headcount"]["code"] == "greater_than_equal"
    assert got["dossier.submitted_on"]["message"] == "champ obligatoire manquant"
    for line in library_lines:  # the same French words as the library, field by field
        field, _, message = line.partition(" : ")
        assert got[f"dossier.{field}"]["message"] == message


def test_invalid_json_and_unknown_fields(client: TestClient) -> None:
    body = _problem(
        client.post(
            "/v1/estimate", content=b"{pas du json", headers={"content-type": "application/json"}
        ),
        422,
        "INVALID_INPUT",
    )
    assert body["errors"][0]["code"] == "invalid_json"
    assert body["errors"][0]["message"].startswith("JSON invalide")
    body = _problem(
        client.post("/v1/estimate", json={"dossier": _example(), "path": "/etc/passwd"}),
        422,
        "INVALID_INPUT",
    )
    assert body["errors"] == [
        {"field": "path", "code": "extra_forbidden", "message": body["errors"][0]["message"]}
    ]
    assert "champ inconnu" in body["errors"][0]["message"]


def test_the_server_never_reads_a_path_given_as_bareme(client: TestClient, tmp_path: Path) -> None:
    """``formafin estimate --bareme FILE`` reads a file; the API takes only an id or a body."""
    bareme = rule_data().bareme("constructys-tp-2025").model_dump(mode="json")
    path = tmp_path / "bareme.json"
    path.write_text(json.dumps({"bareme": [bareme]}), encoding="utf-8")
    response = client.post("/v1/estimate", json={"dossier": _example(), "bareme": str(path)})
    _problem(response, 422, "UNKNOWN_BAREME")


# --- POST /v1/check ------------------------------------------------------------------------


def test_check_equals_the_library(client: TestClient) -> None:
    dossier = _example("organisme-sans-qualiopi")
    body = client.post("/v1/check", json={"dossier": dossier}).json()
    expected = check_dossier(Dossier.model_validate(dossier))
    assert body["ready"] is expected.ready
    assert body["ready"] is False  # no Qualiopi certificate: L6316-1 blocks OPCO funding
    assert [f["code"] for f in body["findings"]] == expected.codes()
    assert body["estimate"] == json.loads(expected.estimate.model_dump_json())
    _problem(client.post("/v1/check", json={}), 422, "INVALID_INPUT")


# --- GET /v1/opco ------------------------------------------------------------------------


def test_opco_by_idcc(client: TestClient) -> None:
    body = client.get("/v1/opco/1486").json()
    assert body["opco"] == "atlas"  # IDCC 1486 (Syntec) is with Atlas in the SIRO table
    assert body == json.loads(resolve_opco("1486").model_dump_json())
    body = _problem(client.get("/v1/opco/12a"), 422, "INVALID_IDENTIFIER")
    assert body["errors"][0]["field"] == "idcc"
    body = _problem(client.get("/v1/opco/0001"), 404, "UNKNOWN_IDCC")
    assert "0001" in body["detail"]


def test_opco_by_naf(client: TestClient) -> None:
    body = client.get("/v1/opco", params={"naf": "62.02A"}).json()
    assert body == json.loads(resolve_opco(naf="62.02A").model_dump_json())
    body = _problem(client.get("/v1/opco"), 422, "INVALID_INPUT")
    assert body["errors"] == [
        {"field": "naf", "code": "missing", "message": "champ obligatoire manquant"}
    ]
    body = _problem(client.get("/v1/opco", params={"naf": "zz"}), 422, "INVALID_IDENTIFIER")
    assert body["errors"][0]["field"] == "naf"


# --- POST /v1/cpf-rights -----------------------------------------------------------------


def test_cpf_rights(client: TestClient) -> None:
    # L6323-11 and R6323-1: 500 € a year for a full year; 40 % of the reference time
    # gives 500 x 0.4 = 200 €.
    years = [{"year": 2025, "working_time_ratio": "0.4"}]
    body = client.post("/v1/cpf-rights", json={"years": years}).json()
    assert body["balance"] == "200.00"
    expected = cpf_rights([CpfYear(year=2025, working_time_ratio=Decimal("0.4"))])
    assert body == json.loads(expected.model_dump_json())
    bad = [{"year": 2025, "working_time_ratio": "0.4", "worked_hours": "100"}]
    body = _problem(client.post("/v1/cpf-rights", json={"years": bad}), 422, "INVALID_INPUT")
    assert body["errors"][0]["field"] == "years[0]"
    assert "pas les deux" in body["errors"][0]["message"]
    _problem(client.post("/v1/cpf-rights", json={"years": []}), 422, "INVALID_INPUT")


# --- POST /v1/batch -------------------------------------------------------------------------


def _ndjson(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    return [json.loads(line) for line in response.text.splitlines()]


def test_batch_streams_one_result_per_line_in_order(client: TestClient) -> None:
    names = ["conseil-8-salaries-atlas", "industrie-120-salaries", "cpf-anglais-salariee-2026"]
    lines = [json.dumps(_example(n)) for n in names]
    body = "\n".join([lines[0], "", "{}", lines[1], lines[2]]).encode()  # blank line skipped
    results = _ndjson(client.post("/v1/batch", content=body))
    assert [r["index"] for r in results] == [0, 1, 2, 3]
    assert [r["line"] for r in results] == [1, 3, 4, 5]  # the blank line keeps its number
    assert "champ obligatoire manquant" in results[1]["error"]
    assert {e["field"] for e in results[1]["errors"]} >= {"company", "provider", "action"}
    for result, name in zip([results[0], results[2], results[3]], names, strict=True):
        expected = estimate_funding(Dossier.model_validate(_example(name)))
        assert result["estimate"] == json.loads(expected.model_dump_json())


def test_batch_as_of_and_its_errors(client: TestClient) -> None:
    line = json.dumps(_example()).encode()
    results = _ndjson(client.post("/v1/batch", params={"as_of": "2025-06-02"}, content=line))
    assert results[0]["estimate"]["as_of"] == "2025-06-02"
    body = _problem(
        client.post("/v1/batch", params={"as_of": "demain"}, content=line), 422, "INVALID_INPUT"
    )
    assert body["errors"][0]["field"] == "as_of"


def test_batch_summary_lines_carry_numbers_and_codes(client: TestClient) -> None:
    line = json.dumps(_example()).encode()
    (result,) = _ndjson(client.post("/v1/batch", params={"detail": "summary"}, content=line))
    expected = estimate_funding(Dossier.model_validate(_example()), detail="summary")
    assert result["estimate"] is None
    assert result["summary"] == json.loads(expected.model_dump_json())
    body = _problem(
        client.post("/v1/batch", params={"detail": "bref"}, content=line), 422, "INVALID_INPUT"
    )
    assert body["errors"][0]["field"] == "detail"


def test_batch_limits() -> None:
    settings = Settings(body_limit=4096, batch_limit=12_000)
    with TestClient(create_app(settings)) as small:
        line = json.dumps(_example())  # about 900 bytes
        assert len(line) < 4096
        # Declared size over the batch limit: refused before reading.
        _problem(
            small.post("/v1/batch", content=("\n".join([line] * 20)).encode()),
            413,
            "BODY_TOO_LARGE",
        )

        # A line longer than the per-dossier limit is refused like the library's batch
        # refuses it (a record for that line, never held whole), and the batch goes on.
        def long_line() -> Iterator[bytes]:
            yield (line + "\n").encode()
            yield b'{"x": "' + b"a" * 5000 + b'"}\n'
            yield (line + "\n").encode()

        results = _ndjson(small.post("/v1/batch", content=long_line()))
        assert [(r["index"], r["line"]) for r in results] == [(0, 1), (1, 2), (2, 3)]
        assert results[1]["estimate"] is None
        assert results[1]["errors"][0]["code"] == "too_large"
        assert results[2]["estimate"] is not None

        # No Content-Length (chunked) and growing past the batch limit: a last line says so.
        def many() -> Iterator[bytes]:
            for _ in range(20):
                yield (line + "\n").encode()

        results = _ndjson(small.post("/v1/batch", content=many()))
        assert results[-1]["code"] == "BODY_TOO_LARGE"
        assert len(results) - 1 < 20  # stopped before the end (the client may send it whole)


# --- GET /v1/rules, /healthz --------------------------------------------------------------


def test_rules_come_from_the_shipped_data(client: TestClient) -> None:
    shipped = tomllib.loads(
        (ROOT / "src" / "formafin" / "data" / "ruleset.toml").read_text(encoding="utf-8")
    )["ruleset"]
    body = client.get("/v1/rules").json()
    assert body["ruleset_version"] == shipped["version"]
    assert body["covers_from"] == shipped["covers_from"].isoformat()
    assert body["verified_until"] == shipped["verified_until"].isoformat()
    ids = set()
    for path in (ROOT / "src" / "formafin" / "data" / "baremes").glob("*.toml"):
        ids |= {b["id"] for b in tomllib.loads(path.read_text(encoding="utf-8"))["bareme"]}
    assert {b["id"] for b in body["baremes"]} == ids


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


# --- errors of the HTTP layer, limits, key, unexpected failures -------------------------


def test_unknown_path_and_method_are_problems(client: TestClient) -> None:
    _problem(client.get("/v1/nope"), 404, "NOT_FOUND")
    _problem(client.get("/v1/estimate"), 405, "METHOD_NOT_ALLOWED")
    _problem(client.get("/static/../app.py"), 404, "NOT_FOUND")


def test_body_over_the_limit_is_413() -> None:
    with TestClient(create_app(Settings(body_limit=2048))) as small:
        big = {"dossier": _example(), "pad": "x" * 4000}
        body = _problem(small.post("/v1/estimate", json=big), 413, "BODY_TOO_LARGE")
        assert "2048" in body["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted while read
            yield json.dumps(big).encode()

        _problem(small.post("/v1/estimate", content=chunks()), 413, "BODY_TOO_LARGE")
        ok = small.post("/v1/estimate", json={"dossier": _example()})
        assert ok.status_code == 200


def test_default_limits() -> None:
    settings = Settings.from_env({})
    assert settings.body_limit == 1024 * 1024  # 1 MiB for one dossier
    assert settings.batch_limit == 64 * 1024 * 1024
    assert settings.api_key is None
    assert Settings.from_env({"FORMAFIN_MAX_BODY_BYTES": "10"}).body_limit == 10
    with pytest.raises(ValueError, match="FORMAFIN_MAX_BODY_BYTES"):
        Settings.from_env({"FORMAFIN_MAX_BODY_BYTES": "beaucoup"})
    with pytest.raises(ValueError, match="strictement positif"):
        Settings.from_env({"FORMAFIN_MAX_BATCH_BYTES": "0"})


def test_api_key() -> None:
    with TestClient(create_app(Settings.from_env({"FORMAFIN_API_KEY": "s3cret"}))) as keyed:
        body = _problem(keyed.get("/v1/rules"), 401, "UNAUTHORIZED")
        assert "Bearer" in body["detail"]
        assert keyed.get("/v1/rules").headers["www-authenticate"] == "Bearer"
        _problem(
            keyed.get("/v1/rules", headers={"Authorization": "Bearer faux"}), 401, "UNAUTHORIZED"
        )
        assert keyed.get("/v1/rules", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert keyed.get("/healthz").status_code == 200  # probes need no key
        document = keyed.get("/openapi.json").json()
        assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
        assert document["paths"]["/v1/estimate"]["post"]["security"] == [{"bearer": []}]


def _failing(*args: object) -> Any:
    raise RuntimeError("secret interne : /srv/formafin/data")


@pytest.mark.parametrize("error", [RuntimeError("secret interne"), DataError("secret interne")])
def test_an_unexpected_failure_is_a_500_without_details(error: Exception) -> None:
    def boom(*args: object) -> Any:
        raise error

    app = create_app(Settings(), Services(estimate=boom, rules=_failing))
    with TestClient(app, raise_server_exceptions=False) as broken:
        for response in (
            broken.post("/v1/estimate", json={"dossier": _example()}),
            broken.get("/v1/rules"),
        ):
            body = _problem(response, 500, "INTERNAL_ERROR")
            assert "secret" not in response.text
            assert "RuntimeError" not in response.text
            assert body["errors"] == []


# --- OpenAPI, docs, page --------------------------------------------------------------------


def test_openapi_document_is_valid_and_complete(client: TestClient) -> None:
    from openapi_spec_validator import validate

    document = client.get("/openapi.json").json()
    validate(document)
    paths = document["paths"]
    assert set(paths) == {
        "/v1/estimate",
        "/v1/check",
        "/v1/opco/{idcc}",
        "/v1/opco",
        "/v1/cpf-rights",
        "/v1/batch",
        "/v1/rules",
        "/healthz",
    }
    estimate = paths["/v1/estimate"]["post"]
    assert estimate["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/EstimateRequest"
    }
    for status in ("413", "422", "500"):
        assert PROBLEM in estimate["responses"][status]["content"]
    schemas = document["components"]["schemas"]
    assert "Dossier" in schemas
    assert schemas["Problem"]["required"] == ["type", "title", "status", "detail", "code"]


def test_openapi_in_the_docs_is_the_served_one(client: TestClient) -> None:
    if os.environ.get("MUTANT_UNDER_TEST"):  # mutmut's trampolines change the schema's names
        pytest.skip("sources instrumented by mutmut (mutation testing run)")
    published = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert published == client.get("/openapi.json").json(), (
        "docs/openapi.json a changé : python -m formafin.server.export > docs/openapi.json"
    )


def test_pages_are_packaged_and_offline(client: TestClient) -> None:
    from formafin.result import SchemeId

    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for scheme in SchemeId:  # every scheme has its French label on the page
        assert f'"{scheme.value}":' in page.text
    assert client.get("/docs").status_code == 200
    for name in ("app.js", "app.css", "docs.js", "docs.css"):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200
        assert "http://" not in response.text and "https://" not in response.text


def test_cli_serve_refuses_zero_workers(capsys: pytest.CaptureFixture[str]) -> None:
    from formafin.cli import main

    assert main(["serve", "--workers", "0"]) == 2
    assert "--workers" in capsys.readouterr().err


def test_cli_serve_binds_to_loopback_by_default_and_checks_settings_first(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from formafin.cli import _parser, main

    args = _parser().parse_args(["serve"])
    assert (args.host, args.port, args.workers) == ("127.0.0.1", 8000, 1)
    monkeypatch.setenv("FORMAFIN_MAX_BODY_BYTES", "un mégaoctet")
    assert main(["serve"]) == 2  # refused before uvicorn starts anything
    assert "FORMAFIN_MAX_BODY_BYTES" in capsys.readouterr().err


def test_bodies_are_read_like_the_library_reads_a_dossier(client: TestClient) -> None:
    """Duplicate keys, NaN: refused as by ``Dossier.model_validate_json`` (formafin.jsonin)."""
    text = json.dumps({"dossier": _example()})
    duplicate = text.replace('"headcount": "8"', '"headcount": "8", "headcount": "80"')
    assert duplicate != text
    body = _problem(
        client.post(
            "/v1/estimate", content=duplicate, headers={"content-type": "application/json"}
        ),
        422,
        "INVALID_INPUT",
    )
    assert body["errors"][0]["code"] == "duplicate_key"
    assert "headcount" in body["errors"][0]["message"]
    nan = text.replace('"headcount": "8"', '"headcount": NaN')
    body = _problem(
        client.post("/v1/estimate", content=nan, headers={"content-type": "application/json"}),
        422,
        "INVALID_INPUT",
    )
    assert body["errors"][0]["field"] == ""


def test_an_invalid_content_length_is_a_400_problem() -> None:
    """Servers such as uvicorn refuse it themselves; the guard does for any other."""
    import asyncio

    app = create_app(Settings())
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/estimate",
        "raw_path": b"/v1/estimate",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-length", b"beaucoup")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 2),
    }
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 400
    assert (b"content-type", b"application/problem+json") in sent[0]["headers"]
    assert json.loads(sent[1]["body"])["code"] == "BAD_REQUEST"
