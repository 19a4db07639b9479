from django.urls import path

from lantoa.press import views

app_name = "press"

urlpatterns = [
    path("bao-chi/huy-nhan/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
