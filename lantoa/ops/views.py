"""Endpoints for the load balancer and the metrics scraper (docs/deploy.md).

- `/healthz` (lantoa.core.views): the process is alive and its database answers;
- `/readyz`: ready for traffic: database, cache, storage and a worker heard
  recently; 503 with the failing checks named otherwise;
- `/metrics`: Prometheus text; for the internal network only: a bearer token
  (`LANTOA_METRICS_TOKEN`) or, without one configured, loopback callers only.
"""

import hmac
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from lantoa.ops.metrics import scrape_registry


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    key = f"lantoa:readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("cache does not keep what it was given")
    cache.delete(key)


def _storage() -> None:
    name = default_storage.save(f"readyz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        if not default_storage.exists(name):
            raise RuntimeError("storage lost a file it just saved")
    finally:
        default_storage.delete(name)


def _worker() -> None:
    """A task finished lately: the periodic sweep enqueues one a minute, so a
    silent queue for longer than LANTOA_WORKER_HEARTBEAT_SECONDS means no worker
    (or no scheduler). Only with the database task backend."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        return
    from django_tasks_db.models import DBTaskResult

    horizon = timezone.now() - timedelta(seconds=settings.LANTOA_WORKER_HEARTBEAT_SECONDS)
    if not DBTaskResult.objects.filter(finished_at__gte=horizon).exists():
        raise RuntimeError(f"no task finished since {horizon.isoformat()}")


CHECKS = {"database": _database, "cache": _cache, "storage": _storage, "worker": _worker}


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - every failure is a "not ready"
            results[name] = f"error: {type(exc).__name__}: {exc}"[:300]
        else:
            results[name] = "ok"
    ready = all(v == "ok" for v in results.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": results},
        status=200 if ready else 503,
    )


def _may_scrape(request: HttpRequest) -> bool:
    token = settings.LANTOA_METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())
    return request.META.get("REMOTE_ADDR") in {"127.0.0.1", "::1"}


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not _may_scrape(request):
        return HttpResponse("Không được phép.\n", status=403, content_type="text/plain")
    return HttpResponse(generate_latest(scrape_registry()), content_type=CONTENT_TYPE_LATEST)
