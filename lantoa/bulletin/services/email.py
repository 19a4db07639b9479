"""The e-mail edition: rendered once per issue, personalised per recipient.

The HTML is table-based with inline styles (what Gmail, Outlook and phone
clients keep); a plain-text part carries the same content. Per recipient only
three strings change (name, unsubscribe and preferences links), so a send to
60,000 people renders the templates once and substitutes placeholders.
Headers: a stable Message-ID per (issue, address), List-Id, and RFC 8058's
List-Unsubscribe + List-Unsubscribe-Post pair.

Speed: the MIME bytes themselves are built once per issue by Django with
placeholders (bodies stay 8-bit, so the placeholders survive verbatim), and
each recipient's message is those bytes with six substitutions, handed to
Django's e-mail backend as a `PrerenderedEmail`. Building a MIME tree per
recipient cost more than the SMTP exchange (bench/bulletin.py). If a body
ever needs a transfer encoding (a line over 998 bytes), the placeholders
would not survive: the template then has no `raw` and every message is built
the ordinary way.
"""

import re
from dataclasses import dataclass, replace
from email.utils import formataddr
from functools import lru_cache
from uuid import UUID

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.template.loader import render_to_string
from django.utils.html import escape

from lantoa.bulletin import tokens
from lantoa.bulletin.links import absolute
from lantoa.bulletin.models import Issue, message_id_for
from lantoa.bulletin.services.rendering import issue_links, issue_sections, rendition_url
from lantoa.core.mail import FoldedSubjectEmail

NAME = "%%LANTOA_NAME%%"
UNSUBSCRIBE = "%%LANTOA_UNSUBSCRIBE%%"
PREFERENCES = "%%LANTOA_PREFERENCES%%"
RECIPIENT_KEY = "LANTOARECIPIENTKEY"
TO = "lantoa-recipient@placeholder.invalid"
MESSAGE_ID = "<lantoa-message-id@placeholder.invalid>"


@dataclass(frozen=True)
class EmailTemplate:
    issue_id: int
    issue_public_id: str
    bulletin_id: int
    subject: str
    from_email: str
    reply_to: str
    list_id: str
    html: str
    text: str
    # The whole message (CRLF) with placeholders, or None (see module docstring).
    raw: bytes | None = None
    unsubscribe_url: str = ""
    preferences_url: str = ""


def _render(issue: Issue) -> EmailTemplate:
    bulletin = issue.bulletin
    sections = [
        {
            "title": section.title,
            "articles": [
                {"a": a, "image": rendition_url(a.image, "fill-560x300")} for a in section.articles
            ],
        }
        for section in issue_sections(issue)
    ]
    context = {
        "issue": issue,
        "bulletin": bulletin,
        "sections": sections,
        "cover_url": rendition_url(issue.cover_image, "fill-600x300"),
        "name": NAME,
        "unsubscribe_url": UNSUBSCRIBE,
        "preferences_url": PREFERENCES,
        **issue_links(issue),
    }
    sender = settings.DEFAULT_FROM_EMAIL
    from_email = sender if "<" in sender else formataddr((bulletin.name, sender))
    template = EmailTemplate(
        issue_id=issue.pk,
        issue_public_id=str(issue.public_id),
        bulletin_id=bulletin.pk,
        subject=f"{bulletin.name} — {issue.label}: {issue.title}",
        from_email=from_email,
        reply_to=bulletin.reply_to,
        # ASCII only: an encoded List-Id would hide the id from filters.
        list_id=f"<{bulletin.unit.slug}.bulletin.lantoa>",
        html=render_to_string("bulletin/email/issue.html", context),
        text=render_to_string("bulletin/email/issue.txt", context),
        unsubscribe_url=absolute("bulletin:unsubscribe", RECIPIENT_KEY),
        preferences_url=absolute("bulletin:preferences", RECIPIENT_KEY),
    )
    return replace(template, raw=_raw_template(template))


def _raw_template(template: EmailTemplate) -> bytes | None:
    message = _django_message(
        template, to=TO, name=NAME, unsubscribe_url=template.unsubscribe_url,
        preferences_url=template.preferences_url, message_id=MESSAGE_ID,
    )  # fmt: skip
    raw = bytes(message.message().as_bytes(linesep="\r\n"))  # type: ignore[call-arg]
    expected = {
        NAME: template.html.count(NAME) + template.text.count(NAME),
        TO: 1,
        MESSAGE_ID: 1,
    }
    if any(raw.count(key.encode()) != n for key, n in expected.items()):
        return None
    return raw


