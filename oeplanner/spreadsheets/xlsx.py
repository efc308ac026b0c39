"""The first sheet of an XLSX workbook as a stream of rows, in memory bounded by the limits whatever the file.

Nothing the file says about itself is trusted: the zip entries' declared sizes are checked before reading and the
bytes actually unpacked are counted as they are read; the sheet's ``<dimension>`` is ignored; each cell's text is
counted while it is parsed, so a 300 MB cell is refused after its first characters. XML that declares a document
type (the way to entity expansion attacks) is refused outright. openpyxl holds a whole cell, and the whole table of
shared strings, before any check could be made: only its tables of number formats are used here.
"""

import posixpath
import zipfile
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

CHUNK = 64 * 1024
MAX_EXCEL_COLUMN = 16384
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class WorkbookError(Exception):
    """The workbook cannot be read; subclasses say why."""


class Unreadable(WorkbookError):
    def __init__(self, part="", line=None):
        super().__init__(part, line)
        self.part, self.line = part, line


class DeclaresEntities(WorkbookError):
    pass


class TooLarge(WorkbookError):
    pass


class CellTooLong(WorkbookError):
    def __init__(self, row, column):
        super().__init__(row, column)
        self.row, self.column = row, column


class TooManyColumns(WorkbookError):
    def __init__(self, row, columns):
        super().__init__(row, columns)
        self.row, self.columns = row, columns


class _TooLongText:
    """Stands for a shared string over the cell limit: refused only if the sheet uses it."""


TOO_LONG = _TooLongText()


class _Budget:
    """The bytes left to unpack, for the whole workbook."""

    def __init__(self, max_bytes):
        self.left = max_bytes


def _local(name):
    return name.rpartition(" ")[2]


def _refuse_declarations(*_args):
    raise DeclaresEntities()


def _parse(book, part, budget, start=None, end=None, text=None):
    """Feed one part of the zip to expat a chunk at a time; yields after each chunk so that a caller can hand out
    the rows finished so far."""
    try:
        info = book.getinfo(part)
    except KeyError:
        raise Unreadable(part) from None
    if info.file_size > budget.left:
        raise TooLarge()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse_declarations
    parser.EntityDeclHandler = _refuse_declarations
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    try:
        with book.open(info) as stream:
            while chunk := stream.read(CHUNK):
                budget.left -= len(chunk)
                if budget.left < 0:
                    raise TooLarge()
                parser.Parse(chunk, False)
                yield
            parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise Unreadable(part, error.lineno) from None
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
        # A bad CRC, a truncated entry, an unsupported compression, an encrypted entry.
        raise Unreadable(part) from None
    yield


def _read(book, part, budget, **handlers):
    for _ in _parse(book, part, budget, **handlers):
        pass


def _relationships(book, part, budget):
    """{id: (type, part)} of a part's relationships, targets resolved to names in the zip."""
    folder, name = posixpath.split(part)
    rels_part = posixpath.join(folder, "_rels", name + ".rels")
    found = {}

    def start(tag, attrs):
        if _local(tag) == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found[attrs.get("Id")] = (attrs.get("Type", "").rpartition("/")[2], posixpath.normpath(target))

    if rels_part in book.NameToInfo:
        _read(book, rels_part, budget, start=start)
    return found


def _workbook(book, budget):
    """(first sheet's part, shared strings' part or None, styles' part or None, epoch)."""
    main = next(
        (target for kind, target in _relationships(book, "", budget).values() if kind == "officeDocument"), None
    )
    main = main or "xl/workbook.xml"
    sheets, epoch = [], CALENDAR_WINDOWS_1900

    def start(tag, attrs):
        nonlocal epoch
        name = _local(tag)
        if name == "sheet":
            sheets.append(attrs.get(f"{RELATIONSHIPS} id"))
        elif name == "workbookPr" and attrs.get("date1904") in ("1", "true"):
            epoch = CALENDAR_MAC_1904

    _read(book, main, budget, start=start)
    relationships = _relationships(book, main, budget)
    by_kind = {kind: target for kind, target in relationships.values()}
    if not sheets or sheets[0] not in relationships:
        raise Unreadable(main)
    return relationships[sheets[0]][1], by_kind.get("sharedStrings"), by_kind.get("styles"), epoch


def _date_styles(book, part, budget):
    """({style index of a date}, {style index of a duration}), from the cell formats of the styles part."""
    formats, styles, in_cell_formats = dict(BUILTIN_FORMATS), [], False

    def start(tag, attrs):
        nonlocal in_cell_formats
        name = _local(tag)
        if name == "numFmt":
            formats[int(attrs.get("numFmtId", -1))] = attrs.get("formatCode", "")
        elif name == "cellXfs":
            in_cell_formats = True
        elif name == "xf" and in_cell_formats:
            styles.append(int(attrs.get("numFmtId", 0)))

    def end(tag):
        nonlocal in_cell_formats
        if _local(tag) == "cellXfs":
            in_cell_formats = False

    try:
        _read(book, part, budget, start=start, end=end)
    except ValueError:
        raise Unreadable(part) from None
    codes = [formats.get(number, "") for number in styles]
    dates = {i for i, code in enumerate(codes) if code and is_date_format(code)}
    durations = {i for i, code in enumerate(codes) if code and is_timedelta_format(code)}
    return dates, durations


