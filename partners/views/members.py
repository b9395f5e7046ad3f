"""Membership pages: members, invitations, requests to join and leadership declarations.

Each view checks the signed-in person's object permission, then calls a
function of partners.services, which checks it again and enforces the rule.
A ValidationError from a service becomes a message on the form (HTTP 400),
and a refused permission becomes the 403 page of this module.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hubsite import ratelimits
from hubsite.forms import describe_fields
from partners import permissions, services
from partners.forms.members import (
    InvitationForm,
    JoinRequestForm,
    LeadershipDeclarationForm,
    MemberRoleForm,
)
from partners.models import (
    Invitation,
    JoinRequest,
    LeadershipDeclaration,
    Membership,
    Organization,
    ShareBand,
    User,
)

logger = logging.getLogger(__name__)

MESSAGE_TEMPLATE = "partners/members/message.html"


@dataclass
class MemberRow:
    """One member on the members page, with the forms its viewer may use."""

    membership: Membership
    is_self: bool
    role_form: MemberRoleForm | None = None
    remove_error: str = ""


@dataclass
class DeclarationRow:
    """One declaration in the history, with its share band in words."""

    declaration: LeadershipDeclaration
    band_label: str


@dataclass
class PageError:
    """A problem listed in the error summary, linked to the element that has it."""

    target: str
    message: str


@dataclass
class MemberPageState:
    """The bound forms and errors of a failed POST, shown on the members page."""

    invite_form: InvitationForm | None = None
    role_forms: dict[int, MemberRoleForm] = field(default_factory=dict)
    remove_errors: dict[int, str] = field(default_factory=dict)
    errors: list[PageError] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _signed_in_user(request: HttpRequest) -> User:
    """Return the signed-in person. Every view here requires sign-in (login_required)."""
    user = request.user
    assert isinstance(user, User)
    return user


def _message_page(
    request: HttpRequest,
    *,
    title: str,
    message: str,
    status: int,
    organization: Organization | None = None,
    links: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """Render a page that explains why an action cannot go ahead and what to do next."""
    context = {
        "title": title,
        "message": message,
        "organization": organization,
        "links": links or [],
    }
    return render(request, MESSAGE_TEMPLATE, context, status=status)


def _forbidden(request: HttpRequest, organization: Organization, message: str) -> HttpResponse:
    links = []
    if organization.is_public:
        links.append((organization.get_absolute_url(), _("See the organization's public page")))
    return _message_page(
        request,
        title=_("You do not have access to this page"),
        message=message,
        status=403,
        organization=organization,
        links=links,
    )


def _members_forbidden(request: HttpRequest, organization: Organization) -> HttpResponse:
    return _forbidden(
        request,
        organization,
        _("Only the members of %(organization)s and the hub's coordinators can see this page.")
        % {"organization": organization.name},
    )


def _administrators_only(request: HttpRequest, organization: Organization) -> HttpResponse:
    return _forbidden(
        request,
        organization,
        _("Only the administrators of %(organization)s can do this.")
        % {"organization": organization.name},
    )


def _log_rejection(action: str, user: User, organization: Organization, error: Exception) -> None:
    """Log a service error that the page shows to the person instead of raising it."""
    logger.info(
        "Rejected %s by user %s on organization %s: %s", action, user.pk, organization.pk, error
    )


def _attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Add a service's ValidationError to `form`, on the field it names when the form has one."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, field_errors in error.error_dict.items():
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        form.add_error(target, field_errors)


def _can_see_members(user: User, organization: Organization) -> bool:
    return permissions.is_coordinator(user) or permissions.has_object_permission(
        user, permissions.VIEW_PRIVATE, organization
    )


def _can_manage(user: User, organization: Organization) -> bool:
    return permissions.has_object_permission(user, permissions.MANAGE_MEMBERS, organization)


def _members_url(organization: Organization) -> str:
    return reverse("partners:member-list", kwargs={"slug": organization.slug})


# ---------------------------------------------------------------------------
# Members page
# ---------------------------------------------------------------------------


def _render_members(
    request: HttpRequest,
    organization: Organization,
    state: MemberPageState | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the members page, with the bound forms and errors of a failed POST in `state`."""
    state = state or MemberPageState()
    user = _signed_in_user(request)
    can_manage = _can_manage(user, organization)

    memberships = (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("user__email", "id")
    )
    rows = []
    for membership in memberships:
        row = MemberRow(
            membership=membership,
            is_self=membership.user_id == user.pk,
            remove_error=state.remove_errors.get(membership.pk, ""),
        )
        if can_manage:
            row.role_form = state.role_forms.get(membership.pk) or MemberRoleForm(
                initial={"role": membership.role}, membership=membership
            )
            describe_fields(row.role_form)
        rows.append(row)

    invite_form = state.invite_form or InvitationForm()
    describe_fields(invite_form)
    errors = list(state.errors)
    for name, field_errors in invite_form.errors.items():
        if name == NON_FIELD_ERRORS:
            errors.extend(PageError("invite", str(message)) for message in field_errors)
            continue
        bound = invite_form[name]
        errors.extend(
            PageError(bound.id_for_label, f"{bound.label}: {message}") for message in field_errors
        )

    context = {
        "organization": organization,
        "rows": rows,
        "invitations": Invitation.objects.filter(
            organization=organization, accepted_at__isnull=True
        )
        .select_related("invited_by")
        .order_by("email", "id"),
        "join_requests": JoinRequest.objects.filter(
            organization=organization, status=JoinRequest.Status.PENDING
        )
        .select_related("user")
        .order_by("created", "id"),
        "can_manage": can_manage,
        "can_declare": permissions.has_object_permission(
            user, permissions.DECLARE_LEADERSHIP, organization
        ),
        "invite_form": invite_form,
        "errors": errors,
    }
    return render(request, "partners/members/member_list.html", context, status=status)


