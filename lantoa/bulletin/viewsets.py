"""Wagtail back office of the bulletin: "Bản tin" → Số bản tin, Bản tin, Địa
chỉ chặn gửi. Rights come from `org` scoping (Perm.CONTENT_EDIT over the
bulletin's unit); every change goes through a service. The issue screen
(`admin_views.IssueDetailView`) holds the workflow: suggestions, approval,
test send, send and live progress."""

from typing import Any

from django.db.models import QuerySet
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets import AdminPageChooser
from wagtail.permission_policies.base import BasePermissionPolicy

from lantoa.bulletin import admin_views
from lantoa.bulletin.content import article_models
from lantoa.bulletin.models import Bulletin, Issue, Suppression
from lantoa.bulletin.services import issues, subscriptions
from lantoa.core.viewsets import (
    ScopedIndexView,
    ScopedModelViewSet,
    ScopedObjectMixin,
    ServiceFormMixin,
)
from lantoa.org import scoping
from lantoa.org.admin_blocks import content_policy
from lantoa.org.choices import Perm

issue_permission_policy = content_policy(Issue, "bulletin__unit__path")
bulletin_permission_policy = content_policy(Bulletin)


class SuppressionPermissionPolicy(BasePermissionPolicy):
    """The suppression list is one list for the whole platform (an address
    that bounces, bounces for every unit): officers see and add to it,
    approvers may remove an address."""

    def _perm(self, action: str) -> str | None:
        return {
            "view": Perm.CONTENT_EDIT,
            "add": Perm.CONTENT_EDIT,
            "delete": Perm.CONTENT_APPROVE,
        }.get(action)

    def user_has_permission(self, user: Any, action: str) -> bool:
        perm = self._perm(action)
        return perm is not None and scoping.user_has_any(user, perm)

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return any(self.user_has_permission(user, a) for a in actions)

    def users_with_any_permission(self, actions: Any) -> QuerySet[Any]:
        from django.contrib.auth import get_user_model

        return get_user_model().objects.none()

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Any) -> bool:
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user: Any, actions: Any) -> QuerySet[Any]:
        if self.user_has_any_permission(user, actions):
            return Suppression.objects.all()
        return Suppression.objects.none()


suppression_permission_policy = SuppressionPermissionPolicy(Suppression)


# -- issues ------------------------------------------------------------------------


