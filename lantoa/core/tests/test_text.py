from hypothesis import given
from hypothesis import strategies as st

from lantoa.core.text import fold_diacritics, matches, search_key, vietnamese_slugify


def test_folds_every_vietnamese_mark_and_d():
    assert fold_diacritics("Đại hội Công đoàn Dầu khí") == "Dai hoi Cong doan Dau khi"
    assert fold_diacritics("Nguyễn Thị Hường, Trần Đức Thắng") == "Nguyen Thi Huong, Tran Duc Thang"
    assert fold_diacritics("ỲỴỶỸýỳỵỷỹ") == "YYYYyyyyy"


def test_folding_works_on_decomposed_input():
    decomposed = "Nguye\u0302\u0303n"  # "Nguyễn" typed with combining marks
    assert fold_diacritics(decomposed) == "Nguyen"


def test_search_key_lowercases_and_collapses_spaces():
    assert search_key("  NGUYỄN   Văn  An ") == "nguyen van an"


def test_slugify_matches_the_union_style():
    assert vietnamese_slugify("Công đoàn Dầu khí") == "cong-doan-dau-khi"
    assert vietnamese_slugify("Tháng Công nhân 2024 — “An toàn”!") == "thang-cong-nhan-2024-an-toan"
    assert vietnamese_slugify("PV GAS") == "pv-gas"


def test_slugify_respects_max_length_on_a_word_boundary():
    slug = vietnamese_slugify("Công đoàn cơ sở Tổng công ty Khí Việt Nam chi nhánh Vũng Tàu", 30)
    assert slug == "cong-doan-co-so-tong-cong-ty"


def test_matching_ignores_marks_case_and_word_order():
    assert matches("dai hoi", "Đại hội Công đoàn Dầu khí Việt Nam lần thứ VII")
    assert matches("cong doan DAU", "Công đoàn Dầu khí")
    assert matches("van nguyen", "Nguyễn Văn An")
    assert not matches("dai hoi", "Hội nghị cán bộ")


@given(st.text())
def test_slug_is_always_ascii_lowercase_and_hyphenated(text):
    slug = vietnamese_slugify(text)
    assert slug == slug.lower()
    assert all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in slug)
    assert not slug.startswith("-")
    assert not slug.endswith("-")


def test_vietnamese_dictionary_order():
    from lantoa.core.text import vietnamese_sort_key

    names = ["Đặng Văn Bình", "Dương Thị Lan", "Ân Văn Tài", "An Thị Hoa", "Anh Văn Tú", "Ăn"]
    # a < ă < â, d < đ; a space first, so "An" < "Anh".
    assert sorted(names, key=vietnamese_sort_key) == [
        "An Thị Hoa",
        "Anh Văn Tú",
        "Ăn",
        "Ân Văn Tài",
        "Dương Thị Lan",
        "Đặng Văn Bình",
    ]


def test_tones_break_ties_in_dictionary_order():
    from lantoa.core.text import vietnamese_sort_key

    # ngang, huyền, hỏi, ngã, sắc, nặng
    assert sorted(["Mạ", "Má", "Mã", "Mả", "Mà", "Ma"], key=vietnamese_sort_key) == [
        "Ma",
        "Mà",
        "Mả",
        "Mã",
        "Má",
        "Mạ",
    ]