@login_required
def member_list(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    if not _can_see_members(_signed_in_user(request), organization):
        return _members_forbidden(request, organization)

    return _render_members(request, organization)


@login_required
@require_POST
def member_invite(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    user = _signed_in_user(request)
    if not _can_manage(user, organization):
        return _administrators_only(request, organization)
    retry_after = ratelimits.count_invitation(request)
    if retry_after is not None:
        return ratelimits.too_many_requests_page(request, retry_after)

    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invite_member(
                user, organization, form.cleaned_data["email"], form.cleaned_data["role"]
            )
        except PermissionDenied as error:
            _log_rejection("invitation", user, organization, error)
            return _administrators_only(request, organization)
        except ValidationError as error:
            _log_rejection("invitation", user, organization, error)
            _attach_errors(form, error)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. Its link works until %(date)s.")
                % {
                    "email": invitation.email,
                    "date": date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT"),
                },
            )
            return redirect(_members_url(organization))

    return _render_members(request, organization, MemberPageState(invite_form=form), status=400)


@login_required
@require_POST
def member_change(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    """Change a member's role (action=role) or remove them (action=remove), or leave."""
    organization = get_object_or_404(Organization, slug=slug)
    user = _signed_in_user(request)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organization"),
        pk=membership_id,
        organization=organization,
    )
    action = request.POST.get("action")
    is_self = membership.user_id == user.pk
    if not (action == "remove" and is_self) and not _can_manage(user, organization):
        return _administrators_only(request, organization)

    if action == "role":
        return _change_role(request, user, membership)
    if action == "remove":
        return _remove_member(request, user, membership)
    return _message_page(
        request,
        title=_("This change is not possible"),
        message=_("The action field must be “role” or “remove”."),
        status=400,
        organization=organization,
        links=[(_members_url(organization), _("Back to the members"))],
    )


def _change_role(request: HttpRequest, user: User, membership: Membership) -> HttpResponse:
    organization = membership.organization
    form = MemberRoleForm(request.POST, membership=membership)
    if form.is_valid():
        try:
            services.change_role(user, membership, form.cleaned_data["role"])
        except PermissionDenied as error:
            _log_rejection(f"role change of membership {membership.pk}", user, organization, error)
            return _administrators_only(request, organization)
        except ValidationError as error:
            _log_rejection(f"role change of membership {membership.pk}", user, organization, error)
            _attach_errors(form, error)
        else:
            messages.success(
                request,
                _("%(member)s is now %(role)s.")
                % {"member": membership.user.email, "role": membership.get_role_display()},
            )
            return redirect(_members_url(organization))

    state = MemberPageState(role_forms={membership.pk: form})
    role = form["role"]
    for message in [*role.errors, *form.non_field_errors()]:
        state.errors.append(PageError(role.id_for_label, f"{role.label}: {message}"))
    return _render_members(request, organization, state, status=400)


def _remove_member(request: HttpRequest, user: User, membership: Membership) -> HttpResponse:
    """Ask for confirmation first, then remove the member or let them leave."""
    organization = membership.organization
    is_self = membership.user_id == user.pk
    if request.POST.get("confirm") != "yes":
        context = {"organization": organization, "membership": membership, "is_self": is_self}
        return render(request, "partners/members/member_remove_confirm.html", context)

    try:
        services.remove_member(user, membership)
    except PermissionDenied as error:
        _log_rejection(f"removal of membership {membership.pk}", user, organization, error)
        return _administrators_only(request, organization)
    except ValidationError as error:
        _log_rejection(f"removal of membership {membership.pk}", user, organization, error)
        message = " ".join(error.messages)
        state = MemberPageState(
            remove_errors={membership.pk: message},
            errors=[PageError(f"remove-{membership.pk}", f"{membership.user.email}: {message}")],
        )
        return _render_members(request, organization, state, status=400)

    if is_self:
        messages.success(
            request, _("You left %(organization)s.") % {"organization": organization.name}
        )
        if organization.is_public:
            return redirect(organization.get_absolute_url())
        return redirect("home")
    messages.success(
        request,
        _("%(member)s was removed from %(organization)s.")
        % {"member": membership.user.email, "organization": organization.name},
    )
    return redirect(_members_url(organization))


@login_required
@require_POST
def join_request_decide(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    """Approve (decision=approve) or decline (decision=decline) a pending request to join."""
    organization = get_object_or_404(Organization, slug=slug)
    user = _signed_in_user(request)
    if not _can_manage(user, organization):
        return _administrators_only(request, organization)
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("user", "organization"),
        pk=request_id,
        organization=organization,
    )
    decision = request.POST.get("decision")
    if decision not in {"approve", "decline"}:
        return _message_page(
            request,
            title=_("This decision is not possible"),
            message=_("The decision field must be “approve” or “decline”."),
            status=400,
            organization=organization,
            links=[(_members_url(organization), _("Back to the members"))],
        )

    try:
        services.decide_join_request(user, join_request, approve=decision == "approve")
    except PermissionDenied as error:
        _log_rejection(f"decision on join request {join_request.pk}", user, organization, error)
        return _administrators_only(request, organization)
    except ValidationError as error:
        _log_rejection(f"decision on join request {join_request.pk}", user, organization, error)
        state = MemberPageState(
            errors=[PageError("join-requests", message) for message in error.messages]
        )
        return _render_members(request, organization, state, status=400)

    values = {"member": join_request.user.email, "organization": organization.name}
    if decision == "approve":
        messages.success(request, _("%(member)s joined %(organization)s as a viewer.") % values)
    else:
        messages.success(request, _("You declined the request of %(member)s.") % values)
    return redirect(_members_url(organization))


# ---------------------------------------------------------------------------
# Invitations and requests to join
# ---------------------------------------------------------------------------


@login_required
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Show an invitation with a button to accept it. A POST accepts it."""
    user = _signed_in_user(request)
    invitation = (
        Invitation.objects.select_related("organization", "invited_by").filter(token=token).first()
    )
    if invitation is None:
        return _message_page(
            request,
            title=_("Invitation not found"),
            message=_(
                "This invitation link is not valid. Check that you opened the whole link "
                "from the email, or ask the organization for a new invitation."
            ),
            status=404,
        )

    try:
        services.check_invitation(user, invitation)
        if request.method == "POST":
            membership = services.accept_invitation(user, token)
        else:
            return render(request, "partners/members/invitation.html", {"invitation": invitation})
    except ValidationError as error:
        _log_rejection(f"invitation {invitation.pk}", user, invitation.organization, error)
        return _message_page(
            request,
            title=_("This invitation cannot be used"),
            message=" ".join(error.messages),
            status=400,
            links=[(reverse("account_logout"), _("Sign out to use another account"))]
            if invitation.email.lower() != user.email.lower()
            else [],
        )

    messages.success(
        request,
        _("You are a member of %(organization)s as %(role)s.")
        % {"organization": invitation.organization.name, "role": membership.get_role_display()},
    )
    return redirect(_members_url(invitation.organization))


@login_required
def join_request_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Let a signed-in person ask to join an organization they can see."""
    user = _signed_in_user(request)
    organization = get_object_or_404(Organization, slug=slug)
    if not permissions.can_view_organization(user, organization):
        return _message_page(
            request,
            title=_("Organization not found"),
            message=_("No organization in the directory has this address."),
            status=404,
            links=[(reverse("partners:organization-list"), _("Search the directory"))],
        )

    context: dict[str, Any] = {
        "organization": organization,
        "is_member": Membership.objects.filter(organization=organization, user=user).exists(),
        "pending": JoinRequest.objects.filter(
            organization=organization, user=user, status=JoinRequest.Status.PENDING
        ).first(),
        "form": None,
    }
    if context["is_member"] or context["pending"] is not None:
        status = 400 if request.method == "POST" and context["is_member"] else 200
        return render(request, "partners/members/join_request.html", context, status=status)

    form = JoinRequestForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.request_to_join(user, organization, form.cleaned_data["message"])
        except ValidationError as error:
            _log_rejection("request to join", user, organization, error)
            _attach_errors(form, error)
        else:
            messages.success(
                request,
                _("Your request was sent to the administrators of %(organization)s.")
                % {"organization": organization.name},
            )
            return redirect("partners:join-request", slug=organization.slug)

    describe_fields(form)
    context["form"] = form
    status = 400 if form.is_bound else 200
    return render(request, "partners/members/join_request.html", context, status=status)


# ---------------------------------------------------------------------------
# Leadership declarations
# ---------------------------------------------------------------------------


def _declaration_initial(current: LeadershipDeclaration | None) -> dict[str, Any]:
    """Start a renewal from the current counts. The attestation is never prefilled."""
    if current is None:
        return {}
    return {
        "body_name": current.body_name,
        "seats_total": current.seats_total,
        "seats_with_lived_experience": current.seats_with_lived_experience,
        "chief_executive_lived_experience": current.chief_executive_lived_experience,
        "run_by_and_for": current.run_by_and_for,
    }


@login_required
def declaration_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a new leadership declaration and list the earlier ones."""
    organization = get_object_or_404(Organization, slug=slug)
    user = _signed_in_user(request)
    if not permissions.has_object_permission(user, permissions.DECLARE_LEADERSHIP, organization):
        return _forbidden(
            request,
            organization,
            _("Only the administrators of %(organization)s can declare its leadership.")
            % {"organization": organization.name},
        )

    declarations = list(
        LeadershipDeclaration.objects.filter(organization=organization)
        .select_related("attested_by")
        .order_by("-attested_at", "-id")
    )
    current = next((item for item in declarations if item.superseded_at is None), None)

    if request.method == "POST":
        form = LeadershipDeclarationForm(request.POST)
    else:
        form = LeadershipDeclarationForm(initial=_declaration_initial(current))
    if form.is_bound and form.is_valid():
        try:
            declaration = services.declare_leadership(user, organization, form.cleaned_data)
        except PermissionDenied as error:
            _log_rejection("leadership declaration", user, organization, error)
            return _administrators_only(request, organization)
        except ValidationError as error:
            _log_rejection("leadership declaration", user, organization, error)
            _attach_errors(form, error)
        else:
            messages.success(
                request,
                _("The declaration of %(date)s is saved and attributed to you.")
                % {"date": date_format(timezone.localtime(declaration.attested_at), "DATE_FORMAT")},
            )
            return redirect("partners:declaration-create", slug=organization.slug)

    describe_fields(form)
    context = {
        "organization": organization,
        "form": form,
        "current": current,
        "declarations": [
            DeclarationRow(item, str(ShareBand(item.band).label)) for item in declarations
        ],
    }
    status = 400 if form.is_bound else 200
    return render(request, "partners/members/declaration_form.html", context, status=status)
