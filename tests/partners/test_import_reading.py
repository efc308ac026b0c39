"""Reading an uploaded file: limits first, then format, encoding, delimiter and header row."""

import io

import pytest
from openpyxl import Workbook

from oeplanner.spreadsheets import FileRefused, SpreadsheetFile
from partners.importing import source

from .importing import data_file


def inspect(content, name="partners.csv"):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return source.inspect_file(content, name)


def refused(content, name="partners.csv"):
    with pytest.raises(FileRefused) as error:
        inspect(content, name)
    return str(error.value)


def xlsx(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_it_refuses_an_empty_file():
    assert refused(b"") == "The file is empty."
    assert refused(b"\n \n") == "The file is empty."


def test_it_refuses_a_header_without_rows():
    assert refused("Name,City,Website\n") == "The file has a header row but no rows of data."


def test_it_refuses_binary_garbage_named_csv():
    garbage = bytes(range(256)) * 40
    assert refused(garbage) == "This file is not a CSV or XLSX file: it contains binary data."
    assert refused(b"\x89PNG\r\n\x1a\n" + bytes([7, 1, 2, 3, 200, 14, 15, 16]) * 300) == (
        "This file is not a CSV or XLSX file: it contains binary data."
    )


def test_it_refuses_an_old_excel_file_and_a_broken_workbook():
    assert "Old Excel files (.xls)" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "list.xls")
    assert "not an Excel workbook" in refused("Name\nA museum\n", "list.xlsx")
    with pytest.raises(FileRefused, match="could not be read"):
        list(SpreadsheetFile(b"PK\x03\x04 broken zip", "list.xlsx").rows())


def test_the_size_limit_is_checked_before_reading(settings):
    settings.IMPORT_MAX_FILE_MB = 1
    message = refused(b"Name\n" + b"A museum\n" * 200_000)
    assert message == "The file is 1.7 MB; files up to 1 MB can be imported. Split it into smaller files."


def test_the_row_limit_is_checked_before_parsing(settings, monkeypatch):
    settings.IMPORT_MAX_ROWS = 100

    def parse_nothing(self):
        raise AssertionError("the rows were parsed")

    monkeypatch.setattr(SpreadsheetFile, "rows", parse_nothing)
    message = refused("Name\n" + "A museum\n" * 150)
    assert message == (
        "The file has more than 100 rows; at most 100 can be imported at once. Split it into smaller files."
    )


def test_it_reads_windows_1252_with_accents_and_semicolons():
    info = inspect(data_file("partners-windows-1252.csv"))
    assert (info["encoding"], info["delimiter"], info["has_header"]) == ("cp1252", ";", True)
    assert info["first_rows"][1][0] == "Musée Gadagne"
    assert info["first_rows"][2][0] == "Musée des Beaux-Arts"
    assert info["row_count"] == 3


def test_it_reads_utf8_with_a_byte_order_mark_and_tabs():
    info = inspect("\ufeffName\tCity\nMusée Gadagne\tLyon\n".encode())
    assert (info["encoding"], info["delimiter"]) == ("utf-8-sig", "\t")
    assert info["first_rows"] == [["Name", "City"], ["Musée Gadagne", "Lyon"]]


def test_it_falls_back_to_latin_1_for_bytes_windows_1252_does_not_define():
    info = inspect(b"Name,City\nMus\xe9e \x81,Lyon\n")
    assert info["encoding"] == "latin-1"


def test_a_file_without_header_is_recognized():
    info = inspect(data_file("world-universities-sample.csv"))
    assert info["has_header"] is False
    assert info["column_count"] == 3
    assert info["row_count"] == 367
    assert info["first_rows"][0] == ["AD", "University of Andorra", "http://www.uda.ad/"]


def test_doubled_quotes_inside_names_are_read_as_one_quote():
    rows = list(SpreadsheetFile(data_file("world-universities-sample.csv"), "u.csv").rows())
    names = [cells[1] for _line, cells in rows]
    assert 'University of Elbasan "Aleksander Xhuvani"' in names


def test_it_reads_the_first_sheet_of_a_workbook():
    info = inspect(
        xlsx([["Name", "City", "Capacity"], ["Musée Gadagne", "Lyon", 3], [None, None, None]]), "partners.xlsx"
    )
    assert info["file_format"] == "xlsx"
    assert info["first_rows"] == [["Name", "City", "Capacity"], ["Musée Gadagne", "Lyon", "3"]]
    assert info["row_count"] == 1


def test_line_numbers_count_the_lines_of_the_file():
    content = 'Name,Description\n"Musée Gadagne","Two\nlines"\n\nMusée des Beaux-Arts,One\n'
    rows = list(SpreadsheetFile(content.encode(), "p.csv").rows())
    assert [line for line, _cells in rows] == [1, 2, 5]
