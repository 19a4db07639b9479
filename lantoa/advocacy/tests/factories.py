"""Advocacy rows built through the services (as officers and members do)."""

from lantoa.advocacy import services
from lantoa.advocacy.models import Ambassador, ShareKit
from lantoa.core.actors import SYSTEM
from lantoa.org.tests.factories import MemberFactory, UserFactory

DEFAULT_TEXTS = {
    "facebook": "Công nhân Khí Vũng Tàu hoàn thành bảo dưỡng sớm 5 ngày, an toàn tuyệt đối.",
    "zalo": "Tin vui từ Khí Vũng Tàu: bảo dưỡng xong sớm 5 ngày!",
    "telegram": "Bảo dưỡng tổng thể hoàn thành sớm 5 ngày.",
    "copy": "Đọc tin: bảo dưỡng tổng thể hoàn thành sớm.",
}


def kit_published(unit, *, title="Bảo dưỡng tổng thể hoàn thành sớm 5 ngày", texts=None, **fields):
    kit = services.kit_save(
        actor=SYSTEM,
        kit=ShareKit(
            unit=unit,
            title=title,
            url=fields.pop("url", "https://pvgas.congdoan.vn/tin/bao-duong-som/"),
            hashtags=fields.pop("hashtags", ["CongDoanDauKhi", "AnToan"]),
            **fields,
        ),
        texts=texts or DEFAULT_TEXTS,
    )
    return services.kit_publish(actor=SYSTEM, kit=kit)


def ambassador(unit, *, name="Nguyễn Thị Lan", **fields) -> Ambassador:
    user = UserFactory()
    member = MemberFactory(unit=unit, full_name=name, user=user)
    return services.ambassador_join(actor=user, member=member, **fields)
