"""The fact library: verified statements with sources and validity dates
(docs/subsystems/incidents.md, "Facts").

A fact belongs to a unit and serves that unit's whole subtree (the industry
union's figures answer a rumour at any grassroots union). A fact past its
`valid_until` is expired: it stays in the library, flagged, is never offered
for a new response, and its unit's officers get one notice."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.audit import audit_record, changed_fields
from lantoa.core.exceptions import InvalidInput
from lantoa.core.text import search_key
from lantoa.incidents.choices import Category, IncidentAction, NoticeKind
from lantoa.incidents.models import Fact, Notice
from lantoa.incidents.services.common import require_edit
from lantoa.org.public import OrgUnit

MAX_SOURCES = 20


def fact_search_text(fact: Fact) -> str:
    """What the matcher reads: statement, details and keywords, folded."""
    return search_key(" ".join([fact.statement, fact.details, fact.keywords.replace(",", " ")]))


def _clean_sources(sources: Any) -> list[dict[str, str]]:
    cleaned = []
    for source in sources or []:
        if isinstance(source, str):
            source = {"title": source, "url": ""}
        title = str(source.get("title") or "").strip()[:300]
        url = str(source.get("url") or "").strip()[:1000]
        if url and not url.startswith(("http://", "https://")):
            raise InvalidInput(f"Đường dẫn nguồn không hợp lệ: {url}")
        if title or url:
            cleaned.append({"title": title, "url": url})
    if not cleaned:
        raise InvalidInput("Dữ kiện cần ít nhất một nguồn (văn bản, nghị quyết, đường dẫn).")
    if len(cleaned) > MAX_SOURCES:
        raise InvalidInput(f"Tối đa {MAX_SOURCES} nguồn cho một dữ kiện.")
    return cleaned


def _check(statement: str, valid_from: dt.date, valid_until: dt.date | None, category: str) -> str:
    statement = (statement or "").strip()
    if not statement:
        raise InvalidInput("Hãy ghi nội dung dữ kiện.")
    if valid_until is not None and valid_until < valid_from:
        raise InvalidInput("Ngày hết hiệu lực phải sau ngày có hiệu lực.")
    if category and category not in Category.values:
        raise InvalidInput("Loại thông tin không hợp lệ.")
    return statement


@transaction.atomic
def fact_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    statement: str,
    sources: list[Any],
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    details: str = "",
    keywords: str = "",
    category: str = "",
) -> Fact:
    """Add a verified fact; the acting officer is recorded as its verifier."""
    require_edit(actor=actor, unit=unit)
    fact = Fact(
        unit=unit,
        statement=_check(statement, valid_from, valid_until, category),
        details=details.strip(),
        keywords=keywords.strip()[:500],
        category=category,
        sources=_clean_sources(sources),
        valid_from=valid_from,
        valid_until=valid_until,
        verified_by_id=actor_user_id(actor),
        verified_at=timezone.now(),
    )
    fact.search_text = fact_search_text(fact)
    fact.save()
    audit_record(actor=actor, action=IncidentAction.FACT_CREATE, target=fact, unit_path=unit.path)
    return fact


EDITABLE = ("statement", "details", "keywords", "category", "sources", "valid_from", "valid_until")


@transaction.atomic
def fact_update(*, actor: Actor, fact: Fact, **changes: Any) -> Fact:
    """Change a fact; re-verified by the acting officer. Extending its
    validity clears the expiry notice (it may expire again later)."""
    fact = Fact.objects.select_for_update(of=("self",)).select_related("unit").get(pk=fact.pk)
    require_edit(actor=actor, unit=fact.unit)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"Không sửa được: {', '.join(sorted(unknown))}.")
    before = {name: getattr(fact, name) for name in EDITABLE}
    for name, value in changes.items():
        setattr(fact, name, value)
    fact.statement = _check(fact.statement, fact.valid_from, fact.valid_until, fact.category)
    fact.sources = _clean_sources(fact.sources)
    fact.search_text = fact_search_text(fact)
    fact.verified_by_id = actor_user_id(actor)
    fact.verified_at = timezone.now()
    if not fact.is_expired:
        fact.expiry_noticed_at = None
    fact.save()
    audit_record(
        actor=actor,
        action=IncidentAction.FACT_UPDATE,
        target=fact,
        unit_path=fact.unit.path,
        data=changed_fields(before, {name: getattr(fact, name) for name in EDITABLE}),
    )
    return fact


def facts_expire(*, actor: Actor, today: dt.date | None = None) -> int:
    """Flag the facts whose validity ended before `today`: one notice to
    their unit's officers and one audit entry each, once. Returns how many."""
    today = today or timezone.localdate()
    count = 0
    due = Fact.objects.filter(valid_until__lt=today, expiry_noticed_at__isnull=True)
    for fact_id in due.values_list("pk", flat=True)[:1000]:
        with transaction.atomic():
            fact = (
                Fact.objects.select_for_update(of=("self",))
                .select_related("unit")
                .filter(pk=fact_id, expiry_noticed_at__isnull=True)
                .first()
            )
            if fact is None:
                continue
            fact.expiry_noticed_at = timezone.now()
            fact.save(update_fields=["expiry_noticed_at"])
            Notice.objects.create(
                unit=fact.unit,
                kind=NoticeKind.FACT_EXPIRED,
                fact=fact,
                text=f"Dữ kiện hết hiệu lực từ {fact.valid_until:%d/%m/%Y}: {fact.statement[:300]}",
            )
            audit_record(
                actor=actor,
                action=IncidentAction.FACT_EXPIRE,
                target=fact,
                unit_path=fact.unit.path,
            )
            count += 1
    return count
