"""The metrics API: the indicator library, reports with their states, and public network results.

Views check who may see a record, then call the same services as the pages,
which check permissions again and validate. Each request runs in one
transaction (ATOMIC_REQUESTS), so a rejected upload saves nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404  # 404, not 500, for a malformed id
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hubsite.quarters import Quarter
from initiatives.models import Initiative
from metrics import services
from metrics.api.serializers import (
    AdoptionSerializer,
    IndicatorSerializer,
    IndicatorWriteSerializer,
    ReportCreateSerializer,
    ReportSerializer,
    ReportValuesWriteSerializer,
    ResultSerializer,
    ResultsResponseSerializer,
    ReturnSerializer,
)
from metrics.exports import results_csv
from metrics.models import Indicator, Report, ReportState, ReportValue, Unit
from metrics.results import (
    DIMENSIONS,
    TOTAL,
    cached_results,
    reporting_quarters,
    result_rows,
)
from metrics.validation import Problem
from partners.api.errors import (
    BAD_REQUEST,
    CONFLICT,
    NOT_FOUND,
    NOT_SIGNED_IN_OR_FORBIDDEN,
    Conflict,
)
from partners.api.permissions import (
    CoordinatorsUseTwoFactor,
    is_coordinator,
    visible_organizations,
)
from partners.models import Partnership


def problems_by_item(problems: Sequence[Problem], count: int) -> dict[str, Any]:
    """Arrange validation problems as DRF does for a list: one dict of field errors per item."""
    items: list[dict[str, list[str]]] = [{} for _index in range(count)]
    general: list[str] = []
    for problem in problems:
        if problem.row is not None and 0 <= problem.row < count:
            items[problem.row].setdefault(problem.column, []).append(problem.message)
        else:
            general.append(str(problem))
    detail: dict[str, Any] = {"values": items}
    if general:
        detail["non_field_errors"] = general
    return detail


def call_service(function: Any, *args: Any, value_count: int = 0, **kwargs: Any) -> Any:
    """Run a service and turn its errors into 400 and 409 responses."""
    try:
        return function(*args, **kwargs)
    except services.ReportValidationError as error:
        raise exceptions.ValidationError(problems_by_item(error.problems, value_count)) from None
    except services.StateConflict as error:
        raise Conflict(" ".join(error.messages)) from None
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise exceptions.ValidationError(error.message_dict) from None
        raise exceptions.ValidationError({"non_field_errors": error.messages}) from None


# ---------------------------------------------------------------------------
# Indicators
# ---------------------------------------------------------------------------


class IndicatorFilterSet(django_filters.FilterSet):
    unit = django_filters.ChoiceFilter(choices=Unit.choices)
    theme = django_filters.NumberFilter(field_name="themes__number", distinct=True)
    is_reference = django_filters.BooleanFilter()
    retired = django_filters.BooleanFilter()

    class Meta:
        model = Indicator
        fields = ["unit", "theme", "is_reference", "retired"]


REPORT_ERRORS: Mapping[int, Any] = {
    400: BAD_REQUEST,
    403: NOT_SIGNED_IN_OR_FORBIDDEN,
    404: NOT_FOUND,
    409: CONFLICT,
}


@extend_schema_view(
    list=extend_schema(
        summary="List the indicator library",
        responses={200: IndicatorSerializer(many=True), 400: BAD_REQUEST},
    ),
    retrieve=extend_schema(
        summary="Show one indicator", responses={200: IndicatorSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Add an indicator (coordinators)",
        request=IndicatorWriteSerializer,
        responses={201: IndicatorSerializer, 400: BAD_REQUEST, 403: NOT_SIGNED_IN_OR_FORBIDDEN},
    ),
    partial_update=extend_schema(
        summary="Change or retire an indicator (coordinators)",
        description=(
            "There is no DELETE: set `retired`, so the indicator's reports keep their history."
        ),
        request=IndicatorWriteSerializer,
        responses={200: IndicatorSerializer, **REPORT_ERRORS},
    ),
)
class IndicatorViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Indicator],
):
    """The common indicators and UN SDG references with their baselines.

    Anyone reads them; coordinators add, change and retire them.
    """

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    lookup_field = "code"
    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = Indicator.objects.prefetch_related("themes", "baselines__region").order_by(
        "is_reference", "position", "code"
    )

    def get_permissions(self) -> Sequence[Any]:
        if self.action in {"list", "retrieve"}:
            return [AllowAny()]
        if self.action == "adopt":
            return [CoordinatorsUseTwoFactor(), IsAuthenticated()]
        return [CoordinatorsUseTwoFactor(), IsAuthenticated(), IsCoordinatorForLibrary()]

    @extend_schema(
        summary="Adopt an indicator for an initiative or a partnership",
        description=(
            "Editors and administrators of the lead organization adopt indicators; "
            "reports for the initiative or partnership then take values for it."
        ),
        request=AdoptionSerializer,
        responses={201: AdoptionSerializer, **REPORT_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="adoptions")
    def adopt(self, request: Request, code: str) -> Response:
        indicator = self.get_object()
        serializer = AdoptionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        target: Initiative | Partnership
        if data["initiative"] is not None:
            target = get_object_or_404(Initiative.objects.all(), pk=data["initiative"])
        else:
            target = get_object_or_404(Partnership.objects.all(), pk=data["partnership"])
        adoption = call_service(services.adopt_indicator, request.user, indicator, target)
        return Response(
            {"initiative": adoption.initiative_id, "partnership": adoption.partnership_id},
            status=status.HTTP_201_CREATED,
        )

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action in {"create", "partial_update", "update"}:
            return IndicatorWriteSerializer
        return IndicatorSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = IndicatorWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        indicator = serializer.save()
        return Response(IndicatorSerializer(indicator).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        indicator = self.get_object()
        serializer = IndicatorWriteSerializer(indicator, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(IndicatorSerializer(self.get_queryset().get(pk=indicator.pk)).data)


class IsCoordinatorForLibrary(BasePermission):
    """Coordinators only: they maintain the indicator library."""

    message = _("Only coordinators change the indicator library.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_coordinator(request)


# ---------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------


class ReportFilterSet(django_filters.FilterSet):
    organization = django_filters.CharFilter(field_name="organization__slug")
    quarter = django_filters.CharFilter(method="filter_quarter")
    state = django_filters.ChoiceFilter(choices=ReportState.choices)
    initiative = django_filters.NumberFilter(field_name="initiative_id")
    partnership = django_filters.NumberFilter(field_name="partnership_id")

    class Meta:
        model = Report
        fields = ["organization", "quarter", "state", "initiative", "partnership"]

    def filter_quarter(self, queryset: QuerySet[Report], name: str, value: str) -> QuerySet[Report]:
        try:
            code = Quarter.parse(value).code
        except ValueError:
            raise exceptions.ValidationError(
                {"quarter": [_("Enter a quarter such as 2026Q1.")]}
            ) from None
        return queryset.filter(quarter=code)


@extend_schema_view(
    list=extend_schema(
        summary="List reports",
        description="Reports of the organizations you belong to; coordinators see every report.",
        responses={
            200: ReportSerializer(many=True),
            400: BAD_REQUEST,
            403: NOT_SIGNED_IN_OR_FORBIDDEN,
        },
    ),
    retrieve=extend_schema(
        summary="Show one report", responses={200: ReportSerializer, 404: NOT_FOUND}
    ),
)
class ReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Report]
):
    """Quarterly reports: open, fill and submit them; coordinators approve or return them.

    Editors and administrators of the reporting organization write; its
    members and coordinators read. A value list is saved all or nothing.
    """

    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    permission_classes = [CoordinatorsUseTwoFactor, IsAuthenticated]

    def get_queryset(self) -> QuerySet[Report]:
        return (
            services.visible_reports(self.request.user)
            .select_related("organization")
            .prefetch_related(
                Prefetch("values", queryset=ReportValue.objects.select_related("indicator"))
            )
            .order_by("-quarter", "organization__sort_name", "-revision", "id")
        )

    def respond(self, report: Report, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=report.pk)
        return Response(ReportSerializer(fresh).data, status=status_code)

    @extend_schema(
        summary="Open a report",
        description=(
            "Returns the organization's open report for the initiative or partnership and quarter, "
            "creating a draft when there is none. Values, when given, replace the report's values."
        ),
        request=ReportCreateSerializer,
        responses={201: ReportSerializer, **REPORT_ERRORS},
    )
    def create(self, request: Request) -> Response:
        serializer = ReportCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        organization = get_object_or_404(visible_organizations(request), slug=data["organization"])
        if not services.can_report_for(request.user, organization):
            raise exceptions.PermissionDenied(
                _("You do not have permission to report for this organization.")
            )
        target: Initiative | Partnership
        if data["initiative"] is not None:
            target = get_object_or_404(Initiative.objects.all(), pk=data["initiative"])
        else:
            target = get_object_or_404(Partnership.objects.all(), pk=data["partnership"])
        report = call_service(
            services.open_report, request.user, organization, target, data["quarter"]
        )
        if "values" in data:
            inputs = serializer.value_inputs()
            call_service(
                services.save_values,
                request.user,
                report,
                inputs,
                replace_all=True,
                value_count=len(inputs),
            )
        return self.respond(report, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Replace a report's values",
        description=(
            "Every value is validated. When any is invalid nothing is saved, "
            "and each item's errors are listed."
        ),
        request=ReportValuesWriteSerializer,
        responses={200: ReportSerializer, **REPORT_ERRORS},
    )
    @action(detail=True, methods=["put"], url_path="values")
    def replace_values(self, request: Request, pk: str) -> Response:
        report = self.get_object()
        serializer = ReportValuesWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        inputs = serializer.value_inputs()
        call_service(
            services.save_values,
            request.user,
            report,
            inputs,
            replace_all=True,
            value_count=len(inputs),
        )
        return self.respond(report)

    @extend_schema(
        summary="Submit a report", request=None, responses={200: ReportSerializer, **REPORT_ERRORS}
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        report = call_service(services.submit_report, request.user, self.get_object())
        return self.respond(report)

    @extend_schema(
        summary="Approve a report (coordinators)",
        request=None,
        responses={200: ReportSerializer, **REPORT_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        report = call_service(services.approve_report, request.user, self.get_object())
        return self.respond(report)

    @extend_schema(
        summary="Return a report (coordinators)",
        request=ReturnSerializer,
        responses={200: ReportSerializer, **REPORT_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_organization(self, request: Request, pk: str) -> Response:
        report = self.get_object()
        serializer = ReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = call_service(
            services.return_report, request.user, report, serializer.validated_data["comment"]
        )
        return self.respond(report)

    @extend_schema(
        summary="Correct an approved report",
        description=(
            "Opens a new draft revision with the approved values copied. The approved "
            "revision stays counted until the correction is approved."
        ),
        request=None,
        responses={201: ReportSerializer, **REPORT_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        correction = call_service(services.start_correction, request.user, self.get_object())
        return self.respond(correction, status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


class ResultsCSVRenderer(renderers.BaseRenderer):
    """CSV with a byte-order mark, formula-safe text and plain numbers, like the page's export."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if isinstance(data, dict) and "results" in data:
            return results_csv(data["results"]).encode("utf-8")
        return results_csv([]).encode("utf-8")


