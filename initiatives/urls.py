"""Pages of the initiatives app, mounted under the language prefix."""

from django.urls import path  # noqa: F401

app_name = "initiatives"

urlpatterns: list = []
