"""Opinions in the admin: the scoped, filtered listing (sentiment, toxicity,
topic without diacritics, source, unit, time, status, duplicates hidden), one
opinion with its offending spans marked, and the one-click triage actions
(correct a label, assign, mark handled, reply on the channel, hide there).

Reads go through `listening.selectors` (`opinion_list_for`) and
`listening.selectors_admin`; every change through a service, which checks the
scope again and writes the audit log."""

import datetime as dt
from functools import cached_property
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from lantoa.channels.services.moderation import can_hide, can_reply
from lantoa.core.dates import format_datetime_line
from lantoa.core.viewsets import ScopedIndexView, ScopedObjectMixin
from lantoa.listening.admin_views.common import (
    OPINIONS,
    PERM,
    ObjectPostView,
    extra_actions,
    home_crumb,
    opinion_permission_policy,
    safe_next,
)
from lantoa.listening.choices import (
    LabelTask,
    OpinionSource,
    Sentiment,
    Toxicity,
    TriageStatus,
)
from lantoa.listening.forms import AssignForm, HandledForm, ReplyForm
from lantoa.listening.models import Opinion
from lantoa.listening.selectors import OpinionFilters, opinion_list_for
from lantoa.listening.selectors_admin import assignee_choices, opinion_inbound_message
from lantoa.listening.services import moderation, triage
from lantoa.org.admin_blocks import UnitSubtreeFilter, fit_unit_widget, units_in_scope

SENTIMENT_TONES: dict[str, str] = {Sentiment.NEGATIVE: "critical", Sentiment.POSITIVE: "positive"}
TOXICITY_TONES: dict[str, str] = {Toxicity.OFFENSIVE: "warning", Toxicity.HATE: "critical"}
LABELS = {LabelTask.SENTIMENT: Sentiment, LabelTask.TOXICITY: Toxicity}


def short(text: str, length: int = 90) -> str:
    return Truncator(" ".join(text.split())).chars(length)


