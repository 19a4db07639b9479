"""The unit's approval of posts: the same steps as articles.

draft → submitted (the author chooses the channels and the time) → approved
(the deliveries are queued as asked) or changes requested (with the
approver's comment, back to the author, who edits and submits again). An
approver's own post goes straight out (`post_schedule` approves it in the
same step); so does a post a system actor shares for an article that was
itself approved. The approvers of the post's unit (`unit_approvers`) are told
of a submission, the author of the decision, by e-mail in the recipient's
language (Vietnamese unless they chose otherwise).
"""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.channels.choices import ChannelAction, PostStatus
from lantoa.channels.models import ChannelAccount, Delivery, Post
from lantoa.channels.services.posts import (
    _require,
    post_can_approve,
    post_check_accounts,
    post_lock,
    post_mark_approved,
    post_schedule,
)
from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.mail import mail_after_commit, mail_to_users
from lantoa.org.selectors import unit_approvers

SUBMITTABLE = frozenset({PostStatus.DRAFT, PostStatus.CHANGES_REQUESTED})
APPROVED_SUBJECT = gettext_lazy("[Lantoa] Đã duyệt: bài đăng «%(excerpt)s»")
APPROVED_LEAD = gettext_lazy(
    "%(who)s đã duyệt bài đăng của %(unit)s; bài được đưa lên các kênh như đề nghị."
)
CHANGES_SUBJECT = gettext_lazy("[Lantoa] Yêu cầu sửa: bài đăng «%(excerpt)s»")
CHANGES_LEAD = gettext_lazy("%(who)s yêu cầu sửa bài đăng của %(unit)s trước khi duyệt.")


def _person(actor: Actor) -> str:
    """How a person is named in a notice (a system actor by its label)."""
    if not actor.is_authenticated:
        return ""
    full_name = getattr(actor, "get_full_name", None)
    return str((full_name() if full_name else "") or actor.get_username())