@lru_cache(maxsize=8)
def _cached(issue_id: int, version: str) -> EmailTemplate:
    issue = Issue.objects.select_related("bulletin__unit", "cover_image").get(pk=issue_id)
    return _render(issue)


def issue_email_template(issue: Issue) -> EmailTemplate:
    """Rendered once per issue and process (an approved issue no longer changes)."""
    return _cached(issue.pk, issue.updated_at.isoformat())


def _mailbox(name: str, email: str) -> str:
    """ "Name <address>" that Django's address parser accepts whatever the name holds."""
    clean = " ".join(name.replace('"', "").replace("\\", "").split())
    return f'"{clean}" <{email}>' if clean else email


def _django_message(
    template: EmailTemplate,
    *,
    to: str,
    name: str,
    unsubscribe_url: str,
    preferences_url: str,
    message_id: str,
    subject_prefix: str = "",
    html_name: str | None = None,
) -> EmailMultiAlternatives:
    def personalise(body: str, who: str) -> str:
        return (
            body.replace(NAME, who)
            .replace(UNSUBSCRIBE, unsubscribe_url)
            .replace(PREFERENCES, preferences_url)
        )

    message = FoldedSubjectEmail(
        subject=f"{subject_prefix}{template.subject}",
        body=personalise(template.text, name),
        from_email=template.from_email,
        to=[to],
        reply_to=[template.reply_to] if template.reply_to else None,
        headers={
            "Message-ID": message_id,
            "List-Id": template.list_id,
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Precedence": "bulk",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        personalise(template.html, name if html_name is None else html_name), "text/html"
    )
    return message


class RawMessage:
    """What `EmailMessage.message()` returns, for bytes already made."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw  # CRLF line ends

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self.raw if linesep == "\r\n" else self.raw.replace(b"\r\n", linesep.encode())

    def as_string(self, unixfrom: bool = False, linesep: str = "\n") -> str:
        return self.as_bytes(linesep=linesep).decode("utf-8")


class PrerenderedEmail(EmailMultiAlternatives):
    """A message whose MIME bytes are ready; Django's backends send it as is.
    `envelope_from`/`envelope_to` are the SMTP envelope, already checked."""

    def __init__(self, raw: bytes, *, from_email: str, to: str, envelope_from: str) -> None:
        super().__init__(from_email=from_email, to=[to])
        self.raw = raw
        self.envelope_from = envelope_from
        self.envelope_to = envelope_address(to)

    def message(self, **kwargs: object) -> RawMessage:  # type: ignore[override]
        return RawMessage(self.raw)


# A plain ASCII address needs none of sanitize_address's work; anything else gets it.
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


def envelope_address(address: str) -> str:
    if _PLAIN_ADDRESS.fullmatch(address):
        return address
    return str(sanitize_address(address, "utf-8"))


@lru_cache(maxsize=8)
def _envelope_from(from_email: str) -> str:
    return str(sanitize_address(from_email, "utf-8"))


def build_message(
    template: EmailTemplate,
    *,
    email: str,
    name: str,
    member_id: int | None = None,
    subscriber_id: int | None = None,
    message_id: str | None = None,
    subject_prefix: str = "",
) -> EmailMultiAlternatives:
    """One personalised message (not sent). Without member or subscriber it is
    a test message whose links change nobody's subscription."""
    token = tokens.recipient_token(
        bulletin_id=template.bulletin_id, member_id=member_id, subscriber_id=subscriber_id
    )
    unsubscribe_url = template.unsubscribe_url.replace(RECIPIENT_KEY, token)
    preferences_url = template.preferences_url.replace(RECIPIENT_KEY, token)
    greeting = name or "bạn đọc"
    message_id = message_id or message_id_for(UUID(template.issue_public_id), email)
    if template.raw is not None and not subject_prefix:
        raw = (
            template.raw.replace(TO.encode(), formataddr((name, email), "utf-8").encode())
            .replace(MESSAGE_ID.encode(), message_id.encode())
            .replace(RECIPIENT_KEY.encode(), token.encode())
        )
        # The text part takes the name as is, the HTML part escaped.
        text_end = raw.index(b"Content-Type: text/html")
        raw = raw[:text_end].replace(NAME.encode(), greeting.encode()) + raw[text_end:].replace(
            NAME.encode(), escape(greeting).encode()
        )
        return PrerenderedEmail(
            raw,
            from_email=template.from_email,
            to=email,
            envelope_from=_envelope_from(template.from_email),
        )
    return _django_message(
        template,
        to=_mailbox(name, email),
        name=greeting,
        html_name=escape(greeting),
        unsubscribe_url=unsubscribe_url,
        preferences_url=preferences_url,
        message_id=message_id,
        subject_prefix=subject_prefix,
    )
