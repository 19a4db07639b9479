"""The local SMTP sink: stores each Message-ID once, and reads its messages back."""

import io
import smtplib
from email.message import EmailMessage

from django.core.management import call_command

from devstack.smtp_sink import SmtpSink, stored_messages


def _message(to: str, message_id: str, subject: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Bản tin <bantin@example.vn>"
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message.set_content("Nội dung thư: đoàn viên Dầu khí.")
    return message


def test_a_message_sent_twice_is_stored_once(tmp_path):
    with SmtpSink(tmp_path) as sink, smtplib.SMTP(sink.host, sink.port) as smtp:
        smtp.send_message(_message("a@example.vn", "<1@test>", "Thư một"))
        smtp.send_message(_message("a@example.vn", "<1@test>", "Thư một"))  # resent after a crash
        smtp.send_message(_message("b@example.vn", "<2@test>", "Thư hai"))
    stats = sink.handler.stats()
    assert (stats["received"], stats["stored"], stats["duplicates"]) == (3, 2, 1)
    assert stats["stored_by_recipient"] == {"a@example.vn": 1, "b@example.vn": 1}
    assert stats["received_by_recipient"] == {"a@example.vn": 2, "b@example.vn": 1}
    assert sorted(m.subject for m in stored_messages(tmp_path)) == ["Thư hai", "Thư một"]


def test_a_restarted_sink_still_knows_what_it_stored(tmp_path):
    with SmtpSink(tmp_path) as sink, smtplib.SMTP(sink.host, sink.port) as smtp:
        smtp.send_message(_message("a@example.vn", "<1@test>", "Thư một"))
    with SmtpSink(tmp_path) as sink, smtplib.SMTP(sink.host, sink.port) as smtp:
        smtp.send_message(_message("a@example.vn", "<1@test>", "Thư một"))
    assert sink.handler.stats()["duplicates"] == 1
    assert len(list(tmp_path.glob("*.eml"))) == 1


def test_the_command_lists_and_shows_messages(tmp_path):
    with SmtpSink(tmp_path) as sink, smtplib.SMTP(sink.host, sink.port) as smtp:
        smtp.send_message(_message("a@example.vn", "<1@test>", "Bản tin số 10"))
    out = io.StringIO()
    call_command("smtp_sink", "--list", "--dir", str(tmp_path), stdout=out)
    assert "  1. a@example.vn — Bản tin số 10" in out.getvalue()
    out = io.StringIO()
    call_command("smtp_sink", "--show", "1", "--dir", str(tmp_path), stdout=out)
    assert "Subject: Bản tin số 10" in out.getvalue()
    assert "Nội dung thư: đoàn viên Dầu khí." in out.getvalue()
