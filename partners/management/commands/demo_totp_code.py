"""Print the demo coordinator's current two-factor code, so the demo needs no authenticator app."""

import time
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partners.demo.accounts import COORDINATOR_EMAIL, COORDINATOR_TOTP_SECRET

TOTP_PERIOD_SECONDS = 30


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo coordinator (only while DEBUG is on)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("DEBUG is off: demo accounts exist only in development.")
        counter = int(time.time()) // TOTP_PERIOD_SECONDS
        code = format_hotp_value(hotp_value(COORDINATOR_TOTP_SECRET, counter))
        remaining = TOTP_PERIOD_SECONDS - int(time.time()) % TOTP_PERIOD_SECONDS
        self.stdout.write(f"{COORDINATOR_EMAIL}: {code} (valid for about {remaining} more seconds)")
