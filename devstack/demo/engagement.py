"""A demo quiz and survey (DEBUG only, fixed seed): both organised by the
root union and approved; a few hundred members across the tree took the quiz
(scores and times drawn from the seed) and answered the anonymous survey
(free texts went on to listening). The member demo account
(`doanvien.khicamau`) is left to take the quiz and answer the survey itself.
Idempotent: an existing demo quiz is kept."""

from django.conf import settings
from django.db import transaction

from devstack.demo import DEMO_ACTOR
from devstack.demo.loading import SeededDemoLoader
from lantoa.core.exceptions import PermissionDenied
from lantoa.engagement.models import Attempt, Quiz
from lantoa.engagement.services import quizzes, surveys
from lantoa.engagement.tests.factories import correct_answers, quiz_approved, survey_approved
from lantoa.org.choices import MemberStatus
from lantoa.org.models import Member

QUIZ_TITLE = "Cuộc thi tìm hiểu 95 năm Công đoàn Việt Nam"
SURVEY_TITLE = "Khảo sát bữa ăn giữa ca và hoạt động văn hóa, thể thao"
DEMO_SEED = 2026
PEOPLE = 200
DEMO_MEMBER_EMAIL = "doanvien.khicamau@example.com"
COMMENTS = (
    "Bữa ăn ca đêm còn nguội, mong công đoàn kiến nghị với bếp ăn.",
    "Đề nghị tổ chức thêm giải bóng đá giữa các phân xưởng.",
    "Cảm ơn công đoàn đã quan tâm, bữa ăn đã cải thiện nhiều.",
    "Mong có lớp tập huấn sơ cứu cho công nhân vận hành.",
    "",
    "",
)


class EngagementDemoRequiresDebug(PermissionDenied):
    code = "demo_requires_debug"
    default_message = "Dữ liệu mẫu chỉ được tạo khi DEBUG đang bật (môi trường phát triển)."


class EngagementDemoLoader(SeededDemoLoader):
    def __init__(self, *, people: int = PEOPLE, seed: int = DEMO_SEED) -> None:
        self.people = people
        super().__init__(seed=seed)

    def members(self) -> list[Member]:
        ids = list(
            Member.objects.filter(status=MemberStatus.ACTIVE, user__isnull=False)
            .exclude(email=DEMO_MEMBER_EMAIL)
            .order_by("id")
            .values_list("id", flat=True)
        )
        ids += list(
            Member.objects.filter(status=MemberStatus.ACTIVE, user__isnull=True)
            .order_by("id")
            .values_list("id", flat=True)
        )
        picked = sorted(self.rng.sample(ids, min(self.people, len(ids))))
        return list(Member.objects.filter(id__in=picked).select_related("unit").order_by("id"))

    def load(self) -> dict[str, int]:
        if not settings.DEBUG:
            raise EngagementDemoRequiresDebug()
        root = self.root()
        if Quiz.objects.filter(unit=root, title=QUIZ_TITLE).exists():
            return {}
        with transaction.atomic():
            quiz = quiz_approved(
                root,
                title=QUIZ_TITLE,
                actor=DEMO_ACTOR,
                description="Mỗi đoàn viên một lượt, 10 phút, câu hỏi xếp ngẫu nhiên.",
                time_limit_s=600,
            )
            survey = survey_approved(root, title=SURVEY_TITLE, actor=DEMO_ACTOR)
            self.counts.update(Quiz=1, Survey=1)
            single, multiple, free = survey.questions.order_by("position")
            options = list(single.options.all())
            extras = list(multiple.options.all())
            for member in self.members():
                self.take_quiz(quiz, member)
                pick = self.rng.choices(options, weights=(5, 3, 2))[0]
                surveys.survey_respond(
                    actor=DEMO_ACTOR,
                    survey=survey,
                    member=member,
                    answers={
                        single.pk: [pick.pk],
                        multiple.pk: [o.pk for o in extras if self.rng.random() < 0.4],
                        free.pk: self.rng.choice(COMMENTS),
                    },
                )
                self.counts["SurveyResponse"] += 1
        return dict(self.counts)

    def take_quiz(self, quiz: Quiz, member: Member) -> None:
        attempt = quizzes.attempt_start(actor=DEMO_ACTOR, quiz=quiz, member=member, rng=self.rng)
        right = correct_answers(attempt)
        answers = {q: c for q, c in right.items() if self.rng.random() < 0.75}
        done = quizzes.attempt_submit(actor=DEMO_ACTOR, attempt=attempt, answers=answers)
        # Demo only: a plausible time taken (the real one is a few milliseconds).
        Attempt.objects.filter(pk=done.pk).update(duration_s=self.rng.randint(45, 560))
        self.counts["Attempt"] += 1
