from django.urls import path

from lantoa.memberarea import views

app_name = "memberarea"

urlpatterns = [
    path("thanh-vien/", views.home, name="home"),
    path("thanh-vien/dang-nhap/", views.sign_in, name="sign_in"),
    path("thanh-vien/dang-nhap/ma/", views.sign_in_code, name="sign_in_code"),
    path("thanh-vien/dang-xuat/", views.sign_out, name="sign_out"),
]
