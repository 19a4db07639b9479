"""python-telegram-bot drives the Telegram fake: proof that the fake speaks the real protocol."""

from __future__ import annotations

import asyncio

import pytest

telegram = pytest.importorskip("telegram")

from devstack.fakes.telegram import FakeTelegram  # noqa: E402


def test_python_telegram_bot_sends_photo_group_and_deletes() -> None:
    async def scenario(fake: FakeTelegram) -> None:
        bot = telegram.Bot(fake.DEFAULT_TOKEN, base_url=fake.base_url + "/bot")
        async with bot:
            me = await bot.get_me()
            assert me.is_bot and me.id == 123456789
            msg = await bot.send_message(
                fake.DEFAULT_CHANNEL_ID, "<b>Thông báo</b> đại hội công đoàn", parse_mode="HTML"
            )
            assert (
                msg.text == "Thông báo đại hội công đoàn"
                and msg.sender_chat.id == fake.DEFAULT_CHANNEL_ID
            )
            photo = await bot.send_photo(
                "@lantoa_demo", photo=b"\x89PNG\r\n\x1a\nfake", caption="Ảnh hội nghị"
            )
            assert photo.caption == "Ảnh hội nghị" and photo.photo[-1].width == 1280
            group = await bot.send_media_group(
                fake.DEFAULT_CHANNEL_ID,
                [
                    telegram.InputMediaPhoto(b"first", caption="Album"),
                    telegram.InputMediaPhoto("https://example.vn/2.jpg"),
                ],
            )
            assert len({m.media_group_id for m in group}) == 1
            assert await bot.delete_message(fake.DEFAULT_CHANNEL_ID, msg.message_id) is True
            chat = await bot.get_chat(fake.DEFAULT_CHANNEL_ID)
            assert chat.username == "lantoa_demo"
            assert await bot.get_chat_member_count(fake.DEFAULT_CHANNEL_ID) == 1234
            assert await bot.set_webhook("http://127.0.0.1:9/hook", secret_token="abc")
            assert (await bot.get_webhook_info()).url == "http://127.0.0.1:9/hook"
            with pytest.raises(telegram.error.BadRequest, match="too long"):
                await bot.send_message(fake.DEFAULT_CHANNEL_ID, "x" * 4097)
            fake.faults.update({"force_rate_limits": 1, "retry_after": 3})
            with pytest.raises(telegram.error.RetryAfter) as excinfo:
                await bot.send_message(fake.DEFAULT_CHANNEL_ID, "throttled")
            retry = excinfo.value.retry_after  # int or timedelta depending on PTB settings
            assert getattr(retry, "total_seconds", lambda: retry)() == 3
        kinds = [(p["kind"], p["deleted"]) for p in fake.posts.all()]
        assert kinds == [("message", True), ("photo", False), ("media_group", False)]

    with FakeTelegram() as fake:
        asyncio.run(scenario(fake))


def test_python_telegram_bot_sees_invalid_token() -> None:
    async def scenario(fake: FakeTelegram) -> None:
        fake.revoke_token(fake.DEFAULT_TOKEN)
        bot = telegram.Bot(fake.DEFAULT_TOKEN, base_url=fake.base_url + "/bot")
        with pytest.raises(telegram.error.InvalidToken):
            await bot.get_me()

    with FakeTelegram() as fake:
        asyncio.run(scenario(fake))
