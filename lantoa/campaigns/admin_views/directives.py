"""Directives in the admin: the list sent by the user's scope, drafting and
sending a package, its page (package, tasks), and its compliance page (by
state, level and branch, with drill-down to any unit of the user's scope)."""

from functools import cached_property
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.campaigns import selectors
from lantoa.campaigns.admin_views.common import (
    DIRECTIVES,
    TASKS,
    ActionView,
    ContentAccessMixin,
    admin_url,
    home_crumb,
    paginate,
)
from lantoa.campaigns.choices import DirectiveStatus, TaskState
from lantoa.campaigns.forms import DirectiveForm
from lantoa.campaigns.models import Directive
from lantoa.campaigns.services import directives as service
from lantoa.channels.choices import Platform
from lantoa.core.admin_views import AdminPageView
from lantoa.core.exceptions import LantoaError
from lantoa.core.exceptions import PermissionDenied as DomainPermissionDenied
from lantoa.core.viewsets import add_service_error
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit

RECEIVED_SHOWN = 50
SUBMITTED_MESSAGE = _(
    "Đã gửi duyệt: người duyệt của đơn vị gửi đã được báo qua e-mail và sẽ gửi định hướng."
)


def crumbs(*items: tuple[str, Any]) -> list[dict[str, Any]]:
    return [
        home_crumb(),
        {"url": admin_url(f"{DIRECTIVES}:index"), "label": _("Định hướng tuyên truyền")},
        *({"url": url, "label": label} for url, label in items),
    ]


class DirectiveIndexView(ContentAccessMixin, AdminPageView):
    template_name = "campaigns/admin/directive_index.html"
    page_title = _("Định hướng tuyên truyền")
    header_icon = "mail"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The page's counts in the same query as its rows.
        directives = (
            selectors.directives_for(self.request.user)
            .select_related("sender_unit", "campaign")
            .annotate(
                done=Count("tasks", filter=Q(tasks__state=TaskState.DONE)),
                late=Count("tasks", filter=Q(tasks__state=TaskState.LATE)),
            )
            .order_by("-created_at", "-id")
        )
        user = self.request.user
        # What the user's own units received (the tasks of the units below them
        # are on "Nhiệm vụ được giao cho đơn vị").
        received = (
            selectors.tasks_for(user)
            .filter(unit__in=[u.pk for u in scoping.role_units(user)])
            .select_related("directive", "directive__sender_unit", "unit")
            .order_by("-directive__sent_at", "unit__path", "-id")
        )
        context.update(
            page_obj=paginate(self.request, directives),
            can_draft=scoping.units_for(user, Perm.CONTENT_EDIT).filter(numchild__gt=0).exists(),
            can_send=scoping.user_has_any(user, Perm.CONTENT_APPROVE),
            received_tasks=list(received[:RECEIVED_SHOWN]),
            received_count=received.count(),
            add_url=admin_url(f"{DIRECTIVES}:add"),
            tasks_url=admin_url(f"{TASKS}:index"),
        )
        return context


class DirectiveFormView(ContentAccessMixin, WagtailAdminTemplateMixin, FormView):
    """Draft a package ("Lưu nháp"), or draft and send it at once ("Gửi", the
    sender's approvers) or ask them to send it ("Gửi duyệt", its officers)."""

    access_perm = Perm.CONTENT_EDIT
    template_name = "campaigns/admin/directive_form.html"
    page_title = _("Soạn định hướng tuyên truyền")
    header_icon = "mail"
    directive: Directive | None = None

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return crumbs(("", self.page_title))

    def get_form(self, form_class: Any = None) -> DirectiveForm:
        return DirectiveForm(
            **self.get_form_kwargs(), user=self.request.user, directive=self.directive
        )

    def get_initial(self) -> dict[str, Any]:
        if self.directive is not None:
            return DirectiveForm.initial_for(self.directive)
        tops = scoping.units_for(self.request.user, Perm.CONTENT_EDIT).order_by("path")
        first = tops.filter(numchild__gt=0).first()
        return {"sender_unit": first.code if first else None}

    def save(self, form: DirectiveForm) -> Directive:
        data = form.cleaned_data
        return service.directive_create(
            actor=self.request.user,
            sender_unit=data["sender_unit"],
            chosen_units=data["chosen_codes"],
            image_files=data["images"],
            document_files=data["documents"],
            **form.package(),
        )

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            directive = self.save(form)
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        except LantoaError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        if "send" not in self.request.POST:
            messages.success(self.request, _("Đã lưu bản nháp định hướng."))
            return redirect(admin_url(f"{DIRECTIVES}:detail", directive.pk))
        if not scoping.user_can(self.request.user, Perm.CONTENT_APPROVE, directive.sender_unit):
            try:
                service.directive_submit(actor=self.request.user, directive=directive)
            except LantoaError as exc:
                messages.error(
                    self.request, _("Đã lưu bản nháp nhưng chưa gửi duyệt: ") + exc.message
                )
                return redirect(admin_url(f"{DIRECTIVES}:edit", directive.pk))
            messages.success(self.request, SUBMITTED_MESSAGE)
            return redirect(admin_url(f"{DIRECTIVES}:detail", directive.pk))
        try:
            result = service.directive_send(actor=self.request.user, directive=directive)
        except LantoaError as exc:
            messages.error(self.request, _("Đã lưu bản nháp nhưng chưa gửi: ") + exc.message)
            return redirect(admin_url(f"{DIRECTIVES}:edit", directive.pk))
        messages.success(
            self.request,
            _("Đã gửi định hướng tới %(count)s đơn vị cấp dưới.") % {"count": result.task_count},
        )
        return redirect(admin_url(f"{DIRECTIVES}:detail", directive.pk))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = (
            admin_url(f"{DIRECTIVES}:detail", self.directive.pk)
            if self.directive
            else admin_url(f"{DIRECTIVES}:index")
        )
        context["can_send"] = scoping.user_has_any(self.request.user, Perm.CONTENT_APPROVE)
        return context


