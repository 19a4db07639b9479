"""Arbitrary cell contents never crash the importer: every row is either
imported or reported, and only an unreadable file raises (ImportFileError)."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from lantoa.core.actors import SYSTEM
from lantoa.org.importing.columns import ImportFileError, map_header
from lantoa.org.importing.processing import member_import_file
from lantoa.org.importing.validation import RowCleaner
from lantoa.org.tests.import_files import HEADER, write_csv, write_xlsx

CONTROL = st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=20)
TEXT = st.one_of(
    st.text(max_size=40),
    CONTROL,
    st.text(min_size=300, max_size=3000),  # far past every column's limit
    st.sampled_from(
        ["Nam", "nữ", "Đang sinh hoạt", "31/02/2000", "2000-13-01", "0912345678", "KVT",
         "_x0000_NV", "=1+1", "#N/A", "  ", "a@b.vn", "\u200bNV1\ufeff", "１２３"]
    ),
)  # fmt: skip
CELL = st.one_of(
    st.none(),
    TEXT,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1)),  # noqa: DTZ001 — Excel cells are naive
    st.times(),
)
ROW = st.lists(CELL, min_size=0, max_size=len(HEADER) + 2)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@settings(max_examples=300, deadline=None)
@given(row=ROW)
def test_row_cleaner_never_raises(row):
    cleaner = RowCleaner(map_header(HEADER, 1), today=dt.date(2026, 1, 1))

    member, errors = cleaner.clean(2, row)

    assert (member is None) == bool(errors)
    assert all(e.row == 2 and e.message for e in errors)


def _check(result, rows_written):
    accounted = result.created + result.updated + result.unchanged + result.invalid_rows
    assert accounted == result.rows <= rows_written
    assert {e.row for e in result.errors} <= set(range(2, rows_written + 2))


@pytest.mark.slow
@FUZZ
@given(rows=st.lists(ROW, max_size=6))
def test_xlsx_import_never_crashes(tree, tmp_path_factory, rows):
    def writable(value):
        return ILLEGAL_CHARACTERS_RE.sub("?", value) if isinstance(value, str) else value

    path = tmp_path_factory.mktemp("fuzz") / "ds.xlsx"
    write_xlsx(path, [[writable(v) for v in row] for row in rows])

    result = member_import_file(path=path, actor=SYSTEM, default_unit=tree.unit, skip_invalid=True)

    _check(result, len(rows))


@pytest.mark.slow
@FUZZ
@given(rows=st.lists(st.lists(TEXT, max_size=len(HEADER) + 2), max_size=6))
def test_csv_import_never_crashes(tree, tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("fuzz") / "ds.csv"
    write_csv(path, rows)

    try:
        result = member_import_file(
            path=path, actor=SYSTEM, default_unit=tree.unit, skip_invalid=True
        )
    except ImportFileError:
        return  # e.g. a NUL character: the file is not a text table at all
    _check(result, len(rows))
