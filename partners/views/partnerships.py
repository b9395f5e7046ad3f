"""Partnership pages: the directory, one partnership, and the forms of its lead and members.

Each view finds the partnership among those the person may see (404
otherwise), checks who they are, then calls partners.partnerships, which
checks again and enforces the rules. A PartnershipError becomes a message on
the form's field (HTTP 400), a stale edit becomes HTTP 409 with the current
record, and a refused permission becomes a 403 page.
"""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hubsite import ratelimits
from hubsite.forms import describe_fields
from partners import partnerships as services
from partners import permissions
from partners.forms.partnerships import (
    GoalsForm,
    InviteForm,
    LeaveForm,
    PartnershipCreateForm,
    PartnershipForm,
    RespondForm,
    StateForm,
)
from partners.history import person_name
from partners.models import (
    BenefitArea,
    GoalAgreement,
    MemberStatus,
    Organization,
    Partnership,
    PartnershipMember,
    PartnershipQuerySet,
    PartnershipState,
    User,
)
from partners.partnership_filters import PartnershipFilterSet

logger = logging.getLogger(__name__)

DIRECTORY_PAGE_SIZE = 20
MESSAGE_TEMPLATE = "partners/members/message.html"

# The other areas' panels on the partnership page, shown once their tag library exists.
HAS_LEADERSHIP_PANEL = importlib.util.find_spec("partners.templatetags.leadership") is not None
HAS_INITIATIVES_PANEL = (
    importlib.util.find_spec("initiatives") is not None
    and importlib.util.find_spec("initiatives.templatetags.initiatives") is not None
)


def with_directory_relations(queryset: PartnershipQuerySet) -> PartnershipQuerySet:
    """Fetch what a directory row shows in a fixed number of queries."""
    return queryset.with_list_relations().prefetch_related(
        Prefetch("members", queryset=services.listed_members(), to_attr="listed_members")
    )


def _signed_in_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _visible_partnership(request: HttpRequest, slug: str) -> Partnership:
    """Return the partnership, or raise Http404 when the person may not see it."""
    return get_object_or_404(Partnership.objects.visible_to(request.user), slug=slug)


def _forbidden(request: HttpRequest, partnership: Partnership, message: str) -> HttpResponse:
    context = {
        "title": _("You do not have access to this page"),
        "message": message,
        "links": [(partnership.get_absolute_url(), _("Return to the partnership"))],
    }
    return render(request, MESSAGE_TEMPLATE, context, status=403)


def _lead_only(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return _forbidden(
        request,
        partnership,
        _("Only administrators of the lead organization can do this for this partnership."),
    )


def _put_error(form: forms.BaseForm, error: services.PartnershipError) -> None:
    """Show a service's error on the field it names, or at the top of the form."""
    target = error.field if error.field in form.fields else None
    form.add_error(target, str(error.message))


# ---------------------------------------------------------------------------
# Directory and detail
# ---------------------------------------------------------------------------


def partnership_list(request: HttpRequest) -> HttpResponse:
    """List the partnerships the person may see, with search, filters and the benefit areas."""
    visible = Partnership.objects.visible_to(request.user)
    filterset = PartnershipFilterSet(
        request.GET or None, queryset=with_directory_relations(visible), request=request
    )
    describe_fields(filterset.form)
    status = 200
    if filterset.is_bound and not filterset.is_valid():
        status = 400
        page = None
    else:
        paginator = Paginator(filterset.qs, DIRECTORY_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))

    # The counts cover only what the person may see, like the list itself.
    areas = BenefitArea.objects.annotate(
        partnership_count=Count(
            "partnerships", filter=Q(partnerships__in=visible.values("pk")), distinct=True
        )
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "page": page,
        "areas": areas,
        "query_without_page": query.urlencode(),
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
        "can_create": request.user.is_authenticated,
    }
    return render(request, "partners/partnerships/partnership_list.html", context, status=status)


