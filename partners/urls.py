from django.urls import include, path

from partners.views import account, directory, members, partnerships, registration

app_name = "partners"

urlpatterns = [
    # Directory (public)
    path("organizations/", directory.organization_list, name="organization-list"),
    path(
        "organizations/register/",
        registration.organization_register,
        name="organization-register",
    ),
    path("organizations/<slug:slug>/", directory.organization_detail, name="organization-detail"),
    # One organization's own pages (members, administrators, coordinators)
    path(
        "organizations/<slug:slug>/edit/",
        registration.organization_edit,
        name="organization-edit",
    ),
    path(
        "organizations/<slug:slug>/logo/",
        registration.organization_logo,
        name="organization-logo",
    ),
    path(
        "organizations/<slug:slug>/history/",
        registration.organization_history,
        name="organization-history",
    ),
    path(
        "organizations/<slug:slug>/declaration/",
        members.declaration_create,
        name="declaration-create",
    ),
    path("organizations/<slug:slug>/members/", members.member_list, name="member-list"),
    path("organizations/<slug:slug>/members/invite/", members.member_invite, name="member-invite"),
    path(
        "organizations/<slug:slug>/members/<int:membership_id>/",
        members.member_change,
        name="member-change",
    ),
    path(
        "organizations/<slug:slug>/join-requests/<int:request_id>/",
        members.join_request_decide,
        name="join-request-decide",
    ),
    path("organizations/<slug:slug>/join/", members.join_request_create, name="join-request"),
    path("invitations/<str:token>/", members.invitation_accept, name="invitation-accept"),
    # Partnerships (partners.views.partnerships)
    path("partnerships/", partnerships.partnership_list, name="partnership-list"),
    path("partnerships/new/", partnerships.partnership_create, name="partnership-create"),
    path("partnerships/<slug:slug>/", partnerships.partnership_detail, name="partnership-detail"),
    path("partnerships/<slug:slug>/edit/", partnerships.partnership_edit, name="partnership-edit"),
    path(
        "partnerships/<slug:slug>/members/invite/",
        partnerships.partnership_invite,
        name="partnership-invite",
    ),
    path(
        "partnerships/<slug:slug>/invitation/",
        partnerships.partnership_respond,
        name="partnership-respond",
    ),
    path(
        "partnerships/<slug:slug>/leave/",
        partnerships.partnership_leave,
        name="partnership-leave",
    ),
    path(
        "partnerships/<slug:slug>/goals/",
        partnerships.partnership_goals,
        name="partnership-goals",
    ),
    path(
        "partnerships/<slug:slug>/goals/agree/",
        partnerships.partnership_agree,
        name="partnership-agree",
    ),
    path(
        "partnerships/<slug:slug>/state/",
        partnerships.partnership_state,
        name="partnership-state",
    ),
    # Leadership roles and "Who is at the table" (partners.views.leadership)
    path("", include("partners.views.leadership")),
    # Coordinators
    path("coordination/verification/", registration.verification_queue, name="verification-queue"),
    path(
        "coordination/verification/<slug:slug>/",
        registration.verification_decide,
        name="verification-decide",
    ),
    # The signed-in person
    path("account/", account.dashboard, name="dashboard"),
    path("account/profile/", account.profile, name="profile"),
    path("account/data/", account.data_download, name="data-download"),
    path("account/api-token/", account.api_token, name="api-token"),
    path("account/delete/", account.account_delete, name="account-delete"),
    path("privacy/", account.privacy, name="privacy"),
]
