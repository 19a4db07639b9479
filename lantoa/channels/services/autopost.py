"""Auto-posting: when a unit publishes something on its website, share it on
the unit's chosen channels, each with its own template.

Channels know nothing about articles: the content app passes a small
`SharedContent` and the object it came from (STYLE.md §3).

Settings (admin "Tự động đăng"): per unit, which channels share and each
channel's template, checked when saved against the channel's platform with a
long sample article (`template_problems`). Per published item
(`AutopostOverride`, through the same generic reference): not at all, not on
some channels, or with its own text on some, checked when saved the same way."""

import logging
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction

from lantoa.channels.adapters.base import PostContent
from lantoa.channels.adapters.registry import adapter_for
from lantoa.channels.choices import AccountState, ChannelAction, Platform, PostSource
from lantoa.channels.models import AutopostOverride, ChannelAccount, Delivery, Post
from lantoa.channels.services.posts import PostRejected, post_create, post_schedule
from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import user_can

logger = logging.getLogger(__name__)


DEFAULT_TEMPLATE = "{title}\n\n{lead}\n\n{hashtags}"
WEBSITE_PLATFORMS = {Platform.WEBSITE, Platform.EMAIL_LIST}
PLACEHOLDERS = ("title", "lead", "url", "unit", "hashtags")
TEMPLATE_MAX = 5000


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

    try:
        text = (template or DEFAULT_TEMPLATE).format_map(_Keep(values))
    except (ValueError, AttributeError, IndexError, KeyError, TypeError):
        # A template saved before templates were checked: share with the default.
        text = DEFAULT_TEMPLATE.format_map(_Keep(values))
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
    *, actor: Actor, unit: OrgUnit, content: SharedContent, source_object: models.Model
) -> AutopostResult:
    """Create one post for the published content and queue it on the unit's
    auto-post channels. Once per source object, by a unique constraint:
    publishing the same article again (an edit), or two publishes racing,
    post it once. Channels whose limits the text breaks are skipped and
    reported, the others still go out."""
    source_type = ContentType.objects.get_for_model(source_object)
    override = AutopostOverride.objects.filter(
        source_type=source_type, source_id=str(source_object.pk)
    ).first()
    if override is not None and override.skip_all:
        return AutopostResult(post=None)
    accounts = autopost_accounts(unit, content.channel_ids)
    if override is not None:
        accounts = [a for a in accounts if not override.skips(a.pk)]
    if not accounts:
        return AutopostResult(post=None)
    base_text = content.text_override or render_template(DEFAULT_TEMPLATE, content, unit)
    try:
        with transaction.atomic():
            post = post_create(
                actor=actor,
                unit=unit,
                text=base_text,
                link=content.url,
                source=PostSource.ARTICLE,
                source_object=source_object,
            )
    except IntegrityError:
        # Shared before (post_one_share_per_published_item), or by a publish
        # that committed while this one ran: nothing more to post.
        return AutopostResult(post=None)
    result = AutopostResult(post=post)
    for account in accounts:
        try:
            (delivery,) = post_schedule(actor=actor, post=post, accounts=[account])
        except PostRejected as exc:
            result.refused.update(exc.problems)
            logger.info("auto-post skipped %s: %s", account, exc.problems)
            continue
        own_text = override.text_for(account.pk) if override is not None else ""
        if own_text:
            delivery.text_override = own_text
        elif not content.text_override and account.article_template:
            delivery.text_override = render_template(account.article_template, content, unit)
        if delivery.text_override:
            delivery.save(update_fields=["text_override", "updated_at"])
        result.deliveries.append(delivery)
    return result


# -- settings: per unit, per channel ---------------------------------------------------

# A long article, so that a template that fits it fits real ones.
SAMPLE = SharedContent(
    title=("Hội nghị đại biểu người lao động năm 2026 thông qua thoả ước lao động tập thể " * 2)[
        :120
    ].strip(),
    lead=(
        "Sáng nay, Công đoàn tổ chức hội nghị với sự tham gia của đại biểu người lao động "
        "các đơn vị trực thuộc, thảo luận và biểu quyết các nội dung về tiền lương, thưởng, "
        "an toàn vệ sinh lao động và phúc lợi. "
    )
    * 2,
    url="https://congdoan.example.vn/tin-tuc/2026/hoi-nghi-dai-bieu-nguoi-lao-dong-nam-2026",
    hashtags=("CongDoan", "NguoiLaoDong", "ThoaUocLaoDong", "HoiNghi2026"),
)


class TemplatesRejected(InvalidInput):
    code = "autopost_rejected"
    default_message = "Mẫu bài đăng không phù hợp với kênh."

    def __init__(self, problems: dict[int, list[str]]) -> None:
        super().__init__("; ".join(m for msgs in problems.values() for m in msgs))
        self.problems = problems  # channel id → messages


