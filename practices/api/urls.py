"""Routes of the practices API, mounted at /api/v1/ under the "api" namespace."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
