"""Writes of directives: drafting the content package and sending it down
the tree, which gives every target unit one task (docs/subsystems/campaigns.md).

Sending to the whole tree of the confederation means ~150,000 tasks: target
units are chosen by indexed prefix conditions and the tasks written by one
INSERT … SELECT inside the database, never one INSERT per unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from lantoa.campaigns.choices import (
    CampaignAction,
    DirectiveStatus,
    RequiredAction,
    TargetMode,
    TaskState,
)
from lantoa.campaigns.events import DIRECTIVE_SENT
from lantoa.campaigns.models import Campaign, Directive, DirectiveTask
from lantoa.campaigns.models.directives import SITE_BODY_FEATURES
from lantoa.campaigns.services.common import in_subtree
from lantoa.channels.choices import SOCIAL_PLATFORMS
from lantoa.core import events
from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput
from lantoa.core.mail import mail_after_commit, mail_to_users
from lantoa.core.text import normalize_nfc
from lantoa.core.urls_check import WEB_ADDRESS_PROBLEM, is_web_address
from lantoa.newsroom.public import clean_rich_text
from lantoa.org.choices import COUNTED_UNIT_KINDS, Perm, UnitKind
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import require_perm
from lantoa.org.selectors import unit_approvers

TASK_BATCH = 2000
MAX_IMAGE_BYTES = 10 * 2**20
MAX_DOCUMENT_BYTES = 20 * 2**20
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "webp", "gif"}
DOCUMENT_EXTENSIONS = {"pdf", "docx", "doc", "xlsx", "pptx", "odt", "txt", "zip"}

PACKAGE_FIELDS = (
    "title", "instructions", "site_title", "site_lead", "site_body", "post_text",
    "platform_texts", "link", "required_actions", "due_at", "target_mode", "target_kinds",
    "include_subtrees", "campaign",
)  # fmt: skip


@dataclass(frozen=True)
class SendResult:
    directive: Directive
    task_count: int


def _clean_package(fields: dict[str, Any], sender: OrgUnit) -> dict[str, Any]:
    """Normalise and check the package's fields (raises InvalidInput)."""
    cleaned = dict(fields)
    for name in ("title", "instructions", "site_title", "site_lead", "post_text"):
        if name in cleaned:
            cleaned[name] = normalize_nfc(str(cleaned[name] or "")).strip()
    if "title" in cleaned and not cleaned["title"]:
        raise InvalidInput("Tiêu đề định hướng không được để trống.")
    if "instructions" in cleaned and not cleaned["instructions"]:
        raise InvalidInput("Hướng dẫn thực hiện không được để trống.")
    if "link" in cleaned:
        cleaned["link"] = str(cleaned["link"] or "").strip()
        if cleaned["link"] and not is_web_address(cleaned["link"]):
            raise InvalidInput(WEB_ADDRESS_PROBLEM)
    if "site_body" in cleaned:
        # From the admin form, scripts or the API alike: only whitelisted HTML is stored.
        cleaned["site_body"] = clean_rich_text(str(cleaned["site_body"] or ""), SITE_BODY_FEATURES)
    texts = cleaned.get("platform_texts")
    if texts is not None:
        unknown = set(texts) - set(SOCIAL_PLATFORMS)
        if unknown:
            raise InvalidInput(f"Nền tảng không hợp lệ: {', '.join(sorted(unknown))}.")
        cleaned["platform_texts"] = {
            p: normalize_nfc(str(t)).strip() for p, t in texts.items() if str(t).strip()
        }
    actions = cleaned.get("required_actions")
    if actions is not None:
        actions = list(dict.fromkeys(actions))
        if not actions:
            raise InvalidInput("Chọn ít nhất một yêu cầu thực hiện.")
        if set(actions) - set(RequiredAction.values):
            raise InvalidInput("Yêu cầu thực hiện không hợp lệ.")
        cleaned["required_actions"] = actions
    kinds = cleaned.get("target_kinds")
    if kinds is not None:
        if set(kinds) - set(UnitKind.values):
            raise InvalidInput("Cấp đơn vị không hợp lệ.")
        cleaned["target_kinds"] = list(dict.fromkeys(kinds))
    if "target_mode" in cleaned and cleaned["target_mode"] not in TargetMode.values:
        raise InvalidInput("Cách chọn đơn vị nhận không hợp lệ.")
    campaign: Campaign | None = cleaned.get("campaign")
    if campaign is not None and not in_subtree(sender, campaign.scope_unit):
        raise InvalidInput("Đơn vị gửi không thuộc phạm vi của chiến dịch đã chọn.")
    return cleaned


