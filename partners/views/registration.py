"""Registering an organization, editing its profile, its history, and coordinators' verification."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hubsite.concurrency import StaleEdit, rebind_after_stale_edit
from hubsite.forms import describe_fields
from partners import permissions, services
from partners.forms.registration import (
    OrganizationForm,
    OrganizationLogoForm,
    VerificationDecisionForm,
)
from partners.history import build_timeline, can_view_history
from partners.models import Membership, Organization, User, VerificationStatus

logger = logging.getLogger(__name__)

FORM_TEMPLATE = "partners/registration/organization_form.html"
DUPLICATES_TEMPLATE = "partners/registration/duplicates.html"
HISTORY_TEMPLATE = "partners/registration/organization_history.html"
QUEUE_TEMPLATE = "partners/registration/verification_queue.html"
REJECT_TEMPLATE = "partners/registration/verification_reject.html"

# The button of the duplicates step that registers the organization anyway,
# and the one that returns to the filled-in form.
CONFIRM_BUTTON = "register_anyway"
CHANGE_BUTTON = "change_details"

HISTORY_PAGE_SIZE = 50
QUEUE_PAGE_SIZE = 20


def add_service_error(form: BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, on the named field when the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, field_errors in error.error_dict.items():
        target = name if name in form.fields else None
        if name == NON_FIELD_ERRORS:
            target = None
        form.add_error(target, field_errors)


# ---------------------------------------------------------------------------
# Registration and profile
# ---------------------------------------------------------------------------


def render_organization_form(
    request: HttpRequest,
    form: OrganizationForm,
    organization: Organization | None = None,
    logo_form: OrganizationLogoForm | None = None,
) -> HttpResponse:
    describe_fields(form)
    if organization is not None:
        logo_form = logo_form or OrganizationLogoForm()
        describe_fields(logo_form)
    invalid = [each for each in (form, logo_form) if each and each.is_bound and each.errors]
    status = 400 if invalid else 200
    context = {"form": form, "organization": organization, "logo_form": logo_form}
    return render(request, FORM_TEMPLATE, context, status=status)


@login_required
def organization_register(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if request.method != "POST":
        return render_organization_form(request, OrganizationForm())

    form = OrganizationForm(request.POST)
    if not form.is_valid() or CHANGE_BUTTON in request.POST:
        return render_organization_form(request, form)

    if CONFIRM_BUTTON not in request.POST:
        duplicates = list(
            services.find_likely_duplicates(
                form.cleaned_data["name"], form.cleaned_data["website"]
            ).select_related("kind")
        )
        if duplicates and not is_own_registration(user, duplicates, form.cleaned_data["name"]):
            return render_duplicates(request, form, duplicates)

    try:
        organization = services.register_organization(user, **form.service_arguments())
    except ValidationError as error:
        logger.info("Registration by user %s is invalid: %s", user.pk, error.messages)
        add_service_error(form, error)
        return render_organization_form(request, form)

    messages.success(
        request,
        _(
            "%(name)s is registered. A coordinator will verify it "
            "before it appears in the directory."
        )
        % {"name": organization.name},
    )
    return redirect(organization)


def is_own_registration(user: User, duplicates: list[Organization], name: str) -> bool:
    """Tell whether the form was sent again for the pending organization this person registered.

    services.register_organization() then returns that organization instead
    of creating a second one, so the duplicates step is skipped.
    """
    return any(
        duplicate.registered_by_id == user.pk
        and duplicate.verification_status == VerificationStatus.PENDING
        and duplicate.name == name
        for duplicate in duplicates
    )


@dataclass
class Duplicate:
    """A likely duplicate as the duplicates step shows it to the person registering."""

    organization: Organization
    is_member: bool
    can_view: bool


def render_duplicates(
    request: HttpRequest, form: OrganizationForm, duplicates: list[Organization]
) -> HttpResponse:
    member_of = set(
        Membership.objects.filter(user=request.user.pk, organization__in=duplicates).values_list(
            "organization_id", flat=True
        )
    )
    rows = [
        Duplicate(
            organization=duplicate,
            is_member=duplicate.pk in member_of,
            can_view=duplicate.is_public or duplicate.pk in member_of,
        )
        for duplicate in duplicates
    ]
    context = {
        "form": form,
        "duplicates": rows,
        "confirm_button": CONFIRM_BUTTON,
        "change_button": CHANGE_BUTTON,
    }
    return render(request, DUPLICATES_TEMPLATE, context)


@login_required
def organization_edit(request: HttpRequest, slug: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    organization = get_object_or_404(Organization.objects.select_related("kind"), slug=slug)
    if not permissions.has_object_permission(user, permissions.CHANGE, organization):
        raise PermissionDenied

    if request.method != "POST":
        form = OrganizationForm(instance=organization)
        return render_organization_form(request, form, organization)

    # The form writes the submitted values into its instance while it
    # validates. It gets its own copy, so the page keeps showing the saved name.
    form = OrganizationForm(request.POST, instance=Organization.objects.get(pk=organization.pk))
    if not form.is_valid():
        return render_organization_form(request, form, organization)

    try:
        services.update_organization(
            user,
            organization,
            **form.service_arguments(),
            expected_version=form.cleaned_data.get("version"),
        )
    except StaleEdit as error:
        logger.info("Stale edit of organization %s by user %s rejected", organization.pk, user.pk)
        form = OrganizationForm(
            rebind_after_stale_edit(request.POST, error), instance=error.current
        )
        form.is_valid()
        form.add_error(None, str(error.message))
        response = render_organization_form(request, form, organization)
        response.status_code = 409
        return response
    except ValidationError as error:
        logger.info(
            "Change of organization %s by user %s is invalid: %s",
            organization.pk,
            user.pk,
            error.messages,
        )
        add_service_error(form, error)
        return render_organization_form(request, form, organization)

    messages.success(request, _("The changes to %(name)s are saved.") % {"name": organization.name})
    return redirect(organization)


@login_required
@require_POST
def organization_logo(request: HttpRequest, slug: str) -> HttpResponse:
    """Replace or remove the organization's logo, from the form on its edit page."""
    user: User = request.user  # type: ignore[assignment]
    organization = get_object_or_404(Organization.objects.select_related("kind"), slug=slug)
    if not permissions.has_object_permission(user, permissions.CHANGE, organization):
        raise PermissionDenied
    edit_url = reverse("partners:organization-edit", kwargs={"slug": organization.slug})

    if "remove" in request.POST:
        services.set_organization_logo(user, organization, None)
        messages.success(request, _("The logo is removed."))
        return redirect(edit_url)

    logo_form = OrganizationLogoForm(request.POST, request.FILES)
    if logo_form.is_valid():
        try:
            services.set_organization_logo(user, organization, logo_form.cleaned_data["logo"])
        except ValidationError as error:
            logger.info("Logo of organization %s rejected: %s", organization.pk, error.messages)
            logo_form.add_error(None, error)
        else:
            messages.success(request, _("The logo is saved."))
            return redirect(edit_url)

    form = OrganizationForm(instance=organization)
    return render_organization_form(request, form, organization, logo_form)


