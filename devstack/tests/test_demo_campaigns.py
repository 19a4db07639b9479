import pytest
from django.core.management import CommandError, call_command

from devstack.demo.campaigns import CONGRESS, DIRECTIVE_OPEN, DIRECTIVE_PAST, CampaignDemoLoader
from lantoa.campaigns.choices import TaskState
from lantoa.campaigns.models import Campaign, Directive, DirectiveTask, PlanItem, TaskNotice

pytestmark = pytest.mark.django_db


def test_command_refuses_without_debug(settings, tree):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="chỉ chạy khi DEBUG bật"):
        call_command("load_demo_campaigns")
    assert not Campaign.objects.exists()


def test_loader_on_a_small_tree_is_idempotent(settings, tree):
    settings.DEBUG = True
    counts = CampaignDemoLoader().load()

    assert counts == {"Campaign": 4, "PlanItem": 6, "Directive": 2}
    congress = Campaign.objects.get(name=CONGRESS)
    assert [p.kind for p in congress.phases.all()] == [
        "before_congress",
        "during_congress",
        "after_congress",
    ]
    open_tasks = DirectiveTask.objects.filter(directive__title=DIRECTIVE_OPEN)
    assert sorted(open_tasks.values_list("unit__code", flat=True)) == ["BSR", "KCM", "KVT", "PVGAS"]
    assert sorted(open_tasks.values_list("state", flat=True)) == [
        TaskState.ACKNOWLEDGED, TaskState.ACKNOWLEDGED, TaskState.ACKNOWLEDGED, TaskState.DONE,
    ]  # fmt: skip
    past = dict(
        DirectiveTask.objects.filter(directive__title=DIRECTIVE_PAST).values_list(
            "unit__code", "state"
        )
    )
    assert sorted(past.values()) == [TaskState.DONE, TaskState.LATE]
    assert TaskNotice.objects.get().unit == tree.root

    assert CampaignDemoLoader().load() == {}
    assert (Campaign.objects.count(), Directive.objects.count(), PlanItem.objects.count()) == (
        4,
        2,
        6,
    )
    call_command("load_demo_campaigns")


def test_the_demo_has_a_directive_waiting_for_the_approver(settings, tree):
    from devstack.demo.campaigns import DIRECTIVE_SUBMITTED
    from lantoa.campaigns.choices import DirectiveStatus
    from lantoa.org.choices import Role
    from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

    settings.DEBUG = True
    officer = UserFactory(username="tuyengiao.dkvn")
    RoleAssignmentFactory(user=officer, unit=tree.root, role=Role.OFFICER)

    assert CampaignDemoLoader().load()["Directive"] == 3
    submitted = Directive.objects.get(title=DIRECTIVE_SUBMITTED)
    assert (submitted.status, submitted.created_by, submitted.task_count) == (
        DirectiveStatus.SUBMITTED,
        officer,
        0,
    )
    assert CampaignDemoLoader().load() == {}
