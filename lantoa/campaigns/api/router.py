"""Campaigns endpoints: campaigns (list, create, progress), directives (list,
create and send, compliance), the caller's tasks (list, acknowledge, adopt,
proof) and the content calendar.

Each operation identifies the caller from the bearer token, reads through
`lantoa.campaigns.selectors` (anything outside the caller's scope is 404) and
writes only through `lantoa.campaigns.services`, which check scope again and
audit.
"""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Status

from lantoa.campaigns import selectors
from lantoa.campaigns.api.schemas import (
    AdoptOut,
    CalendarIn,
    CalendarOut,
    CampaignCreateIn,
    CampaignCreateOut,
    CampaignListIn,
    CampaignPageOut,
    CampaignProgressOut,
    DirectiveComplianceIn,
    DirectiveComplianceOut,
    DirectiveCreateIn,
    DirectiveListIn,
    DirectiveOut,
    DirectivePageOut,
    ProofIn,
    ProofOut,
    TaskListIn,
    TaskOut,
    TaskPageOut,
)
from lantoa.campaigns.models import Campaign, Directive, DirectiveTask
from lantoa.campaigns.selectors_calendar import CalendarFilters, calendar_entries, local_bounds
from lantoa.campaigns.services import adoption, directives
from lantoa.campaigns.services.campaigns import PhaseData, campaign_create
from lantoa.core.api.auth import api_caller
from lantoa.core.api.errors import DETAIL_ERRORS, ErrorOut
from lantoa.core.api.pagination import Page, PageIn, paginate_queryset
from lantoa.core.exceptions import InvalidInput
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import unit_in_scope, user_can

router = Router(tags=["campaigns"])

ACTION_ERRORS: dict[int, Any] = {**DETAIL_ERRORS, 403: ErrorOut}
MAX_CALENDAR_DAYS = 62


def _unit(unit: OrgUnit | None) -> dict[str, Any] | None:
    if unit is None:
        return None
    return {"public_id": unit.public_id, "code": unit.code, "name": unit.name}


def _campaign(campaign: Campaign) -> dict[str, Any]:
    return {
        "public_id": campaign.public_id,
        "unit": _unit(campaign.unit),
        "target_unit": _unit(campaign.target_unit),
        "name": campaign.name,
        "description": campaign.description,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "key_messages": campaign.key_message_list,
        "hashtags": campaign.hashtag_list,
        "phases": list(campaign.phases.all()),
        "goal_articles": campaign.goal_articles,
        "goal_posts": campaign.goal_posts,
        "goal_reach": campaign.goal_reach,
        "goal_participants": campaign.goal_participants,
        "goal_unit_share": campaign.goal_unit_share,
    }


def _directive(directive: Directive) -> dict[str, Any]:
    return {
        "public_id": directive.public_id,
        "sender_unit": _unit(directive.sender_unit),
        "campaign_id": directive.campaign.public_id if directive.campaign else None,
        "title": directive.title,
        "instructions": directive.instructions,
        "status": directive.status,
        "due_at": directive.due_at,
        "required_actions": directive.required_actions,
        "target_mode": directive.target_mode,
        "task_count": directive.task_count,
        "sent_at": directive.sent_at,
    }


def _task(task: DirectiveTask) -> dict[str, Any]:
    return {
        "public_id": task.public_id,
        "directive_id": task.directive.public_id,
        "directive_title": task.directive.title,
        "unit": _unit(task.unit),
        "state": task.state,
        "due_at": task.due_at,
        "acknowledged_at": task.acknowledged_at,
        "adopted_at": task.adopted_at,
        "done_at": task.done_at,
    }