def template_problems(template: str, account: ChannelAccount, unit: OrgUnit) -> list[str]:
    """What is wrong with `template` for this channel (Vietnamese), or []."""
    if not template.strip():
        return []
    if len(template) > TEMPLATE_MAX:
        return [f"Mẫu dài quá {TEMPLATE_MAX} ký tự."]
    try:
        names = [name for _lit, name, _spec, _conv in string.Formatter().parse(template) if name]
    except ValueError:
        return ["Dấu ngoặc { } không khớp; muốn có dấu ngoặc thật thì viết {{ hoặc }}."]
    unknown = sorted({n for n in names if n not in PLACEHOLDERS})
    if unknown:
        allowed = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
        return [f"Biến không có: {', '.join(unknown)}. Các biến dùng được: {allowed}."]
    return [
        f"Với một bài viết dài (tiêu đề {len(SAMPLE.title)}, sapo {len(SAMPLE.lead)} ký tự): {m}"
        for m in text_problems(render_template(template, SAMPLE, unit), account, SAMPLE.url)
    ]


def text_problems(text: str, account: ChannelAccount, link: str) -> list[str]:
    """The platform's own refusals of `text` posted with `link` (its limits)."""
    return adapter_for(account.platform).validate(PostContent(text=text, link=link))


def autopost_candidates(unit: OrgUnit) -> list[ChannelAccount]:
    """The unit's own channels that can share its articles, whatever their state."""
    return list(
        ChannelAccount.objects.filter(unit=unit)
        .exclude(platform__in=WEBSITE_PLATFORMS)
        .select_related("unit")
        .order_by("platform", "name", "pk")
    )


@dataclass(frozen=True)
class ChannelAutopost:
    account_id: int
    enabled: bool
    template: str


@transaction.atomic
def autopost_settings_save(
    *, actor: Actor, unit: OrgUnit, channels: Iterable[ChannelAutopost]
) -> list[ChannelAccount]:
    """Which of the unit's channels share its articles, and with which template.
    Every template is checked first; nothing is saved if one is refused."""
    if not user_can(actor, Perm.CONTENT_EDIT, unit):
        raise PermissionDenied()
    own = {a.pk: a for a in autopost_candidates(unit)}
    rows = list(channels)
    problems: dict[int, list[str]] = {}
    for row in rows:
        account = own.get(row.account_id)
        if account is None:
            raise PermissionDenied("Kênh không thuộc đơn vị.")
        if found := template_problems(row.template, account, unit):
            problems[account.pk] = found
    if problems:
        raise TemplatesRejected(problems)
    changed = []
    for row in rows:
        account = own[row.account_id]
        template = row.template.strip()
        if (account.auto_post_articles, account.article_template) == (row.enabled, template):
            continue
        account.auto_post_articles = row.enabled
        account.article_template = template
        account.save(update_fields=["auto_post_articles", "article_template", "updated_at"])
        changed.append(account)
        audit_record(
            actor=actor,
            action=ChannelAction.AUTOPOST_SETTINGS,
            target=account,
            unit_path=unit.path,
            data={"enabled": row.enabled, "template": template},
        )
    return changed


# -- per published item ------------------------------------------------------------------


def autopost_override_for(source_object: models.Model) -> AutopostOverride | None:
    return AutopostOverride.objects.filter(
        source_type=ContentType.objects.get_for_model(source_object),
        source_id=str(source_object.pk),
    ).first()


def autopost_shared_post(source_object: models.Model) -> Post | None:
    """The post already made from this item, if it was shared (then choices come too late)."""
    return Post.objects.filter(
        source_type=ContentType.objects.get_for_model(source_object),
        source_id=str(source_object.pk),
    ).first()


@transaction.atomic
def autopost_override_save(
    *,
    actor: Actor,
    unit: OrgUnit,
    source_object: models.Model,
    skip_all: bool,
    skipped: Iterable[int] = (),
    texts: Mapping[int, str] | None = None,
    link: str = "",
) -> AutopostOverride:
    """This item's own choices for when it is shared. Texts are checked against
    each channel's platform (with the item's `link`); nothing is saved if one is refused."""
    if not user_can(actor, Perm.CONTENT_EDIT, unit):
        raise PermissionDenied()
    own = {a.pk: a for a in autopost_candidates(unit)}
    skipped_ids = sorted({int(i) for i in skipped})
    own_texts = {int(k): v.strip() for k, v in (texts or {}).items() if v and v.strip()}
    if any(i not in own for i in [*skipped_ids, *own_texts]):
        raise PermissionDenied("Kênh không thuộc đơn vị.")
    problems = {
        pk: found for pk, text in own_texts.items() if (found := text_problems(text, own[pk], link))
    }
    if problems:
        raise TemplatesRejected(problems)
    values: dict[str, Any] = {
        "unit": unit,
        "skip_all": skip_all,
        "skipped_channels": skipped_ids,
        "channel_texts": {str(k): v for k, v in own_texts.items()},
        "updated_by": actor if getattr(actor, "is_authenticated", False) else None,
    }
    override, _created = AutopostOverride.objects.update_or_create(
        source_type=ContentType.objects.get_for_model(source_object),
        source_id=str(source_object.pk),
        defaults=values,
    )
    audit_record(
        actor=actor,
        action=ChannelAction.AUTOPOST_OVERRIDE,
        target=override,
        unit_path=unit.path,
        data={
            "source": f"{override.source_type_id}:{override.source_id}",
            "skip_all": skip_all,
            "skipped": skipped_ids,
            "custom_text_channels": sorted(own_texts),
        },
    )
    return override
