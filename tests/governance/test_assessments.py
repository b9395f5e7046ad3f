"""The acquisition framework and assessments: criteria as data, scoring, decisions, lifecycle."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from governance import services
from governance.framework_data import DEFAULT_CRITERIA
from governance.models import Assessment, Criterion, Framework, Outcome
from governance.services import PositionInput, ScoreInput
from partners.models import (
    Organization,
    Partnership,
    PartnershipState,
    PartnershipTransition,
    User,
)

pytestmark = pytest.mark.django_db


def score_all(assessment: Assessment, value: int = 3) -> dict[str, ScoreInput]:
    return {
        line.criterion_key: ScoreInput(value, f"Rationale {line.criterion_key}")
        for line in assessment.scores.all()
    }


@pytest.fixture
def proposed(
    make_partnership: Callable[..., Partnership],
    organization_a: Organization,
    organization_b: Organization,
    admin_a: User,
) -> Partnership:
    return make_partnership(
        lead=organization_a, members=[organization_b], state=PartnershipState.PROPOSED
    )


def test_default_framework_seeded() -> None:
    framework = Framework.objects.get()
    criteria = list(framework.criteria.all())
    assert [criterion.key for criterion in criteria] == [row["key"] for row in DEFAULT_CRITERIA]
    assert len(criteria) == 8
    for criterion in criteria:
        assert criterion.name_en and criterion.name_fr
        assert len(criterion.levels) == 5
        assert all(level["en"] and level["fr"] for level in criterion.levels)


def test_seed_is_idempotent() -> None:
    first = services.seed_default_framework()
    second = services.seed_default_framework()
    assert first.pk == second.pk
    assert Criterion.objects.count() == 8


def test_start_moves_proposed(proposed: Partnership, coordinator: User) -> None:
    assessment = services.start_assessment(coordinator, proposed, "proposal")
    proposed.refresh_from_db()
    assert proposed.state == PartnershipState.UNDER_ASSESSMENT
    assert assessment.scores.count() == 8
    assert assessment.member_positions.count() == 2
    lead_position = assessment.member_positions.get(member__role="lead")
    assert lead_position.value_proposition == "Hiring through the network."
    assert PartnershipTransition.objects.filter(
        partnership=proposed, to_state=PartnershipState.UNDER_ASSESSMENT
    ).exists()


def test_start_needs_coordinator(proposed: Partnership, admin_a: User) -> None:
    with pytest.raises(PermissionDenied):
        services.start_assessment(admin_a, proposed, "proposal")
    proposed.refresh_from_db()
    assert proposed.state == PartnershipState.PROPOSED


def test_one_open_assessment(proposed: Partnership, coordinator: User) -> None:
    services.start_assessment(coordinator, proposed, "proposal")
    with pytest.raises(ValidationError) as error:
        services.start_assessment(coordinator, proposed, "proposal")
    assert "kind" in error.value.message_dict


def test_wrong_kind_for_state(proposed: Partnership, coordinator: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.start_assessment(coordinator, proposed, "renewal")
    assert "kind" in error.value.message_dict


def test_weighted_total(proposed: Partnership, coordinator: User) -> None:
    assessment = services.start_assessment(coordinator, proposed, "proposal")
    scores = score_all(assessment, 2)
    scores["value-for-each-partner"] = ScoreInput(4, "Strong")  # weight 3
    scores["trust-and-track-record"] = ScoreInput(0, "None")  # weight 1
    services.save_assessment(coordinator, assessment, scores=scores, recommendation="accept")
    assessment.refresh_from_db()
    weights = {str(row["key"]): int(row["weight"]) for row in DEFAULT_CRITERIA}  # type: ignore[call-overload]
    expected_sum = sum(
        (4 if key == "value-for-each-partner" else 0 if key == "trust-and-track-record" else 2)
        * weight
        for key, weight in weights.items()
    )
    expected = (Decimal(expected_sum) / sum(weights.values())).quantize(Decimal("0.01"))
    assert assessment.weighted_total == expected
    assert assessment.recommendation == "accept"


def test_total_empty_until_scored(proposed: Partnership, coordinator: User) -> None:
    assessment = services.start_assessment(coordinator, proposed, "proposal")
    scores = score_all(assessment)
    scores["costs"] = ScoreInput(None)
    services.save_assessment(coordinator, assessment, scores=scores)
    assessment.refresh_from_db()
    assert assessment.weighted_total is None


def test_score_out_of_range(proposed: Partnership, coordinator: User) -> None:
    assessment = services.start_assessment(coordinator, proposed, "proposal")
    with pytest.raises(ValidationError) as error:
        services.save_assessment(coordinator, assessment, scores={"costs": ScoreInput(5)})
    assert "score_costs" in error.value.message_dict


def test_unknown_criterion(proposed: Partnership, coordinator: User) -> None:
    assessment = services.start_assessment(coordinator, proposed, "proposal")
    with pytest.raises(ValidationError) as error:
        services.save_assessment(coordinator, assessment, scores={"nope": ScoreInput(1)})
    assert "scores" in error.value.message_dict


def test_member_positions_saved(proposed: Partnership, coordinator: User) -> None:
    assessment = services.start_assessment(coordinator, proposed, "proposal")
    position = assessment.member_positions.get(member__role="member")
    services.save_assessment(
        coordinator,
        assessment,
        scores={},
        positions={position.member_id: PositionInput("Reach", "Two staff days", "New hires")},
    )
    position.refresh_from_db()
    assert position.expected_costs == "Two staff days"
    assert position.expected_benefits == "New hires"


def test_accept_activates(proposed: Partnership, coordinator: User) -> None:
    assessment = services.start_assessment(coordinator, proposed, "proposal")
    services.save_assessment(coordinator, assessment, scores=score_all(assessment))
    services.decide_assessment(coordinator, assessment, decision="accept", reasons_en="Strong fit.")
    proposed.refresh_from_db()
    assessment.refresh_from_db()
    assert proposed.state == PartnershipState.ACTIVE
    assert assessment.decision == Outcome.ACCEPT
    assert assessment.decided_by == coordinator


def test_accept_needs_scores(proposed: Partnership, coordinator: User) -> None:
    assessment = services.start_assessment(coordinator, proposed, "proposal")
    with pytest.raises(ValidationError) as error:
        services.decide_assessment(coordinator, assessment, decision="accept", reasons_en="Yes")
    assert "decision" in error.value.message_dict
    proposed.refresh_from_db()
    assert proposed.state == PartnershipState.UNDER_ASSESSMENT


def test_decline_with_reasons(proposed: Partnership, coordinator: User) -> None:
    assessment = services.start_assessment(coordinator, proposed, "proposal")
    with pytest.raises(ValidationError) as error:
        services.decide_assessment(coordinator, assessment, decision="decline")
    assert "reasons_en" in error.value.message_dict
    services.decide_assessment(
        coordinator,
        assessment,
        decision="decline",
        reasons_fr="Les coûts d'accessibilité ne sont pas couverts.",
    )
    proposed.refresh_from_db()
    assert proposed.state == PartnershipState.DECLINED
    transition = PartnershipTransition.objects.get(
        partnership=proposed, to_state=PartnershipState.DECLINED
    )
    assert transition.reason == "Les coûts d'accessibilité ne sont pas couverts."


def test_defer_keeps_state(proposed: Partnership, coordinator: User) -> None:
    assessment = services.start_assessment(coordinator, proposed, "proposal")
    with pytest.raises(ValidationError) as error:
        services.decide_assessment(coordinator, assessment, decision="defer", reasons_en="Later")
    assert "return_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.decide_assessment(
            coordinator,
            assessment,
            decision="defer",
            reasons_en="Later",
            return_date=timezone.localdate(),
        )
    assert "return_date" in error.value.message_dict
    back = timezone.localdate() + timedelta(days=60)
    services.decide_assessment(
        coordinator,
        assessment,
        decision="defer",
        reasons_en="Waiting for funding.",
        return_date=back,
    )
    proposed.refresh_from_db()
    assessment.refresh_from_db()
    assert proposed.state == PartnershipState.UNDER_ASSESSMENT
    assert assessment.return_date == back
    # The coordinators return with a new assessment.
    again = services.start_assessment(coordinator, proposed, "proposal")
    assert again.pk != assessment.pk


def test_decided_is_final(proposed: Partnership, coordinator: User) -> None:
    assessment = services.start_assessment(coordinator, proposed, "proposal")
    services.decide_assessment(coordinator, assessment, decision="decline", reasons_en="No")
    with pytest.raises(ValidationError):
        services.decide_assessment(coordinator, assessment, decision="decline", reasons_en="No")
    with pytest.raises(ValidationError):
        services.save_assessment(coordinator, assessment, scores={})


def test_renewal_lifecycle(
    make_partnership: Callable[..., Partnership],
    organization_a: Organization,
    coordinator: User,
) -> None:
    running = make_partnership(lead=organization_a, state=PartnershipState.ACTIVE)
    assessment = services.start_assessment(coordinator, running, "renewal")
    running.refresh_from_db()
    assert running.state == PartnershipState.UNDER_REVIEW
    services.save_assessment(coordinator, assessment, scores=score_all(assessment))
    services.decide_assessment(coordinator, assessment, decision="accept", reasons_en="Renew.")
    running.refresh_from_db()
    assert running.state == PartnershipState.RENEWED

    ending = make_partnership(lead=organization_a, state=PartnershipState.RENEWED)
    ending.exemplary_since = timezone.now()
    ending.save()
    renewal = services.start_assessment(coordinator, ending, "renewal")
    services.decide_assessment(coordinator, renewal, decision="decline", reasons_en="Goals met.")
    ending.refresh_from_db()
    assert ending.state == PartnershipState.ENDED
    assert ending.exemplary_since is None


def test_revision_keeps_past_scores(proposed: Partnership, coordinator: User) -> None:
    framework = services.current_framework()
    revision = framework.revision
    assessment = services.start_assessment(coordinator, proposed, "proposal")
    services.save_assessment(coordinator, assessment, scores=score_all(assessment, 4))
    assessment.refresh_from_db()
    total_before = assessment.weighted_total

    costs = Criterion.objects.get(key="costs")
    services.save_criterion(
        coordinator,
        costs,
        {"name_en": "Costs, renamed", "weight": 10, "levels": costs.levels},
    )
    services.save_criterion(
        coordinator,
        None,
        {
            "name_en": "Fair pay for lived-experience advisors",
            "name_fr": "Juste rémunération des conseillers ayant une expérience vécue",
            "weight": 2,
            "levels": [{"en": f"Level {n}", "fr": f"Niveau {n}"} for n in range(5)],
        },
    )
    framework.refresh_from_db()
    assert framework.revision == revision + 2

    assessment.refresh_from_db()
    line = assessment.scores.get(criterion_key="costs")
    assert line.name_en == "Costs: money, time and accessibility resources"
    assert line.weight == 2
    assert assessment.scores.count() == 8
    assert assessment.framework_revision == revision
    assert services.weighted_total(assessment.scores.all()) == total_before

    # A new assessment is scored with the new revision.
    other = services.start_assessment(
        coordinator,
        Partnership.objects.create(name="Newer", state=PartnershipState.PROPOSED),
        "proposal",
    )
    assert other.framework_revision == revision + 2
    assert other.scores.count() == 9
    assert other.scores.get(criterion_key="costs").weight == 10


def test_inactive_criterion_not_scored(proposed: Partnership, coordinator: User) -> None:
    criterion = Criterion.objects.get(key="trust-and-track-record")
    services.save_criterion(coordinator, criterion, {"is_active": False})
    assessment = services.start_assessment(coordinator, proposed, "proposal")
    assert not assessment.scores.filter(criterion_key="trust-and-track-record").exists()


def test_criterion_levels_validated(coordinator: User, admin_a: User) -> None:
    criterion = Criterion.objects.get(key="costs")
    with pytest.raises(ValidationError) as error:
        services.save_criterion(coordinator, criterion, {"levels": [{"en": "x", "fr": "y"}]})
    assert "levels" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.save_criterion(coordinator, criterion, {"weight": 11})
    assert "weight" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.save_criterion(admin_a, criterion, {"weight": 2})


def test_visible_to_members_only(
    proposed: Partnership, coordinator: User, admin_a: User, admin_b: User, member_a: User
) -> None:
    assessment = services.start_assessment(coordinator, proposed, "proposal")
    outsider = User.objects.create_user(email="outsider@example.org", password="x")
    assert Assessment.objects.visible_to(coordinator).filter(pk=assessment.pk).exists()
    assert Assessment.objects.visible_to(admin_a).filter(pk=assessment.pk).exists()
    assert Assessment.objects.visible_to(member_a).filter(pk=assessment.pk).exists()
    assert Assessment.objects.visible_to(admin_b).filter(pk=assessment.pk).exists()
    assert not Assessment.objects.visible_to(outsider).filter(pk=assessment.pk).exists()
