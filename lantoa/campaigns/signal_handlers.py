"""Signal wiring of campaigns, connected once from `CampaignsConfig.ready()`.

Wagtail's `page_published` fires however a page goes live (the editor, a
workflow approval, scheduled publishing), so an adopted article links back
to its directive task whichever way it was published (STYLE.md §8). The
handler hands over to one service.
"""

from typing import Any

from wagtail.signals import page_published


def _page_published(sender: Any, instance: Any, **kwargs: Any) -> None:
    from lantoa.campaigns.services.adoption import task_article_published

    task_article_published(page=instance)


def connect() -> None:
    from lantoa.newsroom.models import ArticlePage

    page_published.connect(
        _page_published, sender=ArticlePage, dispatch_uid="campaigns_article_published"
    )
