"""Public URLs of incidents (included in lantoa/urls.py before Wagtail's pages)."""

from django.urls import path

from lantoa.incidents import views

app_name = "incidents"

urlpatterns = [
    path("bao-tin-xau-doc/", views.report_public, name="report"),
]
