"""A demo photo contest in its jury round and a demo honours round (DEBUG
only, fixed seed), both organised by the root union.

The contest "Nét đẹp Công đoàn và Người lao động Dầu khí": photos from
members across the tree (most approved, two waiting for moderation, one
rejected), a jury of three — the member demo account (`doanvien.khicamau`)
among them, so that it sees the blind round —, round 1 open with some
scores given, and public votes under way.

The honours round for Workers' Month: nominations at every stage of the
chain up the tree (one honoured — the member demo account —, one waiting at
its direct union, one at its grassroots union, one returned for evidence).
Idempotent: an existing demo contest or round is kept.
"""

import datetime as dt
import io
import random
import uuid
from collections import Counter

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from devstack.demo import DEMO_ACTOR
from devstack.demo.campaigns import WORKERS_MONTH
from devstack.demo.loading import SeededDemoLoader, demo_root
from devstack.demo.race import DEMO_MEMBER_EMAIL, RaceDemoRequiresDebug
from lantoa.campaigns.models import Campaign
from lantoa.contests.models import Contest
from lantoa.contests.services import contests, entries, jury, votes
from lantoa.contests.tests.factories import photo_bytes
from lantoa.core.exceptions import LantoaError
from lantoa.honours.choices import Theme
from lantoa.honours.models import HonourRound
from lantoa.honours.services import nominations, rounds
from lantoa.honours.tests.factories import nominate, round_open
from lantoa.org.choices import MemberStatus
from lantoa.org.models import Member, OrgUnit

CONTEST_TITLE = "Nét đẹp Công đoàn và Người lao động Dầu khí"
HONOURS_TITLE = "Tôn vinh đoàn viên tiêu biểu Tháng Công nhân"
DEMO_SEED = 2026
TITLES = (
    "Bình minh trên giàn khoan", "Ca đêm ở Nhà máy lọc dầu Dung Quất", "Nụ cười người thợ hàn",
    "Bữa cơm ca giữa biển", "Kho cảng mùa mưa", "Tết sum vầy nơi công trường",
    "Giải chạy Xuân Dầu khí", "Bài tập giữa giờ", "Đường ống qua đồng lúa", "Ánh lửa Cà Mau",
    "Người gác đèn biển", "Tay cờ lê, tay đàn", "Đồng phục cam", "Mẹ và con ngày hội",
    "Ca trực Tết", "Giọt mồ hôi trên mũ bảo hộ", "Cầu cảng lúc hoàng hôn", "Lớp học an toàn",
    "Công đoàn đến thăm", "Đội văn nghệ Vietsovpetro", "Những chiếc mũ vàng", "Buổi giao ca",
)  # fmt: skip
COLORS = ((214, 120, 40), (40, 110, 180), (200, 60, 60), (60, 150, 90), (120, 90, 170))


def _members(rng: random.Random, count: int, *, with_account: bool) -> list[Member]:
    active = Member.objects.filter(status=MemberStatus.ACTIVE).exclude(email=DEMO_MEMBER_EMAIL)
    if with_account:
        active = active.filter(user__isnull=False)
    ids = list(active.order_by("id").values_list("id", flat=True))
    picked = sorted(rng.sample(ids, min(count, len(ids))))
    return list(Member.objects.filter(id__in=picked).select_related("unit", "user").order_by("id"))


def _account(member: Member) -> "AbstractBaseUser":
    """The member's own account, which every demo member acting here has."""
    if member.user is None:
        raise ValueError(f"demo member {member.employee_code} has no account")
    return member.user


def _ensure_account(member: Member) -> Member:
    """Demo members act through their own accounts (the services check it)."""
    if member.user_id is None:
        from django.contrib.auth import get_user_model

        member.user = get_user_model().objects.create_user(
            username=f"demo-{member.employee_code.lower()}", password=None
        )
        member.save(update_fields=["user"])
    return member


