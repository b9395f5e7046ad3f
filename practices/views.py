"""Pages of the practices library, moderation, evidence gaps, subscriptions and digests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hubsite import ratelimits
from hubsite.concurrency import StaleEdit, rebind_after_stale_edit
from hubsite.exports import SafeDictWriter
from hubsite.templatetags.hub import localized
from initiatives.models import Initiative
from partners import permissions
from partners.models import Partnership
from practices import services, subscriptions
from practices.filters import EvidenceGapFilterSet, PracticeFilterSet
from practices.forms import (
    EvidenceGapForm,
    ModerationForm,
    PracticeForm,
    SubscriptionForm,
    WorkForm,
    describe_form,
)
from practices.markdown import render_markdown
from practices.models import (
    DigestIssue,
    EvidenceGap,
    EvidenceGapWork,
    Practice,
    PracticeKind,
    PracticeStatus,
    Subscription,
)
from practices.models.evidence import EvidenceGapNeed
from practices.models.practices import TEXT_FIELDS

PAGE_SIZE = 20
FEED_SIZE = 30


def _page(request: HttpRequest, queryset: QuerySet[Any]) -> Any:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# ---------------------------------------------------------------------------
# Library
# ---------------------------------------------------------------------------


def practice_list(request: HttpRequest) -> HttpResponse:
    filterset = PracticeFilterSet(
        request.GET or None,
        queryset=Practice.objects.published().with_list_relations(),
        request=request,
    )
    describe_form(filterset.form)
    status = 200
    page = None
    if filterset.is_bound and not filterset.is_valid():
        status = 400
    else:
        page = _page(request, filterset.qs)
    context = {
        "filterset": filterset,
        "page": page,
        "query_without_page": _query_without_page(request),
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
        "can_moderate": permissions.is_coordinator(request.user),
    }
    return render(request, "practices/practice_list.html", context, status=status)


def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a published practice to everyone, and an unpublished one to its author and coordinators.

    An anonymous lesson names no author, organization, partnership or
    initiative to anyone else.
    """
    practice = get_object_or_404(
        services.practices_visible_to(request.user)
        .with_list_relations()
        .select_related("submitted_by", "submitting_organization")
        .prefetch_related(
            "organizations",
            "partnerships",
            Prefetch(
                "initiatives", queryset=Initiative.objects.select_related("lead_organization")
            ),
        ),
        slug=slug,
    )
    is_coordinator = permissions.is_coordinator(request.user)
    identity = services.shows_identity(request.user, practice, is_coordinator=is_coordinator)
    sections = [
        {
            "label": label,
            "en": render_markdown(getattr(practice, f"{name}_en")),
            "fr": render_markdown(getattr(practice, f"{name}_fr")),
        }
        for name, label in TEXT_FIELDS
    ]
    page_language = (get_language() or "en")[:2]
    other = "fr" if page_language == "en" else "en"
    for section in sections:
        if section[page_language]:
            section["html"], section["lang"] = section[page_language], None
        else:
            section["html"], section["lang"] = section[other], other if section[other] else None
    context = {
        "practice": practice,
        "sections": sections,
        "shows_identity": identity,
        "links": services.public_links(practice) if identity else None,
        "is_coordinator": is_coordinator,
        "can_edit": services.can_edit_practice(request.user, practice),
        "is_author": request.user.is_authenticated and practice.submitted_by_id == request.user.pk,
    }
    return render(request, "practices/practice_detail.html", context)


EXPORT_COLUMNS = [
    "title_en",
    "title_fr",
    "kind",
    "summary_en",
    "summary_fr",
    "themes",
    "regions",
    "sectors",
    "organizations",
    "published_at",
    "url",
]


