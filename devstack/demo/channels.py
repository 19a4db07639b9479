"""Demo social channels on whatever tree `load_demo` built (DEBUG only, fixed
seed): most counted units run a Facebook Page (a few laggards run none, a few
channels have lost their connection), the industry union also its Telegram
channel; the industry union and the first direct unions have four months of
posts with their reach, reactions, comments and shares as the metrics job
reads them; PV GAS's officer has a post waiting for its approver.

The channels point at the local fakes (`manage.py fake_platforms`, part of
`make run`): the Facebook fake accepts any Page token of the demo, the Telegram
fake knows the demo bot and channel. Historical posts and figures are written
as the outbox and the metrics job would have left them (the fakes do not run
while the demo loads); the waiting post goes through the services, so its
approver is e-mailed. Idempotent: a unit's channel is found by its platform id.
"""

import datetime as dt
import random
import zlib
from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from devstack.demo.org.loader import DEMO_USERNAMES, DemoRequiresDebug
from devstack.fakes import FakeTelegram
from lantoa.channels.choices import AccountState, DeliveryStatus, Platform, PostSource, PostStatus
from lantoa.channels.models import ChannelAccount, Delivery, MetricSnapshot, Post
from lantoa.channels.services.posts import new_marker, post_create
from lantoa.channels.services.review import post_submit
from lantoa.core.crypto import encrypt_json
from lantoa.core.exceptions import NotFound
from lantoa.org.choices import COUNTED_UNIT_KINDS
from lantoa.org.models import OrgUnit

SEED = "lantoa-demo-channels"
# Share of counted units that run no channel yet (coverage's laggards), and of
# channels whose token the platform no longer accepts.
LAGGARDS = 0.08
BROKEN = 0.03
POSTING_UNITS = 6  # the industry union and the first five direct unions (and the demo accounts')
POSTS_PER_UNIT = 14
HISTORY_DAYS = 120
WAITING_POST = (
    "Công đoàn PV GAS phát động Tháng hành động về an toàn, vệ sinh lao động: mỗi đoàn viên "
    "một sáng kiến giữ an toàn cho ca làm việc. Hãy gửi ý tưởng của bạn về ban chấp hành "
    "công đoàn cơ sở trước ngày 20."
)
POST_TEXTS = (
    "{short}: Hội nghị người lao động năm 2026 thông qua các chế độ mới về ăn ca và bảo hộ.",
    "{short} trao học bổng «Vượt khó học giỏi» cho con đoàn viên.",
    "Giải chạy trực tuyến «Dầu khí khỏe»: đoàn viên {short} đã góp hơn 10.000 km.",
    "{short} thăm hỏi, tặng quà công nhân trực ca trên công trình biển.",
    "Tập huấn an toàn, vệ sinh lao động cho an toàn vệ sinh viên của {short}.",
    "{short}: chương trình «Tết sum vầy» hỗ trợ vé xe cho đoàn viên về quê.",
    "Ngày hội văn hóa — thể thao công nhân {short} thu hút hàng trăm đoàn viên.",
)


def page_id(unit: OrgUnit) -> str:
    """A Facebook Page id of the demo, the same for a unit every time."""
    return "10400" + str(zlib.crc32(unit.code.encode())).zfill(10)


