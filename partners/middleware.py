"""Require two-factor authentication from coordinators and staff, who see sensitive data."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from partners.permissions import is_coordinator

# Paths a coordinator without two-factor authentication may still open:
# static files and the API's documentation.
ALLOWED_PREFIXES = ("/static/", "/api/schema/", "/api/docs/")
# Pages a coordinator without two-factor authentication may still open: the
# pages that set it up or confirm the password first, signing out, help and privacy.
ALLOWED_URL_NAMES = {
    "account_logout",
    "account_reauthenticate",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_add_webauthn",
    "mfa_reauthenticate",
    "help",
    "privacy",
}
# Authenticator types that count as a second factor. Recovery codes only
# stand in for one when it is lost.
SECOND_FACTOR_TYPES = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_two_factor(user: object) -> bool:
    """Tell whether `user` has an authenticator app or a security key."""
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTOR_TYPES).exists()


class RequireTwoFactorMiddleware:
    """Send coordinators and staff without an authenticator to the page that activates one.

    API requests get HTTP 403 with the same explanation, as a JSON client
    cannot follow a redirect to a form.
    """

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
        if has_two_factor(user):
            return None

        explanation = _(
            "Coordinators and staff see sensitive information, so they must turn on "
            "two-factor authentication before they continue."
        )
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": explanation}, status=403)
        messages.warning(request, explanation)
        return redirect(reverse("mfa_activate_totp"))
