from django.urls import path

from lantoa.advocacy import views

app_name = "advocacy"

urlpatterns = [
    path("thanh-vien/lan-toa/", views.kit_list, name="kits"),
    path("thanh-vien/lan-toa/tham-gia/", views.join, name="join"),
    path("thanh-vien/lan-toa/cai-dat/", views.ambassador_settings, name="settings"),
    path("thanh-vien/lan-toa/bang-xep-hang/", views.boards, name="boards"),
    path("thanh-vien/lan-toa/<uuid:kit_id>/", views.kit_detail, name="kit"),
    path("thanh-vien/lan-toa/<uuid:kit_id>/qr.svg", views.qr, name="qr"),
    path("thanh-vien/lan-toa/<uuid:kit_id>/chia-se/<str:network>/", views.share, name="share"),
    path("l/<str:code>", views.short_link, name="short_link"),
]