class ContestDemoLoader(SeededDemoLoader):
    def __init__(self, *, seed: int = DEMO_SEED) -> None:
        super().__init__(seed=seed)

    def load(self) -> dict[str, int]:
        if not settings.DEBUG:
            raise RaceDemoRequiresDebug()
        root = demo_root()
        if Contest.objects.filter(unit=root, title=CONTEST_TITLE).exists():
            return {}
        with transaction.atomic():
            self.contest(root)
        return dict(self.counts)

    def contest(self, root: OrgUnit) -> None:
        today, now = timezone.localdate(), timezone.now()
        contest = contests.contest_create(
            actor=DEMO_ACTOR,
            unit=root,
            title=CONTEST_TITLE,
            description=(
                "Những khoảnh khắc đẹp của người lao động Dầu khí và hoạt động công đoàn: "
                "trên giàn khoan, trong nhà máy, ở kho cảng và trong những ngày hội."
            ),
            rules="Mỗi đoàn viên gửi tối đa 3 ảnh do mình chụp. Ban giám khảo chấm kín.",
            entries_open_on=today - dt.timedelta(days=30),
            entries_close_on=today + dt.timedelta(days=2),
            voting_starts_at=now - dt.timedelta(days=3),
            voting_ends_at=now + dt.timedelta(days=7),
            jury_weight=70,
            winners_count=10,
        )
        contests.contest_submit(actor=DEMO_ACTOR, contest=contest)
        contest = contests.contest_approve(actor=DEMO_ACTOR, contest=contest)
        self.counts["Contest"] += 1
        authors = [_ensure_account(m) for m in _members(self.rng, len(TITLES), with_account=False)]
        sent = []
        for n, (author, title) in enumerate(zip(authors, TITLES, strict=False)):
            data = photo_bytes(color=COLORS[n % len(COLORS)], width=1200, height=900)
            sent.append(
                entries.entry_submit(
                    actor=_account(author),
                    contest=contest,
                    member=author,
                    title=title,
                    credit=f"Ảnh: {author.full_name}",
                    image=io.BytesIO(data),
                    image_size=len(data),
                    consent_author=True,
                    consent_subjects=True,
                    consent_publish=True,
                    description="Khoảnh khắc tôi ghi lại trong ca làm việc.",
                    location=author.unit.name,
                )
            )
        self.counts["Entry"] += len(sent)
        approved = [entries.entry_approve(actor=DEMO_ACTOR, entry=e) for e in sent[:-3]]
        entries.entry_reject(
            actor=DEMO_ACTOR, entry=sent[-3], note="Ảnh đã đăng ở cuộc thi khác năm 2024."
        )
        demo = Member.objects.filter(email=DEMO_MEMBER_EMAIL).select_related("user").first()
        judges = ([demo] if demo is not None else []) + _members(self.rng, 2, with_account=True)
        seats = [jury.juror_appoint(actor=DEMO_ACTOR, contest=contest, member=m) for m in judges]
        self.counts["Juror"] += len(seats)
        first = jury.round_create(
            actor=DEMO_ACTOR, contest=contest, title="Vòng sơ khảo", advance_count=8
        )
        jury.round_create(actor=DEMO_ACTOR, contest=contest, title="Vòng chung khảo")
        jury.round_open(actor=DEMO_ACTOR, round_=first)
        for seat in seats[1:]:  # the other jurors have started; the demo account has not
            for entry in approved[: len(approved) // 2]:
                if jury.juror_conflicts(seat, entry):
                    continue
                jury.score_submit(
                    actor=_account(seat.member),
                    round_=first,
                    entry=entry,
                    score=self.rng.randint(5, 10),
                )
                self.counts["Score"] += 1
        for voter in _members(self.rng, 120, with_account=True):
            for entry in self.rng.sample(approved, 3):
                entry.contest = contest
                try:
                    votes.vote_cast(actor=_account(voter), entry=entry, member=voter)
                except LantoaError:
                    continue  # their own photo, or a unit outside the contest
                self.counts["Vote"] += 1


class HonoursDemoLoader:
    def __init__(self, *, seed: int = DEMO_SEED) -> None:
        self.rng = random.Random(seed + 1)  # noqa: S311 — demo data, seeded on purpose
        self.counts: Counter[str] = Counter()

    def load(self) -> dict[str, int]:
        if not settings.DEBUG:
            raise RaceDemoRequiresDebug()
        root = demo_root()
        existing = HonourRound.objects.filter(unit=root, title=HONOURS_TITLE).first()
        with transaction.atomic():
            if existing is None:
                self.round(root)
            elif existing.campaign_ref is None and (ref := self.campaign(root)) is not None:
                # A demo loaded before rounds belonged to campaigns.
                rounds.round_campaign_set(actor=DEMO_ACTOR, round_=existing, campaign_ref=ref)
                self.counts["HonourRound campaign"] += 1
        return dict(self.counts)

    def campaign(self, root: OrgUnit) -> uuid.UUID | None:
        """The Workers' Month campaign of the campaigns demo, when loaded."""
        return (
            Campaign.objects.filter(unit=root, name=WORKERS_MONTH)
            .values_list("public_id", flat=True)
            .first()
        )

    def round(self, root: OrgUnit) -> None:
        round_ = round_open(
            root,
            title=HONOURS_TITLE,
            theme=Theme.WORKERS_MONTH,
            actor=DEMO_ACTOR,
            description="Tôn vinh đoàn viên có thành tích tiêu biểu nhân Tháng Công nhân.",
            criteria="Hoàn thành xuất sắc nhiệm vụ; có sáng kiến; tích cực hoạt động công đoàn.",
            quota_per_unit=3,
            campaign_ref=self.campaign(root),
        )
        self.counts["HonourRound"] += 1
        demo = Member.objects.filter(email=DEMO_MEMBER_EMAIL).select_related("unit").first()
        chosen = ([demo] if demo is not None else []) + _members(self.rng, 3, with_account=False)
        citations = (
            "Sáng kiến cải tiến quy trình giao ca, tiết kiệm 1.200 giờ công mỗi năm.",
            "15 năm vận hành an toàn, không để xảy ra sự cố.",
            "Tổ trưởng công đoàn tiêu biểu, tổ chức Tết Sum vầy cho 300 đoàn viên.",
            "Cứu hộ kịp thời đồng nghiệp trong sự cố rò khí tại kho cảng.",
        )
        stops = ("awarded", "at_direct", "at_grassroots", "returned")
        for member, citation, stop in zip(chosen, citations, stops, strict=False):
            unit = member.unit
            nomination = nominate(round_, unit, member, citation=citation, actor=DEMO_ACTOR)
            self.counts["Nomination"] += 1
            if stop == "returned":
                nominations.nomination_return(
                    actor=DEMO_ACTOR, nomination=nomination, note="Bổ sung quyết định khen thưởng."
                )
                continue
            if stop == "at_grassroots":
                continue
            while nomination.awaiting_unit is not None:
                if stop == "at_direct" and nomination.awaiting_unit.depth <= 2:
                    break
                nomination = nominations.nomination_approve(actor=DEMO_ACTOR, nomination=nomination)
            if nomination.state == "awarded":
                self.counts["Honour"] += 1
