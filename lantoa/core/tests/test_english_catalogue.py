"""The English catalogue (lantoa/locale/en) translates every string Lantoa marks
for translation, as `makemessages` would extract them today; a new string
without its English fails here, not in front of an English-speaking reader."""

import gettext
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

from lantoa.core.testing import require_tool
from lantoa.core.tests.test_admin_vietnamese import PLACEHOLDER, parse_po

PACKAGE = Path(settings.BASE_DIR) / "lantoa"
LC_MESSAGES = PACKAGE / "locale" / "en" / "LC_MESSAGES"
# The options of Django's makemessages for Python sources (and templates, which
# it first turns into Python with `templatize`).
XGETTEXT = [
    "--language=Python",
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
    "--from-code=UTF-8",
    "--no-location",
    "--output=-",
]


def _sources() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*")
        if path.suffix in {".py", ".html", ".txt"}
        and "tests" not in path.parts
        and "locale" not in path.parts
    )


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[tuple]:
    xgettext = require_tool("xgettext", "extracting msgids as makemessages does")
    work = tmp_path_factory.mktemp("msgids")
    inputs = []
    for index, path in enumerate(_sources()):
        text = path.read_text(encoding="utf-8")
        if path.suffix != ".py":
            text = templatize(text, origin=str(path))
        if "gettext" not in text and "_(" not in text:
            continue
        copy = work / f"{index}.py"
        copy.write_text(text, encoding="utf-8")
        inputs.append(str(copy))
    output = subprocess.run(  # noqa: S603 - fixed arguments, our own files
        [xgettext, *XGETTEXT, *inputs], check=True, capture_output=True
    ).stdout
    pot = work / "lantoa.pot"
    pot.write_bytes(output)
    return {(e["msgctxt"], e["msgid"], e["msgid_plural"]) for e in parse_po(pot)}


@pytest.fixture(scope="module")
def english() -> list[dict]:
    return parse_po(LC_MESSAGES / "django.po")


def test_every_marked_string_has_its_english(extracted, english):
    translated = {
        (e["msgctxt"], e["msgid"], e["msgid_plural"])
        for e in english
        if all(e["msgstr"].values()) and not e["fuzzy"]
    }
    assert len(extracted) > 1000
    missing = sorted(msgid for _ctx, msgid, _pl in extracted - translated)
    assert missing == [], "run makemessages -l en (see the .po header) and translate these"


def test_no_leftover_entries(extracted, english):
    stale = [
        e["msgid"]
        for e in english
        if (e["msgctxt"], e["msgid"], e["msgid_plural"]) not in extracted
    ]
    assert stale == []


def test_placeholders_and_edges_are_kept(english):
    wrong = []
    for entry in english:
        sources = [entry["msgid"], entry["msgid_plural"] or entry["msgid"]]
        for index, msgstr in entry["msgstr"].items():
            source = sources[min(index, 1)]
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(msgstr)):
                wrong.append((entry["msgid"], msgstr))
            if source.endswith((" ", "\n")) != msgstr.endswith((" ", "\n")):
                wrong.append((entry["msgid"], msgstr))
            if re.search(r"<[a-z]", source) and sorted(re.findall(r"</?[a-z]+", source)) != sorted(
                re.findall(r"</?[a-z]+", msgstr)
            ):
                wrong.append((entry["msgid"], msgstr))
    assert wrong == []


def test_no_vietnamese_left_in_the_english(english):
    # «…» quotes a Vietnamese button or column name the reader sees on screen.
    vietnamese = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
    leftovers = [
        msgstr
        for entry in english
        for msgstr in entry["msgstr"].values()
        if vietnamese.search(re.sub(r"«[^»]*»|#\w+|Tết", "", msgstr))
    ]
    assert leftovers == []


def test_compiled_mo_matches_po(english):
    with (LC_MESSAGES / "django.mo").open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for entry in english:
        if entry["msgid_plural"] is None:
            assert mo.gettext(entry["msgid"]) == entry["msgstr"][0], entry["msgid"]
        else:
            assert mo.ngettext(entry["msgid"], entry["msgid_plural"], 2) == entry["msgstr"][1]


def test_english_is_english_and_vietnamese_stays_the_source():
    with translation.override("en"):
        assert translation.gettext("Lịch nội dung") == "Content calendar"
    with translation.override("vi"):
        assert translation.gettext("Lịch nội dung") == "Lịch nội dung"
