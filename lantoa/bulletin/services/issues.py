"""Bulletins and their issues: compose, approve (docs/subsystems/bulletin-sending.md).

An officer (Perm.CONTENT_EDIT) of the bulletin's unit composes a draft; an
approver of the unit (Perm.CONTENT_APPROVE via `org.scoping`) approves it; only
an approved issue can be sent (services/sending.py). Every change is audited.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Page

from lantoa.bulletin.choices import BulletinAction, IssueState
from lantoa.bulletin.content import article_models, page_unit_path
from lantoa.bulletin.models import Bulletin, Issue, IssueArticle
from lantoa.bulletin.services.pdf import enqueue_pdf_render
from lantoa.core.actors import Actor, actor_user
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit


class IssueNotEditable(InvalidInput):
    code = "issue_not_editable"
    default_message = "Chỉ sửa được số bản tin đang ở trạng thái nháp."


class IssueWrongState(InvalidInput):
    code = "issue_wrong_state"
    default_message = "Số bản tin không ở trạng thái phù hợp cho thao tác này."


class ArticleOutOfScope(InvalidInput):
    code = "article_out_of_scope"
    default_message = "Chỉ chọn được tin bài của đơn vị phát hành bản tin và các đơn vị trực thuộc."


def bulletin_create(
    *, actor: Actor, unit: OrgUnit, name: str, tagline: str = "", reply_to: str = ""
) -> Bulletin:
    """Give a unit its bulletin (one per unit)."""
    scoping.require_perm(actor, Perm.CONTENT_EDIT, unit)
    if Bulletin.objects.filter(unit=unit).exists():
        raise InvalidInput("Đơn vị này đã có bản tin.")
    with transaction.atomic():
        bulletin = Bulletin.objects.create(
            unit=unit, name=name.strip(), tagline=tagline.strip(), reply_to=reply_to
        )
        audit_record(
            actor=actor, action=BulletinAction.BULLETIN_CREATE, target=bulletin, unit_path=unit.path
        )
    return bulletin


def _check_pages(bulletin: Bulletin, pages: Sequence[Page]) -> None:
    models = article_models()
    for page in pages:
        specific = page.specific
        path = page_unit_path(specific)
        if (
            not isinstance(specific, models)
            or path is None
            or not path.startswith(bulletin.unit.path)
        ):
            raise ArticleOutOfScope(f"«{page.title}»: " + ArticleOutOfScope.default_message)


def issue_create(
    *,
    actor: Actor,
    bulletin: Bulletin,
    number: int,
    year: int,
    period_start: dt.date,
    period_end: dt.date,
    title: str,
    editorial: str = "",
    cover_image: Any = None,
) -> Issue:
    """A new draft issue. Its number is unique within the bulletin and year."""
    scoping.require_perm(actor, Perm.CONTENT_EDIT, bulletin.unit)
    if period_end < period_start:
        raise InvalidInput("Ngày kết thúc kỳ phải sau ngày bắt đầu.")
    try:
        with transaction.atomic():
            issue = Issue.objects.create(
                bulletin=bulletin,
                number=number,
                year=year,
                period_start=period_start,
                period_end=period_end,
                title=title.strip(),
                editorial=editorial,
                cover_image=cover_image,
                created_by=actor_user(actor),
            )
            audit_record(
                actor=actor,
                action=BulletinAction.ISSUE_CREATE,
                target=issue,
                unit_path=bulletin.unit.path,
            )
    except IntegrityError as exc:
        raise InvalidInput(f"Bản tin đã có số {number}/{year}.") from exc
    return issue


ISSUE_FIELDS = ("number", "year", "period_start", "period_end", "title", "editorial", "cover_image")


def issue_update(*, actor: Actor, issue: Issue, **changes: Any) -> Issue:
    """Change a draft's fields (see ISSUE_FIELDS)."""
    scoping.require_perm(actor, Perm.CONTENT_EDIT, issue.bulletin.unit)
    if not issue.is_editable:
        raise IssueNotEditable
    unknown = set(changes) - set(ISSUE_FIELDS)
    if unknown:
        raise InvalidInput(f"Không sửa được: {', '.join(sorted(unknown))}.")
    for name, value in changes.items():
        setattr(issue, name, value)
    with transaction.atomic():
        issue.save(update_fields=[*changes, "updated_at"])
        audit_record(
            actor=actor,
            action=BulletinAction.ISSUE_UPDATE,
            target=issue,
            unit_path=issue.bulletin.unit.path,
            data={"fields": sorted(changes)},
        )
    return issue


