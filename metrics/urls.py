"""Pages of the metrics app, mounted under the language prefix."""

from django.urls import path  # noqa: F401

app_name = "metrics"

urlpatterns: list = []
