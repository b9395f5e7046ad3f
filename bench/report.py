"""The benchmark report: goals, Markdown, JSON and SVG charts from one run's results."""

from __future__ import annotations

import html
import json
import math
import shutil
from pathlib import Path
from typing import Any

from bench.pageweight import GOAL_KIB, GOAL_REQUESTS
from bench.scenarios import BY_NAME, FLOOR, SCENARIOS

GOAL_USERS = "10"
P95_GOAL_MS = 150.0
API_RATIO_GOAL = 0.5
HTML_RATIO_GOAL = 1 / 3
LIST_QUERY_BOUND = 10
LIST_SCENARIOS = {
    "directory",
    "directory-search",
    "directory-filtered",
    "directory-page-400",
    "api-list-search",
}


def ratio(results: dict[str, Any], name: str, users: str) -> float | None:
    load = results.get("load", {})
    floor = load.get(FLOOR.name, {}).get(users, {}).get("rps")
    value = load.get(name, {}).get(users, {}).get("rps")
    if not floor or value is None:
        return None
    return float(value) / float(floor)


def evaluate_goals(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Check the throughput, latency, query and page-weight goals; each gets met, missed or n/a."""
    goals: list[dict[str, Any]] = []
    load = results.get("load", {})

    def add(goal: str, scenario: str, measured: str, met: bool | None) -> None:
        if met is None:
            status = "not measured"
        elif met:
            status = "met"
        else:
            status = "missed"
        goals.append({"goal": goal, "scenario": scenario, "measured": measured, "status": status})

    api = ratio(results, "api-list-search", GOAL_USERS)
    add(
        "API list at 10 users reaches at least 0.5 x the floor's throughput",
        "api-list-search",
        f"{api:.2f} x floor" if api is not None else "n/a",
        None if api is None else api >= API_RATIO_GOAL,
    )
    for name in ("directory", "directory-search", "directory-filtered", "directory-page-400"):
        value = ratio(results, name, GOAL_USERS)
        add(
            "HTML directory at 10 users reaches at least 1/3 of the floor's throughput",
            name,
            f"{value:.2f} x floor" if value is not None else "n/a",
            None if value is None else value >= HTML_RATIO_GOAL,
        )
    for scenario in SCENARIOS:
        row = load.get(scenario.name, {}).get(GOAL_USERS)
        p95 = row.get("p95_ms") if row else None
        add(
            "p95 under 150 ms at 10 users",
            scenario.name,
            f"{p95:.0f} ms" if p95 is not None else "n/a",
            None if p95 is None else p95 < P95_GOAL_MS,
        )
    for name, row in results.get("queries", {}).items():
        if name in LIST_SCENARIOS:
            add(
                f"at most {LIST_QUERY_BOUND} queries for a list page",
                name,
                f"{row['queries']} queries",
                row["queries"] <= LIST_QUERY_BOUND,
            )
    directory = results.get("page_weight", {}).get("directory")
    if directory:
        kib = directory["transfer_bytes_html_gzipped"] / 1024
        add(
            f"directory page under {GOAL_KIB} KB compressed and under {GOAL_REQUESTS} requests",
            "directory",
            f"{kib:.1f} KiB with gzipped HTML ({directory['transfer_bytes'] / 1024:.1f} KiB as "
            f"gunicorn sends it), {directory['requests']} requests",
            kib < GOAL_KIB and directory["requests"] < GOAL_REQUESTS,
        )
    return goals


def profiled_scenarios(results: dict[str, Any]) -> list[str]:
    """Name the scenarios that missed a throughput or latency goal, to profile them."""
    names = {
        goal["scenario"]
        for goal in results.get("goals", evaluate_goals(results))
        if goal["status"] == "missed" and ("floor" in goal["goal"] or "p95" in goal["goal"])
    }
    # The goal scenarios first, then the slowest kinds of page, at most six in all.
    priority = ["api-list-search", "directory", "results-api", "dashboard", "home"]
    ordered = priority + [scenario.name for scenario in SCENARIOS if scenario.name not in priority]
    return [name for name in ordered if name in names][:6]


# -- SVG charts ------------------------------------------------------------------

COLOURS = ["#1b6ca8", "#d9822b", "#2e8540", "#8e44ad", "#b03a2e"]


def svg_text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 12) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-family="sans-serif" fill="#222">{html.escape(text)}</text>'
    )


def throughput_chart(results: dict[str, Any]) -> str:
    """Horizontal bars: requests per second of each scenario, one bar per concurrency."""
    load = results.get("load", {})
    users = [str(value) for value in results["settings"]["users"]]
    names = [name for name in (FLOOR.name, *(s.name for s in SCENARIOS)) if name in load]
    peak = (
        max(
            (load[name].get(level, {}).get("rps", 0) for name in names for level in users),
            default=1,
        )
        or 1
    )
    bar, gap, left, width = 9, 10, 210, 520
    group = bar * len(users) + gap
    height = 50 + group * len(names) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 90}" height="{height}" '
        f'role="img" aria-labelledby="title"><title id="title">Requests per second by scenario '
        f"and concurrency</title>",
        '<rect width="100%" height="100%" fill="#fff"/>',
        svg_text(10, 20, "Requests per second (higher is better)", size=14),
    ]
    for index, level in enumerate(users):
        x = left + index * 110
        parts.append(
            f'<rect x="{x}" y="30" width="12" height="12" fill="{COLOURS[index % len(COLOURS)]}"/>'
        )
        parts.append(svg_text(x + 16, 40, f"{level} users"))
    for row, name in enumerate(names):
        top = 55 + row * group
        parts.append(svg_text(left - 8, top + group / 2, name, anchor="end", size=11))
        for index, level in enumerate(users):
            value = load[name].get(level, {}).get("rps", 0) or 0
            length = width * value / peak
            y = top + index * bar
            colour = COLOURS[index % len(COLOURS)]
            parts.append(
                f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar - 1}" '
                f'fill="{colour}"/>'
            )
            parts.append(svg_text(left + length + 4, y + bar - 1, f"{value:.0f}", size=9))
    parts.append("</svg>")
    return "\n".join(parts)


def scaling_chart(results: dict[str, Any]) -> str:
    """Lines: median milliseconds per request against organizations, on a log-scale x axis."""
    points = results.get("scaling", {})
    sizes = sorted(int(size) for size in points)
    names: list[str] = []
    for size in sizes:
        for name in points[str(size)]["scenarios"]:
            if name not in names:
                names.append(name)
    left, top, width, height = 60, 40, 520, 260
    peak = (
        max(
            (
                points[str(size)]["scenarios"][name]["median_ms"]
                for size in sizes
                for name in names
                if name in points[str(size)]["scenarios"]
            ),
            default=1,
        )
        or 1
    )
    low, high = math.log10(min(sizes, default=1)), math.log10(max(sizes, default=10))
    span = (high - low) or 1

    def x_of(size: int) -> float:
        return left + width * (math.log10(size) - low) / span

    def y_of(value: float) -> float:
        return top + height - height * value / peak

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 200}" '
        f'height="{top + height + 50}" role="img" aria-labelledby="title">'
        '<title id="title">Median time per request against the number of organizations</title>',
        '<rect width="100%" height="100%" fill="#fff"/>',
        svg_text(10, 20, "Median ms per request (lower is better) against organizations", size=14),
        f'<line x1="{left}" y1="{top + height}" x2="{left + width}" y2="{top + height}" '
        'stroke="#444"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + height}" stroke="#444"/>',
    ]
    for fraction in (0, 0.5, 1):
        value = peak * fraction
        parts.append(svg_text(left - 6, y_of(value) + 4, f"{value:.0f}", anchor="end", size=10))
    for size in sizes:
        parts.append(svg_text(x_of(size), top + height + 16, f"{size:,}", anchor="middle", size=10))
    for index, name in enumerate(names):
        colour = COLOURS[index % len(COLOURS)]
        coordinates = [
            (x_of(size), y_of(points[str(size)]["scenarios"][name]["median_ms"]))
            for size in sizes
            if name in points[str(size)]["scenarios"]
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y in coordinates:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
        legend_y = top + 14 + index * 16
        parts.append(
            f'<rect x="{left + width + 20}" y="{legend_y - 9}" width="10" height="10" '
            f'fill="{colour}"/>'
        )
        parts.append(svg_text(left + width + 34, legend_y, name, size=11))
    parts.append("</svg>")
    return "\n".join(parts)


# -- Markdown ------------------------------------------------------------------------


def number(value: Any, digits: int = 0) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def markdown(results: dict[str, Any]) -> str:
    machine = results["machine"]
    settings = results["settings"]
    lines = [
        "# Benchmark report",
        "",
        f"Run {results['run']} (commit {machine.get('commit', '?')}), "
        f"{results['total_s']:.0f} s in all. Written by `make bench` (bench/run.py).",
        "",
        f"Machine: {machine.get('cores')} cores ({machine.get('cpu', 'unknown CPU')}), "
        f"{machine.get('memory_gib')} GiB, Python {machine.get('python')}, "
        f"{machine.get('postgresql', 'PostgreSQL')} on 127.0.0.1, Redis on 127.0.0.1. "
        f"The cores are shared with the load generator (locust) and with other jobs: "
        f"load average {machine.get('load_average_at_start')} at the start, "
        f"{results.get('load_average_before', 'n/a')} before the load test and "
        f"{results.get('load_average_after', 'n/a')} after it (1, 5, 15 minutes). "
        "Treat the figures as lower bounds of what the code can do on an idle machine.",
        "",
        f"Load test: {settings['organizations']:,} organizations, gunicorn with "
        f"{settings['workers']} sync workers per server, DEBUG off, each scenario for "
        f"{settings['duration_s']} s at {', '.join(map(str, settings['users']))} concurrent "
        "users with no wait time. "
        f"The portal caches whole public pages for anonymous visitors for "
        f"{settings.get('page_cache_s', 0)} s (HUB_PAGE_CACHE_SECONDS, the production default); "
        'the scenarios marked "page cache off" run on a second server without that cache, '
        "and query counts, profiles and scaling curves are measured without it.",
        "",
    ]
    lines += goals_section(results)
    lines += load_section(results)
    lines += queries_section(results)
    lines += memory_section(results)
    lines += page_weight_section(results)
    lines += scaling_section(results)
    lines += dataset_section(results)
    lines += profile_section(results)
    return "\n".join(lines) + "\n"


def goals_section(results: dict[str, Any]) -> list[str]:
    lines = ["## Goals", "", "| goal | scenario | measured | status |", "|---|---|---|---|"]
    for goal in results.get("goals", []):
        lines.append(
            f"| {goal['goal']} | {goal['scenario']} | {goal['measured']} | {goal['status']} |"
        )
    return [*lines, ""]


def load_section(results: dict[str, Any]) -> list[str]:
    load = results.get("load")
    if not load:
        return []
    lines = [
        "## Throughput and latency",
        "",
        "Requests per second over the whole run, latency percentiles from locust (rounded by "
        "locust to two significant digits above 100 ms), failed requests (any status but 200), "
        "and the throughput as a ratio of the floor's at the same concurrency. The floor "
        "(bench/floor.py) returns the directory's first page as JSON from one SQL query "
        "with no middleware, template or serializer.",
        "",
        "![Requests per second by scenario and concurrency](throughput.svg)",
        "",
        "| scenario | users | req/s | p50 ms | p95 ms | p99 ms | failures | x floor |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in (FLOOR.name, *(scenario.name for scenario in SCENARIOS)):
        for users, row in load.get(name, {}).items():
            share = ratio(results, name, users)
            lines.append(
                f"| {name} | {users} | {number(row['rps'], 1)} | {number(row['p50_ms'])} | "
                f"{number(row['p95_ms'])} | {number(row['p99_ms'])} | {row['failures']} | "
                f"{number(share, 2)} |"
            )
    failures = [
        f"- {name} at {users} users: {'; '.join(row['failure_messages'])}"
        for name, levels in load.items()
        for users, row in levels.items()
        if row.get("failure_messages")
    ]
    if failures:
        lines += ["", "Failures:", "", *failures]
    return [*lines, ""]


def queries_section(results: dict[str, Any]) -> list[str]:
    queries = results.get("queries")
    if not queries:
        return []
    lines = [
        "## Queries per request",
        "",
        "From Django's test client with CaptureQueriesContext on the load-test database, "
        "after one warm-up request (sessions, caches). Sign-in, session and transaction "
        "statements count.",
        "",
        "| scenario | path | status | queries | ms (test client) |",
        "|---|---|---|---|---|",
    ]
    for name, row in queries.items():
        lines.append(
            f"| {name} | `{row['path']}` | {row['status']} | {row['queries']} | "
            f"{row['milliseconds']} |"
        )
    return [*lines, ""]


def memory_section(results: dict[str, Any]) -> list[str]:
    lines = ["## Memory", ""]
    memory = results.get("gunicorn_memory")
    if memory:
        lines.append(
            f"- gunicorn worker, peak resident memory (VmHWM) after the load test: "
            f"{memory['peak_rss_mib_max']} MiB at most over {memory['workers']} workers "
            f"(each: {', '.join(map(str, memory['peak_rss_mib_each']))} MiB)."
        )
    floor = results.get("floor_memory")
    if floor:
        lines.append(f"- floor worker, for comparison: {floor['peak_rss_mib_max']} MiB at most.")
    digest = results.get("digest")
    if digest:
        lines.append(
            f"- Celery worker sending the weekly digest {digest['period']} to "
            f"{digest['weekly_subscribers']:,} subscribers ({digest['pool']}, "
            f"{digest['email_backend']}): {digest['seconds']} s from queueing to the task's "
            f"end; peak resident memory {digest['worker_peak_rss_mib']} MiB for the pool process "
            f"(the main process: {digest['main_process_peak_rss_mib']} MiB). Task log: "
            f"`{digest['outcome']}`"
        )
    return [*lines, ""] if len(lines) > 2 else []


def page_weight_section(results: dict[str, Any]) -> list[str]:
    pages = results.get("page_weight")
    if not pages:
        return []
    lines = [
        "## Page weight",
        "",
        "Headless Chromium with an empty cache, every request of the page until the network "
        "is idle. Transfer is bytes on the wire (headers and body); WhiteNoise serves static "
        "files compressed, gunicorn sends HTML uncompressed, so the last column puts the "
        "gzip size (level 6) of the HTML in its place, as a compressing proxy would send it.",
        "",
        "| page | status | requests | HTML KiB | CSS KiB | JS KiB | images KiB | other KiB "
        "| transfer KiB | with gzipped HTML KiB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, page in pages.items():
        kinds = page["by_kind"]

        def kib(kind: str, kinds: dict[str, Any] = kinds) -> str:
            return f"{kinds.get(kind, {}).get('transfer_bytes', 0) / 1024:.1f}"

        other = sum(
            row["transfer_bytes"]
            for kind, row in kinds.items()
            if kind not in {"html", "css", "js", "images"}
        )
        lines.append(
            f"| {name} | {page['status']} | {page['requests']} | {kib('html')} | {kib('css')} | "
            f"{kib('js')} | {kib('images')} | {other / 1024:.1f} | "
            f"{page['transfer_bytes'] / 1024:.1f} | "
            f"{page['transfer_bytes_html_gzipped'] / 1024:.1f} |"
        )
    return [*lines, ""]


def scaling_section(results: dict[str, Any]) -> list[str]:
    points = results.get("scaling")
    if not points:
        return []
    sizes = sorted(points, key=int)
    names: list[str] = []
    for size in sizes:
        names += [name for name in points[size]["scenarios"] if name not in names]
    lines = [
        "## Scaling curves",
        "",
        *(
            [f"Measured in run {results['scaling_run']}, on the same code and datasets.", ""]
            if results.get("scaling_run")
            else []
        ),
        f"Median time of {results['settings']['repeat']} sequential requests through Django's "
        "test client (no gunicorn, no network, local-memory cache instead of Redis), after "
        "two warm-up requests, on datasets of each size.",
        "",
        "![Median time per request against organizations](scaling.svg)",
        "",
        "| scenario | " + " | ".join(f"{int(size):,} orgs ms (queries)" for size in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]
    for name in names:
        cells = []
        for size in sizes:
            row = points[size]["scenarios"].get(name)
            cells.append(f"{row['median_ms']} ({row['queries']})" if row else "n/a")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    largest = sizes[-1]
    lines += [
        "",
        f"Slowest query of each scenario at {int(largest):,} organizations (by total time over "
        "the requests), with its plan:",
        "",
    ]
    for name, row in points[largest]["scenarios"].items():
        label = BY_NAME[name].label if name in BY_NAME else name
        lines += [
            f"### {label} ({name}): {row['slowest_query_ms']} ms per request",
            "",
            "```sql",
            row["slowest_query"][:2000],
            "```",
            "",
            "```",
            row["plan"] or "(no plan: not a SELECT, or not PostgreSQL)",
            "```",
            "",
        ]
    return lines


def dataset_section(results: dict[str, Any]) -> list[str]:
    lines = ["## Datasets", ""]
    entries = {"load test": results.get("dataset", {})}
    for size, point in results.get("scaling", {}).items():
        entries[f"{int(size):,} organizations"] = point.get("dataset", {})
    for label, entry in entries.items():
        if not entry:
            continue
        when = "reused from an earlier run" if entry.get("reused") else "generated in this run"
        if "generate_s" in entry:
            migrations = (
                f" after {entry['migrate_s']} s of migrations" if entry.get("migrate_s") else ""
            )
            note = f" {entry['note']}" if entry.get("note") else ""
            lines.append(
                f"- {label}: {number(entry.get('organizations'))} organizations, generated in "
                f"{entry['generate_s']} s{migrations} ({when}).{note}"
            )
        else:
            lines.append(f"- {label}: reused; generated by hand, so its timing is not known.")
        summary = entry.get("summary")
        if summary:
            lines += ["", "  ```", *[f"  {line}" for line in summary], "  ```", ""]
    return [*lines, ""]


def profile_section(results: dict[str, Any]) -> list[str]:
    profiles = results.get("profiles")
    if not profiles:
        return []
    lines = [
        "## Profiles of scenarios that miss a goal",
        "",
        "pyinstrument, 20 requests through the test client; the full text is in the run's "
        "JSON file. First lines:",
        "",
    ]
    for name, text in profiles.items():
        lines += [f"### {name}", "", "```", *text.splitlines()[:45], "```", ""]
    return lines


def summary_text(results: dict[str, Any]) -> str:
    lines = ["Summary"]
    for goal in results.get("goals", []):
        lines.append(f"  {goal['status']:<13} {goal['scenario']:<20} {goal['measured']}")
    lines.append(f"  total time {results['total_s']:.0f} s")
    return "\n".join(lines)


def write(results: dict[str, Any], run_dir: Path, results_dir: Path) -> list[Path]:
    """Write the run's files, then copy them to latest.* beside the charts."""
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "report.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (run_dir / "report.md").write_text(markdown(results), encoding="utf-8")
    written = [results_dir / "latest.md", results_dir / "latest.json"]
    shutil.copyfile(run_dir / "report.md", written[0])
    shutil.copyfile(run_dir / "report.json", written[1])
    if results.get("load"):
        path = results_dir / "throughput.svg"
        path.write_text(throughput_chart(results) + "\n", encoding="utf-8")
        written.append(path)
    if results.get("scaling"):
        path = results_dir / "scaling.svg"
        path.write_text(scaling_chart(results) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main() -> int:
    """Write the Markdown and charts again from a run's report.json (argument: its path)."""
    import sys

    if len(sys.argv) != 2:
        print("Usage: python -m bench.report bench/results/runs/<run>/report.json")
        return 2
    source = Path(sys.argv[1])
    results = json.loads(source.read_text(encoding="utf-8"))
    results["goals"] = evaluate_goals(results)
    for path in write(results, source.parent, Path(__file__).resolve().parent / "results"):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
