"""Posts in the admin. Composing is two steps: a draft (text, link, media,
channels), then the post's own page, which shows each channel's exact text
(`post_preview`) and what each would refuse (`post_problems`) before anything
is queued with `post_schedule`.
"""

from functools import cached_property
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet, prefetch_related_objects
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from lantoa.channels import selectors as channel_selectors
from lantoa.channels import selectors_admin
from lantoa.channels.choices import AccountState, DeliveryStatus, PostSource, PostStatus
from lantoa.channels.forms import PostComposeForm, PostEditForm, PostScheduleForm
from lantoa.channels.models import Delivery, Post
from lantoa.channels.services import metrics, posts, review
from lantoa.channels.viewsets.common import (
    DELIVERIES,
    POSTS,
    FilteredIndexView,
    ObjectActionView,
    ScopedFilterSet,
    SubtreeFilter,
    _units,
    admin_url,
    local_time,
    short,
)
from lantoa.core.dates import format_datetime_line
from lantoa.core.exceptions import LantoaError
from lantoa.core.exceptions import PermissionDenied as DomainPermissionDenied
from lantoa.core.viewsets import (
    ScopedModelViewSet,
    ScopedObjectMixin,
    ServiceFormMixin,
    form_refusals,
)
from lantoa.org.choices import Perm
from lantoa.org.scoping import user_can


class PostFilterSet(ScopedFilterSet):
    unit = SubtreeFilter(label=_("Đơn vị (gồm đơn vị trực thuộc)"), queryset=_units)
    status = django_filters.ChoiceFilter(label=_("Trạng thái duyệt"), choices=PostStatus.choices)
    source = django_filters.ChoiceFilter(label=_("Nguồn"), choices=PostSource.choices)

    class Meta:
        model = Post
        fields: list[str] = []


def delivery_summary(post: Post) -> str:
    """ "Đã đăng 2 · Thất bại 1", from the prefetched deliveries; "Nháp" before any."""
    counts: dict[str, int] = {}
    for delivery in post.deliveries.all():
        label = str(delivery.get_status_display())
        counts[label] = counts.get(label, 0) + 1
    if not counts:
        return str(_("Nháp — chưa gửi kênh nào"))
    return " · ".join(f"{label} {n}" for label, n in counts.items())


class PostIndexView(FilteredIndexView):
    page_title = _("Bài đăng")
    filterset_class = PostFilterSet
    default_ordering = "-created_at"

    def get_base_queryset(self) -> QuerySet[Post]:
        return selectors_admin.post_list(self.request.user)

    def order_queryset(self, queryset: QuerySet[Post]) -> QuerySet[Post]:
        ordering = self.ordering or "-created_at"
        return queryset.order_by(ordering, "-id" if ordering.startswith("-") else "id")

    @cached_property
    def add_item_label(self) -> str:
        return str(_("Soạn bài đăng"))

    @cached_property
    def columns(self) -> list[Column]:
        return [
            self._get_title_column_class(TitleColumn)(
                "text",
                label=_("Nội dung"),
                accessor=lambda p: short(p.text),
                get_url=self.get_inspect_url,
            ),
            Column("unit", label=_("Đơn vị"), sort_key="unit__path"),
            Column("status", label=_("Trạng thái duyệt"), accessor="get_status_display"),
            Column("source", label=_("Nguồn"), accessor="get_source_display"),
            Column("deliveries", label=_("Các kênh"), accessor=delivery_summary),
            Column(
                "created_at",
                label=_("Tạo lúc"),
                accessor=lambda p: local_time(p.created_at),
                sort_key="created_at",
            ),
        ]

    def get_list_more_buttons(self, instance: Post) -> list[MenuItem]:
        if url := self.get_inspect_url(instance):
            return [MenuItem(_("Xem trước và đăng"), url, "view", 10)]
        return []


class PostCreateView(ServiceFormMixin, generic.CreateView):
    """Step one of composing: a draft. Step two (preview, then queue) is the
    post's own page."""

    page_title = _("Soạn bài đăng")
    submit_button_label = _("Lưu nháp và xem trước")
    submit_button_active_label = _("Đang lưu…")
    success_message = _(
        "Đã lưu bản nháp. Kiểm tra bản xem trước trên từng kênh rồi bấm «Gửi duyệt» "
        "(hoặc «Đăng» nếu bạn là người duyệt của đơn vị)."
    )

    def save_instance(self) -> Post:
        data = self.form.cleaned_data
        return posts.post_create(
            actor=self.request.user,
            unit=data["unit"],
            text=data["text"],
            link=data.get("link") or "",
            media=data.get("media") or [],
        )

    def get_success_buttons(self) -> list[Any]:
        return []  # the next step is the preview, where the success page leads

    def get_success_url(self) -> str:
        url = reverse(f"{POSTS}:inspect", args=[self.object.pk])
        chosen = [str(a.public_id) for a in self.form.cleaned_data.get("channels") or ()]
        return f"{url}?{urlencode({'kenh': chosen}, doseq=True)}" if chosen else url


