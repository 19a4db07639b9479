"""The engagement screens in the back office beyond Wagtail's generic ones:
a quiz (questions, approval, boards) and a survey (questions, approval,
results by slice of the tree). Each POST calls one service; a refusal comes
back as a message."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lantoa.core.exceptions import LantoaError, NotFound
from lantoa.core.permissions import object_in_scope
from lantoa.engagement import selectors
from lantoa.engagement.choices import QuestionKind
from lantoa.engagement.models import Quiz, Survey
from lantoa.engagement.services import quizzes, surveys
from lantoa.org import scoping
from lantoa.org.choices import Perm


def _scoped(request: HttpRequest, model: type[Model], pk: Any) -> Any:
    """The object if the user holds CONTENT_EDIT over a unit whose view of
    it is allowed: the organiser's subtree, or (surveys) a slice below it."""
    from lantoa.engagement.viewsets import POLICIES

    policy = POLICIES[model]
    if not scoping.user_has_any(request.user, Perm.CONTENT_EDIT):
        raise PermissionDenied
    return object_in_scope(policy, request.user, "view", pk=pk)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class _Screen(WagtailAdminTemplateMixin, TemplateView):
    model: type[Model]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        approving = request.method == "POST" and request.POST.get("action") == "approve"
        if approving and not scoping.user_has_any(request.user, Perm.CONTENT_APPROVE):
            raise PermissionDenied
        self.obj = _scoped(request, self.model, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.obj)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = request.POST.get("action", "")
        perm = Perm.CONTENT_APPROVE if action == "approve" else Perm.CONTENT_EDIT
        if not scoping.user_has_any(request.user, perm):
            raise PermissionDenied
        if not scoping.user_can(request.user, perm, self.obj.unit):
            # Officers below read a survey's slice; they never change it.
            raise Http404
        try:
            done = self.act(action, request)
        except LantoaError as exc:
            messages.error(request, exc.message)
        else:
            if done:
                messages.success(request, done)
            else:
                messages.error(request, "Thao tác không hợp lệ.")
        return redirect(request.path)

    def act(self, action: str, request: HttpRequest) -> str:
        raise NotImplementedError


class QuizDetailView(_Screen):
    template_name = "engagement/admin/quiz_detail.html"
    model = Quiz

    def act(self, action: str, request: HttpRequest) -> str:
        quiz, user = self.obj, request.user
        if action == "question":
            right = request.POST.get("correct", "")
            choices = [(c, c == right.strip()) for c in _lines(request.POST.get("choices", ""))]
            quizzes.question_add(
                actor=user, quiz=quiz, text=request.POST.get("text", ""), choices=choices
            )
            return "Đã thêm câu hỏi."
        if action == "submit":
            quizzes.quiz_submit(actor=user, quiz=quiz)
            return "Đã trình duyệt cuộc thi."
        if action == "approve":
            quizzes.quiz_approve(actor=user, quiz=quiz)
            return "Đã duyệt: đoàn viên các đơn vị trực thuộc đã thấy cuộc thi."
        if action == "close":
            quizzes.quiz_close(actor=user, quiz=quiz)
            return "Đã đóng cuộc thi."
        return ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        quiz = self.obj
        context.update(
            quiz=quiz,
            questions=list(quiz.questions.prefetch_related("choices")),
            can_approve=scoping.user_can(self.request.user, Perm.CONTENT_APPROVE, quiz.unit),
            members=selectors.member_board(quiz),
            units=selectors.quiz_unit_board(quiz),
        )
        return context


class SurveyDetailView(_Screen):
    template_name = "engagement/admin/survey_detail.html"
    model = Survey

    def act(self, action: str, request: HttpRequest) -> str:
        survey, user = self.obj, request.user
        if action == "question":
            surveys.survey_question_add(
                actor=user,
                survey=survey,
                text=request.POST.get("text", ""),
                kind=request.POST.get("kind", QuestionKind.SINGLE),
                options=_lines(request.POST.get("options", "")),
                required=bool(request.POST.get("required")),
            )
            return "Đã thêm câu hỏi."
        if action == "submit":
            surveys.survey_submit(actor=user, survey=survey)
            return "Đã trình duyệt khảo sát."
        if action == "approve":
            surveys.survey_approve(actor=user, survey=survey)
            return "Đã duyệt: đoàn viên các đơn vị trực thuộc đã thấy khảo sát."
        if action == "close":
            surveys.survey_close(actor=user, survey=survey)
            return "Đã đóng khảo sát."
        return ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        survey: Survey = self.obj
        user = self.request.user
        slices = selectors.survey_slice_units(user, survey)
        chosen = self.request.GET.get("unit", "")
        unit = next((u for u in slices if str(u.pk) == chosen), slices[0] if slices else None)
        result = None
        if unit is not None:
            try:
                result = selectors.survey_results(user, survey, unit)
            except NotFound:
                result = None
        context.update(
            survey=survey,
            questions=list(survey.questions.prefetch_related("options")),
            can_edit=scoping.user_can(user, Perm.CONTENT_EDIT, survey.unit),
            can_approve=scoping.user_can(user, Perm.CONTENT_APPROVE, survey.unit),
            slices=slices,
            unit=unit,
            result=result,
            kinds=QuestionKind.choices,
        )
        return context
