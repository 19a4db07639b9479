"""Reading member lists: header spellings, encodings, delimiters, file types."""

import codecs
import datetime as dt
import unicodedata
import zipfile

import pytest
from openpyxl import Workbook

from lantoa.org.importing.columns import (
    EXPORT_HEADERS,
    ImportFileError,
    header_key,
    map_header,
    parse_mapping,
)
from lantoa.org.importing.readers import (
    BROKEN_XLSX,
    NOT_A_TABLE,
    OLD_XLS,
    UNKNOWN_ENCODING,
    open_table,
    sniff,
)
from lantoa.org.importing.xlsx import Formula
from lantoa.org.tests.import_files import write_csv, write_xlsx


def _rows(path):
    with open_table(path) as table:
        return list(table.rows)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Họ và tên", "full_name"), ("HỌ VÀ TÊN (*)", "full_name"), ("Họ tên", "full_name"),
        ("ho ten", "full_name"), ("Full name", "full_name"),
        ("Giới tính", "gender"), ("GIOI TINH", "gender"), ("Gender", "gender"),
        ("Ngày sinh", "date_of_birth"), ("Ngày sinh (dd/mm/yyyy)", "date_of_birth"),
        ("Date of birth", "date_of_birth"),
        ("Mã nhân viên", "employee_code"), ("Mã NV", "employee_code"),
        ("Mã đoàn viên", "employee_code"), ("Employee code", "employee_code"),
        ("Số điện thoại", "phone"), ("Điện thoại", "phone"), ("SĐT", "phone"),
        ("Phone", "phone"),
        ("Email", "email"), ("E-mail", "email"),
        ("Mã đơn vị", "unit_code"), ("Đơn vị", "unit_code"), ("Unit code", "unit_code"),
        ("Ngày vào công đoàn", "join_date"), ("Ngày kết nạp", "join_date"),
        ("Join date", "join_date"),
        ("Trạng thái", "status"), ("Status", "status"),
    ],
)  # fmt: skip
def test_recognises_header(header, field):
    assert map_header([header, "Ghi chú"], 1).columns == {field: 0}


def test_every_export_header_is_recognised():
    columns = map_header(list(EXPORT_HEADERS.values()), 1)

    assert columns.columns == {name: i for i, name in enumerate(EXPORT_HEADERS)}
    assert columns.ignored == []


def test_header_key_folds_marks_case_and_punctuation():
    assert header_key(" Mã  NV: ") == "ma nv"
    assert header_key("SỐ ĐIỆN THOẠI [di động]") == "so dien thoai"


def test_parse_mapping_accepts_field_names_and_known_headers():
    assert parse_mapping(["Cột X=full_name", "Số hiệu = Mã nhân viên", "Ghi chú=", "Tổ=-"]) == {
        "Cột X": "full_name",
        "Số hiệu": "employee_code",
        "Ghi chú": "",
        "Tổ": "",
    }


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("khong co dau bang", "Ánh xạ cột không hợp lệ: «khong co dau bang» "
         "(cần dạng «Tên cột=tên trường»)."),
        ("Cột X=que_quan", "Không có trường «que_quan»; các trường là: full_name, gender, "
         "date_of_birth, employee_code, phone, email, unit_code, join_date, status, "
         "family_name, given_name."),
    ],
)  # fmt: skip
def test_parse_mapping_refuses_bad_items(item, message):
    with pytest.raises(ImportFileError) as excinfo:
        parse_mapping([item])
    assert excinfo.value.message == message


ROWS = [["Nguyễn Thị Ánh", "NV1"], ["Đỗ Văn Ưng", "NV2"]]
HEADER = ["Họ và tên", "Mã NV"]


@pytest.mark.parametrize(
    ("encoding", "read_as"),
    # utf-8-sig reads UTF-8 with or without the BOM Excel adds.
    [("utf-8", "utf-8-sig"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16")],
)
def test_reads_csv_in_unicode_encodings(tmp_path, encoding, read_as):
    path = write_csv(tmp_path / "ds.csv", ROWS, header=HEADER, encoding=encoding)

    assert sniff(path) == ("csv", read_as)
    assert _rows(path) == [(1, HEADER), (2, ROWS[0]), (3, ROWS[1])]


_VOWEL_MARKS = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn: part of the letter


def _to_cp1258(text):
    """Windows-1258 has â, ă, ơ… precomposed but writes tones as combining marks."""
    out = []
    for char in text:
        base, *marks = unicodedata.normalize("NFD", char)
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _VOWEL_MARKS))
        out.append(letter + "".join(m for m in marks if m not in _VOWEL_MARKS))
    return "".join(out).encode("cp1258")


