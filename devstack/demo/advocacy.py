"""Demo ambassadors and press (DEBUG only, fixed seed): three share kits of
the industry union, sixty ambassadors across the tree (the demo member
account among them) who shared them and whose links were opened; the
industry union's outlets and journalists, a press release approved and sent
through the bulletin's mailing machinery, and the clippings it earned (tied
to the Workers' Month campaign when the campaigns demo is loaded).
Idempotent: nothing is added twice."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from devstack.demo import DEMO_ACTOR
from devstack.demo.bulletin import DemoRequiresDebug
from devstack.demo.loading import SeededDemoLoader
from lantoa.advocacy import services as advocacy
from lantoa.advocacy.models import Ambassador, Click, ShareKit
from lantoa.org.choices import MemberStatus
from lantoa.org.models import Member, OrgUnit
from lantoa.press import services as press
from lantoa.press.choices import Beat, OutletKind, ReleaseState, Tone
from lantoa.press.models import Clipping, Journalist, Outlet, PressRelease
from lantoa.press.services.dispatch import release_dispatch

DEMO_SEED = 2026
AMBASSADORS = 60
DEMO_MEMBER_EMAIL = "doanvien.khicamau@example.com"
RELEASE_TITLE = "Công đoàn Dầu khí Việt Nam phát động Tháng Công nhân năm 2026"
KITS = [
    (
        "campaign",
        "Tháng Công nhân 2026: vì người lao động dầu khí",
        "https://congdoandaukhi.vn/thang-cong-nhan-2026/",
        ["ThangCongNhan2026", "CongDoanDauKhi"],
        "Tháng Công nhân 2026 đã bắt đầu: chăm lo việc làm, an toàn và đời sống cho người lao động dầu khí.",
    ),
    (
        "article",
        "Bảo dưỡng tổng thể Nhà máy Lọc dầu Dung Quất về đích sớm 5 ngày",
        "https://congdoandaukhi.vn/tin/bao-duong-tong-the-dung-quat/",
        ["AnToanLaoDong"],
        "Hơn 2.000 người lao động đã hoàn thành bảo dưỡng tổng thể sớm 5 ngày, an toàn tuyệt đối.",
    ),
    (
        "event",
        "Hội thao công nhân dầu khí khu vực phía Nam",
        "https://congdoandaukhi.vn/su-kien/hoi-thao-phia-nam/",
        ["HoiThaoDauKhi"],
        "Cùng cổ vũ 800 vận động viên tại Hội thao công nhân dầu khí khu vực phía Nam!",
    ),
]
OUTLETS = [
    ("Báo Lao Động", OutletKind.ONLINE, "https://laodong.vn/", 900_000),
    ("Báo Người Lao Động", OutletKind.ONLINE, "https://nld.com.vn/", 700_000),
    ("Tạp chí Năng lượng Mới", OutletKind.UNION_PRESS, "https://petrotimes.vn/", 150_000),
]
JOURNALISTS = [
    ("Nguyễn Thu Hà", "Báo Lao Động", "thuha@laodong.example.vn", [Beat.UNION, Beat.LABOUR]),
    ("Trần Minh Quân", "Báo Người Lao Động", "quan.tm@nld.example.vn", [Beat.LABOUR]),
    ("Lê Phương Thảo", "Tạp chí Năng lượng Mới", "thao.le@petrotimes.example.vn", [Beat.ENERGY]),
    ("Phạm Đức Anh", "Báo Lao Động", "ducanh@laodong.example.vn", [Beat.SAFETY]),
]
CLIPPINGS = [
    ("Báo Lao Động", "Công đoàn Dầu khí phát động Tháng Công nhân 2026", Tone.POSITIVE, 2),
    (
        "Báo Người Lao Động",
        "Người lao động dầu khí được chăm lo trong Tháng Công nhân",
        Tone.POSITIVE,
        3,
    ),
    (
        "Tạp chí Năng lượng Mới",
        "Tháng Công nhân: 10.000 suất quà cho công nhân dầu khí",
        Tone.NEUTRAL,
        4,
    ),
]


class AdvocacyDemoLoader(SeededDemoLoader):
    def __init__(self, *, ambassadors: int = AMBASSADORS, seed: int = DEMO_SEED) -> None:
        self.ambassadors = ambassadors
        super().__init__(seed=seed)

    def load(self) -> dict[str, int]:
        if not settings.DEBUG:
            raise DemoRequiresDebug()
        root = self.root()
        campaign_ref = self.campaign_ref(root)
        with transaction.atomic():
            if not ShareKit.objects.filter(unit=root, title=KITS[0][1]).exists():
                self.sharing(root, campaign_ref)
        if not PressRelease.objects.filter(unit=root, title=RELEASE_TITLE).exists():
            self.press(root, campaign_ref)
        return dict(self.counts)

    def campaign_ref(self, root: OrgUnit) -> uuid.UUID | None:
        from lantoa.campaigns.models import Campaign

        campaign = Campaign.objects.filter(unit=root, name__icontains="Tháng Công nhân").first()
        return campaign.public_id if campaign else None

    # -- ambassadors --------------------------------------------------------------

    def sharing(self, root: OrgUnit, campaign_ref: uuid.UUID | None) -> None:
        today = timezone.localdate()
        kits = []
        for kind, title, url, tags, text in KITS:
            kit = advocacy.kit_save(
                actor=DEMO_ACTOR,
                kit=ShareKit(unit=root, kind=kind, title=title, url=url, hashtags=tags,
                             campaign_ref=campaign_ref if kind == "campaign" else None),
                texts={"facebook": text, "zalo": text, "telegram": text, "copy": text},
            )  # fmt: skip
            kits.append(advocacy.kit_publish(actor=DEMO_ACTOR, kit=kit))
            self.counts["ShareKit"] += 1
        for member in self.members():
            ambassador, created = Ambassador.objects.get_or_create(
                member=member,
                defaults={"joined_at": timezone.now() - dt.timedelta(days=20),
                          "on_board": self.rng.random() > 0.1},
            )  # fmt: skip
            self.counts["Ambassador"] += int(created)
            for kit in self.rng.sample(kits, self.rng.randint(1, 3)):
                for network in self.rng.sample(["facebook", "zalo", "telegram", "copy"], 2):
                    link = advocacy.share_record(ambassador=ambassador, kit=kit, network=network)
                    self.counts["ShareLink"] += 1
                    clicks = [
                        Click(
                            key=f"demo{link.pk:06d}{i:04d}",
                            link=link,
                            day=today - dt.timedelta(days=self.rng.randint(0, 14)),
                            visitor=f"{self.rng.getrandbits(128):032x}",
                            at=timezone.now() - dt.timedelta(hours=self.rng.randint(1, 300)),
                        )
                        for i in range(self.rng.randint(0, 12))
                    ]
                    Click.objects.bulk_create(clicks, ignore_conflicts=True)
                    self.counts["Click"] += len(clicks)

    def members(self) -> list[Member]:
        active = Member.objects.filter(status=MemberStatus.ACTIVE)
        chosen = list(active.filter(email=DEMO_MEMBER_EMAIL)[:1])
        ids = list(
            active.exclude(email=DEMO_MEMBER_EMAIL).order_by("id").values_list("id", flat=True)
        )
        picked = sorted(self.rng.sample(ids, min(self.ambassadors, len(ids))))
        return chosen + list(Member.objects.filter(id__in=picked).order_by("id"))

    # -- press ----------------------------------------------------------------------

    def press(self, root: OrgUnit, campaign_ref: uuid.UUID | None) -> None:
        outlets = {}
        for name, kind, website, reach in OUTLETS:
            outlet = Outlet.objects.filter(unit=root, name=name).first() or press.outlet_save(
                actor=DEMO_ACTOR,
                outlet=Outlet(unit=root, name=name, kind=kind, website=website, reach=reach),
            )
            outlets[name] = outlet
            self.counts["Outlet"] += 1
        journalists = []
        for full_name, outlet_name, email, beats in JOURNALISTS:
            journalist = Journalist.objects.filter(unit=root, email=email).first() or press.journalist_save(
                actor=DEMO_ACTOR,
                journalist=Journalist(unit=root, outlet=outlets[outlet_name], full_name=full_name,
                                      email=email, beats=beats, consent=True,
                                      consent_note="Đồng ý tại họp báo đầu năm"),
            )  # fmt: skip
            journalists.append(journalist)
            self.counts["Journalist"] += 1
        release = press.release_save(
            actor=DEMO_ACTOR,
            release=PressRelease(
                unit=root, title=RELEASE_TITLE, campaign_ref=campaign_ref,
                summary="Tháng Công nhân năm 2026 với chủ đề “Đoàn kết, sáng tạo, an toàn vì người lao động”.",
                body="<p>Công đoàn Dầu khí Việt Nam phát động Tháng Công nhân trong toàn ngành với "
                     "10.000 suất quà, 200 công trình phúc lợi và chuỗi hoạt động an toàn lao động.</p>",
                contact_name="Trần Thị Hoa", contact_email="tuyengiao@congdoandaukhi.example.vn",
                beats=[Beat.UNION, Beat.LABOUR],
            ),
        )  # fmt: skip
        press.release_set_recipients(actor=DEMO_ACTOR, release=release, journalists=journalists)
        press.release_submit(actor=DEMO_ACTOR, release=release)
        press.release_approve(actor=DEMO_ACTOR, release=release)
        press.release_schedule(actor=DEMO_ACTOR, release=release)
        release = release_dispatch(actor=DEMO_ACTOR, release_id=release.pk) or release
        self.counts["PressRelease"] += int(release.state == ReleaseState.SENT)
        sent_on = timezone.localdate()
        for source, title, tone, days in CLIPPINGS:
            press.clipping_save(
                actor=DEMO_ACTOR,
                clipping=Clipping(
                    unit=root, outlet=outlets[source], title=title, tone=tone, release=release,
                    url=f"{outlets[source].website}cong-doan/thang-cong-nhan-2026-{days}.html",
                    published_on=sent_on - dt.timedelta(days=days),
                ),
            )  # fmt: skip
            self.counts["Clipping"] += 1
