"""Routes of the metrics API, mounted at /api/v1/ under the "api" namespace."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from metrics.api import views

router = SimpleRouter()
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("reports", views.ReportViewSet, basename="report")

urlpatterns = [
    *router.urls,
    path("results/", views.ResultsView.as_view(), name="results"),
]
