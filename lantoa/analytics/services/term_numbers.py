"""The term in numbers ("Những con số ấn tượng nhiệm kỳ"): the figures of a
unit's subtree over a congress term, written as the "numbers" block of the
unit's topic hub through Wagtail's revision API (STYLE.md rule 2), as a
draft for approval or published at once."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from wagtail.models import Revision

from lantoa.analytics.choices import AnalyticsAction
from lantoa.analytics.figures import Coverage
from lantoa.analytics.formatting import vn_number, vn_percent
from lantoa.analytics.periods import Period, add_months, month_start
from lantoa.analytics.selectors import TermFigures, term_figures
from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.newsroom.public import TopicHub
from lantoa.newsroom.selectors import site_home_for
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import user_can


@dataclass(frozen=True)
class NumberItem:
    key: str  # stable name of the figure, for choosing and ordering
    value: str  # as printed: "1.250", "98%"
    label: str


# Channels and followers are known as they are today, not as they were: they
# are printed only for a term that ended within this many months.
CURRENT_STATE_MONTHS = 12


def term_number_items(figures: TermFigures, *, today: dt.date | None = None) -> list[NumberItem]:
    """The figures worth printing, in the order a report reads them; a
    figure the platform has no data for (zero) is left out rather than
    printed as "0"."""
    out, cov, tasks = figures.output, figures.coverage, figures.compliance
    recent = figures.period.last >= add_months(
        month_start(today or timezone.localdate()), -CURRENT_STATE_MONTHS
    )
    if not recent:
        cov = Coverage()
    candidates: list[tuple[str, int | float | None, str, bool]] = [
        ("articles", out.articles, "tin bài đăng trên trang thông tin các cấp công đoàn", False),
        ("posts", out.posts_sent, "bài đăng trên các kênh mạng xã hội", False),
        ("issues", out.issues_sent, "số bản tin được phát hành", False),
        (
            "issue_recipients",
            out.issue_recipients,
            "lượt đoàn viên, người lao động nhận bản tin",
            False,
        ),
        ("reach", out.reach, "lượt tiếp cận bài đăng trên mạng xã hội", False),
        ("channels", cov.channels_active, "kênh truyền thông đang hoạt động", False),
        ("followers", cov.followers, "người theo dõi các kênh của công đoàn", False),
        ("pct_social", cov.pct_social, "đơn vị có kênh mạng xã hội đang hoạt động", True),
        (
            "tasks_done",
            tasks.done,
            "nhiệm vụ theo định hướng tuyên truyền được hoàn thành",
            False,
        ),
        ("pct_tasks_done", tasks.pct_done, "nhiệm vụ theo định hướng được thực hiện", True),
        (
            "participants",
            figures.participants,
            "lượt người tham gia các hoạt động (đơn vị báo cáo)",
            False,
        ),
        ("events_held", figures.events.events_held, "sự kiện, tọa đàm được tổ chức", False),
        (
            "event_attendees",
            figures.events.attendees,
            "lượt đoàn viên được điểm danh tham dự sự kiện",
            False,
        ),
        (
            "programme_participants",
            figures.events.session_participants,
            "lượt người tham gia thể dục giữa giờ, thăm hỏi và các chương trình",
            False,
        ),
    ]
    items = []
    for key, value, label, is_percent in candidates:
        if not value:
            continue
        shown = vn_percent(value) if is_percent else vn_number(value)
        items.append(NumberItem(key, shown, label))
    return items


def term_number_choice(items: list[NumberItem], chosen: Sequence[str] | None) -> list[NumberItem]:
    """The figures the officer chose, in the order chosen; every figure when
    `chosen` is None. A key that is not among `items` is refused."""
    if chosen is None:
        return items
    by_key = {item.key: item for item in items}
    unknown = [key for key in chosen if key not in by_key]
    if unknown:
        raise InvalidInput(f"Không có con số: {', '.join(unknown)}.")
    picked = [by_key[key] for key in dict.fromkeys(chosen)]
    if not picked:
        raise InvalidInput("Chọn ít nhất một con số để đăng.")
    return picked


def default_heading(period: Period) -> str:
    years = (
        f"{period.first.year}–{period.last.year}"
        if period.first.year != period.last.year
        else str(period.first.year)
    )
    return f"Những con số ấn tượng nhiệm kỳ {years}"


def hub_unit(hub: TopicHub) -> OrgUnit:
    """The unit whose site the hub belongs to."""
    home = site_home_for(hub)
    if home is None:
        raise InvalidInput("Chuyên trang này không thuộc trang thông tin của đơn vị nào.")
    return home.unit


@transaction.atomic
def term_numbers_publish(
    *,
    actor: Actor,
    hub: TopicHub,
    period: Period,
    heading: str = "",
    publish: bool = False,
    chosen: Sequence[str] | None = None,
) -> Revision:
    """Replace the hub's "numbers" block with the term's figures of its unit's
    subtree, as a new revision of the hub (from its latest draft, so other
    pending edits are kept): the figures `chosen` (keys of `NumberItem`), in
    that order, or all of them. `publish` publishes it; otherwise it waits for
    approval. The actor needs the hub's edit (and, to publish, publish)
    permission in Wagtail and may read the unit's figures. Audited."""
    unit = hub_unit(hub)
    permissions = hub.permissions_for_user(actor)
    if not permissions.can_edit() or not user_can(actor, Perm.UNIT_VIEW, unit):
        raise PermissionDenied()
    if publish and not permissions.can_publish():
        raise PermissionDenied("Bạn không có quyền xuất bản chuyên trang này.")
    figures = term_figures(unit, period)
    items = term_number_items(figures)
    if not items:
        raise InvalidInput("Chưa có số liệu nào của đơn vị trong khoảng thời gian này.")
    items = term_number_choice(items, chosen)
    heading = (heading or default_heading(period)).strip()[:200]
    draft = hub.get_latest_revision_as_object()
    draft.numbers = [
        {
            "type": "numbers",
            "value": {
                "heading": heading,
                "items": [{"value": i.value, "label": i.label} for i in items],
            },
        }
    ]
    revision = draft.save_revision(user=actor)
    if publish:
        revision.publish(user=actor)
    audit_record(
        actor=actor,
        action=AnalyticsAction.TERM_NUMBERS_PUBLISH
        if publish
        else AnalyticsAction.TERM_NUMBERS_DRAFT,
        target=hub,
        unit_path=unit.path,
        data={
            "period": [f"{period.first:%Y-%m}", f"{period.last:%Y-%m}"],
            "items": [[i.value, i.label] for i in items],
        },
    )
    return revision
