"""Back office of quizzes and surveys: "Thi và khảo sát" → Cuộc thi tìm hiểu,
Khảo sát. Rights come from `org` scoping: the organising unit's officers run
them (Perm.CONTENT_EDIT), its approvers publish them (Perm.CONTENT_APPROVE);
officers of a unit below read their own slice of a survey's results."""

from typing import Any

from django.db.models import Model, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy

from lantoa.core.viewsets import ScopedIndexView, ScopedModelViewSet, ServiceFormMixin
from lantoa.engagement import admin_views
from lantoa.engagement.models import Quiz, Survey
from lantoa.engagement.services import quizzes, surveys
from lantoa.org import scoping
from lantoa.org.admin_blocks import ScopedPermissionPolicy, content_policy
from lantoa.org.choices import Perm

quiz_permission_policy = content_policy(Quiz)


class SurveyPermissionPolicy(ScopedPermissionPolicy):
    """A survey is visible to the officers of its unit's subtree and to
    officers of any unit below it (their slice of the results)."""

    def instances_user_has_any_permission_for(self, user: Any, actions: Any) -> Any:
        mine = super().instances_user_has_any_permission_for(user, actions)
        paths = scoping.scope_paths(user, Perm.CONTENT_EDIT)
        if not paths:  # None: everything already; []: nothing more
            return mine
        above = {prefix for p in paths for prefix in scoping.path_prefixes(p)}
        return Survey.objects.filter(Q(pk__in=mine.values("pk")) | Q(unit__path__in=above))


survey_permission_policy = content_policy(Survey, policy=SurveyPermissionPolicy)
POLICIES: dict[type[Model], BasePermissionPolicy] = {
    Quiz: quiz_permission_policy,
    Survey: survey_permission_policy,
}


class _UnitForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "unit" in self.fields:
            self.fields["unit"].queryset = scoping.units_for(
                self.for_user, Perm.CONTENT_EDIT
            ).order_by("path")


class QuizCreateView(ServiceFormMixin, generic.CreateView):
    success_url_name = "engagement_quizzes:detail"

    def save_instance(self) -> Quiz:
        return quizzes.quiz_create(actor=self.request.user, **self.form.cleaned_data)

    def get_edit_url(self) -> str:
        return self.get_success_url()


class SurveyCreateView(ServiceFormMixin, generic.CreateView):
    success_url_name = "engagement_surveys:detail"

    def save_instance(self) -> Survey:
        return surveys.survey_create(actor=self.request.user, **self.form.cleaned_data)

    def get_edit_url(self) -> str:
        return self.get_success_url()


def _index(name: str) -> type[ScopedIndexView]:
    class IndexView(ScopedIndexView):
        object_select_related = ("unit",)

        def get_edit_url(self, instance: Any) -> str | None:
            return reverse(f"{name}:detail", args=[instance.pk])

        @property
        def columns(self) -> list[Column]:
            return [
                TitleColumn("title", label=_("Tên"), get_url=self.get_edit_url, accessor=str),
                Column("unit", label=_("Đơn vị tổ chức")),
                Column("state", label=_("Trạng thái"), accessor=lambda o: o.get_state_display()),
                Column("closes_at", label=_("Đóng lúc")),
            ]

    return IndexView


class QuizViewSet(ScopedModelViewSet):
    model = Quiz
    icon = "help"
    menu_label = _("Cuộc thi tìm hiểu")
    url_prefix = "tham-gia/thi-tim-hieu"
    name = "engagement_quizzes"
    permission_policy = quiz_permission_policy
    index_view_class = _index("engagement_quizzes")
    add_view_class = QuizCreateView
    dropped_views = frozenset({"history", "history_results", "usage", "edit", "delete", "copy"})
    list_filter = ["state"]
    search_fields = ["title"]

    def get_edit_handler(self) -> Any:
        return ObjectList(
            [
                FieldPanel("unit"),
                FieldPanel("title"),
                FieldPanel("description"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel(
                    [
                        FieldPanel("time_limit_s"),
                        FieldPanel("questions_per_attempt"),
                        FieldPanel("max_attempts"),
                    ]
                ),
                FieldPanel("shuffle"),
            ],
            base_form_class=_UnitForm,
        ).bind_to_model(Quiz)

    object_views = (("chi-tiet", "detail", admin_views.QuizDetailView),)


class SurveyViewSet(ScopedModelViewSet):
    model = Survey
    icon = "list-ul"
    menu_label = _("Khảo sát")
    url_prefix = "tham-gia/khao-sat"
    name = "engagement_surveys"
    permission_policy = survey_permission_policy
    index_view_class = _index("engagement_surveys")
    add_view_class = SurveyCreateView
    dropped_views = frozenset({"history", "history_results", "usage", "edit", "delete", "copy"})
    list_filter = ["state", "kind"]
    search_fields = ["title"]

    def get_edit_handler(self) -> Any:
        return ObjectList(
            [
                FieldPanel("unit"),
                FieldPanel("kind"),
                FieldPanel("title"),
                FieldPanel("description"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel([FieldPanel("anonymous"), FieldPanel("min_report_size")]),
            ],
            base_form_class=_UnitForm,
        ).bind_to_model(Survey)

    object_views = (("chi-tiet", "detail", admin_views.SurveyDetailView),)


class EngagementMenuGroup(ViewSetGroup):
    menu_label = _("Thi và khảo sát")
    menu_icon = "help"
    menu_order = 285
    items = (QuizViewSet, SurveyViewSet)
