from django.apps import AppConfig
from django.conf import settings


class NewsroomConfig(AppConfig):
    name = "lantoa.newsroom"
    label = "newsroom"
    verbose_name = "Trang tin điện tử"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from lantoa.core import events, periodic, unit_pages
        from lantoa.newsroom import actors, selectors, signal_handlers, subscribers, tasks
        from lantoa.newsroom.events import ARTICLE_PUBLISHED

        signal_handlers.connect()
        # The unit directory links each unit's site; the bulletin archive wears
        # the site's masthead and menu (lantoa/core/unit_pages.py).
        unit_pages.register_link("site", _("Trang tin"), selectors.unit_site_urls)
        unit_pages.register_chrome(selectors.unit_site_chrome)
        events.subscribe(
            ARTICLE_PUBLISHED,
            subscribers.article_share,
            name=actors.ARTICLE_SHARE.name,
            label=actors.ARTICLE_SHARE.label,
        )
        # Pages whose go-live or expiry time has come (runs at the exact
        # time are queued too, where the task backend can defer).
        periodic.register(
            actors.PUBLISH_SCHEDULED,
            settings.LANTOA_PUBLISH_SCHEDULED_INTERVAL,
            tasks.publish_scheduled_task.enqueue,
        )
        # Publications whose announcement a dead process missed.
        periodic.register(
            actors.PUBLICATIONS_REANNOUNCE, 900, tasks.articles_published_reannounce_task.enqueue
        )
