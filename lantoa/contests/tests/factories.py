"""Photo contest data for tests and the demo: built through the services, so
that a contest in a test obeys the same rules (approval, moderation, rounds)
as a real one."""

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from lantoa.contests.models import Contest, Entry, Juror, Round
from lantoa.contests.services import contests, entries, jury
from lantoa.core.actors import SYSTEM, Actor
from lantoa.org.public import Member, OrgUnit


def photo_bytes(
    *,
    width: int = 1200,
    height: int = 900,
    color: tuple[int, int, int] = (200, 120, 40),
    fmt: str = "JPEG",
    artist: str = "",
) -> bytes:
    """A photo as a camera writes it; `artist` goes into its EXIF (tag 315)."""
    image = Image.new("RGB", (width, height), color)
    for x in range(0, width, 40):  # some detail, so the JPEG is not trivial
        image.paste((x % 255, 90, 160), (x, 0, x + 8, height))
    out = io.BytesIO()
    extra: dict[str, Any] = {}
    if artist:
        exif = Image.Exif()
        exif[315] = artist
        extra["exif"] = exif.tobytes()
    image.save(out, format=fmt, **extra)
    return out.getvalue()


def contest_approved(
    unit: OrgUnit,
    *,
    title: str = "Nét đẹp Công đoàn và Người lao động Dầu khí",
    voting: bool = True,
    actor: Actor = SYSTEM,
    **fields: Any,
) -> Contest:
    """Open for photos (from 10 days ago to 20 days ahead), voting open now
    unless `voting=False`."""
    today = timezone.localdate()
    now = timezone.now()
    if voting:
        fields.setdefault("voting_starts_at", now - dt.timedelta(days=1))
        fields.setdefault("voting_ends_at", now + dt.timedelta(days=10))
    contest = contests.contest_create(
        actor=actor,
        unit=unit,
        title=title,
        entries_open_on=today - dt.timedelta(days=10),
        entries_close_on=today + dt.timedelta(days=20),
        **fields,
    )
    contests.contest_submit(actor=actor, contest=contest)
    return contests.contest_approve(actor=actor, contest=contest)


def send(
    contest: Contest, member: Member, *, title: str = "Bình minh trên giàn khoan", **kw: Any
) -> Entry:
    """The member sends a photo (acting as themself: the member needs a user)."""
    data = kw.pop("data", None) or photo_bytes()
    assert member.user is not None, "the author needs a member-area account"
    return entries.entry_submit(
        actor=member.user,
        contest=contest,
        member=member,
        title=title,
        credit=kw.pop("credit", f"Ảnh: {member.full_name}"),
        image=SimpleUploadedFile("IMG_0001.jpg", data, content_type="image/jpeg"),
        image_size=len(data),
        consent_author=True,
        consent_subjects=True,
        consent_publish=True,
        **kw,
    )


def entry_approved(contest: Contest, member: Member, *, actor: Actor = SYSTEM, **kw: Any) -> Entry:
    return entries.entry_approve(actor=actor, entry=send(contest, member, **kw))


def juror(contest: Contest, member: Member, *, actor: Actor = SYSTEM) -> Juror:
    return jury.juror_appoint(actor=actor, contest=contest, member=member)


def open_round(
    contest: Contest, *, title: str = "Vòng sơ khảo", actor: Actor = SYSTEM, **kw: Any
) -> Round:
    created = jury.round_create(actor=actor, contest=contest, title=title, **kw)
    return jury.round_open(actor=actor, round_=created)
