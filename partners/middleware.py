"""Require two-factor authentication from coordinators and staff, who see sensitive data."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from partners.permissions import is_coordinator

# Paths a coordinator without two-factor authentication may still open: the
# pages that set it up, signing out, static files and the language switch.
ALLOWED_PREFIXES = ("/static/", "/api/schema/", "/api/docs/")
ALLOWED_URL_NAMES = {
    "account_logout",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_add_webauthn",
    "mfa_reauthenticate",
    "account_reauthenticate",
    "help",
}


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: object, view_args: object, view_kwargs: object
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or not is_coordinator(user):
            return None
        match = request.resolver_match
        if request.path.startswith(ALLOWED_PREFIXES) or (
            match is not None and match.url_name in ALLOWED_URL_NAMES
        ):
            return None
        if Authenticator.objects.filter(user=user).exists():
            return None
        messages.warning(
            request,
            _(
                "Coordinators and staff see sensitive information, so they must turn on "
                "two-factor authentication before they continue."
            ),
        )
        return redirect(reverse("mfa_activate_totp"))
