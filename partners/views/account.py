"""Placeholder: views are being written."""

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


dashboard = _todo
profile = _todo
data_download = _todo
account_delete = _todo
privacy = _todo
