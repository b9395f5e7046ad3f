"""Pages of the initiatives app, mounted under the language prefix."""

from django.urls import path

from initiatives import views

app_name = "initiatives"

urlpatterns = [
    path("initiatives/", views.initiative_list, name="initiative-list"),
    path("initiatives/new/", views.initiative_create, name="initiative-create"),
    path("initiatives/provinces/", views.province_overview, name="province-overview"),
    path(
        "initiatives/provinces/<str:code>/",
        views.province_overview,
        name="province-overview-detail",
    ),
    path("initiatives/connections/", views.connection_list, name="connection-list"),
    path(
        "initiatives/connections/<int:pk>/decide/",
        views.connection_decide,
        name="connection-decide",
    ),
    path("initiatives/proposals/<int:pk>/decide/", views.proposal_decide, name="proposal-decide"),
    path("initiatives/<int:pk>/", views.initiative_detail, name="initiative-detail"),
    path("initiatives/<int:pk>/edit/", views.initiative_edit, name="initiative-edit"),
    path("initiatives/<int:pk>/connect/", views.initiative_connect, name="initiative-connect"),
    path("initiatives/<int:pk>/propose/", views.proposal_create, name="proposal-create"),
    path(
        "initiatives/<int:pk>/similar/<int:other_pk>/dismiss/",
        views.similar_dismiss,
        name="similar-dismiss",
    ),
]