def _check_ready(directive: Directive) -> None:
    """What must hold before a package can go out."""
    actions = set(directive.required_actions)
    if not actions:
        raise InvalidInput("Chọn ít nhất một yêu cầu thực hiện.")
    if RequiredAction.PUBLISH_SITE in actions and not (
        directive.site_lead or strip_tags(directive.site_body).strip()
    ):
        raise InvalidInput("Yêu cầu đăng trên trang tin cần có sapo hoặc nội dung tin bài.")
    if RequiredAction.PUBLISH_SOCIAL in actions and not (
        directive.post_text or any(directive.platform_texts.values())
    ):
        raise InvalidInput("Yêu cầu đăng trên mạng xã hội cần có nội dung bài đăng.")
    if directive.due_at <= timezone.now():
        raise InvalidInput("Hạn hoàn thành phải ở tương lai.")


def _check_chosen(sender: OrgUnit, chosen: Sequence[OrgUnit]) -> None:
    outside = [u for u in chosen if not u.path.startswith(sender.path) or u.pk == sender.pk]
    if outside:
        names = ", ".join(u.name for u in outside[:3])
        raise InvalidInput(f"Chỉ gửi được tới các đơn vị cấp dưới của đơn vị gửi: {names}.")


def _store_images(actor: Actor, files: Iterable[UploadedFile[bytes]]) -> list[Any]:
    image_model = get_image_model()
    root = Collection.get_first_root_node()
    stored = []
    for upload in files:
        suffix = (upload.name or "").rsplit(".", 1)[-1].lower()
        if suffix not in IMAGE_EXTENSIONS:
            raise InvalidInput(f"Tệp «{upload.name}» không phải ảnh JPEG, PNG, WebP hoặc GIF.")
        if (upload.size or 0) > MAX_IMAGE_BYTES:
            raise InvalidInput(f"Ảnh «{upload.name}» quá lớn (tối đa 10 MB).")
        image = image_model(
            title=(upload.name or "anh").rsplit(".", 1)[0][:255],
            file=upload,
            collection=root,
            uploaded_by_user_id=actor_user_id(actor),
        )
        image.save()
        stored.append(image)
    return stored


def _store_documents(actor: Actor, files: Iterable[UploadedFile[bytes]]) -> list[Any]:
    document_model = get_document_model()
    root = Collection.get_first_root_node()
    stored = []
    for upload in files:
        suffix = (upload.name or "").rsplit(".", 1)[-1].lower()
        if suffix not in DOCUMENT_EXTENSIONS:
            raise InvalidInput(f"Không nhận tệp «{upload.name}»: chỉ PDF, Word, Excel, …")
        if (upload.size or 0) > MAX_DOCUMENT_BYTES:
            raise InvalidInput(f"Tài liệu «{upload.name}» quá lớn (tối đa 20 MB).")
        document = document_model(
            title=(upload.name or "tai-lieu").rsplit(".", 1)[0][:255],
            file=upload,
            collection=root,
            uploaded_by_user_id=actor_user_id(actor),
        )
        document.save()
        stored.append(document)
    return stored


