"""What a target unit does with its task: acknowledge it, adopt the package
(one click: its own draft article and draft posts), attach proof; and how
its publications link back and complete the task on their own.

A task is done when every required action of the directive is met: "publish
on the site" by an adopted article going live, "publish on social channels"
by an adopted post reaching a channel, and any action by a proof naming it.
"""

from __future__ import annotations

import contextlib
import mimetypes
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from PIL import Image as PILImage
from wagtail.models import Page
from wagtail.rich_text import RichText

from lantoa.campaigns.choices import (
    CampaignAction,
    DirectiveStatus,
    PublicationKind,
    RequiredAction,
    TaskState,
)
from lantoa.campaigns.events import DIRECTIVE_TASK_DONE
from lantoa.campaigns.models import DirectiveTask, TaskProof, TaskPublication
from lantoa.campaigns.services.campaigns import campaign_item_add
from lantoa.channels.choices import SOCIAL_PLATFORMS, AccountState, DeliveryStatus, PostSource
from lantoa.channels.public import ChannelAccount, Delivery, Post
from lantoa.channels.services.posts import post_create
from lantoa.core import events
from lantoa.core.actors import Actor, actor_user, actor_user_id
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput
from lantoa.core.figures import MAX_PARTICIPANTS, MAX_REACH, figure_problem
from lantoa.core.text import vietnamese_slugify
from lantoa.core.urls_check import WEB_ADDRESS_PROBLEM, is_web_address
from lantoa.newsroom.public import ArticlePage, SectionIndex, UnitSiteHome
from lantoa.org.choices import Perm
from lantoa.org.scoping import require_perm

MAX_POST_IMAGES = 4
MAX_SCREENSHOT_BYTES = 10 * 2**20
SYNC_BATCH = 1000


@dataclass
class AdoptResult:
    task: DirectiveTask
    article: ArticlePage | None = None
    posts: list[Post] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    created: bool = True


def _locked_task(task: DirectiveTask) -> DirectiveTask:
    return (
        DirectiveTask.objects.select_for_update(of=("self",))
        .select_related("unit", "directive__sender_unit", "directive__campaign")
        .get(pk=task.pk)
    )


def _acknowledge(task: DirectiveTask, actor: Actor, now: datetime) -> list[str]:
    """Fields changed by acknowledging (new → acknowledged; a late task only
    records who took it)."""
    if task.acknowledged_at is not None:
        return []
    task.acknowledged_at = now
    task.acknowledged_by_id = actor_user_id(actor)
    changed = ["acknowledged_at", "acknowledged_by"]
    if task.state == TaskState.NEW:
        task.state = TaskState.ACKNOWLEDGED
        changed.append("state")
    return changed


@transaction.atomic
def task_acknowledge(*, actor: Actor, task: DirectiveTask) -> DirectiveTask:
    """The unit has seen the directive. Idempotent; `Perm.CONTENT_EDIT` at the unit."""
    task = _locked_task(task)
    require_perm(actor, Perm.CONTENT_EDIT, task.unit)
    changed = _acknowledge(task, actor, timezone.now())
    if changed:
        task.save(update_fields=changed)
        audit_record(
            actor=actor,
            action=CampaignAction.TASK_ACKNOWLEDGE,
            target=task,
            unit_path=task.unit.path,
        )
    return task


# ------------------------------------------------------------------ adopting


