"""Pages of the metrics app: the indicator library, network results, reports and compliance."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hubsite.forms import describe_fields
from hubsite.quarters import Quarter
from initiatives.models import Initiative
from metrics import compliance, services
from metrics.charts import Point, bar_chart, line_chart
from metrics.exports import results_csv
from metrics.forms import AdoptForm, OpenReportForm, ReportValuesForm, ReturnForm, UploadForm
from metrics.models import Indicator, Report, ReportState
from metrics.results import DIMENSIONS, cached_results, reporting_quarters, result_rows
from metrics.validation import Problem
from partners import permissions
from partners.models import Partnership, Theme, User
from partners.models.partnerships import MemberStatus

REPORTS_PAGE_SIZE = 25


def current_user(request: HttpRequest) -> User:
    """Return the signed-in person; every view that calls this requires sign-in."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


# ---------------------------------------------------------------------------
# Indicator library and network results (public)
# ---------------------------------------------------------------------------


def indicator_list(request: HttpRequest) -> HttpResponse:
    indicators = Indicator.objects.prefetch_related("themes").annotate(
        adoption_count=Count("adoptions")
    )
    return render(
        request,
        "metrics/indicator_list.html",
        {
            "starter": [indicator for indicator in indicators if not indicator.is_reference],
            "references": [indicator for indicator in indicators if indicator.is_reference],
        },
    )


def parse_quarter(request: HttpRequest, quarters: list[Quarter]) -> tuple[Quarter, bool]:
    """The quarter in ?quarter=, which must be one of `quarters`; False when it is invalid."""
    code = request.GET.get("quarter")
    if not code:
        return quarters[-1], True
    try:
        quarter = Quarter.parse(code)
    except ValueError:
        return quarters[-1], False
    return (quarter, True) if quarter in quarters else (quarters[-1], False)


def trend_chart(result: Any, chart_id: str) -> Any:
    totals = result.totals()
    baseline = result.baseline
    return line_chart(
        [Point(Quarter.parse(cell.quarter).code, cell.value) for cell in totals],
        title=_("%(name)s, last eight quarters") % {"name": result.indicator.name},
        description=_(
            "Network result per quarter. The dashed line is the national baseline. "
            "The table that follows gives the same figures."
        )
        if baseline
        else _("Network result per quarter. The table that follows gives the same figures."),
        chart_id=chart_id,
        baseline=baseline.value if baseline else None,
        baseline_label=_("Baseline") if baseline else "",
    )


def dashboard(request: HttpRequest) -> HttpResponse:
    """Show every reportable indicator's network trend over the last eight quarters."""
    themes = list(Theme.objects.all())
    theme_number = request.GET.get("theme", "")
    indicators = Indicator.objects.filter(is_reference=False).order_by("position", "code")
    status = 200
    if theme_number:
        if theme_number not in {str(theme.number) for theme in themes}:
            status = 400
        else:
            indicators = indicators.filter(themes__number=int(theme_number))
    quarters = reporting_quarters()
    results = cached_results(list(indicators), quarters, dimensions=())
    sections = [
        {"result": result, "chart": trend_chart(result, f"trend-{result.indicator.code}")}
        for result in results.values()
    ]
    context = {
        "sections": sections,
        "quarters": quarters,
        "last_quarter": quarters[-1],
        "themes": themes,
        "theme_number": theme_number,
        "invalid_theme": status == 400,
    }
    return render(request, "metrics/dashboard.html", context, status=status)


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Show an indicator's definition, baselines, trend and breakdowns for one quarter."""
    indicator = get_object_or_404(
        Indicator.objects.prefetch_related("themes", "baselines"), code=code
    )
    quarters = reporting_quarters()
    quarter, valid = parse_quarter(request, quarters)
    adopt_form = None
    if not indicator.is_reference and not indicator.retired:
        adopt_form = adoption_form(request, indicator)
    context: dict[str, Any] = {
        "indicator": indicator,
        "adopt_form": adopt_form,
        "baselines": list(indicator.baselines.all()),
        "quarters": quarters,
        "quarter": quarter,
        "invalid_quarter": not valid,
    }
    if not indicator.is_reference:
        result = cached_results([indicator], quarters)[indicator.pk]
        baseline = result.baseline
        breakdowns = []
        for dimension, label in DIMENSIONS.items():
            cells = result.breakdown(dimension, quarter.code)
            breakdowns.append(
                {
                    "dimension": dimension,
                    "label": label,
                    "cells": cells,
                    "chart": bar_chart(
                        [Point(cell.group_label, cell.value) for cell in cells],
                        title=_("%(name)s by %(dimension)s, %(quarter)s")
                        % {
                            "name": indicator.name,
                            "dimension": str(label).lower(),
                            "quarter": quarter.label,
                        },
                        description=_(
                            "One bar per group. Hidden groups rest on too few people "
                            "or organizations."
                        ),
                        chart_id=f"breakdown-{dimension}",
                        baseline=baseline.value if baseline else None,
                    )
                    if cells
                    else None,
                }
            )
        context |= {
            "result": result,
            "totals": result.totals(),
            "trend": trend_chart(result, "trend"),
            "breakdowns": breakdowns,
        }
    return render(request, "metrics/indicator_detail.html", context, status=200 if valid else 400)


