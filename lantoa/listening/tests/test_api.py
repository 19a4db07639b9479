"""The listening API: scoped opinions with their analysis, one opinion, label
corrections as training data, trends with the minimum reporting size, alerts.
Query counts are pinned on the lists."""

import datetime as dt

import pytest
from django.utils import timezone

from lantoa.core.api.testing import bearer_headers
from lantoa.listening.choices import AlertKind, AlertState, Sentiment, Toxicity
from lantoa.listening.models import Alert, LabelCorrection
from lantoa.listening.tests.factories import OpinionFactory
from lantoa.org.choices import Role
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

API = "/api/v1"


def officer_of(unit):
    user = UserFactory()
    RoleAssignmentFactory(user=user, unit=unit, role=Role.OFFICER)
    return user


@pytest.fixture
def voices(tree):
    now = timezone.now()
    meal = OpinionFactory(
        unit=tree.unit,
        text="Bữa ăn ca quá tệ, đồ ngu",
        sentiment=Sentiment.NEGATIVE,
        sentiment_confidence=0.91,
        toxicity=Toxicity.OFFENSIVE,
        toxicity_confidence=0.77,
        spans=[{"start": 18, "end": 24, "text": "đồ ngu", "score": 0.9}],
        model_version="2026.05-public",
        received_at=now - dt.timedelta(hours=1),
    )
    housing = OpinionFactory(
        unit=tree.child,
        text="Nhà ở công nhân tốt hơn",
        sentiment=Sentiment.POSITIVE,
        received_at=now - dt.timedelta(hours=2),
    )
    sibling = OpinionFactory(
        unit=tree.sibling, text="Cà Mau thiếu nước", sentiment=Sentiment.NEGATIVE
    )
    return {"meal": meal, "housing": housing, "sibling": sibling}


@pytest.fixture
def officer(tree):
    return officer_of(tree.unit)


def get(client, user, path, **params):
    return client.get(f"{API}{path}", params, headers=bearer_headers(user))


def test_list_is_scoped_and_carries_the_analysis(client, voices, officer):
    response = get(client, officer, "/opinions/")
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["limit"], body["offset"]) == (2, 50, 0)
    meal = body["items"][0]
    assert meal["public_id"] == str(voices["meal"].public_id)
    assert meal["unit"] == {
        "public_id": str(voices["meal"].unit.public_id),
        "code": "KVT",
        "name": "CĐCS Khí Vũng Tàu",
    }
    assert meal["analysis"] == {
        "sentiment": "negative",
        "sentiment_confidence": 0.91,
        "sentiment_uncertain": False,
        "has_content": True,
        "sentiment_evidence": [],
        "toxicity": "offensive",
        "toxicity_confidence": 0.77,
        "spans": [{"start": 18, "end": 24, "text": "đồ ngu", "score": 0.9}],
        "labels_corrected": False,
        "model_version": "2026.05-public",
        "analysed_at": meal["analysis"]["analysed_at"],
        "analysis_error": "",
    }
    assert "author_ref" not in meal
    assert [i["public_id"] for i in body["items"]] == [
        str(voices["meal"].public_id),
        str(voices["housing"].public_id),
    ]


def test_list_filters(client, tree, voices, officer):
    def ids(**params):
        body = get(client, officer, "/opinions/", **params).json()
        return {i["text"] for i in body["items"]}

    assert ids(sentiment="negative") == {voices["meal"].text}
    assert ids(topic="nha o") == {voices["housing"].text}
    assert ids(unit=str(tree.child.public_id)) == {voices["housing"].text}
    assert ids(
        toxicity="offensive", since=(timezone.now() - dt.timedelta(minutes=90)).isoformat()
    ) == {voices["meal"].text}
    out_of_scope = get(client, officer, "/opinions/", unit=str(tree.sibling.public_id))
    assert (out_of_scope.status_code, out_of_scope.json()["code"]) == (404, "not_found")
    bad = get(client, officer, "/opinions/", sentiment="angry")
    assert (bad.status_code, bad.json()["code"]) == (422, "validation_error")


def test_list_query_count_does_not_grow(client, tree, officer, django_assert_num_queries):
    for n in range(3):
        OpinionFactory(unit=tree.unit, text=f"Ý kiến {n}", assignee=officer)
    headers = bearer_headers(officer)
    client.get(f"{API}/opinions/", headers=headers)  # the token's first use is recorded once
    # token + user, the caller's roles, count, page (opinions with unit, assignee, duplicate)
    with django_assert_num_queries(4):
        assert client.get(f"{API}/opinions/", headers=headers).json()["count"] == 3
    for n in range(3, 20):
        OpinionFactory(unit=tree.unit, text=f"Ý kiến {n}", assignee=officer)
    with django_assert_num_queries(4):
        assert client.get(f"{API}/opinions/", headers=headers).json()["count"] == 20


def test_detail_and_its_scope(client, voices, officer):
    response = get(client, officer, f"/opinions/{voices['meal'].public_id}/")
    assert response.status_code == 200
    assert response.json()["corrections"] == []
    assert response.json()["note"] == ""
    hidden = get(client, officer, f"/opinions/{voices['sibling'].public_id}/")
    assert (hidden.status_code, hidden.json()["code"]) == (404, "not_found")


