"""Triage in the Wagtail admin, through the Django test client: the scoped
listing and its filters, one opinion with its offending spans marked, and the
one-click actions (label correction as training data, assign, mark handled,
reply and hide on Facebook's fake). An officer of a sibling unit sees nothing
and can do nothing (404)."""

import csv
import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.channels.choices import Platform
from lantoa.channels.models import InboundMessage
from lantoa.channels.tests.conftest import fake_facebook  # noqa: F401 - the fixture
from lantoa.core.models import AuditLogEntry
from lantoa.listening.choices import LabelTask, Sentiment, Toxicity, TriageStatus
from lantoa.listening.models import LabelCorrection, Opinion
from lantoa.listening.services.intake_channels import channel_message_ingest
from lantoa.listening.services.triage import corrections_export_csv
from lantoa.listening.tests.conftest import facebook_page_with_post
from lantoa.listening.tests.factories import OpinionFactory
from lantoa.org import services as org_services
from lantoa.org.choices import Role
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

INDEX = "listening_opinions:index"


def url(name, *args):
    return reverse(f"listening_opinions:{name}", args=args)


def officer_of(unit, role=Role.OFFICER):
    user = UserFactory()
    RoleAssignmentFactory(user=user, unit=unit, role=role)
    org_services.sync_admin_access(user)
    return user


@pytest.fixture
def voices(tree):
    now = timezone.now()
    return {
        "meal": OpinionFactory(
            unit=tree.unit,
            text="Bữa ăn ca quá tệ, cơm nguội",
            sentiment=Sentiment.NEGATIVE,
            received_at=now - dt.timedelta(hours=2),
        ),
        "housing": OpinionFactory(
            unit=tree.child,
            text="Nhà ở công nhân đã được sửa, cảm ơn công đoàn",
            sentiment=Sentiment.POSITIVE,
            received_at=now - dt.timedelta(days=3),
        ),
        "bonus": OpinionFactory(
            unit=tree.child,
            text="Thưởng Tết năm nay thấp quá",
            sentiment=Sentiment.NEGATIVE,
            received_at=now - dt.timedelta(days=40),
        ),
        "sibling": OpinionFactory(
            unit=tree.sibling,
            text="Bữa ăn ca ở Cà Mau cũng tệ",
            sentiment=Sentiment.NEGATIVE,
            received_at=now - dt.timedelta(hours=1),
        ),
    }


@pytest.fixture
def officer(tree):
    return officer_of(tree.unit)


@pytest.fixture
def sibling_officer(tree):
    return officer_of(tree.sibling)


def listed(client, **params):
    response = client.get(reverse(INDEX), params)
    assert response.status_code == 200
    return {o.text for o in response.context["object_list"]}


# -- who sees what -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("superuser", {"meal", "housing", "bonus", "sibling"}),
        ("parent", {"meal", "housing", "bonus", "sibling"}),
        ("unit", {"meal", "housing", "bonus"}),
        ("child", {"housing", "bonus"}),
        ("sibling", {"sibling"}),
    ],
)
def test_scope_matrix_of_the_listing_and_the_detail(client, tree, voices, who, sees):
    user = (
        UserFactory(is_superuser=True, is_staff=True)
        if who == "superuser"
        else officer_of(getattr(tree, who))
    )
    client.force_login(user)
    assert listed(client) == {voices[k].text for k in sees}
    for key, opinion in voices.items():
        expected = 200 if key in sees else 404
        assert client.get(url("inspect", opinion.pk)).status_code == expected, key


def test_a_member_without_a_role_is_sent_to_the_login(client, voices):
    client.force_login(UserFactory())
    for target in (reverse(INDEX), url("inspect", voices["meal"].pk)):
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    client.post(url("label", voices["meal"].pk), {"task": "sentiment", "label": "neutral"})
    assert not LabelCorrection.objects.exists()


