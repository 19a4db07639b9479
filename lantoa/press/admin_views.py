"""Press screens beyond Wagtail's generic ones: a release (its state,
recipients, approval, schedule and how its sending goes), logging an article
of the RSS/Atom inbox as a clipping, and the coverage report (HTML, PDF,
XLSX) per campaign or per unit and period. Each POST calls one service; a
refusal comes back as a message."""

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies.base import BasePermissionPolicy

from lantoa.bulletin.services.mailings import mailing_progress
from lantoa.core.campaign_refs import campaign_choices, campaign_title
from lantoa.core.exceptions import LantoaError
from lantoa.core.exceptions import PermissionDenied as DomainPermissionDenied
from lantoa.core.permissions import object_in_scope
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.press import reports, selectors, services
from lantoa.press.choices import ReleaseState, Tone
from lantoa.press.models import FeedItem, PressRelease
from lantoa.press.services.dispatch import mailing_source


def _policy(model: type[Model]) -> BasePermissionPolicy:
    from lantoa.press.viewsets import POLICIES

    return POLICIES[model]


def scoped(request: HttpRequest, model: type[Model], pk: Any) -> Any:
    """The object if the user may edit press work over it: no such right
    anywhere → refused; outside their scope → 404."""
    policy = _policy(model)
    if not scoping.user_has_any(request.user, Perm.CONTENT_EDIT) or not policy.user_has_permission(
        request.user, "view"
    ):
        raise PermissionDenied
    return object_in_scope(policy, request.user, "view", pk=pk)


# -- releases ---------------------------------------------------------------------


class ReleaseDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "press/admin/release_detail.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.release: PressRelease = scoped(request, PressRelease, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.release)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        release = self.release
        user = self.request.user
        chosen = set(release.recipients.values_list("journalist_id", flat=True))
        context.update(
            release=release,
            journalists=[
                (j, j.pk in chosen)
                for j in selectors.journalist_list_for(actor=user).filter(unit=release.unit)
            ],
            editable=release.state
            in (ReleaseState.DRAFT, ReleaseState.SUBMITTED, ReleaseState.APPROVED),
            can_approve=scoping.user_can(user, Perm.CONTENT_APPROVE, release.unit),
            progress=mailing_progress(source=mailing_source(release)),
            campaign=campaign_title(user, release.campaign_ref),
            clippings=list(release.clippings.select_related("outlet")[:20]),
            action_url=reverse("press_releases:action", args=[release.pk]),
            edit_url=reverse("press_releases:edit", args=[release.pk]),
            index_url=reverse("press_releases:index"),
        )
        return context


APPROVER_ACTIONS = frozenset({"approve"})


