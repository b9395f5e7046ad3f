"""Types and helpers shared by the sections of the demo network."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

# Arguments: section name, records done so far, records in the section.
ProgressCallback = Callable[[str, int, int], None]

# A fixed namespace, so the same demo key always gives the same HSDS id.
DEMO_NAMESPACE = uuid.UUID("2ea2e4bc-557d-4bcb-ae57-93926a4e756f")


class DemoNetworkError(Exception):
    """Error raised when the demo network cannot be loaded into this database."""


@dataclass
class SectionResult:
    """Counts of the records that one section of the demo network created, updated or kept."""

    name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def demo_hsds_id(key: str) -> str:
    """Return the HSDS id (a UUID) of the demo organization with this demo key."""
    return str(uuid.uuid5(DEMO_NAMESPACE, f"organization/{key}"))
