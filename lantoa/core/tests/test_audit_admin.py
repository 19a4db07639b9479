"""The audit log screen, seen from `core`: read-only, filterable, and closed to
anyone the registered policy gives no scope. (Which entries a unit's
administrator sees is tested with the org tree in org/tests/test_viewsets.py:
`core` may not import `org`.)"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from lantoa.core.actors import SYSTEM
from lantoa.core.audit import audit_record
from lantoa.core.models import AuditLogEntry


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        username="quantri", email="quantri@example.vn", password="x" * 12
    )


@pytest.fixture
def entries(superuser):
    clerk = get_user_model().objects.create_user(username="van-thu", password="x" * 12)
    made = [
        audit_record(actor=superuser, action="org.unit_create", unit_path="0001"),
        audit_record(actor=clerk, action="org.member_update", unit_path="00010001"),
        audit_record(actor=SYSTEM, action="devstack.demo_load", unit_path=""),
    ]
    # Spread them over three days, oldest first.
    for days_ago, entry in zip((2, 1, 0), made, strict=True):
        AuditLogEntry.objects.filter(pk=entry.pk).update(
            created_at=timezone.now() - dt.timedelta(days=days_ago)
        )
    return made


def _actions(response):
    return [entry.action for entry in response.context["object_list"]]


def test_superuser_sees_every_entry_newest_first(client, superuser, entries):
    client.force_login(superuser)
    response = client.get(reverse("audit_log:index"))
    assert response.status_code == 200
    assert _actions(response) == ["devstack.demo_load", "org.member_update", "org.unit_create"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"action": "org."}, ["org.member_update", "org.unit_create"]),
        ({"action": "org.member_update"}, ["org.member_update"]),
        ({"actor": "VAN-THU"}, ["org.member_update"]),
        ({"actor": "nobody"}, []),
    ],
)
def test_filters_by_action_and_actor(client, superuser, entries, params, expected):
    client.force_login(superuser)
    assert _actions(client.get(reverse("audit_log:index"), params)) == expected


def test_filters_by_date(client, superuser, entries):
    client.force_login(superuser)
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    response = client.get(
        reverse("audit_log:index"),
        {"created_at_from": yesterday.isoformat(), "created_at_to": yesterday.isoformat()},
    )
    assert _actions(response) == ["org.member_update"]


def test_inspect_shows_one_entry(client, superuser, entries):
    client.force_login(superuser)
    response = client.get(reverse("audit_log:inspect", args=[entries[1].pk]))
    assert response.status_code == 200
    values = {f["label"]: str(f["value"]) for f in response.context["fields"]}
    assert values["Người thực hiện"] == "van-thu"
    assert values["Hành động"] == "Sửa thông tin đoàn viên (org.member_update)"
    assert client.get(reverse("audit_log:inspect", args=[999_999])).status_code == 404


@pytest.mark.parametrize("view", ["add", "edit", "delete", "copy", "history"])
def test_the_log_has_no_writing_screens(view):
    with pytest.raises(NoReverseMatch):
        reverse(f"audit_log:{view}", args=[] if view == "add" else [1])


def test_admin_user_without_scope_is_refused(client, entries):
    user = get_user_model().objects.create_user(username="khach", password="x" * 12)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("audit_log:index"))
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    response = client.get(reverse("audit_log:inspect", args=[entries[0].pk]))
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))


def test_anonymous_is_sent_to_login(client, entries):
    response = client.get(reverse("audit_log:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_index_query_count_does_not_grow_with_rows(client, superuser):
    client.force_login(superuser)
    counts = []
    for rows in (3, 30):
        while AuditLogEntry.objects.count() < rows:
            audit_record(actor=superuser, action="org.unit_update", unit_path="0001")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("audit_log:index"))
        assert len(response.context["object_list"]) == rows
        counts.append(len(queries))
    # Equal, not a fixed number: Wagtail's per-process caches (locales) may
    # save a query depending on which tests ran before in the same worker.
    # (One is the union's name in the tab title, lantoa_admin.brand_name.)
    assert counts[0] == counts[1] <= 9
