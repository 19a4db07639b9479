"""The fact library, playbooks and tiplines in the admin (Wagtail generic
views over the scoped policies); every save goes through a service."""

from functools import cached_property
from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic

from lantoa.core.viewsets import ScopedIndexView, ScopedObjectMixin, ServiceFormMixin
from lantoa.incidents.models import Fact, Playbook, Tipline
from lantoa.incidents.services import facts, playbooks, tipline

FACT_FIELDS = (
    "statement",
    "details",
    "keywords",
    "category",
    "sources",
    "valid_from",
    "valid_until",
)


class FactIndexView(ScopedIndexView):
    page_title = _("Dữ kiện đã kiểm chứng")
    search_fields = ["statement", "keywords"]
    search_backend_name = None
    object_select_related = ("unit",)
    default_ordering = "-valid_from"

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("statement", label=_("Dữ kiện"), get_url=self.get_edit_url),
            Column("unit", label=_("Đơn vị")),
            DateColumn("valid_from", label=_("Có hiệu lực từ"), sort_key="valid_from"),
            Column(
                "valid_until",
                label=_("Hết hiệu lực"),
                accessor=lambda f: (
                    f"{f.valid_until:%d/%m/%Y} — đã hết hiệu lực"
                    if f.is_expired
                    else (f"{f.valid_until:%d/%m/%Y}" if f.valid_until else "—")
                ),
            ),
        ]


class FactCreateView(ServiceFormMixin, generic.CreateView):
    success_message = _("Đã thêm dữ kiện.")

    def save_instance(self) -> Fact:
        data = self.form.cleaned_data
        return facts.fact_create(
            actor=self.request.user,
            unit=data["unit"],
            **{name: data.get(name) for name in FACT_FIELDS if name != "details"},
            details=data.get("details") or "",
        )


class FactEditView(ScopedObjectMixin, ServiceFormMixin, generic.EditView):
    success_message = _("Đã lưu dữ kiện.")

    def save_instance(self) -> Fact:
        data = self.form.cleaned_data
        return facts.fact_update(
            actor=self.request.user,
            fact=self.object,
            **{
                name: data.get(name) if name != "details" else data.get(name) or ""
                for name in FACT_FIELDS
            },
        )

    @property
    def can_delete(self) -> bool:
        return False


class PlaybookIndexView(ScopedIndexView):
    page_title = _("Kịch bản ứng phó")
    search_fields = ["name"]
    search_backend_name = None
    object_select_related = ("unit",)
    default_ordering = "name"

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("name", label=_("Kịch bản"), get_url=self.get_edit_url),
            Column("unit", label=_("Đơn vị")),
            Column("category", label=_("Loại sự cố"), accessor="get_category_display"),
            Column("active", label=_("Đang dùng")),
        ]


class PlaybookCreateView(ServiceFormMixin, generic.CreateView):
    success_message = _("Đã tạo kịch bản «%(object)s».")

    def save_instance(self) -> Playbook:
        return playbooks.playbook_save(
            actor=self.request.user, playbook=self.form.save(commit=False)
        )


class PlaybookEditView(ScopedObjectMixin, ServiceFormMixin, generic.EditView):
    success_message = _("Đã lưu kịch bản «%(object)s».")

    def save_instance(self) -> Playbook:
        return playbooks.playbook_save(
            actor=self.request.user, playbook=self.form.save(commit=False)
        )

    @property
    def can_delete(self) -> bool:
        return False


class TiplineIndexView(ScopedIndexView):
    page_title = _("Kênh nhận tin báo")
    object_select_related = ("unit", "account")
    default_ordering = "unit__path"

    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("account", label=_("Kênh"), get_url=self.get_edit_url),
            Column("unit", label=_("Đơn vị nhận tin")),
            Column("keyword", label=_("Từ khoá")),
            Column("active", label=_("Đang nhận tin")),
        ]


def _tipline_save(view: Any) -> Tipline:
    data: dict[str, Any] = view.form.cleaned_data
    return tipline.tipline_save(
        actor=view.request.user,
        account=data["account"],
        unit=data["unit"],
        keyword=data.get("keyword") or "",
        acknowledgement=data.get("acknowledgement") or "",
        active=bool(data.get("active")),
    )


class TiplineCreateView(ServiceFormMixin, generic.CreateView):
    success_message = _("Đã lưu kênh nhận tin báo.")

    def save_instance(self) -> Tipline:
        return _tipline_save(self)


class TiplineEditView(ScopedObjectMixin, ServiceFormMixin, generic.EditView):
    success_message = _("Đã lưu kênh nhận tin báo.")

    def save_instance(self) -> Tipline:
        return _tipline_save(self)

    @property
    def can_delete(self) -> bool:
        return False
