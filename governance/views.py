"""Governance pages: dashboard and export, criteria, assessments, reviews, exemplary partnerships.

Coordinators use every page. People of a partnership's member organizations
see its assessments and reviews and report their organization's benefit;
anyone else gets 404 for those records. The public page lists exemplary
partnerships.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance import services
from governance.access import editable_members, is_partnership_member
from governance.forms import (
    AssessmentForm,
    CriterionForm,
    DecisionForm,
    MemberBenefitForm,
    ReviewForm,
    StartAssessmentForm,
)
from governance.models import Assessment, Criterion, Review
from hubsite.exports import SafeDictWriter
from hubsite.forms import describe_fields
from hubsite.quarters import Quarter, current_quarter
from partners.models import Partnership, PartnershipMember, PartnershipState
from partners.permissions import is_coordinator


def forbidden(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "403.html",
        {"message": _("Only coordinators can open this page.")},
        status=403,
    )


def attach_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's field-keyed errors on the form, and unknown fields at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def selected_quarter(request: HttpRequest) -> Quarter | None:
    """Read ?quarter= from the request: the current quarter when absent, None when invalid."""
    code = request.GET.get("quarter", "").strip()
    if not code:
        return current_quarter()
    try:
        return Quarter.parse(code)
    except ValueError:
        return None


# ---------------------------------------------------------------------------
# Dashboard and export
# ---------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not is_coordinator(request.user):
        return forbidden(request)
    quarter = selected_quarter(request)
    status = 200
    quarter_error = ""
    if quarter is None:
        quarter_error = _("Enter a quarter such as %(example)s.") % {
            "example": current_quarter().code
        }
        quarter = current_quarter()
        status = 400
    data = services.build_dashboard(quarter)
    waiting = list(
        Partnership.objects.filter(
            state__in=[PartnershipState.PROPOSED, PartnershipState.UNDER_ASSESSMENT]
        )
        .exclude(assessments__decision="")
        .order_by("sort_name", "id")
    )
    open_assessments = list(
        Assessment.objects.filter(decision="")
        .select_related("partnership")
        .order_by("created", "id")
    )
    context = {
        "dashboard": data,
        "quarter_choices": current_quarter().last(8)[::-1],
        "quarter_error": quarter_error,
        "quarter_code": request.GET.get("quarter", quarter.code),
        "waiting": waiting,
        "open_assessments": open_assessments,
        "start_form": StartAssessmentForm(),
        "today": timezone.localdate(),
    }
    return render(request, "governance/dashboard.html", context, status=status)


EXPORT_COLUMNS = [
    "quarter",
    "partnership",
    "partnership_state",
    "coordinator",
    "due_date",
    "status",
    "decision",
    "decision_reasons",
    "completed_at",
    "leadership_roles",
    "leadership_roles_lived_experience",
]


@login_required
def dashboard_export(request: HttpRequest) -> HttpResponse:
    """Download the quarter's reviews and every overdue review as CSV, formula-safe."""
    if not is_coordinator(request.user):
        return forbidden(request)
    quarter = selected_quarter(request)
    if quarter is None:
        return HttpResponse(
            _("Enter a quarter such as %(example)s.") % {"example": current_quarter().code},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    data = services.build_dashboard(quarter)
    today = timezone.localdate()
    handle = io.StringIO()
    writer = SafeDictWriter(handle, EXPORT_COLUMNS)
    writer.writeheader()
    seen: set[int] = set()
    for review in [*data.due, *data.overdue, *data.completed]:
        if review.pk in seen:
            continue
        seen.add(review.pk)
        if review.is_completed:
            status = "completed"
        elif review.due_date < today:
            status = "overdue"
        else:
            status = "due"
        writer.writerow(
            {
                "quarter": review.quarter,
                "partnership": review.partnership.name,
                "partnership_state": review.partnership.state,
                "coordinator": review.coordinator.email if review.coordinator else "",
                "due_date": review.due_date.isoformat(),
                "status": status,
                "decision": review.decision,
                "decision_reasons": review.decision_reasons,
                "completed_at": review.completed_at.isoformat() if review.completed_at else "",
                "leadership_roles": review.leadership_roles_total,
                "leadership_roles_lived_experience": review.leadership_roles_lived_experience,
            }
        )
    response = HttpResponse(handle.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reviews-{quarter.code}.csv"'
    return response


# ---------------------------------------------------------------------------
# Criteria
# ---------------------------------------------------------------------------


@login_required
def criterion_list(request: HttpRequest) -> HttpResponse:
    if not is_coordinator(request.user):
        return forbidden(request)
    framework = services.current_framework()
    criteria = list(framework.criteria.all())
    return render(
        request, "governance/criterion_list.html", {"framework": framework, "criteria": criteria}
    )


@login_required
def criterion_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not is_coordinator(request.user):
        return forbidden(request)
    criterion = get_object_or_404(Criterion, pk=pk) if pk is not None else None
    if request.method == "POST":
        form = CriterionForm(request.POST)
        if form.is_valid():
            try:
                services.save_criterion(request.user, criterion, form.service_data())
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The criterion was saved. Past assessments keep the criteria "
                        "they were scored with."
                    ),
                )
                return HttpResponseRedirect(reverse("governance:criterion-list"))
    elif criterion is not None:
        form = CriterionForm(initial=CriterionForm.initial_for(criterion))
    else:
        form = CriterionForm(initial={"weight": 1, "position": 99, "is_active": True})
    describe_fields(form)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "governance/criterion_form.html",
        {"form": form, "criterion": criterion},
        status=status,
    )


