"""Webhook URLs, mounted at /webhooks/ (see lantoa/channels/webhooks.py)."""

from django.urls import path

from lantoa.channels import webhooks

app_name = "channels"

urlpatterns = [
    path("facebook/", webhooks.facebook, name="webhook_facebook"),
    path("zalo/<uuid:public_id>/", webhooks.zalo, name="webhook_zalo"),
    path("viber/<uuid:public_id>/", webhooks.viber, name="webhook_viber"),
    path("telegram/<uuid:public_id>/", webhooks.telegram, name="webhook_telegram"),
]