def _admin_url(post: Post) -> str:
    from django.conf import settings

    base = str(settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    return f"{base}{reverse('channels_posts:inspect', args=[post.pk])}"


def _excerpt(post: Post) -> str:
    text = " ".join(post.text.split())
    return text if len(text) <= 80 else f"{text[:79]}…"


@transaction.atomic
def post_submit(
    *,
    actor: Actor,
    post: Post,
    accounts: Sequence[ChannelAccount],
    at: datetime | None = None,
) -> Post:
    """Ask the unit's approvers to approve `post` for `accounts` (now or at
    `at`). The channels are checked as `post_schedule` would (scope, each
    platform's limits), so an approval never fails on them. Locks the post;
    e-mails the approvers after commit."""
    _require(actor, post.unit)
    post = post_lock(post)
    if post.status not in SUBMITTABLE:
        raise InvalidInput(
            _("Bài đăng đang ở trạng thái «%(status)s», không gửi duyệt được.")
            % {"status": post.get_status_display()}
        )
    if not accounts:
        raise InvalidInput(_("Chọn ít nhất một kênh."))
    post_check_accounts(actor, post, accounts)
    post.status = PostStatus.SUBMITTED
    post.requested_channels = [a.pk for a in accounts]
    post.requested_at = at if at is not None and at > timezone.now() else None
    post.submitted_by_id = actor_user_id(actor)
    post.submitted_at = timezone.now()
    post.save(
        update_fields=[
            "status",
            "requested_channels",
            "requested_at",
            "submitted_by",
            "submitted_at",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action=ChannelAction.POST_SUBMIT,
        target=post,
        unit_path=post.unit.path,
        data={"channels": post.requested_channels, "at": at.isoformat() if at else None},
    )
    who = _person(actor)
    url = _admin_url(post)

    def compose(user: object) -> tuple[str, str]:
        subject = _("[Lantoa] Chờ duyệt: bài đăng «%(excerpt)s» của %(unit)s") % {
            "excerpt": _excerpt(post),
            "unit": post.unit.name,
        }
        body = _(
            "%(who)s đã gửi duyệt một bài đăng của %(unit)s, đề nghị đăng lên %(count)s kênh.\n\n"
            "%(text)s\n\n"
            "Xem trước trên từng kênh, rồi «Duyệt và đăng» hoặc «Yêu cầu sửa»: %(url)s"
        ) % {
            "who": who,
            "unit": post.unit.name,
            "count": len(accounts),
            "text": post.text,
            "url": url,
        }
        return subject, body

    mail_after_commit(mail_to_users(unit_approvers(post.unit), compose, exclude=actor))
    return post


def _requested_accounts(post: Post) -> list[ChannelAccount]:
    return list(
        ChannelAccount.objects.filter(pk__in=post.requested_channels)
        .select_related("unit")
        .order_by("pk")
    )


def _tell_author(post: Post, actor: Actor, subject: Promise, lead: Promise) -> None:
    author = post.submitted_by or post.created_by
    if author is None:
        return
    url = _admin_url(post)

    def compose(user: object) -> tuple[str, str]:
        body = [str(lead) % {"who": _person(actor), "unit": post.unit.name}, "", post.text]
        if post.review_comment:
            body += [
                "",
                _("Ý kiến của người duyệt: %(comment)s") % {"comment": post.review_comment},
            ]
        body += ["", _("Xem bài đăng: %(url)s") % {"url": url}]
        return str(subject) % {"excerpt": _excerpt(post)}, "\n".join(body)

    mail_after_commit(mail_to_users([author], compose, exclude=actor))


@transaction.atomic
def post_approve(
    *,
    actor: Actor,
    post: Post,
    comment: str = "",
    accounts: Sequence[ChannelAccount] | None = None,
    at: datetime | None = None,
) -> tuple[Post, list[Delivery]]:
    """Approve a submitted post and queue it on the channels, at the time, its
    author asked for (or on `accounts` at `at`, when the approver changes
    them). `Perm.CONTENT_APPROVE` at the post's unit. Locks the post; e-mails
    the author after commit."""
    post = post_lock(post)
    if not post_can_approve(actor, post):
        raise PermissionDenied(_("Chỉ người duyệt của đơn vị duyệt được bài đăng."))
    if post.status != PostStatus.SUBMITTED:
        raise InvalidInput(_("Bài đăng không ở trạng thái chờ duyệt."))
    post_mark_approved(actor=actor, post=post, comment=comment)
    if accounts is None:
        accounts, at = _requested_accounts(post), post.requested_at
    deliveries = post_schedule(actor=actor, post=post, accounts=accounts, at=at)
    _tell_author(post, actor, APPROVED_SUBJECT, APPROVED_LEAD)
    return post, deliveries


@transaction.atomic
def post_request_changes(*, actor: Actor, post: Post, comment: str) -> Post:
    """Send a submitted post back to its author with what to change (the
    comment is required). `Perm.CONTENT_APPROVE` at the post's unit. Locks
    the post; e-mails the author after commit."""
    post = post_lock(post)
    if not post_can_approve(actor, post):
        raise PermissionDenied(_("Chỉ người duyệt của đơn vị duyệt được bài đăng."))
    if post.status != PostStatus.SUBMITTED:
        raise InvalidInput(_("Bài đăng không ở trạng thái chờ duyệt."))
    if not comment.strip():
        raise InvalidInput(_("Ghi rõ cần sửa gì để người soạn biết."))
    post.status = PostStatus.CHANGES_REQUESTED
    post.reviewed_by_id = actor_user_id(actor)
    post.reviewed_at = timezone.now()
    post.review_comment = comment.strip()
    post.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"]
    )
    audit_record(
        actor=actor,
        action=ChannelAction.POST_REQUEST_CHANGES,
        target=post,
        unit_path=post.unit.path,
        data={"comment": post.review_comment},
    )
    _tell_author(post, actor, CHANGES_SUBJECT, CHANGES_LEAD)
    return post
