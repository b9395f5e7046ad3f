from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization-detail"),
]