class DirectiveEditView(DirectiveFormView):
    page_title = _("Sửa định hướng (bản nháp)")

    def dispatch(self, request: HttpRequest, *args: Any, pk: int, **kwargs: Any) -> Any:
        self.directive = get_object_or_404(selectors.directives_for(request.user), pk=pk)
        needed = service.directive_edit_perm(self.directive)
        if not scoping.user_can(request.user, needed, self.directive.sender_unit):
            raise PermissionDenied
        if self.directive.status == DirectiveStatus.SENT:
            messages.error(request, _("Định hướng đã gửi, không sửa được nữa."))
            return redirect(admin_url(f"{DIRECTIVES}:detail", pk))
        return super().dispatch(request, *args, **kwargs)

    def save(self, form: DirectiveForm) -> Directive:
        data = form.cleaned_data
        assert self.directive is not None  # noqa: S101 — set in dispatch
        return service.directive_update(
            actor=self.request.user,
            directive=self.directive,
            chosen_units=data["chosen_codes"],
            image_files=data["images"],
            document_files=data["documents"],
            **form.package(),
        )


class DirectiveSendView(ActionView):
    access_perm = Perm.CONTENT_APPROVE

    def load(self, pk: int) -> Directive:
        return get_object_or_404(selectors.directives_for(self.request.user), pk=pk)

    def perform(self, obj: Directive) -> Any:
        return service.directive_send(actor=self.request.user, directive=obj)

    def fallback_url(self, obj: Directive) -> str:
        return admin_url(f"{DIRECTIVES}:detail", obj.pk)

    def success_message(self, result: Any) -> str:
        return str(
            _("Đã gửi định hướng tới %(count)s đơn vị cấp dưới.") % {"count": result.task_count}
        )


class DirectiveSubmitView(ActionView):
    """An officer asks the sender unit's approvers to send a draft."""

    access_perm = Perm.CONTENT_EDIT

    def load(self, pk: int) -> Directive:
        return get_object_or_404(selectors.directives_for(self.request.user), pk=pk)

    def perform(self, obj: Directive) -> Any:
        return service.directive_submit(actor=self.request.user, directive=obj)

    def fallback_url(self, obj: Directive) -> str:
        return admin_url(f"{DIRECTIVES}:detail", obj.pk)

    def success_message(self, result: Any) -> str:
        return str(SUBMITTED_MESSAGE)


class DirectiveObjectMixin(ContentAccessMixin):
    """A directive the user may see: sent from their scope, or received by a
    unit of it (404 otherwise). Counts then cover only the tasks they may see."""

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)  # type: ignore[misc]
        directive = get_object_or_404(
            Directive.objects.select_related("sender_unit", "campaign", "sent_by"), pk=kwargs["pk"]
        )
        if not selectors.directive_visible_to(request.user, directive):
            raise Http404
        self.directive = directive

    @cached_property
    def sender_side(self) -> bool:
        return scoping.user_can(self.request.user, Perm.CONTENT_EDIT, self.directive.sender_unit)  # type: ignore[attr-defined]

    @cached_property
    def visible_tasks(self) -> QuerySet[Any]:
        return selectors.tasks_for(self.request.user)  # type: ignore[attr-defined]


