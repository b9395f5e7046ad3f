"""Locust users for `make bench`: one scenario per run, chosen by environment variables.

BENCH_SCENARIO names a scenario of bench.scenarios; BENCH_TARGETS is the JSON
file from bench.probe with organization slugs, initiative ids and the
benchmark account's session cookie. Each user sends requests back to back
(no wait time), so the number of users is the number of concurrent clients.

Run by bench.run; by hand, for example:
    BENCH_SCENARIO=directory BENCH_TARGETS=bench/results/runs/targets.json \\
        .venv/bin/locust -f bench/locustfile.py --headless -u 10 -r 10 -t 15s \\
        --host http://127.0.0.1:18500
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from pathlib import Path

from locust import FastHttpUser, constant, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scenarios import BY_NAME, fill

SCENARIO = BY_NAME[os.environ.get("BENCH_SCENARIO", "directory")]
TARGETS: dict[str, list[str]] = json.loads(
    Path(os.environ.get("BENCH_TARGETS", "bench/results/runs/targets.json")).read_text()
)
COUNTER = itertools.count()


class ScenarioUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.headers = {"Accept-Language": "en"}
        if SCENARIO.signed_in:
            self.headers["Cookie"] = f"sessionid={TARGETS['session'][0]}"

    @task
    def request_scenario(self) -> None:
        path = fill(SCENARIO.path, TARGETS, next(COUNTER))
        # One name for every request of the scenario, so the statistics are one row.
        with self.client.get(
            path,
            headers=self.headers,
            name=SCENARIO.name,
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code} for {path}")
