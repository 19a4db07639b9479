"""The service contract: every service says who acts. A missing actor is an
error, never a superuser; the system acts under a name the audit log keeps;
audit actions come from the registry."""

import datetime as dt
import importlib
import inspect
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from lantoa.bulletin.services import issues
from lantoa.campaigns.services.campaigns import campaign_create
from lantoa.channels.services import posts
from lantoa.core.actors import (
    COMMAND_LINE,
    SYSTEM,
    MissingActor,
    actor_label,
    system_actor,
    system_actors,
)
from lantoa.core.audit import UnknownAuditAction, audit_action_choices, audit_record
from lantoa.core.models import AuditLogEntry
from lantoa.core.periodic import jobs
from lantoa.newsroom.services import unit_site_create
from lantoa.org import services as org_services
from lantoa.org.choices import OrgAction
from lantoa.org.models import Member, OrgUnit
from lantoa.org.tests.factories import OrgUnitFactory


def _calls(unit: OrgUnit) -> dict:
    today = dt.date(2026, 5, 1)
    return {
        "org.unit_create": lambda actor: org_services.unit_create(
            actor=actor, parent=unit, name="Công đoàn bộ phận", code="BP-1"
        ),
        "org.member_create": lambda actor: org_services.member_create(
            actor=actor, unit=unit, full_name="Nguyễn Văn An", employee_code="NV-1"
        ),
        "channels.post_create": lambda actor: posts.post_create(
            actor=actor, unit=unit, text="Tin mới"
        ),
        "bulletin.bulletin_create": lambda actor: issues.bulletin_create(
            actor=actor, unit=unit, name="Bản tin"
        ),
        "campaigns.campaign_create": lambda actor: campaign_create(
            actor=actor, unit=unit, name="Tháng Công nhân", starts_on=today, ends_on=today
        ),
        "newsroom.site_create": lambda actor: unit_site_create(actor=actor, unit=unit),
    }


SERVICES = list(_calls(None))  # type: ignore[arg-type]


@pytest.mark.django_db
@pytest.mark.parametrize("service", SERVICES)
def test_a_service_called_without_an_actor_raises_and_writes_nothing(service):
    unit = OrgUnitFactory(code="PVGAS")
    units_before, members_before = OrgUnit.objects.count(), Member.objects.count()
    call = _calls(unit)[service]
    with pytest.raises(MissingActor):
        call(None)
    assert AuditLogEntry.objects.count() == 0
    assert (OrgUnit.objects.count(), Member.objects.count()) == (units_before, members_before)


@pytest.mark.django_db
def test_an_anonymous_visitor_is_refused_what_only_officers_may_do():
    from lantoa.core.exceptions import PermissionDenied

    unit = OrgUnitFactory(code="PVGAS")
    with pytest.raises(PermissionDenied):
        org_services.unit_create(actor=AnonymousUser(), parent=unit, name="X", code="X-1")
    assert AuditLogEntry.objects.count() == 0


@pytest.mark.django_db
def test_a_system_actor_acts_and_the_audit_log_names_it(admin_client):
    unit = OrgUnitFactory(code="PVGAS")
    created = org_services.unit_create(
        actor=COMMAND_LINE, parent=unit, name="Công đoàn bộ phận", code="BP-1", kind="union_group"
    )
    entry = AuditLogEntry.objects.get()
    assert (entry.actor_id, entry.actor_name, entry.action) == (
        None,
        "command_line",
        "org.unit_create",
    )
    assert entry.target_id == str(created.pk)
    response = admin_client.get(reverse("audit_log:index"))
    html = response.content.decode()
    assert "Lệnh quản trị trên máy chủ" in html  # who: the system actor's label
    assert "Tạo đơn vị" in html  # what: the action's label
    filtered = admin_client.get(reverse("audit_log:index"), {"actor": "command_line"})
    assert [e.pk for e in filtered.context["object_list"]] == [entry.pk]


@pytest.mark.django_db
def test_audit_record_refuses_an_unregistered_action_and_a_missing_actor():
    with pytest.raises(UnknownAuditAction):
        audit_record(actor=SYSTEM, action="org.unit_explode")
    with pytest.raises(MissingActor):
        audit_record(actor=None, action=OrgAction.UNIT_CREATE)  # type: ignore[arg-type]
    assert AuditLogEntry.objects.count() == 0


def test_every_app_registers_its_actions_and_every_periodic_job_is_an_actor():
    registered = {action for action, _ in audit_action_choices()}
    apps = {action.split(".")[0] for action in registered}
    assert {
        "org",
        "channels",
        "bulletin",
        "listening",
        "newsroom",
        "campaigns",
        "analytics",
    } <= apps
    assert all("." in action and action.count(".") == 1 for action in registered)
    names = {actor.name for actor in system_actors()}
    assert {job.name for job in jobs()} <= names
    assert actor_label("channels.outbox_sweep") == "Quét hàng đợi đăng bài"
    assert actor_label("anonymous") == "Người xem không đăng nhập"


def test_a_system_actor_name_stands_for_one_job():
    assert system_actor("channels.outbox_sweep", "Quét hàng đợi đăng bài") is system_actor(
        "channels.outbox_sweep", "Quét hàng đợi đăng bài"
    )
    with pytest.raises(ValueError, match="already registered"):
        system_actor("channels.outbox_sweep", "Việc khác")


def _service_functions():
    import lantoa

    root = Path(lantoa.__file__).parent
    for path in sorted(root.glob("*/services.py")) + sorted(root.glob("*/services/*.py")):
        module = importlib.import_module(
            ".".join(path.relative_to(root.parent).with_suffix("").parts)
        )
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                yield f"{module.__name__}.{name}", function


def test_every_service_that_takes_an_actor_requires_one():
    """No default, no `| None`: a caller cannot forget who acts."""
    optional = []
    takes_actor = 0
    for name, function in _service_functions():
        parameter = inspect.signature(function).parameters.get("actor")
        if parameter is None:
            continue
        takes_actor += 1
        if (
            parameter.kind is not inspect.Parameter.KEYWORD_ONLY
            or parameter.default is not inspect.Parameter.empty
            or "None" in str(parameter.annotation)
        ):
            optional.append(name)
    assert optional == []
    assert takes_actor > 80
