"""Pages of the initiative directory, similar work, connections and proposals."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hubsite.concurrency import StaleEdit, rebind_after_stale_edit
from hubsite.forms import describe_fields
from hubsite.reference_cache import attach_reference_lists
from initiatives import services
from initiatives.filters import InitiativeFilterSet
from initiatives.forms import ConnectForm, InitiativeForm, LeadOrganizationForm, ProposalForm
from initiatives.models import (
    HEADING_FIELDS,
    ChangeProposal,
    ConnectionRequest,
    Initiative,
)
from partners import permissions
from partners.models import Organization, Partnership, Region, Theme

DIRECTORY_PAGE_SIZE = 20


def _visible_or_404(request: HttpRequest, pk: int) -> Initiative:
    queryset = Initiative.objects.visible_to(request.user).select_related(
        "lead_organization", "lead_organization__kind", "partnership"
    )
    return get_object_or_404(queryset, pk=pk)


def _add_service_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)
    describe_fields(form)


def initiative_list(request: HttpRequest) -> HttpResponse:
    filterset = InitiativeFilterSet(
        request.GET or None,
        queryset=Initiative.objects.visible_to(request.user).with_list_relations(),
        request=request,
    )
    status = 200
    describe_fields(filterset.form)
    if filterset.is_bound and not filterset.is_valid():
        status = 400
        page = None
    else:
        page = Paginator(filterset.qs, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))

    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "page": page,
        "query_without_page": query.urlencode(),
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
        "can_create": request.user.is_authenticated
        and permissions.organizations_with_permission(request.user, permissions.CHANGE).exists(),
    }
    return render(request, "initiatives/initiative_list.html", context, status=status)


def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an initiative to the people who may see it.

    Others get 404, so a hidden initiative's existence stays unknown.
    """
    initiative = _visible_or_404(request, pk)
    user = request.user
    partnership = None
    if initiative.partnership_id is not None:
        partnership = (
            Partnership.objects.visible_to(user).filter(pk=initiative.partnership_id).first()
        )
    partners = initiative.partner_organizations.filter(
        pk__in=permissions_visible_organizations(user).values("pk")
    ).order_by("sort_name", "pk")
    # The page and each suggestion show themes, regions and groups. One query
    # reads the links of all of them, where prefetch_related would run six.
    similar = list(services.similar_work_for(initiative, user).prefetch_related(None))
    attach_reference_lists(
        [initiative, *(suggestion.other for suggestion in similar)],
        "themes",
        "regions",
        "intersectional_groups",
    )
    _add_match_reasons(initiative, similar)

    headings = [
        {
            "label": label,
            "english": getattr(initiative, f"{name}_en"),
            "french": getattr(initiative, f"{name}_fr"),
            "name": name,
        }
        for name, label in HEADING_FIELDS
    ]
    can_edit = services.can_edit(user, initiative)
    context = {
        "initiative": initiative,
        "partnership": partnership,
        "partners": partners,
        "headings": headings,
        "similar": similar,
        "can_edit": can_edit,
        "can_connect": services.requesting_initiatives(user, initiative).exists(),
        "can_propose": services.proposing_organizations(user, initiative).exists(),
        "pending_proposals": initiative.change_proposals.filter(
            status=ChangeProposal.Status.PENDING
        ).select_related("organization")
        if can_edit
        else [],
    }
    return render(request, "initiatives/initiative_detail.html", context)


def _add_match_reasons(initiative: Initiative, similar: list[Any]) -> None:
    """Set `shared_themes` and `shared_regions` on each suggestion.

    A national initiative overlaps every region.
    """
    own_themes = {theme.pk for theme in initiative.themes.all()}
    own_regions = {region.pk for region in initiative.regions.all()}
    national = any(region.code == "CA" for region in initiative.regions.all())
    for suggestion in similar:
        other = suggestion.other
        suggestion.shared_themes = [theme for theme in other.themes.all() if theme.pk in own_themes]
        suggestion.shared_regions = [
            region
            for region in other.regions.all()
            if region.pk in own_regions or national or region.code == "CA"
        ]


def permissions_visible_organizations(user: Any) -> Any:
    if permissions.is_coordinator(user):
        return Organization.objects.all()
    public = Organization.objects.public()
    if not user.is_authenticated:
        return public
    own = permissions.organizations_with_permission(user, permissions.VIEW_PRIVATE)
    return Organization.objects.filter(pk__in=public.values("pk")) | Organization.objects.filter(
        pk__in=own.values("pk")
    )


@login_required
def initiative_create(request: HttpRequest) -> HttpResponse:
    organizations = permissions.organizations_with_permission(
        request.user, permissions.CHANGE
    ).order_by("sort_name", "pk")
    if not organizations.exists():
        raise PermissionDenied
    lead_form = LeadOrganizationForm(request.POST or None, organizations=organizations)
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and lead_form.is_valid() and form.is_valid():
        try:
            initiative = services.create_initiative(
                request.user,  # type: ignore[arg-type]
                lead_form.cleaned_data["lead_organization"],
                form.model_fields(),
                form.relations(),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The initiative was added."))
            return redirect(initiative)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "initiatives/initiative_form.html",
        {"form": form, "lead_form": lead_form, "initiative": None},
        status=status,
    )


