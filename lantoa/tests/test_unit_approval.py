"""A race, a photo contest and an event go through the same approval path
(lantoa/core/approval.py): the same steps, refusals naming the thing in
Vietnamese, the same stamps and audit entries; their screens and the honour
round's take the steps alike (lantoa/core/admin_views.py StateActionView)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lantoa.contests.services import contests
from lantoa.contests.tests.matrix import pending_contest_at
from lantoa.core.actors import SYSTEM
from lantoa.core.exceptions import LantoaError
from lantoa.core.models import AuditLogEntry
from lantoa.events.services import gatherings
from lantoa.events.tests.factories import event_draft
from lantoa.events.tests.matrix import pending_event_at
from lantoa.honours.tests.matrix import pending_round_at
from lantoa.org.choices import Role
from lantoa.org.services import sync_admin_access
from lantoa.org.tests.conftest import Tree, tree  # noqa: F401
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory
from lantoa.race.services import races
from lantoa.race.tests.matrix import pending_race_at

pytestmark = pytest.mark.django_db


def _drafted(create: Callable[..., Any], opens: str, closes: str) -> Callable[[Any], Any]:
    """A draft of the unit made by `create`, open from today for ten days."""

    def make(unit: Any) -> Any:
        today = timezone.localdate()
        dates = {opens: today, closes: today + dt.timedelta(days=10)}
        return create(actor=SYSTEM, unit=unit, title="Bản nháp thử", **dates)

    return make


KINDS = {
    # name: (draft maker, services module, its keyword, noun, audit prefix, approval audit data)
    "race": (
        _drafted(races.race_create, "starts_on", "ends_on"),
        races,
        "race",
        "giải",
        "race.race",
        {"page": None},
    ),
    "contest": (
        _drafted(contests.contest_create, "entries_open_on", "entries_close_on"),
        contests,
        "contest",
        "cuộc thi",
        "contests.contest",
        {},
    ),
    "event": (event_draft, gatherings, "event", "sự kiện", "events.event", {"page": None}),
}


def _refusal(step: Callable[[], Any]) -> str:
    with pytest.raises(LantoaError) as exc:
        step()
    return exc.value.message


@pytest.mark.parametrize("kind", KINDS)
def test_the_approval_path_of_a_race_a_contest_and_an_event(tree: Tree, kind: str) -> None:  # noqa: F811
    make, module, keyword, noun, prefix, approved_data = KINDS[kind]
    obj = make(tree.parent)

    def step(name: str, **kwargs: Any) -> Any:
        return getattr(module, f"{keyword}_{name}")(actor=SYSTEM, **{keyword: obj}, **kwargs)

    assert _refusal(lambda: step("approve")) == f"Chỉ duyệt được {noun} đang chờ duyệt."
    assert _refusal(lambda: step("return", note="x")) == f"Chỉ trả lại được {noun} đang chờ duyệt."
    assert step("submit").state == "pending"
    assert _refusal(lambda: step("submit")) == f"Chỉ trình duyệt được {noun} đang ở bản nháp."
    with pytest.raises(ValidationError) as blank:
        step("return", note="  ")
    assert blank.value.message_dict == {"review_note": ["Hãy ghi lý do trả lại."]}
    returned = step("return", note=" Sửa lại ngày ")
    assert (returned.state, returned.review_note) == ("draft", "Sửa lại ngày")
    step("submit")
    approved = step("approve")
    assert (approved.state, approved.review_note) == ("approved", "")
    assert approved.approved_at is not None
    cancelled = step("cancel", note=" Hoãn ")
    assert (cancelled.state, cancelled.review_note) == ("cancelled", "Hoãn")
    assert _refusal(lambda: step("cancel")) == f"{noun[0].upper()}{noun[1:]} đã bị hủy."

    entries = AuditLogEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk)
    ).order_by("id")
    assert [(e.action.removeprefix(prefix + "_"), e.data) for e in entries][1:] == [
        ("submit", {}),
        ("return", {"note": "Sửa lại ngày"}),
        ("submit", {}),
        ("approve", approved_data),
        ("cancel", {}),
    ]


SCREENS = {
    # name: (pending maker, the screen's URL names)
    "race": (pending_race_at, "race_races"),
    "contest": (pending_contest_at, "contests_contests"),
    "event": (pending_event_at, "events_events"),
    "round": (pending_round_at, "honours_rounds"),
}


@pytest.mark.parametrize("kind", SCREENS)
def test_the_screens_steps_answer_with_a_message_and_go_back_to_the_screen(
    tree: Tree,  # noqa: F811
    kind: str,
) -> None:
    make, screen = SCREENS[kind]
    obj = make(tree.parent, None)
    approver = UserFactory(username="duyet.pvgas")
    RoleAssignmentFactory(user=approver, unit=tree.parent, role=Role.APPROVER)
    sync_admin_access(approver)
    client = Client()
    client.force_login(approver)
    url, detail = (reverse(f"{screen}:{name}", args=[obj.pk]) for name in ("action", "detail"))

    def said(data: dict[str, str]) -> str:
        """The last message the step left (unread ones pile up without a page view)."""
        response = client.post(url, data)
        assert (response.status_code, response["Location"]) == (302, detail)
        return [str(m).strip() for m in get_messages(response.wsgi_request)][-1]

    assert said({"action": "bogus"}) == "Thao tác không hợp lệ."
    if kind != "round":  # a round is not returned
        assert said({"action": "return", "note": " "}) == "Hãy ghi lý do trả lại."
    assert said({"action": "approve"}).startswith("Đã duyệt")
    obj.refresh_from_db()
    assert obj.state in ("approved", "open")
    assert said({"action": "approve"}).startswith("Chỉ duyệt được")
