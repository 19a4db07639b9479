from django.urls import path

from lantoa.race import views

app_name = "race"

urlpatterns = [
    path("thanh-vien/giai-chay/", views.race_list, name="list"),
    path("thanh-vien/giai-chay/<uuid:race_id>/", views.race_detail, name="detail"),
    path("thanh-vien/giai-chay/<uuid:race_id>/dang-ky/", views.register, name="register"),
    path("thanh-vien/giai-chay/<uuid:race_id>/nop-tep/", views.upload, name="upload"),
    path("thanh-vien/giai-chay/<uuid:race_id>/nhap-tay/", views.manual, name="manual"),
    path(
        "thanh-vien/giai-chay/<uuid:race_id>/bang-xep-hang/",
        views.person_board,
        name="person_board",
    ),
    path("thanh-vien/giai-chay/<uuid:race_id>/don-vi/", views.unit_board, name="unit_board"),
    path("thanh-vien/giai-chay/<uuid:race_id>/chung-nhan/", views.certificate, name="certificate"),
    path(
        "thanh-vien/giai-chay/hoat-dong/<uuid:activity_id>/",
        views.activity_detail,
        name="activity",
    ),
    path("giai-chay/chung-nhan/<str:code>/", views.certificate_verify, name="certificate_verify"),
]
