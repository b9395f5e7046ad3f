"""Placeholder: views are being written."""

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


organization_register = _todo
organization_edit = _todo
organization_history = _todo
verification_queue = _todo
verification_decide = _todo
