"""Surveys: anonymous or named, one response per member, minimum reporting
size, slices down the tree, free texts into listening."""

import pytest

from lantoa.core.exceptions import NotFound, PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.engagement import selectors
from lantoa.engagement.choices import AuditAction
from lantoa.engagement.exceptions import AlreadyResponded, AnswerInvalid, NotEligible
from lantoa.engagement.models import SurveyResponse
from lantoa.engagement.services import surveys
from lantoa.engagement.tests.conftest import member_at
from lantoa.engagement.tests.factories import survey_approved
from lantoa.listening.models import Opinion

pytestmark = pytest.mark.django_db


def _q(survey):
    single, multiple, text = survey.questions.order_by("position")
    return single, multiple, text


def answer(survey, member, *, pick=0, text=""):
    single, multiple, free = _q(survey)
    return surveys.survey_respond(
        actor=member.user,
        survey=survey,
        member=member,
        answers={
            single.pk: [list(single.options.all())[pick].pk],
            multiple.pk: [o.pk for o in multiple.options.all()[:2]],
            free.pk: text,
        },
    )


def test_anonymous_responses_keep_no_member_yet_only_one_each(tree, member):
    survey = survey_approved(tree.parent)
    response = answer(survey, member)
    assert response.member is None
    assert response.unit_id == tree.unit.pk
    assert member.full_name not in str(SurveyResponse.objects.values().get())
    entry = AuditLogEntry.objects.get(action=AuditAction.SURVEY_RESPOND)
    assert entry.actor_id is None
    assert entry.data == {}
    with pytest.raises(AlreadyResponded):
        answer(survey, member)
    assert surveys.has_responded(survey, member)


def test_named_surveys_record_the_member(tree, member):
    survey = survey_approved(tree.parent, anonymous=False)
    assert answer(survey, member).member == member
    entry = AuditLogEntry.objects.get(action=AuditAction.SURVEY_RESPOND)
    assert entry.actor_id == member.user.pk


def test_answers_are_checked(tree, member):
    survey = survey_approved(tree.parent)
    single, multiple, _free = _q(survey)
    with pytest.raises(AnswerInvalid, match="Vui lòng trả lời"):
        surveys.survey_respond(actor=member.user, survey=survey, member=member, answers={})
    with pytest.raises(AnswerInvalid, match="chỉ chọn một"):
        surveys.survey_respond(
            actor=member.user,
            survey=survey,
            member=member,
            answers={single.pk: [o.pk for o in single.options.all()[:2]]},
        )
    with pytest.raises(AnswerInvalid):  # an option of another question
        surveys.survey_respond(
            actor=member.user,
            survey=survey,
            member=member,
            answers={single.pk: [multiple.options.first().pk]},
        )
    assert not SurveyResponse.objects.exists()


def test_only_members_of_the_subtree_answer(tree, member):
    survey = survey_approved(tree.unit)
    outsider = member_at(tree.sibling, "Cà Mau")
    with pytest.raises(NotEligible):
        answer(survey, outsider)


def test_free_text_flows_into_listening_without_a_name_when_anonymous(tree, member):
    survey = survey_approved(tree.parent)
    answer(survey, member, text="Bữa ăn ca đêm còn nguội, mong công đoàn kiến nghị.")
    opinion = Opinion.objects.get()
    assert opinion.source == "survey"
    assert opinion.unit_id == tree.unit.pk
    assert opinion.text.startswith("Bữa ăn ca đêm")
    assert opinion.author_ref == ""
    named = survey_approved(tree.parent, anonymous=False, title="Có tên")
    answer(named, member, text="Cần thêm sân bóng.")
    assert Opinion.objects.get(text="Cần thêm sân bóng.").author_ref == f"member:{member.pk}"


def test_results_are_hidden_below_the_minimum_reporting_size(tree, people):
    survey = survey_approved(tree.parent, min_report_size=3)
    for i in range(2):
        answer(survey, member_at(tree.unit, f"KVT {i}"))
    result = selectors.survey_results(people.officer, survey, tree.parent)
    assert (result.responses, result.suppressed, result.questions) == (2, True, [])
    answer(survey, member_at(tree.sibling, "KCM 0"), pick=2)
    result = selectors.survey_results(people.officer, survey, tree.parent)
    assert not result.suppressed
    single = result.questions[0]
    assert [(o.text, o.count) for o in single.options] == [
        ("Hài lòng", 2),
        ("Bình thường", 0),
        ("Chưa hài lòng", 1),
    ]
    # Each child slice is told only when it alone reaches the minimum.
    assert [(u.code, n) for u, n in result.children] == [("KCM", None), ("KVT", None)]


def test_a_unit_sees_its_own_slice_and_its_subtree_never_a_siblings(tree, people):
    survey = survey_approved(tree.parent, min_report_size=2)
    for i in range(3):
        answer(survey, member_at(tree.unit, f"KVT {i}"), pick=0)
    answer(survey, member_at(tree.child, "Kho cảng"), pick=1)
    for i in range(2):
        answer(survey, member_at(tree.sibling, f"KCM {i}"), pick=2)

    top = selectors.survey_results(people.officer, survey, tree.parent)
    assert top.responses == 6
    assert {u.code: n for u, n in top.children} == {"KVT": 4, "KCM": 2}

    mine = selectors.survey_results(people.unit_officer, survey, tree.unit)
    assert mine.responses == 4  # its own members and its subtree's
    assert [(o.text, o.count) for o in mine.questions[0].options] == [
        ("Hài lòng", 3),
        ("Bình thường", 1),
        ("Chưa hài lòng", 0),
    ]
    assert [(u.code, n) for u, n in mine.children] == [("KVT-KC", None)]  # 1 < 2

    with pytest.raises(PermissionDenied):
        selectors.survey_results(people.unit_officer, survey, tree.parent)
    with pytest.raises(PermissionDenied):
        selectors.survey_results(people.unit_officer, survey, tree.sibling)
    with pytest.raises(NotFound):  # a unit outside the survey's tree
        selectors.survey_results(people.outsider, survey, tree.uncle)
    assert [u.code for u in selectors.survey_slice_units(people.unit_officer, survey)] == [
        "KVT",
        "KVT-KC",
        "KVT-KC-1",
    ]
    assert selectors.survey_slice_units(people.outsider, survey) == []


def test_anonymous_free_texts_show_only_above_the_minimum(tree, people):
    survey = survey_approved(tree.parent, min_report_size=2)
    answer(survey, member_at(tree.unit, "A"), text="Góp ý một")
    assert selectors.survey_results(people.officer, survey, tree.parent).suppressed
    answer(survey, member_at(tree.unit, "B"), text="Góp ý hai")
    texts = selectors.survey_results(people.officer, survey, tree.parent).questions[2].texts
    assert sorted(texts) == ["Góp ý hai", "Góp ý một"]


def test_participation_per_unit(tree):
    survey = survey_approved(tree.parent)
    answer(survey, member_at(tree.unit, "A"))
    member_at(tree.unit, "B")
    rows = {
        r.unit_name: (r.participants, r.members) for r in selectors.survey_participation(survey)
    }
    assert rows == {"CĐCS Khí Vũng Tàu": (1, 2), "CĐCS Khí Cà Mau": (0, 0)}
