"""Advocacy's writes: share kits and their approval, each unit's sharing
rules, ambassadors (opt-in, settings, leaving), personal links and shares,
and the weekly digest (docs/subsystems/advocacy.md)."""

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from lantoa.advocacy.choices import AdvocacyAction, DigestFrequency, KitState, Network
from lantoa.advocacy.clicks import clicks_drain, visitor_keys_forget
from lantoa.advocacy.models import Ambassador, KitText, ShareKit, ShareLink, SharePolicy
from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.audit import audit_record, changed_fields
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.text import search_key, vietnamese_slugify
from lantoa.org.choices import Perm
from lantoa.org.public import Member, OrgUnit
from lantoa.org.scoping import require_perm

__all__ = [
    "KitWrongState",
    "ambassador_join",
    "ambassador_leave",
    "ambassador_update",
    "clicks_drain",
    "effective_policy",
    "kit_close",
    "kit_publish",
    "kit_save",
    "link_for",
    "policy_save",
    "share_record",
    "visitor_keys_forget",
]

CODE_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 7
MAX_HASHTAGS = 10


class KitWrongState(InvalidInput):
    code = "kit_wrong_state"


# -- governance ---------------------------------------------------------------------


class Policy:
    """The rules a unit's kits follow: its own and every ancestor's.
    Networks: those every rule allows (no rule: all); words: any rule's."""

    def __init__(self, networks: list[str], blocked_words: list[str]) -> None:
        self.networks = networks
        self.blocked_words = blocked_words

    def offending(self, text: str) -> list[str]:
        folded = f" {search_key(text)} "
        return [w for w in self.blocked_words if f" {search_key(w)} " in folded]


def effective_policy(unit: OrgUnit) -> Policy:
    paths = [unit.path[:i] for i in range(OrgUnit.steplen, len(unit.path) + 1, OrgUnit.steplen)]
    networks = list(Network.values)
    words: list[str] = []
    for policy in SharePolicy.objects.filter(unit__path__in=paths).order_by("unit__depth"):
        if policy.networks:
            networks = [n for n in networks if n in policy.networks]
        words += [w for w in policy.blocked_words if w not in words]
    return Policy(networks, words)


def _clean_words(values: Iterable[str]) -> list[str]:
    words: list[str] = []
    for value in values:
        word = " ".join(str(value).split())
        if word and word.casefold() not in {w.casefold() for w in words}:
            words.append(word)
    return words


@transaction.atomic
def policy_save(
    *, actor: Actor, unit: OrgUnit, networks: Iterable[str], blocked_words: Iterable[str]
) -> SharePolicy:
    """Set a unit's sharing rules. Needs `Perm.CONTENT_APPROVE` at the unit
    (the rules bind every unit below). Audited."""
    require_perm(actor, Perm.CONTENT_APPROVE, unit)
    chosen = list(dict.fromkeys(networks))
    unknown = [n for n in chosen if n not in Network.values]
    if unknown:
        raise InvalidInput(f"Mạng không có trong danh mục: {', '.join(unknown)}")
    if not chosen:
        raise InvalidInput("Hãy cho phép ít nhất một mạng.")
    policy, _ = SharePolicy.objects.select_for_update().get_or_create(unit=unit)
    before = {"networks": policy.networks, "blocked_words": policy.blocked_words}
    policy.networks = [n for n in Network.values if n in chosen]
    policy.blocked_words = _clean_words(blocked_words)
    policy.save()
    audit_record(
        actor=actor,
        action=AdvocacyAction.POLICY_SAVE,
        target=policy,
        unit_path=unit.path,
        data={
            "changed": changed_fields(
                before, {"networks": policy.networks, "blocked_words": policy.blocked_words}
            )
        },
    )
    return policy


# -- kits ---------------------------------------------------------------------------


def _clean_hashtags(values: Iterable[str]) -> list[str]:
    tags = []
    for value in values:
        tag = str(value).strip().lstrip("#").replace(" ", "")
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_HASHTAGS:
        raise InvalidInput(f"Tối đa {MAX_HASHTAGS} hashtag.")
    return tags


def _check_governance(kit: ShareKit, texts: Mapping[str, str]) -> None:
    policy = effective_policy(kit.unit)
    refused = [Network(n).label for n in texts if n not in policy.networks]
    if refused:
        raise InvalidInput(
            "Quy định của đơn vị không cho chia sẻ lên: " + ", ".join(map(str, refused))
        )
    for network, text in texts.items():
        bad = policy.offending(f"{kit.title} {text} {' '.join(kit.hashtags)}")
        if bad:
            raise InvalidInput(
                f"Lời giới thiệu cho {Network(network).label} có từ ngữ đơn vị không dùng: "
                + ", ".join(bad)
            )


