"""Wagtail's English starter data is renamed to Vietnamese by a migration."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Task, Workflow

pytestmark = pytest.mark.django_db


def test_wagtail_starter_data_speaks_vietnamese():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Biên tập viên", "Kiểm duyệt viên"} <= names
    assert not names & {"Editors", "Moderators"}
    assert Task.objects.filter(name="Kiểm duyệt viên duyệt").exists()
    assert Workflow.objects.filter(name="Kiểm duyệt viên duyệt").exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    root = Page.objects.get(depth=1)
    assert (root.title, root.draft_title) == ("Gốc", "Gốc")