# ---------------------------------------------------------------------------
# Assessments
# ---------------------------------------------------------------------------


@login_required
@require_POST
def assessment_start(request: HttpRequest, slug: str) -> HttpResponse:
    if not is_coordinator(request.user):
        return forbidden(request)
    partnership = get_object_or_404(Partnership, slug=slug)
    form = StartAssessmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a proposal or a renewal assessment."))
        return HttpResponseRedirect(reverse("governance:dashboard"))
    try:
        assessment = services.start_assessment(request.user, partnership, form.cleaned_data["kind"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("governance:dashboard"))
    return HttpResponseRedirect(reverse("governance:assessment-edit", kwargs={"pk": assessment.pk}))


def assessment_for(request: HttpRequest, pk: int) -> Assessment:
    assessment = get_object_or_404(Assessment.objects.select_related("partnership"), pk=pk)
    if not (
        is_coordinator(request.user) or is_partnership_member(request.user, assessment.partnership)
    ):
        raise Http404
    return assessment


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for(request, pk)
    decision_form = DecisionForm() if not assessment.decision else None
    if decision_form is not None:
        describe_fields(decision_form)
    context = {
        "assessment": assessment,
        "scores": list(assessment.scores.all()),
        "positions": list(assessment.member_positions.select_related("member__organization")),
        "is_coordinator": is_coordinator(request.user),
        "decision_form": decision_form,
    }
    return render(request, "governance/assessment_detail.html", context)


@login_required
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_coordinator(request.user):
        return forbidden(request)
    assessment = get_object_or_404(Assessment.objects.select_related("partnership"), pk=pk)
    if assessment.decision:
        return HttpResponseRedirect(reverse("governance:assessment-detail", kwargs={"pk": pk}))
    form = AssessmentForm(request.POST or None, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scores = {
            line.criterion_key: services.ScoreInput(
                score=int(data[f"score_{line.criterion_key}"])
                if data[f"score_{line.criterion_key}"] != ""
                else None,
                rationale=data[f"rationale_{line.criterion_key}"],
            )
            for line in form.score_lines
        }
        positions = {
            position.member_id: services.PositionInput(
                value_proposition=data[f"member_{position.member_id}_value"],
                expected_costs=data[f"member_{position.member_id}_costs"],
                expected_benefits=data[f"member_{position.member_id}_benefits"],
            )
            for position in form.positions
        }
        try:
            services.save_assessment(
                request.user,
                assessment,
                scores=scores,
                positions=positions,
                recommendation=data["recommendation"],
                summary_en=data["summary_en"],
                summary_fr=data["summary_fr"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The assessment was saved."))
            return HttpResponseRedirect(reverse("governance:assessment-detail", kwargs={"pk": pk}))
    describe_fields(form)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "governance/assessment_form.html",
        {"form": form, "assessment": assessment},
        status=status,
    )


@login_required
@require_POST
def assessment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_coordinator(request.user):
        return forbidden(request)
    assessment = get_object_or_404(Assessment.objects.select_related("partnership"), pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_assessment(
                request.user,
                assessment,
                decision=form.cleaned_data["decision"],
                reasons_en=form.cleaned_data["reasons_en"],
                reasons_fr=form.cleaned_data["reasons_fr"],
                return_date=form.cleaned_data["return_date"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The decision was recorded."))
            return HttpResponseRedirect(reverse("governance:assessment-detail", kwargs={"pk": pk}))
    describe_fields(form)
    context = {
        "assessment": assessment,
        "scores": list(assessment.scores.all()),
        "positions": list(assessment.member_positions.select_related("member__organization")),
        "is_coordinator": True,
        "decision_form": form,
    }
    return render(request, "governance/assessment_detail.html", context, status=400)


# ---------------------------------------------------------------------------
# Reviews
# ---------------------------------------------------------------------------


def review_for(request: HttpRequest, pk: int) -> Review:
    review = get_object_or_404(
        Review.objects.select_related("partnership", "coordinator", "completed_by"), pk=pk
    )
    if not (
        is_coordinator(request.user) or is_partnership_member(request.user, review.partnership)
    ):
        raise Http404
    return review


def render_review(
    request: HttpRequest,
    review: Review,
    *,
    benefit_form: MemberBenefitForm | None = None,
    review_form: ReviewForm | None = None,
    status: int = 200,
) -> HttpResponse:
    coordinator = is_coordinator(request.user)
    own_members = list(editable_members(request.user, review.partnership))
    if benefit_form is None and own_members and not review.is_completed:
        benefit_form = MemberBenefitForm(members=own_members)
    if review_form is None and coordinator and not review.is_completed:
        review_form = ReviewForm(review=review)
    if benefit_form is not None:
        describe_fields(benefit_form)
    if review_form is not None:
        describe_fields(review_form)
    context = {
        "review": review,
        "partnership": review.partnership,
        "goal_progress": list(review.goal_progress.all()),
        "benefits": list(review.member_benefits.select_related("member__organization")),
        "actions": list(review.actions.all()),
        "benefit_form": benefit_form,
        "review_form": review_form,
        "is_coordinator": coordinator,
        "is_overdue": review.is_overdue(),
    }
    return render(request, "governance/review_detail.html", context, status=status)


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_review(request, review_for(request, pk))


@login_required
@require_POST
def review_benefit(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_for(request, pk)
    own_members = list(editable_members(request.user, review.partnership))
    if not own_members:
        raise PermissionDenied(_("You can report only for an organization you administer or edit."))
    form = MemberBenefitForm(request.POST, members=own_members)
    if form.is_valid():
        member = next(member for member in own_members if member.pk == form.cleaned_data["member"])
        try:
            services.submit_member_benefit(
                request.user, review, member, form.cleaned_data["benefit"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Your organization's benefit was saved."))
            return HttpResponseRedirect(reverse("governance:review-detail", kwargs={"pk": pk}))
    return render_review(request, review, benefit_form=form, status=400)


@login_required
@require_POST
def review_complete(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_coordinator(request.user):
        return forbidden(request)
    review = review_for(request, pk)
    form = ReviewForm(request.POST, review=review)
    if form.is_valid():
        try:
            services.complete_review(
                request.user,
                review,
                decision=form.cleaned_data["decision"],
                reasons=form.cleaned_data["reasons"],
                progress=form.progress(),
                accessibility_resources=form.cleaned_data["accessibility_resources"],
                issues=form.cleaned_data["issues"],
                actions=[
                    services.ActionInput(description, owner, due)
                    for description, owner, due in form.action_inputs()
                ],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The review was completed."))
            return HttpResponseRedirect(reverse("governance:review-detail", kwargs={"pk": pk}))
    return render_review(request, review, review_form=form, status=400)


# ---------------------------------------------------------------------------
# Exemplary partnerships (public)
# ---------------------------------------------------------------------------


def exemplary(request: HttpRequest) -> HttpResponse:
    partnerships = list(
        Partnership.objects.public()
        .filter(exemplary_since__isnull=False)
        .prefetch_related(
            "themes",
            Prefetch(
                "members",
                queryset=PartnershipMember.objects.current().select_related("organization"),
                to_attr="current_members",
            ),
        )
        .order_by("-exemplary_since", "id")
    )
    return render(request, "governance/exemplary.html", {"partnerships": partnerships})
