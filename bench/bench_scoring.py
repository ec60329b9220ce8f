"""Benchmark: in-process PHQ-9 scoring throughput (run by hand, not a test).

    .venv/bin/python bench/bench_scoring.py [--responses 200000] [--repeat 5]

Target: ≥100,000 responses/second on one core, with full validation. Answers are synthetic,
drawn from a seeded generator. Reports the best of `--repeat` runs for each path.
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from collections.abc import Callable

from ketacare.domain.instruments import phq9, registry

TARGET_PER_SECOND = 100_000


def synthetic_responses(count: int, seed: int = 2024) -> list[dict[str, int]]:
    """Seeded synthetic PHQ-9 answers (items 1–9, sometimes item 10)."""
    rng = random.Random(seed)
    responses = []
    for _ in range(count):
        answers = {str(item): rng.randint(0, 3) for item in range(1, 10)}
        if rng.random() < 0.5:
            answers["10"] = rng.randint(0, 3)
        responses.append(answers)
    return responses


def best_rate(run: Callable[[], object], count: int, repeat: int) -> float:
    """Responses per second of the fastest of `repeat` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return count / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    responses = synthetic_responses(args.responses)

    paths: dict[str, Callable[[], object]] = {
        "phq9.score(answers)": lambda: [phq9.score(a) for a in responses],
        'registry.score("PHQ-9", answers)': lambda: [registry.score("PHQ-9", a) for a in responses],
        'registry.score("phq 9", answers).as_dict()': lambda: [
            registry.score("phq 9", a).as_dict() for a in responses
        ],
    }
    print(f"Python {platform.python_version()} on {platform.machine()} ({platform.processor()})")
    print(f"{args.responses:,} synthetic PHQ-9 responses, best of {args.repeat}")
    for label, run in paths.items():
        rate = best_rate(run, args.responses, args.repeat)
        verdict = "ok" if rate >= TARGET_PER_SECOND else "BELOW TARGET"
        print(f"  {label:45s} {rate:>12,.0f} responses/s  {verdict}")


if __name__ == "__main__":
    main()