@login_required
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _visible_or_404(request, pk)
    if not services.can_edit(request.user, initiative):
        raise PermissionDenied
    form = InitiativeForm(request.POST or None, instance=initiative)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_initiative(
                request.user,  # type: ignore[arg-type]
                initiative,
                form.model_fields(),
                form.relations(),
                expected_version=form.cleaned_data.get("version"),
            )
        except StaleEdit as error:
            initiative = error.current  # type: ignore[assignment]
            form = InitiativeForm(rebind_after_stale_edit(request.POST, error), instance=initiative)
            form.is_valid()
            form.add_error(None, str(error.message))
            status = 409
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(initiative)
    return render(
        request,
        "initiatives/initiative_form.html",
        {"form": form, "lead_form": None, "initiative": initiative},
        status=status,
    )


@login_required
@require_POST
def similar_dismiss(request: HttpRequest, pk: int, other_pk: int) -> HttpResponse:
    initiative = _visible_or_404(request, pk)
    other = _visible_or_404(request, other_pk)
    if not services.can_edit(request.user, initiative):
        raise PermissionDenied
    services.dismiss_suggestion(request.user, initiative, other)  # type: ignore[arg-type]
    messages.success(
        request,
        _("“%(title)s” will no longer be suggested as similar work.") % {"title": other.title},
    )
    return redirect(f"{initiative.get_absolute_url()}#similar-heading")


@login_required
def initiative_connect(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the lead of this initiative for an introduction, from one of the user's initiatives."""
    target = _visible_or_404(request, pk)
    own = services.requesting_initiatives(request.user, target)
    if not own.exists():
        raise PermissionDenied
    form = ConnectForm(
        request.POST or None, initiatives=own, initial={"from_initiative": request.GET.get("from")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.request_connection(
                request.user,  # type: ignore[arg-type]
                form.cleaned_data["from_initiative"],
                target,
                form.cleaned_data["message"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your request was sent. You will receive an email when the lead answers."),
            )
            return redirect(target)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "initiatives/connect_form.html", {"form": form, "target": target}, status=status
    )


@login_required
def connection_list(request: HttpRequest) -> HttpResponse:
    """List the requests to initiatives whose lead the user edits, and those the user sent."""
    editable = permissions.organizations_with_permission(request.user, permissions.CHANGE)
    related = ("from_initiative__lead_organization", "to_initiative__lead_organization")
    received = (
        ConnectionRequest.objects.filter(to_initiative__lead_organization__in=editable.values("pk"))
        .select_related(*related)
        .order_by("-created", "-pk")[:100]
    )
    sent = (
        ConnectionRequest.objects.filter(requested_by=request.user.pk)
        .select_related(*related)
        .order_by("-created", "-pk")[:100]
    )
    return render(request, "initiatives/connection_list.html", {"received": received, "sent": sent})


@login_required
@require_POST
def connection_decide(request: HttpRequest, pk: int) -> HttpResponse:
    connection = get_object_or_404(
        ConnectionRequest.objects.select_related("to_initiative__lead_organization"), pk=pk
    )
    if not services.can_decide(request.user, connection):
        raise Http404
    decision = request.POST.get("decision")
    if decision not in {"accept", "decline"}:
        messages.error(request, _("Choose to accept or decline the request."))
        return redirect("initiatives:connection-list")
    try:
        services.decide_connection(request.user, connection, accept=decision == "accept")  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if decision == "accept":
            messages.success(
                request,
                _(
                    "Accepted. You and the requester will each receive the other's contact "
                    "by email."
                ),
            )
        else:
            messages.success(
                request, _("Declined. The requester will be told, without your contact.")
            )
    return redirect("initiatives:connection-list")


@login_required
def proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _visible_or_404(request, pk)
    organizations = services.proposing_organizations(request.user, initiative)
    if not organizations.exists():
        raise PermissionDenied
    form = ProposalForm(request.POST or None, initiative=initiative, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_change(
                request.user,  # type: ignore[arg-type]
                initiative,
                form.cleaned_data["organization"],
                form.changes(),
                form.cleaned_data["message"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Your proposal was sent to the lead organization."))
            return redirect(initiative)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "initiatives/proposal_form.html",
        {"form": form, "initiative": initiative},
        status=status,
    )


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        ChangeProposal.objects.select_related("initiative__lead_organization"), pk=pk
    )
    if not services.can_edit(request.user, proposal.initiative):
        raise Http404
    decision = request.POST.get("decision")
    if decision not in {"accept", "decline"}:
        messages.error(request, _("Choose to accept or decline the proposal."))
        return redirect(proposal.initiative)
    try:
        services.decide_proposal(request.user, proposal, accept=decision == "accept")  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The proposal was accepted.")
            if decision == "accept"
            else _("The proposal was declined."),
        )
    return redirect(proposal.initiative)


def province_overview(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Initiatives by theme for one province or territory: what is happening there."""
    provinces = Region.objects.exclude(kind=Region.Kind.NATIONAL).order_by("code")
    code = code or request.GET.get("province")
    province = None
    themes: list[dict[str, Any]] = []
    if code:
        normalized = code.upper() if code.upper().startswith("CA-") else f"CA-{code.upper()}"
        province = provinces.filter(code=normalized).first()
        if province is None:
            raise Http404
        initiatives = list(
            Initiative.objects.visible_to(request.user)
            .filter(regions=province)
            .select_related("lead_organization")
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("number")))
            .distinct()
            .order_by("sort_title", "pk")
        )
        for theme in Theme.objects.order_by("number"):
            listed = [item for item in initiatives if theme in item.themes.all()]
            themes.append({"theme": theme, "initiatives": listed})
    return render(
        request,
        "initiatives/province_overview.html",
        {"provinces": provinces, "province": province, "themes": themes},
    )