def _unique_slug(section: Page, title: str) -> str:
    base = vietnamese_slugify(title, max_length=70) or "tin-bai"
    taken = set(
        Page.objects.child_of(section).filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _site_section(task: DirectiveTask) -> SectionIndex | None:
    """The first section of the unit's own site, where its article goes."""
    home = UnitSiteHome.objects.filter(unit=task.unit).first()
    if home is None:
        return None
    return SectionIndex.objects.child_of(home).order_by("path").first()


def _draft_article(task: DirectiveTask, section: SectionIndex, actor: Actor) -> ArticlePage:
    """A draft article from the package, through Wagtail's own create path
    (add_child, then a revision), editable by the unit like any other."""
    directive = task.directive
    images = list(directive.images.all())
    documents = list(directive.documents.all())
    body: list[tuple[str, Any]] = []
    if strip_tags(directive.site_body).strip():
        body.append(("text", RichText(directive.site_body)))
    for image in images[1:]:
        body.append(("image", {"image": image, "caption": image.title, "credit": "", "alt": ""}))
    for document in documents:
        body.append(
            ("document", {"document": document, "title": document.title, "description": ""})
        )
    title = directive.site_title or directive.title
    lead = directive.site_lead or strip_tags(directive.site_body).strip() or directive.title
    user = actor_user(actor)
    article = ArticlePage(
        title=title,
        slug=_unique_slug(section, title),
        lead=lead[:600],
        body=body,
        hero_image=images[0] if images else None,
        hero_caption=images[0].title if images else "",
        owner=user,
        live=False,
    )
    section.add_child(instance=article)
    article.save_revision(user=user, log_action=True, clean=False)
    return article


def _post_media(task: DirectiveTask) -> list[UploadedFile[bytes]]:
    files: list[UploadedFile[bytes]] = []
    for image in list(task.directive.images.all())[:MAX_POST_IMAGES]:
        name = image.file.name.rsplit("/", 1)[-1]
        content_type = mimetypes.guess_type(name)[0] or "image/jpeg"
        with image.file.open("rb") as handle:
            files.append(SimpleUploadedFile(name, handle.read(), content_type=content_type))
    return files


def _draft_posts(task: DirectiveTask, actor: Actor) -> tuple[list[Post], list[str]]:
    """One draft post per distinct wording among the unit's working social
    channels (platforms sharing the common text share one post). Nothing is
    scheduled: the officer sends them from the post's page."""
    directive = task.directive
    platforms = sorted(
        set(
            ChannelAccount.objects.filter(
                unit=task.unit, state=AccountState.ACTIVE, platform__in=SOCIAL_PLATFORMS
            ).values_list("platform", flat=True)
        )
    )
    if not platforms:
        return [], ["Đơn vị chưa kết nối kênh mạng xã hội nào nên chưa tạo bài đăng."]
    texts: dict[str, list[str]] = {}
    for platform in platforms:
        text = directive.text_for(platform)
        if text:
            texts.setdefault(text, []).append(platform)
    media = _post_media(task) if texts else []
    posts = []
    for text in texts:
        posts.append(
            post_create(
                actor=actor,
                unit=task.unit,
                text=text,
                link=directive.link,
                media=media,
                source=PostSource.DIRECTIVE,
                source_object=task,
            )
        )
    return posts, []


@transaction.atomic
def task_adopt(*, actor: Actor, task: DirectiveTask) -> AdoptResult:
    """One click: the unit's own draft article (on its site, when it has one
    and the package has site text) and draft posts (for its working social
    channels), both editable locally and linked to the task so they complete
    it when they go live. Acknowledges the task. Idempotent: a second call
    returns what the first made. `Perm.CONTENT_EDIT` at the unit."""
    task = _locked_task(task)
    require_perm(actor, Perm.CONTENT_EDIT, task.unit)
    directive = task.directive
    if directive.status != DirectiveStatus.SENT:
        raise InvalidInput("Định hướng chưa được gửi.")
    if task.adopted_at is not None:
        publications = list(task.publications.select_related("page", "post"))
        return AdoptResult(
            task=task,
            article=next((p.page for p in publications if p.page is not None), None),
            posts=[p.post for p in publications if p.post is not None],
            created=False,
        )
    result = AdoptResult(task=task)
    if directive.site_lead or strip_tags(directive.site_body).strip():
        section = _site_section(task)
        if section is None:
            result.notes.append("Đơn vị chưa có trang tin (hoặc chuyên mục) nên chưa tạo tin bài.")
        else:
            result.article = _draft_article(task, section, actor)
            TaskPublication.objects.create(
                task=task, kind=PublicationKind.ARTICLE, page=result.article
            )
    if directive.post_text or any(directive.platform_texts.values()):
        result.posts, notes = _draft_posts(task, actor)
        result.notes += notes
        TaskPublication.objects.bulk_create(
            [TaskPublication(task=task, kind=PublicationKind.POST, post=p) for p in result.posts]
        )
    now = timezone.now()
    changed = _acknowledge(task, actor, now)
    task.adopted_at = now
    task.adopted_by_id = actor_user_id(actor)
    task.save(update_fields=[*changed, "adopted_at", "adopted_by"])
    audit_record(
        actor=actor,
        action=CampaignAction.TASK_ADOPT,
        target=task,
        unit_path=task.unit.path,
        data={
            "article": result.article.pk if result.article else None,
            "posts": [p.pk for p in result.posts],
        },
    )
    return result


# ---------------------------------------------------------- completing a task


def _met_actions(task: DirectiveTask) -> set[str]:
    met = set(task.proofs.values_list("action", flat=True))
    kinds = set(task.publications.filter(published_at__isnull=False).values_list("kind", flat=True))
    if PublicationKind.ARTICLE in kinds:
        met.add(RequiredAction.PUBLISH_SITE)
    if PublicationKind.POST in kinds:
        met.add(RequiredAction.PUBLISH_SOCIAL)
    return met


def task_evaluate(task: DirectiveTask, *, actor: Actor, now: datetime | None = None) -> bool:
    """Mark a locked task done when every required action is met (also a late
    one: it is then "done late"). True when it changed. Call inside the
    transaction that locked the task."""
    if task.state == TaskState.DONE:
        return False
    required = set(task.directive.required_actions)
    if not required or not required <= _met_actions(task):
        return False
    now = now or timezone.now()
    changed = _acknowledge(task, actor, now)
    task.state = TaskState.DONE
    task.done_at = now
    task.save(update_fields=[*changed, "state", "done_at"])
    audit_record(
        actor=actor,
        action=CampaignAction.TASK_DONE,
        target=task,
        unit_path=task.unit.path,
        data={"late": task.done_at > task.due_at},
    )
    events.announce(
        DIRECTIVE_TASK_DONE,
        task_id=task.pk,
        unit_id=task.unit_id,
        late=task.done_at > task.due_at,
    )
    return True


def _publication_went_live(
    publication: TaskPublication, *, actor: Actor, at: datetime, url: str
) -> None:
    """Record that a task's publication went live, link it to the directive's
    campaign, and complete the task if that was the last thing missing."""
    task = _locked_task(publication.task)
    publication.published_at = at
    publication.url = url[:1000]
    publication.save(update_fields=["published_at", "url"])
    content = publication.page if publication.page_id else publication.post
    campaign = task.directive.campaign
    if campaign is not None and content is not None:
        # The campaign's scope may have changed since; the task still counts.
        with contextlib.suppress(InvalidInput):
            campaign_item_add(actor=actor, campaign=campaign, content=content)
    audit_record(
        actor=actor,
        action=CampaignAction.PUBLICATION_LIVE,
        target=task,
        unit_path=task.unit.path,
        data={"kind": publication.kind, "url": publication.url},
    )
    task_evaluate(task, actor=actor, now=at)


@transaction.atomic
def task_article_published(*, actor: Actor, article_id: int) -> int:
    """Link back an adopted article that was just published (the newsroom's
    `article_published` event, however it was published: editor, workflow
    approval, scheduled). One indexed query when the page was not adopted;
    nothing when the publication was recorded before. Returns how many
    publications went live."""
    publications = list(
        TaskPublication.objects.filter(page_id=article_id, published_at__isnull=True)
        .select_related("page")
        .order_by("pk")
    )
    if not publications:
        return 0
    page = Page.objects.filter(pk=article_id, live=True).first()
    if page is None:
        return 0
    for publication in publications:
        at = page.last_published_at or timezone.now()
        _publication_went_live(publication, actor=actor, at=at, url=page.full_url or "")
    # Its auto-post may have gone out before this was heard (events come in any order).
    autopost = _article_autopost(article_id)
    if autopost is not None:
        _autopost_publications(autopost, article_id)
        _post_went_live(autopost, actor=actor)
    return len(publications)


@transaction.atomic
def task_post_delivered(*, actor: Actor, delivery_id: int) -> int:
    """Link back a post of a task that reached a channel (the channels'
    `post_delivered` event): its adopted draft post, or the auto-post of its
    adopted article (the unit need not post twice). Idempotent; one indexed
    query for a post no task knows. Returns how many publications went live."""
    delivery = (
        Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.SENT)
        .select_related("post__source_type")
        .first()
    )
    if delivery is None:
        return 0
    post = delivery.post
    article_type = ContentType.objects.get_for_model(ArticlePage)
    if post.source_type_id == article_type.pk and post.source_id.isdigit():
        _autopost_publications(post, int(post.source_id))
    return _post_went_live(post, actor=actor)


