"""Routes of the versioned API, mounted at /api/v1/ under the "api" namespace."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from partners.api import views

router = SimpleRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")

membership_list = views.MembershipViewSet.as_view({"get": "list"})
membership_detail = views.MembershipViewSet.as_view(
    {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
)

urlpatterns = [
    *router.urls,
    path(
        "organizations/<slug:organization_slug>/memberships/",
        membership_list,
        name="membership-list",
    ),
    path(
        "organizations/<slug:organization_slug>/memberships/<int:pk>/",
        membership_detail,
        name="membership-detail",
    ),
    path(
        "organizations/<slug:organization_slug>/invitations/",
        views.InvitationCreateView.as_view(),
        name="invitation-create",
    ),
    path(
        "organizations/<slug:organization_slug>/declarations/",
        views.LeadershipDeclarationView.as_view(),
        name="declaration-list",
    ),
    path(
        "invitations/<str:token>/accept/",
        views.InvitationAcceptView.as_view(),
        name="invitation-accept",
    ),
    # Partnerships (partners.api.partnerships)
    path("", include("partners.api.partnerships")),
    # Leadership roles and network figures (partners.api.leadership)
    path("", include("partners.api.leadership")),
    path("me/", views.MeView.as_view(), name="me"),
]