def _page(page: Page[Any], convert: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    return {
        "count": page.count,
        "limit": page.limit,
        "offset": page.offset,
        "items": [convert(item) for item in page.items],
    }


def _counts(counts: selectors.ComplianceCounts) -> dict[str, Any]:
    return {
        **{name: getattr(counts, name) for name in counts.__dataclass_fields__},
        "done_pct": counts.done_pct,
    }


def post_both(path: str, **kwargs: Any) -> Callable[[Any], Any]:
    """Register a POST with and without the trailing slash (POSTs are not redirected)."""

    def register(func: Any) -> Any:
        name = kwargs.pop("operation_id", func.__name__)
        router.post(f"{path}/", operation_id=name, **kwargs)(func)
        router.post(path, operation_id=f"{name}_no_slash", include_in_schema=False, **kwargs)(func)
        return func

    return register


# ---- campaigns --------------------------------------------------------------------


@router.get("/campaigns/", response={200: CampaignPageOut, **DETAIL_ERRORS}, summary="Chiến dịch")
def campaign_list(
    request: HttpRequest, filters: Query[CampaignListIn], page: Query[PageIn]
) -> dict[str, Any]:
    """Campaigns of the caller's units and those of upper units addressed to them."""
    user = api_caller(request)
    queryset = (
        selectors.campaigns_for(user)
        .select_related("unit", "target_unit")
        .prefetch_related("phases")
        .order_by("-starts_on", "-id")
    )
    if filters.active_on is not None:
        queryset = queryset.filter(starts_on__lte=filters.active_on, ends_on__gte=filters.active_on)
    return _page(paginate_queryset(queryset, page), _campaign)


@post_both(
    "/campaigns", response={201: CampaignCreateOut, **ACTION_ERRORS}, summary="Tạo chiến dịch"
)
def campaign_add(request: HttpRequest, payload: CampaignCreateIn) -> Status[Any]:
    user = api_caller(request)
    unit = unit_in_scope(user, Perm.CONTENT_EDIT, public_id=payload.unit)
    target = (
        unit_in_scope(user, Perm.CONTENT_EDIT, public_id=payload.target_unit)
        if payload.target_unit
        else None
    )
    campaign = campaign_create(
        actor=user,
        unit=unit,
        target_unit=target,
        name=payload.name,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        phases=[PhaseData(**phase.dict()) for phase in payload.phases],
        description=payload.description,
        key_messages="\n".join(payload.key_messages),
        hashtags=" ".join(payload.hashtags),
        goal_articles=payload.goal_articles,
        goal_posts=payload.goal_posts,
        goal_reach=payload.goal_reach,
        goal_participants=payload.goal_participants,
        goal_unit_share=payload.goal_unit_share,
    )
    return Status(201, _campaign(campaign))


@router.get(
    "/campaigns/{public_id}/progress/",
    response={200: CampaignProgressOut, **DETAIL_ERRORS},
    summary="Tiến độ chiến dịch so với mục tiêu",
)
def campaign_progress(request: HttpRequest, public_id: UUID) -> Any:
    user = api_caller(request)
    return selectors.campaign_progress(
        selectors.campaign_get_for(user, public_id=public_id), viewer=user
    )


# ---- directives ---------------------------------------------------------------------


@router.get(
    "/directives/",
    response={200: DirectivePageOut, **DETAIL_ERRORS},
    summary="Định hướng do các đơn vị trong phạm vi gửi",
)
def directive_list(
    request: HttpRequest, filters: Query[DirectiveListIn], page: Query[PageIn]
) -> dict[str, Any]:
    user = api_caller(request)
    queryset = (
        selectors.directives_for(user)
        .select_related("sender_unit", "campaign")
        .order_by("-created_at", "-id")
    )
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return _page(paginate_queryset(queryset, page), _directive)


@post_both(
    "/directives",
    response={201: DirectiveOut, **ACTION_ERRORS},
    summary="Soạn định hướng (và gửi ngay, hoặc gửi duyệt, nếu send=true)",
)
def directive_add(request: HttpRequest, payload: DirectiveCreateIn) -> Status[Any]:
    """An officer of the sending unit drafts; `chosen_units` must lie below it.
    With `send`, an approver of the sending unit sends at once (every target
    unit gets its task); an officer's draft is submitted to the unit's
    approvers instead (`status` = `submitted`)."""
    user = api_caller(request)
    sender = unit_in_scope(user, Perm.CONTENT_EDIT, public_id=payload.sender_unit)
    chosen = list(OrgUnit.objects.filter(public_id__in=payload.chosen_units))
    if len(chosen) != len(set(payload.chosen_units)):
        raise InvalidInput("Có đơn vị được chọn không tồn tại.")
    campaign = (
        selectors.campaign_get_for(user, public_id=payload.campaign) if payload.campaign else None
    )
    directive = directives.directive_create(
        actor=user,
        sender_unit=sender,
        title=payload.title,
        instructions=payload.instructions,
        due_at=payload.due_at,
        required_actions=[a.value for a in payload.required_actions],
        chosen_units=chosen,
        campaign=campaign,
        site_title=payload.site_title,
        site_lead=payload.site_lead,
        site_body=payload.site_body,
        post_text=payload.post_text,
        platform_texts=payload.platform_texts,
        link=payload.link,
        target_mode=payload.target_mode.value,
        target_kinds=[k.value for k in payload.target_kinds],
        include_subtrees=payload.include_subtrees,
    )
    if payload.send and user_can(user, Perm.CONTENT_APPROVE, sender):
        directive = directives.directive_send(actor=user, directive=directive).directive
    elif payload.send:
        directive = directives.directive_submit(actor=user, directive=directive)
    return Status(201, _directive(directive))


@post_both(
    "/directives/{public_id}/send",
    response={200: DirectiveOut, **ACTION_ERRORS},
    summary="Gửi một định hướng đang là bản nháp",
)
def directive_send(request: HttpRequest, public_id: UUID) -> dict[str, Any]:
    user = api_caller(request)
    directive = selectors.directive_get_for(user, public_id=public_id)
    return _directive(directives.directive_send(actor=user, directive=directive).directive)


@router.get(
    "/directives/{public_id}/compliance/",
    response={200: DirectiveComplianceOut, **DETAIL_ERRORS},
    summary="Kết quả thực hiện định hướng: tổng, theo cấp, theo đơn vị trực thuộc",
)
def directive_compliance(
    request: HttpRequest, public_id: UUID, filters: Query[DirectiveComplianceIn]
) -> dict[str, Any]:
    """Counts only the tasks the caller may see; `unit` drills down into a
    unit of the caller's scope below the sender."""
    user = api_caller(request)
    directive = selectors.directive_get_for(user, public_id=public_id)
    tasks = selectors.tasks_for(user)
    if filters.unit is not None:
        base = unit_in_scope(user, Perm.CONTENT_EDIT, public_id=filters.unit)
        if not base.path.startswith(directive.sender_unit.path):
            raise InvalidInput("Đơn vị không nằm dưới đơn vị gửi định hướng.")
    else:
        base = directive.sender_unit
    return {
        "unit": _unit(base),
        "overall": _counts(selectors.directive_compliance(directive, within=base, tasks=tasks)),
        "by_level": [
            {"relative_level": level.relative_level, "counts": _counts(level.counts)}
            for level in selectors.directive_compliance_by_level(
                directive, within=base, tasks=tasks
            )
        ],
        "by_branch": [
            {"unit": _unit(branch.unit), "own": branch.own, "counts": _counts(branch.counts)}
            for branch in selectors.directive_compliance_by_branch(
                directive, within=base, tasks=tasks
            )
        ],
    }


# ---- tasks ----------------------------------------------------------------------------


@router.get(
    "/directive-tasks/",
    response={200: TaskPageOut, **DETAIL_ERRORS},
    summary="Nhiệm vụ theo định hướng của các đơn vị trong phạm vi",
)
def task_list(
    request: HttpRequest, filters: Query[TaskListIn], page: Query[PageIn]
) -> dict[str, Any]:
    user = api_caller(request)
    queryset = (
        selectors.tasks_for(user)
        .select_related("unit", "directive")
        .order_by("due_at", "unit__path", "pk")
    )
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.directive:
        queryset = queryset.filter(directive__public_id=filters.directive)
    return _page(paginate_queryset(queryset, page), _task)


@post_both(
    "/directive-tasks/{public_id}/acknowledge",
    response={200: TaskOut, **ACTION_ERRORS},
    summary="Tiếp nhận nhiệm vụ",
)
def task_acknowledge(request: HttpRequest, public_id: UUID) -> dict[str, Any]:
    user = api_caller(request)
    task = selectors.task_get_for(user, public_id=public_id)
    return _task(adoption.task_acknowledge(actor=user, task=task))


@post_both(
    "/directive-tasks/{public_id}/adopt",
    response={200: AdoptOut, **ACTION_ERRORS},
    summary="Tạo tin bài và bài đăng nháp của đơn vị từ gói nội dung",
)
def task_adopt(request: HttpRequest, public_id: UUID) -> dict[str, Any]:
    """Idempotent: a second call returns what the first made (`created` false)."""
    user = api_caller(request)
    result = adoption.task_adopt(actor=user, task=selectors.task_get_for(user, public_id=public_id))
    return {
        "task": _task(result.task),
        "created": result.created,
        "article_edit_url": (
            reverse("wagtailadmin_pages:edit", args=[result.article.pk]) if result.article else None
        ),
        "post_ids": [post.public_id for post in result.posts],
        "notes": result.notes,
    }


@post_both(
    "/directive-tasks/{public_id}/proofs",
    response={201: ProofOut, **ACTION_ERRORS},
    summary="Gửi minh chứng thực hiện (đường dẫn, số liệu, ghi chú)",
)
def task_proof(request: HttpRequest, public_id: UUID, payload: ProofIn) -> Status[Any]:
    user = api_caller(request)
    task = selectors.task_get_for(user, public_id=public_id)
    proof = adoption.task_proof_add(
        actor=user,
        task=task,
        action=payload.action.value,
        url=payload.url,
        reach=payload.reach,
        participants=payload.participants,
        note=payload.note,
    )
    task.refresh_from_db()
    return Status(
        201, {"submitted_at": proof.submitted_at, "action": proof.action, "task": _task(task)}
    )


# ---- calendar -------------------------------------------------------------------------


@router.get(
    "/calendar/",
    response={200: CalendarOut, **DETAIL_ERRORS},
    summary="Lịch nội dung: kế hoạch, đã hẹn giờ, đã đăng",
)
def calendar(request: HttpRequest, filters: Query[CalendarIn]) -> dict[str, Any]:
    user = api_caller(request)
    if filters.end < filters.start or (filters.end - filters.start).days >= MAX_CALENDAR_DAYS:
        raise InvalidInput(f"Khoảng thời gian phải từ 1 đến {MAX_CALENDAR_DAYS} ngày.")
    start, end = local_bounds(filters.start, filters.end)
    result = calendar_entries(
        user,
        start=start,
        end=end,
        filters=CalendarFilters(
            campaign=selectors.campaign_get_for(user, public_id=filters.campaign)
            if filters.campaign
            else None,
            unit=unit_in_scope(user, Perm.CONTENT_EDIT, public_id=filters.unit)
            if filters.unit
            else None,
            channel=filters.channel.value if filters.channel else "",
            state=filters.state.value if filters.state else "",
        ),
    )
    return {
        "entries": [
            {
                "kind": e.kind,
                "state": e.state,
                "at": timezone.localtime(e.at),
                "title": e.title,
                "channel": e.channel,
                "unit": _unit(e.unit),
                "detail": e.detail,
                "assignee": e.assignee,
                "overdue": e.overdue,
            }
            for e in result.entries
        ],
        "truncated": result.truncated,
    }
