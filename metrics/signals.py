"""Start a new results cache version when a record that results depend on changes."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from metrics.models import Baseline, Indicator, Report, ReportValue
from metrics.results import invalidate_results
from partners.models import Organization


def results_changed(sender: Any, **kwargs: Any) -> None:
    invalidate_results()


def connect_signals() -> None:
    for model in (Report, ReportValue, Indicator, Baseline, Organization):
        post_save.connect(
            results_changed, sender=model, dispatch_uid=f"metrics-results-{model.__name__}"
        )
        post_delete.connect(
            results_changed, sender=model, dispatch_uid=f"metrics-results-del-{model.__name__}"
        )
