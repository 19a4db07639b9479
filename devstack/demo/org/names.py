"""Realistic, deterministic Vietnamese personal names for demo and benchmark data.

Family-name shares follow the commonly cited survey figures (Nguyễn ≈ 38 %,
Trần ≈ 11 %, Lê ≈ 9.5 %, …); Hoàng/Huỳnh and Vũ/Võ are the same name spelt the
northern and the southern way, so their share is split between the two. The
long tail (≈ 9 %) is spread over rarer names so that searches for a rare
family name find a handful of people, as they would in a real member list.
Middle and given names carry rough popularity weights, by gender: "Văn" and
"Thị" are by far the most common middle names of the working generation.
"""

import random
from bisect import bisect
from itertools import accumulate

from lantoa.core.text import normalize_nfc

Weighted = tuple[tuple[str, float], ...]

FAMILY_NAMES: Weighted = (
    ("Nguyễn", 38.4), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 2.9),
    ("Huỳnh", 2.2), ("Phan", 4.5), ("Vũ", 2.0), ("Võ", 1.9), ("Đặng", 2.1),
    ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0),
    ("Lý", 0.5), ("Đào", 0.8), ("Đoàn", 0.8), ("Trịnh", 0.7), ("Trương", 0.7),
    ("Đinh", 0.7), ("Lâm", 0.5), ("Mai", 0.5), ("Hà", 0.5), ("Lương", 0.4),
    ("Cao", 0.4), ("Tạ", 0.3), ("Phùng", 0.3), ("Tô", 0.3), ("Châu", 0.2),
    ("Lưu", 0.2), ("Thái", 0.2), ("Văn", 0.2), ("Quách", 0.1), ("Kiều", 0.1),
    ("Triệu", 0.1), ("Vương", 0.1), ("La", 0.1), ("Khổng", 0.05), ("Lục", 0.05),
    ("Ông", 0.04), ("Tăng", 0.04), ("Từ", 0.04), ("Nghiêm", 0.04), ("Mạc", 0.03),
    ("Diệp", 0.03), ("Thân", 0.03), ("Giang", 0.03), ("Hứa", 0.03), ("Bạch", 0.02),
)  # fmt: skip

MIDDLE_MALE: Weighted = (
    ("Văn", 40), ("Đức", 8), ("Minh", 8), ("Hữu", 6), ("Quốc", 5), ("Thanh", 5),
    ("Công", 4), ("Xuân", 3), ("Trọng", 3), ("Quang", 3), ("Ngọc", 3), ("Đình", 3),
    ("Hoàng", 3), ("Thế", 2), ("Anh", 2), ("Mạnh", 2), ("Tuấn", 2), ("Việt", 2),
    ("Duy", 2), ("Tiến", 2), ("Bá", 1), ("Hồng", 1), ("Khắc", 1), ("Chí", 1),
    ("Trung", 1), ("Kim", 1), ("Nhật", 1), ("Gia", 1),
)  # fmt: skip

MIDDLE_FEMALE: Weighted = (
    ("Thị", 48), ("Ngọc", 7), ("Thanh", 6), ("Thu", 5), ("Hồng", 4), ("Minh", 3),
    ("Phương", 3), ("Kim", 3), ("Thùy", 3), ("Mai", 2), ("Bích", 2), ("Diệu", 2),
    ("Thúy", 2), ("Hải", 2), ("Khánh", 2), ("Quỳnh", 2), ("Hoài", 1), ("Lan", 1),
    ("Bảo", 1), ("Tuyết", 1),
)  # fmt: skip

# A second middle name after the first ("Nguyễn Thị Thu Hà"), mostly for women.
SECOND_MIDDLE: Weighted = (
    ("Thanh", 5), ("Thu", 4), ("Ngọc", 4), ("Hồng", 3), ("Minh", 3), ("Kim", 2),
    ("Phương", 2), ("Bích", 2), ("Thùy", 2), ("Hoàng", 2), ("Quang", 1), ("Anh", 1),
)  # fmt: skip

