"""Backups and restores (docs/deploy.md "Backups").

A backup is a directory:

- `database.dump` (PostgreSQL: `pg_dump --format=custom`) or `database.sqlite3`
  (SQLite: the online backup API, consistent while web and worker write);
- `files/default/…` and `files/private/…`: every file of the two storages
  (file system or S3 alike: read through the storage API);
- `manifest.json`: when, which engine, the row count of every table *in the
  same snapshot as the dump* (PostgreSQL: one REPEATABLE READ transaction
  exports its snapshot and `pg_dump --snapshot` reads that one), and each
  file's size and SHA-256.

A restore loads the dump into a database (the configured one, or another one
named by URL: the restore drill uses a scratch database), puts the files back
into the storages under their own names, then checks: every table's count and
a sample of files against the manifest (`backup_check`).
"""

import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import environ
from django.apps import apps
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.db import connection
from django.utils import timezone

STORAGE_ALIASES = ("default", "private")
MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
CHUNK = 1024 * 1024


class BackupError(RuntimeError):
    """A backup or restore could not be done; the message says why."""


@dataclass
class CheckReport:
    tables: int = 0
    rows: int = 0
    files_checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# -- database ----------------------------------------------------------------------


def _tables() -> list[str]:
    """Every table Django manages (one per concrete model and m2m), sorted."""
    names = set()
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.managed and not opts.proxy:
            names.add(opts.db_table)
    return sorted(names)


def _count(cursor: Any, tables: list[str], quote: str = '"') -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote}{table}{quote}")  # noqa: S608 - our table names
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _db_settings(url: str | None) -> dict[str, Any]:
    if url:
        return dict(environ.Env.db_url_config(url))
    return dict(settings.DATABASES["default"])


def _is_postgres(db: dict[str, Any]) -> bool:
    return "postgresql" in db["ENGINE"]


def _pg_args(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    return args, env


def _pg_connect(db: dict[str, Any]) -> Any:
    import psycopg

    return psycopg.connect(
        dbname=db["NAME"],
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
    )


def _run(cmd: list[str], env: dict[str, str] | None = None) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{cmd[0]} failed ({done.returncode}): {done.stderr.strip()[:2000]}")


def _dump_postgres(db: dict[str, Any], out: Path, tables: list[str]) -> dict[str, int]:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump is not installed (Debian: postgresql-client).")
    args, env = _pg_args(db)
    from psycopg import IsolationLevel

    with _pg_connect(db) as conn:
        conn.isolation_level = IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = _count(conn.cursor(), tables)
        # The dump reads the very snapshot the counts were taken in.
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", "--file", str(out), *args], env)
        conn.rollback()
    return counts


def _dump_sqlite(db: dict[str, Any], out: Path, tables: list[str]) -> dict[str, int]:
    source = sqlite3.connect(str(db["NAME"]))
    target = sqlite3.connect(str(out))
    try:
        source.backup(target)
    finally:
        source.close()
    try:
        return _count(target.cursor(), tables)
    finally:
        target.close()


def _restore_postgres(dump: Path, db: dict[str, Any]) -> None:
    pg_restore = shutil.which("pg_restore")
    if pg_restore is None:
        raise BackupError("pg_restore is not installed (Debian: postgresql-client).")
    args, env = _pg_args(db)
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(dump),
        ],
        env,
    )


def _restore_sqlite(copy: Path, db: dict[str, Any]) -> None:
    source = sqlite3.connect(str(copy))
    target = sqlite3.connect(str(db["NAME"]))
    try:
        source.backup(target)  # page by page, under the target's own lock
    finally:
        source.close()
        target.close()


def _count_in(db: dict[str, Any], tables: list[str]) -> dict[str, int]:
    if _is_postgres(db):
        with _pg_connect(db) as conn:
            return _count(conn.cursor(), tables)
    conn = sqlite3.connect(str(db["NAME"]))
    try:
        return _count(conn.cursor(), tables)
    finally:
        conn.close()


# -- files -------------------------------------------------------------------------


def _walk(storage: Storage, path: str = "") -> Iterator[str]:
    try:
        dirs, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for sub in sorted(dirs):
        yield from _walk(storage, f"{path}/{sub}" if path else sub)


