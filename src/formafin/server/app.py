"""The FastAPI application: routes, error handlers and the guard, built by :func:`create_app`.

Every route reads its body with the library's own ``model_validate_json`` and answers with the
library's result serialized as JSON; errors are problems (see :mod:`formafin.server.problems`).
The server is stateless: the rule data is loaded once per process and never changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from fastapi import FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from formafin import __version__
from formafin.errors import DataError, FormafinError, UnknownBaremeError, UnsupportedDateError
from formafin.jsonin import InvalidJsonError, load_json
from formafin.result import FundingEstimate, OpcoResolution
from formafin.rules.cpf_rights import CpfRights
from formafin.server.guard import BATCH_PATH, Guard
from formafin.server.openapi import body, build_openapi, errors, ok
from formafin.server.pages import Pages
from formafin.server.problems import (
    ProblemError,
    from_formafin_error,
    from_invalid_json,
    from_validation_error,
    make_problem,
    problem_response,
)
from formafin.server.schemas import (
    BaremeInfo,
    CheckRequest,
    CheckResult,
    CpfRightsRequest,
    EstimateRequest,
    Health,
    RulesInfo,
)
from formafin.server.services import Services
from formafin.server.settings import Settings
from formafin.server.streaming import NDJSON, BatchStream
from formafin.validation import FieldError

__all__ = ["create_app"]

log = logging.getLogger("formafin.server")
M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

DESCRIPTION = """Les règles de financement de la formation professionnelle de **formafin**.

Les corps sont ceux de la bibliothèque (mêmes modèles, mêmes codes, messages en français).
Les erreurs sont des *problem details* (RFC 9457, `application/problem+json`) : `code`,
`detail` et, pour des données invalides, `errors` (chemin du champ, type, message).
Aucune requête ne fait lire un fichier ou une URL au serveur.
"""


async def _parse(request: Request, model: type[M], limit: int) -> M:
    """The body as ``model``, read like the library reads a dossier file: the strict JSON
    reader of :mod:`formafin.jsonin` (duplicate keys, NaN, huge numbers refused), then
    the model's validation."""
    raw = await request.body()
    try:
        document = load_json(raw, max_bytes=limit)
    except InvalidJsonError as error:
        raise ProblemError(from_invalid_json(error)) from None
    try:
        return model.model_validate(document)
    except ValidationError as error:
        raise ProblemError(from_validation_error(error)) from None


def _call(action: Callable[[], T], fields: dict[type[Exception], str] | None = None) -> T:
    """Run a library call; its input errors become problems, a data bug stays a 500."""
    try:
        return action()
    except DataError:
        raise
    except FormafinError as error:
        field = next((f for k, f in (fields or {}).items() if isinstance(error, k)), None)
        raise ProblemError(from_formafin_error(error, field)) from None


