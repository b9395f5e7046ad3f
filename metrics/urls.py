"""Pages of the metrics app, mounted under the language prefix."""

from django.urls import path

from metrics import views

app_name = "metrics"

urlpatterns = [
    path("results/", views.dashboard, name="dashboard"),
    path(
        "results/export.csv",
        views.results_export,
        {"export_format": "csv"},
        name="results-export-csv",
    ),
    path(
        "results/export.json",
        views.results_export,
        {"export_format": "json"},
        name="results-export-json",
    ),
    path("results/compliance/", views.compliance_view, name="compliance"),
    path("indicators/", views.indicator_list, name="indicator-list"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator-detail"),
    path("indicators/<slug:code>/adopt/", views.indicator_adopt, name="indicator-adopt"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/new/", views.report_open, name="report-open"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/upload/", views.report_upload, name="report-upload"),
    path("reports/<int:pk>/template.csv", views.report_template, name="report-template"),
    path("reports/<int:pk>/<str:action>/", views.report_action, name="report-action"),
]