class DirectiveDetailView(DirectiveObjectMixin, AdminPageView):
    template_name = "campaigns/admin/directive_detail.html"
    page_title = _("Định hướng tuyên truyền")
    header_icon = "mail"

    def get_page_subtitle(self) -> str:
        return self.directive.title

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return crumbs(("", self.directive.title))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        directive = self.directive
        state = self.request.GET.get("state", "")
        tasks = (
            self.visible_tasks.filter(directive=directive)
            .select_related("unit")
            .order_by("unit__path")
        )
        if state in TaskState.values:
            tasks = tasks.filter(state=state)
        user = self.request.user
        unsent = directive.status != DirectiveStatus.SENT
        can_send = unsent and scoping.user_can(user, Perm.CONTENT_APPROVE, directive.sender_unit)
        can_edit = unsent and scoping.user_can(
            user, service.directive_edit_perm(directive), directive.sender_unit
        )
        can_submit = (
            directive.status == DirectiveStatus.DRAFT
            and not can_send
            and scoping.user_can(user, Perm.CONTENT_EDIT, directive.sender_unit)
        )
        context.update(
            directive=directive,
            counts=selectors.directive_compliance(directive, tasks=self.visible_tasks),
            page_obj=paginate(self.request, tasks),
            state=state,
            states=[("", _("Tất cả")), *TaskState.choices],
            images=list(directive.images.all()),
            documents=list(directive.documents.all()),
            platform_texts=[
                (Platform(p).label, text) for p, text in sorted(directive.platform_texts.items())
            ],
            chosen_units=list(directive.chosen_units.order_by("path")),
            can_send=can_send,
            can_submit=can_submit,
            edit_url=admin_url(f"{DIRECTIVES}:edit", directive.pk) if can_edit else None,
            send_url=admin_url(f"{DIRECTIVES}:send", directive.pk),
            submit_url=admin_url(f"{DIRECTIVES}:submit", directive.pk),
            compliance_url=admin_url(f"{DIRECTIVES}:compliance", directive.pk),
            is_draft=unsent,
        )
        return context


class DirectiveComplianceView(DirectiveObjectMixin, AdminPageView):
    """Compliance within a unit: overall, per level, per branch (each branch
    links to its own compliance), read from `selectors` in four queries."""

    template_name = "campaigns/admin/directive_compliance.html"
    page_title = _("Kết quả thực hiện định hướng")
    header_icon = "tasks"

    def get_page_subtitle(self) -> str:
        return self.directive.title

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return crumbs(
            (admin_url(f"{DIRECTIVES}:detail", self.directive.pk), self.directive.title),
            ("", _("Kết quả thực hiện")),
        )

    @cached_property
    def base_unit(self) -> OrgUnit:
        """The unit counted from: `?unit=` if it is in the user's scope and
        under the sender, else the sender (or the user's own top unit)."""
        sender = self.directive.sender_unit
        units = scoping.units_for(self.request.user, Perm.CONTENT_EDIT).filter(
            path__startswith=sender.path
        )
        code = self.request.GET.get("unit", "").strip()
        if code:
            unit = units.filter(code=code).first()
            if unit is None:
                raise Http404
            return unit
        if self.sender_side:
            return sender
        top = units.order_by("depth", "path").first()
        if top is None:
            raise Http404
        return top

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        directive, base = self.directive, self.base_unit
        tasks = self.visible_tasks
        branches = selectors.directive_compliance_by_branch(directive, within=base, tasks=tasks)
        step = OrgUnit.steplen
        ancestors = scoping.units_for(self.request.user, Perm.CONTENT_EDIT).filter(
            path__in=[
                base.path[:end]
                for end in range(len(directive.sender_unit.path), len(base.path), step)
            ]
        )
        context.update(
            directive=directive,
            base=base,
            counts=selectors.directive_compliance(directive, within=base, tasks=tasks),
            levels=selectors.directive_compliance_by_level(directive, within=base, tasks=tasks),
            branches=[
                (
                    b,
                    None
                    if b.own or b.unit.numchild == 0
                    else admin_url(f"{DIRECTIVES}:compliance", directive.pk, unit=b.unit.code),
                    admin_url(f"{TASKS}:index", directive=directive.pk, unit=b.unit.code),
                )
                for b in branches
            ],
            trail=[
                (u, admin_url(f"{DIRECTIVES}:compliance", directive.pk, unit=u.code))
                for u in ancestors.order_by("path")
            ],
        )
        return context
