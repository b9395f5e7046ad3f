"""Placeholder: views are being written."""

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


declaration_create = _todo
member_list = _todo
member_invite = _todo
member_change = _todo
join_request_decide = _todo
join_request_create = _todo
invitation_accept = _todo
