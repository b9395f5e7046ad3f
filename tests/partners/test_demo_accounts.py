"""Demo accounts and declarations: created only while DEBUG is on, and only once."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command

from partners import permissions
from partners.demo import load_demo_network
from partners.demo.accounts import (
    ADMINISTRATOR_EMAIL,
    COORDINATOR_EMAIL,
    SECOND_ADMINISTRATOR_EMAIL,
)
from partners.models import LeadershipDeclaration, Organization, User

pytestmark = pytest.mark.django_db


def test_accounts_created_with_debug(settings, reference_data):
    settings.DEBUG = True

    load_demo_network()
    load_demo_network()

    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    assert permissions.is_coordinator(coordinator)
    assert Authenticator.objects.filter(user=coordinator).count() == 1
    administrator = User.objects.get(email=ADMINISTRATOR_EMAIL)
    assert administrator.memberships.get().role == "administrator"
    second = User.objects.get(email=SECOND_ADMINISTRATOR_EMAIL)
    assert second.memberships.get().organization.city == "Gatineau"
    assert User.objects.count() == 3


def test_accounts_refused_without_debug(settings, reference_data):
    settings.DEBUG = False

    load_demo_network()

    assert not User.objects.exists()
    assert Organization.objects.filter(is_demo=True).count() >= 120


def test_declarations_set_badges_once(settings, reference_data):
    settings.DEBUG = True

    load_demo_network()
    first = LeadershipDeclaration.objects.count()
    load_demo_network()

    assert LeadershipDeclaration.objects.count() == first
    assert first >= 40
    led = Organization.objects.filter(disability_led=True).count()
    assert 0 < led < first


def test_totp_code_command_needs_debug(settings, capsys):
    from django.core.management.base import CommandError

    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo_totp_code")


def test_totp_code_command_prints_code(settings, capsys):
    settings.DEBUG = True

    call_command("demo_totp_code")

    output = capsys.readouterr().out
    assert output.startswith(COORDINATOR_EMAIL)
    assert output.split(": ")[1][:6].isdigit()