@transaction.atomic
def directive_create(
    *,
    actor: Actor,
    sender_unit: OrgUnit,
    title: str,
    instructions: str,
    due_at: datetime,
    required_actions: Sequence[str],
    chosen_units: Sequence[OrgUnit] = (),
    image_files: Sequence[UploadedFile[bytes]] = (),
    document_files: Sequence[UploadedFile[bytes]] = (),
    **package: Any,
) -> Directive:
    """A draft directive of `sender_unit`; `Perm.CONTENT_EDIT` there (officers
    draft and submit, the unit's approvers send). Audited.

    `package` holds the other fields of the package (site_title, site_lead,
    site_body, post_text, platform_texts, link, target_mode, target_kinds,
    include_subtrees, campaign). Uploaded images and documents become Wagtail
    images and documents, so an adopted article can use them as they are.
    """
    require_perm(actor, Perm.CONTENT_EDIT, sender_unit)
    unknown = set(package) - set(PACKAGE_FIELDS)
    if unknown:
        raise InvalidInput(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
    fields = _clean_package(
        {
            **package,
            "title": title,
            "instructions": instructions,
            "required_actions": list(required_actions),
        },
        sender_unit,
    )
    _check_chosen(sender_unit, chosen_units)
    directive = Directive.objects.create(
        sender_unit=sender_unit,
        due_at=due_at,
        created_by_id=actor_user_id(actor),
        **{k: v for k, v in fields.items() if k != "due_at"},
    )
    if chosen_units:
        directive.chosen_units.set(chosen_units)
    directive.images.add(*_store_images(actor, image_files))
    directive.documents.add(*_store_documents(actor, document_files))
    audit_record(
        actor=actor,
        action=CampaignAction.DIRECTIVE_CREATE,
        target=directive,
        unit_path=sender_unit.path,
    )
    return directive


@transaction.atomic
def directive_update(
    *,
    actor: Actor,
    directive: Directive,
    chosen_units: Sequence[OrgUnit] | None = None,
    image_files: Sequence[UploadedFile[bytes]] = (),
    document_files: Sequence[UploadedFile[bytes]] = (),
    **package: Any,
) -> Directive:
    """Change a draft's package (a sent directive is never changed). Its
    author's officers change a draft; once submitted, only the sender's
    approvers (who may correct it before sending)."""
    directive = Directive.objects.select_for_update(of=("self",)).get(pk=directive.pk)
    sender = directive.sender_unit
    require_perm(actor, directive_edit_perm(directive), sender)
    if directive.status == DirectiveStatus.SENT:
        raise InvalidInput("Định hướng đã gửi, không sửa được nữa.")
    unknown = set(package) - set(PACKAGE_FIELDS)
    if unknown:
        raise InvalidInput(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
    fields = _clean_package(package, sender)
    for name, value in fields.items():
        setattr(directive, name, value)
    directive.save()
    if chosen_units is not None:
        _check_chosen(sender, chosen_units)
        directive.chosen_units.set(chosen_units)
    directive.images.add(*_store_images(actor, image_files))
    directive.documents.add(*_store_documents(actor, document_files))
    audit_record(
        actor=actor,
        action=CampaignAction.DIRECTIVE_UPDATE,
        target=directive,
        unit_path=sender.path,
        data={"fields": sorted(fields)},
    )
    return directive


def directive_edit_perm(directive: Directive) -> str:
    """What it takes to change the directive now: a draft is the officers', a
    submitted one waits for the approvers."""
    if directive.status == DirectiveStatus.DRAFT:
        return Perm.CONTENT_EDIT
    return Perm.CONTENT_APPROVE


@transaction.atomic
def directive_submit(*, actor: Actor, directive: Directive) -> Directive:
    """An officer asks the sender unit's approvers to send a draft (they are
    e-mailed after commit). `Perm.CONTENT_EDIT` at the sender. Locks the
    directive; audited."""
    directive = (
        Directive.objects.select_for_update(of=("self",))
        .select_related("sender_unit")
        .get(pk=directive.pk)
    )
    require_perm(actor, Perm.CONTENT_EDIT, directive.sender_unit)
    if directive.status != DirectiveStatus.DRAFT:
        raise InvalidInput("Chỉ gửi duyệt được bản nháp.")
    _check_ready(directive)
    directive.status = DirectiveStatus.SUBMITTED
    directive.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=CampaignAction.DIRECTIVE_SUBMIT,
        target=directive,
        unit_path=directive.sender_unit.path,
    )
    _ask_approvers(directive, actor)
    return directive


def _ask_approvers(directive: Directive, actor: Actor) -> None:
    url = f"{str(settings.WAGTAILADMIN_BASE_URL).rstrip('/')}" + reverse(
        "campaigns_directives:detail", args=[directive.pk]
    )
    who = str(getattr(actor, "get_full_name", lambda: "")() or actor.get_username())
    unit = directive.sender_unit

    def compose(user: object) -> tuple[str, str]:
        subject = _("[Lantoa] Chờ duyệt: định hướng «%(title)s» của %(unit)s") % {
            "title": directive.title,
            "unit": unit.name,
        }
        body = _(
            "%(who)s đã soạn định hướng tuyên truyền «%(title)s» và đề nghị %(unit)s gửi "
            "xuống các đơn vị cấp dưới.\n\nXem, sửa nếu cần, rồi «Gửi»: %(url)s"
        ) % {"who": who, "title": directive.title, "unit": unit.name, "url": url}
        return subject, body

    mail_after_commit(mail_to_users(unit_approvers(unit), compose, exclude=actor))


def directive_target_units(directive: Directive) -> QuerySet[OrgUnit]:
    """The active units a directive goes to: descendants of the sender only,
    all of them or the chosen ones (with their subtrees if asked), of the kinds
    in `target_kinds` when set, else of the kinds every count counts
    (`COUNTED_UNIT_KINDS`: not trade-union groups)."""
    sender = directive.sender_unit
    units = OrgUnit.objects.filter(
        path__startswith=sender.path, depth__gt=sender.depth, is_active=True
    )
    if directive.target_mode == TargetMode.CHOSEN:
        chosen = list(directive.chosen_units.filter(path__startswith=sender.path))
        if not chosen:
            return units.none()
        if directive.include_subtrees:
            condition = Q()
            for unit in chosen:
                condition |= Q(path__startswith=unit.path)
            units = units.filter(condition)
        else:
            units = units.filter(pk__in=[u.pk for u in chosen])
    kinds = directive.target_kinds or sorted(COUNTED_UNIT_KINDS)
    return units.filter(kind__in=kinds)


# How each engine makes a random UUID in SQL, in the form Django stores it.
SQL_UUID = {"postgresql": "gen_random_uuid()", "sqlite": "lower(hex(randomblob(16)))"}


def _create_tasks(directive: Directive, units: QuerySet[OrgUnit]) -> int:
    """One "new" task per unit of `units`; returns how many.

    On PostgreSQL and SQLite a single INSERT … SELECT writes them all inside
    the database (150,000 tasks without a row crossing into Python); other
    engines get `bulk_create` in batches.
    """
    vendor = connection.vendor
    now = timezone.now()
    if vendor in SQL_UUID:
        ops = connection.ops
        units_sql, units_params = (
            units.annotate(task_unit=F("pk")).values("task_unit").query.sql_with_params()
        )
        table = connection.ops.quote_name(DirectiveTask._meta.db_table)
        # Only names of our own and SQL that Django compiled go into the string;
        # every value is a parameter.
        columns = "public_id, directive_id, unit_id, state, due_at, created_at"
        select = f"SELECT {SQL_UUID[vendor]}, %s, picked.task_unit, %s, %s, %s"
        sql = f"INSERT INTO {table} ({columns}) {select} FROM ({units_sql}) AS picked"
        params = [
            directive.pk,
            TaskState.NEW.value,
            ops.adapt_datetimefield_value(directive.due_at),
            ops.adapt_datetimefield_value(now),
            *units_params,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.rowcount)
    count = 0
    batch: list[DirectiveTask] = []
    for unit_id in units.values_list("pk", flat=True).iterator(chunk_size=TASK_BATCH):
        batch.append(
            DirectiveTask(
                directive=directive, unit_id=unit_id, due_at=directive.due_at, state=TaskState.NEW
            )
        )
        if len(batch) >= TASK_BATCH:
            DirectiveTask.objects.bulk_create(batch)
            count, batch = count + len(batch), []
    DirectiveTask.objects.bulk_create(batch)
    return count + len(batch)


@transaction.atomic
def directive_send(*, actor: Actor, directive: Directive) -> SendResult:
    """Send a draft: one task per target unit, state "new", due at the
    directive's due date. Needs `Perm.CONTENT_APPROVE` at the sender. Locks
    the directive, so two clicks never send twice. Audited once (not per task).
    """
    directive = (
        Directive.objects.select_for_update(of=("self",))
        .select_related("sender_unit")
        .get(pk=directive.pk)
    )
    require_perm(actor, Perm.CONTENT_APPROVE, directive.sender_unit)
    if directive.status == DirectiveStatus.SENT:
        raise InvalidInput("Định hướng này đã được gửi.")
    _check_ready(directive)
    count = _create_tasks(directive, directive_target_units(directive))
    if count == 0:
        raise InvalidInput("Không có đơn vị cấp dưới nào nhận định hướng này.")
    directive.status = DirectiveStatus.SENT
    directive.sent_at = timezone.now()
    directive.sent_by_id = actor_user_id(actor)
    directive.task_count = count
    directive.save(update_fields=["status", "sent_at", "sent_by", "task_count", "updated_at"])
    audit_record(
        actor=actor,
        action=CampaignAction.DIRECTIVE_SEND,
        target=directive,
        unit_path=directive.sender_unit.path,
        data={"tasks": count, "due_at": directive.due_at.isoformat()},
    )
    events.announce(
        DIRECTIVE_SENT,
        directive_id=directive.pk,
        sender_unit_id=directive.sender_unit_id,
        task_count=count,
    )
    return SendResult(directive=directive, task_count=count)
