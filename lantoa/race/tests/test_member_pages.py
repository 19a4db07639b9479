"""The member area's race pages: list, register, upload, activity, boards,
certificate."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantoa.org.tests.factories import MemberFactory
from lantoa.race.choices import ActivityStatus
from lantoa.race.models import Activity, Registration
from lantoa.race.tests import trackfiles as tf
from lantoa.race.tests.factories import race_approved, register, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, runner):
    client.force_login(runner.user)
    return client


def test_the_member_home_shows_the_open_race(signed_in, race):
    html = signed_in.get(reverse("memberarea:home")).content.decode()
    assert "Giải chạy bộ online Xuân Dầu khí" in html
    assert "Mở đăng ký" in html
    assert reverse("race:list") in html


def test_register_then_upload_a_gpx(
    signed_in, race, runner, morning, django_capture_on_commit_callbacks
):
    detail = reverse("race:detail", args=[race.public_id])
    response = signed_in.post(reverse("race:register", args=[race.public_id]), follow=True)
    assert "Đăng ký thành công. Số báo danh của bạn: XDK00001." in response.content.decode()
    data = tf.gpx(tf.run(start=morning, km=5.2, pace_s=360))
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            reverse("race:upload", args=[race.public_id]),
            {"file": SimpleUploadedFile("sang.gpx", data), "sport": "run"},
        )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("race:activity", args=[activity.public_id])
    html = signed_in.get(response["Location"]).content.decode()
    assert "Được tính" in html
    assert "5,20 km" in html
    html = signed_in.get(detail).content.decode()
    assert re.search(r'race-total">5,20 km', html)


def test_a_corrupted_upload_shows_its_message(
    signed_in, race, runner, django_capture_on_commit_callbacks
):
    register(race, runner)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            reverse("race:upload", args=[race.public_id]),
            {"file": SimpleUploadedFile("hong.fit", b"\x0e\x20garbage"), "sport": "run"},
        )
    html = signed_in.get(response["Location"]).content.decode()
    assert Activity.objects.get().status == ActivityStatus.FAILED
    assert "Không đọc được tệp" in html
    assert "Tệp không phải GPX, FIT hay TCX." in html


def test_a_wrong_extension_is_refused_on_the_form(signed_in, race, runner):
    register(race, runner)
    response = signed_in.post(
        reverse("race:upload", args=[race.public_id]),
        {"file": SimpleUploadedFile("anh.jpg", b"jpeg"), "sport": "run"},
    )
    assert response.status_code == 400
    assert "Chỉ nhận tệp .gpx, .fit hoặc .tcx." in response.content.decode()
    assert Activity.objects.count() == 0


def test_an_appeal_from_the_activity_page(signed_in, race, runner, morning):
    entry = register(race, runner)
    rejected = upload(entry, tf.gpx(tf.run(start=morning, km=6, pace_s=150)))
    url = reverse("race:activity", args=[rejected.public_id])
    html = signed_in.get(url).content.decode()
    assert "Tốc độ trung bình 2:30/km nhanh hơn mức cho phép 3:00/km." in html
    response = signed_in.post(url, {"text": "Đồng hồ lỗi GPS"}, follow=True)
    assert "Đã gửi khiếu nại." in response.content.decode()
    assert rejected.__class__.objects.get(pk=rejected.pk).appeal.text == "Đồng hồ lỗi GPS"


def test_boards_and_drill_down(signed_in, race, runner, tree, morning):
    entry = register(race, runner)
    upload(entry, tf.gpx(tf.run(start=morning, km=5, pace_s=360)))
    register(race, MemberFactory(unit=tree.grandchild, full_name="Phạm Văn Bình"))
    html = signed_in.get(reverse("race:unit_board", args=[race.public_id])).content.decode()
    assert "CĐCS Khí Vũng Tàu" in html
    assert "?don-vi=KVT" in html  # has units below with runners
    html = signed_in.get(
        reverse("race:unit_board", args=[race.public_id]), {"don-vi": "KVT"}
    ).content.decode()
    assert "Tổ CĐ Kho cảng" in html
    html = signed_in.get(reverse("race:person_board", args=[race.public_id])).content.decode()
    assert "Hạng của bạn: <strong>1</strong>" in html
    assert html.index("Nguyễn Thị Lan") < html.index("Phạm Văn Bình")


def test_a_race_for_other_units_does_not_exist_for_the_member(signed_in, tree, runner):
    other = race_approved(tree.uncle, title="Giải của BSR")
    for name in ("race:detail", "race:person_board", "race:unit_board"):
        assert signed_in.get(reverse(name, args=[other.public_id])).status_code == 404
    assert signed_in.post(reverse("race:register", args=[other.public_id])).status_code == 404
    assert Registration.objects.count() == 0


def test_pages_ask_a_visitor_to_sign_in(client, race):
    response = client.get(reverse("race:detail", args=[race.public_id]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("memberarea:sign_in"))


def test_the_certificate_downloads_once_earned(signed_in, race, runner, morning):
    import datetime as dt

    entry = register(race, runner)
    for day in range(2):
        upload(
            entry,
            tf.gpx(tf.run(start=morning - dt.timedelta(days=day), km=5.5, pace_s=330)),
            name=f"{day}.gpx",
        )
    url = reverse("race:certificate", args=[race.public_id])
    assert (
        "Nhận chứng nhận hoàn thành"
        in signed_in.get(reverse("race:detail", args=[race.public_id])).content.decode()
    )
    response = signed_in.post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
