"""Sending one text message to a phone: the SMS adapter of the member area.

The production adapter speaks the HTTP API of eSMS.vn, a Vietnamese SMS
brand-name gateway (`LANTOA_SMS_API_URL`, key, secret and brand name); the
development stack runs a local fake of it (`devstack/fakes/esms.py`). Tests
use the in-memory outbox. The adapter takes its URL and credentials as
arguments and never reads settings at import time.
"""

from dataclasses import dataclass
from typing import Protocol

import httpx
from django.conf import settings

from lantoa.core.text import fold_diacritics


class SmsError(Exception):
    """The gateway refused or could not be reached; `code` is the gateway's."""

    def __init__(self, message: str, *, code: str = "", transient: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.transient = transient


class SmsBackend(Protocol):
    def send(self, *, phone: str, text: str) -> str:
        """Send `text` to `phone` (E.164); return the gateway's message id."""
        ...


@dataclass
class SentSms:
    phone: str
    text: str


outbox: list[SentSms] = []
"""What `LocmemSmsBackend` "sent", like `django.core.mail.outbox`."""


class LocmemSmsBackend:
    def send(self, *, phone: str, text: str) -> str:
        outbox.append(SentSms(phone=phone, text=text))
        return f"locmem-{len(outbox)}"


# eSMS.vn answers CodeResult "100" on success; these codes mean the request
# itself is wrong (credentials, balance, brand name, number) and retrying it
# changes nothing.
ESMS_PERMANENT = {
    "101": "sai khóa API hoặc mật khẩu",
    "102": "tài khoản bị khóa",
    "103": "tài khoản không đủ tiền",
    "104": "tên thương hiệu (brandname) chưa được đăng ký",
    "118": "loại tin nhắn không hợp lệ",
    "119": "tên thương hiệu quảng cáo phải gửi ít nhất 20 số",
    "131": "tin nhắn quá dài",
    "146": "số điện thoại không hợp lệ",
}


class EsmsBackend:
    """eSMS.vn's JSON API (SendMultipleMessage_V4_post_json), customer care
    messages (SmsType 2) under a registered brand name, without diacritics
    (one 160-character segment instead of 70)."""

    PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"

    def __init__(
        self, *, base_url: str, api_key: str, secret_key: str, brandname: str, timeout: float = 10.0
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.secret_key = secret_key
        self.brandname = brandname
        self.timeout = timeout

    def send(self, *, phone: str, text: str) -> str:
        payload = {
            "ApiKey": self.api_key,
            "SecretKey": self.secret_key,
            "Phone": phone.removeprefix("+"),
            "Content": fold_diacritics(text),
            "Brandname": self.brandname,
            "SmsType": "2",
            "IsUnicode": "0",
        }
        try:
            response = httpx.post(self.base_url + self.PATH, json=payload, timeout=self.timeout)
        except httpx.HTTPError as exc:
            raise SmsError(f"không kết nối được cổng SMS: {exc}", transient=True) from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise SmsError(f"cổng SMS trả lỗi {response.status_code}", transient=True)
        try:
            body = response.json()
        except ValueError as exc:
            raise SmsError(f"cổng SMS trả lời không đọc được ({response.status_code})") from exc
        code = str(body.get("CodeResult", ""))
        if code == "100":
            return str(body.get("SMSID", ""))
        reason = ESMS_PERMANENT.get(code) or str(body.get("ErrorMessage") or "lỗi không rõ")
        raise SmsError(f"cổng SMS từ chối (mã {code}): {reason}", code=code, transient=False)


def sms_enabled() -> bool:
    return bool(settings.LANTOA_SMS_ENABLED)


def sms_backend() -> SmsBackend:
    """The configured adapter (`LANTOA_SMS_BACKEND`: "esms" or "locmem")."""
    if settings.LANTOA_SMS_BACKEND == "locmem":
        return LocmemSmsBackend()
    return EsmsBackend(
        base_url=settings.LANTOA_SMS_API_URL,
        api_key=settings.LANTOA_SMS_API_KEY,
        secret_key=settings.LANTOA_SMS_SECRET_KEY,
        brandname=settings.LANTOA_SMS_BRANDNAME,
    )
