"""Admin pages where coordinators maintain the indicator library and baselines."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from metrics.models import Baseline, Indicator, IndicatorAdoption, Report


class BaselineInline(admin.TabularInline):
    model = Baseline
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_en", "unit", "direction", "is_reference", "retired"]
    list_filter = ["unit", "is_reference", "retired", "themes"]
    search_fields = ["code", "name_en", "name_fr"]
    filter_horizontal = ["themes"]
    inlines = [BaselineInline]

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        # Retire an indicator instead, so its reports and results keep their history.
        return False


@admin.register(IndicatorAdoption)
class IndicatorAdoptionAdmin(admin.ModelAdmin):
    list_display = ["indicator", "initiative", "partnership", "created"]
    raw_id_fields = ["initiative", "partnership", "adopted_by"]


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "organization", "quarter", "revision", "state", "is_counted"]
    list_filter = ["state", "quarter"]
    raw_id_fields = ["organization", "initiative", "partnership", "created_by", "decided_by"]
