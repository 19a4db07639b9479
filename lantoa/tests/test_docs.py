"""The docs name what the code registers: the event catalogue of
docs/architecture.md and the periodic jobs of docs/deploy.md are the tables
`manage.py docs_catalogue` generates from the registries; and the docs,
docstrings and comments speak of the product only: no issue numbers."""

import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lantoa.core import events
from lantoa.core.catalogue import TABLES, Table, events_table, periodic_table

PRODUCT_APPS = {"channels", "newsroom", "campaigns", "listening", "analytics", "bulletin", "events"}


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_the_generated_tables_of_the_docs_are_current(table):
    assert table.current() == table.render(), "run `manage.py docs_catalogue`"


def test_every_product_event_and_subscriber_is_in_the_catalogue():
    table = events_table()
    assert "devstack.probe" not in table  # the development stack's probe is not the product
    for event, subscribers in events.catalogue():
        if event.name.split(".")[0] not in PRODUCT_APPS:
            continue  # tests' own events
        row = next(line for line in table.splitlines() if line.startswith(f"| `{event.name}` |"))
        for subscriber in subscribers:
            if subscriber.name.split(".")[0] in PRODUCT_APPS:
                assert f"`{subscriber.name}`" in row


def test_run_periodic_is_the_scheduler_of_every_job():
    table = periodic_table()
    assert "| `core.events_redeliver` | Giao lại sự kiện còn chờ xử lý | 1 min |" in table
    assert "| `newsroom.publish_scheduled` | Xuất bản, gỡ trang theo giờ hẹn | 1 min |" in table


def test_the_check_fails_on_stale_docs(tmp_path, monkeypatch):
    table = TABLES[0]
    stale = tmp_path / "architecture.md"
    stale.write_text(table.path.read_text().replace("`newsroom.article_published`", "`x.y`"))
    monkeypatch.setattr(
        "lantoa.core.management.commands.docs_catalogue.TABLES", (Table(table.name, stale),)
    )
    with pytest.raises(CommandError):
        call_command("docs_catalogue", "--check")


ROOT = Path(__file__).resolve().parents[2]
# "issue 2", "Issue #13", "ticket 7", "PR #40", "GH-12": where the work was
# tracked, which says nothing to a reader of the product.
TRACKER_REFERENCE = re.compile(
    r"\b(?:issues?|tickets?|pull requests?|PR)\s?#?\d+\b|\bGH-\d+\b", re.IGNORECASE
)
TEXT_SUFFIXES = {".py", ".md", ".html", ".txt", ".toml", ".cfg", ".po", ".js", ".css"}


# What the benchmarks write (git-ignored): collected third-party static files
# and figures, not the project's own text.
BENCH_OUTPUT = ROOT / "bench" / "out"


def _text_files() -> list[Path]:
    top = ("lantoa", "devstack", "bench", "docs")
    files = [p for t in top for p in (ROOT / t).rglob("*") if p.suffix in TEXT_SUFFIXES]
    files += [ROOT / n for n in ("README.md", "AGENTS.md", "CONTRIBUTING.md", "pyproject.toml")]
    here = Path(__file__).resolve()  # its examples are the pattern's own test
    return [
        p
        for p in files
        if p.is_file()
        and "__pycache__" not in p.parts
        and p != here
        and not p.is_relative_to(BENCH_OUTPUT)
    ]


def test_docs_and_code_cite_no_issue_numbers():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _text_files()
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if TRACKER_REFERENCE.search(line)
    ]
    assert found == []


def test_the_tracker_pattern_finds_what_it_should():
    hits = ["(issue 2, item 6)", "Issue #13", "see ticket 7", "PR #40", "GH-12"]
    misses = ["color: #555", "(#200) Permissions error", "issued 2 tokens", "tissue 3"]
    assert [bool(TRACKER_REFERENCE.search(t)) for t in hits] == [True] * len(hits)
    assert [bool(TRACKER_REFERENCE.search(t)) for t in misses] == [False] * len(misses)
