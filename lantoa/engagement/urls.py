from django.urls import path

from lantoa.engagement import views

app_name = "engagement"

urlpatterns = [
    path("thanh-vien/tham-gia/", views.open_list, name="list"),
    path("thanh-vien/thi-tim-hieu/<uuid:quiz_id>/", views.quiz_detail, name="quiz"),
    path("thanh-vien/thi-tim-hieu/<uuid:quiz_id>/bat-dau/", views.quiz_start, name="quiz_start"),
    path("thanh-vien/thi-tim-hieu/<uuid:quiz_id>/xep-hang/", views.quiz_board, name="quiz_board"),
    path("thanh-vien/bai-thi/<uuid:attempt_id>/", views.attempt_page, name="attempt"),
    path("thanh-vien/khao-sat/<uuid:survey_id>/", views.survey_page, name="survey"),
]
