"""Demo bulletins of the demo union (`manage.py load_demo_bulletins`).

Built from the newsroom's demo articles (run `load_demo_content` first), read
through the bulletin's page protocol: the newest articles of the industry
union's subtree become a few issues. The older ones are in the public archive
with their PDF (published to the archive, not mailed to 60,000 demo members);
the newest is approved and ready for a newcomer to test-send and send to the
local SMTP sink. Idempotent: an issue that exists (by number) is kept.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from devstack.demo import DEMO_ACTOR
from lantoa.bulletin.choices import IssueState
from lantoa.bulletin.content import article_models
from lantoa.bulletin.models import Bulletin, Issue
from lantoa.bulletin.selectors import recipient_count
from lantoa.bulletin.services import issues
from lantoa.bulletin.services.pdf import issue_pdf_render
from lantoa.core.exceptions import NotFound, PermissionDenied
from lantoa.org.models import OrgUnit

ROOT_CODE = "CDDKVN"  # the demo industry union (devstack.demo.org.units.ROOT_CODE)
ISSUES = 3
PER_ISSUE = 5
TITLES = [
    "Lan tỏa tinh thần Tháng Công nhân",
    "An toàn là trên hết: người lao động giữ nhịp sản xuất",
    "Chăm lo đời sống, nâng cao thu nhập đoàn viên",
]
EDITORIAL = (
    "<p>Kính gửi đoàn viên, người lao động Dầu khí! Số bản tin này điểm lại những hoạt động "
    "nổi bật của tổ chức công đoàn các cấp trong kỳ, những gương người tốt việc tốt và các "
    "chính sách mới liên quan trực tiếp đến quyền lợi của người lao động.</p>"
)


class DemoRequiresDebug(PermissionDenied):
    code = "demo_requires_debug"
    default_message = "Dữ liệu mẫu chỉ được tạo khi DEBUG đang bật (môi trường phát triển)."


@dataclass
class DemoResult:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def demo_bulletins_load(*, log: Callable[[str], None] = lambda _: None) -> DemoResult:
    if not settings.DEBUG:
        raise DemoRequiresDebug
    unit = OrgUnit.objects.filter(code=ROOT_CODE).first()
    if unit is None:
        raise NotFound("Chưa có công đoàn mẫu: chạy `manage.py load_demo` trước.")
    bulletin = Bulletin.objects.filter(unit=unit).first() or issues.bulletin_create(
        actor=DEMO_ACTOR,
        unit=unit,
        name="Bản tin Công đoàn Dầu khí Việt Nam",
        tagline="Tiếng nói của người lao động Dầu khí",
    )
    pages = []
    for model in article_models():
        pages += list(
            model.objects.live()
            .filter(unit__path__startswith=unit.path)
            .order_by("-first_published_at")[: ISSUES * PER_ISSUE]
        )
    pages.sort(key=lambda p: p.first_published_at)
    if not pages:
        raise NotFound("Chưa có tin bài mẫu: chạy `manage.py load_demo_content` trước.")
    approver = get_user_model().objects.filter(username="duyet.dkvn").first()
    result = DemoResult()
    chunks = [pages[i : i + PER_ISSUE] for i in range(0, len(pages), PER_ISSUE)][:ISSUES]
    year = timezone.localdate().year
    for n, chunk in enumerate(chunks, start=1):
        label = f"Số {n}/{year}"
        if Issue.objects.filter(bulletin=bulletin, year=year, number=n).exists():
            result.kept.append(label)
            continue
        with transaction.atomic():
            issue = issues.issue_create(
                actor=DEMO_ACTOR,
                bulletin=bulletin,
                number=n,
                year=year,
                period_start=timezone.localdate(chunk[0].first_published_at),
                period_end=max(
                    timezone.localdate(chunk[-1].first_published_at),
                    timezone.localdate(chunk[0].first_published_at) + dt.timedelta(days=1),
                ),
                title=TITLES[(n - 1) % len(TITLES)],
                editorial=EDITORIAL,
                cover_image=getattr(chunk[0].specific, "hero_image", None),
            )
            items = [(page.get_parent().title, page) for page in chunk]
            issues.issue_set_articles(actor=DEMO_ACTOR, issue=issue, items=items)
            issue = issues.issue_approve(actor=approver or DEMO_ACTOR, issue=issue)
            if n < len(chunks):
                # Archived without mailing the demo members (see module docstring).
                Issue.objects.filter(pk=issue.pk).update(
                    state=IssueState.SENT,
                    sent_at=timezone.now(),
                    recipients_total=recipient_count(bulletin),
                )
        issue_pdf_render(issue_id=issue.pk)
        result.created.append(label)
        log(f"{label}: {issue.title} ({len(chunk)} bài)")
    return result