def _article_autopost(article_id: int) -> Post | None:
    """The auto-post of an article (`channels.services.autopost`), once one of
    its deliveries has gone out."""
    return (
        Post.objects.filter(
            source_type=ContentType.objects.get_for_model(ArticlePage),
            source_id=str(article_id),
            deliveries__status=DeliveryStatus.SENT,
        )
        .order_by("pk")
        .first()
    )


def _autopost_publications(post: Post, article_id: int) -> None:
    """Record the auto-post of an adopted, live article as the post
    publication of its open tasks."""
    adopted = (
        TaskPublication.objects.filter(
            kind=PublicationKind.ARTICLE, page_id=article_id, published_at__isnull=False
        )
        .exclude(task__state=TaskState.DONE)
        .values_list("task_id", flat=True)
    )
    for task_id in adopted:
        TaskPublication.objects.get_or_create(
            task_id=task_id, post=post, defaults={"kind": PublicationKind.POST}
        )


def _post_went_live(post: Post, *, actor: Actor) -> int:
    """Mark live the task publications of `post` not yet live, at its first
    delivery that went out."""
    publications = list(
        TaskPublication.objects.filter(
            kind=PublicationKind.POST, post=post, published_at__isnull=True
        ).order_by("pk")
    )
    if not publications:
        return 0
    first = (
        Delivery.objects.filter(post=post, status=DeliveryStatus.SENT)
        .order_by("sent_at", "pk")
        .first()
    )
    if first is None or first.sent_at is None:
        return 0
    for publication in publications:
        _publication_went_live(publication, actor=actor, at=first.sent_at, url=first.external_url)
    return len(publications)


