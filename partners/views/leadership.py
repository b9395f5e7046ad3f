"""Leadership-role pages, the coordinators' majority list and the "Who is at the table" page.

Each view checks who may see the page, then calls partners.leadership_roles,
which checks permissions again when it writes. A ValidationError from a
service becomes a message on the form (HTTP 400). Included by partners.urls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hubsite.forms import describe_fields
from partners import leadership_roles as services
from partners import permissions
from partners.forms.leadership import AttestationForm, LeadershipRoleForm, OwnLivedExperienceForm
from partners.models import (
    SUCCESSION_HORIZON,
    LeadershipRole,
    LivedExperienceSource,
    Organization,
    Partnership,
    User,
)
from partners.network import missing_voices, who_is_at_the_table

TEMPLATES = "partners/leadership"


@dataclass
class RoleRow:
    """One role on a list page, with the lived experience its viewer may see."""

    role: LeadershipRole
    lived_experience_shown: bool
    is_current: bool
    is_succession_gap: bool


@dataclass
class Body:
    """The partnership or the organization whose roles a page shows."""

    partnership: Partnership | None
    organization: Organization | None

    @property
    def name(self) -> str:
        if self.partnership is not None:
            return self.partnership.display_name
        assert self.organization is not None
        return self.organization.name

    @property
    def url(self) -> str:
        record = self.partnership or self.organization
        assert record is not None
        return record.get_absolute_url()

    def roles(self) -> QuerySet[LeadershipRole]:
        if self.partnership is not None:
            return LeadershipRole.objects.filter(partnership=self.partnership)
        return LeadershipRole.objects.filter(organization=self.organization)

    def can_manage(self, user: Any) -> bool:
        if self.partnership is not None:
            return services.can_manage_partnership_roles(user, self.partnership)
        assert self.organization is not None
        return services.can_manage_organization_roles(user, self.organization)


def _signed_in_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _visible_partnership(request: HttpRequest, slug: str) -> Partnership:
    return get_object_or_404(Partnership.objects.visible_to(request.user), slug=slug)


def _visible_organization(request: HttpRequest, slug: str) -> Organization:
    organization = get_object_or_404(Organization, slug=slug)
    if not permissions.can_view_organization(request.user, organization):
        raise Http404
    return organization


def _body_of(role: LeadershipRole) -> Body:
    return Body(partnership=role.partnership, organization=role.organization)


def _attach_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields, or above the form."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            target = field if field in form.fields else None
            for field_error in field_errors:
                form.add_error(target, field_error)
    else:
        for text in error.messages:
            form.add_error(None, text)


def role_rows(request: HttpRequest, roles: QuerySet[LeadershipRole]) -> list[RoleRow]:
    """Load the roles with their mentor and successor, and decide what the viewer sees."""
    today = timezone.localdate()
    coordinator = permissions.is_coordinator(request.user)
    rows = []
    for role in roles.select_related("mentor", "successor", "partnership", "organization"):
        is_current = role.term_start <= today and (role.term_end is None or role.term_end >= today)
        rows.append(
            RoleRow(
                role=role,
                lived_experience_shown=services.can_see_lived_experience(
                    request.user, role, viewer_is_coordinator=coordinator
                ),
                is_current=is_current,
                is_succession_gap=is_current
                and role.term_end is not None
                and role.term_end <= today + SUCCESSION_HORIZON
                and role.successor_id is None,
            )
        )
    return rows


# ---------------------------------------------------------------------------
# Roles of one partnership or organization
# ---------------------------------------------------------------------------


def _role_list(request: HttpRequest, body: Body) -> HttpResponse:
    can_manage = body.can_manage(request.user)
    form: LeadershipRoleForm | None = None
    status = 200
    if can_manage:
        form = LeadershipRoleForm(request.POST or None, body_roles=body.roles())
        if request.method == "POST":
            if form.is_valid():
                try:
                    role = services.create_role(
                        _signed_in_user(request),
                        form.role_fields(),
                        partnership=body.partnership,
                        organization=body.organization,
                    )
                except ValidationError as error:
                    _attach_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("The role of %(name)s was added.") % {"name": role.person_name},
                    )
                    return redirect(request.path)
            status = 400
        describe_fields(form)
    elif request.method == "POST":
        raise PermissionDenied

    context = {
        "body": body,
        "rows": role_rows(request, body.roles()),
        "can_manage": can_manage,
        "form": form,
    }
    return render(request, f"{TEMPLATES}/role_list.html", context, status=status)


def partnership_roles(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _visible_partnership(request, slug)
    return _role_list(request, Body(partnership=partnership, organization=None))


def organization_roles(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _visible_organization(request, slug)
    return _role_list(request, Body(partnership=None, organization=organization))


def _managed_role(request: HttpRequest, role_id: int) -> LeadershipRole:
    role = get_object_or_404(
        LeadershipRole.objects.select_related("partnership", "organization"), pk=role_id
    )
    if not services.can_manage_role(request.user, role):
        # A stranger learns nothing about the role: the same answer as a missing one.
        raise Http404
    return role


@login_required
def role_edit(request: HttpRequest, role_id: int) -> HttpResponse:
    """Edit a role; record its holder's lived experience with consent; end it."""
    role = _managed_role(request, role_id)
    body = _body_of(role)
    user = _signed_in_user(request)
    initial = {
        "person_name": role.person_name,
        "account_email": role.user.email if role.user else "",
        "title": role.title,
        "term_start": role.term_start,
        "term_end": role.term_end,
        "emerging_leader": role.emerging_leader,
        "mentor": role.mentor_id,
        "successor": role.successor_id,
    }
    other_roles = body.roles().exclude(pk=role.pk)
    action = request.POST.get("action", "")
    form = LeadershipRoleForm(
        request.POST if action == "edit" else None, body_roles=other_roles, initial=initial
    )
    attest_form = AttestationForm(request.POST if action == "attest" else None)
    status = 200

    if action == "edit":
        if form.is_valid():
            try:
                services.update_role(user, role, form.role_fields())
            except ValidationError as error:
                _attach_errors(form, error)
            else:
                messages.success(request, _("The role was saved."))
                return redirect(request.path)
        status = 400
    elif action == "attest":
        if attest_form.is_valid():
            try:
                services.attest_lived_experience(
                    user,
                    role,
                    attest_form.cleaned_data["lived_experience"] == "yes",
                    attest_form.cleaned_data["visibility"],
                    consent_attested=attest_form.cleaned_data["consent_attested"],
                )
            except ValidationError as error:
                _attach_errors(attest_form, error)
            else:
                messages.success(request, _("The lived experience was recorded."))
                return redirect(request.path)
        status = 400
    elif request.method == "POST":
        status = 400
        form.add_error(None, _("The form was not recognized. Reload the page and try again."))

    describe_fields(form)
    describe_fields(attest_form)
    context = {
        "role": role,
        "body": body,
        "form": form,
        "attest_form": attest_form,
        "recorded_by_person": role.lived_experience_source == LivedExperienceSource.SELF,
        "today": timezone.localdate(),
    }
    return render(request, f"{TEMPLATES}/role_form.html", context, status=status)


