"""Pagination shared by every API list: page numbers, or a keyset cursor for deep pages.

`?page=N` skips N-1 pages with OFFSET, so the database reads and throws away
every earlier row. `?cursor=` (empty for the first page) switches the list to
keyset pagination: the response's `next` link carries an opaque token with the
ordering values of the page's last row, and the next page starts with
`WHERE (ordering) > (those values)`, which an index on the ordering serves at
any depth. Both modes return the same `count`, `next`, `previous` and
`results`. In cursor mode `previous` is always null, because the cursor only
moves forward.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Field, Model, Q, QuerySet
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

CURSOR_QUERY_PARAM = "cursor"


def _ordering_fields(queryset: QuerySet[Any]) -> list[str]:
    """Return the queryset's ordering as field names, ending with the primary key."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    if not all(isinstance(item, str) for item in ordering):
        raise ValidationError({CURSOR_QUERY_PARAM: [_cursor_unavailable_message()]})
    names = [str(item) for item in ordering]
    bare = {name.lstrip("-") for name in names}
    if not bare & {"pk", "id", queryset.model._meta.pk.name}:
        names.append("pk")
    return names


def _local_field(model: type[Model], name: str) -> Field[Any, Any]:
    """Return the non-null field `name` of `model` that a keyset can compare on."""
    field_name = model._meta.pk.name if name == "pk" else name
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        field = None
    if not isinstance(field, Field) or field.null or field.is_relation or "__" in field_name:
        raise ValidationError({CURSOR_QUERY_PARAM: [_cursor_unavailable_message()]})
    return field


def _cursor_unavailable_message() -> str:
    return _(
        "Cursor pagination is not available for this list's ordering; use page numbers instead."
    )


def _invalid_cursor_message() -> str:
    return _("Invalid cursor. Use the `next` link of the previous response, or an empty cursor.")


class HubPageNumberPagination(PageNumberPagination):
    """Pages of `page_size` rows (20 by default, at most 100), by page number or by cursor."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    cursor_query_param = CURSOR_QUERY_PARAM

    keyset_mode = False

    def paginate_queryset(  # type: ignore[override]
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        if self.cursor_query_param not in request.query_params:
            self.keyset_mode = False
            return super().paginate_queryset(queryset, request, view)
        if self.page_query_param in request.query_params:
            raise ValidationError(
                {
                    self.cursor_query_param: [
                        _("Use either the page or the cursor parameter, not both.")
                    ]
                }
            )
        self.keyset_mode = True
        return self._paginate_by_keyset(queryset, request)

    def _paginate_by_keyset(self, queryset: QuerySet[Any], request: Request) -> list[Any]:
        self.request = request
        page_size = self.get_page_size(request) or self.page_size
        ordering = _ordering_fields(queryset)
        fields = [_local_field(queryset.model, name.lstrip("-")) for name in ordering]

        # COUNT runs before the cursor condition is added, so `count` means the same in both modes.
        self.count = queryset.count()

        token = request.query_params.get(self.cursor_query_param, "")
        if token:
            values = self._decode(token, ordering, fields)
            queryset = queryset.filter(self._after(ordering, values))
        rows = list(queryset.order_by(*ordering)[: page_size + 1])

        self.has_next = len(rows) > page_size
        rows = rows[:page_size]
        self.next_token = self._encode(rows[-1], ordering, fields) if self.has_next else None
        self.display_page_controls = False
        return rows

    @staticmethod
    def _after(ordering: list[str], values: list[Any]) -> Q:
        """Build the condition "the row comes after `values` in `ordering`".

        For ordering (a, -b, pk) that is a > x OR (a = x AND (b < y OR (b = y AND pk > z))).
        The redundant a >= x in front lets the database start an index scan
        on the first ordering column at the cursor, where the OR alone makes it
        filter every earlier row.
        """
        condition = Q()
        for name, value in reversed(list(zip(ordering, values, strict=True))):
            field = name.lstrip("-")
            beyond = Q(**{f"{field}__lt" if name.startswith("-") else f"{field}__gt": value})
            condition = beyond if not condition else beyond | (Q(**{field: value}) & condition)
        first = ordering[0].lstrip("-")
        lookup = f"{first}__lte" if ordering[0].startswith("-") else f"{first}__gte"
        return Q(**{lookup: values[0]}) & condition

    @staticmethod
    def _encode(row: Model, ordering: list[str], fields: list[Field[Any, Any]]) -> str:
        values = [field.value_to_string(row) for field in fields]
        payload = json.dumps({"o": ordering, "v": values}, separators=(",", ":"))
        return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")

    def _decode(self, token: str, ordering: list[str], fields: list[Field[Any, Any]]) -> list[Any]:
        """Read the ordering values out of `token`; an invalid one is a 400 naming the parameter."""
        invalid = ValidationError({self.cursor_query_param: [_invalid_cursor_message()]})
        try:
            padded = token + "=" * (-len(token) % 4)
            payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        except (ValueError, binascii.Error, UnicodeError):
            raise invalid from None
        if not isinstance(payload, dict) or payload.get("o") != ordering:
            # A cursor made for another ordering would resume at a wrong place.
            raise invalid
        values = payload.get("v")
        if not isinstance(values, list) or len(values) != len(fields):
            raise invalid
        decoded = []
        for field, value in zip(fields, values, strict=True):
            if not isinstance(value, str):
                raise invalid
            try:
                decoded.append(field.to_python(value))
            except DjangoValidationError:
                raise invalid from None
        return decoded

    def get_paginated_response(self, data: Any) -> Response:
        if not self.keyset_mode:
            return super().get_paginated_response(data)
        return Response(
            {"count": self.count, "next": self.get_next_link(), "previous": None, "results": data}
        )

    def get_next_link(self) -> str | None:
        if not self.keyset_mode:
            return super().get_next_link()
        if self.next_token is None:
            return None
        assert self.request is not None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, self.next_token)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        parameters.append(
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Keyset pagination for deep pages: send an empty `cursor` for the first "
                    "page, then follow `next`. Cannot be combined with `page`; `previous` is "
                    "null in this mode. Lists ordered by a column that may be null, or by a "
                    "related record's column, answer 400 and need page numbers."
                ),
                "schema": {"type": "string"},
            }
        )
        return parameters
