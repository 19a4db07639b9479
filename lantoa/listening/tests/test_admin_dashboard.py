"""The dashboard of a unit and its subtree (figures, small groups hidden,
drill-down, topics, days as bars and a data table) and the alerts screen
(acknowledge; escalated alerts seen by the parent unit)."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.listening.choices import AlertKind, AlertState, Sentiment, Toxicity
from lantoa.listening.models import Alert
from lantoa.listening.tests.factories import OpinionFactory
from lantoa.org import services as org_services
from lantoa.org.choices import Role
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

DASHBOARD = "listening_dashboard:index"
ALERTS = "listening_alerts:index"


def officer_of(unit):
    user = UserFactory()
    RoleAssignmentFactory(user=user, unit=unit, role=Role.OFFICER)
    org_services.sync_admin_access(user)
    return user


def alert_at(unit, **fields):
    now = timezone.now()
    defaults = {
        "kind": AlertKind.NEGATIVE_SPIKE,
        "window_start": now - dt.timedelta(hours=24),
        "window_end": now,
        "count": 42,
        "negative_count": 30,
        "baseline_mean": 8.0,
        "baseline_negative_share": 0.2,
        "top_keywords": ["bữa ăn ca", "cơm nguội"],
    }
    return Alert.objects.create(unit=unit, **{**defaults, **fields})


@pytest.fixture
def voices(tree, settings):
    settings.LANTOA_LISTENING_MIN_REPORTING_SIZE = 5
    # An hour ago, but never before the local midnight (just after it, UTC and
    # local dates differ and "an hour ago" is yesterday).
    midnight = timezone.localtime().replace(hour=0, minute=0, second=1, microsecond=0)
    today = max(midnight, timezone.now() - dt.timedelta(hours=1))
    texts = [
        ("Bữa ăn ca quá tệ, cơm nguội", Sentiment.NEGATIVE),
        ("Bữa ăn ca ít thức ăn", Sentiment.NEGATIVE),
        ("Bữa ăn ca nguội lạnh", Sentiment.NEGATIVE),
        ("Bữa ăn ca không đủ no", Sentiment.NEGATIVE),
        ("Nhà ở công nhân đã sửa xong", Sentiment.POSITIVE),
        ("Cảm ơn công đoàn tổ chức Tết sum vầy", Sentiment.POSITIVE),
    ]
    for text, sentiment in texts:
        OpinionFactory(unit=tree.unit, text=text, sentiment=sentiment, received_at=today)
    OpinionFactory(unit=tree.unit, text="Đồ ngu", toxicity=Toxicity.OFFENSIVE, received_at=today)
    two_days_ago = timezone.now() - dt.timedelta(days=2)
    OpinionFactory(unit=tree.sibling, text="Cà Mau thiếu nước", received_at=two_days_ago)
    OpinionFactory(unit=tree.sibling, text="Cà Mau nóng", received_at=two_days_ago)


def page(client, name, **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response


def figure(html, name):
    return re.search(rf'data-figure="{name}">([^<]*)<', html).group(1)


def test_dashboard_of_the_parent_rolls_up_and_hides_small_children(client, tree, voices):
    client.force_login(officer_of(tree.parent))
    response = page(client, DASHBOARD)  # opens on the user's top unit
    html = response.content.decode()
    assert response.context["dash"].unit == tree.parent
    assert figure(html, "total") == "9"
    assert figure(html, "negative") == "44,4 %"  # 4 of 9
    assert figure(html, "toxic") == "1"
    children = {s.unit.code: s for s, _ in response.context["children"]}
    assert (children["KCM"].total, children["KCM"].negative_share) == (None, None)  # 2 < 5
    # KVT's 7 are hidden too: the total of 9 minus 7 would give KCM's 2.
    assert (children["KVT"].total, children["KVT"].toxic) == (None, None)
    for code in ("KCM", "KVT"):
        row = re.search(rf'<tr data-unit="{code}">(.*?)</tr>', html, re.S).group(1)
        assert row.count("<td>—</td>") == 3
    drill = reverse(DASHBOARD) + "?unit=KVT&amp;days=30"
    assert f'href="{drill}"' in html


def test_days_are_bars_with_their_numbers_and_a_data_table(client, tree, voices):
    client.force_login(officer_of(tree.unit))
    response = page(client, DASHBOARD, days="7")
    rows = response.context["day_rows"]
    assert len(rows) == 8  # every local day of the period, today included
    today = next(r for r in rows if r["point"].day == timezone.localdate())
    assert (today["point"].total, today["point"].negative, today["point"].positive) == (7, 4, 2)
    # Bars are as long as the busiest day; CSS wants a decimal point, not a comma.
    assert (today["negative_width"], today["positive_width"]) == ("57.14%", "28.57%")
    two_days_ago = timezone.localdate() - dt.timedelta(days=2)
    empty = next(r for r in rows if r["point"].day == two_days_ago)
    assert empty["point"].total is None  # no opinion: below the reporting size
    html = response.content.decode()
    assert re.search(
        rf'<tr data-day="{timezone.localdate():%Y-%m-%d}"><th scope="row">[^<]+</th>'
        r"<td>7</td><td>4</td><td>1</td><td>2</td></tr>",
        html,
    )
    assert re.search(rf'<tr data-day="{two_days_ago:%Y-%m-%d}">.*?<td>—</td>', html)
    assert '<span class="lt-negative" style="width: 57.14%"></span>' in html


def test_top_topics_link_to_the_filtered_opinions(client, tree, voices):
    # Five negative opinions: topics of a group smaller than that are not shown.
    OpinionFactory(unit=tree.unit, text="Bữa ăn ca thiếu rau", sentiment=Sentiment.NEGATIVE)
    client.force_login(officer_of(tree.unit))
    response = page(client, DASHBOARD)
    terms = [k.term for k, _, _ in response.context["keywords"]]
    assert "bữa ăn ca" in terms
    negative = {k.term: link for k, link in response.context["negative_keywords"]}
    assert "sentiment=negative" in negative["bữa ăn ca"]
    assert "topic=b%E1%BB%AFa+%C4%83n+ca" in negative["bữa ăn ca"]
    assert "unit=KVT" in negative["bữa ăn ca"]


def test_a_small_unit_shows_no_figures(client, tree, voices):
    client.force_login(officer_of(tree.sibling))
    html = page(client, DASHBOARD).content.decode()
    assert "Có dưới 5 ý kiến trong khoảng thời gian này" in html
    assert 'data-figure="total"' not in html


def test_dashboard_of_a_unit_outside_the_scope_is_404(client, tree, voices):
    client.force_login(officer_of(tree.unit))
    assert client.get(reverse(DASHBOARD), {"unit": "KCM"}).status_code == 404
    assert client.get(reverse(DASHBOARD), {"unit": "PVGAS"}).status_code == 404
    assert client.get(reverse(DASHBOARD), {"unit": "KVT-KC"}).status_code == 200


def test_the_menu_offers_listening_to_officers(client, tree):
    client.force_login(officer_of(tree.unit))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar is JSON in the page, so its labels are \\u-escaped.
    for label in ("Lắng nghe", "Tổng quan", "Ý kiến", "Cảnh báo", "Nhập ý kiến từ tệp"):
        assert json.dumps(label)[1:-1] in html, label
    for name in ("listening_dashboard", "listening_opinions", "listening_alerts"):
        assert f'"url": "{reverse(f"{name}:index")}"' in html


def test_the_menu_is_not_offered_without_a_role(client, db):
    from django.contrib.auth.models import Permission

    user = UserFactory()
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert json.dumps("Lắng nghe")[1:-1] not in html


# -- alerts ------------------------------------------------------------------------------------


def test_alerts_of_the_subtree_and_acknowledge(client, tree):
    mine = alert_at(tree.child)
    theirs = alert_at(tree.sibling)
    officer = officer_of(tree.unit)
    client.force_login(officer)
    listed = {row["alert"] for row in page(client, ALERTS).context["rows"]}
    assert listed == {mine}
    response = client.post(reverse("listening_alerts:acknowledge", args=[mine.pk]), follow=True)
    assert "Đã tiếp nhận cảnh báo." in response.content.decode()
    mine.refresh_from_db()
    assert (mine.state, mine.acknowledged_by) == (AlertState.ACKNOWLEDGED, officer)
    assert client.post(reverse("listening_alerts:acknowledge", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == AlertState.OPEN


def test_an_escalated_alert_is_seen_and_acknowledged_by_the_parent_unit(client, tree):
    alert = alert_at(
        tree.unit,
        state=AlertState.ESCALATED,
        escalated_to=tree.parent,
        escalated_at=timezone.now(),
    )
    parent_officer = officer_of(tree.parent)
    client.force_login(parent_officer)
    response = page(client, ALERTS, state="escalated")
    assert [row["alert"] for row in response.context["rows"]] == [alert]
    assert "Đã báo lên Công đoàn PV GAS" in response.content.decode()
    client.post(reverse("listening_alerts:acknowledge", args=[alert.pk]))
    alert.refresh_from_db()
    assert (alert.state, alert.acknowledged_by) == (AlertState.ACKNOWLEDGED, parent_officer)


def test_no_content_and_uncertain_opinions_are_counted_apart(client, tree, voices):
    # An hour ago, but never before the local midnight (just after it, UTC and
    # local dates differ and "an hour ago" is yesterday).
    midnight = timezone.localtime().replace(hour=0, minute=0, second=1, microsecond=0)
    today = max(midnight, timezone.now() - dt.timedelta(hours=1))
    OpinionFactory(unit=tree.unit, text="   ", sentiment="", toxicity="", received_at=today)
    OpinionFactory(unit=tree.unit, text="...", sentiment="", toxicity="", received_at=today)
    OpinionFactory(
        unit=tree.unit, text="Chờ", sentiment="", toxicity="", analysed_at=None, received_at=today
    )
    OpinionFactory(
        unit=tree.unit, text="Ca làm", sentiment=Sentiment.NEGATIVE, sentiment_confidence=0.41,
        received_at=today,
    )  # fmt: skip
    OpinionFactory(
        unit=tree.unit, text="Ca làm mệt", sentiment=Sentiment.NEGATIVE, sentiment_confidence=0.9,
        received_at=today,
    )  # fmt: skip
    client.force_login(officer_of(tree.unit))
    html = page(client, DASHBOARD, unit=tree.unit.code).content.decode()
    assert figure(html, "total") == "12"
    assert figure(html, "uncertain") == "1"
    legend = dict(re.findall(r'data-share="([a-z-]+)">.*?: (\d+) \(', html))
    assert legend == {
        "negative": "6", "neutral": "1", "positive": "2", "mixed": "0", "no-content": "2",
        "unanalysed": "1",
    }  # fmt: skip