def test_a_sibling_officer_cannot_act_on_an_opinion(client, voices, sibling_officer):
    client.force_login(sibling_officer)
    opinion = voices["meal"]
    posts = [
        ("label", {"task": "sentiment", "label": "neutral"}),
        ("assign", {"assignee": sibling_officer.pk}),
        ("handled", {"note": "xong"}),
        ("reply", {"text": "Chào bạn"}),
        ("hide", {}),
    ]
    for name, data in posts:
        assert client.post(url(name, opinion.pk), data).status_code == 404, name
    opinion.refresh_from_db()
    assert (opinion.sentiment, opinion.status, opinion.note) == (Sentiment.NEGATIVE, "new", "")
    assert not LabelCorrection.objects.exists()
    assert not AuditLogEntry.objects.filter(action__startswith="listening.").exists()


# -- filters ---------------------------------------------------------------------------------


def test_filters_sentiment_topic_without_marks_unit_and_time(client, tree, voices, officer):
    client.force_login(officer)
    assert listed(client, sentiment="negative") == {voices["meal"].text, voices["bonus"].text}
    assert listed(client, sentiment="negative", topic="bua an") == {voices["meal"].text}
    assert listed(client, topic="THƯỞNG TẾT") == {voices["bonus"].text}
    assert listed(client, unit="KVT-KC") == {voices["housing"].text, voices["bonus"].text}
    week_ago = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    assert listed(client, received_at_from=week_ago) == {
        voices["meal"].text,
        voices["housing"].text,
    }
    assert listed(client, unit="KCM") == set()  # a unit outside the scope lists nothing


def test_topic_matches_whole_words_only(client, tree, voices, officer):
    # "an" (ăn, meal) must not match "toàn" or "nhân": a substring test listed every
    # opinion mentioning "công nhân". Punctuation next to the word is a boundary.
    whole = OpinionFactory(unit=tree.unit, text="Ăn, uống ở bếp tập thể đã khá hơn")
    workers = OpinionFactory(unit=tree.unit, text="Toàn thể công nhân chưa nhận lương")
    client.force_login(officer)
    assert listed(client, topic="an") == {voices["meal"].text, whole.text}
    assert listed(client, topic="ăn ca") == {voices["meal"].text}
    assert listed(client, topic="nhan") == {workers.text, voices["housing"].text}
    assert listed(client, topic="toa") == set()


def test_filters_toxicity_source_status_and_duplicates(client, tree, voices, officer):
    copy = OpinionFactory(unit=tree.unit, text="Bữa ăn ca quá tệ!!", duplicate_of=voices["meal"])
    rude = OpinionFactory(unit=tree.unit, text="Đồ ăn như cho heo", toxicity=Toxicity.OFFENSIVE)
    Opinion.objects.filter(pk=voices["housing"].pk).update(status=TriageStatus.HANDLED)
    client.force_login(officer)
    assert copy.text in listed(client)
    assert copy.text not in listed(client, hide_duplicates="on")
    assert listed(client, toxicity="offensive") == {rude.text}
    assert listed(client, status="handled") == {voices["housing"].text}
    assert listed(client, source="import") == set()


