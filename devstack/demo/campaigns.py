"""Demo campaigns, plan items and directives on whatever tree `load_demo`
built (DEBUG only). Everything is written through the services, so demo data
obeys the same rules as real data. Idempotent: what exists (by name or
title) is kept.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from devstack.demo import DEMO_ACTOR
from devstack.demo.loading import DemoLoader
from lantoa.campaigns.choices import (
    CalendarChannel,
    PhaseKind,
    RequiredAction,
    TargetMode,
)
from lantoa.campaigns.models import Campaign, Directive, DirectiveTask, PlanItem
from lantoa.campaigns.services.adoption import task_acknowledge, task_proof_add
from lantoa.campaigns.services.calendar import plan_item_create
from lantoa.campaigns.services.campaigns import PhaseData, campaign_create
from lantoa.campaigns.services.directives import (
    directive_create,
    directive_send,
    directive_submit,
)
from lantoa.campaigns.services.reminders import tasks_escalate, tasks_mark_late
from lantoa.core.exceptions import PermissionDenied
from lantoa.org.choices import UnitKind
from lantoa.org.models import OrgUnit

WORKERS_MONTH = "Tháng Công nhân 2026"
CONGRESS = "Đại hội Công đoàn Dầu khí Việt Nam lần thứ VII"
OSH_MONTH = "Tháng hành động về An toàn, vệ sinh lao động 2026"
TET = "Tết sum vầy 2027"
DIRECTIVE_OPEN = "Tuyên truyền hưởng ứng Tháng Công nhân năm 2026"
DIRECTIVE_PAST = "Tuyên truyền kết quả Hội nghị người lao động năm 2026"
# Drafted by the industry union's officer and waiting for its approver to send.
DIRECTIVE_SUBMITTED = "Tuyên truyền Tháng hành động về an toàn, vệ sinh lao động năm 2026"


class DemoRequiresDebug(PermissionDenied):
    code = "demo_requires_debug"
    default_message = (
        "Dữ liệu mẫu chỉ được tạo khi DEBUG đang bật (môi trường phát triển). "
        "Không bao giờ nạp dữ liệu mẫu vào hệ thống đang vận hành."
    )


class CampaignDemoLoader(DemoLoader):
    def __init__(self, *, year: int = 2026) -> None:
        super().__init__()
        self.year = year
        self.now = timezone.now()

    def load(self) -> dict[str, int]:
        if not settings.DEBUG:
            raise DemoRequiresDebug()
        with transaction.atomic():
            root = self.root()
            directs = list(root.get_children().order_by("sort_order", "path")[:4])
            campaigns = self.campaigns(root)
            self.plan_items(root, directs, campaigns[WORKERS_MONTH])
            self.directives(root, campaigns[WORKERS_MONTH])
        return dict(self.counts)

    # ------------------------------------------------------------ campaigns

    def campaign(self, root: OrgUnit, name: str, **fields: Any) -> Campaign:
        existing = Campaign.objects.filter(unit=root, name=name).first()
        if existing is not None:
            return existing
        self.counts["Campaign"] += 1
        return campaign_create(actor=DEMO_ACTOR, unit=root, name=name, **fields)

    def campaigns(self, root: OrgUnit) -> dict[str, Campaign]:
        y = self.year
        d = dt.date
        return {
            WORKERS_MONTH: self.campaign(
                root,
                WORKERS_MONTH,
                starts_on=d(y, 4, 20),
                ends_on=d(y, 5, 31),
                description="Tháng Công nhân với chủ đề «Công nhân Dầu khí — vững tay nghề, "
                "giữ an toàn, gắn kết yêu thương».",
                key_messages="Chăm lo đời sống, việc làm cho người lao động\n"
                "Tôn vinh người lao động tiêu biểu\nAn toàn để sản xuất",
                hashtags="#ThangCongNhan2026 #CongDoanDauKhi",
                goal_articles=300,
                goal_posts=600,
                goal_reach=200_000,
                goal_participants=20_000,
                goal_unit_share=100,
                phases=[
                    PhaseData(PhaseKind.OTHER, d(y, 4, 20), d(y, 4, 30), "Phát động"),
                    PhaseData(PhaseKind.WORKERS_MONTH, d(y, 5, 1), d(y, 5, 31), "Cao điểm"),
                ],
            ),
            CONGRESS: self.campaign(
                root,
                CONGRESS,
                starts_on=d(y, 6, 1),
                ends_on=d(y, 9, 30),
                key_messages="Dân chủ — Đoàn kết — Đổi mới — Phát triển",
                hashtags="#DaiHoiCDDKVN",
                goal_articles=200,
                goal_unit_share=100,
                phases=[
                    PhaseData(PhaseKind.BEFORE_CONGRESS, d(y, 6, 1), d(y, 8, 14)),
                    PhaseData(PhaseKind.DURING_CONGRESS, d(y, 8, 15), d(y, 8, 17)),
                    PhaseData(PhaseKind.AFTER_CONGRESS, d(y, 8, 18), d(y, 9, 30)),
                ],
            ),
            OSH_MONTH: self.campaign(
                root,
                OSH_MONTH,
                starts_on=d(y, 5, 1),
                ends_on=d(y, 5, 31),
                hashtags="#ATVSLD",
                goal_posts=400,
                phases=[PhaseData(PhaseKind.OSH_MONTH, d(y, 5, 1), d(y, 5, 31))],
            ),
            TET: self.campaign(
                root,
                TET,
                starts_on=d(y, 12, 15),
                ends_on=d(y + 1, 2, 15),
                key_messages="Không để đoàn viên nào không có Tết",
                goal_participants=5000,
                phases=[PhaseData(PhaseKind.TET, d(y + 1, 1, 10), d(y + 1, 2, 15))],
            ),
        }

    # ----------------------------------------------------------- plan items

    def plan_items(self, root: OrgUnit, directs: list[OrgUnit], campaign: Campaign) -> None:
        if PlanItem.objects.filter(campaign=campaign).exists():
            return
        officer = get_user_model().objects.filter(username="tuyengiao.dkvn").first()
        today = timezone.localdate()
        plans = [
            (root, "Tin phát động Tháng Công nhân", CalendarChannel.WEBSITE, 1),
            (root, "Infographic các hoạt động chăm lo", CalendarChannel.FACEBOOK_PAGE, 2),
            (root, "Video gương người lao động tiêu biểu", CalendarChannel.ZALO_OA, 5),
            (root, "Bản tin chuyên đề Tháng Công nhân", CalendarChannel.BULLETIN, 9),
        ]
        for number, unit in enumerate(directs):
            plans.append(
                (
                    unit,
                    f"Tin hoạt động Tháng Công nhân của {unit}",
                    CalendarChannel.WEBSITE,
                    3 + number,
                )
            )
        for unit, title, channel, days in plans:
            zone = timezone.get_current_timezone()
            due = dt.datetime.combine(today + dt.timedelta(days=days), dt.time(9), tzinfo=zone)
            plan_item_create(
                actor=DEMO_ACTOR,
                unit=unit,
                title=title,
                channel=channel,
                due_at=due,
                campaign=campaign,
                assignee=officer if unit == root else None,
            )
            self.counts["PlanItem"] += 1

    # ----------------------------------------------------------- directives

    def directives(self, root: OrgUnit, campaign: Campaign) -> None:
        kinds = [UnitKind.DIRECT_UNION, UnitKind.GRASSROOTS_UNION]
        if not Directive.objects.filter(sender_unit=root, title=DIRECTIVE_OPEN).exists():
            directive = directive_create(
                actor=DEMO_ACTOR,
                sender_unit=root,
                campaign=campaign,
                title=DIRECTIVE_OPEN,
                instructions="Các công đoàn trực thuộc và công đoàn cơ sở đăng tin phát động "
                "trên trang tin và fanpage của đơn vị, báo cáo ý kiến đoàn viên.",
                due_at=self.now + dt.timedelta(days=5),
                required_actions=[RequiredAction.PUBLISH_SITE, RequiredAction.PUBLISH_SOCIAL],
                site_title="Phát động Tháng Công nhân năm 2026",
                site_lead="Hưởng ứng Tháng Công nhân, công đoàn tổ chức nhiều hoạt động "
                "chăm lo thiết thực cho người lao động.",
                site_body="<p>Các hoạt động gồm thăm hỏi, tặng quà đoàn viên khó khăn, "
                "đối thoại tại nơi làm việc và tôn vinh người lao động tiêu biểu.</p>",
                post_text="Hưởng ứng #ThangCongNhan2026: chăm lo đời sống, việc làm cho "
                "người lao động Dầu khí.",
                platform_texts={"zalo_oa": "Tháng Công nhân 2026 — xem chi tiết trên trang tin."},
                target_mode=TargetMode.ALL,
                target_kinds=kinds,
            )
            directive_send(actor=DEMO_ACTOR, directive=directive)
            self.counts["Directive"] += 1
            tasks = list(DirectiveTask.objects.filter(directive=directive).order_by("pk")[:6])
            for task in tasks[:3]:
                task_acknowledge(actor=DEMO_ACTOR, task=task)
            for task in tasks[3:5]:
                for action in (RequiredAction.PUBLISH_SITE, RequiredAction.PUBLISH_SOCIAL):
                    task_proof_add(
                        actor=DEMO_ACTOR,
                        task=task,
                        action=action,
                        url=f"https://example.com/{task.unit.slug}/thang-cong-nhan",
                        reach=1200,
                    )
        if not Directive.objects.filter(sender_unit=root, title=DIRECTIVE_PAST).exists():
            directive = directive_create(
                actor=DEMO_ACTOR,
                sender_unit=root,
                title=DIRECTIVE_PAST,
                instructions="Đưa tin kết quả Hội nghị người lao động, báo cáo kết quả thực hiện.",
                due_at=self.now + dt.timedelta(minutes=5),
                required_actions=[RequiredAction.REPORT_RESULT],
                target_mode=TargetMode.ALL,
                target_kinds=[UnitKind.DIRECT_UNION],
            )
            directive_send(actor=DEMO_ACTOR, directive=directive)
            self.counts["Directive"] += 1
            tasks = list(DirectiveTask.objects.filter(directive=directive).order_by("pk"))
            for task in tasks[: len(tasks) // 2]:
                task_proof_add(
                    actor=DEMO_ACTOR,
                    task=task,
                    action=RequiredAction.REPORT_RESULT,
                    note="Đã đưa tin trên trang tin và bản tin của đơn vị.",
                    participants=350,
                )
            # The rest become overdue (and escalate to the industry union), as
            # the sweep would ten minutes from now.
            later = self.now + dt.timedelta(minutes=10)
            tasks_mark_late(actor=DEMO_ACTOR, now=later)
            tasks_escalate(actor=DEMO_ACTOR, now=later)
        officer = get_user_model().objects.filter(username="tuyengiao.dkvn").first()
        exists = Directive.objects.filter(sender_unit=root, title=DIRECTIVE_SUBMITTED).exists()
        if officer is not None and not exists:
            directive = directive_create(
                actor=officer,
                sender_unit=root,
                title=DIRECTIVE_SUBMITTED,
                instructions="Đăng tin, bài hưởng ứng Tháng hành động và báo cáo số người "
                "lao động được huấn luyện an toàn.",
                due_at=self.now + dt.timedelta(days=20),
                required_actions=[RequiredAction.PUBLISH_SITE, RequiredAction.REPORT_RESULT],
                site_lead="Công đoàn Dầu khí Việt Nam phát động Tháng hành động về an toàn, "
                "vệ sinh lao động năm 2026.",
                site_body="<p>Các đơn vị rà soát nguy cơ, huấn luyện và diễn tập ứng cứu.</p>",
                target_mode=TargetMode.ALL,
            )
            directive_submit(actor=officer, directive=directive)
            self.counts["Directive"] += 1
