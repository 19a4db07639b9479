from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lantoa.api import api
from lantoa.core import views as core_views
from lantoa.newsroom import views as newsroom_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("webhooks/", include("lantoa.channels.urls")),
    # django-anymail's ESP tracking webhooks (bounces, complaints → bulletin suppressions).
    path("webhooks/anymail/", include("anymail.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # "/" is the industry union's site home (Wagtail), ahead of org's "" route.
    path("", newsroom_views.serve, {"path": ""}),
    path("", include("lantoa.bulletin.urls")),
    path("", include("lantoa.org.urls")),
    path("", include("lantoa.newsroom.urls")),
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
