"""Root URLs: language-prefixed pages, the admin, and the versioned API."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from hubsite import health
from hubsite.uploads import serve_media
from partners.views.directory import home

api_v1 = [
    path("", include("partners.api.urls")),
    path("", include("initiatives.api.urls")),
    path("", include("governance.api.urls")),
    path("", include("metrics.api.urls")),
    path("", include("practices.api.urls")),
]

urlpatterns = [
    path("api/v1/", include((api_v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file, which the
    # Content-Security-Policy allows, instead of inline.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    # Uploaded files, served with nosniff and attachment headers (hubsite.uploads).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media"),
    # /healthz checks that the process responds, /readyz that the database and Redis respond too.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

# Errors raised while the database is unreachable get the 503 page instead of
# the 500 page (see hubsite.middleware).
handler500 = "hubsite.middleware.server_error"

urlpatterns += i18n_patterns(
    path("", home, name="home"),
    path("", include("partners.urls")),
    path("", include("initiatives.urls")),
    path("", include("governance.urls")),
    path("", include("metrics.urls")),
    path("", include("practices.urls")),
    path(
        "help/",
        TemplateView.as_view(
            template_name="help.html", extra_context={"contact_email": settings.HUB_CONTACT_EMAIL}
        ),
        name="help",
    ),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
)
