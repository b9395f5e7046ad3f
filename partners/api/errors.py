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
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
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
