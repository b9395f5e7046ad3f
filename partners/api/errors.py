"""Turn the services' errors into API responses, and describe error bodies in the schema.

DRF already responds to django.core.exceptions.PermissionDenied with 403 and
to Http404 with 404. A Django ValidationError would be a 500, so views call services
inside `service_errors()`, which raises DRF's ValidationError instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.settings import api_settings


class Conflict(exceptions.APIException):
    """The request is valid, but the record's current state no longer allows it."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This change conflicts with the record's current state.")
    default_code = "conflict"


def api_validation_error(error: DjangoValidationError) -> exceptions.ValidationError:
    """Convert a service's ValidationError into a 400 body keyed by field name.

    Errors that belong to no field go under "non_field_errors", as DRF's own do.
    """
    if hasattr(error, "error_dict"):
        detail = {
            api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
            for field, messages in error.message_dict.items()
        }
    else:
        detail = {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    return exceptions.ValidationError(detail)


@contextmanager
def service_errors() -> Iterator[None]:
    """Raise a service's ValidationError again as DRF's, so the response is a 400."""
    try:
        yield
    except DjangoValidationError as error:
        raise api_validation_error(error) from None


# ---------------------------------------------------------------------------
# Error bodies, for the OpenAPI schema only
# ---------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer[Any]):
    """The body of a 403, 404, 405 or 409 response."""

    detail = serializers.CharField(help_text="What failed, in the request's language.")


# A 400 body maps each invalid field's name to its messages, and
# "non_field_errors" to the messages that belong to no single field.
# A field that contains a list or nested records maps to an object or a list of
# objects of the same shape, and a body that is not valid JSON gets "detail".
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
            {"type": "object"},
            {"type": "string"},
        ]
    },
    "example": {"website": ["Enter a valid URL."]},
}


BAD_REQUEST = OpenApiResponse(
    VALIDATION_ERROR_SCHEMA, description="Invalid input: the keys name the invalid fields."
)
NOT_SIGNED_IN_OR_FORBIDDEN = OpenApiResponse(
    ErrorSerializer,
    description=(
        "Not signed in, or signed in without the permission this request needs. "
        "Coordinators without two-factor authentication also get 403."
    ),
)
NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description="No such record, or none that you are allowed to see."
)
CONFLICT = OpenApiResponse(ErrorSerializer, description="The record was already decided.")


def add_common_error_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Declare the error responses that DRF gives on any operation of a kind.

    A drf-spectacular postprocessing hook. It adds, where missing:
    403 to an operation that needs a signed-in requester, 404 to one with path
    parameters, a `format` parameter or pagination (a page past the last one),
    400 to a paginated list (invalid page parameters), and 415 to one with a
    request body (another media type).
    """
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            security = operation.get("security", [])
            parameters = operation.get("parameters", [])
            if {} not in security and "403" not in responses:
                responses["403"] = _error_response(str(NOT_SIGNED_IN_OR_FORBIDDEN.description))
            names = {parameter.get("name") for parameter in parameters}
            has_path_parameter = any(parameter.get("in") == "path" for parameter in parameters)
            is_paginated = bool(names & {"page", "cursor"})
            if (has_path_parameter or is_paginated or "format" in names) and "404" not in responses:
                responses["404"] = _error_response(_NOT_FOUND_DESCRIPTION)
            if "requestBody" in operation and "415" not in responses:
                responses["415"] = _error_response(_UNSUPPORTED_MEDIA_TYPE_DESCRIPTION)
            if is_paginated and "400" not in responses:
                responses["400"] = {
                    "content": {"application/json": {"schema": VALIDATION_ERROR_SCHEMA}},
                    "description": "Invalid page parameters, such as both a page and a cursor.",
                }
    return result


_UNSUPPORTED_MEDIA_TYPE_DESCRIPTION = (
    "The body's Content-Type is not one this operation accepts, or DRF could not parse it as one."
)
_NOT_FOUND_DESCRIPTION = (
    "No such record or none that you may see, a page past the last one, or an unknown format."
)


def _error_response(description: str) -> dict[str, Any]:
    return {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        "description": description,
    }
