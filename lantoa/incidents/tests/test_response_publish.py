"""Publishing an approved response: the officer who publishes need not be an
approver; the post goes out carrying the approval the response already had
(posts' own approval is not asked a second time)."""

from lantoa.channels.choices import ChannelAction, PostStatus
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.core.models import AuditLogEntry
from lantoa.incidents.choices import ResponseState
from lantoa.incidents.services import responses
from lantoa.incidents.tests.factories import rumour_open


def test_an_officer_publishes_the_response_an_approver_approved(tree, people):
    account = ChannelAccountFactory(unit=tree.unit)
    incident = rumour_open(people.unit_officer, tree.unit)
    draft = responses.response_create(
        actor=people.unit_officer,
        incident=incident,
        text="Đại hội họp đúng kế hoạch.",
        account_ids=[account.pk],
    )
    responses.response_submit(actor=people.unit_officer, response=draft)
    responses.response_approve(actor=people.unit_approver, response=draft)

    published = responses.response_publish(actor=people.unit_officer, response=draft)

    assert published.state == ResponseState.PUBLISHED
    post = published.post
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED
    assert post.reviewed_by_id == people.unit_approver.pk
    assert [d.account_id for d in post.deliveries.all()] == [account.pk]
    approval = AuditLogEntry.objects.get(action=ChannelAction.POST_APPROVE)
    assert approval.actor_id == people.unit_approver.pk
