"""Incidents in the admin: the scoped list (the top union sees its whole
subtree), one incident's page (clocks, playbook steps, escalations,
timeline, reports with their evidence, matching facts, similar incidents,
responses) and its one-click actions, each calling one service."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages

from lantoa.core.admin_views import AdminPageView
from lantoa.core.exceptions import LantoaError
from lantoa.core.viewsets import form_refusals
from lantoa.incidents import selectors
from lantoa.incidents.admin_views.common import (
    INCIDENTS,
    REPORTS,
    AccessMixin,
    ActionView,
    admin_url,
    home_crumb,
    paginate,
    scoped,
)
from lantoa.incidents.choices import (
    OPEN_STATES,
    SEVERITY_DEFINITIONS,
    IncidentState,
    RemovalMethod,
    ReportState,
    ResponseState,
    Severity,
    StepState,
)
from lantoa.incidents.forms import NoteForm, OpenForm, ResponseForm, TriageForm
from lantoa.incidents.models import Incident, IncidentStep, Report
from lantoa.incidents.pdf import incident_report_pdf
from lantoa.incidents.permissions import (
    incident_permission_policy,
    playbook_permission_policy,
    report_permission_policy,
)
from lantoa.incidents.services import escalation, incidents, intake, removal, responses
from lantoa.listening.selectors import alert_list_for, opinion_list_for
from lantoa.org import scoping
from lantoa.org.choices import Perm


def incident_crumbs(*items: tuple[str, Any]) -> list[dict[str, Any]]:
    return [
        home_crumb(),
        {"url": admin_url(f"{INCIDENTS}:index"), "label": _("Sự cố thông tin")},
        *({"url": url, "label": label} for url, label in items),
    ]


def save_response_form(
    request: HttpRequest,
    form: ResponseForm,
    save: Callable[..., Any],
    *,
    incident: Incident,
    done: Any,
) -> HttpResponse | None:
    """Save a valid response form through `save` (a response service with
    its incident or response bound) and go back to the responses; None when
    the form is to be shown again with its errors."""
    if form.is_valid():
        data = form.cleaned_data
        with form_refusals(form) as refused:
            save(
                actor=request.user,
                text=data["text"],
                link=data["link"] or "",
                reply_text=data["reply_text"] or "",
                account_ids=[int(a) for a in data["accounts"]],
                fact_ids=[int(f) for f in data["facts"]],
            )
        if not refused:
            messages.success(request, done)
            return redirect(admin_url(f"{INCIDENTS}:detail", incident.pk) + "#phan-hoi")
    messages.error(request, _("Chưa lưu được phản hồi: vui lòng sửa các lỗi bên dưới."))
    return None


def units_for(request: HttpRequest) -> QuerySet[Any]:
    return (
        scoping.units_for(request.user, Perm.CONTENT_EDIT).filter(is_active=True).order_by("path")
    )


class IncidentIndexView(AccessMixin, AdminPageView):
    template_name = "incidents/admin/incident_index.html"
    page_title = _("Sự cố thông tin")
    header_icon = "warning"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        everything = selectors.incidents_for(user)
        state = self.request.GET.get("state", "open")
        rows = everything
        if state == "open":
            rows = rows.filter(state__in=OPEN_STATES)
        elif state in IncidentState.values:
            rows = rows.filter(state=state)
        rows = rows.select_related("unit", "handling_unit").order_by(
            "-severity", "-detected_at", "-pk"
        )
        counts = selectors.state_counts(everything)
        context.update(
            page_obj=paginate(self.request, rows),
            state=state,
            tabs=[
                (
                    "open",
                    _("Đang mở"),
                    counts[IncidentState.OPEN] + counts[IncidentState.RESPONDING],
                ),
                *((value, label, counts[value]) for value, label in IncidentState.choices),
            ],
            new_reports=selectors.reports_for(user).filter(state=ReportState.NEW).count(),
            reports_url=admin_url(f"{REPORTS}:index"),
            open_url=admin_url(f"{INCIDENTS}:open"),
            notices=list(selectors.notices_for(user)[:20]),
        )
        return context


class IncidentOpenView(AccessMixin, AdminPageView):
    """Open an incident from reports (?report=…), a listening alert
    (?alert=…) or an opinion (?opinion=…), or from nothing."""

    template_name = "incidents/admin/incident_open.html"
    page_title = _("Mở sự cố")
    header_icon = "warning"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return incident_crumbs(("", self.page_title))

    def sources(self) -> dict[str, Any]:
        params = self.request.GET if self.request.method == "GET" else self.request.POST
        user = self.request.user
        ids = [int(i) for i in params.getlist("report") if i.isdigit()]
        reports = list(
            selectors.reports_for(user)
            .filter(pk__in=ids, state=ReportState.NEW)
            .select_related("unit")
        )
        alert = opinion = None
        if params.get("alert", "").isdigit():
            alert = (
                alert_list_for(user).select_related("unit").filter(pk=int(params["alert"])).first()
            )
        if params.get("opinion", "").isdigit():
            opinion = opinion_list_for(user).filter(pk=int(params["opinion"])).first()
        return {"reports": reports, "alert": alert, "opinion": opinion}

    def initial(self, sources: dict[str, Any]) -> dict[str, Any]:
        unit = None
        text = ""
        if sources["reports"]:
            unit, text = sources["reports"][0].unit, sources["reports"][0].text
        elif sources["alert"] is not None:
            unit, text = sources["alert"].unit, str(sources["alert"])
        elif sources["opinion"] is not None:
            unit, text = sources["opinion"].unit, sources["opinion"].text
        title = " ".join(text.split())[:90]
        return {"unit": unit, "title": title, "claim": text}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        sources = kwargs.get("sources") or self.sources()
        form = kwargs.get("form") or OpenForm(
            units=units_for(self.request), initial=self.initial(sources)
        )
        context.update(form=form, severity_definitions=SEVERITY_DEFINITIONS.items(), **sources)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        sources = self.sources()
        form = OpenForm(request.POST, units=units_for(request))
        if form.is_valid():
            data = form.cleaned_data
            with form_refusals(form) as refused:
                reports = list(sources["reports"])
                if sources["alert"] is not None:
                    reports.append(
                        intake.report_from_alert(actor=request.user, alert=sources["alert"])
                    )
                if sources["opinion"] is not None:
                    reports.append(
                        intake.report_from_opinion(actor=request.user, opinion=sources["opinion"])
                    )
                incident = incidents.incident_open(
                    actor=request.user,
                    unit=data["unit"],
                    title=data["title"],
                    claim=data["claim"],
                    category=data["category"],
                    severity=data["severity"],
                    reports=[r for r in reports if r.state == ReportState.NEW],
                )
            if not refused:
                messages.success(request, _("Đã mở sự cố."))
                return redirect(admin_url(f"{INCIDENTS}:detail", incident.pk))
        return self.render_to_response(self.get_context_data(form=form, sources=sources))


class IncidentDetailView(AccessMixin, AdminPageView):
    template_name = "incidents/admin/incident_detail.html"
    header_icon = "warning"

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.incident: Incident = scoped(
            incident_permission_policy,
            request,
            kwargs["pk"],
            select_related=("unit", "handling_unit", "playbook"),
        )

    def get_page_title(self) -> str:
        return str(self.incident.title)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return incident_crumbs(("", self.incident.title))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        incident = self.incident
        user = self.request.user
        can_act = scoping.user_can(user, Perm.CONTENT_EDIT, incident.handling_unit)
        escalations = list(
            incident.escalations.select_related("from_unit", "to_unit", "taken_over_by")
        )
        takeover = [
            e
            for e in escalations
            if e.taken_over_at is None
            and e.to_unit.depth < incident.handling_unit.depth
            and scoping.user_can(user, Perm.CONTENT_EDIT, e.to_unit)
        ]
        fact_matches = selectors.facts_matching(
            incident.unit, incident.claim or incident.title, limit=5
        )
        context.update(
            incident=incident,
            can_act=can_act and incident.is_open,
            is_open=incident.is_open,
            can_approve=scoping.user_can(user, Perm.CONTENT_APPROVE, incident.handling_unit),
            steps=list(incident.steps.select_related("done_by")),
            escalations=escalations,
            takeover=takeover[:1],
            timeline=list(incident.timeline.select_related("actor")),
            reports=[
                (report, self.removal_choices(report) if can_act and incident.is_open else [])
                for report in incident.reports.select_related(
                    "snapshot", "inbound_message__account__unit", "opinion"
                ).order_by("received_at")
            ],
            fact_matches=fact_matches,
            similar=selectors.incidents_similar(incident),
            playbooks=list(
                selectors.playbooks_for_incident(incident).filter(
                    pk__in=playbook_permission_policy.instances_user_has_permission_for(
                        user, "view"
                    )
                )
            ),
            responses=list(
                incident.responses.select_related("post", "approved_by").prefetch_related("facts")
            ),
            response_form=kwargs.get("response_form")
            or ResponseForm(
                accounts=responses.accounts_for_incident(incident),
                facts=[m.fact for m in fact_matches],
                initial={
                    "text": responses.draft_text(incident, [m.fact for m in fact_matches[:1]]),
                    "facts": [str(m.fact.pk) for m in fact_matches[:1]],
                },
            ),
            triage_form=TriageForm(
                units=units_for(self.request).filter(path__startswith=incident.unit.path),
                initial={
                    "title": incident.title,
                    "category": incident.category,
                    "severity": incident.severity,
                    "affected_units": list(incident.affected_units.all()),
                },
            ),
            note_form=NoteForm(prefix="note"),
            states={
                "draft": ResponseState.DRAFT,
                "submitted": ResponseState.SUBMITTED,
                "approved": ResponseState.APPROVED,
            },
            step_pending=StepState.PENDING,
            severity_label=Severity(incident.severity).label,
            pdf_url=admin_url(f"{INCIDENTS}:report_pdf", incident.pk),
        )
        return context

    @staticmethod
    def removal_choices(report: Report) -> list[tuple[str, str]]:
        return [(m, str(RemovalMethod(m).label)) for m in removal.removal_options(report)]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """The response form posts here, so its errors show on this page."""
        incident = self.incident
        matches = selectors.facts_matching(incident.unit, incident.claim or incident.title, limit=5)
        form = ResponseForm(
            request.POST,
            accounts=responses.accounts_for_incident(incident),
            facts=[m.fact for m in matches],
        )
        saved = save_response_form(
            request,
            form,
            partial(responses.response_create, incident=incident),
            incident=incident,
            done=_("Đã lưu bản nháp phản hồi."),
        )
        if saved is not None:
            return saved
        return self.render_to_response(self.get_context_data(response_form=form))


# --- one-click actions ---------------------------------------------------------------


class IncidentActionView(ActionView):
    def load(self, pk: int) -> Incident:
        return scoped(
            incident_permission_policy, self.request, pk, select_related=("unit", "handling_unit")
        )  # type: ignore[no-any-return]

    def fallback_url(self, obj: Any) -> str:
        return admin_url(f"{INCIDENTS}:detail", obj.pk)

    def field(self, name: str) -> str:
        return str(self.request.POST.get(name, ""))


class IncidentTextActionView(IncidentActionView):
    """An action whose service takes one posted text: `posted` is (the
    service's keyword, the form field)."""

    service: Callable[..., Any]
    posted: tuple[str, str]

    def perform(self, obj: Incident) -> Any:
        keyword, field = self.posted
        return self.service(actor=self.request.user, incident=obj, **{keyword: self.field(field)})


class IncidentTriageView(IncidentActionView):
    success_text = _("Đã lưu phân loại sự cố.")

    def perform(self, obj: Incident) -> Any:
        form = TriageForm(
            self.request.POST, units=units_for(self.request).filter(path__startswith=obj.unit.path)
        )
        if not form.is_valid():
            raise LantoaError("; ".join(str(e) for errors in form.errors.values() for e in errors))
        data = form.cleaned_data
        return incidents.incident_triage(
            actor=self.request.user,
            incident=obj,
            severity=data["severity"],
            category=data["category"],
            title=data["title"],
            affected_units=list(data["affected_units"]),
        )


class IncidentNoteView(IncidentTextActionView):
    success_text = _("Đã ghi vào diễn biến.")
    service = staticmethod(incidents.incident_note)
    posted = ("text", "note-text")


class IncidentResolveView(IncidentTextActionView):
    success_text = _("Đã kết thúc xử lý sự cố.")
    service = staticmethod(incidents.incident_resolve)
    posted = ("summary", "summary")


class IncidentCloseView(IncidentTextActionView):
    success_text = _("Đã đóng sự cố.")
    service = staticmethod(incidents.incident_close)
    posted = ("lessons", "lessons")


class IncidentReopenView(IncidentTextActionView):
    success_text = _("Đã mở lại sự cố.")
    service = staticmethod(incidents.incident_reopen)
    posted = ("reason", "reason")


class IncidentEscalateView(IncidentTextActionView):
    success_text = _("Đã báo sự cố lên cấp trên.")
    service = staticmethod(escalation.incident_escalate_manually)
    posted = ("note", "note")


class IncidentTakeOverView(IncidentActionView):
    success_text = _("Đơn vị của bạn đã tiếp quản sự cố.")

    def perform(self, obj: Incident) -> Any:
        unit = (
            scoping.units_for(self.request.user, Perm.CONTENT_EDIT)
            .filter(pk=self.field("unit") or 0)
            .first()
        )
        if unit is None:
            raise LantoaError("Hãy chọn đơn vị tiếp quản.")
        return escalation.incident_take_over(actor=self.request.user, incident=obj, unit=unit)


class IncidentPlaybookView(IncidentActionView):
    success_text = _("Đã áp dụng kịch bản ứng phó.")

    def perform(self, obj: Incident) -> Any:
        playbook = scoped(playbook_permission_policy, self.request, self.field("playbook") or 0)
        return incidents.playbook_apply(actor=self.request.user, incident=obj, playbook=playbook)


class IncidentAttachView(IncidentActionView):
    success_text = _("Đã đưa tin báo vào sự cố.")

    def perform(self, obj: Incident) -> Any:
        report = scoped(report_permission_policy, self.request, self.field("report") or 0)
        return incidents.incident_attach_report(
            actor=self.request.user, incident=obj, report=report
        )


class StepActionView(IncidentActionView):
    """A step of the incident in the URL: /<incident>/buoc/<step>/…"""

    def step(self, obj: Incident) -> IncidentStep:
        step = obj.steps.filter(pk=self.kwargs["step"]).first()
        if step is None:
            raise LantoaError("Không tìm thấy bước này.")
        return step


class StepCompleteView(StepActionView):
    success_text = _("Đã hoàn thành bước ứng phó.")

    def perform(self, obj: Incident) -> Any:
        return incidents.step_complete(
            actor=self.request.user, step=self.step(obj), note=self.field("note")
        )


class StepSkipView(StepActionView):
    success_text = _("Đã bỏ qua bước ứng phó.")

    def perform(self, obj: Incident) -> Any:
        return incidents.step_skip(
            actor=self.request.user, step=self.step(obj), note=self.field("note")
        )


class RemovalRequestView(IncidentActionView):
    """Hide or delete a report's comment on its platform, or record the
    officer's report to the platform: /<incident>/tin-bao/<report>/go/"""

    def perform(self, obj: Incident) -> Any:
        report = obj.reports.filter(pk=self.kwargs["report"]).first()
        if report is None:
            raise LantoaError("Không tìm thấy tin báo này trong sự cố.")
        entry = removal.removal_request(
            actor=self.request.user,
            report=report,
            method=self.field("method"),
            note=self.field("note"),
        )
        if not entry.data.get("ok"):
            raise LantoaError(entry.text)
        return entry

    @property
    def success_text(self) -> str:  # type: ignore[override]
        return str(_("Đã ghi vào diễn biến: nội dung đã được ẩn, xoá hoặc đã báo nền tảng."))

    def fallback_url(self, obj: Any) -> str:
        return admin_url(f"{INCIDENTS}:detail", obj.pk) + "#tin-bao"


def report_open_url(report: Report) -> str:
    return admin_url(f"{INCIDENTS}:open", report=report.pk)


class IncidentReportPdfView(AccessMixin, TemplateView):
    """The post-incident report, as a PDF to print or send up."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        incident = scoped(
            incident_permission_policy,
            request,
            kwargs["pk"],
            select_related=("unit", "handling_unit", "playbook"),
        )
        response = HttpResponse(incident_report_pdf(incident), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="bao-cao-su-co-{incident.pk}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response


class ResponseActionView(IncidentActionView):
    """A response of the incident in the URL: /<incident>/phan-hoi/<response>/…"""

    def response_of(self, obj: Incident) -> Any:
        found = obj.responses.filter(pk=self.kwargs["response"]).first()
        if found is None:
            raise LantoaError("Không tìm thấy phản hồi này.")
        return found

    def fallback_url(self, obj: Any) -> str:
        return admin_url(f"{INCIDENTS}:detail", obj.pk) + "#phan-hoi"


class ResponseEditView(AccessMixin, AdminPageView):
    """Edit a draft response, or one the approver sent back for changes:
    /<incident>/phan-hoi/<response>/sua/"""

    template_name = "incidents/admin/response_edit.html"
    header_icon = "edit"
    page_title = _("Sửa phản hồi")

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.incident: Incident = scoped(
            incident_permission_policy,
            request,
            kwargs["pk"],
            select_related=("unit", "handling_unit"),
        )
        found = self.incident.responses.filter(pk=kwargs["response"]).first()
        if found is None:
            raise Http404
        self.response = found

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        detail = admin_url(f"{INCIDENTS}:detail", self.incident.pk)
        return incident_crumbs((detail, self.incident.title), ("", _("Sửa phản hồi")))

    def form(self, data: Any = None) -> ResponseForm:
        incident, response = self.incident, self.response
        matches = selectors.facts_matching(incident.unit, incident.claim or incident.title, limit=5)
        facts = {m.fact.pk: m.fact for m in matches}
        facts |= {f.pk: f for f in response.facts.all()}
        return ResponseForm(
            data,
            accounts=responses.accounts_for_incident(incident),
            facts=list(facts.values()),
            initial={
                "text": response.text,
                "link": response.link,
                "reply_text": response.reply_text,
                "accounts": [str(a) for a in response.account_ids],
                "facts": [str(f) for f in response.facts.values_list("pk", flat=True)],
            },
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            incident=self.incident,
            response=self.response,
            form=kwargs.get("form") or self.form(),
            cancel_url=admin_url(f"{INCIDENTS}:detail", self.incident.pk) + "#phan-hoi",
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form(request.POST)
        saved = save_response_form(
            request,
            form,
            partial(responses.response_update, response=self.response),
            incident=self.incident,
            done=_("Đã lưu phản hồi; hãy trình duyệt lại khi xong."),
        )
        if saved is not None:
            return saved
        return self.render_to_response(self.get_context_data(form=form))


class ResponseSubmitView(ResponseActionView):
    success_text = _("Đã trình duyệt phản hồi.")

    def perform(self, obj: Incident) -> Any:
        return responses.response_submit(actor=self.request.user, response=self.response_of(obj))


class ResponseApproveView(ResponseActionView):
    success_text = _("Đã duyệt phản hồi.")

    def perform(self, obj: Incident) -> Any:
        return responses.response_approve(actor=self.request.user, response=self.response_of(obj))


class ResponseReturnView(ResponseActionView):
    success_text = _("Đã trả phản hồi để sửa.")

    def perform(self, obj: Incident) -> Any:
        return responses.response_return(
            actor=self.request.user, response=self.response_of(obj), note=self.field("note")
        )


class ResponsePublishView(ResponseActionView):
    success_text = _("Đã đăng phản hồi lên kênh.")

    def perform(self, obj: Incident) -> Any:
        return responses.response_publish(actor=self.request.user, response=self.response_of(obj))


class NoticeReadView(ActionView):
    """Mark an in-app notice read (the user's own units' notices only)."""

    success_text = _("Đã đánh dấu đã xem.")

    def load(self, pk: int) -> Any:
        notice = selectors.notices_for(self.request.user).filter(pk=pk).first()
        if notice is None:
            raise Http404
        return notice

    def perform(self, obj: Any) -> Any:
        return incidents.notice_read(actor=self.request.user, notice=obj)

    def fallback_url(self, obj: Any) -> str:
        return admin_url(f"{INCIDENTS}:index")