class ReleaseActionView(View):
    """POST action=recipients|submit|approve|return|schedule|cancel."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = request.POST.get("action", "")
        perm = Perm.CONTENT_APPROVE if action in APPROVER_ACTIONS else Perm.CONTENT_EDIT
        if not scoping.user_has_any(request.user, perm):
            raise PermissionDenied
        release: PressRelease = scoped(request, PressRelease, pk)
        if not scoping.user_can(request.user, perm, release.unit):
            raise PermissionDenied
        user = request.user
        try:
            if action == "recipients":
                ids = [int(i) for i in request.POST.getlist("journalist") if i.isdigit()]
                chosen = selectors.journalist_list_for(actor=user).filter(pk__in=ids)
                services.release_set_recipients(
                    actor=user, release=release, journalists=list(chosen)
                )
                messages.success(request, "Đã lưu danh sách phóng viên nhận thông cáo.")
            elif action == "submit":
                services.release_submit(actor=user, release=release)
                messages.success(request, "Đã trình duyệt thông cáo.")
            elif action == "approve":
                services.release_approve(actor=user, release=release)
                messages.success(request, "Đã duyệt thông cáo.")
            elif action == "return":
                services.release_return(
                    actor=user, release=release, reason=request.POST.get("note", "")
                )
                messages.success(request, "Đã trả thông cáo về bản nháp.")
            elif action == "schedule":
                send_at = _parse_local(request.POST.get("send_at", ""))
                release = services.release_schedule(actor=user, release=release, send_at=send_at)
                messages.success(
                    request, "Đã hẹn gửi: thông cáo đi khi đến giờ và hết giờ cấm đăng."
                )
            elif action == "cancel":
                services.release_cancel(actor=user, release=release)
                messages.success(request, "Đã hủy hẹn gửi.")
            else:
                messages.error(request, "Thao tác không hợp lệ.")
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        except LantoaError as exc:
            messages.error(request, exc.message)
        return redirect("press_releases:detail", pk)


def _parse_local(value: str) -> dt.datetime | None:
    if not value.strip():
        return None
    try:
        naive = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return timezone.make_aware(naive) if timezone.is_naive(naive) else naive


# -- the RSS/Atom inbox ---------------------------------------------------------------


class LogForm(forms.Form):
    tone = forms.ChoiceField(label="Sắc thái", choices=Tone.choices, initial=Tone.NEUTRAL)
    reach = forms.IntegerField(label="Lượng tiếp cận", min_value=0, required=False)
    campaign = forms.ChoiceField(label="Chiến dịch", required=False)
    release = forms.ModelChoiceField(
        label="Thông cáo liên quan", queryset=PressRelease.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, item: FeedItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (str(k), v) for k, v in campaign_choices(user)
        ]
        self.fields["release"].queryset = selectors.release_list_for(actor=user).filter(  # type: ignore[attr-defined]
            unit=item.outlet.unit
        )


class FeedItemLogView(WagtailAdminTemplateMixin, TemplateView):
    """GET: the article and the form; POST: log it as a clipping."""

    template_name = "press/admin/feed_item_log.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.item: FeedItem = scoped(request, FeedItem, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.item)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            item=self.item,
            form=kwargs.get("form") or LogForm(user=self.request.user, item=self.item),
            dismiss_url=reverse("press_inbox:dismiss", args=[self.item.pk]),
            index_url=reverse("press_inbox:index"),
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = LogForm(request.POST, user=request.user, item=self.item)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        try:
            clipping = services.feed_item_log(
                actor=request.user,
                item=self.item,
                tone=data["tone"],
                reach=data["reach"],
                release=data["release"],
                campaign_ref=uuid.UUID(data["campaign"]) if data["campaign"] else None,
            )
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        except LantoaError as exc:
            messages.error(request, exc.message)
            return redirect("press_inbox:log", pk)
        messages.success(request, f"Đã ghi nhận bài báo “{clipping.title}”.")
        return redirect("press_inbox:index")


class FeedItemDismissView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item: FeedItem = scoped(request, FeedItem, pk)
        try:
            services.feed_item_dismiss(actor=request.user, item=item)
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        messages.success(request, "Đã bỏ qua bài này.")
        return redirect("press_inbox:index")


# -- the coverage report --------------------------------------------------------------


class CoverageReportView(WagtailAdminTemplateMixin, TemplateView):
    """`?campaign=<public id>` or `?unit=<id>&from=YYYY-MM-DD&to=YYYY-MM-DD`;
    `&format=pdf|xlsx` downloads it."""

    template_name = "press/admin/coverage_report.html"
    page_title = "Báo chí phản ánh"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not scoping.user_has_any(request.user, Perm.CONTENT_EDIT):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def report(self) -> reports.Report | None:
        user = self.request.user
        params = self.request.GET
        if params.get("campaign"):
            try:
                ref = uuid.UUID(params["campaign"])
            except ValueError:
                return None
            title = campaign_title(user, ref) or "Chiến dịch"
            coverage = selectors.coverage_for_campaign(actor=user, campaign_ref=ref)
            return reports.Report(
                f"Chiến dịch: {title}", "Các bài báo gắn với chiến dịch", coverage
            )
        units = scoping.units_for(user, Perm.CONTENT_EDIT)
        unit = (
            units.filter(pk=params.get("unit") or 0).first()
            if params.get("unit", "").isdigit()
            else None
        )
        if unit is None:
            return None
        today = timezone.localdate()
        try:
            start = dt.date.fromisoformat(params.get("from") or f"{today:%Y-%m}-01")
            end = dt.date.fromisoformat(params.get("to") or today.isoformat())
        except ValueError:
            return None
        coverage = selectors.coverage_for_period(
            actor=user, unit=unit, starts_on=start, ends_on=end
        )
        return reports.Report(unit.name, reports.period_label(start, end), coverage)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report = self.report()
        fmt = request.GET.get("format", "")
        if report is not None and fmt == "pdf":
            response = HttpResponse(reports.coverage_pdf(report), content_type="application/pdf")
            response["Content-Disposition"] = 'attachment; filename="bao-chi-phan-anh.pdf"'
            return response
        if report is not None and fmt == "xlsx":
            response = HttpResponse(
                reports.coverage_xlsx(report),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = 'attachment; filename="bao-chi-phan-anh.xlsx"'
            return response
        return self.render_to_response(self.get_context_data(report=report))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        query = self.request.GET.urlencode()
        context.update(
            campaigns=campaign_choices(user),
            units=scoping.units_for(user, Perm.CONTENT_EDIT).order_by("path")[:500],
            tones=[(label, kwargs["report"].coverage.tones[value]) for value, label in Tone.choices]
            if kwargs.get("report")
            else [],
            pdf_url=f"?{query}&format=pdf",
            xlsx_url=f"?{query}&format=xlsx",
            params=self.request.GET,
        )
        return context