@dataclass
class MemberRow:
    """One member organization on the partnership page, with its agreement to the goals."""

    member: PartnershipMember
    agreed_at: Any = None
    is_own: bool = False


def _detail_context(request: HttpRequest, partnership: Partnership) -> dict[str, Any]:
    user = request.user
    is_coordinator = permissions.is_coordinator(user)
    is_lead_admin = services.is_lead_administrator(user, partnership)
    administered = set(
        permissions.organizations_with_permission(user, permissions.MANAGE_MEMBERS).values_list(
            "pk", flat=True
        )
    )
    own_organizations = (
        set(Organization.objects.filter(memberships__user=user).values_list("pk", flat=True))
        if user.is_authenticated
        else set()
    )

    agreements = {
        agreement.member_id: agreement.agreed_at
        for agreement in GoalAgreement.objects.filter(
            member__partnership=partnership, revision=partnership.goals_revision
        )
    }
    rows: dict[str, list[MemberRow]] = {status: [] for status in MemberStatus.values}
    for member in services.members_shown_to(user, partnership):
        rows[member.status].append(
            MemberRow(
                member=member,
                agreed_at=agreements.get(member.pk),
                is_own=member.organization_id in own_organizations,
            )
        )
    current = rows[MemberStatus.ACCEPTED]
    is_insider = is_coordinator or any(row.is_own for row in current)

    def administered_rows(status: str) -> list[MemberRow]:
        return [row for row in rows[status] if row.member.organization_id in administered]

    to_agree = [
        row
        for row in administered_rows(MemberStatus.ACCEPTED)
        if row.agreed_at is None and partnership.goals_revision
    ]
    can_leave = [
        row for row in administered_rows(MemberStatus.ACCEPTED) if row.member.role != "lead"
    ]
    return {
        "partnership": partnership,
        "current_members": current,
        "invited_members": rows[MemberStatus.INVITED],
        "declined_members": rows[MemberStatus.DECLINED],
        "former_members": rows[MemberStatus.LEFT],
        "agreed_count": sum(1 for row in current if row.agreed_at is not None),
        "goals": services.current_goals(partnership),
        "transitions": partnership.transitions.select_related("actor").order_by("-at", "-id"),
        # Who made each change is shown to coordinators and member organizations only.
        "shows_actors": is_insider,
        "can": {
            "edit": is_lead_admin,
            "state": bool(services.states_user_may_choose(user, partnership)),
            "respond": administered_rows(MemberStatus.INVITED),
            "agree": to_agree,
            "leave": can_leave,
        },
        "has_leadership_panel": HAS_LEADERSHIP_PANEL,
        "has_initiatives_panel": HAS_INITIATIVES_PANEL,
        "person_name": person_name,
    }


