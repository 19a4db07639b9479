"""Demo members' opinions (DEBUG only, fixed seed): about 3,000 opinions over
the last 60 days from the grassroots and direct unions, on the topics members
talk about (wages, shift meals, safety, housing, overtime, the union's own
activities), mostly neutral or positive; and one real spike: in the last
18 hours the members of one grassroots union complain about the cut in the
shift-meal allowance, which the spike detector turns into an alert for its
officers.

Opinions go in through listening's intake (`opinions_ingest_many`, as a file
import would), are analysed by the same models the worker uses (here, at once,
so that the screens are alive when `make run` opens them) and the spike
detector runs once. Idempotent: opinions are found by their source key.
"""

import datetime as dt
import random
from collections import Counter

from django.conf import settings
from django.utils import timezone

from devstack.demo.org.loader import DemoRequiresDebug
from lantoa.core.exceptions import NotFound
from lantoa.listening.choices import OpinionSource
from lantoa.listening.models import Opinion
from lantoa.listening.services.alerts import spikes_detect
from lantoa.listening.services.analysis import opinions_analyse
from lantoa.listening.services.intake import opinions_ingest_many
from lantoa.org.choices import UnitKind
from lantoa.org.models import OrgUnit

SEED = "lantoa-demo-listening"
DAYS = 60
OPINIONS = 3000
SPIKE_OPINIONS = 70
KEY_PREFIX = "demo-listening"

TOPICS: dict[str, dict[str, list[str]]] = {
    "tiền lương": {
        "positive": [
            "Lương tháng này về đúng hạn, cảm ơn công đoàn đã đề xuất tăng phụ cấp độc hại",
            "Bảng lương mới rõ ràng, anh em ở {place} đều hiểu cách tính",
            "Thưởng quý được chia công bằng, mong duy trì",
        ],
        "neutral": [
            "Cho em hỏi phụ cấp ca đêm ở {place} tính theo giờ hay theo ca",
            "Khi nào công ty công bố quy chế lương năm {year}",
            "Đề nghị công đoàn giải thích cách tính lương làm thêm ngày lễ",
        ],
        "negative": [
            "Lương chậm ba ngày mà không ai thông báo, anh em {place} rất bức xúc",
            "Phụ cấp độc hại ở {place} vẫn giữ mức cũ từ mấy năm nay",
            "Tăng ca nhiều nhưng tiền làm thêm trả thiếu",
        ],
    },
    "bữa ăn ca": {
        "positive": [
            "Bếp ăn ca ở {place} dạo này ngon hơn hẳn, có thêm rau xanh",
            "Cảm ơn ban nữ công đã kiểm tra bếp ăn thường xuyên",
        ],
        "neutral": [
            "Đề nghị có thêm suất ăn chay vào ngày rằm ở {place}",
            "Bếp ăn ca có thể mở sớm hơn cho ca ba không",
        ],
        "negative": [
            "Suất ăn ca ở {place} ít thức ăn, anh em làm nặng không đủ no",
            "Cơm ca hôm nay nguội và thiếu món, mong công đoàn xem lại",
        ],
    },
    "an toàn lao động": {
        "positive": [
            "Buổi diễn tập phòng cháy ở {place} rất thực tế, ai cũng học được",
            "Đồ bảo hộ mới phát đúng cỡ, mặc thoải mái hơn",
        ],
        "neutral": [
            "Khi nào có đợt huấn luyện an toàn cho người mới vào {place}",
            "Đề nghị lắp thêm biển cảnh báo ở khu bồn chứa",
        ],
        "negative": [
            "Mũ bảo hộ ở {place} đã cũ nhưng chưa được thay",
            "Lối thoát hiểm khu xưởng {place} bị để hàng chắn lối",
        ],
    },
    "nhà ở, đi lại": {
        "positive": ["Xe đưa đón ca sáng đúng giờ, cảm ơn công đoàn đã kiến nghị"],
        "neutral": [
            "Công nhân xa nhà ở {place} có được hỗ trợ tiền thuê trọ không",
            "Đề nghị thêm tuyến xe đưa đón từ trung tâm ra {place}",
        ],
        "negative": ["Xe đưa đón ca chiều thường trễ, về đến nhà rất muộn"],
    },
    "hoạt động công đoàn": {
        "positive": [
            "Giải chạy trực tuyến năm nay vui quá, cả tổ {place} cùng tham gia",
            "Cảm ơn công đoàn đã thăm hỏi gia đình anh em ốm đau",
            "Chương trình Tết sum vầy hỗ trợ vé xe rất ý nghĩa",
            "Học bổng cho con đoàn viên giúp nhiều gia đình ở {place}",
        ],
        "neutral": [
            "Bao giờ có lịch Hội thao công nhân năm {year}",
            "Em muốn đăng ký tham gia câu lạc bộ bóng đá của {place}",
        ],
        "negative": ["Kết quả bình chọn lao động giỏi ở {place} chưa được công khai"],
    },
}
CLOSINGS = [
    "",
    " Mong được phản hồi sớm.",
    " Trân trọng cảm ơn.",
    " Anh em rất mong.",
    " Mong công đoàn quan tâm.",
    " Xin cảm ơn ban chấp hành.",
]
SPIKE_TEXTS = [
    "Tiền ăn ca ở {place} bị cắt từ {n} nghìn xuống còn 25 nghìn mà không ai họp bàn",
    "Sao tiền ăn ca lại giảm, ca {c} làm {h} tiếng chỉ được suất cơm 25 nghìn",
    "Anh em tổ {c} phản đối việc giảm tiền ăn ca, đề nghị công đoàn lên tiếng",
    "Cắt phụ cấp ăn ca là không hợp lý, giá cả tăng mà suất ăn lại giảm",
    "Không đồng ý giảm tiền ăn giữa ca, công đoàn {place} phải bảo vệ người lao động",
    "Tiền ăn ca giảm còn 25 nghìn thì ăn được gì, đề nghị giữ mức {n} nghìn như cũ",
]
PLACES = ["phân xưởng", "kho cảng", "nhà máy", "giàn khoan", "trạm nén khí", "văn phòng"]
SENTIMENT_WEIGHTS = (("positive", 0.35), ("neutral", 0.45), ("negative", 0.20))