GIVEN_MALE: Weighted = (
    ("Anh", 6), ("Hùng", 5), ("Dũng", 5), ("Tuấn", 5), ("Hải", 4), ("Minh", 4),
    ("Nam", 4), ("Long", 4), ("Sơn", 4), ("Thắng", 3), ("Hưng", 3), ("Cường", 3),
    ("Quang", 3), ("Thành", 3), ("Trung", 3), ("Đức", 3), ("Huy", 3), ("Tùng", 3),
    ("Hiếu", 2), ("Hoàng", 2), ("Phong", 2), ("Bình", 2), ("Khánh", 2), ("Vinh", 2),
    ("Tâm", 2), ("Tiến", 2), ("Toàn", 2), ("Việt", 2), ("Quân", 2), ("Đạt", 2),
    ("Duy", 2), ("Hòa", 2), ("Lâm", 1), ("Lộc", 1), ("Phúc", 1), ("Thịnh", 1),
    ("Trí", 1), ("Trường", 1), ("Tú", 1), ("Khoa", 1), ("Kiên", 1), ("Mạnh", 1),
    ("Nghĩa", 1), ("Nhân", 1), ("Phát", 1), ("Quý", 1), ("Tài", 1), ("Thái", 1),
    ("Thiện", 1), ("Thông", 1), ("Chiến", 1), ("Công", 1), ("Bảo", 1), ("Giang", 1),
    ("Hậu", 1), ("An", 1), ("Định", 0.5), ("Hiển", 0.5), ("Khải", 0.5), ("Khôi", 0.5),
    ("Luân", 0.5), ("Lợi", 0.5), ("Thọ", 0.5), ("Vũ", 0.5), ("Sang", 0.5),
    ("Hào", 0.3), ("Khang", 0.3), ("Nguyên", 0.3), ("Đông", 0.3), ("Triều", 0.2),
    ("Kỳ", 0.1), ("Lực", 0.1), ("Thuận", 0.3), ("Tín", 0.2), ("Hạnh", 0.1),
)  # fmt: skip

GIVEN_FEMALE: Weighted = (
    ("Hương", 6), ("Lan", 5), ("Hà", 5), ("Linh", 5), ("Trang", 5), ("Thảo", 4),
    ("Hằng", 4), ("Huyền", 4), ("Ngọc", 3), ("Phương", 3), ("Hạnh", 3), ("Thủy", 3),
    ("Nga", 3), ("Mai", 3), ("Anh", 3), ("Hoa", 3), ("Dung", 3), ("Yến", 3),
    ("Loan", 2), ("Hiền", 2), ("Nhung", 2), ("Vân", 2), ("Oanh", 2), ("Thúy", 2),
    ("Liên", 2), ("Hồng", 2), ("Quỳnh", 2), ("Giang", 2), ("Ngân", 2), ("Chi", 2),
    ("Tâm", 1), ("Uyên", 1), ("Trâm", 1), ("Vy", 1), ("My", 1), ("Ly", 1),
    ("Diệp", 0.5), ("Duyên", 1), ("Hường", 1), ("Huệ", 1), ("Như", 1), ("Quyên", 1),
    ("Thu", 1), ("Tuyết", 1), ("Xuân", 1), ("Ánh", 1), ("Bích", 1), ("Diệu", 0.5),
    ("Hoài", 0.5), ("Thơm", 0.2), ("Hậu", 0.3), ("Nguyệt", 0.5), ("Thoa", 0.5),
    ("Thắm", 0.3), ("Lụa", 0.1), ("Nhàn", 0.5), ("Nương", 0.1), ("Khuê", 0.1),
)  # fmt: skip


class _Table:
    """Weighted choice with precomputed cumulative weights (fast for millions)."""

    def __init__(self, items: Weighted) -> None:
        self.values = [normalize_nfc(value) for value, _ in items]
        self.cumulative = list(accumulate(weight for _, weight in items))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> str:
        return self.values[bisect(self.cumulative, rng.random() * self.total)]


_FAMILY = _Table(FAMILY_NAMES)
_MIDDLE = {"male": _Table(MIDDLE_MALE), "female": _Table(MIDDLE_FEMALE)}
_GIVEN = {"male": _Table(GIVEN_MALE), "female": _Table(GIVEN_FEMALE)}
_SECOND = _Table(SECOND_MIDDLE)
# Chance of a second middle name, and of none at all, by gender.
_TWO_MIDDLE = {"male": 0.06, "female": 0.30}
_NO_MIDDLE = {"male": 0.03, "female": 0.03}


def full_name(rng: random.Random, gender: str) -> str:
    """One full name, family name first ("Nguyễn Thị Thu Hà"), for "male" or "female"."""
    family = _FAMILY.pick(rng)
    given = _GIVEN[gender].pick(rng)
    parts = [family]
    roll = rng.random()
    if roll >= _NO_MIDDLE[gender]:
        middle = _MIDDLE[gender].pick(rng)
        if middle != given:
            parts.append(middle)
        if roll < _NO_MIDDLE[gender] + _TWO_MIDDLE[gender]:
            second = _SECOND.pick(rng)
            if second not in (middle, given):
                parts.append(second)
    parts.append(given)
    return " ".join(parts)


def family_name_share(name: str) -> float:
    """The share (0–1) of people who carry family name `name`."""
    weights = dict(FAMILY_NAMES)
    return weights.get(normalize_nfc(name), 0.0) / sum(weights.values())
