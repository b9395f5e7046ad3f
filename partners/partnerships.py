"""Services for partnerships: lifecycle moves and edits that must not overwrite each other.

Views, API views, tasks and other apps (governance moves partnerships after
assessments and reviews) change partnerships only through these functions.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import (
    ALLOWED_TRANSITIONS,
    Partnership,
    PartnershipState,
    PartnershipTransition,
    User,
)

logger = logging.getLogger(__name__)


class PartnershipError(Exception):
    """A change the rules do not allow; the message is shown to the person."""

    def __init__(self, message: Any, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class TransitionNotAllowed(PartnershipError):
    pass


class StaleEdit(PartnershipError):
    """Someone else saved the partnership after this edit started from it."""

    def __init__(self, current: Partnership) -> None:
        super().__init__(
            _(
                "This partnership was changed by someone else while you were editing it. "
                "Your changes were not saved. Review the current version below, then "
                "make your changes again."
            ),
            field="version",
        )
        self.current = current


@transaction.atomic
def transition_partnership(
    partnership: Partnership,
    to_state: str,
    actor: User | None,
    reason: str = "",
    *,
    expected_state: str | None = None,
) -> PartnershipTransition:
    """Move a partnership to `to_state` and record who, when and why.

    The move is a conditional update on the state that was read, so of two
    competing moves from the same state only the first succeeds; the second
    raises TransitionNotAllowed. `expected_state` defaults to the state of
    the instance passed in. Declining needs a reason.
    """
    from_state = expected_state or partnership.state
    if to_state not in ALLOWED_TRANSITIONS.get(from_state, frozenset()):
        raise TransitionNotAllowed(
            _("A partnership cannot move from “%(from)s” to “%(to)s”.")
            % {
                "from": PartnershipState(from_state).label,
                "to": PartnershipState(to_state).label
                if to_state in PartnershipState.values
                else to_state,
            },
            field="state",
        )
    reason = reason.strip()
    if to_state in (PartnershipState.DECLINED, PartnershipState.ENDED) and not reason:
        raise PartnershipError(_("Give the reason for this decision."), field="reason")
    now = timezone.now()
    moved = Partnership.objects.filter(pk=partnership.pk, state=from_state).update(
        state=to_state, state_changed_at=now, version=F("version") + 1, updated=now
    )
    if not moved:
        partnership.refresh_from_db()
        raise TransitionNotAllowed(
            _(
                "The partnership's state changed to “%(state)s” while you were deciding; "
                "nothing was changed. Check its current state and try again."
            )
            % {"state": partnership.get_state_display()},
            field="state",
        )
    record = PartnershipTransition.objects.create(
        partnership=partnership,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        reason=reason,
        at=now,
    )
    partnership.refresh_from_db()
    logger.info(
        "Partnership %s moved from %s to %s by user %s",
        partnership.pk,
        from_state,
        to_state,
        getattr(actor, "pk", None),
    )
    return record


def claim_version(partnership: Partnership, expected_version: int) -> None:
    """Raise the version of a partnership that is still at `expected_version`, or raise StaleEdit.

    Call inside the transaction that saves the edit, before writing other fields.
    """
    claimed = Partnership.objects.filter(pk=partnership.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleEdit(Partnership.objects.get(pk=partnership.pk))
    partnership.version = expected_version + 1
