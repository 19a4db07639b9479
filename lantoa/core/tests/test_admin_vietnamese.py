"""Lantoa's Vietnamese catalogue for the Wagtail admin (lantoa/locale/vi).

Wagtail's own "vi" catalogue covers a fraction of the admin, so Lantoa ships
its own in LOCALE_PATHS, which Django reads before any app's catalogue. Three
ways it can silently stop working, each tested here: the .mo (what Django
reads) drifts from the .po (what people edit); a msgid no longer matches
Wagtail's character for character (the entry then translates nothing); a
msgstr drops or renames a placeholder (a KeyError, or a blank, at run time).
"""

import ast
import gettext
import json
import re
from pathlib import Path

import django
import pytest
import wagtail
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

LC_MESSAGES = Path(settings.BASE_DIR) / "lantoa" / "locale" / "vi" / "LC_MESSAGES"

# %(name)s / %(name)d, bare %s / %d, and str.format's {name}.
PLACEHOLDER = re.compile(r"%\([A-Za-z_]\w*\)[sdif]|%[sdif]|\{[A-Za-z_]\w*\}")


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a
    dict index -> text), fuzzy. Just enough of the format for gettext's own
    output and ours: keyword lines, continuation lines, comments."""
    entries: list[dict] = []
    entry: dict | None = None
    # Where a continuation line goes: (field,) or ("msgstr", index).
    target: tuple = ()
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:  # a blank line ends an entry
            if entry is not None and "msgid" in entry:
                entries.append(entry)
            entry = None
            continue
        if entry is None:
            entry = {"msgctxt": None, "msgid_plural": None, "msgstr": {}, "fuzzy": False}
        if line.startswith("#"):
            entry["fuzzy"] |= line.startswith("#,") and "fuzzy" in line
            continue
        if line.startswith('"'):
            text = line
        else:
            keyword, text = line.split(" ", 1)
            plural = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if plural or keyword == "msgstr":
                target = ("msgstr", int(plural.group(1)) if plural else 0)
                entry["msgstr"][target[1]] = ""
            else:
                target = (keyword,)
                entry[keyword] = ""
        # PO string escapes (\" \\ \n \t) are also Python's.
        if target[0] == "msgstr":
            entry["msgstr"][target[1]] += ast.literal_eval(text)
        else:
            entry[target[0]] += ast.literal_eval(text)
    return [e for e in entries if e["msgid"] != ""]


DOMAINS = ["django", "djangojs"]  # Python/templates, and /admin/jsi18n/


@pytest.fixture(scope="module", params=DOMAINS)
def domain(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def po_entries(domain) -> list[dict]:
    return parse_po(LC_MESSAGES / f"{domain}.po")


@pytest.fixture(scope="module")
def wagtail_msgids(domain) -> set[tuple]:
    """(msgctxt, msgid, msgid_plural) of every string in Wagtail's English
    catalogues of that domain, and Django's core one (its "vi" lacks the time
    units): the ones a LOCALE_PATHS entry can translate."""
    keys = set()
    catalogues = [
        *Path(wagtail.__file__).parent.rglob(f"locale/en/LC_MESSAGES/{domain}.po"),
        Path(django.__file__).parent / "conf" / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po",
    ]
    for po in (path for path in catalogues if path.exists()):
        for entry in parse_po(po):
            keys.add((entry["msgctxt"], entry["msgid"], entry["msgid_plural"]))
    return keys


def test_catalogue_is_substantial_and_single_plural_form(domain, po_entries):
    header = (LC_MESSAGES / f"{domain}.po").read_text(encoding="utf-8")
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in header
    assert len(po_entries) >= {"django": 1000, "djangojs": 50}[domain]
    assert not [e["msgid"] for e in po_entries if e["fuzzy"]]
    assert not [e["msgid"] for e in po_entries if not all(e["msgstr"].values())]


def test_compiled_mo_matches_po(domain, po_entries):
    with (LC_MESSAGES / f"{domain}.mo").open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for entry in po_entries:
        msgid = entry["msgid"]
        if entry["msgctxt"] is not None:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if entry["msgid_plural"] is None:
            assert mo.gettext(msgid) == entry["msgstr"][0], msgid
        else:
            for n in (1, 2, 5):
                got = mo.ngettext(msgid, entry["msgid_plural"], n)
                assert got == entry["msgstr"][0], msgid
    # And nothing in the .mo that the .po no longer has ("" is the header).
    mo_ids = {key[0] if isinstance(key, tuple) else key for key in mo._catalog}  # type: ignore[attr-defined]
    assert len(mo_ids - {""}) == len(po_entries)


def test_every_msgid_is_one_of_wagtails(po_entries, wagtail_msgids):
    unknown = [
        e["msgid"]
        for e in po_entries
        if (e["msgctxt"], e["msgid"], e["msgid_plural"]) not in wagtail_msgids
    ]
    assert unknown == [], (
        "not (or no longer) a Wagtail or Django msgid; copy it from their en catalogue"
    )


def test_placeholders_are_kept(po_entries):
    wrong = []
    for entry in po_entries:
        # Vietnamese has one form, used for every n, so it carries the plural's
        # placeholders (the English singular often spells out "1" instead).
        source = entry["msgid_plural"] or entry["msgid"]
        for msgstr in entry["msgstr"].values():
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(msgstr)):
                wrong.append((entry["msgid"], msgstr))
    assert wrong == []


def test_catalogue_overrides_wagtail_for_vietnamese_only():
    with translation.override("vi"):
        assert translation.gettext("Images") == "Hình ảnh"
        # Wagtail's own vi catalogue says "Thu hồi xuất bản"; ours wins.
        assert translation.gettext("Unpublish") == "Hủy xuất bản"
        deleted = translation.ngettext("Delete 1 page", "Delete %(counter)s pages", 3)
        assert deleted % {"counter": 3} == "Xóa 3 trang"
    with translation.override("en"):
        assert translation.gettext("Images") == "Images"


def _sidebar_labels(html: str) -> set[str]:
    """Every "label" in the sidebar's props (JSON in a script tag, which the
    React sidebar renders client-side)."""
    match = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "sidebar props not found"
    labels: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "label" and isinstance(value, str):
                    labels.add(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(match.group(1)))
    return labels


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        username="quantri", email="quantri@example.vn", password="x" * 12
    )


@pytest.mark.parametrize("url_name", ["wagtailadmin_home", "wagtailadmin_explore_root"])
def test_admin_sidebar_is_vietnamese(client, superuser, url_name):
    assert settings.LANGUAGE_CODE == "vi"
    client.force_login(superuser)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    labels = _sidebar_labels(response.content.decode())
    # (No "Snippets" item: Lantoa gives each snippet model its own menu entry.)
    assert {"Trang", "Hình ảnh", "Tài liệu", "Báo cáo", "Cài đặt", "Trợ giúp"} <= labels
    assert {"Người dùng", "Nhóm", "Trang web", "Chuyển hướng", "Tài khoản", "Đăng xuất"} <= labels
    assert not labels & {"Pages", "Images", "Documents", "Snippets", "Reports", "Settings", "Help"}


def test_admin_sidebar_follows_an_officers_english_preference(client, superuser):
    """The catalogue is per language: an account set to English keeps Wagtail's English."""
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(superuser)
    labels = _sidebar_labels(client.get(reverse("wagtailadmin_home")).content.decode())
    assert {"Pages", "Images", "Documents"} <= labels