def test_listing_queries_do_not_grow_with_the_page(
    client, tree, officer, django_assert_max_num_queries
):
    for n in range(3):
        OpinionFactory(unit=tree.unit, text=f"Ý kiến {n}")
    client.force_login(officer)
    client.get(reverse(INDEX))  # warm the per-process caches (content types, site)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse(INDEX))
    for n in range(3, 30):
        OpinionFactory(unit=tree.unit, text=f"Ý kiến {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(INDEX))


# -- one opinion -------------------------------------------------------------------------------


def test_offending_spans_are_marked_and_the_text_is_escaped(client, tree, officer):
    text = "<b>Ban</b> chấp hành toàn đồ ngu"
    start = text.index("đồ ngu")
    opinion = OpinionFactory(
        unit=tree.unit,
        text=text,
        toxicity=Toxicity.OFFENSIVE,
        spans=[{"start": start, "end": start + 6, "text": "đồ ngu", "score": 0.93}],
    )
    client.force_login(officer)
    html = client.get(url("inspect", opinion.pk)).content.decode()
    assert (
        '&lt;b&gt;Ban&lt;/b&gt; chấp hành toàn <mark class="listening-span">đồ ngu</mark>' in html
    )
    assert "<b>Ban</b>" not in html


# -- actions -------------------------------------------------------------------------------------


def test_one_click_correction_is_stored_as_training_data(client, voices, officer, tmp_path):
    opinion = voices["meal"]
    opinion.model_version = "2026.05-public"
    opinion.save(update_fields=["model_version"])
    client.force_login(officer)
    back = reverse(INDEX) + "?sentiment=negative"
    response = client.post(
        url("label", opinion.pk), {"task": "sentiment", "label": "neutral", "next": back}
    )
    assert (response.status_code, response["Location"]) == (302, back)
    correction = LabelCorrection.objects.get()
    assert (
        correction.opinion,
        correction.task,
        correction.label,
        correction.model_label,
        correction.model_version,
        correction.corrected_by,
    ) == (opinion, LabelTask.SENTIMENT, "neutral", "negative", "2026.05-public", officer)
    opinion.refresh_from_db()
    assert (opinion.sentiment, opinion.labels_corrected) == (Sentiment.NEUTRAL, True)
    assert AuditLogEntry.objects.get(action="listening.opinion_label_correct").actor == officer

    path = tmp_path / "sentiment.csv"
    assert corrections_export_csv(task=LabelTask.SENTIMENT, path=path) == 1
    with path.open(encoding="utf-8") as fh:
        assert list(csv.reader(fh)) == [["text", "label"], [opinion.text, "neutral"]]


def test_label_history_reads_the_labels_as_officers_see_them(client, voices, officer):
    opinion = voices["meal"]
    client.force_login(officer)
    client.post(url("label", opinion.pk), {"task": "sentiment", "label": "positive"})

    html = client.get(url("inspect", opinion.pk)).content.decode()

    history = html[html.index("Lịch sử hiệu chỉnh nhãn") :]
    row = re.search(r"<tbody>(.*?)</tbody>", history, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert cells[1:] == ["Sắc thái", "Tiêu cực", "Tích cực", officer.get_full_name()]
    assert "negative" not in row
    assert "positive" not in row
    assert str(LabelCorrection.objects.get()) == "Sắc thái: Tiêu cực → Tích cực"


def test_list_buttons_return_to_the_full_listing_even_from_the_results_fragment(
    client, voices, officer
):
    client.force_login(officer)
    response = client.get(
        reverse("listening_opinions:index_results"),
        {"sentiment": "negative", "_w_filter_fragment": "1"},
    )
    html = response.content.decode()
    back = reverse(INDEX) + "?sentiment=negative"
    assert f'name="next" value="{back}"' in html


def test_an_unknown_label_is_refused_with_a_message(client, voices, officer):
    client.force_login(officer)
    response = client.post(
        url("label", voices["meal"].pk), {"task": "sentiment", "label": "angry"}, follow=True
    )
    assert "Nhãn không hợp lệ: «angry»." in response.content.decode()
    assert not LabelCorrection.objects.exists()


def test_assign_to_a_colleague_then_mark_handled(client, tree, voices, officer):
    colleague = officer_of(tree.parent)
    outsider = officer_of(tree.sibling)
    opinion = voices["meal"]
    client.force_login(officer)
    detail = client.get(url("inspect", opinion.pk))
    choices = {u for u, _ in detail.context["assign_form"].fields["assignee"].choices if u}
    assert {str(officer.pk), str(colleague.pk)} <= {str(c) for c in choices}
    assert str(outsider.pk) not in {str(c) for c in choices}

    client.post(url("assign", opinion.pk), {"assignee": outsider.pk})
    opinion.refresh_from_db()
    assert (opinion.status, opinion.assignee) == (TriageStatus.NEW, None)

    client.post(url("assign", opinion.pk), {"assignee": colleague.pk})
    opinion.refresh_from_db()
    assert (opinion.status, opinion.assignee) == (TriageStatus.ASSIGNED, colleague)

    client.post(url("handled", opinion.pk), {"note": "Đã làm việc với nhà ăn, đổi nhà cung cấp."})
    opinion.refresh_from_db()
    assert opinion.status == TriageStatus.HANDLED
    assert opinion.note == "Đã làm việc với nhà ăn, đổi nhà cung cấp."
    assert opinion.handled_at is not None


def test_only_post_is_accepted_for_actions(client, voices, officer):
    client.force_login(officer)
    assert client.get(url("label", voices["meal"].pk)).status_code == 405


# -- reply and hide on the platform --------------------------------------------------------------


@pytest.fixture
def fb_opinion(tree, fake_facebook):  # noqa: F811 - the imported fixture
    account, post_id = facebook_page_with_post(tree.unit, fake_facebook, "Lấy ý kiến bữa ăn ca")
    signed = fake_facebook.build_comment_webhook(post_id=post_id, message="Nấu như cho heo ăn")
    comment_id = signed.payload["entry"][0]["changes"][0]["value"]["comment_id"]
    message = InboundMessage.objects.create(
        account=account,
        platform=Platform.FACEBOOK_PAGE,
        external_id=comment_id,
        kind="comment",
        text="Nấu như cho heo ăn",
        created_at=timezone.now(),
    )
    channel_message_ingest(message_id=message.pk)
    opinion = Opinion.objects.get(text="Nấu như cho heo ăn")
    Opinion.objects.filter(pk=opinion.pk).update(toxicity=Toxicity.OFFENSIVE)
    return opinion, comment_id


def test_reply_through_facebook_and_mark_handled(client, fb_opinion, fake_facebook, officer):  # noqa: F811
    opinion, comment_id = fb_opinion
    client.force_login(officer)
    html = client.get(url("inspect", opinion.pk)).content.decode()
    assert "Gửi trả lời lên kênh" in html
    assert "Ẩn bình luận trên nền tảng" in html
    client.post(
        url("reply", opinion.pk), {"text": "Công đoàn đã ghi nhận, sẽ làm việc với nhà ăn."}
    )
    replies = fake_facebook.objects[comment_id]["replies"]
    assert len(replies) == 1
    assert fake_facebook.objects[replies[0]]["message"] == (
        "Công đoàn đã ghi nhận, sẽ làm việc với nhà ăn."
    )
    opinion.refresh_from_db()
    assert opinion.status == TriageStatus.HANDLED
    assert opinion.note == (
        "Đã trả lời trên Facebook Page: «Công đoàn đã ghi nhận, sẽ làm việc với nhà ăn.»"
    )


def test_hide_a_toxic_comment_on_facebook(client, fb_opinion, fake_facebook, officer):  # noqa: F811
    opinion, comment_id = fb_opinion
    client.force_login(officer)
    response = client.post(url("hide", opinion.pk), follow=True)
    assert "Đã ẩn bình luận trên nền tảng." in response.content.decode()
    assert fake_facebook.objects[comment_id]["is_hidden"] is True
    assert InboundMessage.objects.get(external_id=comment_id).is_hidden is True
    assert Opinion.objects.filter(pk=opinion.pk).exists()  # the voice itself stays


def test_reply_is_refused_for_an_opinion_not_from_a_channel(client, voices, officer):
    client.force_login(officer)
    response = client.post(url("reply", voices["meal"].pk), {"text": "Chào"}, follow=True)
    assert "Ý kiến này không đến từ một kênh mạng xã hội." in response.content.decode()
    assert Opinion.objects.get(pk=voices["meal"].pk).status == TriageStatus.NEW


def test_the_listing_says_no_content_and_not_sure(client, tree, officer):
    empty = OpinionFactory(unit=tree.unit, text="   ", sentiment="", toxicity="")
    unsure = OpinionFactory(
        unit=tree.unit, text="Ca làm", sentiment=Sentiment.NEGATIVE, sentiment_confidence=0.4
    )
    client.force_login(officer)
    html = client.get(reverse(INDEX)).content.decode()
    assert html.count("Không có nội dung") == 2  # sentiment and toxicity cells
    assert html.count('data-uncertain="1"') == 1
    detail = client.get(url("inspect", empty.pk)).content.decode()
    assert 'data-analysis="no-content"' in detail
    assert 'data-uncertain="1"' in client.get(url("inspect", unsure.pk)).content.decode()
