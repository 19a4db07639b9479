import pytest
from hypothesis import given
from hypothesis import strategies as st

from lantoa.core.phones import InvalidPhone, normalize_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912 345 678", "+84912345678"),
        ("0912.345.678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("84912345678", "+84912345678"),
        ("0084912345678", "+84912345678"),
        ("912345678", "+84912345678"),  # Excel dropped the zero
        ("01662345678", "+84362345678"),  # old Viettel prefix 0166 → 036
        ("01232345678", "+84832345678"),  # old VinaPhone prefix 0123 → 083
        ("024 3826 4141", "+842438264141"),  # Hà Nội landline
        ("", ""),
    ],
)
def test_normalises_to_e164(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "abc", "0912", "+84 000 000 000", "099999999999999"])
def test_rejects_with_vietnamese_message(raw):
    with pytest.raises(InvalidPhone, match="Số điện thoại không hợp lệ"):
        normalize_phone(raw)


@given(st.text(max_size=40))
def test_never_crashes_with_anything_but_invalid_phone(text):
    try:
        result = normalize_phone(text)
    except InvalidPhone:
        return
    assert result == "" or result.startswith("+")
