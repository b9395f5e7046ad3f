"""Pages of the practices app, mounted under the language prefix."""

from django.urls import path

from practices import views

app_name = "practices"

urlpatterns = [
    path("practices/", views.practice_list, name="practice-list"),
    path("practices/submit/", views.practice_submit, name="practice-submit"),
    path("practices/mine/", views.my_practices, name="my-practices"),
    path("practices/moderation/", views.moderation_queue, name="moderation-queue"),
    path("practices/feed/", views.PracticeFeed(), name="practice-feed"),
    path("practices/export.csv", views.practice_export, name="practice-export"),
    path("practices/<slug:slug>/", views.practice_detail, name="practice-detail"),
    path("practices/<slug:slug>/edit/", views.practice_edit, name="practice-edit"),
    path("practices/<slug:slug>/moderate/", views.practice_moderate, name="practice-moderate"),
    path("evidence-gaps/", views.evidence_gap_list, name="evidence-gap-list"),
    path("evidence-gaps/new/", views.evidence_gap_create, name="evidence-gap-create"),
    path("evidence-gaps/<int:pk>/", views.evidence_gap_detail, name="evidence-gap-detail"),
    path("digests/", views.digest_archive, name="digest-archive"),
    path("digests/subscribe/", views.subscribe, name="subscribe"),
    path(
        "digests/subscribe/check-your-email/",
        views.subscription_pending,
        name="subscription-pending",
    ),
    path("digests/mine/", views.my_subscriptions, name="my-subscriptions"),
    path(
        "digests/mine/<int:pk>/cancel/", views.my_subscription_cancel, name="my-subscription-cancel"
    ),
    path("digests/confirm/<str:token>/", views.subscription_confirm, name="subscription-confirm"),
    path("digests/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("digests/<str:key>/", views.digest_issue, name="digest-issue"),
]
