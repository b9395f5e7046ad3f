"""Optimistic locking of edited records through a `version` column.

An edit carries the version the editor read (a hidden form field, or the
ETag in `If-Match` or `version` in the body of an API request). Saving raises
the version by a conditional UPDATE in the saving transaction, so of two
edits that read the same version only the first one is written. The second
gets StaleEdit (a 409 page, or 412 from the API) and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Model
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

STALE_MESSAGE = _(
    "Someone else saved this record while you were editing it, so your changes were "
    "not saved. Your text is still in the form: copy what you need, reload the page to "
    "see the saved version, then make your changes again."
)


class StaleEdit(Exception):
    """Someone else saved the record after this edit read it. `current` is the saved record."""

    def __init__(self, current: Model) -> None:
        super().__init__(str(STALE_MESSAGE))
        self.message = STALE_MESSAGE
        self.current = current


def claim_version(instance: Any, expected_version: int | None) -> None:
    """Raise the stored version of `instance` by one if it is still `expected_version`.

    Raises StaleEdit with the stored record otherwise. Call it inside the
    transaction that saves the record: on PostgreSQL the UPDATE locks the row,
    so a concurrent claim waits for the commit and then finds the new version.
    With `expected_version` None (an API client that sent no version) the
    version is raised unconditionally, so later stale edits still see the change.
    """
    model = type(instance)
    rows = model._default_manager.filter(pk=instance.pk)
    if expected_version is None:
        rows.update(version=F("version") + 1)
        instance.version = rows.values_list("version", flat=True).get()
        return
    if not rows.filter(version=expected_version).update(version=F("version") + 1):
        raise StaleEdit(model._default_manager.get(pk=instance.pk))
    instance.version = expected_version + 1


def etag(instance: Any) -> str:
    return f'"{instance.version}"'


def stale_response(error: StaleEdit) -> Response:
    """Return the 412 response of a stale edit, with the stored version in `current_version`."""
    current_version: int = error.current.version  # type: ignore[attr-defined]
    body = {"version": [str(error.message)], "current_version": current_version}
    return Response(body, status=status.HTTP_412_PRECONDITION_FAILED)


def requested_version(request: Request, body_version: int | None) -> int | None:
    """Read the version an API edit starts from: `If-Match` first, then `version` in the body.

    Returns None when the client sent neither; such an edit is not checked.
    """
    header = request.headers.get("If-Match", "").strip()
    if not header:
        return body_version
    value = header.removeprefix("W/").strip('"')
    if not value.isdigit():
        raise exceptions.ValidationError(
            {"version": [_('If-Match must be the ETag of the record, such as "3".')]}
        )
    return int(value)


STALE_RESPONSE = OpenApiResponse(
    description=(
        "The record changed after you read it. `version` names the error and "
        "`current_version` holds the stored version. Nothing was changed: read the "
        "record again and repeat your change."
    )
)


def rebind_after_stale_edit(data: QueryDict, error: StaleEdit) -> QueryDict:
    """Return the submitted form data with the stored version, for the 409 page.

    The editor's text stays in the form, and saving it again is then a choice
    made after seeing the conflict.
    """
    data = data.copy()
    data["version"] = str(error.current.version)  # type: ignore[attr-defined]
    return data