def test_reads_vietnamese_windows_1258_csv_into_nfc(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_bytes(_to_cp1258("Họ và tên,Mã NV\nNguyễn Thị Ánh,NV1\nĐỗ Văn Ưng,NV2\n"))

    assert sniff(path) == ("csv", "cp1258")
    assert _rows(path) == [(1, HEADER), (2, ROWS[0]), (3, ROWS[1])]


def test_reads_western_csv_as_cp1252(tmp_path):
    header = ["Full name", "Employee code"]
    path = write_csv(
        tmp_path / "ds.csv", [["José Müller", "NV1"]], header=header, encoding="cp1252"
    )

    assert sniff(path) == ("csv", "cp1252")
    assert _rows(path)[1] == (2, ["José Müller", "NV1"])


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_guesses_the_delimiter(tmp_path, delimiter):
    path = write_csv(tmp_path / "ds.csv", ROWS, header=HEADER, delimiter=delimiter)

    assert _rows(path)[0] == (1, HEADER)


def test_reads_xlsx_values_with_their_types(tmp_path):
    path = write_xlsx(
        tmp_path / "ds.xlsx",
        [["An", 12345, 12.5, dt.date(1990, 1, 2), True, None, "=1+1"]],
        header=HEADER,
    )

    rows = _rows(path)

    assert rows[0] == (1, HEADER)
    number, values = rows[1]
    assert number == 2
    # A formula without a cached value (never opened in Excel) reads as empty.
    assert values == ["An", 12345, 12.5, dt.datetime(1990, 1, 2), True, None, "1+1"]  # noqa: DTZ001
    # A formula is marked as one, so that validation can say so.
    assert isinstance(values[6], Formula)


def test_reads_shared_strings_rich_text_and_sparse_rows(tmp_path):
    path = tmp_path / "ds.xlsx"
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:C5"/><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>'
        '<row r="5"><c r="A5" t="s"><v>2</v></c><c r="C5" t="inlineStr"><is><t>NV_x0031_</t>'
        "</is></c></row></sheetData></worksheet>"
    )
    strings = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>Họ và tên</t></si><si><t>Mã NV</t></si>"
        "<si><r><t>Trần </t></r><r><t>Bình</t></r><rPh><t>フリガナ</t></rPh></si></sst>"
    )
    _minimal_xlsx(path, sheet, strings)

    with open_table(path) as table:
        assert table.total_rows == 5
        assert list(table.rows) == [
            (1, ["Họ và tên", None, "Mã NV"]),
            (5, ["Trần Bình", None, "NV1"]),
        ]


def _minimal_xlsx(path, sheet_xml, strings_xml):
    ns = "http://schemas.openxmlformats.org"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{ns}/spreadsheetml/2006/main" '
            f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets>'
            '<sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{ns}/officeDocument/2006/relationships/'
            'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        archive.writestr("xl/sharedStrings.xml", strings_xml)


def test_refuses_a_sheet_with_a_dtd(tmp_path):
    path = tmp_path / "ds.xlsx"
    sheet = (
        '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c t="inlineStr"><is><t>&lol;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    _minimal_xlsx(path, sheet, '<sst xmlns="http://schemas.openxmlformats.org/'
                  'spreadsheetml/2006/main"/>')  # fmt: skip

    with pytest.raises(ImportFileError) as excinfo:
        _rows(path)
    assert excinfo.value.message == BROKEN_XLSX


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", NOT_A_TABLE),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, OLD_XLS),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\x00stream", NOT_A_TABLE),
        (b"\x81\x8d\x8f\x90\x9d", UNKNOWN_ENCODING),
    ],
)
def test_refuses_files_that_are_not_tables(tmp_path, content, message):
    path = tmp_path / "ds.csv"
    path.write_bytes(content)

    with pytest.raises(ImportFileError) as excinfo:
        sniff(path)
    assert excinfo.value.message == message


def test_refuses_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "ds.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")

    with pytest.raises(ImportFileError) as excinfo:
        sniff(path)
    assert excinfo.value.message == NOT_A_TABLE


def test_refuses_a_truncated_workbook(tmp_path):
    good = tmp_path / "good.xlsx"
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.save(good)
    data = good.read_bytes()
    broken = tmp_path / "ds.xlsx"
    broken.write_bytes(data[: len(data) // 2] + codecs.BOM_UTF8)

    with pytest.raises(ImportFileError):
        _rows(broken)


def test_reports_a_csv_row_with_a_gigantic_cell(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text("Họ và tên,Mã NV\n" + "x" * 200_000 + ",NV1\nAn,NV2\n", encoding="utf-8")

    rows = _rows(path)

    assert rows[0] == (1, HEADER)
    assert rows[1] == (2, None)
    assert rows[2] == (3, ["An", "NV2"])


def test_a_workbook_structure_with_entities_is_refused_not_expanded(tmp_path):
    """openpyxl parses the workbook's structure through defusedxml (a declared
    dependency): an entity declaration there means a hostile file."""
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML
    good = write_xlsx(tmp_path / "good.xlsx", [["Nguyễn Văn An"]])
    hostile = tmp_path / "hostile.xlsx"
    dtd = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(hostile, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                text = data.decode().split("?>", 1)[-1]
                data = (dtd + text.replace("<sheet ", '<sheet x="&b;" ', 1)).encode()
            target.writestr(item, data)
    with pytest.raises(ImportFileError) as refused, open_table(hostile) as table:
        list(table.rows)
    assert refused.value.message == BROKEN_XLSX
