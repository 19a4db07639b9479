from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lantoa.advocacy import urls as advocacy_urls
from lantoa.api import api
from lantoa.bulletin import urls as bulletin_urls
from lantoa.channels import urls as channels_urls
from lantoa.contests import urls as contests_urls
from lantoa.core import views as core_views
from lantoa.engagement import urls as engagement_urls
from lantoa.events import urls as events_urls
from lantoa.honours import urls as honours_urls
from lantoa.incidents import urls as incidents_urls
from lantoa.memberarea import urls as memberarea_urls
from lantoa.newsroom import urls as newsroom_urls
from lantoa.newsroom import views as newsroom_views
from lantoa.ops import views as ops_views
from lantoa.org import urls as org_urls
from lantoa.org import views as org_views
from lantoa.press import urls as press_urls
from lantoa.race import urls as race_urls

urlpatterns = [
    # Ahead of Wagtail's own: the same form, rate-limited, mailing from the worker.
    path(
        "admin/password_reset/",
        org_views.PasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", ops_views.readyz, name="readyz"),
    path("metrics", ops_views.metrics, name="metrics"),
    path("webhooks/", include(channels_urls)),
    # django-anymail's ESP tracking webhooks (bounces, complaints → bulletin suppressions).
    path("webhooks/anymail/", include("anymail.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("ngon-ngu/<str:code>/", core_views.language_switch, name="language_switch"),
    # "/" is the industry union's site home (Wagtail), ahead of org's "" route.
    path("", newsroom_views.serve, {"path": ""}),
    path("", include(memberarea_urls)),
    path("", include(race_urls)),
    path("", include(contests_urls)),
    path("", include(honours_urls)),
    path("", include(advocacy_urls)),
    path("", include(press_urls)),
    path("", include(engagement_urls)),
    path("", include(events_urls)),
    path("", include(bulletin_urls)),
    path("", include(incidents_urls)),
    path("", include(org_urls)),
    path("", include(newsroom_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last: it answers every path not matched above,
# through the newsroom's page cache (same pattern and name as Wagtail's own).
urlpatterns += [
    *(p for p in wagtail_urls.urlpatterns if getattr(p, "name", "") != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, newsroom_views.serve, name="wagtail_serve"),
]
