"""The restore drill: back up a small database with its files, restore it into
a scratch database and fresh storages, and check counts and files. Runs on the
engine the suite runs on (SQLite, or PostgreSQL with DATABASE_URL)."""

import json
import sqlite3
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from lantoa.core.storage import private_storage
from lantoa.incidents.tests.factories import ReportFactory
from lantoa.newsroom.tests.factories import ImageFactory, png_bytes
from lantoa.ops.backups import BackupError, backup_check, backup_create, backup_restore
from lantoa.org.public import Member
from lantoa.org.tests.factories import MemberFactory, OrgUnitFactory

# serialized_rollback: what the migrations seeded (Wagtail root, groups) is back for later tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _fs_storages(settings, root: Path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root / "media")},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root / "private"), "base_url": None},
        },
    }


def _seed() -> dict[str, bytes]:
    unit = OrgUnitFactory(code="KVT", name="CĐCS Khí Vũng Tàu")
    MemberFactory.create_batch(12, unit=unit)
    images = [
        ImageFactory(file=ContentFile(png_bytes(60 + i, 40), name="anh.png")) for i in range(3)
    ]
    report = ReportFactory(unit=unit)
    report.screenshot.save("chup.png", SimpleUploadedFile("chup.png", png_bytes(90, 90)), save=True)
    files = {f"default:{im.file.name}": im.file.read() for im in images}
    files[f"private:{report.screenshot.name}"] = png_bytes(90, 90)
    return files


class Scratch:
    """A database to restore into, apart from the test database."""

    def __init__(self, tmp_path: Path) -> None:
        db = django_settings.DATABASES["default"]
        self.postgres = connection.vendor == "postgresql"
        if self.postgres:
            import psycopg

            self.name = f"lantoa_drill_{uuid.uuid4().hex[:10]}"
            self.params = {
                "host": db.get("HOST") or None,
                "port": db.get("PORT") or None,
                "user": db.get("USER") or None,
                "password": db.get("PASSWORD") or None,
            }
            with psycopg.connect(dbname="postgres", autocommit=True, **self.params) as conn:
                conn.execute(f'CREATE DATABASE "{self.name}"')
            auth = db.get("USER") or ""
            if db.get("PASSWORD"):
                auth += f":{db['PASSWORD']}"
            self.url = f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{self.name}"
        else:
            self.path = tmp_path / "scratch.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def execute(self, sql: str) -> None:
        if self.postgres:
            import psycopg

            with psycopg.connect(dbname=self.name, autocommit=True, **self.params) as conn:
                conn.execute(sql)
        else:
            with sqlite3.connect(self.path) as conn:
                conn.execute(sql)

    def drop(self) -> None:
        if self.postgres:
            import psycopg

            with psycopg.connect(dbname="postgres", autocommit=True, **self.params) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def scratch(tmp_path):
    db = Scratch(tmp_path)
    yield db
    db.drop()


def test_restore_drill(settings, tmp_path, scratch):
    _fs_storages(settings, tmp_path / "live")
    files = _seed()
    members = Member.objects.count()
    backup = tmp_path / "backup"

    call_command("backup", "create", str(backup))

    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["engine"] == ("postgresql" if scratch.postgres else "sqlite")
    assert manifest["tables"][Member._meta.db_table] == members == 12
    assert manifest["tables"]["org_orgunit"] >= 1
    listed = {f"{a}:{n}" for a, names in manifest["files"].items() for n in names}
    live = tmp_path / "live"
    on_disk = {
        f"{alias}:{p.relative_to(live / folder)}"
        for alias, folder in (("default", "media"), ("private", "private"))
        for p in (live / folder).rglob("*")
        if p.is_file()
    }
    assert listed == on_disk  # every file, renditions included
    assert set(files) <= listed

    # Restore into a scratch database and empty storages, as after losing the server.
    _fs_storages(settings, tmp_path / "restored")
    call_command(
        "backup", "restore", str(backup), "--yes", "--database-url", scratch.url, "--sample", "0"
    )

    report = backup_check(backup, database_url=scratch.url, sample=0)
    assert report.ok, report.problems
    assert report.tables == len(manifest["tables"])
    assert report.rows == sum(manifest["tables"].values())
    assert report.files_checked == len(listed)
    restored = tmp_path / "restored"
    for key, content in files.items():
        alias, name = key.split(":", 1)
        assert (
            restored / ("media" if alias == "default" else "private") / name
        ).read_bytes() == content

    # The check can fail: a lost row and a damaged file are both named.
    table = Member._meta.db_table
    scratch.execute(f"DELETE FROM {table} WHERE id = (SELECT MIN(id) FROM {table})")  # noqa: S608
    private_name = next(k for k in files if k.startswith("private:")).split(":", 1)[1]
    (restored / "private" / private_name).write_bytes(b"hong")
    bad = backup_check(backup, database_url=scratch.url, sample=0)
    assert bad.problems == [
        f"table {Member._meta.db_table}: 11 rows, backup has 12",
        f"file private:{private_name} differs from the backup",
    ]
    with pytest.raises(CommandError, match="Không khớp"):
        call_command("backup", "check", str(backup), "--database-url", scratch.url, "--sample", "0")


def test_backup_refuses_a_used_directory_and_restore_needs_yes(settings, tmp_path):
    _fs_storages(settings, tmp_path / "live")
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x").write_text("x")
    with pytest.raises(BackupError, match="not empty"):
        backup_create(tmp_path / "used")
    with pytest.raises(CommandError, match="--yes"):
        call_command("backup", "restore", str(tmp_path / "used"))
    with pytest.raises(CommandError, match="not a Lantoa backup"):
        call_command("backup", "restore", str(tmp_path / "used"), "--yes")


def test_backup_reads_and_restores_files_on_object_storage(s3, tmp_path, scratch):
    content = b"PK\x03\x04 danh sach"
    name = private_storage().save("org/imports/danh-sach.xlsx", ContentFile(content))
    manifest = backup_create(tmp_path / "backup")
    assert manifest["files"]["private"][name]["size"] == len(content)
    assert (tmp_path / "backup" / "files" / "private" / name).read_bytes() == content

    s3.client.delete_object(Bucket=s3.private_bucket, Key=name)
    backup_restore(tmp_path / "backup", database_url=scratch.url)
    assert s3.keys(s3.private_bucket) == [name]
    assert s3.read(s3.private_bucket, name) == content
    assert backup_check(tmp_path / "backup", database_url=scratch.url, sample=0).ok
