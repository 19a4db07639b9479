"""The issue screen of the back office: contents, suggestions, approval, test
send, send, and live progress (sent / failed / remaining, polled as JSON).
Each POST calls one service; a refusal comes back as a message."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from lantoa.bulletin import selectors
from lantoa.bulletin.choices import IssueState
from lantoa.bulletin.models import Issue
from lantoa.bulletin.services import issues, sending, subscriptions
from lantoa.bulletin.services.rendering import issue_links, issue_sections
from lantoa.core.admin_views import AdminPageView
from lantoa.core.exceptions import LantoaError
from lantoa.core.exceptions import PermissionDenied as DomainPermissionDenied
from lantoa.org import scoping
from lantoa.org.choices import Perm


def scoped_issue(request: HttpRequest, pk: int) -> Issue:
    """The issue if the user may work on it; 404 outside their scope."""
    if not scoping.user_has_any(request.user, Perm.CONTENT_EDIT):
        raise PermissionDenied
    return get_object_or_404(selectors.issues_for(request.user), pk=pk)


class IssueDetailView(AdminPageView):
    template_name = "bulletin/admin/issue_detail.html"

    def get_page_title(self) -> str:
        return str(self.issue)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.issue = scoped_issue(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        issue = self.issue
        unit = issue.bulletin.unit
        context.update(
            issue=issue,
            sections=issue_sections(issue),
            suggestions=selectors.article_suggestions(issue) if issue.is_editable else [],
            progress=selectors.send_progress(issue),
            recipient_estimate=selectors.recipient_count(issue.bulletin)
            if issue.state == IssueState.APPROVED
            else None,
            can_approve=scoping.user_can(self.request.user, Perm.CONTENT_APPROVE, unit),
            action_url=reverse("bulletin_issues:action", args=[issue.pk]),
            progress_url=reverse("bulletin_issues:progress", args=[issue.pk]),
            edit_url=reverse("bulletin_issues:edit", args=[issue.pk]),
            index_url=reverse("bulletin_issues:index"),
            **issue_links(issue),
        )
        return context


class IssueActionView(View):
    """POST action=approve|unapprove|test_send|send|add_suggestions."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        issue = scoped_issue(request, pk)
        action = request.POST.get("action", "")
        user = request.user
        try:
            if action == "approve":
                issues.issue_approve(actor=user, issue=issue)
                messages.success(request, "Đã duyệt số bản tin; bản PDF đang được dàn trang.")
            elif action == "unapprove":
                issues.issue_return_to_draft(actor=user, issue=issue)
                messages.success(request, "Đã trả số bản tin về bản nháp.")
            elif action == "test_send":
                address = sending.issue_test_send(actor=user, issue=issue)
                messages.success(request, f"Đã gửi thử đến {address}.")
            elif action == "send":
                # Sending to everyone is not a click away from "send a test".
                expected = str(selectors.recipient_count(issue.bulletin))
                if request.POST.get("confirm_count") != expected:
                    messages.error(
                        request,
                        f"Chưa gửi: đánh dấu ô xác nhận gửi đến {expected} người nhận rồi bấm gửi.",
                    )
                    return redirect("bulletin_issues:detail", issue.pk)
                sending.issue_send(actor=user, issue=issue)
                messages.success(request, "Bắt đầu gửi; tiến độ cập nhật trên trang này.")
            elif action == "add_suggestions":
                ids = [int(v) for v in request.POST.getlist("page") if v.isdigit()]
                pages = list(Page.objects.filter(pk__in=ids))
                issues.issue_add_articles(
                    actor=user, issue=issue, pages=pages, section=request.POST.get("section", "")
                )
                messages.success(request, f"Đã thêm {len(pages)} bài vào số bản tin.")
            else:
                messages.error(request, "Thao tác không hợp lệ.")
        except DomainPermissionDenied as exc:
            messages.error(request, exc.message)
        except LantoaError as exc:
            messages.error(request, exc.message)
        return redirect("bulletin_issues:detail", issue.pk)


class IssueProgressView(View):
    """Live progress for the issue screen's poller."""

    def get(self, request: HttpRequest, pk: int) -> JsonResponse:
        issue = scoped_issue(request, pk)
        p = selectors.send_progress(issue)
        return JsonResponse(
            {
                "state": issue.state,
                "state_label": str(issue.get_state_display()),
                "total": p.total,
                "sent": p.sent,
                "failed": p.failed,
                "remaining": p.remaining,
                "percent": p.percent,
            }
        )


class SuppressionImportForm(forms.Form):
    addresses = forms.CharField(
        label="Danh sách địa chỉ",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Mỗi dòng một địa chỉ, hoặc nội dung CSV có địa chỉ ở cột đầu.",
    )


class SuppressionImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "bulletin/admin/suppression_import.html"
    form_class = SuppressionImportForm
    page_title = "Nhập danh sách địa chỉ chặn gửi"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not scoping.user_has_any(request.user, Perm.CONTENT_EDIT):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: SuppressionImportForm) -> HttpResponse:
        result = subscriptions.suppressions_import(
            actor=self.request.user, text=form.cleaned_data["addresses"]
        )
        text = f"Đã thêm {result.added} địa chỉ, {result.existing} địa chỉ đã có."
        if result.invalid:
            text += f" Không hợp lệ: {', '.join(result.invalid[:20])}."
        messages.success(self.request, text)
        return redirect("bulletin_suppressions:index")
