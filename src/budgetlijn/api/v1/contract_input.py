"""A contract's fields as the API receives them (JSON) turned into what the contracts services
take: unknown fields refused, each value typed by the model field's own conversion
(``Field.to_python``), a bad value answered per field in Dutch, and the two persons a contract
names (``holder_signatory``, ``counterparty_person``) looked up within the budget's dossier only.

An id of a person outside the dossier gets the same message as an unknown id, so person ids
cannot be probed through this endpoint."""

from __future__ import annotations

import codecs
import decimal
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding
from rest_framework.utils import json as drf_json

from budgetlijn.api.constants import ErrorCode
from budgetlijn.api.problems import Problem, field_error
from budgetlijn.contracts import inputs
from budgetlijn.contracts.constants import INPUT_FIELDS

an_id = inputs.an_id


class DecimalJSONParser(JSONParser):
    """JSON whose numbers with a fraction arrive as ``Decimal``, never as a float: 14.5 is
    Decimal('14.5'), exactly as sent (money and hours never pass through binary floats)."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        try:
            decoded = codecs.getreader(encoding)(stream)
            constant = drf_json.strict_constant if self.strict else None
            return json.load(decoded, parse_float=decimal.Decimal, parse_constant=constant)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None


def refuse(errors: list[dict], detail: str | None = None) -> Problem:
    unknown = any(error["code"] == ErrorCode.UNKNOWN_FIELD for error in errors)
    return Problem(
        400,
        ErrorCode.UNKNOWN_FIELD if unknown else ErrorCode.INVALID,
        detail or gettext("De overeenkomst is niet geregistreerd: verbeter de velden in 'errors'."),
        errors=errors,
    )


def unknown_fields(fields, allowed) -> list[dict]:
    return [
        field_error(
            name,
            ErrorCode.UNKNOWN_FIELD,
            gettext("Dit veld bestaat niet. Laat het weg (zie de API-documentatie)."),
        )
        for name in sorted(map(str, set(fields) - set(allowed)))
    ]


def contract_data(raw: dict[str, Any], budget) -> dict[str, Any]:
    """The contract fields of ``raw`` typed for the service; every bad value at once as a 400
    problem (unknown fields were refused before)."""
    data: dict[str, Any] = {}
    errors: list[dict] = []
    for name in INPUT_FIELDS:
        if name not in raw:
            continue
        try:
            data[name] = inputs.typed(name, raw[name])
        except ValidationError as error:
            errors.append(
                field_error(name, error.code or ErrorCode.INVALID, " ".join(error.messages))
            )
    wanted = {name: data[name] for name in inputs.PERSON_FIELDS if data.get(name) is not None}
    for name, person in inputs.dossier_persons(budget, wanted).items() if wanted else ():
        if person is not None:
            data[name] = person
            continue
        message = (
            gettext("Kies een budgethouder van dit budget.")
            if name == "holder_signatory"
            else gettext("Kies een persoon van dit dossier (een budgethouder of verwante).")
        )
        errors.append(field_error(name, ErrorCode.PERSON_NOT_IN_DOSSIER, message))
    if errors:
        raise refuse(sorted(errors, key=lambda e: e["field"]))
    return data
