"""The model card of the deployment: which model analyses opinions, how it scores,
the versions retrained from officers' corrections with their held-out figures,
and the two actions: retrain, roll back (`services.retraining`)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.core.exceptions import LantoaError
from lantoa.listening.admin_views.common import MODELS, ListeningAccessMixin, home_crumb
from lantoa.listening.choices import LabelTask
from lantoa.listening.models import LabelCorrection, ModelVersion
from lantoa.listening.services.retraining import (
    active_version,
    corrections_split,
    listening_model_rollback,
    may_manage_models,
)


class ModelCardView(ListeningAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "listening/admin/models.html"
    page_title = _("Mô hình phân tích")
    header_icon = "cogs"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [home_crumb(), {"url": "", "label": _("Mô hình phân tích")}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        from django.conf import settings

        from lantoa.listening.ml.artefacts import read_card

        active, root = active_version()
        card = read_card(active or settings.LANTOA_LISTENING_MODEL_VERSION or None, root)
        train, held = corrections_split()
        test = card.get("test", {})
        context.update(
            version=card["version"],
            base_version=card.get("base_version") or card["version"],
            decision=card.get("decision", {}),
            test_rows=[
                (task, name, figures)
                for task in ("sentiment", "toxicity")
                for name, figures in test.get(task, {}).items()
            ],
            lodo=card.get("lodo", []),
            versions=list(ModelVersion.objects.all()[:20]),
            corrections=LabelCorrection.objects.filter(task=LabelTask.SENTIMENT).count(),
            train_count=len(train),
            held_count=len(held),
            can_manage=may_manage_models(actor=self.request.user),
            retrain_url=reverse(f"{MODELS}:retrain"),
            rollback_url=reverse(f"{MODELS}:rollback"),
        )
        return context


class _ModelAction(ListeningAccessMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_manage_models(actor=request.user):
            raise PermissionDenied
        try:
            messages.success(request, self.perform(request))
        except LantoaError as exc:
            messages.error(request, exc.message)
        return redirect(reverse(f"{MODELS}:index"))

    def perform(self, request: HttpRequest) -> str:
        raise NotImplementedError


class ModelRetrainView(_ModelAction):
    def perform(self, request: HttpRequest) -> str:
        from lantoa.listening.tasks import listening_model_retrain_task

        listening_model_retrain_task.enqueue(user_id=int(request.user.pk or 0))
        return gettext("Đã gửi yêu cầu huấn luyện lại; kết quả hiện ở bảng phiên bản khi xong.")


class ModelRollbackView(_ModelAction):
    def perform(self, request: HttpRequest) -> str:
        now = listening_model_rollback(actor=request.user)
        return gettext("Đã quay lại: đang dùng %(version)s.") % {
            "version": now.version if now else gettext("mô hình mặc định")
        }