@transaction.atomic
def kit_save(*, actor: Actor, kit: ShareKit, texts: Mapping[str, str]) -> ShareKit:
    """Create or update a kit and its suggested texts (network → text; an
    empty text drops that network). Needs `Perm.CONTENT_EDIT` at the unit.
    Texts must respect the unit's rules (allowed networks, unwanted words).
    A published kit that changes goes back to draft (approval covers the
    exact text). Audited."""
    creating = kit.pk is None
    before: dict[str, Any] = {}
    if not creating:
        stored = ShareKit.objects.select_for_update().select_related("unit").get(pk=kit.pk)
        require_perm(actor, Perm.CONTENT_EDIT, stored.unit)
        if stored.state == KitState.CLOSED:
            raise KitWrongState("Bộ chia sẻ đã kết thúc, không sửa được nữa.")
        before = {
            "title": stored.title,
            "url": stored.url,
            "hashtags": stored.hashtags,
            "texts": dict(stored.texts.values_list("network", "text")),
        }
        kit.state = stored.state
    require_perm(actor, Perm.CONTENT_EDIT, kit.unit)
    kit.title = " ".join(kit.title.split())
    if not kit.title:
        raise InvalidInput("Hãy nhập tiêu đề bộ chia sẻ.")
    if not kit.url.startswith(("http://", "https://")):
        raise InvalidInput("Địa chỉ được chia sẻ phải bắt đầu bằng http:// hoặc https://.")
    kit.hashtags = _clean_hashtags(kit.hashtags)
    clean_texts = {n: t.strip() for n, t in texts.items() if t and t.strip()}
    unknown = [n for n in clean_texts if n not in Network.values]
    if unknown:
        raise InvalidInput(f"Mạng không có trong danh mục: {', '.join(unknown)}")
    if not clean_texts:
        raise InvalidInput("Hãy viết lời giới thiệu cho ít nhất một mạng.")
    _check_governance(kit, clean_texts)
    kit.slug = vietnamese_slugify(kit.title, 60) or "chia-se"
    after = {"title": kit.title, "url": kit.url, "hashtags": kit.hashtags, "texts": clean_texts}
    changes = changed_fields(before, after) if not creating else {}
    if creating:
        kit.state = KitState.DRAFT
        kit.created_by_id = actor_user_id(actor)
    elif changes and kit.state == KitState.PUBLISHED:
        kit.state = KitState.DRAFT
        kit.published_at = None
        kit.published_by_id = None
    kit.save()
    kit.texts.exclude(network__in=list(clean_texts)).delete()
    for network, text in clean_texts.items():
        KitText.objects.update_or_create(kit=kit, network=network, defaults={"text": text})
    audit_record(
        actor=actor,
        action=AdvocacyAction.KIT_CREATE if creating else AdvocacyAction.KIT_UPDATE,
        target=kit,
        unit_path=kit.unit.path,
        data={"title": kit.title} if creating else {"changed": changes},
    )
    return kit


@transaction.atomic
def kit_publish(*, actor: Actor, kit: ShareKit) -> ShareKit:
    """Draft → published: the owning unit's approver (`Perm.CONTENT_APPROVE`)
    invites members to share it. The rules are checked again (they may have
    changed since the kit was written)."""
    kit = ShareKit.objects.select_for_update().select_related("unit").get(pk=kit.pk)
    require_perm(actor, Perm.CONTENT_APPROVE, kit.unit)
    if kit.state != KitState.DRAFT:
        raise KitWrongState("Chỉ duyệt được bộ chia sẻ đang là bản nháp.")
    _check_governance(kit, dict(kit.texts.values_list("network", "text")))
    kit.state = KitState.PUBLISHED
    kit.published_at = timezone.now()
    kit.published_by_id = actor_user_id(actor)
    kit.save(update_fields=["state", "published_at", "published_by", "updated_at"])
    audit_record(
        actor=actor, action=AdvocacyAction.KIT_PUBLISH, target=kit, unit_path=kit.unit.path
    )
    return kit


@transaction.atomic
def kit_close(*, actor: Actor, kit: ShareKit) -> ShareKit:
    """Stop inviting shares (links keep leading to the page). `Perm.CONTENT_EDIT`."""
    kit = ShareKit.objects.select_for_update().select_related("unit").get(pk=kit.pk)
    require_perm(actor, Perm.CONTENT_EDIT, kit.unit)
    if kit.state == KitState.CLOSED:
        return kit
    kit.state = KitState.CLOSED
    kit.save(update_fields=["state", "updated_at"])
    audit_record(actor=actor, action=AdvocacyAction.KIT_CLOSE, target=kit, unit_path=kit.unit.path)
    return kit


# -- ambassadors --------------------------------------------------------------------


