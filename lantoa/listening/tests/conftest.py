from lantoa.org.tests.conftest import tree  # noqa: F401 - the shared org tree fixture


def facebook_page_with_post(unit, fake_facebook, text="Tin đại hội"):
    """A Facebook Page of `unit` on the fake Graph API, and a post published on it."""
    from lantoa.channels.adapters.base import PostContent
    from lantoa.channels.adapters.facebook import FacebookAdapter
    from lantoa.channels.choices import Platform
    from lantoa.channels.services.credentials import account_view
    from lantoa.channels.tests.factories import ChannelAccountFactory

    account = ChannelAccountFactory(
        unit=unit,
        platform=Platform.FACEBOOK_PAGE,
        external_id=fake_facebook.PAGE_ID,
        credentials={"page_token": fake_facebook.PAGE_TOKEN},
    )
    adapter = FacebookAdapter()
    post_id = adapter.publish(
        account_view(account), adapter.render(PostContent(text), marker="m1")
    ).external_id
    return account, post_id


def facebook_webhook_process(account, signed):
    """A signed Facebook webhook through the real path: stored raw, then processed."""
    from lantoa.channels.choices import Platform
    from lantoa.channels.services.inbound import inbound_event_process, inbound_event_record

    event = inbound_event_record(
        platform=Platform.FACEBOOK_PAGE,
        account=account,
        headers=signed.headers,
        body=signed.body,
        signature_valid=True,
    )
    inbound_event_process(event_id=event.pk)
