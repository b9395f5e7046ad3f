"""The load-test scenarios, shared by locust, the query counts and the report.

A path may hold `{organization}` (an organization slug) or `{initiative}`
(the id of an initiative with similar work); the caller picks a value from
the targets that bench.probe writes, so requests spread over many records.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class Scenario:
    name: str
    label: str
    path: str
    signed_in: bool = False
    # The goal group this scenario counts in: "api-list", "html-directory" or "".
    goal: str = ""
    # Served by a second portal server with the anonymous page cache off.
    uncached: bool = False


SEARCH_WITH_ACCENTS = "Trois-Rivières intégration"
API_SEARCH = "Montréal"

SCENARIOS: tuple[Scenario, ...] = (
    Scenario("home", "Home page", "/en/"),
    Scenario("directory", "Directory, first page", "/en/organizations/", goal="html-directory"),
    Scenario(
        "directory-search",
        "Directory search with accents",
        f"/en/organizations/?search={quote(SEARCH_WITH_ACCENTS)}",
        goal="html-directory",
    ),
    Scenario(
        "directory-filtered",
        "Directory, filtered",
        "/en/organizations/?province=QC&language=fr&kind=disability-organization",
        goal="html-directory",
    ),
    Scenario(
        "directory-page-400",
        "Directory, page 400",
        "/en/organizations/?page=400",
        goal="html-directory",
    ),
    Scenario(
        "directory-uncached",
        "Directory, first page, page cache off",
        "/en/organizations/",
        uncached=True,
    ),
    Scenario(
        "directory-search-uncached",
        "Directory search, page cache off",
        f"/en/organizations/?search={quote(SEARCH_WITH_ACCENTS)}",
        uncached=True,
    ),
    Scenario("organization-detail", "Organization page", "/en/organizations/{organization}/"),
    Scenario(
        "api-list-search",
        "API list with a search",
        f"/api/v1/organizations/?search={quote(API_SEARCH)}",
        goal="api-list",
    ),
    Scenario("api-detail", "API detail", "/api/v1/organizations/{organization}/"),
    Scenario("initiative-similar", "Initiative with similar work", "/en/initiatives/{initiative}/"),
    Scenario("dashboard", "Dashboard (signed in)", "/en/account/", signed_in=True),
    Scenario("results-api", "Results API", "/api/v1/results/"),
)
FLOOR = Scenario("floor", "Floor: first page as JSON, one SQL query", "/floor/organizations/")
BY_NAME = {scenario.name: scenario for scenario in (*SCENARIOS, FLOOR)}

# Scenarios of the scaling curves: time per request against the dataset size.
SCALING = ("directory", "directory-search", "api-list-search", "dashboard", "results-dashboard")
RESULTS_DASHBOARD = Scenario("results-dashboard", "Results dashboard page", "/en/results/")
BY_NAME[RESULTS_DASHBOARD.name] = RESULTS_DASHBOARD


def fill(path: str, targets: dict[str, list[str]], index: int) -> str:
    """Put the `index`-th target (cycling) into the placeholders of `path`."""
    if "{organization}" in path:
        slugs = targets["organizations"]
        path = path.replace("{organization}", slugs[index % len(slugs)])
    if "{initiative}" in path:
        ids = targets["initiatives"]
        path = path.replace("{initiative}", str(ids[index % len(ids)]))
    return path
