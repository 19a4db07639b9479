"""Signing in with a one-time code: services and pages."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lantoa.core.models import AuditLogEntry
from lantoa.memberarea import services, sms
from lantoa.memberarea.exceptions import (
    CodeExpired,
    CodeInvalid,
    CodeLocked,
    IdentifierInvalid,
    StaffAccount,
    TooManyRequests,
)
from lantoa.memberarea.models import LoginCode
from lantoa.memberarea.tests.helpers import last_emailed_code, last_texted_code
from lantoa.org.choices import MemberStatus, Role
from lantoa.org.models import Member
from lantoa.org.services import sync_admin_access
from lantoa.org.tests.factories import MemberFactory, RoleAssignmentFactory, UserFactory

ANON = AnonymousUser()


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Ask for a code; what waits for the commit (the e-mail, the SMS) runs."""

    def send(identifier: str, client: str = "10.0.0.1"):
        with django_capture_on_commit_callbacks(execute=True):
            return services.login_code_send(actor=ANON, identifier=identifier, client_key=client)

    return send


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def post(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def test_email_code_signs_in_and_creates_a_passwordless_account(
    member, django_capture_on_commit_callbacks, send
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        destination = services.login_code_send(
            actor=ANON, identifier="  Lan.Nguyen@Example.VN ", client_key="10.0.0.1"
        )
    assert len(callbacks) == 1
    assert destination.channel == "email"
    assert destination.masked == "l***@example.vn"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lan.nguyen@example.vn"]
    code = last_emailed_code("lan.nguyen@example.vn")
    assert code not in LoginCode.objects.get().code_hash

    signed_in = services.login_code_verify(
        actor=ANON, identifier="lan.nguyen@example.vn", code=code
    )

    member.refresh_from_db()
    assert signed_in == member
    assert member.user is not None
    assert member.user.username == f"doanvien-{member.public_id.hex[:16]}"
    assert not member.user.has_usable_password()
    assert list(AuditLogEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "memberarea.login_code_send",
        "org.member_user_link",
        "memberarea.member_account_create",
        "memberarea.member_sign_in",
    ]


def test_phone_code_goes_by_sms_in_any_written_form(member, send):
    send("0912 345 678")
    assert len(sms.outbox) == 1
    assert sms.outbox[0].phone == "+84912345678"
    assert sms.outbox[0].text.isascii()
    code = last_texted_code("+84912345678")
    assert services.login_code_verify(actor=ANON, identifier="+84 912345678", code=code) == member


def test_unknown_address_gets_the_same_answer_and_nothing_is_sent(member, send):
    destination = send("nobody@example.vn")
    assert destination.masked == "n***@example.vn"
    assert mail.outbox == []
    assert LoginCode.objects.count() == 0
    assert AuditLogEntry.objects.count() == 0


def test_a_number_shared_by_two_records_signs_nobody_in(member, tree, send):
    MemberFactory(unit=tree.sibling, phone="+84912345678")
    send("0912345678")
    assert sms.outbox == []
    assert LoginCode.objects.count() == 0


def test_a_member_who_left_gets_no_code(member, send):
    Member.objects.filter(pk=member.pk).update(status=MemberStatus.LEFT)
    send("lan.nguyen@example.vn")
    assert mail.outbox == []


@pytest.mark.parametrize("typed", ["", "abc", "12345", "lan@", "not an address"])
def test_bad_identifiers_are_refused_with_a_message(member, typed, send):
    with pytest.raises(IdentifierInvalid) as excinfo:
        send(typed)
    assert excinfo.value.message
    assert LoginCode.objects.count() == 0


def test_wrong_codes_count_and_lock_after_five(member, send):
    send("lan.nguyen@example.vn")
    code = last_emailed_code("lan.nguyen@example.vn")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(4):
        with pytest.raises(CodeInvalid):
            services.login_code_verify(actor=ANON, identifier="lan.nguyen@example.vn", code=wrong)
    with pytest.raises(CodeLocked):
        services.login_code_verify(actor=ANON, identifier="lan.nguyen@example.vn", code=wrong)
    assert LoginCode.objects.get().attempts == 5
    # Even the right code no longer works.
    with pytest.raises(CodeLocked):
        services.login_code_verify(actor=ANON, identifier="lan.nguyen@example.vn", code=code)
    assert AuditLogEntry.objects.filter(action="memberarea.login_code_lock").count() == 1
    member.refresh_from_db()
    assert member.user_id is None


def test_a_code_works_once_and_expires(member, send):
    send("lan.nguyen@example.vn")
    code = last_emailed_code("lan.nguyen@example.vn")
    services.login_code_verify(actor=ANON, identifier="lan.nguyen@example.vn", code=code)
    with pytest.raises(CodeExpired):
        services.login_code_verify(actor=ANON, identifier="lan.nguyen@example.vn", code=code)

    send("lan.nguyen@example.vn")
    code = last_emailed_code("lan.nguyen@example.vn")
    LoginCode.objects.filter(used_at__isnull=True).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(CodeExpired):
        services.login_code_verify(actor=ANON, identifier="lan.nguyen@example.vn", code=code)


def test_a_new_code_replaces_the_previous_one(member, send):
    send("lan.nguyen@example.vn")
    first = last_emailed_code("lan.nguyen@example.vn")
    send("lan.nguyen@example.vn")
    second = last_emailed_code("lan.nguyen@example.vn")
    if first != second:
        with pytest.raises(CodeInvalid):
            services.login_code_verify(actor=ANON, identifier="lan.nguyen@example.vn", code=first)
    assert (
        services.login_code_verify(actor=ANON, identifier="lan.nguyen@example.vn", code=second)
        == member
    )


def test_codes_per_address_are_rate_limited(member, settings, send):
    settings.LANTOA_MEMBER_CODE_RATE = "2/3600"
    send("lan.nguyen@example.vn", client="10.0.0.1")
    send("lan.nguyen@example.vn", client="10.0.0.2")
    with pytest.raises(TooManyRequests):
        send("lan.nguyen@example.vn", client="10.0.0.3")
    assert len(mail.outbox) == 2


def test_codes_per_client_are_rate_limited(member, settings, send):
    settings.LANTOA_MEMBER_CODE_CLIENT_RATE = "1/3600"
    send("lan.nguyen@example.vn")
    with pytest.raises(TooManyRequests):
        send("other@example.vn")


def test_an_officer_account_is_not_opened_by_a_code(member, tree, send):
    officer = UserFactory(username="tuyengiao.kvt")
    RoleAssignmentFactory(user=officer, unit=tree.unit, role=Role.OFFICER)
    sync_admin_access(officer)
    Member.objects.filter(pk=member.pk).update(user=officer)
    with pytest.raises(StaffAccount):
        send("lan.nguyen@example.vn")
    assert mail.outbox == []


def test_sms_off_refuses_phone_numbers_with_a_message(member, settings, send):
    settings.LANTOA_SMS_ENABLED = False
    with pytest.raises(IdentifierInvalid) as excinfo:
        send("0912345678")
    assert "e-mail" in excinfo.value.message


# --- pages ---------------------------------------------------------------------------


def test_pages_sign_a_member_in_and_out(client, member, post):
    home = reverse("memberarea:home")
    response = client.get(home)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('memberarea:sign_in')}?next=%2Fthanh-vien%2F"

    response = post(
        reverse("memberarea:sign_in"),
        {"identifier": "lan.nguyen@example.vn", "next": home},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("memberarea:sign_in_code")
    page = client.get(reverse("memberarea:sign_in_code"))
    assert "l***@example.vn" in page.content.decode()

    wrong = client.post(reverse("memberarea:sign_in_code"), {"code": "99999x"})
    assert wrong.status_code == 400
    assert "Mã không đúng" in wrong.content.decode() or "hết hạn" in wrong.content.decode()

    code = last_emailed_code("lan.nguyen@example.vn")
    response = client.post(reverse("memberarea:sign_in_code"), {"code": code})
    assert response.status_code == 302
    assert response["Location"] == home

    page = client.get(home)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Xin chào, Nguyễn Thị Lan" in html
    assert "CĐCS Khí Vũng Tàu" in html
    assert "KVT-0001" in html

    client.post(reverse("memberarea:sign_out"))
    assert client.get(home).status_code == 302


def test_sign_in_page_refuses_bad_input_with_a_vietnamese_message(client, member):
    response = client.post(reverse("memberarea:sign_in"), {"identifier": "12"})
    assert response.status_code == 400
    assert "Số điện thoại không hợp lệ" in response.content.decode()
    assert LoginCode.objects.count() == 0


def test_next_never_leaves_the_site(client, member, post):
    post(
        reverse("memberarea:sign_in"),
        {"identifier": "lan.nguyen@example.vn", "next": "https://evil.example/"},
    )
    code = last_emailed_code("lan.nguyen@example.vn")
    response = client.post(reverse("memberarea:sign_in_code"), {"code": code})
    assert response["Location"] == reverse("memberarea:home")


def test_code_page_without_a_pending_address_goes_back(client, db):
    response = client.get(reverse("memberarea:sign_in_code"))
    assert response.status_code == 302
    assert response["Location"] == reverse("memberarea:sign_in")


def test_a_user_without_member_record_is_sent_to_sign_in(client, db):
    client.force_login(UserFactory(username="someone"))
    assert client.get(reverse("memberarea:home")).status_code == 302
