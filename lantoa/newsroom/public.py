"""What other apps use from `newsroom` besides its selectors, services and
choices: the pages they point at, count and draft into (a unit's site home and
its sections, articles, topic hubs) and the one rich-text cleaner every stored
body goes through.

Queries that carry rules go through `newsroom.selectors`; changes through
`newsroom.services` (or Wagtail's own actions for pages).
"""

from lantoa.newsroom.blocks import clean_rich_text
from lantoa.newsroom.models import ArticlePage, SectionIndex, TopicHub, UnitSiteHome

__all__ = ["ArticlePage", "SectionIndex", "TopicHub", "UnitSiteHome", "clean_rich_text"]