def partnership_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show one partnership. A hidden one is a 404 for anyone who may not see it."""
    partnership = get_object_or_404(
        Partnership.objects.visible_to(request.user).with_list_relations(), slug=slug
    )
    context = _detail_context(request, partnership)
    for row in context["transitions"]:
        row.actor_name = person_name(row.actor) if context["shows_actors"] else ""
    return render(request, "partners/partnerships/partnership_detail.html", context)


# ---------------------------------------------------------------------------
# Creating and editing
# ---------------------------------------------------------------------------


def _lead_choices(user: User) -> QuerySet[Organization]:
    administered = permissions.organizations_with_permission(user, permissions.MANAGE_MEMBERS)
    return Organization.objects.public().filter(pk__in=administered.values("pk"))


@login_required
def partnership_create(request: HttpRequest) -> HttpResponse:
    """Propose a partnership, led by a verified organization the person administers."""
    user = _signed_in_user(request)
    choices = _lead_choices(user)
    if not choices.exists():
        refusal = {
            "title": _("You cannot propose a partnership yet"),
            "message": _(
                "A partnership is led by a verified organization. Only its administrators "
                "can propose one. Register your organization, or ask its administrators."
            ),
            "links": [],
        }
        return render(request, MESSAGE_TEMPLATE, refusal, status=403)

    form = PartnershipCreateForm(request.POST or None, lead_choices=choices)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                partnership = services.create_partnership(
                    user,
                    form.cleaned_data["lead_organization"],
                    form.partnership_fields(),
                    themes=form.cleaned_data["themes"],
                    regions=form.cleaned_data["regions"],
                    benefit_areas=form.cleaned_data["benefit_areas"],
                    contribution=form.cleaned_data["contribution"],
                    value_proposition=form.cleaned_data["value_proposition"],
                )
            except services.PartnershipError as error:
                _put_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The partnership was proposed. Invite the other organizations, "
                        "then propose the shared goals."
                    ),
                )
                return redirect(partnership)
        status = 400
    describe_fields(form)
    context = {"form": form, "partnership": None}
    return render(request, "partners/partnerships/partnership_form.html", context, status=status)


# Fields compared to show what someone else changed after a stale save.
COMPARED_FIELDS = ("name", "name_fr", "purpose_en", "purpose_fr", "start_date", "end_date")


@login_required
def partnership_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Change a partnership's description; a save from an older version is refused (409)."""
    user = _signed_in_user(request)
    partnership = _visible_partnership(request, slug)
    if not services.is_lead_administrator(user, partnership):
        return _lead_only(request, partnership)

    form = PartnershipForm(request.POST or None, instance=partnership)
    status = 200
    stale: Partnership | None = None
    changes: list[tuple[str, Any]] = []
    if request.method == "POST":
        if form.is_valid() and form.cleaned_data.get("version") is None:
            form.add_error(None, _("The form is missing its version. Reload the page."))
        if form.is_valid():
            try:
                services.update_partnership(
                    user,
                    partnership,
                    form.partnership_fields(),
                    expected_version=form.cleaned_data["version"],
                    themes=form.cleaned_data["themes"],
                    regions=form.cleaned_data["regions"],
                    benefit_areas=form.cleaned_data["benefit_areas"],
                )
            except services.StaleEdit as error:
                stale = error.current
                changes = [
                    (
                        str(getattr(Partnership._meta.get_field(name), "verbose_name", name)),
                        getattr(stale, name),
                    )
                    for name in COMPARED_FIELDS
                    if getattr(stale, name) != form.cleaned_data.get(name)
                ]
                # The person's text stays in the form; the version moves to the
                # current one, so the next save is a choice made after seeing it.
                data = request.POST.copy()
                data["version"] = str(stale.version)
                form = PartnershipForm(data, instance=stale)
                form.is_valid()
                form.add_error(None, str(error.message))
                status = 409
            except services.PartnershipError as error:
                _put_error(form, error)
                status = 400
            else:
                messages.success(request, _("The partnership was saved."))
                return redirect(partnership)
        else:
            status = 400
    describe_fields(form)
    context = {"form": form, "partnership": partnership, "stale": stale, "changes": changes}
    return render(request, "partners/partnerships/partnership_form.html", context, status=status)


# ---------------------------------------------------------------------------
# Invitations and answers
# ---------------------------------------------------------------------------


