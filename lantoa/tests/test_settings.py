"""Settings: every variable is documented, production refuses to start half-configured."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV_CALL = re.compile(r'env(?:\.[a-z_]+)?\(\s*"([A-Z][A-Z0-9_]+)"')
REQUIRED_CALL = re.compile(r'_required\(\s*"([A-Z][A-Z0-9_]+)"')


def _variables_read() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "lantoa" / "settings").glob("*.py"):
        text = path.read_text()
        names |= set(ENV_CALL.findall(text)) | set(REQUIRED_CALL.findall(text))
    return names


def _variables_documented() -> set[str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}


def test_env_example_lists_exactly_the_variables_settings_read():
    assert _variables_read() == _variables_documented()


def _production_check(
    env: dict[str, str], *, module: str = "production", code: str = "import django; django.setup()"
) -> subprocess.CompletedProcess[str]:
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": f"lantoa.settings.{module}"}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS", "LANTOA_FERNET_KEYS"]
)
def test_production_refuses_to_start_without_required_variable(missing):
    complete = {
        "DJANGO_SECRET_KEY": "x" * 60,
        "DATABASE_URL": "sqlite:////tmp/lantoa-prod-check.sqlite3",
        "DJANGO_ALLOWED_HOSTS": "lantoa.example",
        "LANTOA_FERNET_KEYS": "Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyMDA=",
    }
    assert _production_check(complete).returncode == 0
    result = _production_check({k: v for k, v in complete.items() if k != missing})
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_passwords_are_hashed_with_argon2_outside_tests():
    from lantoa.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_vietnamese_first():
    from lantoa.settings import base

    assert base.LANGUAGE_CODE == "vi"
    assert base.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert [code for code, _ in base.LANGUAGES] == ["vi", "en"]


def _settings_with(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps({k: v['BACKEND'] for k, v in settings.STORAGES.items()}))"
    )
    return _production_check(env, module="dev", code=code)


def test_the_environment_chooses_the_storage():
    assert json.loads(_settings_with({}).stdout) == {
        "default": "django.core.files.storage.FileSystemStorage",
        "private": "django.core.files.storage.FileSystemStorage",
        "staticfiles": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    on = {
        "LANTOA_S3_ENABLED": "true",
        "LANTOA_S3_ACCESS_KEY_ID": "k",
        "LANTOA_S3_SECRET_ACCESS_KEY": "s",
        "LANTOA_S3_MEDIA_BUCKET": "media",
        "LANTOA_S3_PRIVATE_BUCKET": "private",
    }
    chosen = json.loads(_settings_with(on).stdout)
    assert chosen["default"] == chosen["private"] == "storages.backends.s3.S3Storage"
    half = _settings_with({k: v for k, v in on.items() if k != "LANTOA_S3_PRIVATE_BUCKET"})
    assert half.returncode != 0
    assert "missing: private_bucket" in half.stderr
