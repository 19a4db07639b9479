"""The back office carries the union's name and Lantoa's mark: no "- Wagtail"
tab titles, no "localhost" welcome, no English Wagtail guide in the help menu."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def union_site(wagtail_base):
    root = Page.get_first_root_node()
    home = root.add_child(instance=Page(title="Công đoàn Dầu khí Việt Nam", slug="cddk"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.site_name = ""
    site.save()
    return site


@pytest.fixture
def admin_client(client, union_site):
    user = get_user_model().objects.create_superuser(
        username="quantri", email="quantri@example.vn", password="x" * 12
    )
    client.force_login(user)
    return client


def test_tab_titles_end_with_the_union_not_wagtail(admin_client):
    html = admin_client.get("/admin/").content.decode()

    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).split()
    assert title[-1] != "Wagtail"
    assert " ".join(title).endswith("- Công đoàn Dầu khí Việt Nam")
    assert "localhost" not in re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert "Công đoàn Dầu khí Việt Nam" in re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)


def test_the_site_name_wins_when_set(admin_client, union_site):
    union_site.site_name = "CĐ DKVN"
    union_site.save()

    html = admin_client.get("/admin/").content.decode()

    assert re.search(r"<title>[^<]*- CĐ DKVN\s*</title>", html)


def test_the_sidebar_shows_lantoas_mark_and_no_english_guide(admin_client):
    html = admin_client.get("/admin/").content.decode()

    logo = re.search(r"<template data-wagtail-sidebar-branding-logo>(.*?)</template>", html, re.S)
    assert "core/lantoa-mark.svg" in logo.group(1)
    props = json.loads(
        re.search(
            r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
        ).group(1)
    )
    text = json.dumps(props, ensure_ascii=False)
    assert "guide.wagtail.org" not in text
    assert "Editor Guide" not in text
    assert "keyboard-shortcuts-trigger" in text


def test_the_login_page_names_the_union(client, union_site):
    html = client.get("/admin/login/").content.decode()

    assert "Đăng nhập — Công đoàn Dầu khí Việt Nam" in html
    assert "Sign in to Wagtail" not in html
    assert "wagtailadmin/images/favicon.ico" not in html