def _shared_strings(book, part, budget, max_chars):
    """Every shared string; one over the cell limit is kept as TOO_LONG and never held whole."""
    strings, pieces, length, depth = [], [], 0, {"t": 0, "rPh": 0}

    def start(tag, attrs):
        nonlocal pieces, length
        name = _local(tag)
        if name == "si":
            pieces, length = [], 0
        elif name in depth:
            depth[name] += 1

    def end(tag):
        name = _local(tag)
        if name == "si":
            strings.append(TOO_LONG if length > max_chars else "".join(pieces))
        elif name in depth:
            depth[name] -= 1

    def text(data):
        nonlocal length
        if depth["t"] and not depth["rPh"]:
            length += len(data)
            if length <= max_chars:
                pieces.append(data)

    _read(book, part, budget, start=start, end=end, text=text)
    return strings


def _column_number(reference):
    """1 for "A7", 28 for "AB7"; None for a reference without letters."""
    number = 0
    for ch in reference:
        if "A" <= ch <= "Z":
            number = number * 26 + ord(ch) - 64
        else:
            break
    return number or None


def rows(data_stream, *, max_bytes, max_cell_chars, max_columns, cell_text):
    """(sheet row number, [cell text]) for each row of the first sheet that has a value; trailing empty cells
    dropped. ``cell_text`` turns a typed value (str, int, float, bool, datetime…) into the text the import reads."""
    try:
        book = zipfile.ZipFile(data_stream)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Unreadable() from None
    with book:
        budget = _Budget(max_bytes)
        sheet_part, strings_part, styles_part, epoch = _workbook(book, budget)
        # The parts read whole are checked together, before any is read, on what they say of their own size.
        parts = [sheet_part] + [part for part in (strings_part, styles_part) if part]
        if any(part not in book.NameToInfo for part in parts):
            raise Unreadable(next(part for part in parts if part not in book.NameToInfo))
        if sum(book.getinfo(part).file_size for part in parts) > budget.left:
            raise TooLarge()
        dates, durations = _date_styles(book, styles_part, budget) if styles_part else (set(), set())
        strings = _shared_strings(book, strings_part, budget, max_cell_chars) if strings_part else []
        yield from _sheet_rows(
            book, sheet_part, budget, strings, dates, durations, epoch, max_cell_chars, max_columns, cell_text
        )


def _sheet_rows(book, part, budget, strings, dates, durations, epoch, max_chars, max_columns, cell_text):
    finished = []
    row = {"number": 0, "cells": {}}
    cell = {"column": 0, "type": "n", "style": 0, "pieces": [], "length": 0}
    depth = {"v": 0, "is": 0, "t": 0, "rPh": 0}

    def start(tag, attrs):
        name = _local(tag)
        if name == "c":
            reference = attrs.get("r", "")
            column = _column_number(reference) if reference else None
            cell.update(
                column=column or cell["column"] + 1,
                type=attrs.get("t", "n"),
                style=int(attrs["s"]) if attrs.get("s", "").isdigit() else 0,
                pieces=[],
                length=0,
            )
        elif name == "row":
            number = attrs.get("r", "")
            row.update(number=int(number) if number.isdigit() else row["number"] + 1, cells={})
            cell["column"] = 0
        elif name in depth:
            depth[name] += 1

    def end(tag):
        name = _local(tag)
        if name == "c":
            text = _cell_value(cell, strings, dates, durations, epoch, row["number"], cell_text)
            if text.strip() and cell["column"] > max_columns:
                raise TooManyColumns(row["number"], min(cell["column"], MAX_EXCEL_COLUMN))
            if text and cell["column"] <= max_columns:
                row["cells"][cell["column"]] = text
        elif name == "row":
            if any(value.strip() for value in row["cells"].values()):
                width = max(row["cells"])
                finished.append((row["number"], [row["cells"].get(i, "") for i in range(1, width + 1)]))
        elif name in depth:
            depth[name] -= 1

    def text(data):
        if depth["v"] or (depth["is"] and depth["t"] and not depth["rPh"]):
            cell["length"] += len(data)
            if cell["length"] > max_chars:
                raise CellTooLong(row["number"], cell["column"])
            cell["pieces"].append(data)

    for _ in _parse(book, part, budget, start=start, end=end, text=text):
        yield from finished
        finished.clear()


def _cell_value(cell, strings, dates, durations, epoch, row_number, cell_text):
    raw = "".join(cell["pieces"])
    kind = cell["type"]
    if kind == "inlineStr" or kind == "str" or kind == "e":
        return raw
    if not raw:
        return ""
    if kind == "s":
        try:
            value = strings[int(raw)]
        except (ValueError, IndexError):
            raise Unreadable() from None
        if value is TOO_LONG:
            raise CellTooLong(row_number, cell["column"])
        return value
    try:
        if kind == "b":
            return cell_text(raw.strip() not in ("0", "false"))
        if kind == "d":
            return cell_text(from_ISO8601(raw))
        number = float(raw) if any(ch in raw for ch in ".Ee") else int(raw)
        if cell["style"] in dates:
            return cell_text(from_excel(number, epoch, timedelta=cell["style"] in durations))
        return cell_text(number)
    except (ValueError, OverflowError):
        return raw
