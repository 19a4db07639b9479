"""Fake eSMS.vn brand-name SMS gateway (``https://rest.esms.vn``), for the member area's sign-in codes.

Guarantees (the parts of eSMS's JSON API v4 that Lantoa uses):

* ``POST /MainService.svc/json/SendMultipleMessage_V4_post_json/`` with a JSON body holding ``ApiKey``,
  ``SecretKey``, ``Phone``, ``Content``, ``Brandname``, ``SmsType``; answers HTTP 200 with
  ``{"CodeResult": "100", "CountRegenerate": 0, "SMSID": "…"}`` on success, or another ``CodeResult``:
  101 wrong key or secret, 104 unregistered brand name, 118 message type not 1/2/8, 146 invalid phone
  (Vietnamese mobile numbers as ``84…`` or ``0…``), 131 content too long (more than 3 segments of 160
  unaccented characters; 70 with ``IsUnicode`` "1"), 99 a required field missing;
* the account's balance goes down by one per segment; an empty balance answers 103;
* every accepted message is kept in the post log (``/_fake/posts``; kind ``sms``, target the phone),
  so a newcomer reads the code they were "sent" at ``/_fake/``.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from devstack.fakes.base import FakeServer
from devstack.fakes.wire import Request, Response

PHONE = re.compile(r"(84|0)(3|5|7|8|9)\d{8}")
SEND_PATH = r"/MainService\.svc/json/SendMultipleMessage_V4_post_json/?"


class FakeEsms(FakeServer):
    platform = "esms"
    title = "eSMS.vn SMS gateway"

    DEFAULT_API_KEY = "esms-fake-api-key"
    DEFAULT_SECRET_KEY = "esms-fake-secret-key"
    DEFAULT_BRANDNAME = "CONGDOANDK"

    def __init__(self, port: int = 0, *, balance: int = 100_000, **kwargs: Any) -> None:
        super().__init__(port, **kwargs)
        self.api_key = self.DEFAULT_API_KEY
        self.secret_key = self.DEFAULT_SECRET_KEY
        self.brandnames = {self.DEFAULT_BRANDNAME}
        self.balance = balance
        self.add_route("POST", SEND_PATH, self._send)

    def _answer(self, code: str, **extra: Any) -> Response:
        return Response.json({"CodeResult": code, "CountRegenerate": 0, **extra})

    def _send(self, req: Request, match: Any) -> Response:
        body = req.json_body if isinstance(req.json_body, dict) else req.params
        required = ("ApiKey", "SecretKey", "Phone", "Content", "SmsType")
        if any(not str(body.get(name) or "") for name in required):
            return self._answer("99", ErrorMessage="Thiếu tham số bắt buộc")
        if body["ApiKey"] != self.api_key or body["SecretKey"] != self.secret_key:
            return self._answer("101", ErrorMessage="Authorize Failed")
        if str(body["SmsType"]) not in {"1", "2", "8"}:
            return self._answer("118", ErrorMessage="Loại tin nhắn không hợp lệ")
        if str(body["SmsType"]) == "2" and body.get("Brandname") not in self.brandnames:
            return self._answer("104", ErrorMessage="Brandname không tồn tại hoặc đã bị hủy")
        phone = str(body["Phone"])
        if not PHONE.fullmatch(phone):
            return self._answer("146", ErrorMessage="Số điện thoại không hợp lệ")
        content = str(body["Content"])
        per_segment = 70 if str(body.get("IsUnicode", "0")) == "1" else 160
        segments = max(1, -(-len(content) // per_segment))
        if segments > 3:
            return self._answer("131", ErrorMessage="Nội dung quá dài")
        if self.balance < segments:
            return self._answer("103", ErrorMessage="Tài khoản không đủ tiền")
        self.balance -= segments
        sms_id = str(uuid.uuid4())
        self.posts.add("sms", phone, sms_id, text=content, segments=segments)
        return self._answer("100", SMSID=sms_id)

    def messages_to(self, phone: str) -> list[dict[str, Any]]:
        """What was sent to `phone` (E.164 "+84…" or "84…"), oldest first."""
        wanted = phone.removeprefix("+")
        return [p for p in self.posts.all() if p["target"] == wanted]

    def describe(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "base_url": self.base_url,
            "api_key": self.api_key,
            "secret_key": self.secret_key,
            "brandnames": sorted(self.brandnames),
            "balance": self.balance,
        }