def json_number(value: object) -> object:
    """Write Decimal figures as JSON numbers rather than strings."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def adoption_form(request: HttpRequest, indicator: Indicator, data: Any = None) -> AdoptForm | None:
    """Return the form to adopt `indicator` for an initiative the person's organization leads.

    Returns None when the person leads no initiative that has yet to adopt it.
    """
    if not request.user.is_authenticated:
        return None
    organizations = permissions.organizations_with_permission(request.user, permissions.CHANGE)
    initiatives = (
        Initiative.objects.filter(lead_organization__in=organizations)
        .exclude(indicator_adoptions__indicator=indicator)
        .order_by("sort_title", "id")
    )
    if not initiatives.exists():
        return None
    form = AdoptForm(data, initiatives=initiatives)
    describe_fields(form)
    return form


@login_required
@require_POST
def indicator_adopt(request: HttpRequest, code: str) -> HttpResponse:
    """Adopt the indicator for an initiative that the person's organization leads."""
    indicator = get_object_or_404(Indicator, code=code)
    form = adoption_form(request, indicator, request.POST)
    if form is None:
        raise PermissionDenied(
            _("Only editors and administrators of a lead organization adopt indicators.")
        )
    if form.is_valid():
        try:
            services.adopt_indicator(
                current_user(request), indicator, form.cleaned_data["initiative"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, _("The indicator is adopted. Reports for the initiative now include it.")
            )
            return redirect(indicator)
    describe_fields(form)
    quarters = reporting_quarters()
    context = {
        "indicator": indicator,
        "adopt_form": form,
        "baselines": list(indicator.baselines.all()),
        "quarters": quarters,
        "quarter": quarters[-1],
    }
    return render(request, "metrics/indicator_detail.html", context, status=400)


def results_export(request: HttpRequest, export_format: str) -> HttpResponse:
    """Download network results as CSV (with a byte-order mark) or JSON; hidden cells stay empty."""
    indicators = Indicator.objects.filter(is_reference=False)
    code = request.GET.get("indicator")
    if code:
        indicators = indicators.filter(code=code)
        if not indicators.exists():
            return HttpResponse(
                _("No indicator has the code %(code)s.") % {"code": code},
                status=400,
                content_type="text/plain; charset=utf-8",
            )
    quarters = reporting_quarters()
    rows = result_rows(cached_results(list(indicators), quarters).values())
    filename = f"results-{code or 'all'}-{quarters[0].code}-{quarters[-1].code}"
    if export_format == "csv":
        response = HttpResponse(
            results_csv(rows).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    body = json.dumps({"results": rows}, default=json_number, ensure_ascii=False)
    response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


# ---------------------------------------------------------------------------
# Reports (members of the reporting organization and coordinators)
# ---------------------------------------------------------------------------


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    reports = (
        services.visible_reports(request.user)
        .select_related("organization", "initiative", "partnership")
        .order_by("-quarter", "organization__sort_name", "-revision", "id")
    )
    state = request.GET.get("state", "")
    quarter = request.GET.get("quarter", "")
    errors = []
    if state:
        if state not in ReportState.values:
            errors.append(_("State: choose one of the listed states."))
        else:
            reports = reports.filter(state=state)
    if quarter:
        try:
            reports = reports.filter(quarter=Quarter.parse(quarter).code)
        except ValueError:
            errors.append(_("Quarter: enter a quarter such as 2026Q1."))
    page = Paginator(reports, REPORTS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "states": ReportState.choices,
        "state": state,
        "quarter": quarter,
        "errors": errors,
        "query_without_page": query.urlencode(),
        "can_open": permissions.organizations_with_permission(
            request.user, permissions.CHANGE
        ).exists(),
        "is_coordinator": permissions.is_coordinator(request.user),
    }
    return render(request, "metrics/report_list.html", context, status=400 if errors else 200)


def target_choices(organizations: Any) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    initiatives = (
        Initiative.objects.filter(
            Q(lead_organization__in=organizations) | Q(partner_organizations__in=organizations),
            indicator_adoptions__isnull=False,
        )
        .distinct()
        .order_by("sort_title", "id")
    )
    partnerships = (
        Partnership.objects.filter(
            members__organization__in=organizations,
            members__status=MemberStatus.ACCEPTED,
            indicator_adoptions__isnull=False,
        )
        .distinct()
        .order_by("name", "id")
    )
    targets: dict[str, Any] = {}
    for initiative in initiatives:
        targets[f"initiative-{initiative.pk}"] = initiative
    for partnership in partnerships:
        targets[f"partnership-{partnership.pk}"] = partnership
    choices = [
        (
            key,
            _("Initiative: %(name)s") % {"name": target}
            if isinstance(target, Initiative)
            else _("Partnership: %(name)s") % {"name": target},
        )
        for key, target in targets.items()
    ]
    return choices, targets


@login_required
def report_open(request: HttpRequest) -> HttpResponse:
    organizations = permissions.organizations_with_permission(
        request.user, permissions.CHANGE
    ).order_by("sort_name")
    if not organizations.exists():
        raise PermissionDenied(
            _("Only editors and administrators of an organization open reports.")
        )
    choices, targets = target_choices(organizations)
    form = OpenReportForm(request.POST or None, organizations=organizations, targets=choices)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = services.open_report(
                    current_user(request),
                    form.cleaned_data["organization"],
                    targets[form.cleaned_data["target"]],
                    form.cleaned_data["quarter"],
                )
            except ValidationError as error:
                for field, field_errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, field_errors)
            else:
                return redirect(report)
        status = 400
    describe_fields(form)
    return render(
        request,
        "metrics/report_open.html",
        {"form": form, "has_targets": bool(choices)},
        status=status,
    )


def report_for_request(request: HttpRequest, pk: int) -> Report:
    """Return the report, or raise Http404 when the requester may not see it."""
    report = get_object_or_404(
        Report.objects.select_related("organization", "initiative", "partnership"), pk=pk
    )
    if not services.can_view_report(request.user, report):
        raise Http404
    return report


def report_context(request: HttpRequest, report: Report, **overrides: Any) -> dict[str, Any]:
    indicators = services.adopted_indicators(report)
    values = list(report.values.select_related("indicator"))
    can_edit = report.is_editable and services.can_report_for(request.user, report.organization)
    revisions = list(
        Report.objects.filter(
            organization_id=report.organization_id,
            quarter=report.quarter,
            **services.same_target(report),
        ).order_by("revision")
    )
    context = {
        "report": report,
        "values": values,
        "indicators": indicators,
        "can_edit": can_edit,
        "can_report": services.can_report_for(request.user, report.organization),
        "is_coordinator": permissions.is_coordinator(request.user),
        "revisions": revisions,
        "is_latest": bool(revisions) and revisions[-1].pk == report.pk,
        "values_form": ReportValuesForm(indicators=indicators, current=values)
        if can_edit
        else None,
        "upload_form": UploadForm() if can_edit else None,
        "return_form": ReturnForm(),
        "upload_problems": [],
    }
    context.update(overrides)
    for form_name in ("values_form", "upload_form", "return_form"):
        form = context[form_name]
        if isinstance(form, forms.BaseForm):
            describe_fields(form)
    return context


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for_request(request, pk)
    if request.method != "POST":
        return render(request, "metrics/report_detail.html", report_context(request, report))

    if not services.can_report_for(request.user, report.organization):
        raise PermissionDenied(_("You do not have permission to report for this organization."))
    context = report_context(request, report)
    form = ReportValuesForm(
        request.POST, indicators=context["indicators"], current=context["values"]
    )
    if form.is_valid():
        try:
            services.save_values(
                current_user(request),
                report,
                form.items,
                replace_all=False,
                removed_codes=form.removed,
            )
        except services.ReportValidationError as error:
            form.add_problems(error.problems)
        except services.StateConflict as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The values are saved."))
            return redirect(report)
    describe_fields(form)
    return render(
        request,
        "metrics/report_detail.html",
        report_context(request, report, values_form=form),
        status=400,
    )


@login_required
def report_upload(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for_request(request, pk)
    if not services.can_report_for(request.user, report.organization):
        raise PermissionDenied(_("You do not have permission to report for this organization."))
    if request.method != "POST":
        return redirect(report)
    form = UploadForm(request.POST, request.FILES)
    problems: list[Problem] = []
    if form.is_valid():
        try:
            count = services.upload_report_csv(
                current_user(request), report, form.cleaned_data["file"].read()
            )
        except services.ReportValidationError as error:
            problems = error.problems
            form.add_error(
                "file",
                _(
                    "The file has problems, so nothing was saved. "
                    "Fix every row listed and upload it again."
                ),
            )
        except services.StateConflict as error:
            form.add_error("file", error.messages)
        else:
            messages.success(request, _("The file is saved: %(count)s values.") % {"count": count})
            return redirect(report)
    describe_fields(form)
    context = report_context(request, report, upload_form=form, upload_problems=problems)
    return render(request, "metrics/report_detail.html", context, status=400)


@login_required
def report_template(request: HttpRequest, pk: int) -> HttpResponse:
    from metrics.uploads import template_csv

    report = report_for_request(request, pk)
    body = template_csv(report, services.adopted_indicators(report))
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="report-{report.quarter}-{report.pk}.csv"'
    )
    return response


@login_required
@require_POST
def report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Submit, approve, return or correct a report, then go back to its page."""
    report = report_for_request(request, pk)
    user = current_user(request)
    try:
        if action == "submit":
            services.submit_report(user, report)
            messages.success(request, _("The report is submitted to the coordinators."))
        elif action == "approve":
            services.approve_report(user, report)
            messages.success(request, _("The report is approved."))
        elif action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                describe_fields(form)
                return render(
                    request,
                    "metrics/report_detail.html",
                    report_context(request, report, return_form=form),
                    status=400,
                )
            services.return_report(user, report, form.cleaned_data["comment"])
            messages.success(request, _("The report is returned to the organization."))
        elif action == "correct":
            correction = services.start_correction(user, report)
            messages.success(
                request,
                _("Revision %(revision)s is open for your correction.")
                % {"revision": correction.revision},
            )
            return redirect(correction)
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return render(
            request, "metrics/report_detail.html", report_context(request, report), status=400
        )
    return redirect(report)


# ---------------------------------------------------------------------------
# Reporting compliance (coordinators)
# ---------------------------------------------------------------------------


@login_required
def compliance_view(request: HttpRequest) -> HttpResponse:
    if not permissions.is_coordinator(request.user):
        raise PermissionDenied(_("Only coordinators see reporting compliance."))
    quarter = reporting_quarters(1)[0]
    if request.method == "POST":
        sent = compliance.send_compliance_reminders(quarter)
        messages.success(
            request,
            _(
                "Reminders sent to %(count)s organizations. "
                "Organizations already reminded for this quarter were skipped."
            )
            % {"count": sent},
        )
        return redirect("metrics:compliance")
    missing = compliance.missing_reports(quarter)
    page = Paginator(missing, REPORTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "metrics/compliance.html", {"quarter": quarter, "page": page})


__all__ = ["result_rows"]
