"""JSON Schema of formafin's input and results, as the runtime validates them.

pydantic's default schema describes a ``Decimal`` as "a number or a string" and knows nothing
of the identifiers' validators. :class:`FormafinJsonSchema` says what formafin accepts: money
as a decimal string with at most two decimals (or a whole number; never a float), hours and
headcounts as a decimal string or a number, and the IDCC, SIRET, NAF, NDA and RNCP / RS codes
with their patterns. Every formafin model uses it by default
(``Dossier.model_json_schema()``); :func:`json_schema` gives the documents
``formafin schema dossier|estimate|check`` prints.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from formafin.bounds import float_as_written, idcc_as_text, refuse_float_money

__all__ = ["FormafinJsonSchema", "SchemaKind", "json_schema"]

SchemaKind = Literal["dossier", "estimate", "check"]

_MONEY_PATTERN = r"^\d{1,10}(\.\d{1,2})?$"
"""A non-negative amount in euros: digits, then at most two decimals (``"1250.50"``)."""
_QUANTITY_PATTERN = r"^\d{1,8}(\.\d{1,2})?$"
_IDENTIFIER_PATTERNS: dict[str, tuple[str, str]] = {
    # validator name: (pattern of what it accepts, description)
    "validate_idcc": (r"^\d{1,4}$", "IDCC : 1 à 4 chiffres, lu sur 4 avec ses zéros (« 0016 »)."),
    "validate_siret": (
        r"^(\d[\s.\-]*){13}\d$",
        "SIRET : 14 chiffres (espaces, points et tirets ignorés), clé de Luhn vérifiée.",
    ),
    "validate_naf": (r"^\d{2}\.?\d{2}[A-Za-z]$", "Code NAF rév. 2 : « 62.02A » ou « 6202A »."),
    "validate_nda": (
        r"^(\d[\s.\-]*){10}\d$",
        "Numéro de déclaration d'activité : 11 chiffres (espaces ignorés).",
    ),
    "validate_certification_code": (
        r"^\s*([Rr][Nn][Cc][Pp]|[Rr][Ss])[\s.\-]*\d{1,6}\s*$",
        "Code RNCP ou RS : « RNCP35185 », « RS5080 ».",
    ),
}
_MAX_MONEY = 1_000_000_000


def _function_name(schema: Any) -> str:
    function = schema.get("function", {}).get("function")
    return getattr(function, "__name__", "")


# pydantic copies the constraints it cannot express (on a Decimal behind a validator) as
# these keys, which are not JSON Schema keywords: the patterns above replace them.
_NOT_KEYWORDS = frozenset({"decimal_places", "max_digits", "ge", "gt", "le", "lt"})


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _strip(item)
            for key, item in value.items()
            if not (key in _NOT_KEYWORDS and not isinstance(item, dict))
        }
    if isinstance(value, list):
        return [_strip(item) for item in value]
    return value


class FormafinJsonSchema(GenerateJsonSchema):
    """pydantic's schema generator, with formafin's money, quantities and identifiers."""

    def generate(
        self,
        schema: core_schema.CoreSchema,
        mode: Literal["validation", "serialization"] = ("validation"),
    ) -> JsonSchemaValue:
        result: JsonSchemaValue = _strip(super().generate(schema, mode=mode))
        return result

    def generate_definitions(self, inputs: Any) -> Any:
        """The same, for several models at once (``models_json_schema``, the OpenAPI)."""
        mapping, definitions = super().generate_definitions(inputs)
        return {key: _strip(value) for key, value in mapping.items()}, _strip(definitions)

    def function_before_schema(
        self, schema: core_schema.BeforeValidatorFunctionSchema
    ) -> JsonSchemaValue:
        name = _function_name(schema)
        if name == refuse_float_money.__name__:
            return self._money(schema)
        if name == float_as_written.__name__:
            return self._quantity(schema)
        if name == idcc_as_text.__name__:
            return self.generate_inner(schema["schema"])
        return super().function_before_schema(schema)

    def function_after_schema(
        self, schema: core_schema.AfterValidatorFunctionSchema
    ) -> JsonSchemaValue:
        name = _function_name(schema)
        if name in _IDENTIFIER_PATTERNS:
            pattern, description = _IDENTIFIER_PATTERNS[name]
            text: JsonSchemaValue = {"type": "string", "pattern": pattern}
            if self.mode == "serialization":
                return text
            if name == "validate_idcc":  # a JSON number 16 is the IDCC 0016
                number = {"type": "integer", "minimum": 0, "maximum": 9999}
                return {"anyOf": [text, number], "description": description}
            return {**text, "description": description}
        return super().function_after_schema(schema)

    def _money(self, schema: Any) -> JsonSchemaValue:
        text: JsonSchemaValue = {"type": "string", "pattern": _MONEY_PATTERN}
        if self.mode == "serialization":
            return text
        whole = {"type": "integer", "minimum": 0, "maximum": _MAX_MONEY}
        return {
            "anyOf": [text, whole],
            "description": "Montant en euros : chaîne décimale (« 1250.50 ») ou entier ; "
            "jamais un nombre à virgule flottante.",
        }

    def _quantity(self, schema: Any) -> JsonSchemaValue:
        text: JsonSchemaValue = {"type": "string", "pattern": _QUANTITY_PATTERN}
        if self.mode == "serialization":
            return text
        return {"anyOf": [text, {"type": "number", "minimum": 0}]}


def _models() -> dict[SchemaKind, tuple[Any, Literal["validation", "serialization"]]]:
    from formafin.models import Dossier
    from formafin.readiness import DossierCheck
    from formafin.result import FundingEstimate

    return {
        "dossier": (Dossier, "validation"),
        "estimate": (FundingEstimate, "serialization"),
        "check": (DossierCheck, "serialization"),
    }


def json_schema(kind: SchemaKind = "dossier") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a dossier (input), an estimate or a check (output).

    >>> json_schema("estimate").get("$schema")
    'https://json-schema.org/draft/2020-12/schema'
    """
    model, mode = _models()[kind]
    schema: dict[str, Any] = model.model_json_schema(schema_generator=FormafinJsonSchema, mode=mode)
    schema["$schema"] = GenerateJsonSchema.schema_dialect
    return schema
