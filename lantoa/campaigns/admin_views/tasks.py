"""Directive tasks in the admin: the tasks of the user's units (their own and
their subtree's, never a sibling's), one task's page with the package and its
one-click actions (acknowledge, adopt), publications that link back, and
proofs; and marking in-app notices read."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin import messages

from lantoa.campaigns import selectors
from lantoa.campaigns.admin_views.common import (
    DIRECTIVES,
    TASKS,
    ActionView,
    ContentAccessMixin,
    admin_url,
    home_crumb,
    paginate,
    safe_next,
)
from lantoa.campaigns.choices import TaskState
from lantoa.campaigns.forms import ProofForm
from lantoa.campaigns.models import DirectiveTask, TaskNotice
from lantoa.campaigns.services import adoption, reminders
from lantoa.channels.choices import Platform
from lantoa.core.admin_views import AdminPageView
from lantoa.core.exceptions import LantoaError
from lantoa.core.exceptions import PermissionDenied as DomainPermissionDenied
from lantoa.core.storage import private_file_response
from lantoa.org import scoping
from lantoa.org.choices import Perm


def task_crumbs(*items: tuple[str, Any]) -> list[dict[str, Any]]:
    return [
        home_crumb(),
        {"url": admin_url(f"{TASKS}:index"), "label": _("Nhiệm vụ theo định hướng")},
        *({"url": url, "label": label} for url, label in items),
    ]


def scoped_task(request: HttpRequest, pk: int) -> DirectiveTask:
    """A task of the user's scope, or 404 (a sibling's task does not exist for them)."""
    return get_object_or_404(
        selectors.tasks_for(request.user).select_related(
            "unit", "directive__sender_unit", "directive__campaign"
        ),
        pk=pk,
    )


class TaskIndexView(ContentAccessMixin, AdminPageView):
    template_name = "campaigns/admin/task_index.html"
    page_title = _("Nhiệm vụ theo định hướng")
    header_icon = "tasks"

    def filtered(self) -> QuerySet[DirectiveTask]:
        tasks = selectors.tasks_for(self.request.user)
        params = self.request.GET
        state = params.get("state", "")
        if state in TaskState.values:
            tasks = tasks.filter(state=state)
        directive = params.get("directive", "")
        if directive.isdigit():
            tasks = tasks.filter(directive_id=int(directive))
        code = params.get("unit", "").strip()
        if code:
            unit = scoping.units_for(self.request.user, Perm.CONTENT_EDIT).filter(code=code).first()
            # A unit outside the scope lists nothing, never everything.
            tasks = tasks.filter(unit__path__startswith=unit.path) if unit else tasks.none()
        return tasks

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tasks = (
            self.filtered()
            .select_related("unit", "directive__sender_unit")
            .order_by("due_at", "unit__path", "pk")
        )
        params = self.request.GET
        context.update(
            page_obj=paginate(self.request, tasks),
            state=params.get("state", ""),
            unit_code=params.get("unit", ""),
            directive_id=params.get("directive", ""),
            states=[("", _("Tất cả")), *TaskState.choices],
            notices=list(selectors.notices_for(self.request.user)[:20]),
            next=self.request.get_full_path(),
            query_prefix="".join(
                f"{urlencode({k: params[k]})}&"
                for k in ("state", "unit", "directive")
                if params.get(k)
            ),
        )
        return context


class TaskDetailView(ContentAccessMixin, AdminPageView):
    template_name = "campaigns/admin/task_detail.html"
    page_title = _("Nhiệm vụ theo định hướng")
    header_icon = "tasks"

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.task = scoped_task(request, kwargs["pk"])
        self.proof_form: ProofForm | None = None

    def get_page_subtitle(self) -> str:
        return f"{self.task.directive.title} — {self.task.unit.name}"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return task_crumbs(("", f"{self.task.directive.title} — {self.task.unit.name}"))

    def publication_rows(self) -> list[dict[str, Any]]:
        rows = []
        for publication in self.task.publications.select_related("page", "post"):
            if publication.page_id:
                edit_url = reverse("wagtailadmin_pages:edit", args=[publication.page_id])
                title = publication.page.title if publication.page else ""
            else:
                try:
                    edit_url = reverse("channels_posts:inspect", args=[publication.post_id])
                except NoReverseMatch:
                    edit_url = ""
                title = publication.post.text[:90] if publication.post else ""
            rows.append({"publication": publication, "title": title, "edit_url": edit_url})
        return rows

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        task = self.task
        directive = task.directive
        user = self.request.user
        can_act = scoping.user_can(user, Perm.CONTENT_EDIT, task.unit)
        context.update(
            task=task,
            directive=directive,
            images=list(directive.images.all()),
            documents=list(directive.documents.all()),
            platform_texts=[
                (Platform(p).label, text) for p, text in sorted(directive.platform_texts.items())
            ],
            publications=self.publication_rows(),
            proofs=list(task.proofs.select_related("submitted_by")),
            proof_form=self.proof_form or ProofForm(actions=directive.required_actions),
            can_act=can_act,
            acknowledge_url=admin_url(f"{TASKS}:acknowledge", task.pk),
            adopt_url=admin_url(f"{TASKS}:adopt", task.pk),
            proof_url=admin_url(f"{TASKS}:detail", task.pk),
            directive_url=admin_url(f"{DIRECTIVES}:compliance", directive.pk),
            is_done=task.state == TaskState.DONE,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """The proof form posts here, so its errors show on this page."""
        form = ProofForm(request.POST, request.FILES, actions=self.task.directive.required_actions)
        if form.is_valid():
            data = form.cleaned_data
            try:
                adoption.task_proof_add(
                    actor=request.user,
                    task=self.task,
                    action=data["action"],
                    url=data["url"] or "",
                    screenshot=data["screenshot"],
                    reach=data["reach"],
                    participants=data["participants"],
                    note=data["note"] or "",
                )
            except DomainPermissionDenied as exc:
                raise PermissionDenied from exc
            except LantoaError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã gửi minh chứng."))
                return redirect(admin_url(f"{TASKS}:detail", self.task.pk))
        self.proof_form = form
        messages.error(request, _("Chưa gửi được minh chứng: vui lòng sửa các lỗi bên dưới."))
        return self.render_to_response(self.get_context_data())


class TaskProofScreenshotView(ContentAccessMixin, View):
    """A proof screenshot, for users who may see its task (the file has no public URL)."""

    def get(self, request: HttpRequest, pk: int, proof_pk: int) -> HttpResponseBase:
        task = scoped_task(request, pk)
        proof = get_object_or_404(task.proofs.exclude(screenshot=""), pk=proof_pk)
        return private_file_response(proof.screenshot)


class TaskAcknowledgeView(ActionView):
    success_text = _("Đã tiếp nhận nhiệm vụ.")

    def load(self, pk: int) -> DirectiveTask:
        return scoped_task(self.request, pk)

    def perform(self, obj: DirectiveTask) -> Any:
        return adoption.task_acknowledge(actor=self.request.user, task=obj)

    def fallback_url(self, obj: DirectiveTask) -> str:
        return admin_url(f"{TASKS}:detail", obj.pk)


class TaskAdoptView(ActionView):
    """One click: the unit's draft article and posts; then straight to the
    article's editor (the usual next step), or back to the task."""

    def load(self, pk: int) -> DirectiveTask:
        return scoped_task(self.request, pk)

    def perform(self, obj: DirectiveTask) -> adoption.AdoptResult:
        return adoption.task_adopt(actor=self.request.user, task=obj)

    def fallback_url(self, obj: DirectiveTask) -> str:
        return admin_url(f"{TASKS}:detail", obj.pk)

    def success_message(self, result: adoption.AdoptResult) -> str:
        if not result.created:
            return str(_("Đơn vị đã tạo bản thảo từ định hướng này trước đó."))
        parts = []
        if result.article is not None:
            parts.append(str(_("1 tin bài nháp trên trang tin của đơn vị")))
        if result.posts:
            parts.append(str(_("%(n)s bài đăng nháp") % {"n": len(result.posts)}))
        made = "; ".join(parts) or str(_("không có bản thảo nào"))
        notes = " ".join(result.notes)
        return f"{_('Đã tạo')}: {made}. {notes}".strip()

    def success_url(self, obj: DirectiveTask, result: adoption.AdoptResult) -> str:
        if result.article is not None:
            return reverse("wagtailadmin_pages:edit", args=[result.article.pk])
        return self.fallback_url(obj)


class NoticeReadView(ActionView):
    success_text = _("Đã đánh dấu đã xem.")

    def load(self, pk: int) -> TaskNotice:
        notice = get_object_or_404(selectors.notices_for(self.request.user), pk=pk)
        return notice

    def perform(self, obj: TaskNotice) -> Any:
        return reminders.notice_mark_read(actor=self.request.user, notice=obj)

    def fallback_url(self, obj: TaskNotice) -> str:
        return safe_next(self.request, admin_url(f"{TASKS}:index"))