def test_admin_javascript_catalogue_is_vietnamese(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_javascript_catalog"))
    assert response.status_code == 200
    # The catalogue is JSON inside a script, written by json.dumps.
    body = response.content.decode()
    for msgid, msgstr in [("Toggle sidebar", "Mở/đóng thanh bên"), ("Insert a block", "Chèn khối")]:
        assert f"{json.dumps(msgid)}: {json.dumps(msgstr)}" in body


def test_login_page_is_vietnamese(client, db):
    html = client.get(reverse("wagtailadmin_login")).content.decode()
    assert "Quên mật khẩu?" in html
    assert "Ghi nhớ đăng nhập" in html
    assert "Forgotten password?" not in html
    assert "Mật khẩu" in html
    assert ">Password<" not in html.replace(" ", "").replace("\n", "")


def test_login_form_still_signs_in(client, superuser):
    response = client.post(
        reverse("wagtailadmin_login"), {"username": superuser.username, "password": "x"}
    )
    assert response.status_code == 200  # wrong password: the form again, in Vietnamese
    assert "không khớp" in response.content.decode() or "không đúng" in response.content.decode()
    response = client.post(
        reverse("wagtailadmin_login"), {"username": superuser.username, "password": "x" * 12}
    )
    assert response.status_code == 302
