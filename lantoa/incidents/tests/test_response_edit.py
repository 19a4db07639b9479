"""A response the approver sends back for changes is edited by its author
(service and screen), then submitted and approved again; responses waiting
for approval, approved or published are not edited."""

import pytest
from django.urls import reverse

from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.incidents.choices import ResponseState, TimelineKind
from lantoa.incidents.services import responses
from lantoa.incidents.tests.factories import FactFactory, rumour_open
from lantoa.org.services import sync_admin_access


@pytest.fixture
def returned(tree, people):
    incident = rumour_open(people.unit_officer, tree.unit, claim="Đại hội công đoàn bị hoãn")
    draft = responses.response_create(
        actor=people.unit_officer, incident=incident, text="Đại hội vẫn họp."
    )
    responses.response_submit(actor=people.unit_officer, response=draft)
    return responses.response_return(
        actor=people.unit_approver, response=draft, note="Ghi rõ ngày họp và nguồn"
    )


def test_the_author_edits_a_returned_response_on_its_screen_and_it_is_approved(
    client, tree, people, returned
):
    fact = FactFactory(
        unit=tree.parent, statement="Đại hội Công đoàn Khí Vũng Tàu họp ngày 20/12/2026."
    )
    sync_admin_access(people.unit_officer)
    client.force_login(people.unit_officer)
    detail = client.get(reverse("incidents_incidents:detail", args=[returned.incident_id]))
    edit_url = reverse(
        "incidents_incidents:response_edit", args=[returned.incident_id, returned.pk]
    )
    assert edit_url in detail.content.decode()

    page = client.get(edit_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ghi rõ ngày họp và nguồn" in html
    assert "Đại hội vẫn họp." in html

    # Bad input stays on the screen with a Vietnamese message.
    refused = client.post(edit_url, {"text": "   "})
    assert refused.status_code == 200
    assert "Chưa lưu được phản hồi" in refused.content.decode()

    text = "Đại hội vẫn họp đúng kế hoạch ngày 20/12/2026 (Thông báo số 12/TB-CĐ)."
    saved = client.post(
        edit_url, {"text": text, "reply_text": "Cảm ơn bạn", "facts": [str(fact.pk)]}
    )
    assert saved.status_code == 302
    returned.refresh_from_db()
    assert (returned.text, returned.reply_text, returned.state) == (
        text,
        "Cảm ơn bạn",
        ResponseState.DRAFT,
    )
    assert list(returned.facts.all()) == [fact]
    entry = returned.incident.timeline.filter(kind=TimelineKind.RESPONSE).last()
    assert entry.text == "Sửa phản hồi theo yêu cầu «Ghi rõ ngày họp và nguồn»."
    assert entry.data["changed"] == ["reply_text", "text"]
    audit = AuditLogEntry.objects.get(action="incidents.response_update")
    assert audit.actor == people.unit_officer

    responses.response_submit(actor=people.unit_officer, response=returned)
    approved = responses.response_approve(actor=people.unit_approver, response=returned)
    assert approved.state == ResponseState.APPROVED
    assert approved.text == text


def test_only_drafts_are_edited_and_only_inside_the_scope(client, tree, people, returned):
    responses.response_submit(actor=people.unit_officer, response=returned)
    with pytest.raises(InvalidInput, match="Chỉ sửa được bản nháp"):
        responses.response_update(actor=people.unit_officer, response=returned, text="Khác")
    returned.refresh_from_db()
    assert returned.text == "Đại hội vẫn họp."

    responses.response_return(actor=people.unit_approver, response=returned, note="Sửa tiếp")
    with pytest.raises(PermissionDenied):
        responses.response_update(actor=people.sibling_officer, response=returned, text="Khác")
    sync_admin_access(people.sibling_officer)
    client.force_login(people.sibling_officer)
    url = reverse("incidents_incidents:response_edit", args=[returned.incident_id, returned.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "Khác"}).status_code == 404
    returned.refresh_from_db()
    assert returned.text == "Đại hội vẫn họp."
    assert not AuditLogEntry.objects.filter(action="incidents.response_update").exists()
