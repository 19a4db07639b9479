"""A demo race underway (DEBUG only, fixed seed): organised by the root
union, approved, its page on the root's site when it has one, a few hundred
runners across the tree with GPX activities that went through the real
checks (most counted; one held for review for teleporting, one refused as
too fast with an appeal waiting, one duplicate), and the member demo account
(`doanvien.khicamau`) registered with enough kilometres for a certificate.
Idempotent: an existing demo race is kept.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from devstack.demo import DEMO_ACTOR
from devstack.demo.loading import SeededDemoLoader
from lantoa.core.exceptions import PermissionDenied
from lantoa.org.choices import MemberStatus
from lantoa.org.models import Member
from lantoa.race.models import Race, Registration
from lantoa.race.services import activities
from lantoa.race.tests import trackfiles as tf
from lantoa.race.tests.factories import race_approved, register, upload

RACE_TITLE = "Giải chạy bộ online Xuân Dầu khí"
DEMO_SEED = 2026
RUNNERS = 120  # ~400 uploads through the real checks: ~40 s on 2 busy cores
DEMO_MEMBER_EMAIL = "doanvien.khicamau@example.com"
# Start points of runs around the industry's sites (Vũng Tàu, Cà Mau, Dung Quất, Hà Nội).
ORIGINS = ((10.346, 107.084), (9.176, 105.150), (15.402, 108.800), (21.028, 105.854))


class RaceDemoRequiresDebug(PermissionDenied):
    code = "demo_requires_debug"
    default_message = "Dữ liệu mẫu chỉ được tạo khi DEBUG đang bật (môi trường phát triển)."


class RaceDemoLoader(SeededDemoLoader):
    def __init__(self, *, runners: int = RUNNERS, seed: int = DEMO_SEED) -> None:
        self.runners = runners
        super().__init__(seed=seed)

    def load(self) -> dict[str, int]:
        if not settings.DEBUG:
            raise RaceDemoRequiresDebug()
        root = self.root()
        if Race.objects.filter(unit=root, title=RACE_TITLE).exists():
            return {}
        with transaction.atomic():
            race = race_approved(
                root,
                title=RACE_TITLE,
                days_before=12,
                days_after=18,
                actor=DEMO_ACTOR,
                description=(
                    "Chào Xuân mới, mỗi đoàn viên chạy hoặc đi bộ ở bất cứ đâu, "
                    "ghi lại bằng ứng dụng trên điện thoại hay đồng hồ, rồi nộp tệp GPX, FIT "
                    "hoặc TCX. Kết quả được cộng cho đơn vị: bình quân km mỗi vận động viên."
                ),
                daily_cap_km="21.00",
                max_activities_per_day=3,
            )
            self.counts["Race"] += 1
            today = timezone.localdate()
            for member in self.members():
                entry = register(race, member, actor=DEMO_ACTOR)
                self.counts["Registration"] += 1
                if member.email == DEMO_MEMBER_EMAIL:
                    # The demo member has run past the finisher distance.
                    for day in (9, 6, 3):
                        self.run(entry, today - dt.timedelta(days=day), km=5.5)
                    continue
                days = self.rng.sample(range(1, 12), self.rng.randint(1, 5))
                for day in sorted(days):
                    self.run(entry, today - dt.timedelta(days=day))
            self.specials(race, today)
        return dict(self.counts)

    def members(self) -> list[Member]:
        """The demo member account first, then runners drawn across the tree."""
        active = Member.objects.filter(status=MemberStatus.ACTIVE)
        chosen = list(active.filter(email=DEMO_MEMBER_EMAIL)[:1])
        ids = list(
            active.exclude(email=DEMO_MEMBER_EMAIL).order_by("id").values_list("id", flat=True)
        )
        picked = sorted(self.rng.sample(ids, min(self.runners, len(ids))))
        chosen += list(Member.objects.filter(id__in=picked).order_by("id"))
        return chosen

    def run(self, entry: Registration, day: dt.date, *, km: float | None = None) -> None:
        hour = self.rng.choice((5, 6, 17, 18))
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, self.rng.randrange(60))))
        points = tf.run(
            start=start.astimezone(dt.UTC),
            km=km or round(self.rng.uniform(3, 10), 2),
            pace_s=self.rng.uniform(330, 520),
            every_s=15,
            origin=self.rng.choice(ORIGINS),
            bearing_deg=self.rng.uniform(0, 360),
        )
        upload(entry, tf.gpx(points), name=f"{day:%Y%m%d}-{hour}.gpx", actor=DEMO_ACTOR)
        self.counts["Activity"] += 1

    def specials(self, race: Race, today: dt.date) -> None:
        """What officers find waiting: a run held for review (teleporting), a
        refused one with the demo member's appeal, a duplicate upload."""
        entries = list(Registration.objects.filter(race=race).order_by("bib_number")[:3])
        if len(entries) < 3:
            return
        noon = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=1), dt.time(12)))
        start = noon.astimezone(dt.UTC)
        demo_entry, first, second = entries
        teleporting = tf.teleport(tf.run(start=start, km=7, pace_s=400, every_s=15), at=60, km=4)
        upload(first, tf.gpx(teleporting), name="mat-gps.gpx", actor=DEMO_ACTOR)
        too_fast = tf.run(start=start, km=12, pace_s=150, every_s=15)
        refused = upload(demo_entry, tf.gpx(too_fast), name="chay-nhanh.gpx", actor=DEMO_ACTOR)
        user = demo_entry.member.user
        if user is not None:  # the demo member's appeal, as typed in the member area
            activities.appeal_create(
                actor=user,
                activity=refused,
                text="Hôm đó tôi chạy xuống dốc đèo Nước Ngọt, đồng hồ ghi đúng.",
            )
            self.counts["Appeal"] += 1
        duplicate = tf.gpx(tf.run(start=start, km=5, pace_s=420, every_s=15))
        upload(second, duplicate, name="sang-nay.gpx", actor=DEMO_ACTOR)
        upload(second, duplicate, name="sang-nay-lan-2.gpx", actor=DEMO_ACTOR)
        self.counts["Activity"] += 4
