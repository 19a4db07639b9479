from django.urls import path

from lantoa.honours import views

app_name = "honours"

urlpatterns = [
    path("thanh-vien/ton-vinh/", views.my_honours, name="mine"),
    path(
        "thanh-vien/ton-vinh/<uuid:honour_id>/chung-nhan/",
        views.certificate,
        name="certificate",
    ),
    path("ton-vinh/xac-minh/<str:code>/", views.verify, name="verify"),
]
