"""Run the vendored axe-core on a page and describe its violations for a failure message."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_PATH = Path(__file__).resolve().parent / "vendor" / "axe.min.js"

# The WCAG 2.0, 2.1 and 2.2 levels A and AA. axe-core tags each rule with the
# newest version and level that introduced its success criterion, so the five
# tags together cover WCAG 2.2 AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# axe-core's best-practice rules that check page structure: landmarks, one
# main, an h1, heading order, a working skip link and roles that keep their
# element's meaning. They run with the WCAG rules and fail the test the same way.
STRUCTURE_RULES = [
    "aria-allowed-role",
    "empty-heading",
    "heading-order",
    "label-title-only",
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
    "landmark-main-is-top-level",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main",
    "landmark-one-main",
    "landmark-unique",
    "meta-viewport-large",
    "page-has-heading-one",
    "presentation-role-conflict",
    "region",
    "skip-link",
    "tabindex",
]

RUN_AXE = """
async ([tags, structureRules]) => {
  const rules = Object.fromEntries(structureRules.map((id) => [id, {enabled: true}]));
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    rules,
    resultTypes: ["violations"],
  });
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    tags: violation.tags,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      target: node.target,
      html: node.html,
      summary: node.failureSummary,
    })),
  }));
}
"""


@cache
def axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def run_axe(page: Page) -> list[dict[str, Any]]:
    """Inject axe-core into `page` and return its violations of WCAG 2.2 AA and structure rules.

    The source goes in through DevTools evaluation, not a <script> element,
    because the hub's Content-Security-Policy blocks inline scripts.
    """
    page.evaluate(axe_source())
    violations: list[dict[str, Any]] = page.evaluate(RUN_AXE, [WCAG_TAGS, STRUCTURE_RULES])
    return violations


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """Format violations as one block per rule, listing every failing node's CSS target."""
    lines = []
    for violation in violations:
        tags = ", ".join(tag for tag in violation["tags"] if not tag.startswith("cat."))
        lines.append(
            f"{violation['id']} ({violation['impact']}; {tags}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"  - {target}\n      {node['html']}")
            for summary_line in (node["summary"] or "").splitlines():
                lines.append(f"      {summary_line}")
    return "\n".join(lines)
