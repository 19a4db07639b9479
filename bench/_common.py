"""Helpers shared by the benchmarks: timing statistics, peak memory of a child
process, a throw-away PostgreSQL database, bulk loading it with COPY, and
printing/saving results.

Run as a module (`python -m bench._common measure OUT.json -- CMD...`) it is
the small intermediate process that runs CMD and records CMD's wall time and
peak RSS: `getrusage(RUSAGE_CHILDREN)` reports the largest child a process has
waited for, so measuring from a fresh intermediate isolates CMD from anything
else the benchmark ran before. (tracemalloc would miss memory allocated by C
code such as openpyxl's lxml parser or psycopg.)
"""

import contextlib
import io
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "bench" / "out"
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432"


# ---- CPU time ----------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of process `pid` so far, from /proc (0 once it is
    gone): also readable for another user's process, such as a PostgreSQL
    backend on this machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


# ---- timing ------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0–100) with linear interpolation between ranks."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Timing:
    runs: int
    p50_ms: float
    p95_ms: float
    max_ms: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> "Timing":
        ms = [s * 1000 for s in seconds]
        return cls(len(ms), percentile(ms, 50), percentile(ms, 95), max(ms))


def time_calls(
    inputs: Sequence[Any], call: Callable[[Any], object], *, warmup: int = 5
) -> tuple[Timing, list[object]]:
    """Call `call(x)` for each input (after `warmup` untimed calls); its timing
    and results. Each call is timed on its own with perf_counter."""
    for x in inputs[:warmup]:
        call(x)
    samples: list[float] = []
    results: list[object] = []
    for x in inputs:
        started = time.perf_counter()
        results.append(call(x))
        samples.append(time.perf_counter() - started)
    return Timing.of(samples), results


# ---- memory ------------------------------------------------------------------


@dataclass(frozen=True)
class ChildRun:
    returncode: int
    seconds: float
    peak_rss_mb: float


def run_measured(argv: Sequence[str], *, env: dict[str, str] | None = None) -> ChildRun:
    """Run `argv` in a child and return its exit code, wall time and peak RSS."""
    with tempfile.TemporaryDirectory(prefix="lantoa-bench-") as tmp:
        out = Path(tmp) / "measure.json"
        subprocess.run(
            [sys.executable, "-m", "bench._common", "measure", str(out), "--", *argv],
            cwd=REPO,
            env=env,
            check=False,
        )
        data = json.loads(out.read_text())
    return ChildRun(data["returncode"], data["seconds"], data["maxrss_kb"] / 1024)


def _measure_main(args: list[str]) -> int:
    out, sep, *argv = args
    if sep != "--" or not argv:
        raise SystemExit("usage: python -m bench._common measure OUT.json -- CMD...")
    started = time.perf_counter()
    returncode = subprocess.call(argv)
    seconds = time.perf_counter() - started
    # Linux reports ru_maxrss in kilobytes.
    maxrss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    Path(out).write_text(
        json.dumps({"returncode": returncode, "seconds": seconds, "maxrss_kb": maxrss_kb})
    )
    return 0


# ---- PostgreSQL ----------------------------------------------------------------


@contextlib.contextmanager
def throwaway_postgres_database(
    server: str = DEFAULT_SERVER, prefix: str = "lantoa_bench"
) -> Iterator[str]:
    """Create an empty database on `server`, yield its URL, drop it afterwards
    (also on error or Ctrl-C). Set LANTOA_BENCH_KEEP_DB=1 to keep it."""
    import psycopg
    from psycopg import sql

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{server}/{name}"
    finally:
        if os.environ.get("LANTOA_BENCH_KEEP_DB") == "1":
            print(f"(kept database {name})")
        else:
            with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


# ---- bulk loading (Django + PostgreSQL) ------------------------------------------

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, dict | list):
        return json.dumps(value).translate(_ESCAPES)
    return str(value)


def copy_rows(model: Any, rows: Iterable[dict[str, Any]], chunk: int = 20_000) -> int:
    """COPY `rows` into `model`'s table; model defaults fill the missing columns."""
    from django.db import connection

    now = datetime.now(UTC)
    fields = model._meta.concrete_fields
    columns = [f.column for f in fields]
    defaults: dict[str, str] = {}
    # Callable defaults (uuid4) must differ per row.
    per_row = {f.column: f for f in fields if f.has_default() and callable(f.default)}
    for f in fields:
        if f.name in ("created_at", "updated_at"):
            defaults[f.column] = now.isoformat()
        elif f.has_default():
            defaults[f.column] = _copy_text(f.get_default())
        elif f.null:
            defaults[f.column] = "\\N"
        else:
            defaults[f.column] = ""
    names = {f.column: f.attname for f in fields}
    connection.ensure_connection()
    raw = connection.connection
    written = 0
    table = model._meta.db_table
    with (
        raw.cursor() as cursor,
        cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy,
    ):
        buffer = io.StringIO()
        for row in rows:
            buffer.write(
                "\t".join(
                    _copy_text(row[names[c]])
                    if names[c] in row
                    else _copy_text(per_row[c].get_default())
                    if c in per_row
                    else defaults[c]
                    for c in columns
                )
            )
            buffer.write("\n")
            written += 1
            if written % chunk == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())
    return written


@contextlib.contextmanager
def indexes_dropped(tables: Iterable[str]) -> Iterator[None]:
    """Drop secondary indexes and unique/foreign-key constraints of `tables`,
    then recreate them from their own definitions (bulk load, then build)."""
    from django.db import connection

    saved: list[tuple[str, str, str]] = []  # (table, kind, definition or name)
    with connection.cursor() as cur:
        for table in tables:
            cur.execute(
                "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
                [table],
            )
            constraints = cur.fetchall()
            backing = {name for name, _, kind in constraints if kind == "u"}
            cur.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid "
                "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary",
                [table],
            )
            for name, definition in cur.fetchall():
                if name not in backing:
                    saved.append((table, "index", definition))
                    cur.execute(f'DROP INDEX "{name}"')
            for name, definition, _ in constraints:
                saved.append((table, "constraint", f'ADD CONSTRAINT "{name}" {definition}'))
                cur.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    yield
    with connection.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '512MB'")
        for table, kind, definition in saved:
            if kind == "index":
                cur.execute(definition)
            else:
                cur.execute(f'ALTER TABLE "{table}" {definition}')


def vacuum_analyze() -> None:
    """Statistics and the visibility map (index-only scans), as autovacuum
    would leave a production database."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    previous = raw.autocommit
    raw.autocommit = True  # VACUUM cannot run inside a transaction
    with raw.cursor() as cur:
        cur.execute("VACUUM ANALYZE org_orgunit")
        cur.execute("VACUUM ANALYZE org_member")
        cur.execute("ANALYZE")
    raw.autocommit = previous


# ---- output ------------------------------------------------------------------


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(h) for h in headers], *[[_fmt(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    line = "  ".join("-" * w for w in widths)
    for n, row in enumerate(cells):
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            print(line)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def write_json(name: str, data: dict[str, Any]) -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / name
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=_jsonable) + "\n")
    return path


def _jsonable(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    return str(value)


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "measure":
        raise SystemExit(_measure_main(sys.argv[2:]))
    raise SystemExit("usage: python -m bench._common measure OUT.json -- CMD...")
