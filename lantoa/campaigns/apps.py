from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "lantoa.campaigns"
    label = "campaigns"
    verbose_name = "Chiến dịch và định hướng"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lantoa.campaigns import actors, subscribers, tasks
        from lantoa.channels.events import POST_DELIVERED
        from lantoa.core import events, periodic
        from lantoa.events.events import EVENT_APPROVED
        from lantoa.newsroom.events import ARTICLE_PUBLISHED

        # However an adopted article goes live, its task hears it.
        events.subscribe(
            ARTICLE_PUBLISHED,
            subscribers.article_published,
            name=actors.PUBLICATION_FOLLOW.name,
            label=actors.PUBLICATION_FOLLOW.label,
        )
        # And however a task's post reaches a channel.
        events.subscribe(
            POST_DELIVERED,
            subscribers.post_delivered,
            name=actors.PUBLICATION_FOLLOW.name,
            label=actors.PUBLICATION_FOLLOW.label,
        )
        # Press releases and clippings are tied to the campaigns an officer may see.
        # Honour rounds to those their organising unit sees.
        from lantoa.campaigns.selectors import campaign_choices_at, campaign_choices_for
        from lantoa.core.campaign_refs import (
            register_campaign_choices,
            register_campaign_choices_at,
        )

        register_campaign_choices(campaign_choices_for)
        register_campaign_choices_at(campaign_choices_at)
        # An approved event its organiser wants relayed: a draft directive.
        events.subscribe(
            EVENT_APPROVED,
            subscribers.event_approved,
            name=actors.EVENT_RELAY.name,
            label=actors.EVENT_RELAY.label,
        )
        # Overdue → late and escalated, reminders before the due date.
        periodic.register(actors.DIRECTIVES_SWEEP, 300, tasks.directives_sweep_task.enqueue)
