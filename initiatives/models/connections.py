"""Introduction requests between initiatives, and the emails they cause."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from initiatives.models.initiatives import Initiative


class ConnectionRequest(models.Model):
    """A member's request to be introduced to the lead of another initiative.

    Until the lead accepts, the lead sees only the requesting initiative and
    the message, never the requester's name or email.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    from_initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="sent_connections"
    )
    to_initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="received_connections"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("connection request")
        verbose_name_plural = _("connection requests")
        constraints = [
            models.UniqueConstraint(
                fields=["from_initiative", "to_initiative"],
                condition=Q(status="pending"),
                name="connection_one_pending_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"Connection {self.pk}: {self.from_initiative_id} to {self.to_initiative_id}"


class ConnectionEmail(models.Model):
    """One email of a connection request, recorded before sending so it goes out at most once."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", "requested"
        ACCEPTED_TO_REQUESTER = "accepted-requester", "accepted, to the requester"
        ACCEPTED_TO_LEAD = "accepted-lead", "accepted, to the lead"
        DECLINED = "declined", "declined"

    class State(models.TextChoices):
        PENDING = "pending", "pending"
        SENDING = "sending", "sending"
        SENT = "sent", "sent"
        FAILED = "failed", "failed"

    connection = models.ForeignKey(
        ConnectionRequest, on_delete=models.CASCADE, related_name="emails"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "recipient", "kind"], name="connection_email_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} email of connection request {self.connection_id} ({self.state})"
