"""Routes of the governance API, mounted at /api/v1/ under the "api" namespace."""

from rest_framework.routers import SimpleRouter

from governance.api import views

router = SimpleRouter()
router.register("criteria", views.CriterionViewSet, basename="criterion")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register("reviews", views.ReviewViewSet, basename="review")

urlpatterns = router.urls