def issue_set_articles(
    *, actor: Actor, issue: Issue, items: Sequence[tuple[str, Page]]
) -> list[IssueArticle]:
    """Replace the issue's articles with `items` — (section, page) in reading
    order. Every page must be material of the bulletin unit's subtree."""
    scoping.require_perm(actor, Perm.CONTENT_EDIT, issue.bulletin.unit)
    if not issue.is_editable:
        raise IssueNotEditable
    _check_pages(issue.bulletin, [page for _, page in items])
    with transaction.atomic():
        issue.articles.all().delete()
        rows = IssueArticle.objects.bulk_create(
            IssueArticle(issue=issue, section=section.strip(), page=page, sort_order=n)
            for n, (section, page) in enumerate(items)
        )
        audit_record(
            actor=actor,
            action=BulletinAction.ISSUE_ARTICLES,
            target=issue,
            unit_path=issue.bulletin.unit.path,
            data={"pages": [page.pk for _, page in items]},
        )
    return rows


def issue_add_articles(
    *, actor: Actor, issue: Issue, pages: Sequence[Page], section: str = ""
) -> list[IssueArticle]:
    """Append pages (e.g. accepted suggestions) at the end; pages already in
    the issue are skipped."""
    current = [(a.section, a.page) for a in issue.articles.select_related("page") if a.page]
    have = {p.pk for _, p in current}
    new = [(section, p) for p in pages if p.pk not in have]
    return issue_set_articles(actor=actor, issue=issue, items=[*current, *new])


def issue_save(
    *, actor: Actor, issue: Issue, pages: Sequence[Page], save: Callable[[], object]
) -> Issue:
    """The admin form's path: check scope, state and pages, then let `save`
    (the form's own save, which writes the ordered article rows) write, and
    audit — all in one transaction."""
    scoping.require_perm(actor, Perm.CONTENT_EDIT, issue.bulletin.unit)
    created = issue.pk is None
    if not created and Issue.objects.filter(pk=issue.pk).exclude(state=IssueState.DRAFT).exists():
        raise IssueNotEditable
    _check_pages(issue.bulletin, pages)
    with transaction.atomic():
        if created and actor.is_authenticated:
            issue.created_by = actor_user(actor)
        try:
            with transaction.atomic():
                save()
        except IntegrityError as exc:
            raise InvalidInput(f"Bản tin đã có số {issue.number}/{issue.year}.") from exc
        audit_record(
            actor=actor,
            action=BulletinAction.ISSUE_CREATE if created else BulletinAction.ISSUE_UPDATE,
            target=issue,
            unit_path=issue.bulletin.unit.path,
            data={"pages": [p.pk for p in pages]},
        )
    return issue


def issue_approve(*, actor: Actor, issue: Issue) -> Issue:
    """Draft → approved, by an approver of the bulletin's unit. Enqueues the
    PDF rendering after commit, so the archive has it before the send."""
    scoping.require_perm(actor, Perm.CONTENT_APPROVE, issue.bulletin.unit)
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if locked.state != IssueState.DRAFT:
            raise IssueWrongState
        if not locked.articles.filter(page__isnull=False).exists():
            raise InvalidInput("Số bản tin chưa có bài nào.")
        locked.state = IssueState.APPROVED
        locked.approved_by = actor_user(actor)
        locked.approved_at = timezone.now()
        locked.save(update_fields=["state", "approved_by", "approved_at", "updated_at"])
        audit_record(
            actor=actor,
            action=BulletinAction.ISSUE_APPROVE,
            target=locked,
            unit_path=locked.bulletin.unit.path,
        )
        enqueue_pdf_render(locked.pk)
    return locked


def issue_return_to_draft(*, actor: Actor, issue: Issue) -> Issue:
    """Approved → draft (to correct it before sending)."""
    scoping.require_perm(actor, Perm.CONTENT_EDIT, issue.bulletin.unit)
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if locked.state != IssueState.APPROVED:
            raise IssueWrongState
        locked.state = IssueState.DRAFT
        locked.approved_by = None
        locked.approved_at = None
        locked.save(update_fields=["state", "approved_by", "approved_at", "updated_at"])
        audit_record(
            actor=actor,
            action=BulletinAction.ISSUE_UNAPPROVE,
            target=locked,
            unit_path=locked.bulletin.unit.path,
        )
    return locked
