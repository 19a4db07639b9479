"""The back office: an officer drafts a race, the unit's approver approves it
(its page appears on the unit's site), officers work the review queue and
answer appeals."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lantoa.org.tests.factories import admin_client, site_home_of
from lantoa.race.choices import ActivityStatus, AppealStatus, RaceState
from lantoa.race.models import Race, RacePage
from lantoa.race.services import activities
from lantoa.race.tests import trackfiles as tf
from lantoa.race.tests.factories import register, upload

pytestmark = pytest.mark.django_db


def test_officer_drafts_approver_approves_and_the_page_goes_live(
    tree, people, wagtail_base, settings
):
    settings.LANTOA_BASE_URL = "https://congdoandaukhi.example.vn"
    home = site_home_of(tree.parent)
    today = timezone.localdate()
    officer = admin_client(people.officer)
    response = officer.post(
        reverse("race_races:add"),
        {
            "unit": tree.parent.pk,
            "title": "Giải chạy bộ online Xuân Dầu khí",
            "description": "Chạy vì sức khỏe người lao động.",
            "starts_on": today.isoformat(),
            "ends_on": (today + dt.timedelta(days=30)).isoformat(),
            "submission_deadline": f"{(today + dt.timedelta(days=32)).isoformat()} 23:59",
            "sports": ["run", "walk"],
            "min_pace_s": "180",
            "max_pace_s": "1200",
            "min_activity_km": "1",
            "finisher_km": "30",
            "bib_prefix": "XDK",
        },
    )
    race = Race.objects.get()
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("race_races:detail", args=[race.pk])
    action = reverse("race_races:action", args=[race.pk])
    officer.post(action, {"action": "submit"})
    refused = officer.post(action, {"action": "approve"})  # an officer may not approve
    assert refused["Location"] == reverse("wagtailadmin_home")
    admin_client(people.approver).post(action, {"action": "approve"})
    race.refresh_from_db()
    assert race.state == RaceState.APPROVED
    page = RacePage.objects.get(race=race)
    assert (page.live, page.get_parent().pk) == (True, home.pk)
    # Its address (the sitemap's, a share's) starts with the public address.
    assert page.get_full_url() == f"https://congdoandaukhi.example.vn{page.url}"
    public = Client().get(page.url)
    assert public.status_code == 200
    html = public.content.decode()
    assert "Giải chạy bộ online Xuân Dầu khí" in html
    assert "Xếp hạng đơn vị" in html


def test_an_invalid_race_form_shows_the_services_message(tree, people):
    today = timezone.localdate()
    response = admin_client(people.officer).post(
        reverse("race_races:add"),
        {
            "unit": tree.parent.pk,
            "title": "Giải sai tốc độ",
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
            "submission_deadline": f"{today.isoformat()} 23:59",
            "sports": ["run"],
            "min_pace_s": "600",
            "max_pace_s": "300",
            "min_activity_km": "1",
            "finisher_km": "30",
        },
    )
    assert response.status_code == 200
    assert "Tốc độ chậm nhất phải lớn hơn tốc độ nhanh nhất (giây/km)." in response.content.decode()
    assert Race.objects.count() == 0


def test_the_review_queue_and_an_appeal(race, runner, people, morning):
    entry = register(race, runner)
    held = upload(entry, tf.gpx(tf.teleport(tf.run(start=morning, km=6, pace_s=360), at=80, km=2)))
    officer = admin_client(people.officer)
    queue = officer.get(reverse("race_activities:index"), {"status": "review"}).content.decode()
    assert "XDK00001 Nguyễn Thị Lan" in queue
    assert "Vị trí nhảy cóc 1 lần" in queue
    url = reverse("race_activities:review", args=[held.pk])
    assert "Vị trí nhảy cóc" in officer.get(url).content.decode()
    officer.post(url, {"decision": "reject", "note": "Đoạn giữa đi xe"})
    held.refresh_from_db()
    assert (held.status, held.review_note) == (ActivityStatus.REJECTED, "Đoạn giữa đi xe")

    appeal = activities.appeal_create(actor=runner.user, activity=held, text="Mất GPS trong hầm")
    decide = reverse("race_appeals:decide", args=[appeal.pk])
    assert "Mất GPS trong hầm" in officer.get(decide).content.decode()
    officer.post(decide, {"decision": "uphold", "note": "Đã kiểm tra"})
    appeal.refresh_from_db()
    entry.refresh_from_db()
    assert appeal.status == AppealStatus.UPHELD
    assert entry.total_m == held.distance_m


def test_the_race_screen_shows_totals_and_counts(race, runner, people, morning):
    entry = register(race, runner)
    upload(entry, tf.gpx(tf.run(start=morning, km=5, pace_s=360)))
    html = (
        admin_client(people.officer)
        .get(reverse("race_races:detail", args=[race.pk]))
        .content.decode()
    )
    assert "1 vận động viên · 1 người có kết quả · 5,00 km" in html
    assert "Hàng chờ xem xét: 0" in html


def test_the_new_race_form_offers_only_units_in_the_officers_scope(tree, people):
    page = admin_client(people.officer).get(reverse("race_races:add"))
    assert page.status_code == 200
    form = page.context["form"]
    for field in ("unit", "eligible_units"):
        offered = set(form.fields[field].queryset.values_list("code", flat=True))
        assert {tree.parent.code, tree.unit.code} <= offered, field
        assert not {tree.uncle.code, tree.root.code} & offered, field