def _day(text: str | None, field: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        message = f"date attendue au format AAAA-MM-JJ (valeur reçue : {text!r})"
        raise ProblemError(
            make_problem(
                422,
                "INVALID_INPUT",
                f"1 champ invalide :\n{field} : {message}",
                (FieldError(field=field, code="date_parsing", message=message),),
            )
        ) from None


def _json(payload: str | bytes) -> Response:
    return Response(payload, media_type="application/json")


_ESTIMATE_FIELDS: dict[type[Exception], str] = {
    UnknownBaremeError: "bareme",
    UnsupportedDateError: "as_of",
}


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """The application; ``settings`` default to the environment, ``services`` to the library."""
    settings = settings if settings is not None else Settings.from_env()
    services = services if services is not None else Services()
    pages = Pages()
    app = FastAPI(
        title="formafin",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    _routes(app, settings, services, pages)
    _handlers(app)
    app.add_middleware(Guard, settings=settings)
    cached: dict[str, Any] = {}

    def openapi() -> dict[str, Any]:
        if "doc" not in cached:
            cached["doc"] = build_openapi(app, secured=settings.api_key is not None)
        return cached["doc"]  # type: ignore[no-any-return]

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _routes(app: FastAPI, settings: Settings, services: Services, pages: Pages) -> None:
    @app.post(
        "/v1/estimate",
        summary="Estimer le financement d'un dossier",
        description=(
            "Quels dispositifs financent, combien, le reste à charge (employeur / stagiaire) "
            "et pourquoi. `as_of` : date des règles ; `bareme` : identifiant d'un barème "
            "livré ou barème complet fourni dans la requête."
        ),
        openapi_extra=body(EstimateRequest),
        responses={
            **ok(FundingEstimate, "L'estimation, avec ses explications."),
            **errors(413, 422, 500),
        },
    )
    async def estimate(request: Request) -> Response:
        req = await _parse(request, EstimateRequest, settings.body_limit)
        result = _call(
            lambda: services.estimate(req.dossier, req.as_of, req.bareme), _ESTIMATE_FIELDS
        )
        return _json(result.model_dump_json())

    @app.post(
        "/v1/check",
        summary="Vérifier un dossier avant envoi",
        description="Ce qu'un OPCO refuserait : pièces, délais, calendrier, prix.",
        openapi_extra=body(CheckRequest),
        responses={**ok(CheckResult, "Les constats et l'estimation."), **errors(413, 422, 500)},
    )
    async def check(request: Request) -> Response:
        req = await _parse(request, CheckRequest, settings.body_limit)
        found = _call(lambda: services.check(req.dossier, req.as_of), _ESTIMATE_FIELDS)
        result = CheckResult.trusted(
            ready=found.ready, as_of=found.as_of, findings=found.findings, estimate=found.estimate
        )
        return _json(result.model_dump_json())

    @app.get(
        "/v1/opco/{idcc}",
        summary="Trouver l'OPCO d'une convention collective (IDCC)",
        responses={
            **ok(OpcoResolution, "L'OPCO et comment il a été trouvé."),
            **errors(404, 422, 500),
        },
    )
    async def opco_by_idcc(
        idcc: Annotated[
            str, Path(description="Code IDCC, quatre chiffres (ex. « 1486 »).", examples=["1486"])
        ],
    ) -> Response:
        result = _call(lambda: services.resolve_opco(idcc, None), {FormafinError: "idcc"})
        return _json(result.model_dump_json())

    @app.get(
        "/v1/opco",
        summary="Suggérer l'OPCO d'après le code NAF",
        description="Indication seulement : l'OPCO découle de la convention collective (IDCC).",
        responses={**ok(OpcoResolution, "La suggestion et sa fiabilité."), **errors(422, 500)},
    )
    async def opco_by_naf(
        naf: Annotated[
            str | None, Query(description="Code NAF, ex. « 62.02A ».", examples=["62.02A"])
        ] = None,
    ) -> Response:
        if naf is None:
            message = "champ obligatoire manquant"
            raise ProblemError(
                make_problem(
                    422,
                    "INVALID_INPUT",
                    f"1 champ invalide :\nnaf : {message}",
                    (FieldError(field="naf", code="missing", message=message),),
                )
            )
        result = _call(lambda: services.resolve_opco(None, naf), {FormafinError: "naf"})
        return _json(result.model_dump_json())

    @app.post(
        "/v1/cpf-rights",
        summary="Calculer les droits CPF acquis",
        openapi_extra=body(CpfRightsRequest),
        responses={**ok(CpfRights, "Les droits, année par année."), **errors(413, 422, 500)},
    )
    async def cpf_rights(request: Request) -> Response:
        req = await _parse(request, CpfRightsRequest, settings.body_limit)
        result = _call(
            lambda: services.cpf_rights(req.years, req.opening_balance),
            {UnsupportedDateError: "years"},
        )
        return _json(result.model_dump_json())

    @app.post(
        BATCH_PATH,
        summary="Estimer un lot (JSON lines en entrée et en sortie, en flux)",
        description=(
            "Un dossier JSON par ligne ; une ligne de résultat par dossier, dans l'ordre, "
            'envoyée dès qu\'elle est calculée (`{"index", "estimate"...}` ou '
            '`{"index", "error"}`). Une ligne de plus de la limite par dossier, ou un lot '
            "au-delà de la limite du lot, arrête le lot par une dernière ligne "
            '`{"code", "error"}`. `detail=summary` : chaque ligne porte `summary` (chiffres '
            "et codes, sans explications) au lieu d'`estimate`."
        ),
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {NDJSON: {"schema": {"type": "string"}}},
            }
        },
        responses={
            200: {
                "description": "Une ligne JSON par dossier.",
                "content": {NDJSON: {"schema": {"type": "string"}}},
            },
            **errors(413, 422, 500),
        },
    )
    async def batch(
        as_of: Annotated[
            str | None, Query(description="Date des règles (AAAA-MM-JJ) pour tout le lot.")
        ] = None,
        detail: Annotated[
            Literal["full", "summary"],
            Query(description="full : résultat complet ; summary : chiffres et codes seulement."),
        ] = "full",
    ) -> Response:
        day = _day(as_of, "as_of")
        run = services.batch_summary if detail == "summary" else services.batch
        return BatchStream(lambda lines: run(lines, day), settings.body_limit, settings.batch_limit)

    rules_cache: dict[str, bytes] = {}

    @app.get(
        "/v1/rules",
        summary="Les règles livrées : millésime, dates couvertes, barèmes",
        responses={**ok(RulesInfo, "Millésime et couverture des règles."), **errors(500)},
    )
    async def rules() -> Response:
        if "body" not in rules_cache:
            data = services.rules()
            info = RulesInfo(
                formafin_version=__version__,
                ruleset_version=data.ruleset.version,
                covers_from=data.ruleset.covers_from,
                verified_until=data.ruleset.verified_until,
                baremes=tuple(
                    BaremeInfo(
                        id=b.id,
                        opco=b.opco,
                        branch=b.branch,
                        valid_from=b.valid_from,
                        valid_until=b.valid_until,
                        status=b.status,
                        last_verified_on=b.last_verified_on,
                    )
                    for b in sorted(data.baremes.values(), key=lambda b: b.id)
                ),
            )
            rules_cache["body"] = info.model_dump_json().encode()
        return _json(rules_cache["body"])

    @app.get("/healthz", summary="État du service", responses=ok(Health, "Le service répond."))
    async def healthz() -> Response:
        return _json(b'{"status":"ok"}')

    @app.get("/", include_in_schema=False)
    async def index() -> Response:
        return pages.html(pages.index)

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Response:
        return pages.html(pages.files["docs.html"])

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        found = pages.static(name)
        if found is None:
            raise StarletteHTTPException(404)
        return found


