"""Samples of elapsed time and their summary (median, p95), and a bounded measuring loop."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Timings:
    """Elapsed times in seconds; summaries in milliseconds."""

    samples: list[float] = field(default_factory=list)

    def add(self, seconds: float) -> None:
        self.samples.append(seconds)

    @property
    def median_ms(self) -> float:
        return 1000 * statistics.median(self.samples) if self.samples else float("nan")

    @property
    def p95_ms(self) -> float:
        """The 95th percentile (linear interpolation between the closest ranks)."""
        if len(self.samples) < 2:
            return self.median_ms
        return 1000 * statistics.quantiles(self.samples, n=20, method="inclusive")[18]


def repeat(step: Callable[[int], object], requests: int, budget_s: float, minimum: int = 5) -> None:
    """Call `step(i)` for i = 0, 1, … `requests` times, stopping early once `budget_s` has
    passed and at least `minimum` calls are made, so a slow peer at a large scale cannot hold
    the run up for hours."""
    started = time.perf_counter()
    for index in range(requests):
        step(index)
        if time.perf_counter() - started > budget_s and index + 1 >= minimum:
            return


def stopwatch(work: Callable[[], object]) -> float:
    """Seconds `work()` took."""
    started = time.perf_counter()
    work()
    return time.perf_counter() - started
