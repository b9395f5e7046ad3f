"""The signed-in person's own pages, and the public privacy page.

No URL here carries an id: every page acts on request.user only, so nobody
can open, download or delete another person's data. The pages that need an
account require a verified email address, as allauth's sign-in does.
"""

from __future__ import annotations

import json

from allauth.account.decorators import reauthentication_required, verified_email_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from rest_framework.authtoken.models import Token

from hubsite.forms import describe_fields
from partners import permissions, services
from partners.forms.accounts import AccountDeleteForm, ProfileForm
from partners.middleware import has_two_factor
from partners.models import JoinRequest, Membership, Role, User


def _signed_in_user(request: HttpRequest) -> User:
    """Return the signed-in person. Every view that calls this requires an account."""
    user = request.user
    assert isinstance(user, User)
    return user


def _attach_errors(form: ProfileForm | AccountDeleteForm, error: ValidationError) -> None:
    """Add a service's ValidationError to `form`, on the field it names when the form has one."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


@verified_email_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """List the person's organizations, pending requests and account tools.

    The page runs the same number of queries however many memberships and
    requests the person has.
    """
    user = _signed_in_user(request)
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("organization")
        .order_by("organization__name", "organization_id")
    )
    administered = [m.organization_id for m in memberships if m.is_administrator]
    # One query reads both the person's own pending requests and those they
    # may decide. A request can belong to both lists.
    pending_requests = list(
        JoinRequest.objects.filter(
            Q(user=user) | Q(organization_id__in=administered),
            status=JoinRequest.Status.PENDING,
        )
        .select_related("organization", "user")
        .order_by("created", "id")
    )
    own_requests = [
        join_request for join_request in pending_requests if join_request.user_id == user.pk
    ]
    requests_to_decide = [
        join_request
        for join_request in pending_requests
        if join_request.organization_id in administered
    ]
    is_coordinator = permissions.is_coordinator(user)

    context = {
        "rows": [
            {
                "membership": membership,
                "organization": membership.organization,
                "can_edit": permissions.CHANGE in permissions.ROLE_PERMISSIONS[membership.role],
                "can_declare": permissions.DECLARE_LEADERSHIP
                in permissions.ROLE_PERMISSIONS[membership.role],
            }
            for membership in memberships
        ],
        "own_requests": own_requests,
        "requests_to_decide": requests_to_decide,
        "is_coordinator": is_coordinator,
        "pending_verifications": (
            services.verification_queue().count() if is_coordinator else None
        ),
        "has_two_factor": has_two_factor(user),
    }
    return render(request, "partners/account/dashboard.html", context)


@verified_email_required
def profile(request: HttpRequest) -> HttpResponse:
    """Show and change the preferred language. allauth's pages change email and password."""
    user = _signed_in_user(request)
    status = 200
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.change_preferred_language(user, form.cleaned_data["preferred_language"])
            except ValidationError as error:
                _attach_errors(form, error)
            else:
                messages.success(request, _("Your preferences are saved."))
                return redirect("partners:profile")
        status = 400
    else:
        form = ProfileForm(initial={"preferred_language": user.preferred_language})

    describe_fields(form)
    return render(request, "partners/account/profile.html", {"form": form}, status=status)


@never_cache
@verified_email_required
def data_download(request: HttpRequest) -> HttpResponse:
    """Send everything the hub stores about the signed-in person as a JSON file."""
    user = _signed_in_user(request)
    data = services.export_personal_data(user)
    filename = f"partnership-hub-personal-data-{timezone.localdate():%Y-%m-%d}.json"
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@verified_email_required
@reauthentication_required(allow_get=True)
def account_delete(request: HttpRequest) -> HttpResponse:
    """Explain what deleting the account removes, and delete it once the person confirms.

    Sending the form requires a recent sign-in, so allauth shows its password
    page first and then replays the form. The service rejects the deletion
    while the person is the last administrator of an organization.
    """
    user = _signed_in_user(request)
    status = 200
    if request.method == "POST":
        form = AccountDeleteForm(request.POST)
        if form.is_valid():
            try:
                services.delete_account(user)
            except ValidationError as error:
                _attach_errors(form, error)
            else:
                logout(request)
                messages.success(request, _("Your account and your personal data are deleted."))
                return redirect("home")
        status = 400
    else:
        form = AccountDeleteForm()

    context = {
        "form": form,
        "administered": Membership.objects.filter(user=user, role=Role.ADMINISTRATOR)
        .select_related("organization")
        .order_by("organization__name"),
    }
    describe_fields(form)
    return render(request, "partners/account/delete.html", context, status=status)


@never_cache
@verified_email_required
@reauthentication_required(allow_get=True)
def api_token(request: HttpRequest) -> HttpResponse:
    """Create, replace or revoke the person's API token.

    The key is shown once, on the page that answers the request creating it;
    later visits show only when it was created. Creating or revoking needs a
    recent sign-in, so allauth asks for the password first and replays the form.
    """
    user = _signed_in_user(request)
    new_key = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            new_key = services.issue_api_token(user).key
        elif action == "revoke":
            if services.revoke_api_token(user):
                messages.success(request, _("Your API token is revoked."))
            return redirect("partners:api-token")
        else:
            return render(
                request,
                "partners/account/api_token.html",
                {"token": Token.objects.filter(user=user).first(), "bad_action": True},
                status=400,
            )
    context = {
        "token": Token.objects.filter(user=user).first(),
        "new_key": new_key,
        "api_root": request.build_absolute_uri("/api/v1/me/"),
    }
    return render(request, "partners/account/api_token.html", context)


def privacy(request: HttpRequest) -> HttpResponse:
    """Explain in plain language what the hub stores about people, why, and their rights."""
    context = {"contact_email": settings.HUB_CONTACT_EMAIL}
    return render(request, "partners/account/privacy.html", context)
