"""The floor: the directory's first page as JSON from one hand-written SQL query.

It is the least work Django can do to answer the directory's question: no
template, serializer, form, paginator or middleware, one query and
JsonResponse. `make bench` serves it with bench.floor_settings on its own
gunicorn, with the same worker count as the portal, and reports every
scenario's throughput as a ratio of this one's at the same concurrency.
This module is also that server's whole URL configuration.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import path

PAGE_SIZE = 20

# The rows of the directory's first page (verified organizations by folded
# name, then id) with what a row shows: name, kind, head office, badges, plus
# the regions served and languages that the API list returns.
FIRST_PAGE_SQL = """
SELECT o.slug, o.name, o.alternate_name, o.city, k.name_en, p.code,
       o.disability_led, o.indigenous_led,
       ARRAY(SELECT r.code FROM partners_organization_regions_served s
             JOIN partners_region r ON r.id = s.region_id
             WHERE s.organization_id = o.id ORDER BY r.sort_order, r.code),
       ARRAY(SELECT l.code FROM partners_organization_languages ol
             JOIN partners_language l ON l.id = ol.language_id
             WHERE ol.organization_id = o.id ORDER BY l.sort_order, l.code)
FROM partners_organization o
JOIN partners_stakeholderkind k ON k.id = o.kind_id
LEFT JOIN partners_region p ON p.id = o.province_id
WHERE o.verification_status = 'verified'
ORDER BY o.sort_name, o.id
LIMIT %s
"""
COLUMNS = (
    "slug",
    "name",
    "alternate_name",
    "city",
    "kind",
    "province",
    "disability_led",
    "indigenous_led",
    "regions_served",
    "languages",
)


def first_page(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute(FIRST_PAGE_SQL, [PAGE_SIZE])
        rows = cursor.fetchall()
    return JsonResponse({"results": [dict(zip(COLUMNS, row, strict=True)) for row in rows]})


urlpatterns = [path("floor/organizations/", first_page, name="floor")]
