"""The member area's event pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.events.models import Question, Registration
from lantoa.events.tests.factories import event_approved, event_draft, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, member):
    client.force_login(member.user)
    return client


def test_the_home_and_the_list_show_approved_events_above_the_member(signed_in, tree):
    event_approved(tree.parent, title="Tọa đàm An toàn lao động")
    event_draft(tree.parent, title="Bản nháp chưa duyệt")
    event_approved(tree.sibling, title="Sự kiện của đơn vị bên cạnh")
    home = signed_in.get(reverse("memberarea:home")).content.decode()
    assert "Tọa đàm An toàn lao động" in home
    listing = signed_in.get(reverse("events:list")).content.decode()
    assert "Tọa đàm An toàn lao động" in listing
    assert "Bản nháp chưa duyệt" not in listing
    assert "Sự kiện của đơn vị bên cạnh" not in listing


def test_register_then_the_ticket_shows_the_code(signed_in, tree, member):
    event = event_approved(tree.parent)
    detail = reverse("events:detail", args=[event.public_id])
    assert "Đăng ký tham dự" in signed_in.get(detail).content.decode()
    page = signed_in.post(
        reverse("events:register", args=[event.public_id]), follow=True
    ).content.decode()
    registration = Registration.objects.get(member=member)
    assert "Đăng ký thành công." in page
    assert f'<p class="events-code" aria-label="Mã điểm danh">{registration.code}</p>' in page
    assert 'src="data:image/svg+xml' in page
    # The room opens half an hour before the start.
    assert "Vào phòng trực tuyến" not in page
    event.starts_at = timezone.now() + dt.timedelta(minutes=10)
    event.save(update_fields=["starts_at"])
    assert "Vào phòng trực tuyến" in signed_in.get(detail).content.decode()


def test_an_event_of_another_branch_is_not_found(signed_in, tree):
    event = event_approved(tree.uncle)
    assert signed_in.get(reverse("events:detail", args=[event.public_id])).status_code == 404
    response = signed_in.post(reverse("events:register", args=[event.public_id]))
    assert response.status_code == 404
    assert Registration.objects.count() == 0


def test_ask_a_question(signed_in, tree, member):
    event = event_approved(tree.parent)
    url = reverse("events:ask", args=[event.public_id])
    short = signed_in.post(url, {"text": "Hả?"})
    assert short.status_code == 400
    assert "Câu hỏi quá ngắn." in short.content.decode()
    page = signed_in.post(url, {"text": "Chế độ ca đêm ra sao ạ?"}, follow=True).content.decode()
    assert "Đã gửi câu hỏi." in page
    assert Question.objects.get(member=member).text == "Chế độ ca đêm ra sao ạ?"


def test_unregister_before_the_start(signed_in, tree, member):
    event = event_approved(tree.parent)
    register(event, member)
    signed_in.post(reverse("events:unregister", args=[event.public_id]))
    assert Registration.objects.filter(member=member).count() == 0
