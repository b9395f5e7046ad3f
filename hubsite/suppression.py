"""Small-cell suppression for published aggregates.

A cell is hidden when it rests on fewer than MIN_PEOPLE people or fewer than
MIN_ORGANIZATIONS organizations (primary suppression). When the cells of a
group add up to a published total, hiding one cell alone is not enough: the
reader subtracts the others from the total and finds it. So when exactly one
cell of such a group is hidden, the next smallest cell is hidden too
(complementary suppression), and with two hidden cells only their sum can be
worked out.

This module imports no app of the project, so any app can use it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

MIN_PEOPLE = 5
MIN_ORGANIZATIONS = 3


@dataclass(frozen=True)
class Cell:
    """One published figure: `people` is None when the figure does not count people."""

    key: Hashable
    people: int | None
    organizations: int


def is_small(
    cell: Cell, min_people: int = MIN_PEOPLE, min_organizations: int = MIN_ORGANIZATIONS
) -> bool:
    """Check the primary rule: too few people or too few organizations."""
    if cell.organizations < min_organizations:
        return True
    return cell.people is not None and cell.people < min_people


def suppress(
    cells: Iterable[Cell],
    *,
    total_published: bool = True,
    min_people: int = MIN_PEOPLE,
    min_organizations: int = MIN_ORGANIZATIONS,
) -> set[Hashable]:
    """Return the keys of the cells to hide in one group of cells that share a total.

    `total_published` is whether the group's total is shown. Without it no
    cell can be found by subtraction, so only the primary rule applies.
    """
    cells = list(cells)
    hidden = {cell.key for cell in cells if is_small(cell, min_people, min_organizations)}
    if not total_published or len(hidden) != 1:
        return hidden

    shown = [cell for cell in cells if cell.key not in hidden]
    if not shown:
        return hidden
    # The smallest remaining cell gives away the least when hidden. Ties are
    # broken by the key's text so the same data always hides the same cells.
    complement = min(
        shown,
        key=lambda cell: (
            cell.people if cell.people is not None else 0,
            cell.organizations,
            str(cell.key),
        ),
    )
    hidden.add(complement.key)
    return hidden
