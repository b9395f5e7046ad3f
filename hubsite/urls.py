"""Root URLs: language-prefixed pages, the admin, and the versioned API."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

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
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # Health endpoints (production hardening) go here.
]

# The benchmark floor endpoint (bench/) is wired here when HUB_BENCH_FLOOR is on.

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
