"""Share kits: writing, the unit's rules (networks, unwanted words), approval."""

import pytest

from lantoa.advocacy import services
from lantoa.advocacy.choices import AdvocacyAction, KitState
from lantoa.advocacy.models import ShareKit
from lantoa.advocacy.tests.factories import DEFAULT_TEXTS, kit_published
from lantoa.core.actors import SYSTEM
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.org.choices import Role
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def holder(unit, role):
    user = UserFactory()
    RoleAssignmentFactory(user=user, unit=unit, role=role)
    return user


def draft(unit, actor=SYSTEM, texts=None, **fields):
    return services.kit_save(
        actor=actor,
        kit=ShareKit(
            unit=unit,
            title=fields.pop("title", "Hội thao công nhân Khí 2026"),
            url="https://pvgas.congdoan.vn/tin/hoi-thao/",
            **fields,
        ),
        texts=texts if texts is not None else DEFAULT_TEXTS,
    )


def test_an_officer_writes_a_kit_and_an_approver_publishes_it(tree):
    officer, approver = holder(tree.unit, Role.OFFICER), holder(tree.unit, Role.APPROVER)
    kit = draft(tree.unit, officer, hashtags=["#CôngĐoàn", "CôngĐoàn", "An toàn"])
    assert kit.state == KitState.DRAFT
    assert kit.hashtags == ["CôngĐoàn", "Antoàn"]
    assert kit.slug == "hoi-thao-cong-nhan-khi-2026"
    assert dict(kit.texts.values_list("network", "text")) == DEFAULT_TEXTS
    with pytest.raises(PermissionDenied):
        services.kit_publish(actor=officer, kit=kit)
    kit = services.kit_publish(actor=approver, kit=kit)
    assert kit.state == KitState.PUBLISHED
    assert kit.published_by_id == approver.pk
    actions = list(AuditLogEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [AdvocacyAction.KIT_CREATE, AdvocacyAction.KIT_PUBLISH]


def test_an_officer_elsewhere_cannot_write_for_the_unit(tree):
    with pytest.raises(PermissionDenied):
        draft(tree.unit, holder(tree.sibling, Role.OFFICER))


def test_changing_a_published_kit_sends_it_back_to_draft(tree):
    kit = kit_published(tree.unit)
    kit.title = "Bảo dưỡng tổng thể xong sớm 6 ngày"
    kit = services.kit_save(actor=SYSTEM, kit=kit, texts={"facebook": "Xong sớm 6 ngày"})
    assert kit.state == KitState.DRAFT
    assert kit.published_at is None
    assert list(kit.texts.values_list("network", flat=True)) == ["facebook"]


def test_words_a_unit_above_does_not_want_are_refused_by_name(tree):
    services.policy_save(
        actor=SYSTEM,
        unit=tree.parent,
        networks=["facebook", "zalo", "copy"],
        blocked_words=["đình công", "Biểu tình"],
    )
    with pytest.raises(InvalidInput, match="từ ngữ đơn vị không dùng: Biểu tình"):
        draft(tree.unit, texts={"facebook": "Không có chuyện BIEU TINH ở Khí Vũng Tàu"})
    # Only the whole word: "biểu tình cảm" is… still the phrase, "biểu" alone is not.
    kit = draft(tree.unit, texts={"facebook": "Biểu dương công nhân, tình cảm đồng nghiệp"})
    assert kit.pk


def test_networks_are_those_every_rule_above_allows(tree):
    services.policy_save(
        actor=SYSTEM, unit=tree.root, networks=["facebook", "zalo", "copy"], blocked_words=[]
    )
    services.policy_save(
        actor=SYSTEM, unit=tree.unit, networks=["zalo", "telegram", "copy"], blocked_words=[]
    )
    assert services.effective_policy(tree.child).networks == ["zalo", "copy"]
    assert services.effective_policy(tree.sibling).networks == ["zalo", "facebook", "copy"]
    with pytest.raises(InvalidInput, match="không cho chia sẻ lên: Facebook"):
        draft(tree.child, texts={"facebook": "Tin vui", "zalo": "Tin vui"})


def test_a_rule_needs_the_approver_and_at_least_one_network(tree):
    with pytest.raises(PermissionDenied):
        services.policy_save(
            actor=holder(tree.unit, Role.OFFICER),
            unit=tree.unit,
            networks=["zalo"],
            blocked_words=[],
        )
    with pytest.raises(InvalidInput, match="ít nhất một mạng"):
        services.policy_save(actor=SYSTEM, unit=tree.unit, networks=[], blocked_words=[])


def test_a_kit_needs_a_text_and_a_web_address(tree):
    with pytest.raises(InvalidInput, match="ít nhất một mạng"):
        draft(tree.unit, texts={"facebook": "  "})
    with pytest.raises(InvalidInput, match="http"):
        services.kit_save(
            actor=SYSTEM,
            kit=ShareKit(unit=tree.unit, title="Tin", url="javascript:alert(1)"),
            texts={"copy": "x"},
        )