@extend_schema(
    summary="Network results",
    description=(
        "Approved results of the last eight complete quarters, per indicator and quarter: "
        "the network total and breakdowns by province or territory, theme and stakeholder "
        "kind. A figure resting on fewer than 5 people or 3 organizations is null with "
        "`suppressed` true, as is any figure that "
        "would let a hidden one be worked out from the total. Add `format=csv` for CSV."
    ),
    parameters=[
        OpenApiParameter("indicator", OpenApiTypes.STR, description="An indicator code."),
        OpenApiParameter(
            "quarter",
            OpenApiTypes.STR,
            description="A quarter such as 2026Q1, among the last eight.",
        ),
        OpenApiParameter("dimension", OpenApiTypes.STR, enum=[TOTAL, *DIMENSIONS]),
        OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"]),
    ],
    responses={200: ResultsResponseSerializer, 400: BAD_REQUEST},
)
class ResultsView(APIView):
    permission_classes = [AllowAny]
    renderer_classes = [renderers.JSONRenderer, renderers.BrowsableAPIRenderer, ResultsCSVRenderer]

    def get(self, request: Request) -> Response:
        errors: dict[str, list[str]] = {}
        indicators = Indicator.objects.filter(is_reference=False)
        code = request.query_params.get("indicator")
        if code:
            # PostgreSQL rejects a NUL in a query parameter, and no code contains one.
            indicators = indicators.filter(code=code.replace("\x00", ""))
            if "\x00" in code or not indicators.exists():
                errors["indicator"] = [_("No indicator has the code %(code)s.") % {"code": code}]
        quarters = reporting_quarters()
        quarter_code = request.query_params.get("quarter")
        if quarter_code:
            try:
                quarter = Quarter.parse(quarter_code)
            except ValueError:
                quarter = None
            if quarter not in quarters:
                errors["quarter"] = [
                    _("Choose one of the last eight quarters, such as %(code)s.")
                    % {"code": quarters[-1].code}
                ]
            else:
                quarters = [quarter]
        dimension = request.query_params.get("dimension")
        if dimension and dimension not in (TOTAL, *DIMENSIONS):
            errors["dimension"] = [_("Choose total, province, theme or kind.")]
        if errors:
            raise exceptions.ValidationError(errors)

        dimensions = (
            [dimension]
            if dimension and dimension != TOTAL
            else ([] if dimension == TOTAL else list(DIMENSIONS))
        )
        results = cached_results(list(indicators), quarters, dimensions=dimensions)
        rows = result_rows(results.values())
        if dimension:
            rows = [row for row in rows if row["dimension"] == dimension]
        data = {
            "quarters": [quarter.code for quarter in quarters],
            "results": ResultSerializer(rows, many=True).data,
        }
        response = Response(data)
        if (
            getattr(request, "accepted_renderer", None) is not None
            and request.accepted_renderer.format == "csv"
        ):
            response["Content-Disposition"] = 'attachment; filename="results.csv"'
        return response
