from django.urls import path

from lantoa.contests import views

app_name = "contests"

urlpatterns = [
    path("thanh-vien/cuoc-thi-anh/", views.contest_list, name="list"),
    path("thanh-vien/cuoc-thi-anh/<uuid:contest_id>/", views.contest_detail, name="detail"),
    path("thanh-vien/cuoc-thi-anh/<uuid:contest_id>/gui-anh/", views.entry_submit, name="submit"),
    path(
        "thanh-vien/cuoc-thi-anh/<uuid:contest_id>/binh-chon/<uuid:entry_id>/",
        views.vote,
        name="vote",
    ),
    path(
        "thanh-vien/cuoc-thi-anh/anh/<uuid:entry_id>/rut/",
        views.entry_withdraw,
        name="withdraw",
    ),
    path("thanh-vien/cham-thi/<uuid:round_id>/", views.jury_round, name="jury"),
    path(
        "thanh-vien/cham-thi/<uuid:round_id>/anh/<uuid:entry_id>/",
        views.jury_score,
        name="score",
    ),
    path("cuoc-thi-anh/anh/<uuid:entry_id>/", views.entry_image, name="image"),
]