class IssueForm(WagtailAdminModelForm):
    """Bulletins offered are those of the user's scope."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "bulletin" in self.fields and self.for_user is not None:
            self.fields["bulletin"].queryset = scoping.filter_by_scope(
                Bulletin.objects.select_related("unit"),
                self.for_user,
                Perm.CONTENT_EDIT,
                "unit__path",
            )


def _article_pages(form: Any) -> list[Any]:
    formset = form.formsets.get("articles")
    if formset is None:
        return []
    return [
        f.cleaned_data["page"]
        for f in formset.forms
        if f.cleaned_data.get("page") is not None and not f.cleaned_data.get("DELETE")
    ]


class IssueSaveMixin(ServiceFormMixin):
    success_url_name = "bulletin_issues:detail"

    def save_instance(self) -> Issue:
        form = self.form  # type: ignore[attr-defined]
        instance = form.instance
        return issues.issue_save(
            actor=self.request.user,  # type: ignore[attr-defined]
            issue=instance,
            pages=_article_pages(form),
            save=form.save,
        )


class IssueCreateView(IssueSaveMixin, generic.CreateView):
    pass


class IssueEditView(ScopedObjectMixin, IssueSaveMixin, generic.EditView):
    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        issue = self.get_object()
        if not issue.is_editable:
            from django.shortcuts import redirect

            return redirect("bulletin_issues:detail", issue.pk)
        return super().dispatch(request, *args, **kwargs)


class StateColumn(Column):
    def get_value(self, instance: Issue) -> str:
        return str(instance.get_state_display())


class IssueIndexView(ScopedIndexView):
    object_select_related = ("bulletin__unit",)
    row_url_name = "bulletin_issues:detail"

    @property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("title", label=_("Số bản tin"), get_url=self.get_edit_url, accessor=str),
            Column("bulletin", label=_("Bản tin")),
            StateColumn("state", label=_("Trạng thái")),
            Column("recipients_total", label=_("Người nhận")),
            Column("sent_at", label=_("Gửi xong")),
        ]


class IssueViewSet(ScopedModelViewSet):
    model = Issue
    icon = "mail"
    menu_label = _("Số bản tin")
    url_prefix = "ban-tin/so"
    name = "bulletin_issues"
    permission_policy = issue_permission_policy
    index_view_class = IssueIndexView
    add_view_class = IssueCreateView
    edit_view_class = IssueEditView
    delete_view_enabled = False
    list_filter = ["state"]
    search_fields = ["title"]

    @property
    def panels(self) -> list[Any]:  # type: ignore[override]
        chooser = AdminPageChooser(target_models=article_models() or None, can_choose_root=False)
        return [
            FieldPanel("bulletin"),
            FieldRowPanel([FieldPanel("number"), FieldPanel("year")], heading=_("Số")),
            FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")], heading=_("Kỳ")),
            FieldPanel("title"),
            FieldPanel("cover_image"),
            FieldPanel("editorial"),
            MultiFieldPanel(
                [
                    InlinePanel(
                        "articles",
                        panels=[FieldPanel("section"), FieldPanel("page", widget=chooser)],
                        label=_("Bài"),
                    )
                ],
                heading=_("Các bài theo chuyên mục (kéo để sắp xếp)"),
            ),
        ]

    def get_edit_handler(self) -> Any:
        from wagtail.admin.panels import ObjectList

        return ObjectList(self.panels, base_form_class=IssueForm).bind_to_model(Issue)

    object_views = (
        ("chi-tiet", "detail", admin_views.IssueDetailView),
        ("thao-tac", "action", admin_views.IssueActionView),
        ("tien-do", "progress", admin_views.IssueProgressView),
    )


# -- bulletins -----------------------------------------------------------------------


class BulletinForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "unit" in self.fields and self.for_user is not None:
            self.fields["unit"].queryset = scoping.units_for(self.for_user, Perm.CONTENT_EDIT)


class BulletinCreateView(ServiceFormMixin, generic.CreateView):
    def save_instance(self) -> Bulletin:
        data = self.form.cleaned_data
        return issues.bulletin_create(
            actor=self.request.user,
            unit=data["unit"],
            name=data["name"],
            tagline=data.get("tagline", ""),
            reply_to=data.get("reply_to", ""),
        )


class BulletinViewSet(ScopedModelViewSet):
    model = Bulletin
    icon = "doc-full"
    menu_label = _("Bản tin")
    url_prefix = "ban-tin/danh-sach"
    name = "bulletin_bulletins"
    permission_policy = bulletin_permission_policy
    index_view_class = ScopedIndexView
    add_view_class = BulletinCreateView
    edit_view_enabled = False
    delete_view_enabled = False
    list_display = ["name", "unit", "is_active"]
    panels = [FieldPanel("unit"), FieldPanel("name"), FieldPanel("tagline"), FieldPanel("reply_to")]

    def get_edit_handler(self) -> Any:
        from wagtail.admin.panels import ObjectList

        return ObjectList(self.panels, base_form_class=BulletinForm).bind_to_model(Bulletin)


# -- suppressions ----------------------------------------------------------------------


class SuppressionCreateView(ServiceFormMixin, generic.CreateView):
    def save_instance(self) -> Suppression:
        data = self.form.cleaned_data
        row, _ = subscriptions.suppression_add(
            actor=self.request.user,
            email=data["email"],
            reason=data["reason"],
            source="admin",
            detail=data.get("detail", ""),
        )
        return row


class SuppressionDeleteView(generic.DeleteView):
    def delete_action(self) -> None:
        subscriptions.suppression_remove(actor=self.request.user, suppression=self.object)


class SuppressionViewSet(ScopedModelViewSet):
    model = Suppression
    icon = "cross"
    menu_label = _("Địa chỉ chặn gửi")
    url_prefix = "ban-tin/chan-gui"
    name = "bulletin_suppressions"
    permission_policy = suppression_permission_policy
    index_view_class = ScopedIndexView
    add_view_class = SuppressionCreateView
    delete_view_class = SuppressionDeleteView
    edit_view_enabled = False
    list_display = ["email", "reason", "source", "created_at"]
    list_filter = ["reason"]
    search_fields = ["email"]
    form_fields = ["email", "reason", "detail"]

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("nhap/", admin_views.SuppressionImportView.as_view(), name="import"),
        ]


class BulletinMenuGroup(ViewSetGroup):
    menu_label = _("Bản tin")
    menu_icon = "mail"
    menu_order = 260
    items = (IssueViewSet, BulletinViewSet, SuppressionViewSet)
