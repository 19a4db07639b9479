"""Newsroom URLs that are not pages. Feeds and search are routes of the
site-home and section pages themselves (`rss/`, `atom/`, `tim-kiem/`)."""

from django.urls import path
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as sitemap_views

from lantoa.newsroom import views


class NewsSitemap(Sitemap):
    # Smaller files than the 50,000 allowed: each file is built on request.
    limit = 5000


SITEMAPS = {"pages": NewsSitemap}

urlpatterns = [
    path("phan-hoi/gui/", views.feedback_submit_view, name="newsroom_feedback_submit"),
    path(
        "sitemap.xml",
        views.sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "newsroom_sitemap_section"},
        name="newsroom_sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="newsroom_sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="newsroom_robots"),
]
