"""Routes of the practices API, mounted at /api/v1/ under the "api" namespace."""

from rest_framework.routers import SimpleRouter

from practices.api import views

router = SimpleRouter()
router.register("practices", views.PracticeViewSet, basename="practice")
router.register("evidence-gaps", views.EvidenceGapViewSet, basename="evidence-gap")
router.register("subscriptions", views.SubscriptionViewSet, basename="subscription")

urlpatterns = router.urls