class ListeningDemoLoader:
    def __init__(self, *, opinions: int = OPINIONS, spike: int = SPIKE_OPINIONS) -> None:
        self.opinions, self.spike_size = opinions, spike
        self.counts: Counter[str] = Counter()
        self.now = timezone.now()
        self.rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security

    def load(self) -> dict[str, int]:
        if not settings.DEBUG:
            raise DemoRequiresDebug()
        units = list(
            OrgUnit.objects.filter(
                is_active=True, kind__in=(UnitKind.GRASSROOTS_UNION, UnitKind.DIRECT_UNION)
            ).order_by("path")
        )
        if not units:
            raise NotFound("Chưa có cây đơn vị: chạy `manage.py load_demo` trước.")
        if Opinion.objects.filter(source_key__startswith=f"{KEY_PREFIX}-").exists():
            return {}
        grassroots = [u for u in units if u.kind == UnitKind.GRASSROOTS_UNION] or units
        spike_unit = grassroots[len(grassroots) // 3]
        rows = [self.opinion(n, self.rng.choice(units)) for n in range(self.opinions)]
        rows += [self.spike(n, spike_unit) for n in range(self.spike_size)]
        for start in range(0, len(rows), 1000):
            opinions_ingest_many(rows[start : start + 1000])
        ids = list(
            Opinion.objects.filter(source_key__startswith=f"{KEY_PREFIX}-")
            .order_by("received_at")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids), 500):
            opinions_analyse(opinion_ids=ids[start : start + 500])
        self.counts["ý kiến"] = len(ids)
        self.counts["cảnh báo"] = len(spikes_detect(now=self.now))
        return dict(self.counts)

    def place(self) -> str:
        return self.rng.choice(PLACES)

    def opinion(self, n: int, unit: OrgUnit) -> dict[str, object]:
        rng = self.rng
        topic = rng.choice(list(TOPICS))
        sentiment = rng.choices(
            [s for s, _ in SENTIMENT_WEIGHTS], weights=[w for _, w in SENTIMENT_WEIGHTS]
        )[0]
        text = rng.choice(TOPICS[topic][sentiment]).format(
            place=self.place(), year=self.now.year
        ) + rng.choice(CLOSINGS)
        # Spread over the 60 days before the last one (the spike's window stays its own).
        received = self.now - dt.timedelta(days=1 + rng.random() * (DAYS - 1))
        return self.row(n, unit, text, received)

    def spike(self, n: int, unit: OrgUnit) -> dict[str, object]:
        rng = self.rng
        text = rng.choice(SPIKE_TEXTS).format(
            place=self.place(),
            n=rng.choice((35, 40, 45)),
            c=rng.randint(1, 4),
            h=rng.choice((8, 12)),
        ) + rng.choice(CLOSINGS)
        received = self.now - dt.timedelta(hours=rng.random() * 18)
        return self.row(self.opinions + n, unit, text, received)

    def row(self, n: int, unit: OrgUnit, text: str, received: dt.datetime) -> dict[str, object]:
        source = self.rng.choice(
            (OpinionSource.CHANNEL_COMMENT, OpinionSource.CHANNEL_COMMENT, OpinionSource.SURVEY,
             OpinionSource.WEBSITE_FEEDBACK, OpinionSource.IMPORT)
        )  # fmt: skip
        return {
            "unit": unit,
            "source": source,
            "source_key": f"{KEY_PREFIX}-{n:05d}",
            "text": text,
            "received_at": received,
            "author_ref": f"demo-{self.rng.randrange(6000):04d}",
        }