@login_required
@require_safe
def organization_history(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    if not can_view_history(request.user, organization):
        raise PermissionDenied

    paginator = Paginator(build_timeline(organization), HISTORY_PAGE_SIZE)
    context = {"organization": organization, "page": paginator.get_page(request.GET.get("page"))}
    return render(request, HISTORY_TEMPLATE, context)


# ---------------------------------------------------------------------------
# Verification by coordinators
# ---------------------------------------------------------------------------


@dataclass
class QueueRow:
    """A pending organization in the verification queue, with its likely duplicates."""

    organization: Organization
    duplicates: list[Organization]
    reject_form: VerificationDecisionForm


def decision_form(organization: Organization, data: Any = None) -> VerificationDecisionForm:
    """Return the rejection form of one queue row, with ids unique on the page."""
    form = VerificationDecisionForm(
        data,
        initial={"decision": VerificationDecisionForm.REJECT},
        auto_id=f"id_{organization.pk}_%s",
    )
    form.fields["reason"].label = _("Reason for rejecting %(name)s") % {"name": organization.name}
    return form


def require_coordinator(request: HttpRequest) -> None:
    if not permissions.is_coordinator(request.user):
        raise PermissionDenied


@login_required
@require_safe
def verification_queue(request: HttpRequest) -> HttpResponse:
    require_coordinator(request)

    paginator = Paginator(services.verification_queue(), QUEUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    duplicates = services.likely_duplicates_of(page.object_list)
    rows = []
    for organization in page.object_list:
        form = decision_form(organization)
        describe_fields(form)
        rows.append(QueueRow(organization, duplicates[organization.pk], form))
    context = {"page": page, "rows": rows, "approve": VerificationDecisionForm.APPROVE}
    return render(request, QUEUE_TEMPLATE, context)


@login_required
@require_POST
def verification_decide(request: HttpRequest, slug: str) -> HttpResponse:
    require_coordinator(request)
    coordinator: User = request.user  # type: ignore[assignment]
    organization = get_object_or_404(
        Organization.objects.select_related("kind", "registered_by"), slug=slug
    )
    form = decision_form(organization, request.POST)
    if not form.is_valid():
        return render_rejection(request, organization, form)

    try:
        if form.cleaned_data["decision"] == VerificationDecisionForm.APPROVE:
            services.verify_organization(coordinator, organization)
            message = _("%(name)s is verified and now listed in the directory.")
        else:
            services.reject_organization(coordinator, organization, form.cleaned_data["reason"])
            message = _("%(name)s is rejected. It stays out of the directory.")
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            add_service_error(form, error)
            return render_rejection(request, organization, form)
        organization.refresh_from_db(fields=["verification_status"])
        logger.info(
            "Decision of user %s on organization %s not saved: it is already %s",
            coordinator.pk,
            organization.pk,
            organization.verification_status,
        )
        messages.error(
            request,
            _(
                "Another coordinator has already decided on %(name)s, which is now %(status)s. "
                "Nothing was changed."
            )
            % {
                "name": organization.name,
                "status": organization.get_verification_status_display().lower(),
            },
        )
        return redirect(reverse("partners:verification-queue"))

    messages.success(request, message % {"name": organization.name})
    return redirect(reverse("partners:verification-queue"))


def render_rejection(
    request: HttpRequest, organization: Organization, form: VerificationDecisionForm
) -> HttpResponse:
    """Show the rejection form alone with its errors, such as a missing reason."""
    describe_fields(form)
    context = {
        "organization": organization,
        "form": form,
        "reject": VerificationDecisionForm.REJECT,
    }
    return render(request, REJECT_TEMPLATE, context, status=400)