@login_required
def partnership_invite(request: HttpRequest, slug: str) -> HttpResponse:
    """Invite an organization, as a lead administrator."""
    user = _signed_in_user(request)
    partnership = _visible_partnership(request, slug)
    if not services.is_lead_administrator(user, partnership):
        return _lead_only(request, partnership)

    taken = partnership.members.filter(
        status__in=[MemberStatus.ACCEPTED, MemberStatus.INVITED]
    ).values("organization_id")
    organizations = Organization.objects.public().exclude(pk__in=taken).order_by("sort_name", "id")
    form = InviteForm(request.POST or None, organizations=organizations)
    status = 200
    if request.method == "POST":
        retry_after = ratelimits.count_invitation(request)
        if retry_after is not None:
            return ratelimits.too_many_requests_page(request, retry_after)
        if form.is_valid():
            try:
                member = services.invite_organization(
                    user,
                    partnership,
                    form.cleaned_data["organization"],
                    role=form.cleaned_data["role"],
                    contribution=form.cleaned_data["contribution"],
                    value_proposition=form.cleaned_data["value_proposition"],
                )
            except services.PartnershipError as error:
                _put_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "%(organization)s was invited. Its administrators received an email; "
                        "it is listed once one of them accepts."
                    )
                    % {"organization": member.organization.name},
                )
                return redirect(partnership)
        status = 400
    describe_fields(form)
    context = {"form": form, "partnership": partnership}
    return render(request, "partners/partnerships/invite_form.html", context, status=status)


def _administered_member(
    request: HttpRequest, user: User, partnership: Partnership, status: str
) -> PartnershipMember | None:
    """Return the member with `status` whose organization the person administers.

    When the person administers several, the `organization` parameter (a
    slug, in the query string or the form) chooses one.
    """
    administered = permissions.organizations_with_permission(user, permissions.MANAGE_MEMBERS)
    members = partnership.members.filter(
        status=status, organization__in=administered.values("pk")
    ).select_related("organization")
    chosen = request.POST.get("organization") or request.GET.get("organization")
    if chosen:
        members = members.filter(organization__slug=chosen)
    return members.order_by("organization__sort_name", "id").first()


@login_required
def partnership_respond(request: HttpRequest, slug: str) -> HttpResponse:
    """Accept or decline an invitation, as an administrator of the invited organization."""
    user = _signed_in_user(request)
    partnership = _visible_partnership(request, slug)
    member = _administered_member(request, user, partnership, MemberStatus.INVITED)
    if member is None:
        return _forbidden(
            request,
            partnership,
            _(
                "There is no open invitation for an organization that you administer. "
                "It may have been answered already."
            ),
        )

    form = RespondForm(
        request.POST or None,
        initial={
            "contribution": member.contribution,
            "value_proposition": member.value_proposition,
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            accept = form.cleaned_data["decision"] == "accept"
            try:
                services.respond_to_invitation(
                    user,
                    member,
                    accept=accept,
                    reason=form.cleaned_data["reason"],
                    contribution=form.cleaned_data["contribution"],
                    value_proposition=form.cleaned_data["value_proposition"],
                )
            except services.PartnershipError as error:
                _put_error(form, error)
            else:
                if accept:
                    messages.success(
                        request,
                        _("%(organization)s is now a member. Read the goals and agree to them.")
                        % {"organization": member.organization.name},
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "You declined the invitation. "
                            "The lead organization can read your reason."
                        ),
                    )
                return redirect(partnership)
        status = 400
    describe_fields(form)
    context = {
        "form": form,
        "partnership": partnership,
        "member": member,
        "lead": services.lead_member(partnership),
        "goals": services.current_goals(partnership),
    }
    return render(request, "partners/partnerships/respond_form.html", context, status=status)


@login_required
def partnership_leave(request: HttpRequest, slug: str) -> HttpResponse:
    """Take an organization the person administers out of the partnership."""
    user = _signed_in_user(request)
    partnership = _visible_partnership(request, slug)
    member = _administered_member(request, user, partnership, MemberStatus.ACCEPTED)
    if member is None:
        return _forbidden(
            request,
            partnership,
            _("Only administrators of a member organization can take it out of the partnership."),
        )

    form = LeaveForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.leave_partnership(user, member, form.cleaned_data["reason"])
            except services.PartnershipError as error:
                _put_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(organization)s left the partnership.")
                    % {"organization": member.organization.name},
                )
                return redirect(partnership)
        status = 400
    describe_fields(form)
    context = {"form": form, "partnership": partnership, "member": member}
    return render(request, "partners/partnerships/leave_form.html", context, status=status)


