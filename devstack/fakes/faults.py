"""Fault injection shared by every fake.

Two ways to inject faults, usable together:

* **Rates** (``error_rate``, ``rate_limit_rate``, ``drop_rate``, ``lost_response_rate``) drawn from a
  ``random.Random(seed)``: with a fixed seed and a fixed request order the sequence of faults is the same on
  every run. Exactly four draws are made per API request, in a fixed order, so changing one rate does not
  shift the outcomes of the others.
* **Queues** (``force_errors``, ``force_rate_limits``, ``force_drops``, ``force_lost_responses``): the next
  *N* API requests get that fault, whatever the rates say. Adapter tests use these to be exact.

Fault kinds and what the client sees:

* ``error`` — a 5xx answer (status drawn from ``error_statuses``), in the platform's own error shape where
  it has one; nothing is stored.
* ``rate_limit`` — the platform's own throttle answer (Telegram HTTP 429 + ``retry_after``, Graph code
  4/17/32/613 + usage headers at 100 %, Viber status 12, Zalo error -32); a burst refuses
  ``rate_limit_burst`` consecutive requests. ``Retry-After`` is added as an HTTP header when
  ``retry_after_header`` is true ([U] the real platforms are not documented to send it; on by default so
  generic HTTP clients can be exercised, switch it off to test the platform-native hints alone).
* ``drop`` — the socket is closed before the request is processed: nothing is stored, no answer.
* ``lost_response`` — the request **is processed** (the post is stored and logged) and then the socket is
  closed without an answer. This is the "platform stored it but the answer never arrived" case that the
  outbox must reconcile rather than blindly retry.

Control endpoints (``/_fake/*``) are never subject to faults.
"""

from __future__ import annotations

import random
import threading
from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class FaultConfig:
    """Fault settings; every field can be changed at run time through ``POST /_fake/config``."""

    seed: int | None = None
    error_rate: float = 0.0
    error_statuses: list[int] = field(default_factory=lambda: [500, 502, 503])
    rate_limit_rate: float = 0.0
    rate_limit_burst: int = 1
    retry_after: int = 1
    retry_after_header: bool = True
    drop_rate: float = 0.0
    lost_response_rate: float = 0.0
    latency_ms: int = 0
    latency_jitter_ms: int = 0
    # Delay between storing a post and answering: the window in which a client
    # that dies has published without knowing it (the outbox crash test).
    answer_latency_ms: int = 0
    force_errors: int = 0
    force_rate_limits: int = 0
    force_drops: int = 0
    force_lost_responses: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_RATES = ("error_rate", "rate_limit_rate", "drop_rate", "lost_response_rate")


@dataclass(frozen=True)
class FaultDecision:
    """What to do with one API request."""

    kind: str | None  # None, "error", "rate_limit", "drop", "lost_response"
    latency_s: float = 0.0
    error_status: int = 500
    retry_after: int = 1


class FaultInjector:
    """Thread-safe, seeded decision maker."""

    def __init__(self, config: FaultConfig | None = None) -> None:
        self._lock = threading.Lock()
        self.config = config or FaultConfig()
        self._rng = random.Random(self.config.seed)
        self._burst_left = 0
        self.counts: dict[str, int] = {"error": 0, "rate_limit": 0, "drop": 0, "lost_response": 0}

    def update(self, changes: dict[str, Any]) -> FaultConfig:
        """Apply a partial update; unknown keys raise ``KeyError``, bad values ``ValueError``."""
        known = {f.name: f for f in fields(FaultConfig)}
        with self._lock:
            for key, value in changes.items():
                if key not in known:
                    raise KeyError(key)
                if key in _RATES and not 0.0 <= float(value) <= 1.0:
                    raise ValueError(f"{key} must be between 0 and 1")
                if key == "error_statuses":
                    value = [int(v) for v in value]
                    if not value or any(not 500 <= v <= 599 for v in value):
                        raise ValueError("error_statuses must be a non-empty list of 5xx codes")
                elif key in _RATES:
                    value = float(value)
                elif key == "retry_after_header":
                    value = bool(value)
                elif key == "seed":
                    value = None if value is None else int(value)
                else:
                    value = int(value)
                    if value < 0:
                        raise ValueError(f"{key} must be >= 0")
                setattr(self.config, key, value)
            if "seed" in changes:
                # Re-seeding restarts the deterministic sequence.
                self._rng = random.Random(self.config.seed)
                self._burst_left = 0
        return self.config

    def decide(self) -> FaultDecision:
        with self._lock:
            c = self.config
            # Always four draws (plus jitter and status) so that the sequence is stable.
            d_drop, d_lost, d_err, d_rl = (self._rng.random() for _ in range(4))
            jitter = self._rng.uniform(0, c.latency_jitter_ms) if c.latency_jitter_ms else 0.0
            status = self._rng.choice(c.error_statuses)
            latency = (c.latency_ms + jitter) / 1000.0
            kind: str | None = None
            if c.force_drops:
                c.force_drops -= 1
                kind = "drop"
            elif c.force_lost_responses:
                c.force_lost_responses -= 1
                kind = "lost_response"
            elif c.force_errors:
                c.force_errors -= 1
                kind = "error"
            elif c.force_rate_limits:
                c.force_rate_limits -= 1
                kind = "rate_limit"
            elif self._burst_left:
                self._burst_left -= 1
                kind = "rate_limit"
            elif d_drop < c.drop_rate:
                kind = "drop"
            elif d_lost < c.lost_response_rate:
                kind = "lost_response"
            elif d_err < c.error_rate:
                kind = "error"
            elif d_rl < c.rate_limit_rate:
                kind = "rate_limit"
                self._burst_left = max(0, c.rate_limit_burst - 1)
            if kind:
                self.counts[kind] += 1
            return FaultDecision(kind, latency, status, c.retry_after)