def practice_export(request: HttpRequest) -> HttpResponse:
    """Download the library's current search as CSV; anonymous lessons name no organization."""
    filterset = PracticeFilterSet(
        request.GET or None,
        queryset=Practice.objects.published()
        .with_list_relations()
        .prefetch_related("organizations"),
        request=request,
    )
    if filterset.is_bound and not filterset.is_valid():
        return HttpResponse(
            "\n".join(f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="practices.csv"'
    writer = SafeDictWriter(response, EXPORT_COLUMNS)  # type: ignore[arg-type]
    writer.writeheader()
    for practice in filterset.qs:
        organizations = (
            ""
            if practice.is_anonymous
            else "; ".join(item.name for item in practice.organizations.all() if item.is_public)
        )
        writer.writerow(
            {
                "title_en": practice.title_en,
                "title_fr": practice.title_fr,
                "kind": practice.kind,
                "summary_en": practice.summary_en,
                "summary_fr": practice.summary_fr,
                "themes": "; ".join(str(theme.number) for theme in practice.themes.all()),
                "regions": "; ".join(region.code for region in practice.regions.all()),
                "sectors": "; ".join(sector.code for sector in practice.sectors.all()),
                "organizations": organizations,
                "published_at": practice.published_at.isoformat() if practice.published_at else "",
                "url": request.build_absolute_uri(practice.get_absolute_url()),
            }
        )
    return response


class PracticeFeed(Feed):
    """An Atom feed of the newest published practices, in the language of the URL prefix.

    Entries contain the title and summary only, so an anonymous lesson names no one.
    """

    feed_type = Atom1Feed

    def title(self) -> str:
        return _("New practices – Partnership Network Hub")

    def subtitle(self) -> str:
        return _("Best practices, lessons from what went wrong, and case studies of partnerships.")

    def link(self) -> str:
        return reverse("practices:practice-list")

    def items(self) -> QuerySet[Practice]:
        return Practice.objects.published().order_by("-published_at", "-id")[:FEED_SIZE]

    def item_title(self, item: Practice) -> str:
        return item.title

    def item_description(self, item: Practice) -> str:
        return item.summary

    def item_pubdate(self, item: Practice) -> Any:
        return item.published_at

    def item_updateddate(self, item: Practice) -> Any:
        return item.published_at

    def item_categories(self, item: Practice) -> list[str]:
        return [str(PracticeKind(item.kind).label)]


# ---------------------------------------------------------------------------
# Submitting and moderating
# ---------------------------------------------------------------------------


def _invitation_initial(request: HttpRequest) -> dict[str, Any]:
    """Prefill from ?kind=case-study&partnership=<slug>, the link in case-study invitations."""
    initial: dict[str, Any] = {}
    kind = request.GET.get("kind", "")
    if kind in PracticeKind.values:
        initial["kind"] = kind
    slug = request.GET.get("partnership", "")
    if slug:
        partnership = services.linkable_partnerships(request.user).filter(slug=slug).first()
        if partnership is not None:
            initial["partnerships"] = [partnership.pk]
            initial["themes"] = list(partnership.themes.values_list("pk", flat=True))
            initial["regions"] = list(partnership.regions.values_list("pk", flat=True))
    return initial


def _save_practice(request: HttpRequest, form: PracticeForm, practice: Practice | None) -> Any:
    fields, relations, organization = form.split()
    user: Any = request.user
    try:
        if practice is None:
            return services.submit_practice(user, fields, relations, organization)
        return services.update_practice(
            user,
            practice,
            fields,
            relations,
            organization,
            expected_version=form.cleaned_data.get("version"),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


@login_required
def practice_submit(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = PracticeForm(request.POST or None, user=user, initial=_invitation_initial(request))
    status = 200
    if request.method == "POST":
        if form.is_valid() and (practice := _save_practice(request, form, None)) is not None:
            messages.success(
                request,
                _("Thank you. Coordinators will review the practice and email you their decision."),
            )
            return redirect(practice.get_absolute_url())
        status = 400
    describe_form(form)
    return render(
        request, "practices/practice_form.html", {"form": form, "practice": None}, status=status
    )


@login_required
def practice_edit(request: HttpRequest, slug: str) -> HttpResponse:
    practice = get_object_or_404(Practice, slug=slug)
    if not services.can_edit_practice(request.user, practice):
        raise PermissionDenied(_("Only the author can change a practice before it is published."))
    user: Any = request.user
    form = PracticeForm(request.POST or None, instance=practice, user=user)
    status = 200
    if request.method == "POST":
        try:
            saved = form.is_valid() and _save_practice(request, form, practice) is not None
        except StaleEdit as error:
            data = rebind_after_stale_edit(request.POST, error)
            form = PracticeForm(data, instance=error.current, user=user)
            form.is_valid()
            form.add_error(None, str(error.message))
            status = 409
        else:
            if saved:
                messages.success(request, _("The practice was sent back to the coordinators."))
                return redirect(practice.get_absolute_url())
            status = 400
    describe_form(form)
    return render(
        request, "practices/practice_form.html", {"form": form, "practice": practice}, status=status
    )


@login_required
def my_practices(request: HttpRequest) -> HttpResponse:
    practices = Practice.objects.filter(submitted_by=request.user.pk).order_by("-created", "-id")
    return render(request, "practices/my_practices.html", {"page": _page(request, practices)})


def _require_coordinator(request: HttpRequest) -> None:
    if not permissions.is_coordinator(request.user):
        raise PermissionDenied(_("Only coordinators can moderate practices."))


@login_required
def moderation_queue(request: HttpRequest) -> HttpResponse:
    _require_coordinator(request)
    practices = (
        Practice.objects.filter(status=PracticeStatus.SUBMITTED)
        .select_related("submitted_by", "submitting_organization")
        .order_by("submitted_at", "id")
    )
    return render(request, "practices/moderation_queue.html", {"page": _page(request, practices)})


@login_required
def practice_moderate(request: HttpRequest, slug: str) -> HttpResponse:
    _require_coordinator(request)
    practice = get_object_or_404(
        Practice.objects.select_related("submitted_by", "submitting_organization"), slug=slug
    )
    form = ModerationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                user: Any = request.user
                services.moderate_practice(
                    user, practice, form.cleaned_data["decision"], form.cleaned_data["note"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The decision was saved and the author emailed."))
                return redirect("practices:moderation-queue")
        status = 400
    describe_form(form)
    return render(
        request,
        "practices/practice_moderate.html",
        {"practice": practice, "form": form},
        status=status,
    )


# ---------------------------------------------------------------------------
# Evidence gaps
# ---------------------------------------------------------------------------


def evidence_gap_list(request: HttpRequest) -> HttpResponse:
    filterset = EvidenceGapFilterSet(
        request.GET or None,
        queryset=EvidenceGap.objects.with_list_relations(),
        request=request,
    )
    describe_form(filterset.form)
    status = 200
    page = None
    if filterset.is_bound and not filterset.is_valid():
        status = 400
    else:
        page = _page(request, filterset.qs)
    context = {
        "filterset": filterset,
        "page": page,
        "query_without_page": _query_without_page(request),
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
        "can_record": services.can_record_gap(request.user),
    }
    return render(request, "practices/evidence_gap_list.html", context, status=status)


def evidence_gap_detail(request: HttpRequest, pk: int) -> HttpResponse:
    gap = get_object_or_404(
        EvidenceGap.objects.with_list_relations().prefetch_related(
            Prefetch(
                "work",
                queryset=EvidenceGapWork.objects.select_related(
                    "organization", "initiative__lead_organization"
                ),
            )
        ),
        pk=pk,
    )
    user: Any = request.user
    needs_it = user.is_authenticated and EvidenceGapNeed.objects.filter(gap=gap, user=user).exists()
    work_form = WorkForm(user=user) if user.is_authenticated else None
    status = 200
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        action = request.POST.get("action")
        if action == "need":
            added = services.add_need(user, gap)
            messages.success(
                request,
                _("You were counted among the people who need this answer.")
                if added
                else _("You were already counted."),
            )
            return redirect(gap.get_absolute_url())
        if action == "work":
            work_form = WorkForm(request.POST, user=user)
            if work_form.is_valid():
                try:
                    services.declare_work(
                        user,
                        gap,
                        work_form.cleaned_data["organization"],
                        work_form.cleaned_data["initiative"],
                    )
                except ValidationError as error:
                    work_form.add_error(None, error)
                else:
                    messages.success(request, _("Your organization is listed as working on it."))
                    return redirect(gap.get_absolute_url())
            status = 400
        else:
            raise Http404
    if work_form is not None:
        describe_form(work_form)
    context = {
        "gap": gap,
        "work": services.public_work(gap),
        "needs_it": needs_it,
        "work_form": work_form
        if work_form is not None and work_form.fields["organization"].queryset.exists()  # type: ignore[attr-defined]
        else None,
        "why_it_matters": render_markdown(localized(gap, "why_it_matters")),
        "what_is_known": render_markdown(localized(gap, "what_is_known")),
    }
    return render(request, "practices/evidence_gap_detail.html", context, status=status)


@login_required
def evidence_gap_create(request: HttpRequest) -> HttpResponse:
    if not services.can_record_gap(request.user):
        raise PermissionDenied(
            _("Members of a verified organization and coordinators can record evidence gaps.")
        )
    form = EvidenceGapForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            themes = data.pop("themes")
            regions = data.pop("regions")
            try:
                user: Any = request.user
                gap = services.record_evidence_gap(user, data, themes, regions)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The evidence gap was recorded."))
                return redirect(gap.get_absolute_url())
        status = 400
    describe_form(form)
    return render(request, "practices/evidence_gap_form.html", {"form": form}, status=status)


# ---------------------------------------------------------------------------
# Subscriptions
# ---------------------------------------------------------------------------


def subscribe(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    language = (get_language() or "en")[:2]
    initial: dict[str, Any] = {"language": language}
    if user.is_authenticated:
        initial["email"] = user.email
        initial["language"] = user.preferred_language
    form = SubscriptionForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            # Each request may send a confirmation email, so it counts per
            # client address and per email address.
            retry_after = ratelimits.count_subscription(request, data["email"])
            if retry_after is not None:
                return ratelimits.too_many_requests_page(request, retry_after)
            try:
                subscription = subscriptions.subscribe(
                    email=data["email"],
                    user=user,
                    frequency=data["frequency"],
                    kinds=data["kinds"],
                    filters={name: data[name] for name in ("themes", "regions", "sectors")},
                    language=data["language"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if subscription.status == "active":
                    messages.success(
                        request,
                        _("You are subscribed. The first digest comes with the next period."),
                    )
                    return redirect("practices:my-subscriptions")
                return redirect("practices:subscription-pending")
        status = 400
    describe_form(form)
    own = (
        Subscription.objects.filter(user=user).exclude(status="unsubscribed").exists()
        if user.is_authenticated
        else False
    )
    return render(
        request,
        "practices/subscribe.html",
        {"form": form, "has_subscriptions": own},
        status=status,
    )


def subscription_pending(request: HttpRequest) -> HttpResponse:
    return render(request, "practices/subscription_pending.html")


def _token_error(request: HttpRequest, error: subscriptions.InvalidToken) -> HttpResponse:
    return render(request, "practices/token_error.html", {"reason": error.reason}, status=400)


def subscription_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Show a button that confirms the subscription; a GET alone changes nothing.

    Mail scanners open links in emails, so only the POST confirms.
    """
    try:
        subscription = subscriptions.read_token(
            token, subscriptions.CONFIRM_SALT, subscriptions.CONFIRM_MAX_AGE
        )
    except subscriptions.InvalidToken as error:
        return _token_error(request, error)
    confirmed = False
    if request.method == "POST":
        subscription = subscriptions.confirm_subscription(subscription)
        confirmed = True
    return render(
        request,
        "practices/subscription_confirm.html",
        {"subscription": subscription, "confirmed": confirmed},
    )


@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Show a confirmation page; a POST turns off only the subscription the token names.

    CSRF protection is off because mail clients send the one-click POST of
    RFC 8058 (List-Unsubscribe-Post) without a cookie; the signed token is the
    authorization. It never signs anyone in or touches other subscriptions.
    """
    try:
        subscription = subscriptions.read_token(
            token, subscriptions.UNSUBSCRIBE_SALT, subscriptions.UNSUBSCRIBE_MAX_AGE
        )
    except subscriptions.InvalidToken as error:
        return _token_error(request, error)
    done = False
    if request.method == "POST":
        subscriptions.unsubscribe(subscription)
        done = True
    return render(
        request,
        "practices/unsubscribe.html",
        {"subscription": subscription, "done": done or subscription.status == "unsubscribed"},
    )


@login_required
def my_subscriptions(request: HttpRequest) -> HttpResponse:
    own = (
        Subscription.objects.filter(user=request.user.pk)
        .exclude(status="unsubscribed")
        .prefetch_related("themes", "regions", "sectors")
    )
    return render(request, "practices/my_subscriptions.html", {"subscriptions": own})


@login_required
@require_POST
def my_subscription_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(Subscription, pk=pk, user=request.user)
    subscriptions.unsubscribe(subscription)
    messages.success(request, _("The subscription was turned off."))
    return redirect("practices:my-subscriptions")


# ---------------------------------------------------------------------------
# Digest archive
# ---------------------------------------------------------------------------


def digest_archive(request: HttpRequest) -> HttpResponse:
    issues = DigestIssue.objects.order_by("-ends_at", "frequency", "id")
    return render(request, "practices/digest_archive.html", {"page": _page(request, issues)})


def digest_issue(request: HttpRequest, key: str) -> HttpResponse:
    """List what an issue covered: practices, evidence gaps and exemplary partnerships."""
    issue = get_object_or_404(DigestIssue, key=key)
    window = {"gte": issue.starts_at, "lt": issue.ends_at}
    practices = (
        Practice.objects.published()
        .filter(published_at__gte=window["gte"], published_at__lt=window["lt"])
        .order_by("kind", "published_at", "id")
    )
    gaps = EvidenceGap.objects.filter(
        published_at__gte=window["gte"], published_at__lt=window["lt"]
    ).order_by("published_at", "id")
    partnerships = (
        Partnership.objects.public()
        .filter(exemplary_since__gte=window["gte"], exemplary_since__lt=window["lt"])
        .order_by("exemplary_since", "id")
    )
    context = {
        "issue": issue,
        "practices": practices,
        "gaps": gaps,
        "partnerships": partnerships,
        "ends_on": timezone.localtime(issue.ends_at) - timedelta(days=1),
    }
    return render(request, "practices/digest_issue.html", context)
