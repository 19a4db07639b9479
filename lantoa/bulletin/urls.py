"""Public URLs of the bulletin (included in lantoa/urls.py before Wagtail's pages)."""

from django.urls import path

from lantoa.bulletin import views

app_name = "bulletin"

urlpatterns = [
    path("ban-tin/xac-nhan/<str:token>/", views.confirm, name="confirm"),
    path("ban-tin/huy-nhan/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("ban-tin/tuy-chon/<str:token>/", views.preferences, name="preferences"),
    path("ban-tin/<slug:unit_slug>/", views.archive, name="archive"),
    path("ban-tin/<slug:unit_slug>/dang-ky/", views.subscribe, name="subscribe"),
    path("ban-tin/<slug:unit_slug>/<int:year>/<int:number>/", views.issue_web, name="issue"),
    path(
        "ban-tin/<slug:unit_slug>/<int:year>/<int:number>/pdf/", views.issue_pdf, name="issue_pdf"
    ),
]
