"""The eSMS adapter against the local fake of the gateway (real HTTP on 127.0.0.1)."""

import pytest

from devstack.fakes import FakeEsms
from lantoa.memberarea.sms import EsmsBackend, SmsError
from lantoa.memberarea.tasks import login_code_sms_send_task


def _backend(fake: FakeEsms, **overrides):
    params = {
        "base_url": fake.base_url,
        "api_key": fake.DEFAULT_API_KEY,
        "secret_key": fake.DEFAULT_SECRET_KEY,
        "brandname": fake.DEFAULT_BRANDNAME,
        **overrides,
    }
    return EsmsBackend(**params)


def test_sends_unaccented_text_to_the_number():
    with FakeEsms() as fake:
        sms_id = _backend(fake).send(phone="+84912345678", text="Mã đăng nhập: 123456")
        [sent] = fake.messages_to("+84912345678")
    assert sent["id"] == sms_id
    assert sent["text"] == "Ma dang nhap: 123456"
    assert sent["segments"] == 1


@pytest.mark.parametrize(
    ("overrides", "phone", "code"),
    [
        ({"secret_key": "wrong"}, "+84912345678", "101"),
        ({"brandname": "UNKNOWN"}, "+84912345678", "104"),
        ({}, "+8424123", "146"),
    ],
)
def test_refusals_are_permanent_errors_with_the_gateway_code(overrides, phone, code):
    with FakeEsms() as fake:
        with pytest.raises(SmsError) as excinfo:
            _backend(fake, **overrides).send(phone=phone, text="x")
        assert fake.posts.all() == []
    assert excinfo.value.code == code
    assert excinfo.value.transient is False


def test_empty_balance_is_refused():
    with FakeEsms(balance=0) as fake, pytest.raises(SmsError) as excinfo:
        _backend(fake).send(phone="+84912345678", text="x")
    assert excinfo.value.code == "103"


def test_unreachable_gateway_is_a_transient_error():
    backend = EsmsBackend(base_url="http://127.0.0.1:9", api_key="k", secret_key="s", brandname="b")
    with pytest.raises(SmsError) as excinfo:
        backend.send(phone="+84912345678", text="x")
    assert excinfo.value.transient is True


def test_task_reports_a_failure_instead_of_raising(settings):
    settings.LANTOA_SMS_BACKEND = "esms"
    with FakeEsms() as fake:
        settings.LANTOA_SMS_API_URL = fake.base_url
        settings.LANTOA_SMS_API_KEY = fake.DEFAULT_API_KEY
        settings.LANTOA_SMS_SECRET_KEY = "wrong"
        settings.LANTOA_SMS_BRANDNAME = fake.DEFAULT_BRANDNAME
        result = login_code_sms_send_task.call(phone="+84912345678", text="x")
    assert result.startswith("failed: cổng SMS từ chối (mã 101)")
