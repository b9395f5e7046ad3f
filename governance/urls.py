"""Pages of the governance app, mounted under the language prefix."""

from django.urls import path  # noqa: F401

app_name = "governance"

urlpatterns: list = []
