"""Demo of harmful-information response on whatever tree `load_demo` built
(DEBUG only): the fact library, two playbooks, a closed incident with its
report, and an open one mid-playbook, escalated to the industry union.
Everything goes through the services; idempotent (what exists by title is kept)."""

import datetime as dt
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from devstack.demo import DEMO_ACTOR
from devstack.demo.loading import demo_root
from lantoa.core.exceptions import NotFound, PermissionDenied
from lantoa.incidents.choices import Category, RemovalMethod, ReportSource, Severity, StepRole
from lantoa.incidents.models import Fact, Incident, Playbook, PlaybookStep
from lantoa.incidents.services import facts, incidents, intake, removal, responses
from lantoa.incidents.tests.claims import FACTS
from lantoa.org.public import OrgUnit

CLOSED = "Tin đồn Đại hội Công đoàn Dầu khí bị hoãn"
OPEN = "Tài khoản Zalo mạo danh Chủ tịch công đoàn vay tiền"
FACT_KEYS = (
    "dai_hoi_date",
    "dai_hoi_delegates",
    "union_fee",
    "union_funding",
    "tet_bonus",
    "leader_impersonation",
    "official_pages",
    "shift_meal",
    "fake_document",
    "race_fee",
)
HOLDING = (
    "{don_vi} đã nắm được thông tin «{tieu_de}» đang lan truyền và đang xác minh. "
    "Đề nghị đoàn viên không chia sẻ; thông tin chính thức sẽ được đăng trên các kênh của "
    "công đoàn. {du_kien}"
)
PLAYBOOKS = {
    "Thông tin sai sự thật về tổ chức, hoạt động công đoàn": (
        Category.FALSE_CLAIM,
        [
            ("Lưu bằng chứng, xác minh với nguồn chính thức", StepRole.OFFICER, 60, "", False),
            ("Đăng thông tin ban đầu trên kênh của đơn vị", StepRole.APPROVER, 180, HOLDING, True),
            ("Đăng phản hồi chính thức kèm dữ kiện, nguồn", StepRole.APPROVER, 720, "", False),
            ("Theo dõi bình luận, trả lời người báo tin", StepRole.OFFICER, 1440, "", False),
        ],
    ),
    "Mạo danh công đoàn hoặc lãnh đạo công đoàn": (
        Category.IMPERSONATION,
        [
            ("Chụp màn hình tài khoản giả, lưu đường dẫn", StepRole.OFFICER, 30, "", False),
            ("Cảnh báo đoàn viên trên mọi kênh", StepRole.APPROVER, 120, HOLDING, True),
            ("Báo cáo nền tảng gỡ tài khoản giả", StepRole.OFFICER, 240, "", False),
            ("Báo cơ quan công an nếu có thiệt hại", StepRole.LEADER, 1440, "", False),
        ],
    ),
}


