"""Prometheus metrics (prometheus-client), scraped at `/metrics`.

Two kinds of series:

- per process, counted as they happen: HTTP requests by method, route and status
  class, and their duration (`RequestMetricsMiddleware`). Under gunicorn set
  `PROMETHEUS_MULTIPROC_DIR` so every worker process writes its counts where the
  scrape adds them up (docs/deploy.md);
- read from the database at scrape time (`DatabaseCollector`), so they are the
  same whichever process answers: task queue depth and oldest-task age per queue,
  deliveries by platform and status, bulletin e-mails by state, the analysis
  backlog, alerts by state. Each is one grouped query on an indexed column.
"""

import os
import time
from collections.abc import Callable, Iterator

from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import REGISTRY, Collector

REQUESTS = Counter(
    "lantoa_http_requests",
    "HTTP requests answered, by method, route and status class.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "lantoa_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and route.",
    ["method", "route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


def _route(request: HttpRequest) -> str:
    """The URL pattern's name, never the path itself (ids would make unbounded labels)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unrouted"
    return match.view_name or match.route or "unnamed"


class RequestMetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        route = _route(request)
        REQUESTS.labels(request.method, route, f"{response.status_code // 100}xx").inc()
        LATENCY.labels(request.method, route).observe(time.perf_counter() - started)
        return response


class DatabaseCollector(Collector):
    """The queue, delivery, e-mail, analysis and alert figures, read per scrape."""

    NAMES = (
        "lantoa_task_queue_depth",
        "lantoa_task_queue_oldest_age_seconds",
        "lantoa_channel_deliveries",
        "lantoa_bulletin_emails",
        "lantoa_analysis_backlog",
        "lantoa_alerts",
    )

    def describe(self) -> Iterator[Metric]:
        """The names, without touching the database (registering runs this)."""
        for name in self.NAMES:
            yield GaugeMetricFamily(name, name)

    def collect(self) -> Iterator[Metric]:
        from django_tasks_db.models import DBTaskResult

        from lantoa.bulletin.selectors import delivery_counts_by_state
        from lantoa.channels.selectors import delivery_counts_by_platform_and_status
        from lantoa.listening.selectors import alert_counts_by_state, analysis_backlog

        depth = GaugeMetricFamily(
            "lantoa_task_queue_depth", "Tasks waiting to run, per queue.", labels=["queue"]
        )
        age = GaugeMetricFamily(
            "lantoa_task_queue_oldest_age_seconds",
            "Age of the oldest task waiting to run, per queue (0 when empty).",
            labels=["queue"],
        )
        now = timezone.now()
        waiting = (
            DBTaskResult.objects.ready()
            .order_by()
            .values_list("queue_name")
            .annotate(n=Count("id"), oldest=Min("enqueued_at"))
        )
        seen = set()
        for queue, n, oldest in waiting:
            seen.add(queue)
            depth.add_metric([queue], n)
            age.add_metric([queue], max(0.0, (now - oldest).total_seconds()))
        if "default" not in seen:
            depth.add_metric(["default"], 0)
            age.add_metric(["default"], 0)
        yield depth
        yield age

        deliveries = GaugeMetricFamily(
            "lantoa_channel_deliveries",
            "Posts' deliveries to channels, by platform and status.",
            labels=["platform", "status"],
        )
        for platform, status, n in delivery_counts_by_platform_and_status():
            deliveries.add_metric([platform, status], n)
        yield deliveries

        emails = GaugeMetricFamily(
            "lantoa_bulletin_emails",
            "Bulletin e-mails by state (sent, failed, pending, sending).",
            labels=["state"],
        )
        for state, n in delivery_counts_by_state().items():
            emails.add_metric([state], n)
        yield emails

        yield GaugeMetricFamily(
            "lantoa_analysis_backlog",
            "Opinions waiting for the classifier.",
            value=analysis_backlog(),
        )

        alerts = GaugeMetricFamily(
            "lantoa_alerts", "Member-voice alerts by state.", labels=["state"]
        )
        for state, n in alert_counts_by_state().items():
            alerts.add_metric([state], n)
        yield alerts


_DATABASE_COLLECTOR = DatabaseCollector()


def register() -> None:
    """Once per process (AppConfig.ready): the database figures join the default registry."""
    if _DATABASE_COLLECTOR not in REGISTRY._collector_to_names:
        REGISTRY.register(_DATABASE_COLLECTOR)


def scrape_registry() -> CollectorRegistry:
    """What `/metrics` reads: this process's registry, or under gunicorn every
    process's counts (multiprocess mode) plus the database figures."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(_DATABASE_COLLECTOR)
    return registry