def test_label_correction_is_stored_as_training_data(client, voices, officer):
    opinion = voices["meal"]
    response = client.post(
        f"{API}/opinions/{opinion.public_id}/labels",
        {"task": "toxicity", "label": "clean"},
        content_type="application/json",
        headers=bearer_headers(officer),
    )
    assert response.status_code == 201
    body = response.json()
    assert {
        k: body[k] for k in ("opinion_id", "task", "label", "model_label", "model_version")
    } == {
        "opinion_id": str(opinion.public_id),
        "task": "toxicity",
        "label": "clean",
        "model_label": "offensive",
        "model_version": "2026.05-public",
    }
    correction = LabelCorrection.objects.get()
    assert (correction.opinion, correction.corrected_by, correction.label) == (
        opinion,
        officer,
        "clean",
    )
    detail = get(client, officer, f"/opinions/{opinion.public_id}/").json()
    assert detail["analysis"]["toxicity"] == "clean"
    assert detail["analysis"]["labels_corrected"] is True
    assert [c["label"] for c in detail["corrections"]] == ["clean"]
    assert detail["corrections"][0]["corrected_by"] == officer.username


def test_label_correction_refusals(client, voices, tree, officer):
    headers = bearer_headers(officer)
    wrong = client.post(
        f"{API}/opinions/{voices['meal'].public_id}/labels",
        {"task": "sentiment", "label": "hate"},
        content_type="application/json",
        headers=headers,
    )
    assert (wrong.status_code, wrong.json()["code"]) == (422, "invalid_input")
    outside = client.post(
        f"{API}/opinions/{voices['sibling'].public_id}/labels",
        {"task": "sentiment", "label": "neutral"},
        content_type="application/json",
        headers=headers,
    )
    assert outside.status_code == 404
    assert not LabelCorrection.objects.exists()
    anonymous = client.post(
        f"{API}/opinions/{voices['meal'].public_id}/labels",
        {"task": "sentiment", "label": "neutral"},
        content_type="application/json",
    )
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "unauthenticated")


def test_trends_hide_small_groups(client, tree, settings):
    settings.LANTOA_LISTENING_MIN_REPORTING_SIZE = 5
    day = timezone.now().replace(hour=5, minute=0, second=0, microsecond=0) - dt.timedelta(days=1)
    for n in range(6):
        OpinionFactory(
            unit=tree.unit,
            sentiment=Sentiment.NEGATIVE if n < 2 else Sentiment.NEUTRAL,
            received_at=day,
        )
    OpinionFactory(unit=tree.sibling, received_at=day)
    user = officer_of(tree.parent)
    response = get(
        client,
        user,
        "/listening/trends/",
        since=(day - dt.timedelta(days=1)).isoformat(),
        until=(day + dt.timedelta(days=2)).isoformat(),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["unit"]["code"] == "PVGAS"
    assert body["min_reporting_size"] == 5
    assert body["totals"] == {
        "total": 7,
        "negative": 2,
        "neutral": 5,
        "positive": 0,
        "unanalysed": 0,
        "toxic": 0,
    }
    # Every local day of the period; empty days are hidden like small ones.
    assert [p["total"] for p in body["points"]] == [None, 7, None, None]
    assert body["points"][1]["negative_share"] == pytest.approx(2 / 7)
    children = {c["unit"]["code"]: c for c in body["children"]}
    # KCM's one opinion is hidden, and KVT's six with it (7 - 6 would give 1).
    for code in ("KVT", "KCM"):
        assert children[code] == {
            "unit": children[code]["unit"],
            "total": None,
            "negative_share": None,
            "toxic": None,
        }
    small = get(client, officer_of(tree.sibling), "/listening/trends/").json()
    assert small["totals"]["total"] is None
    assert len(small["points"]) == 31  # the last 30 days, both ends touched
    assert {(p["total"], p["negative"], p["positive"], p["negative_share"])
            for p in small["points"]} == {(None, None, None, None)}  # fmt: skip


def test_trends_refuse_other_units_and_bad_periods(client, tree):
    user = officer_of(tree.unit)
    assert (
        get(client, user, "/listening/trends/", unit=str(tree.sibling.public_id)).status_code == 404
    )
    now = timezone.now()
    backwards = get(
        client,
        user,
        "/listening/trends/",
        since=now.isoformat(),
        until=(now - dt.timedelta(days=1)).isoformat(),
    )
    assert (backwards.status_code, backwards.json()["code"]) == (422, "invalid_input")
    too_long = get(
        client, user, "/listening/trends/", since=(now - dt.timedelta(days=400)).isoformat()
    )
    assert too_long.status_code == 422


def test_alerts_list_scoped_with_escalations(client, tree, django_assert_num_queries):
    now = timezone.now()
    common = {
        "kind": AlertKind.VOLUME_SPIKE,
        "window_start": now - dt.timedelta(hours=24),
        "window_end": now,
        "count": 50,
        "baseline_mean": 10.0,
    }
    escalated = Alert.objects.create(
        unit=tree.unit, state=AlertState.ESCALATED, escalated_to=tree.parent,
        escalated_at=now, **common,
    )  # fmt: skip
    Alert.objects.create(unit=tree.sibling, **common)
    parent_officer = officer_of(tree.parent)
    headers = bearer_headers(parent_officer)
    client.get(f"{API}/listening/alerts/", headers=headers)  # the token's first use
    # token + user, the caller's roles, count, page (alerts with unit and escalated_to)
    with django_assert_num_queries(4):
        body = client.get(f"{API}/listening/alerts/", headers=headers).json()
    assert body["count"] == 2
    for _ in range(10):
        Alert.objects.create(unit=tree.child, **common)
    with django_assert_num_queries(4):
        assert client.get(f"{API}/listening/alerts/", headers=headers).json()["count"] == 12
    unit_view = get(client, officer_of(tree.unit), "/listening/alerts/", state="escalated").json()
    assert [a["public_id"] for a in unit_view["items"]] == [str(escalated.public_id)]
    item = unit_view["items"][0]
    assert (item["state"], item["escalated_to"]["code"], item["unit"]["code"]) == (
        "escalated",
        "PVGAS",
        "KVT",
    )