class OpinionFilterSet(WagtailFilterSet):
    """The form of `OpinionFilters`; the selector does the filtering."""

    topic = django_filters.CharFilter(
        label=_("Chủ đề (từ khoá)"),
        help_text=_("Có dấu hay không dấu đều được, ví dụ: bua an ca."),
    )
    sentiment = django_filters.ChoiceFilter(label=_("Sắc thái"), choices=Sentiment.choices)
    toxicity = django_filters.ChoiceFilter(label=_("Độc hại"), choices=Toxicity.choices)
    unit = UnitSubtreeFilter(
        label=_("Đơn vị (gồm đơn vị trực thuộc)"), queryset=units_in_scope(PERM)
    )
    source = django_filters.ChoiceFilter(label=_("Nguồn"), choices=OpinionSource.choices)
    status = django_filters.ChoiceFilter(label=_("Xử lý"), choices=TriageStatus.choices)
    received_at = django_filters.DateFromToRangeFilter(
        label=_("Thời gian"), widget=DateRangePickerWidget
    )
    hide_duplicates = django_filters.BooleanFilter(
        label=_("Ẩn ý kiến trùng lặp"),
        widget=forms.CheckboxInput,
        initial=False,  # unticked is the default, not an active filter
    )
    least_certain = django_filters.BooleanFilter(
        label=_("Cần gán nhãn: mô hình kém chắc chắn nhất trước"),
        help_text=_("Nhãn cán bộ sửa ở đây dạy mô hình nhiều nhất."),
        widget=forms.CheckboxInput,
        initial=False,
    )

    class Meta:
        model = Opinion
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fit_unit_widget(self.form.fields["unit"])

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset

    def opinion_filters(self) -> OpinionFilters:
        data = self.form.cleaned_data
        days = data.get("received_at")
        zone = timezone.get_current_timezone()
        since = until = None
        if days and days.start:
            since = dt.datetime.combine(days.start, dt.time(0), tzinfo=zone)
        if days and days.stop:
            until = dt.datetime.combine(days.stop + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
        return OpinionFilters(
            unit=data.get("unit"),
            sentiment=data.get("sentiment") or "",
            toxicity=data.get("toxicity") or "",
            source=data.get("source") or "",
            status=data.get("status") or "",
            topic=(data.get("topic") or "").strip(),
            since=since,
            until=until,
            hide_duplicates=bool(data.get("hide_duplicates")),
            least_certain_first=bool(data.get("least_certain")),
        )


def label_actions(opinion: Opinion, task: str) -> list[dict[str, Any]]:
    """One button per label of `task`; the current one is shown pressed."""
    current = opinion.sentiment if task == LabelTask.SENTIMENT else opinion.toxicity
    return [
        {"task": task, "value": value, "label": label, "current": value == current}
        for value, label in LABELS[LabelTask(task)].choices
    ]


def label_state_text(opinion: Opinion, task: str) -> str:
    """What a cell without a label says: not analysed yet, or nothing to analyse."""
    if getattr(opinion, task):
        return ""
    return str(_("Không có nội dung") if opinion.has_no_content else _("Chưa phân tích"))


class LabelColumn(Column):
    """The label, and one-click buttons that correct it (training data)."""

    cell_template_name = "listening/admin/tables/label_cell.html"

    def __init__(self, name: str, *, tones: dict[str, str], **kwargs: Any) -> None:
        super().__init__(name, accessor=f"get_{name}_display", **kwargs)
        self.tones = tones

    def get_cell_context_data(self, instance: Any, parent_context: Any) -> dict[str, Any]:
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context.update(
            state_text=label_state_text(instance, self.name),
            uncertain=self.name == LabelTask.SENTIMENT and instance.sentiment_uncertain,
            state_value=getattr(instance, self.name),
            tone=self.tones.get(getattr(instance, self.name), ""),
            actions=label_actions(instance, self.name),
            action_url=reverse(f"{OPINIONS}:label", args=[instance.pk]),
            csrf_token_value=get_token(request) if request else "",
            next=listing_url(request),
        )
        return context


def listing_url(request: HttpRequest | None) -> str:
    """Where a one-click action returns: the full listing with its filters, also
    when the table was drawn by Wagtail's results fragment (filters applied
    without a page load), whose own URL has no page around it."""
    index = reverse(f"{OPINIONS}:index")
    if request is None:
        return index
    query = request.GET.copy()
    query.pop("_w_filter_fragment", None)
    return f"{index}?{query.urlencode()}" if query else index


class OpinionIndexView(ScopedIndexView):
    page_title = _("Ý kiến đoàn viên")
    filterset_class = OpinionFilterSet
    default_ordering = "-received_at"

    def get_base_queryset(self) -> QuerySet[Opinion]:
        if self.filters and not self.filters.is_valid():
            return Opinion.objects.none()  # a unit outside the scope lists nothing
        filters = self.filters.opinion_filters() if self.filters else None
        return opinion_list_for(self.request.user, filters)

    def filter_queryset(self, queryset: QuerySet[Opinion]) -> QuerySet[Opinion]:
        return queryset  # done by the selector

    def order_queryset(self, queryset: QuerySet[Opinion]) -> QuerySet[Opinion]:
        if (
            self.filters
            and self.filters.is_valid()
            and self.filters.opinion_filters().least_certain_first
        ):
            return queryset  # the selector's order: least certain first (active learning)
        ordering = self.ordering or "-received_at"
        return queryset.order_by(ordering, "-id" if ordering.startswith("-") else "id")

    @cached_property
    def columns(self) -> list[Column]:
        return [
            self._get_title_column_class(TitleColumn)(
                "text",
                label=_("Ý kiến"),
                accessor=lambda o: short(o.text),
                get_url=self.get_inspect_url,
            ),
            Column(
                "received_at",
                label=_("Thời điểm"),
                accessor=lambda o: format_datetime_line(o.received_at),
                sort_key="received_at",
            ),
            Column("unit", label=_("Đơn vị")),
            Column("source", label=_("Nguồn"), accessor="get_source_display"),
            LabelColumn("sentiment", label=_("Sắc thái (bấm để sửa)"), tones=SENTIMENT_TONES),
            LabelColumn("toxicity", label=_("Độc hại (bấm để sửa)"), tones=TOXICITY_TONES),
            Column("status", label=_("Xử lý"), accessor="get_status_display"),
        ]


class OpinionDetailView(
    ScopedObjectMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    """One opinion: its text with the offending spans marked, the analysis, the
    officers' corrections, and every action open on it."""

    model = Opinion
    object_action = "view"
    any_permission_required = ["view"]
    object_select_related = ("unit", "assignee", "duplicate_of")
    template_name = "listening/admin/opinion_detail.html"
    page_title = _("Ý kiến")
    header_icon = "comment"

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.object = self.get_object()

    def get_page_subtitle(self) -> str:
        return short(self.object.text, 60)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            home_crumb(),
            {"url": reverse(f"{OPINIONS}:index"), "label": _("Ý kiến đoàn viên")},
            {"url": "", "label": short(self.object.text, 40)},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        opinion = self.object
        message = opinion_inbound_message(opinion)
        pk = opinion.pk
        context.update(
            object=opinion,
            message=message,
            can_reply=bool(message and can_reply(message)),
            can_hide=bool(message and can_hide(message)),
            sentiment_actions=label_actions(opinion, LabelTask.SENTIMENT),
            toxicity_actions=label_actions(opinion, LabelTask.TOXICITY),
            corrections=list(opinion.corrections.select_related("corrected_by")[:20]),
            assign_form=AssignForm(
                candidates=assignee_choices(opinion),
                initial={"assignee": opinion.assignee_id},
            ),
            handled_form=HandledForm(initial={"note": opinion.note}),
            reply_form=ReplyForm(),
            urls={
                name: reverse(f"{OPINIONS}:{name}", args=[pk])
                for name in ("label", "assign", "handled", "reply", "hide")
            },
            next=self.request.get_full_path(),
            extra_actions=extra_actions("listening_opinion_actions", self.request, opinion),
        )
        return context


# ---- one-click actions ------------------------------------------------------------------


class OpinionActionView(ObjectPostView):
    model = Opinion
    permission_policy = opinion_permission_policy
    object_select_related = ("unit",)
    fallback_url_name = f"{OPINIONS}:inspect"

    def form_refused(self, form: forms.Form) -> HttpResponse:
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return redirect(safe_next(self.request, self.fallback_url()))


class OpinionLabelView(OpinionActionView):
    def perform(self) -> Any:
        return triage.opinion_correct_label(
            actor=self.request.user,
            opinion=self.object,
            task=self.request.POST.get("task", ""),
            label=self.request.POST.get("label", ""),
        )

    def success_message(self, result: Any) -> str:
        choices = LABELS.get(result.task, Sentiment)
        return str(
            _("Đã sửa nhãn thành «%(label)s»; hiệu chỉnh được lưu làm dữ liệu huấn luyện.")
            % {"label": choices(result.label).label}
        )


class OpinionAssignView(OpinionActionView):
    success_text = _("Đã giao ý kiến.")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.form = AssignForm(request.POST, candidates=assignee_choices(self.object))
        if not self.form.is_valid():
            return self.form_refused(self.form)
        return super().post(request, *args, **kwargs)

    def perform(self) -> Any:
        return triage.opinion_assign(
            actor=self.request.user,
            opinion=self.object,
            assignee=self.form.cleaned_data["assignee"],
        )


class OpinionHandledView(OpinionActionView):
    success_text = _("Đã đánh dấu ý kiến là đã xử lý.")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.form = HandledForm(request.POST)
        if not self.form.is_valid():
            return self.form_refused(self.form)
        return super().post(request, *args, **kwargs)

    def perform(self) -> Any:
        return triage.opinion_mark_handled(
            actor=self.request.user, opinion=self.object, note=self.form.cleaned_data["note"]
        )


class OpinionReplyView(OpinionActionView):
    success_text = _("Đã gửi câu trả lời lên kênh và đánh dấu ý kiến là đã xử lý.")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.form = ReplyForm(request.POST)
        if not self.form.is_valid():
            return self.form_refused(self.form)
        return super().post(request, *args, **kwargs)

    def perform(self) -> Any:
        return moderation.opinion_reply(
            actor=self.request.user, opinion=self.object, text=self.form.cleaned_data["text"]
        )


class OpinionHideView(OpinionActionView):
    success_text = _("Đã ẩn bình luận trên nền tảng.")

    def perform(self) -> Any:
        return moderation.opinion_hide_on_platform(actor=self.request.user, opinion=self.object)