@login_required
@require_POST
def role_end(request: HttpRequest, role_id: int) -> HttpResponse:
    role = _managed_role(request, role_id)
    try:
        services.end_role(_signed_in_user(request), role)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("partners:leadership-role-edit", role_id=role.pk)
    messages.success(request, _("The term of %(name)s ended today.") % {"name": role.person_name})
    return redirect(_body_roles_url(role))


def _body_roles_url(role: LeadershipRole) -> str:
    from django.urls import reverse

    if role.partnership is not None:
        return reverse("partners:partnership-roles", kwargs={"slug": role.partnership.slug})
    assert role.organization is not None
    return reverse("partners:organization-roles", kwargs={"slug": role.organization.slug})


# ---------------------------------------------------------------------------
# The person's own roles
# ---------------------------------------------------------------------------


@login_required
def my_roles(request: HttpRequest) -> HttpResponse:
    """List the signed-in person's roles, each with a form for their lived experience."""
    user = _signed_in_user(request)
    roles = list(
        LeadershipRole.objects.filter(user=user).select_related("partnership", "organization")
    )
    posted_id = request.POST.get("role") if request.method == "POST" else None
    forms = []
    status = 200
    for role in roles:
        bound = posted_id == str(role.pk)
        form = OwnLivedExperienceForm(request.POST if bound else None, role=role)
        if bound:
            if form.is_valid():
                try:
                    services.record_own_lived_experience(
                        user, role, form.value(), form.cleaned_data["visibility"]
                    )
                except ValidationError as error:
                    _attach_errors(form, error)
                else:
                    messages.success(request, _("Your answer was saved."))
                    return redirect(request.path)
            status = 400
        describe_fields(form)
        forms.append((role, form))
    if posted_id is not None and not any(str(role.pk) == posted_id for role in roles):
        # Someone else's role, or no role: the person may record only their own.
        raise Http404

    context = {"forms": forms}
    return render(request, f"{TEMPLATES}/my_roles.html", context, status=status)


# ---------------------------------------------------------------------------
# Coordinators and the network
# ---------------------------------------------------------------------------


@login_required
def without_majority(request: HttpRequest) -> HttpResponse:
    """List, for coordinators, the partnerships without a lived-experience majority."""
    if not permissions.is_coordinator(request.user):
        raise PermissionDenied
    rows = services.partnerships_without_majority()
    gaps = missing_voices([partnership.pk for partnership, _indicator in rows])
    context = {
        "rows": [(partnership, indicator, gaps[partnership.pk]) for partnership, indicator in rows],
    }
    return render(request, f"{TEMPLATES}/without_majority.html", context)


def who_is_at_the_table_page(request: HttpRequest) -> HttpResponse:
    context = {"populations": who_is_at_the_table()}
    return render(request, f"{TEMPLATES}/who_is_at_the_table.html", context)


urlpatterns = [
    path("partnerships/<slug:slug>/leadership/", partnership_roles, name="partnership-roles"),
    path("organizations/<slug:slug>/leadership/", organization_roles, name="organization-roles"),
    path("leadership-roles/<int:role_id>/", role_edit, name="leadership-role-edit"),
    path("leadership-roles/<int:role_id>/end/", role_end, name="leadership-role-end"),
    path("account/leadership/", my_roles, name="my-leadership-roles"),
    path("coordination/leadership/", without_majority, name="leadership-without-majority"),
    path("network/who-is-at-the-table/", who_is_at_the_table_page, name="who-is-at-the-table"),
]