def _handlers(app: FastAPI) -> None:
    async def on_problem(request: Request, error: Exception) -> Response:
        assert isinstance(error, ProblemError)
        return problem_response(error.problem, error.headers)

    async def on_http(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        status = error.status_code
        if status == 404:
            problem = make_problem(404, "NOT_FOUND", "Aucune ressource à cette adresse.")
        elif status == 405:
            problem = make_problem(405, "METHOD_NOT_ALLOWED", "Méthode non permise ici.")
        else:
            problem = make_problem(status, "HTTP_ERROR", "Requête refusée.")
        return problem_response(problem, dict(error.headers or {}))

    async def on_request_validation(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        items = tuple(
            FieldError(
                field=".".join(str(p) for p in item["loc"][1:]) or "(document)",
                code=str(item["type"]),
                message=str(item["msg"]),
            )
            for item in error.errors()
        )
        detail = "\n".join(f"{i.field} : {i.message}" for i in items)
        return problem_response(make_problem(422, "INVALID_INPUT", detail, items))

    async def on_unexpected(request: Request, error: Exception) -> Response:
        log.exception("erreur interne sur %s %s", request.method, request.url.path)
        problem = make_problem(
            500, "INTERNAL_ERROR", "Erreur interne du service ; elle a été journalisée."
        )
        return problem_response(problem)

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_request_validation)
    app.add_exception_handler(Exception, on_unexpected)
