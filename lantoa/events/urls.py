from django.urls import path

from lantoa.events import views

app_name = "events"

urlpatterns = [
    path("thanh-vien/su-kien/", views.event_list, name="list"),
    path("thanh-vien/su-kien/<uuid:event_id>/", views.event_detail, name="detail"),
    path("thanh-vien/su-kien/<uuid:event_id>/dang-ky/", views.register, name="register"),
    path("thanh-vien/su-kien/<uuid:event_id>/huy-dang-ky/", views.unregister, name="unregister"),
    path("thanh-vien/su-kien/<uuid:event_id>/cau-hoi/", views.ask, name="ask"),
]
