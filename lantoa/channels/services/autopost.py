"""Auto-posting: when a unit publishes something on its website, share it on
the unit's chosen channels, each with its own template.

Channels know nothing about articles: the content app passes a small
`SharedContent` and the object it came from (STYLE.md §3)."""

import logging
from dataclasses import dataclass, field

from django.db import models, transaction

from lantoa.channels.choices import AccountState, Platform, PostSource
from lantoa.channels.models import ChannelAccount, Delivery, Post
from lantoa.channels.services.posts import PostRejected, post_create, post_schedule
from lantoa.org.models import OrgUnit

logger = logging.getLogger(__name__)

DEFAULT_TEMPLATE = "{title}\n\n{lead}\n\n{hashtags}"
WEBSITE_PLATFORMS = {Platform.WEBSITE, Platform.EMAIL_LIST}


@dataclass(frozen=True)
class SharedContent:
    title: str
    url: str
    lead: str = ""
    hashtags: tuple[str, ...] = ()
    text_override: str = ""  # the article's own social text, if its author wrote one
    channel_ids: tuple[int, ...] | None = None  # None: the unit's auto-post channels


@dataclass
class AutopostResult:
    post: Post | None
    deliveries: list[Delivery] = field(default_factory=list)
    refused: dict[str, list[str]] = field(default_factory=dict)


def render_template(template: str, content: SharedContent, unit: OrgUnit) -> str:
    """Fill an account's template; unknown placeholders are left as typed."""
    values = {
        "title": content.title,
        "lead": content.lead,
        "url": content.url,
        "unit": unit.name,
        "hashtags": " ".join(f"#{h.lstrip('#')}" for h in content.hashtags),
    }

    class _Keep(dict[str, str]):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    text = (template or DEFAULT_TEMPLATE).format_map(_Keep(values))
    return "\n".join(line.rstrip() for line in text.strip().splitlines()).replace("\n\n\n", "\n\n")


def autopost_accounts(unit: OrgUnit, channel_ids: tuple[int, ...] | None) -> list[ChannelAccount]:
    qs = ChannelAccount.objects.filter(unit=unit, state=AccountState.ACTIVE).exclude(
        platform__in=WEBSITE_PLATFORMS
    )
    if channel_ids is None:
        qs = qs.filter(auto_post_articles=True)
    else:
        qs = qs.filter(pk__in=channel_ids)
    return list(qs.select_related("unit").order_by("pk"))


@transaction.atomic
def content_share_on_publish(
    *, unit: OrgUnit, content: SharedContent, source_object: models.Model
) -> AutopostResult:
    """Create one post for the published content and queue it on the unit's
    auto-post channels. Idempotent per source object: publishing the same
    article again (an edit) does not post it again. Channels whose limits the
    text breaks are skipped and reported, the others still go out."""
    from django.contrib.contenttypes.models import ContentType

    source_type = ContentType.objects.get_for_model(source_object)
    if Post.objects.filter(source_type=source_type, source_id=str(source_object.pk)).exists():
        return AutopostResult(post=None)
    accounts = autopost_accounts(unit, content.channel_ids)
    if not accounts:
        return AutopostResult(post=None)
    base_text = content.text_override or render_template(DEFAULT_TEMPLATE, content, unit)
    post = post_create(
        actor=None,
        unit=unit,
        text=base_text,
        link=content.url,
        source=PostSource.ARTICLE,
        source_object=source_object,
    )
    result = AutopostResult(post=post)
    for account in accounts:
        try:
            (delivery,) = post_schedule(actor=None, post=post, accounts=[account])
        except PostRejected as exc:
            result.refused.update(exc.problems)
            logger.info("auto-post skipped %s: %s", account, exc.problems)
            continue
        if not content.text_override and account.article_template:
            delivery.text_override = render_template(account.article_template, content, unit)
            delivery.save(update_fields=["text_override", "updated_at"])
        result.deliveries.append(delivery)
    return result
