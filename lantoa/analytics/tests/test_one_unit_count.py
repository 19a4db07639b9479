"""One definition of "đơn vị" everywhere Lantoa counts units: coverage, a
campaign's participating units and the units a directive goes to all count
the active units that are not trade-union groups (org.choices.COUNTED_UNIT_KINDS),
so the union's figures agree with each other."""

import datetime as dt

import pytest
from django.utils import timezone

from lantoa.analytics.periods import Period
from lantoa.analytics.selectors import dashboard_for
from lantoa.analytics.services.refresh import analytics_refresh
from lantoa.campaigns import selectors as campaign_selectors
from lantoa.campaigns.choices import RequiredAction
from lantoa.campaigns.services import directives
from lantoa.campaigns.tests.factories import CampaignFactory
from lantoa.core.actors import SYSTEM
from lantoa.org.choices import UnitKind

pytestmark = pytest.mark.django_db


def _send(tree, **fields):
    directive = directives.directive_create(
        actor=SYSTEM,
        sender_unit=tree.root,
        title="Tháng Công nhân",
        instructions="Báo cáo kết quả.",
        due_at=timezone.now() + dt.timedelta(days=7),
        required_actions=[RequiredAction.REPORT_RESULT],
        **fields,
    )
    return directives.directive_send(actor=SYSTEM, directive=directive)


def test_coverage_campaigns_and_directives_count_the_same_units(tree):
    # The tree: 5 units of counted kinds (root, PV GAS, two grassroots unions,
    # BSR) and 2 trade-union groups below a grassroots union.
    kinds = sorted(u.kind for u in (tree.child, tree.grandchild))
    assert kinds == [UnitKind.UNION_GROUP, UnitKind.UNION_GROUP]
    analytics_refresh(full=True)
    period = Period.last_months(1)
    coverage_units = dashboard_for(tree.root, period, use_cache=False).coverage.units
    campaign = CampaignFactory(unit=tree.root)
    progress = campaign_selectors.campaign_progress(campaign, viewer=SYSTEM)
    sent = _send(tree)

    assert coverage_units == 5
    assert progress.units_total == 5
    assert sent.task_count == 4  # the units below the sender: 5 less the sender itself

    # Trade-union groups get a directive only when the sender asks for them.
    groups = _send(tree, target_kinds=[UnitKind.UNION_GROUP])
    assert groups.task_count == 2


def test_the_reports_task_sentence_does_not_contradict_itself(tree):
    """Tasks due within the period, some of them not yet due: "có hạn trong kỳ",
    never "đến hạn" beside "chưa đến hạn"."""
    import re

    from lantoa.analytics.exports.pdf import dashboard_report_html

    sent = _send(tree)  # 4 tasks due in a week: in this month's period or the next
    analytics_refresh(full=True)
    due = sent.directive.due_at
    period = Period.parse(f"{due:%Y-%m}", f"{due:%Y-%m}")
    text = re.sub(
        r"\s+",
        " ",
        re.sub(
            r"<[^>]+>",
            " ",
            dashboard_report_html(dashboard_for(tree.root, period, use_cache=False)),
        ),
    )
    assert "Trong kỳ có 4 nhiệm vụ theo định hướng có hạn hoàn thành trong kỳ;" in text
    assert "chưa tới hạn 4." in text
    assert "đến hạn;" not in text
