"""The fact library: verified statements with sources and validity, scoped,
expiry flagged once; and the matcher's acceptance on paraphrased claims."""

import datetime as dt

import pytest
from django.utils import timezone

from lantoa.core.actors import SYSTEM
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.incidents import selectors
from lantoa.incidents.choices import IncidentAction, NoticeKind
from lantoa.incidents.models import Fact, Notice
from lantoa.incidents.services import facts
from lantoa.incidents.tests.claims import CLAIMS, FACTS
from lantoa.incidents.tests.factories import FactFactory

TODAY = dt.date(2025, 6, 10)


def test_officer_adds_a_fact_with_sources(tree, people):
    fact = facts.fact_create(
        actor=people.unit_officer,
        unit=tree.unit,
        statement="  Đại hội họp ngày 18–20/7/2023 tại Hà Nội. ",
        sources=[
            {"title": "Nghị quyết Đại hội", "url": "https://congdoandaukhi.vn/nq"},
            "Biên bản",
        ],
        valid_from=dt.date(2023, 7, 20),
        keywords="đại hội hoãn",
    )
    assert fact.statement == "Đại hội họp ngày 18–20/7/2023 tại Hà Nội."
    assert fact.source_lines == ["Nghị quyết Đại hội (https://congdoandaukhi.vn/nq)", "Biên bản"]
    assert fact.verified_by == people.unit_officer
    assert fact.search_text == "dai hoi hop ngay 18–20/7/2023 tai ha noi. dai hoi hoan"
    assert AuditLogEntry.objects.get().action == IncidentAction.FACT_CREATE


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sources": []}, "Dữ kiện cần ít nhất một nguồn"),
        ({"sources": [{"url": "javascript:x"}]}, "Đường dẫn nguồn không hợp lệ"),
        ({"statement": " "}, "Hãy ghi nội dung dữ kiện."),
        ({"valid_until": dt.date(2020, 1, 1)}, "Ngày hết hiệu lực phải sau ngày có hiệu lực."),
    ],
)
def test_bad_facts_are_refused(tree, people, changes, message):
    fields = {
        "statement": "Đoàn phí 1% lương",
        "sources": ["Điều lệ"],
        "valid_from": dt.date(2024, 1, 1),
        **changes,
    }
    with pytest.raises(InvalidInput) as refused:
        facts.fact_create(actor=people.unit_officer, unit=tree.unit, **fields)
    assert refused.value.message.startswith(message)
    assert Fact.objects.count() == 0


def test_scope_manage_below_use_from_above(tree, people):
    root_fact = FactFactory(unit=tree.root)
    unit_fact = FactFactory(unit=tree.unit)
    sibling_fact = FactFactory(unit=tree.sibling)
    assert set(selectors.facts_for(people.unit_officer)) == {root_fact, unit_fact}
    assert set(selectors.facts_for(people.root_officer)) == {root_fact, unit_fact, sibling_fact}
    assert set(selectors.facts_for(people.sibling_officer)) == {root_fact, sibling_fact}
    # Using is not managing: the unit's officer cannot change the industry union's fact.
    with pytest.raises(PermissionDenied):
        facts.fact_update(actor=people.unit_officer, fact=root_fact, statement="Khác")
    assert set(selectors.facts_serving(tree.child)) == {root_fact, unit_fact}


def test_an_expired_fact_is_flagged_once_and_no_longer_serves(tree, people):
    fact = FactFactory(
        unit=tree.unit, valid_from=dt.date(2025, 1, 1), valid_until=dt.date(2025, 6, 9)
    )
    assert fact in selectors.facts_serving(tree.unit, on=dt.date(2025, 6, 9))
    assert fact not in selectors.facts_serving(tree.unit, on=TODAY)
    assert facts.facts_expire(actor=SYSTEM, today=TODAY) == 1
    assert facts.facts_expire(actor=SYSTEM, today=TODAY) == 0
    notice = Notice.objects.get()
    assert (notice.unit, notice.kind, notice.fact) == (tree.unit, NoticeKind.FACT_EXPIRED, fact)
    assert notice.text.startswith("Dữ kiện hết hiệu lực từ 09/06/2025: ")
    # Extended by an officer: valid again, and it may expire (and be flagged) again later.
    facts.fact_update(actor=people.unit_officer, fact=fact, valid_until=timezone.localdate())
    fact.refresh_from_db()
    assert fact.expiry_noticed_at is None


@pytest.fixture
def library(tree):
    """The thirty facts of the test claims, spread over the tree's levels."""
    units = [tree.root, tree.parent, tree.unit]
    return {
        key: FactFactory(
            unit=units[n % 3],
            statement=statement,
            keywords=keywords,
            valid_from=dt.date(2023, 1, 1),
        )
        for n, (key, (statement, keywords)) in enumerate(FACTS.items())
    }


def test_paraphrased_claims_find_their_fact_in_the_top_three(tree, library):
    """Acceptance: >= 100 claims, with and without diacritics; the right fact
    in the top 3 for at least 90 % of them (bench/incidents.py quotes the figures)."""
    assert len(CLAIMS) >= 100
    folded = [c for _, c in CLAIMS if c.isascii()]
    assert 40 <= len(folded) <= len(CLAIMS) - 40
    top1 = top3 = 0
    for key, claim in CLAIMS:
        found = [m.fact for m in selectors.facts_matching(tree.child, claim, limit=3)]
        top1 += found[:1] == [library[key]]
        top3 += library[key] in found
    assert top3 / len(CLAIMS) >= 0.90
    assert top1 / len(CLAIMS) >= 0.80


def test_matching_ignores_facts_that_do_not_serve_the_unit(tree):
    FactFactory(unit=tree.sibling, statement="Đoàn phí không tăng", keywords="đoàn phí")
    own = FactFactory(unit=tree.unit, statement="Tiền ăn ca 50.000 đồng", keywords="ăn ca")
    found = selectors.facts_matching(tree.unit, "doan phi tang gap doi")
    assert [m.fact for m in found] in ([], [own])


def test_nothing_in_common_finds_nothing(tree, library):
    assert selectors.facts_matching(tree.unit, "xyz qwv") == []
    assert selectors.facts_matching(tree.unit, "   ") == []