class PostEditView(ScopedObjectMixin, ServiceFormMixin, generic.EditView):
    """A draft's text and link, before any channel has it queued."""

    object_select_related = ("unit",)
    success_message = _("Đã lưu bài đăng.")

    def save_instance(self) -> Post:
        stored = Post.objects.select_related("unit").get(pk=self.object.pk)
        return posts.post_update(
            actor=self.request.user,
            post=stored,
            text=self.form.cleaned_data["text"],
            link=self.form.cleaned_data.get("link") or "",
        )

    @property
    def can_delete(self) -> bool:
        return False

    def get_success_url(self) -> str:
        return reverse(f"{POSTS}:inspect", args=[self.object.pk])


class PostDetailView(
    ScopedObjectMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView
):
    """A post, where it has gone, and — for the channels it has not gone to
    yet — the text each would receive and what each would refuse, with the
    form that queues it (`post_schedule`). Nothing is queued before this."""

    model = Post
    object_action = "view"
    any_permission_required = ["view"]
    object_select_related = ("unit",)
    template_name = "social_channels/admin/post_detail.html"
    page_title = _("Bài đăng")
    header_icon = "doc-full"
    index_url_name = f"{POSTS}:index"

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.object = self.get_object()
        # Read once: every channel's preview and check reads the post's media.
        prefetch_related_objects([self.object], "media")

    def get_page_subtitle(self) -> str:
        return str(self.object)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": admin_url(f"{POSTS}:index"), "label": _("Bài đăng")},
            {"url": "", "label": str(self.object)},
        ]

    @cached_property
    def can_change(self) -> bool:
        return user_can(self.request.user, Perm.CONTENT_EDIT, self.object.unit)

    @cached_property
    def can_approve(self) -> bool:
        return posts.post_can_approve(self.request.user, self.object)

    @cached_property
    def mode(self) -> str:
        """What the form at the bottom does: "publish" (an approved post, or an
        approver's own), "review" (an approver before a submitted post),
        "submit" (the author asks for approval) or "" (waiting: no form)."""
        status = self.object.status
        if not self.can_change:
            return ""
        if status == PostStatus.SUBMITTED:
            return "review" if self.can_approve else ""
        if status == PostStatus.APPROVED or self.can_approve:
            return "publish"
        return "submit"

    @cached_property
    def deliveries(self) -> list[Delivery]:
        return list(
            selectors_admin.delivery_list(self.request.user, post=self.object).order_by(
                "account__unit__path", "account__platform", "id"
            )
        )

    @cached_property
    def schedulable(self) -> tuple[Any, bool]:
        return selectors_admin.schedulable_accounts(self.request.user, self.object)

    @property
    def candidates(self) -> Any:
        return self.schedulable[0]

    @cached_property
    def previews(self) -> list[selectors_admin.ChannelPreview]:
        return selectors_admin.channel_previews(self.object, self.candidates)

    def get_initial(self) -> dict[str, Any]:
        chosen = self.request.GET.getlist("kenh")
        if self.object.status == PostStatus.SUBMITTED:
            requested = set(self.object.requested_channels)
            return {
                "channels": [p.account for p in self.previews if p.account.pk in requested],
                "scheduled_at": self.object.requested_at,
            }
        if chosen:
            channels = [p.account for p in self.previews if str(p.account.public_id) in chosen]
        else:
            # By default the unit's own working channels that accept the post.
            channels = [
                p.account
                for p in self.previews
                if p.ok
                and p.account.unit_id == self.object.unit_id
                and p.account.state == AccountState.ACTIVE
            ]
        return {"channels": channels}

    def get_form(self, form_class: Any = None) -> PostScheduleForm:
        return PostScheduleForm(
            **self.get_form_kwargs(), post=self.object, candidates=self.candidates
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        chosen = {str(pk) for pk in (form["channels"].value() or [])}
        figures = channel_selectors.delivery_figures(self.deliveries)
        sent = [d for d in self.deliveries if d.status == DeliveryStatus.SENT]
        context.update(
            object=self.object,
            media_items=list(self.object.media.all()),
            metrics_refresh_url=admin_url(f"{POSTS}:metrics_refresh", self.object.pk)
            if sent and self.can_change
            else None,
            created=local_time(self.object.created_at),
            reviewed=local_time(self.object.reviewed_at) if self.object.reviewed_at else "",
            deliveries=[
                (
                    d,
                    admin_url(f"{DELIVERIES}:inspect", d.pk),
                    local_time(d.sent_at or d.scheduled_at),
                    figures.get(d.pk),
                    local_time(figures[d.pk].taken_at) if d.pk in figures else "",
                )
                for d in self.deliveries
            ],
            previews=[(p, str(p.account.pk) in chosen) for p in self.previews],
            more_channels=self.schedulable[1],
            channel_limit=selectors_admin.CHANNEL_CHOICE_LIMIT,
            can_change=bool(self.mode),
            mode=self.mode,
            edit_url=admin_url(f"{POSTS}:edit", self.object.pk)
            if self.can_change and not self.deliveries
            else None,
            action_url=self.request.path,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.can_change:
            raise PermissionDenied
        if self.mode == "review" and request.POST.get("action") == "request_changes":
            return self.request_changes()
        return super().post(request, *args, **kwargs)

    def request_changes(self) -> HttpResponse:
        form = self.get_form()
        try:
            review.post_request_changes(
                actor=self.request.user,
                post=self.object,
                comment=self.request.POST.get("comment", ""),
            )
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        except LantoaError as exc:
            form.errors.clear()
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã gửi yêu cầu sửa cho người soạn."))
        return redirect(admin_url(f"{POSTS}:inspect", self.object.pk))

    def form_valid(self, form: BaseForm) -> HttpResponse:
        chosen = list(form.cleaned_data["channels"])
        at = form.cleaned_data.get("scheduled_at")
        # The same check post_schedule makes, shown per channel on the form.
        refused = selectors_admin.problems_by_account(self.object, chosen)
        for account, problems in refused:
            for problem in problems:
                form.add_error("channels", f"{account}: {problem}")
        if refused:
            return self.form_invalid(form)
        with form_refusals(form) as refusal:
            if self.mode == "submit":
                review.post_submit(
                    actor=self.request.user, post=self.object, accounts=chosen, at=at
                )
            elif self.mode == "review":
                _post, queued = review.post_approve(
                    actor=self.request.user,
                    post=self.object,
                    comment=form.cleaned_data.get("comment") or "",
                    accounts=chosen,
                    at=at,
                )
            else:
                queued = posts.post_schedule(
                    actor=self.request.user, post=self.object, accounts=chosen, at=at
                )
        if refusal:
            return self.form_invalid(form)
        if self.mode == "submit":
            messages.success(
                self.request, _("Đã gửi duyệt. Người duyệt của đơn vị đã được báo qua e-mail.")
            )
            return redirect(admin_url(f"{POSTS}:inspect", self.object.pk))
        if at is not None:
            text = _("Đã hẹn giờ %(count)s lượt gửi lúc %(at)s.") % {
                "count": len(queued),
                "at": format_datetime_line(at),
            }
        else:
            text = _("Đã đưa %(count)s lượt gửi vào hàng đợi.") % {"count": len(queued)}
        messages.success(self.request, text)
        return redirect(admin_url(f"{POSTS}:inspect", self.object.pk))


class PostMetricsRefreshView(ObjectActionView):
    """ "Cập nhật số liệu": read the post's channels now (`post_metrics_refresh`)."""

    model = Post
    object_select_related = ("unit",)
    page_title = _("Cập nhật số liệu")
    submit_label = _("Cập nhật số liệu")
    confirm_text = _(
        "Đọc ngay số liệu (tiếp cận, cảm xúc, bình luận, chia sẻ) của bài trên các kênh?"
    )
    inspect_url_name = f"{POSTS}:inspect"

    def describe(self) -> str:
        return short(self.object.text, 60)

    @property
    def success_text(self) -> Any:  # type: ignore[override]
        return _("Đang cập nhật số liệu từ %(count)s kênh; tải lại trang sau ít giây để xem.") % {
            "count": self.count
        }

    def perform(self) -> Any:
        self.count = metrics.post_metrics_refresh(actor=self.request.user, post=self.object)
        return self.count


class PostViewSet(ScopedModelViewSet):
    menu_name = "channels-posts"
    model = Post
    name = POSTS
    url_prefix = "kenh-truyen-thong/bai-dang"
    icon = "doc-full"
    menu_label = _("Bài đăng")
    index_view_class = PostIndexView
    add_view_class = PostCreateView
    edit_view_class = PostEditView
    inspect_view_class = PostDetailView
    inspect_view_enabled = True
    list_per_page = 50
    delete_view_enabled = False

    def get_form_class(self, for_update: bool = False) -> type[Any]:
        return PostEditForm if for_update else PostComposeForm

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path(
                "metrics/<int:pk>/",
                self.construct_view(PostMetricsRefreshView),
                name="metrics_refresh",
            ),
        ]

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_common_view_kwargs(delete_url_name=None, **kwargs)