class IncidentDemoLoader:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.now = timezone.now()

    def units(self) -> tuple[OrgUnit, OrgUnit, OrgUnit]:
        """The industry union, PV GAS and its Cà Mau grassroots union (on the
        demo tree; on another tree, the root, its first child and grandchild)."""
        root = demo_root()
        direct = OrgUnit.objects.filter(code="PVGAS").first() or root.get_children().first()
        if direct is None:
            raise NotFound("Cây đơn vị chưa có công đoàn trực thuộc.")
        grassroots = (
            OrgUnit.objects.filter(code="PVGAS-KCM").first() or direct.get_children().first()
        )
        return root, direct, grassroots or direct

    def load(self) -> dict[str, int]:
        if not settings.DEBUG:
            raise PermissionDenied("Dữ liệu mẫu chỉ được tạo khi DEBUG đang bật.")
        with transaction.atomic():
            root, direct, grassroots = self.units()
            self.facts(root)
            self.playbooks(root)
            self.closed_incident(grassroots)
            self.open_incident(direct)
        return dict(self.counts)

    def facts(self, root: OrgUnit) -> None:
        for key in FACT_KEYS:
            statement, keywords = FACTS[key]
            if Fact.objects.filter(unit=root, statement=statement).exists():
                continue
            facts.fact_create(
                actor=DEMO_ACTOR,
                unit=root,
                statement=statement,
                keywords=keywords,
                sources=[{"title": "Văn phòng Công đoàn Dầu khí Việt Nam", "url": ""}],
                valid_from=dt.date(2023, 1, 1),
                valid_until=dt.date(2028, 12, 31),
            )
            self.counts["Fact"] += 1

    def playbooks(self, root: OrgUnit) -> None:
        for name, (category, steps) in PLAYBOOKS.items():
            if Playbook.objects.filter(unit=root, name=name).exists():
                continue
            book = Playbook.objects.create(unit=root, name=name, category=category)
            PlaybookStep.objects.bulk_create(
                PlaybookStep(
                    playbook=book,
                    order=n,
                    title=title,
                    role=role,
                    due_minutes=minutes,
                    holding_statement=holding,
                    counts_as_response=counts,
                )
                for n, (title, role, minutes, holding, counts) in enumerate(steps, start=1)
            )
            self.counts["Playbook"] += 1

    def closed_incident(self, unit: OrgUnit) -> None:
        if Incident.objects.filter(title=CLOSED).exists():
            return
        report = intake.report_create(
            actor=DEMO_ACTOR,
            unit=unit,
            source=ReportSource.MEMBER_FORM,
            text="Nhóm Zalo «Anh em Khí Cà Mau» đang chia sẻ tin Đại hội công đoàn ngành bị hoãn "
            "vô thời hạn vì thiếu kinh phí.",
            reporter_name="Đoàn viên Khí Cà Mau",
            received_at=self.now - dt.timedelta(hours=30),
        )
        incident = incidents.incident_open(
            actor=DEMO_ACTOR,
            unit=unit,
            title=CLOSED,
            claim="Đại hội Công đoàn Dầu khí Việt Nam bị hoãn vô thời hạn vì thiếu kinh phí.",
            category=Category.FALSE_CLAIM,
            severity=Severity.MEDIUM,
            reports=[report],
        )
        for step in incident.steps.order_by("order"):
            incidents.step_complete(actor=DEMO_ACTOR, step=step, note="Đã thực hiện theo kịch bản.")
        answer = responses.draft_text(
            incident, list(Fact.objects.filter(statement=FACTS["dai_hoi_date"][0]))
        )
        draft = responses.response_create(actor=DEMO_ACTOR, incident=incident, text=answer)
        responses.response_submit(actor=DEMO_ACTOR, response=draft)
        responses.response_approve(actor=DEMO_ACTOR, response=draft)
        responses.response_publish(actor=DEMO_ACTOR, response=draft)
        incidents.incident_resolve(
            actor=DEMO_ACTOR,
            incident=incident,
            summary="Thông tin chính thức đã đăng; nhóm Zalo gỡ bài sau 4 giờ.",
        )
        incidents.incident_close(
            actor=DEMO_ACTOR,
            incident=incident,
            lessons="Dữ kiện về Đại hội có sẵn trong thư viện giúp trả lời trong ngày; cần "
            "thêm quản trị viên các nhóm Zalo lớn vào danh bạ để báo gỡ nhanh hơn.",
        )
        self.counts["Incident"] += 1

    def open_incident(self, unit: OrgUnit) -> None:
        if Incident.objects.filter(title=OPEN).exists():
            return
        report = intake.report_create(
            actor=DEMO_ACTOR,
            unit=unit,
            source=ReportSource.OFFICER,
            text="Tài khoản Zalo lấy tên, ảnh Chủ tịch Công đoàn PV GAS nhắn đoàn viên nhờ chuyển "
            "gấp 20 triệu đồng.",
            received_at=self.now - dt.timedelta(minutes=50),
        )
        incident = incidents.incident_open(
            actor=DEMO_ACTOR,
            unit=unit,
            title=OPEN,
            claim="Chủ tịch công đoàn nhắn Zalo nhờ chuyển khoản gấp.",
            category=Category.IMPERSONATION,
            severity=Severity.HIGH,  # told to the industry union at once
            reports=[report],
        )
        first = incident.steps.order_by("order").first()
        if first is not None:
            incidents.step_complete(
                actor=DEMO_ACTOR, step=first, note="Đã chụp màn hình 3 tài khoản giả."
            )
        report.refresh_from_db()
        removal.removal_request(
            actor=DEMO_ACTOR,
            report=report,
            method=RemovalMethod.PLATFORM_REPORT,
            note="Đã báo xấu 3 tài khoản giả mạo với Zalo (mục Báo xấu → Giả mạo).",
        )
        self.counts["Incident"] += 1
