"""The API's OpenAPI schema: drf-spectacular's, with the error answers every operation can give documented.

Every error leaves the API as `{code, detail}` (portal.api.exception_handler), and any operation can answer
400 (a bad query parameter or body), 401, 403, 404, 406 and 429; writes can also answer 409, 413 and 415. An
operation's own description of one of these (e.g. 400 with findings) wins over the shared one.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Machine-readable error code, e.g. invalid, not_found, conflict.")
    detail = serializers.CharField(help_text="What went wrong, in the caller's language.")

    def get_fields(self) -> dict[str, serializers.Field]:
        # `errors` is a Serializer attribute of its own: the field is added here, not declared on the class.
        fields = super().get_fields()
        fields["errors"] = serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text="For invalid input: messages per field, keyed by where (`days[3].hours`).",
        )
        return fields


_ANY = {
    "400": "Invalid input (a query parameter or the body): `errors` names each field.",
    "401": "No credentials, or credentials that are not valid.",
    "403": "The caller's role may not do this.",
    "404": "No such object, or one the caller may not see (another provider's ids answer 404, never 403).",
    "406": "The Accept header asks for a format the API does not answer in (it answers JSON).",
}
_WRITES = {
    "409": "The object changed since the caller read it (a stale `version`), or its state forbids the change.",
    "413": "The body is larger than the portal accepts.",
    "415": "The body's Content-Type is not one the operation reads.",
}


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        shared = dict(_ANY)
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            shared.update(_WRITES)
        for code, description in shared.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=description), code, ["application/json"], direction
                )
        return responses
