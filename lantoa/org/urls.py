from django.urls import path

from lantoa.org import views

app_name = "org"

urlpatterns = [
    path("", views.unit_directory, name="home"),
    path("don-vi/", views.unit_directory, name="unit_directory"),
]