def _require_self(actor: Actor, member: Member) -> None:
    if actor_user_id(actor) is None or actor_user_id(actor) != member.user_id:
        raise PermissionDenied("Chỉ đoàn viên tự chọn tham gia hoặc thôi tham gia.")


@transaction.atomic
def ambassador_join(
    *,
    actor: Actor,
    member: Member,
    on_board: bool = True,
    digest: str = DigestFrequency.WEEKLY,
) -> Ambassador:
    """The member chooses to share the union's news (only they can). Joining
    again after leaving keeps the past. Audited."""
    _require_self(actor, member)
    if digest not in DigestFrequency.values:
        raise InvalidInput("Tần suất thư tổng hợp không hợp lệ.")
    ambassador = Ambassador.objects.select_for_update().filter(member=member).first()
    if ambassador is not None and ambassador.active:
        return ambassador
    now = timezone.now()
    if ambassador is None:
        ambassador = Ambassador(member=member, joined_at=now)
    ambassador.active = True
    ambassador.left_at = None
    ambassador.on_board = on_board
    ambassador.digest = digest
    ambassador.save()
    audit_record(
        actor=actor,
        action=AdvocacyAction.AMBASSADOR_JOIN,
        target=ambassador,
        unit_path=member.unit.path,
    )
    return ambassador


@transaction.atomic
def ambassador_update(
    *, actor: Actor, ambassador: Ambassador, on_board: bool, digest: str
) -> Ambassador:
    """The ambassador's own settings: shown on boards or not, digest frequency."""
    ambassador = (
        Ambassador.objects.select_for_update().select_related("member__unit").get(pk=ambassador.pk)
    )
    _require_self(actor, ambassador.member)
    if digest not in DigestFrequency.values:
        raise InvalidInput("Tần suất thư tổng hợp không hợp lệ.")
    before = {"on_board": ambassador.on_board, "digest": ambassador.digest}
    ambassador.on_board = on_board
    ambassador.digest = digest
    ambassador.save(update_fields=["on_board", "digest"])
    changes = changed_fields(before, {"on_board": on_board, "digest": digest})
    if changes:
        audit_record(
            actor=actor,
            action=AdvocacyAction.AMBASSADOR_UPDATE,
            target=ambassador,
            unit_path=ambassador.member.unit.path,
            data={"changed": changes},
        )
    return ambassador


@transaction.atomic
def ambassador_leave(*, actor: Actor, ambassador: Ambassador) -> Ambassador:
    """Stop: no more kits, boards or digests (past shares still count for the unit)."""
    ambassador = (
        Ambassador.objects.select_for_update().select_related("member__unit").get(pk=ambassador.pk)
    )
    _require_self(actor, ambassador.member)
    if not ambassador.active:
        return ambassador
    ambassador.active = False
    ambassador.left_at = timezone.now()
    ambassador.save(update_fields=["active", "left_at"])
    audit_record(
        actor=actor,
        action=AdvocacyAction.AMBASSADOR_LEAVE,
        target=ambassador,
        unit_path=ambassador.member.unit.path,
    )
    return ambassador


# -- links and shares ---------------------------------------------------------------


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def link_for(*, ambassador: Ambassador, kit: ShareKit, network: str) -> ShareLink:
    """The ambassador's personal link to `kit` for `network` (made once)."""
    if network not in Network.values:
        raise InvalidInput("Mạng không hợp lệ.")
    link = ShareLink.objects.filter(kit=kit, ambassador=ambassador, network=network).first()
    if link is not None:
        return link
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return ShareLink.objects.create(
                    kit=kit, ambassador=ambassador, network=network, code=_new_code()
                )
        except IntegrityError:
            link = ShareLink.objects.filter(kit=kit, ambassador=ambassador, network=network).first()
            if link is not None:
                return link
    raise RuntimeError("could not allocate a short link code")


def share_record(*, ambassador: Ambassador, kit: ShareKit, network: str) -> ShareLink:
    """The ambassador used a share button: the first use of each network
    counts as a share (points are for sharing, not for repeating)."""
    if not ambassador.active:
        raise InvalidInput("Bạn đã thôi tham gia chia sẻ.")
    if kit.state != KitState.PUBLISHED:
        raise KitWrongState("Bộ chia sẻ này không còn mời chia sẻ.")
    if network not in effective_policy(kit.unit).networks:
        raise InvalidInput("Quy định của đơn vị không cho chia sẻ lên mạng này.")
    link = link_for(ambassador=ambassador, kit=kit, network=network)
    ShareLink.objects.filter(pk=link.pk, shared_at__isnull=True).update(shared_at=timezone.now())
    link.refresh_from_db(fields=["shared_at"])
    return link


def period_start(frequency: str, now: dt.datetime) -> dt.datetime:
    return now - (
        dt.timedelta(days=7) if frequency == DigestFrequency.WEEKLY else dt.timedelta(days=30)
    )
