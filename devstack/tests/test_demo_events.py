import pytest
from django.core.management import CommandError, call_command

from devstack.demo.events import (
    EXERCISE_TITLE,
    PAST_TITLE,
    UPCOMING_TITLE,
    VISITS_TITLE,
    EventsDemoLoader,
)
from lantoa.events import selectors
from lantoa.events.choices import EventState, QuestionState, ReportState
from lantoa.events.models import Event, Programme, ProgrammeSession, Question, Registration
from lantoa.org.tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_command_refuses_without_debug(settings, tree):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="chỉ chạy khi DEBUG bật"):
        call_command("load_demo_events")
    assert not Programme.objects.exists()


def _people(tree):
    for n in range(16):
        unit = [tree.unit, tree.child, tree.sibling, tree.uncle][n % 4]
        MemberFactory(unit=unit, user=UserFactory() if n % 2 else None)


def test_programmes_an_upcoming_and_a_past_event(settings, tree, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    _people(tree)
    counts = EventsDemoLoader(people=10, units=3).load()
    assert (counts["Programme"], counts["Event"]) == (2, 2)
    exercise = Programme.objects.get(title=EXERCISE_TITLE)
    sessions = ProgrammeSession.objects.filter(programme=exercise)
    assert (
        sessions.count()
        == counts["ProgrammeSession"]
        - ProgrammeSession.objects.filter(programme__title=VISITS_TITLE).count()
    )
    assert sessions.count() >= 12  # three units, most weeks of twelve
    assert len(selectors.programme_by_month(exercise)) >= 3
    assert ProgrammeSession.objects.filter(programme__title=VISITS_TITLE, gifts__gt=0).exists()

    upcoming = Event.objects.get(title=UPCOMING_TITLE)
    assert upcoming.state == EventState.APPROVED
    assert Registration.objects.filter(event=upcoming).count() == 10
    assert Question.objects.filter(event=upcoming, state=QuestionState.PENDING).exists()

    past = Event.objects.get(title=PAST_TITLE)
    totals = selectors.event_totals(past)
    assert (totals.registered, totals.attended) == (10, counts["CheckIn"])
    assert 0 < totals.attended <= 10
    assert past.report_state == ReportState.PUBLISHED
    assert f"{counts['CheckIn']} đoàn viên" in past.report_summary

    assert EventsDemoLoader(people=10, units=3).load() == {}


def test_the_same_seed_draws_the_same_demo(settings, tree, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    _people(tree)
    first = EventsDemoLoader(people=10, units=3).load()
    shape = sorted(ProgrammeSession.objects.values_list("unit__code", "held_on", "participants"))
    for model in (Registration, Question, ProgrammeSession):
        model.objects.all().delete()
    Event.objects.all().delete()
    Programme.objects.all().delete()
    assert EventsDemoLoader(people=10, units=3).load() == first
    again = sorted(ProgrammeSession.objects.values_list("unit__code", "held_on", "participants"))
    assert again == shape


def test_the_demo_attendance_reaches_the_figures_through_domain_events(
    settings, tree, tmp_path, django_capture_on_commit_callbacks
):
    """Loaded as the apps run (events heard after commit), the next
    incremental refresh shows the demo's check-ins and programme participants
    on the coverage dashboard and in the term numbers."""
    from django.db.models import Sum

    from lantoa.analytics.periods import Period
    from lantoa.analytics.selectors import dashboard_for, term_figures
    from lantoa.analytics.services.refresh import analytics_refresh

    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    _people(tree)
    analytics_refresh(full=True)
    with django_capture_on_commit_callbacks(execute=True):
        counts = EventsDemoLoader(people=10, units=3).load()

    assert analytics_refresh().full is False
    period = Period.last_months(6)
    output = dashboard_for(tree.root, period).output
    participants = ProgrammeSession.objects.aggregate(n=Sum("participants"))["n"]
    assert output.attendees == counts["CheckIn"] > 0
    assert output.programme_sessions == counts["ProgrammeSession"]
    assert output.session_participants == participants > 0
    assert output.events_held == 2
    term = term_figures(tree.root, period).events
    assert (term.attendees, term.session_participants) == (counts["CheckIn"], participants)