# ---------------------------------------------------------------------------
# Goals and states
# ---------------------------------------------------------------------------


@login_required
def partnership_goals(request: HttpRequest, slug: str) -> HttpResponse:
    """Propose a new revision of the shared goals, as a lead administrator."""
    user = _signed_in_user(request)
    partnership = _visible_partnership(request, slug)
    if not services.is_lead_administrator(user, partnership):
        return _lead_only(request, partnership)

    goals = services.current_goals(partnership)
    form = GoalsForm(request.POST or None, goals=goals, initial={"version": partnership.version})
    status = 200
    stale = False
    if request.method == "POST":
        if form.is_valid():
            try:
                services.propose_goals(
                    user, partnership, form.goals(), expected_version=form.cleaned_data["version"]
                )
            except services.StaleEdit as error:
                data = request.POST.copy()
                data["version"] = str(error.current.version)
                form = GoalsForm(data, goals=services.current_goals(error.current))
                form.is_valid()
                form.add_error(None, str(error.message))
                partnership = error.current
                goals = services.current_goals(partnership)
                stale = True
                status = 409
            except services.PartnershipError as error:
                _put_error(form, error)
                status = 400
            else:
                messages.success(
                    request,
                    _(
                        "The goals were saved as a new revision. Each member organization "
                        "is asked to agree again."
                    ),
                )
                return redirect(partnership)
        else:
            status = 400
    describe_fields(form)
    context = {"form": form, "partnership": partnership, "goals": goals, "stale": stale}
    return render(request, "partners/partnerships/goals_form.html", context, status=status)


@login_required
@require_POST
def partnership_agree(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a member organization's agreement to the goals revision it read."""
    user = _signed_in_user(request)
    partnership = _visible_partnership(request, slug)
    member = _administered_member(request, user, partnership, MemberStatus.ACCEPTED)
    if member is None:
        return _forbidden(
            request,
            partnership,
            _("Only administrators of a member organization can agree to the goals."),
        )
    try:
        revision = int(request.POST.get("revision", ""))
    except ValueError:
        revision = -1

    try:
        services.agree_to_goals(user, member, revision)
    except services.PartnershipError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("%(organization)s agrees to the goals.") % {"organization": member.organization.name},
        )
    return redirect(partnership)


@login_required
def partnership_state(request: HttpRequest, slug: str) -> HttpResponse:
    """Move the partnership to another state, with the reason."""
    user = _signed_in_user(request)
    partnership = _visible_partnership(request, slug)
    states = services.states_user_may_choose(user, partnership)
    if not states and not permissions.is_coordinator(user):
        return _forbidden(
            request,
            partnership,
            _("Only coordinators and the lead organization's administrators can change the state."),
        )

    form = StateForm(
        request.POST or None, states=states, initial={"expected_state": partnership.state}
    )
    status = 200
    conflict = ""
    if request.method == "POST":
        if form.is_valid():
            try:
                services.change_state(
                    user,
                    partnership,
                    form.cleaned_data["to_state"],
                    form.cleaned_data["reason"],
                    expected_state=form.cleaned_data["expected_state"],
                )
            except PermissionDenied as error:
                form.add_error("to_state", str(error))
                status = 403
            except services.TransitionNotAllowed as error:
                partnership.refresh_from_db()
                form = StateForm(
                    None,
                    states=services.states_user_may_choose(user, partnership),
                    initial={"expected_state": partnership.state},
                )
                conflict = str(error.message)
                status = 409
            except services.PartnershipError as error:
                _put_error(form, error)
                status = 400
            else:
                messages.success(
                    request,
                    _("The partnership is now “%(state)s”.")
                    % {"state": PartnershipState(partnership.state).label},
                )
                return redirect(partnership)
        else:
            status = 400
    describe_fields(form)
    context = {"form": form, "partnership": partnership, "conflict": conflict}
    return render(request, "partners/partnerships/state_form.html", context, status=status)
