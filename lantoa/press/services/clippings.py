"""Writes of the clipping log: articles of the press about a unit's work."""

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.audit import audit_record, changed_fields
from lantoa.core.exceptions import InvalidInput
from lantoa.org.choices import Perm
from lantoa.org.scoping import require_perm
from lantoa.press.choices import PressAction
from lantoa.press.models import Clipping
from lantoa.press.services.common import snapshot

CLIPPING_FIELDS = (
    "url", "title", "published_on", "tone", "reach", "excerpt", "outlet_id", "outlet_name",
    "release_id", "campaign_ref", "unit_id",
)  # fmt: skip
TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "zarsrc", "lt")


def clipping_url(raw: str) -> str:
    """The article's address without tracking parameters and fragment, so the
    same article shared with different tags is logged once."""
    url = (raw or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise InvalidInput(
            "Địa chỉ bài báo không hợp lệ (cần bắt đầu bằng http:// hoặc https://)."
        ) from exc
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not any(k == p or (p.endswith("_") and k.startswith(p)) for p in TRACKING_PARAMS)
    ]
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), "")
    )


def _validate(clipping: Clipping) -> None:
    clipping.url = clipping_url(clipping.url)
    clipping.title = " ".join(clipping.title.split())
    if not clipping.title:
        raise InvalidInput("Hãy nhập tiêu đề bài báo.")
    clipping.outlet_name = " ".join(clipping.outlet_name.split())
    if clipping.outlet_id is None and not clipping.outlet_name:
        raise InvalidInput("Hãy chọn hoặc nhập tên cơ quan báo chí.")
    if clipping.outlet_id is not None and clipping.outlet.unit_id != clipping.unit_id:  # type: ignore[union-attr]
        raise InvalidInput("Cơ quan báo chí phải thuộc danh bạ của cùng đơn vị.")
    if clipping.release_id is not None and clipping.release.unit_id != clipping.unit_id:  # type: ignore[union-attr]
        raise InvalidInput("Thông cáo liên quan phải của cùng đơn vị.")
    if clipping.campaign_ref is None and clipping.release_id is not None:
        clipping.campaign_ref = clipping.release.campaign_ref  # type: ignore[union-attr]
    duplicate = Clipping.objects.filter(unit_id=clipping.unit_id, url=clipping.url)
    if clipping.pk:
        duplicate = duplicate.exclude(pk=clipping.pk)
    if duplicate.exists():
        raise InvalidInput("Bài báo này đã có trong nhật ký của đơn vị.")


@transaction.atomic
def clipping_save(*, actor: Actor, clipping: Clipping) -> Clipping:
    """Log (or correct) an article about the unit's work. Needs
    `Perm.CONTENT_EDIT` at the unit. The URL is cleaned of tracking tags and
    is unique per unit; a clipping tied to a release inherits its campaign.
    Audited."""
    creating = clipping.pk is None
    before: dict[str, Any] = {}
    if not creating:
        stored = Clipping.objects.select_related("unit").get(pk=clipping.pk)
        require_perm(actor, Perm.CONTENT_EDIT, stored.unit)
        before = snapshot(stored, CLIPPING_FIELDS)
    require_perm(actor, Perm.CONTENT_EDIT, clipping.unit)
    _validate(clipping)
    if creating:
        clipping.created_by_id = actor_user_id(actor)
    clipping.save()
    audit_record(
        actor=actor,
        action=PressAction.CLIPPING_CREATE if creating else PressAction.CLIPPING_UPDATE,
        target=clipping,
        unit_path=clipping.unit.path,
        data={"url": clipping.url}
        if creating
        else {"changed": changed_fields(before, snapshot(clipping, CLIPPING_FIELDS))},
    )
    return clipping


@transaction.atomic
def clipping_delete(*, actor: Actor, clipping: Clipping) -> None:
    """Remove a clipping logged by mistake. Needs `Perm.CONTENT_EDIT`. Audited."""
    stored = Clipping.objects.select_related("unit").get(pk=clipping.pk)
    require_perm(actor, Perm.CONTENT_EDIT, stored.unit)
    audit_record(
        actor=actor,
        action=PressAction.CLIPPING_DELETE,
        target=stored,
        unit_path=stored.unit.path,
        data={"url": stored.url, "title": stored.title},
    )
    stored.delete()