def _copy_out(storage: Storage, name: str, target: Path) -> tuple[int, str]:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with storage.open(name, "rb") as src, target.open("wb") as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            dst.write(chunk)
    return size, digest.hexdigest()


def _sha256(handle: Any) -> str:
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _safe_name(name: str) -> str:
    parts = Path(name).parts
    if Path(name).is_absolute() or ".." in parts:
        raise BackupError(f"unsafe file name in the manifest: {name!r}")
    return name


# -- the three operations ----------------------------------------------------------


def backup_create(out: Path, *, files: bool = True) -> dict[str, Any]:
    """Write a backup into the new directory `out` and return its manifest."""
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty.")
    out.mkdir(parents=True, exist_ok=True)
    db = _db_settings(None)
    tables = _tables()
    if _is_postgres(db):
        dump, counts = PG_DUMP, _dump_postgres(db, out / PG_DUMP, tables)
    elif connection.vendor == "sqlite":
        dump, counts = SQLITE_COPY, _dump_sqlite(db, out / SQLITE_COPY, tables)
    else:
        raise BackupError(f"no backup for the database engine {db['ENGINE']}.")
    listed: dict[str, dict[str, dict[str, Any]]] = {}
    for alias in STORAGE_ALIASES if files else ():
        storage = storages[alias]
        listed[alias] = {}
        for name in _walk(storage):
            size, sha = _copy_out(storage, name, out / "files" / alias / _safe_name(name))
            listed[alias][name] = {"size": size, "sha256": sha}
    manifest = {
        "format": 1,
        "created_at": timezone.now().isoformat(),
        "engine": "postgresql" if dump == PG_DUMP else "sqlite",
        "database": dump,
        "tables": counts,
        "files": listed,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def _manifest(source: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError as exc:
        raise BackupError(f"{source} has no {MANIFEST}: not a Lantoa backup.") from exc
    return manifest


def backup_restore(
    source: Path, *, database_url: str | None = None, files: bool = True
) -> dict[str, Any]:
    """Load the backup in `source` into the database (`database_url`, or the
    configured one) and, with `files`, put its files back into the storages
    under their own names (replacing what is there). Returns the manifest."""
    manifest = _manifest(source)
    db = _db_settings(database_url)
    dump = source / manifest["database"]
    if manifest["engine"] == "postgresql":
        if not _is_postgres(db):
            raise BackupError("a PostgreSQL backup restores into PostgreSQL only.")
        _restore_postgres(dump, db)
    else:
        if _is_postgres(db):
            raise BackupError("a SQLite backup restores into SQLite only.")
        _restore_sqlite(dump, db)
    for alias, listed in manifest["files"].items() if files else ():
        storage = storages[alias]
        for name in listed:
            if storage.exists(name):
                storage.delete(name)
            with (source / "files" / alias / _safe_name(name)).open("rb") as handle:
                saved = storage.save(name, File(handle, name=name))
            if saved != name:
                raise BackupError(f"{alias}:{name} was stored as {saved}.")
    return manifest


def backup_check(
    source: Path,
    *,
    database_url: str | None = None,
    files: bool = True,
    sample: int = 20,
    seed: int = 0,
) -> CheckReport:
    """Compare a restored database and storages with the backup's manifest:
    every table's row count, and `sample` files (drawn with `seed`; 0 = all)
    byte for byte through their SHA-256."""
    manifest = _manifest(source)
    report = CheckReport()
    db = _db_settings(database_url)
    expected: dict[str, int] = manifest["tables"]
    found = _count_in(db, sorted(expected))
    for table, n in expected.items():
        report.tables += 1
        report.rows += found[table]
        if found[table] != n:
            report.problems.append(f"table {table}: {found[table]} rows, backup has {n}")
    every = [(a, n, meta) for a, listed in manifest["files"].items() for n, meta in listed.items()]
    if not files:
        every = []
    if 0 < sample < len(every):
        every = random.Random(seed).sample(every, sample)  # noqa: S311 - a sample, not a secret
    chosen = every
    for alias, name, meta in chosen:
        storage = storages[alias]
        report.files_checked += 1
        try:
            with storage.open(name, "rb") as handle:
                sha = _sha256(handle)
        except FileNotFoundError:
            report.problems.append(f"file {alias}:{name} is missing")
            continue
        if sha != meta["sha256"]:
            report.problems.append(f"file {alias}:{name} differs from the backup")
    return report
