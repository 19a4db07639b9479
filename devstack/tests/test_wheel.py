"""The production wheel holds the product and nothing else: no platform fakes,
no demo loaders, no SMTP sink, no tests, and nothing that imports them; but
everything the product needs at run time (templates, static files, the
translations, the listening models)."""

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    """Build the wheel from a copy of the sources, as `pip install .` would."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in ("lantoa", "devstack"):
        shutil.copytree(ROOT / package, source / package, ignore=IGNORED)
    out = tmp_path_factory.mktemp("wheel")
    where = ["--wheel-dir", str(out), str(source)]
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", *where],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("lantoa-*.whl")
    return zipfile.ZipFile(built)


def _files(wheel: zipfile.ZipFile) -> list[str]:
    return [name for name in wheel.namelist() if ".dist-info/" not in name]


def test_the_wheel_holds_no_fakes_demo_sink_or_tests(wheel):
    files = _files(wheel)
    assert {name.split("/")[0] for name in files} == {"lantoa"}
    parts = {part for name in files for part in name.removesuffix(".py").split("/")}
    assert parts.isdisjoint({"devstack", "fakes", "demo", "smtp_sink", "tests", "conftest"})
    assert not [
        name for name in files if re.search(r"load_demo|prepare_demo|fake_|run_devstack", name)
    ]


def test_no_module_in_the_wheel_imports_the_development_stack(wheel):
    importing = [
        name
        for name in _files(wheel)
        if name.endswith(".py")
        and re.search(rb"^\s*(from|import) devstack\b", wheel.read(name), re.MULTILINE)
    ]
    assert importing == []


def test_the_wheel_holds_what_the_product_needs_at_run_time(wheel):
    files = set(_files(wheel))
    assert {
        "lantoa/templates/base.html",
        "lantoa/newsroom/templates/newsroom/article_page.html",
        "lantoa/newsroom/static/newsroom/site.css",
        "lantoa/static/css/site.css",
        "lantoa/locale/vi/LC_MESSAGES/django.mo",
        "lantoa/listening/ml/artefacts/DEFAULT",
        "lantoa/listening/nlp/data/teencode.tsv",
        "lantoa/org/services.py",
        "lantoa/channels/adapters/telegram.py",
    } <= files
    default = wheel.read("lantoa/listening/ml/artefacts/DEFAULT").decode().strip()
    assert f"lantoa/listening/ml/artefacts/{default}/card.json" in files


def test_the_wheel_holds_no_research_log(wheel):
    """How the listening models were chosen lives in docs/research/, not in the
    product: no module or model card in the wheel carries the research log."""
    carrying = [
        name
        for name in _files(wheel)
        if name.endswith((".py", ".md"))
        and re.search(
            rb"## What was tried|- not adopted|none adopted", wheel.read(name), re.IGNORECASE
        )
    ]
    assert carrying == []
    assert (ROOT / "docs" / "research" / "listening-models.md").is_file()