class ChannelDemoLoader:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.now = timezone.now()
        self.rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security

    def load(self) -> dict[str, int]:
        if not settings.DEBUG:
            raise DemoRequiresDebug()
        root = OrgUnit.objects.filter(depth=1, is_active=True).order_by("path").first()
        if root is None:
            raise NotFound("Chưa có cây đơn vị: chạy `manage.py load_demo` trước.")
        with transaction.atomic():
            accounts = self.accounts(root)
            self.telegram(root)
            self.history(root, accounts)
        self.waiting_post()
        return dict(self.counts)

    # -------------------------------------------------------------- channels

    def accounts(self, root: OrgUnit) -> dict[int, ChannelAccount]:
        units = list(
            OrgUnit.objects.filter(
                path__startswith=root.path, is_active=True, kind__in=COUNTED_UNIT_KINDS
            ).order_by("path")
        )
        existing = {
            a.external_id: a for a in ChannelAccount.objects.filter(platform=Platform.FACEBOOK_PAGE)
        }
        by_unit: dict[int, ChannelAccount] = {}
        new: list[ChannelAccount] = []
        for unit in units:
            # Every unit draws its two numbers, so that the same units lag every time.
            lagging, broken = self.rng.random(), self.rng.random()
            if unit.depth > 2 and lagging < LAGGARDS:
                continue
            pid = page_id(unit)
            if pid in existing:
                by_unit[unit.pk] = existing[pid]
                continue
            followers = int(
                self.rng.lognormvariate(10.2 if unit.depth == 1 else 8.3 - unit.depth / 2, 0.5)
            )
            account = ChannelAccount(
                unit=unit,
                platform=Platform.FACEBOOK_PAGE,
                name=f"Fanpage {unit.short_name or unit.name}",
                external_id=pid,
                credentials_encrypted=encrypt_json({"page_token": f"demo-page-token-{pid}"}),
                followers=followers,
                auto_post_articles=unit.depth <= 2,
                state=AccountState.BROKEN if broken < BROKEN else AccountState.ACTIVE,
            )
            if account.state == AccountState.BROKEN:
                account.last_error = (
                    "Facebook từ chối mã truy cập (190/460): quản trị viên Trang đã đổi mật "
                    "khẩu. Hãy kết nối lại kênh."
                )
                account.last_error_at = self.now - dt.timedelta(days=self.rng.randint(2, 20))
            else:
                account.last_success_at = self.now - dt.timedelta(
                    hours=self.rng.randint(2, 24 * 20)
                )
            new.append(account)
        ChannelAccount.objects.bulk_create(new, batch_size=500)
        if new:
            self.counts["kênh Facebook"] += len(new)
        for account in ChannelAccount.objects.filter(
            platform=Platform.FACEBOOK_PAGE, unit__in=[u.pk for u in units]
        ):
            by_unit[account.unit_id] = account
        return by_unit

    def telegram(self, root: OrgUnit) -> None:
        _account, created = ChannelAccount.objects.get_or_create(
            platform=Platform.TELEGRAM_CHANNEL,
            external_id=str(FakeTelegram.DEFAULT_CHANNEL_ID),
            defaults={
                "unit": root,
                "name": f"{root.short_name or root.name} trên Telegram",
                "credentials_encrypted": encrypt_json({"bot_token": FakeTelegram.DEFAULT_TOKEN}),
                "followers": 2840,
                "auto_post_articles": False,
            },
        )
        if created:
            self.counts["kênh Telegram"] += 1

    # ------------------------------------------------------- posts and figures

    def history(self, root: OrgUnit, accounts: dict[int, ChannelAccount]) -> None:
        directs = list(root.get_children().filter(is_active=True).order_by("sort_order", "path"))
        posting = [root, *directs[: POSTING_UNITS - 1]]
        # The demo accounts' own units too (a grassroots officer sees its posts).
        posting += [
            unit
            for unit in OrgUnit.objects.filter(
                roles__user__username__in=DEMO_USERNAMES, kind__in=COUNTED_UNIT_KINDS
            )
            .distinct()
            .order_by("path")
            if unit not in posting
        ]
        for number, unit in enumerate(posting):
            account = accounts.get(unit.pk)
            if account is None or account.state != AccountState.ACTIVE:
                continue
            if Post.objects.filter(
                unit=unit, source=PostSource.MANUAL, deliveries__account=account
            ).exists():
                continue
            for index in range(POSTS_PER_UNIT):
                self.sent_post(unit, account, number, index)

    def sent_post(self, unit: OrgUnit, account: ChannelAccount, number: int, index: int) -> None:
        rng = self.rng
        days_ago = HISTORY_DAYS * (POSTS_PER_UNIT - index) / POSTS_PER_UNIT - rng.random() * 3
        sent_at = (self.now - dt.timedelta(days=days_ago)).replace(
            hour=rng.choice((7, 9, 11, 16, 20)), minute=rng.randrange(60)
        )
        text = POST_TEXTS[(number + index) % len(POST_TEXTS)].format(
            short=unit.short_name or unit.name
        )
        post = Post.objects.create(
            unit=unit,
            text=text,
            status=PostStatus.APPROVED,
            source=PostSource.MANUAL,
            requested_channels=[account.pk],
            reviewed_at=sent_at,
        )
        external = f"{account.external_id}_{zlib.crc32(f'{unit.code}-{index}'.encode())}"
        delivery = Delivery.objects.create(
            post=post,
            account=account,
            status=DeliveryStatus.SENT,
            marker=new_marker(),
            external_id=external,
            external_url=f"https://www.facebook.com/{external}",
            sent_at=sent_at,
            attempt_count=1,
        )
        Post.objects.filter(pk=post.pk).update(created_at=sent_at, updated_at=sent_at)
        Delivery.objects.filter(pk=delivery.pk).update(created_at=sent_at, updated_at=sent_at)
        followers = account.followers or 1000
        reach = int(followers * rng.uniform(0.15, 0.9))
        if index == POSTS_PER_UNIT - 3:
            reach *= 4  # the post everyone shared
        snapshots = []
        for hours in (3, 24, 72):
            taken = sent_at + dt.timedelta(hours=hours)
            if taken > self.now:
                break
            share = {3: 0.45, 24: 0.85, 72: 1.0}[hours]
            snapshots.append(
                MetricSnapshot(
                    account=account,
                    delivery=delivery,
                    taken_at=taken,
                    reach=int(reach * share),
                    reactions=int(reach * share * rng.uniform(0.03, 0.08)),
                    comments=int(reach * share * rng.uniform(0.002, 0.01)),
                    shares=int(reach * share * rng.uniform(0.004, 0.02)),
                )
            )
        MetricSnapshot.objects.bulk_create(snapshots)
        self.counts["bài đã đăng"] += 1
        self.counts["số liệu"] += len(snapshots)

    def waiting_post(self) -> None:
        """PV GAS's officer asks its approver (e-mailed after commit)."""
        user = get_user_model().objects.filter(username="tuyengiao.pvgas").first()
        if user is None or Post.objects.filter(text=WAITING_POST).exists():
            return
        account = (
            ChannelAccount.objects.filter(
                unit__roles__user=user,
                platform=Platform.FACEBOOK_PAGE,
                state=AccountState.ACTIVE,
            )
            .select_related("unit")
            .first()
        )
        if account is None:
            return
        with transaction.atomic():
            post = post_create(actor=user, unit=account.unit, text=WAITING_POST)
            post_submit(actor=user, post=post, accounts=[account])
        self.counts["bài chờ duyệt"] += 1
