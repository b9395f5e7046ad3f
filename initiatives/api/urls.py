"""Routes of the initiatives API, mounted at /api/v1/ under the "api" namespace."""

from rest_framework.routers import SimpleRouter

from initiatives.api import views

router = SimpleRouter()
router.register("initiatives", views.InitiativeViewSet, basename="initiative")
router.register(
    "initiative-connections", views.ConnectionRequestViewSet, basename="initiative-connection"
)
router.register("initiative-proposals", views.ChangeProposalViewSet, basename="initiative-proposal")

urlpatterns = [*router.urls]
