"""Benchmark: `ketacare demo --clients N` into a fresh SQLite data directory.

Run by hand (not a test):  .venv/bin/python bench/demo_bench.py [--clients 2000] [--seed 7]

A new `KETACARE_DATA_DIR` (SQLite, WAL) is migrated and seeded with the two demo practices
first (not timed); then `demo_cohort_write` writes the cohort, which is timed: wall clock and
this process's CPU time (the steadier figure on a shared machine), split into the phases that
matter. Target: 2,000 clients in at most 60 s on SQLite (issue #7 item 2).
"""

# ruff: noqa: PLC0415  (Django must be configured for a fresh data dir before app imports)
from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time

TARGET_S = 60.0


def main() -> None:
    """Migrate a fresh data dir, seed the demo, time the cohort write and print the result."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("KETACARE_ENV", "dev")
    os.environ["KETACARE_DATA_DIR"] = tempfile.mkdtemp(prefix="ketacare-demo-bench-")

    from ketacare.cli._django import setup

    setup()
    from django.urls import get_resolver

    from ketacare.accounts.models import Practice
    from ketacare.cli.demo_cohort import DEMO_PRACTICE_SLUG, demo_cohort_write
    from ketacare.cli.demo_data import DEFAULT_DEMO_PASSWORD, demo_seed
    from ketacare.domain.cohort import generate_cohort

    demo_seed(password=DEFAULT_DEMO_PASSWORD)
    get_resolver().url_patterns  # noqa: B018  (alert e-mails reverse URLs: import them untimed)
    generate_cohort(1, 0)  # import NumPy/SciPy untimed
    practice = Practice.objects.get(slug=DEMO_PRACTICE_SLUG)
    wall, cpu = time.perf_counter(), time.process_time()
    summary = demo_cohort_write(practice=practice, n=args.clients, seed=args.seed)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        json.dumps(
            {
                "clients": args.clients,
                "wall_s": round(wall, 1),
                "cpu_s": round(cpu, 1),
                "target_s": TARGET_S,
                "load_average": os.getloadavg(),
                "python": platform.python_version(),
                "summary": summary.__dict__,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