# --------------------------------------------------------------------- proofs


def _check_screenshot(upload: UploadedFile[bytes]) -> None:
    if (upload.size or 0) > MAX_SCREENSHOT_BYTES:
        raise InvalidInput("Ảnh chụp màn hình quá lớn (tối đa 10 MB).")
    try:
        with PILImage.open(upload) as image:
            image.verify()
    except Exception as exc:
        raise InvalidInput("Ảnh chụp màn hình không đọc được (cần JPEG, PNG hoặc WebP).") from exc
    upload.seek(0)


@transaction.atomic
def task_proof_add(
    *,
    actor: Actor,
    task: DirectiveTask,
    action: str,
    url: str = "",
    screenshot: UploadedFile[bytes] | None = None,
    reach: int | None = None,
    participants: int | None = None,
    note: str = "",
) -> TaskProof:
    """Attach evidence for one required action; completes the task when it
    was the last one missing. `Perm.CONTENT_EDIT` at the unit. Audited."""
    task = _locked_task(task)
    require_perm(actor, Perm.CONTENT_EDIT, task.unit)
    if action not in task.directive.required_actions:
        raise InvalidInput("Định hướng này không có yêu cầu đó.")
    note = note.strip()
    if not (url or screenshot or note or reach is not None or participants is not None):
        raise InvalidInput("Hãy nhập đường dẫn, ảnh chụp, số liệu hoặc ghi chú làm minh chứng.")
    if action == RequiredAction.REPORT_FEEDBACK and not note:
        raise InvalidInput("Báo cáo ý kiến đoàn viên cần có nội dung ghi chú.")
    for problem in (
        figure_problem("Lượt tiếp cận", reach, MAX_REACH),
        figure_problem("Số người tham gia", participants, MAX_PARTICIPANTS),
    ):
        if problem:
            raise InvalidInput(problem)
    url = url.strip()
    if url and not is_web_address(url):
        raise InvalidInput(WEB_ADDRESS_PROBLEM)
    if screenshot is not None:
        _check_screenshot(screenshot)
    proof = TaskProof(
        task=task,
        action=action,
        url=url,
        reach=reach,
        participants=participants,
        note=note,
        submitted_by_id=actor_user_id(actor),
    )
    if screenshot is not None:
        proof.screenshot = screenshot  # type: ignore[assignment]
    proof.save()
    now = timezone.now()
    changed = _acknowledge(task, actor, now)
    if changed:
        task.save(update_fields=changed)
    audit_record(
        actor=actor,
        action=CampaignAction.TASK_PROOF,
        target=task,
        unit_path=task.unit.path,
        data={"action": action, "proof": proof.pk},
    )
    task_evaluate(task, actor=actor, now=now)
    return proof
