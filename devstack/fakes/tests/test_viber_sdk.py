"""Viber's own Python SDK (viberbot) drives the Viber fake. Skipped when viberbot is not installed (it is
not a project dependency; it pulls in ``requests`` and ``future``)."""

from __future__ import annotations

import pytest

viberbot = pytest.importorskip("viberbot")

from viberbot.api.bot_configuration import BotConfiguration  # noqa: E402
from viberbot.api.messages.text_message import TextMessage  # noqa: E402

from devstack.fakes.viber import FakeViber  # noqa: E402


def test_viberbot_sets_webhook_posts_and_verifies_callbacks(receiver) -> None:
    with FakeViber() as fake:
        api = viberbot.Api(
            BotConfiguration(
                name="Công đoàn", avatar="https://e.vn/a.png", auth_token=FakeViber.TOKEN
            )
        )
        api._request_sender._viber_bot_api_url = (
            fake.base_url + "/pa"
        )  # the SDK has no public base-URL option
        assert api.set_webhook(receiver.url)  # returns the event types
        info = api.get_account_info()
        assert any(m["role"] == "superadmin" for m in info["members"])
        tokens = api.post_messages_to_public_account(
            FakeViber.SUPERADMIN_ID, [TextMessage(text="Tin mới")]
        )
        assert len(tokens) == 1 and fake.posts.all()[0]["text"] == "Tin mới"
        signed = fake.build_comment_webhook(text="Phản hồi")
        assert api.verify_signature(signed.body, signed.headers["X-Viber-Content-Signature"])
        event = api.parse_request(signed.body.decode())
        assert event.message.text == "Phản hồi"
