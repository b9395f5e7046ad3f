"""Pages of the governance app, mounted under the language prefix."""

from django.urls import path

from governance import views

app_name = "governance"

urlpatterns = [
    path("governance/", views.dashboard, name="dashboard"),
    path("governance/reviews.csv", views.dashboard_export, name="dashboard-export"),
    path("governance/criteria/", views.criterion_list, name="criterion-list"),
    path("governance/criteria/new/", views.criterion_edit, name="criterion-create"),
    path("governance/criteria/<int:pk>/", views.criterion_edit, name="criterion-edit"),
    path(
        "governance/partnerships/<slug:slug>/assess/",
        views.assessment_start,
        name="assessment-start",
    ),
    path("governance/assessments/<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("governance/assessments/<int:pk>/edit/", views.assessment_edit, name="assessment-edit"),
    path(
        "governance/assessments/<int:pk>/decide/", views.assessment_decide, name="assessment-decide"
    ),
    path("governance/reviews/<int:pk>/", views.review_detail, name="review-detail"),
    path("governance/reviews/<int:pk>/benefit/", views.review_benefit, name="review-benefit"),
    path("governance/reviews/<int:pk>/complete/", views.review_complete, name="review-complete"),
    path("exemplary-partnerships/", views.exemplary, name="exemplary"),
]
