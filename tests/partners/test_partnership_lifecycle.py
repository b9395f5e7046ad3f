"""Partnership lifecycle: allowed and refused moves, reasons, records, who may move, and races."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from partners import partnerships as services
from partners.models import (
    ALLOWED_TRANSITIONS,
    Organization,
    Partnership,
    PartnershipState,
    PartnershipTransition,
    User,
)
from tests.partners.partnership_support import Network, move_to

STATES = list(PartnershipState.values)
PAIRS = [(source, target) for source in STATES for target in STATES]


def test_transition_table_has_every_state() -> None:
    assert set(ALLOWED_TRANSITIONS) == set(STATES)
    assert ALLOWED_TRANSITIONS[PartnershipState.ENDED] == frozenset()


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{s}->{t}" for s, t in PAIRS])
def test_only_allowed_transitions_succeed(network: Network, source: str, target: str) -> None:
    partnership = move_to(network.partnership, source, network.coordinator)
    before = PartnershipTransition.objects.filter(partnership=partnership).count()

    if target in ALLOWED_TRANSITIONS[source]:
        record = services.change_state(
            network.coordinator, partnership, target, "Decided at the meeting."
        )
        partnership.refresh_from_db()
        assert partnership.state == target
        assert record.from_state == source
        assert record.to_state == target
        assert record.actor == network.coordinator
        assert record.reason == "Decided at the meeting."
        assert record.at is not None
    else:
        with pytest.raises(services.TransitionNotAllowed) as caught:
            services.change_state(network.coordinator, partnership, target, "Any reason.")
        assert caught.value.field == "state"
        partnership.refresh_from_db()
        assert partnership.state == source
        assert PartnershipTransition.objects.filter(partnership=partnership).count() == before


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (PartnershipState.PROPOSED, PartnershipState.DECLINED),
        (PartnershipState.UNDER_ASSESSMENT, PartnershipState.DECLINED),
        (PartnershipState.ACTIVE, PartnershipState.ENDED),
    ],
)
def test_declining_or_ending_needs_reason(network: Network, source: str, target: str) -> None:
    partnership = move_to(network.partnership, source, network.coordinator)

    with pytest.raises(services.PartnershipError) as caught:
        services.change_state(network.coordinator, partnership, target, "   ")

    assert caught.value.field == "reason"
    partnership.refresh_from_db()
    assert partnership.state == source


def test_declined_is_recorded_with_reason_and_can_return(network: Network) -> None:
    partnership = network.partnership

    services.change_state(network.coordinator, partnership, PartnershipState.DECLINED, "No fit.")
    services.change_state(network.coordinator, partnership, PartnershipState.PROPOSED, "")

    moves = list(partnership.transitions.values_list("from_state", "to_state", "reason"))
    assert moves == [
        ("proposed", "declined", "No fit."),
        ("declined", "proposed", ""),
    ]


def test_transition_raises_version(network: Network) -> None:
    partnership = network.partnership
    version = partnership.version

    services.change_state(network.coordinator, partnership, PartnershipState.UNDER_ASSESSMENT)

    partnership.refresh_from_db()
    assert partnership.version == version + 1


def test_lead_may_withdraw_but_not_activate(network: Network) -> None:
    partnership = network.partnership

    assert services.states_user_may_choose(network.admin_a, partnership) == ["declined"]
    with pytest.raises(PermissionDenied):
        services.change_state(network.admin_a, partnership, PartnershipState.UNDER_ASSESSMENT)

    services.change_state(network.admin_a, partnership, PartnershipState.DECLINED, "Withdrawn.")
    partnership.refresh_from_db()
    assert partnership.state == PartnershipState.DECLINED


def test_lead_may_end_running_partnership(network: Network) -> None:
    partnership = move_to(network.partnership, PartnershipState.ACTIVE, network.coordinator)

    assert services.states_user_may_choose(network.admin_a, partnership) == ["ended"]
    services.change_state(network.admin_a, partnership, PartnershipState.ENDED, "Goals met.")

    partnership.refresh_from_db()
    assert partnership.state == PartnershipState.ENDED


@pytest.mark.parametrize("persona", ["member_a", "editor_a", "admin_b", "admin_c"])
def test_others_cannot_change_state(network: Network, persona: str) -> None:
    user = getattr(network, persona)
    partnership = network.partnership

    assert services.states_user_may_choose(user, partnership) == []
    with pytest.raises(PermissionDenied):
        services.change_state(user, partnership, PartnershipState.DECLINED, "Not mine to decide.")
    partnership.refresh_from_db()
    assert partnership.state == PartnershipState.PROPOSED


def test_stale_expected_state_is_refused(network: Network) -> None:
    partnership = network.partnership
    stale_copy = Partnership.objects.get(pk=partnership.pk)
    services.change_state(network.coordinator, partnership, PartnershipState.UNDER_ASSESSMENT)

    with pytest.raises(services.TransitionNotAllowed):
        services.change_state(
            network.coordinator, stale_copy, PartnershipState.DECLINED, "Too late."
        )

    partnership.refresh_from_db()
    assert partnership.state == PartnershipState.UNDER_ASSESSMENT
    assert partnership.transitions.count() == 1


def test_competing_moves_from_same_read(network: Network) -> None:
    partnership = move_to(
        network.partnership, PartnershipState.UNDER_ASSESSMENT, network.coordinator
    )
    first = Partnership.objects.get(pk=partnership.pk)
    second = Partnership.objects.get(pk=partnership.pk)

    services.change_state(network.coordinator, first, PartnershipState.ACTIVE, "Approved.")
    with pytest.raises(services.TransitionNotAllowed):
        services.change_state(network.coordinator, second, PartnershipState.DECLINED, "Refused.")

    partnership.refresh_from_db()
    assert partnership.state == PartnershipState.ACTIVE
    assert list(partnership.transitions.values_list("to_state", flat=True)) == [
        "under-assessment",
        "active",
    ]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite locks the whole database for a write, so two connections cannot race.",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_only_one_wins(
    make_organization: Callable[..., Organization],
    organization_a: Organization,
    admin_a: User,
    coordinator: User,
) -> None:
    partnership = services.create_partnership(admin_a, organization_a, {"name": "Course"})
    services.transition_partnership(partnership, PartnershipState.UNDER_ASSESSMENT, coordinator)
    targets = [PartnershipState.ACTIVE, PartnershipState.DECLINED]
    barrier = threading.Barrier(len(targets))
    outcomes: dict[str, str] = {}

    def move(target: str) -> None:
        try:
            copy = Partnership.objects.get(pk=partnership.pk)
            barrier.wait(timeout=10)
            services.change_state(coordinator, copy, target, "Decision.")
            outcomes[target] = "moved"
        except services.TransitionNotAllowed:
            outcomes[target] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["moved", "refused"]
    partnership.refresh_from_db()
    winner = next(target for target, outcome in outcomes.items() if outcome == "moved")
    assert partnership.state == winner
    assert partnership.transitions.filter(from_state="under-assessment").count() == 1
