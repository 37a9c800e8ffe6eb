"""Reading the spreadsheets offices really keep: find the table, normalise text, dates and numbers.

Everything here is pure (bytes in, values out) and raises `ImportFileError` for a file that cannot be
read at all, or `ValueError` with a Vietnamese message for one bad cell.
"""

import codecs
import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from danvan.errors import DomainError
from danvan.search import CONTROL_CHARACTERS
from danvan.vietnamese import ascii_fold
from danvan.xlsx import FORMULA_STARTS

HEADER_SCAN_ROWS = 30
# Characters Excel and macOS leave in text: non-breaking and thin spaces, zero-width marks, BOMs.
SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000"), " ")
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
ODD_CHARACTERS = re.compile("[" + "".join(map(chr, [*SPACES, *INVISIBLE])) + "]")
TONE_MARKS = set("\u0300\u0301\u0303\u0309\u0323")  # Windows-1258 writes tones as these combining marks


class ImportFileError(DomainError):
    """The file as a whole is refused; nothing is imported."""


def max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def max_unpacked_bytes() -> int:
    return settings.IMPORT_MAX_UNPACKED_BYTES


# --- text ------------------------------------------------------------------------------------


def clean_text(value) -> str:
    """NFC, ordinary spaces, no invisible characters, trimmed; inner line breaks kept. Each step runs only when
    the text needs it (every cell of a file passes here: the checks are C-speed, the rewrites are not)."""
    text = str(value)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if ODD_CHARACTERS.search(text):
        text = text.translate(SPACES).translate(INVISIBLE)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" not in text:
        return " ".join(text.split())
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines).strip()


def printable(value) -> str:
    """Text safe to show and store whatever the file held: each control character (NUL...) becomes "�"."""
    return CONTROL_CHARACTERS.sub("\ufffd", str(value))


def fold_key(value) -> str:
    """Lower-case ASCII words: "TÊN MÔ HÌNH (*)" and "Ten  mo hinh" both give "ten mo hinh"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_fold(clean_text(value))).split())


def header_keys(value) -> list[str]:
    """The folded header, then the same without a bracketed remark ("Số tiền (đồng)" -> "so tien")."""
    keys = [fold_key(value)]
    bare = fold_key(re.sub(r"\([^)]*\)|\[[^\]]*\]|\*", " ", clean_text(value)))
    if bare and bare not in keys:
        keys.append(bare)
    return keys


def clean_cell(value):
    """A cell as the import sees it: text cleaned, empty text as None, other types kept.

    Our exports write text that starts like a formula with a leading apostrophe ("'=..."); it is taken off
    again here, so an exported file re-imports unchanged."""
    if value is None:
        return None
    if isinstance(value, str):
        if value[:1] == "'" and value[1:2] in FORMULA_STARTS:
            value = value[1:]
        return clean_text(value) or None
    return value


def is_blank(values: Iterable) -> bool:
    return all(value is None for value in values)


# --- numbers and dates -----------------------------------------------------------------------

# Unit words after a number, folded, and what each multiplies by. Money comes in đồng, land in m².
COUNT_UNITS = dict.fromkeys(("", "m2", "met vuong", "dong", "d", "vnd", "nguoi", "luot", "cong trinh", "ho", "luot nguoi"), 1)
MONEY_UNITS = {
    **dict.fromkeys(("", "dong", "d", "vnd"), 1),
    **dict.fromkeys(("nghin", "ngan", "nghin dong", "ngan dong", "nghin d", "ngan d"), 1_000),
    **dict.fromkeys(("trieu", "tr", "trieu dong", "trieu d", "tr d", "tr dong"), 1_000_000),
    **dict.fromkeys(("ty", "ti", "ty dong", "ti dong", "ty d", "ti d"), 1_000_000_000),
}
LAND_UNITS = {**dict.fromkeys(("", "m2", "m 2", "met vuong"), 1), **dict.fromkeys(("ha", "hecta", "hec ta", "hectare"), 10_000)}
AMOUNT = re.compile(r"([+\-\u2212]?)\s*(\d[\d.,\s]*?)\s*([^\d\s.,].*)?")


def parse_int(value) -> int | None:
    """A whole number from 1234567, 1234567.0, "1.234.567", "1,234,567", "-5", "446.000 m2" or "2.500.000 đồng"."""
    return parse_amount(value, COUNT_UNITS)


def parse_amount(value, units: dict[str, int]) -> int | None:
    """A whole amount in the base unit: "1,5 tỷ" with MONEY_UNITS is 1.500.000.000, "0,5 ha" with LAND_UNITS is 5.000.

    Exact (Decimal): an amount that does not come to a whole number of the base unit is refused."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        value = Decimal(str(value))
        if value == value.to_integral_value():
            return int(value)
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": str(value).replace(".", ",")})
    text = clean_text(value)
    match = AMOUNT.fullmatch(text.lower().replace("²", "2"))
    factor = units.get(fold_key(match[3] or "")) if match else None
    number = _decimal(match[2].replace(" ", ""), grouped_only=factor == 1) if match and factor else None
    if number is None:
        raise ValueError(_("“%(value)s” is not a whole number (write it like 1.234.567).") % {"value": text})
    amount = number * factor
    if amount != amount.to_integral_value():
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text})
    return -int(amount) if match[1] else int(amount)


def _decimal(digits: str, *, grouped_only: bool) -> Decimal | None:
    """ "1.234.567" and "1,234,567" are grouped thousands; "1,5" and "1.5" are decimals. "1,500" alone is 1500 in
    a bare number and 1,5 before a unit word such as "ha" or "tỷ"."""
    if re.fullmatch(r"\d+", digits):
        return Decimal(digits)
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", digits):
        return Decimal(digits.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(,\d{3}){2,}(\.\d+)?", digits) or (grouped_only and re.fullmatch(r"\d{1,3},\d{3}", digits)):
        return Decimal(digits.replace(",", ""))
    if re.fullmatch(r"\d+[.,]\d+", digits):
        return Decimal(digits.replace(",", "."))
    return None


def parse_non_negative_int(value, units: dict[str, int] = COUNT_UNITS) -> int | None:
    number = parse_amount(value, units)
    if number is not None and number < 0:
        raise ValueError(_("“%(value)s” cannot be negative.") % {"value": clean_text(value)})
    return number


EXCEL_EPOCH = datetime.date(1899, 12, 30)
DATE_PATTERNS = [
    (re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})"), ("d", "m", "y")),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t].*)?"), ("y", "m", "d")),
    (re.compile(r"ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})"), ("d", "m", "y")),
    (re.compile(r"(?:thang |t)?(\d{1,2})[/.\-](\d{4})"), ("m", "y")),
    (re.compile(r"(?:nam )?(\d{4})"), ("y",)),
]


def parse_date(value) -> datetime.date | None:
    """A date from an Excel date, "30/06/2025", "30-6-25", "2025-06-30", "ngày 30 tháng 6 năm 2025", "6/2025" or a bare year."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _date_from_number(value)
    text = _ascii_lower(value)
    for pattern, parts in DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            found = dict(zip(parts, (int(group) for group in match.groups()), strict=True))
            return _make_date(found.get("y"), found.get("m", 1), found.get("d", 1), value)
    raise ValueError(_("“%(value)s” is not a date (write it like 30/06/2025).") % {"value": clean_text(value)})


def _ascii_lower(value) -> str:
    """Lower case without diacritics, punctuation kept: "Tháng 6/2025" -> "thang 6/2025"."""
    return " ".join(ascii_fold(clean_text(value)).split())


def _date_from_number(number: float) -> datetime.date:
    """A bare year (2023) or an Excel serial day number that reached us as a number."""
    if float(number).is_integer() and 1900 <= number <= 2100:
        return datetime.date(int(number), 1, 1)
    if 20_000 <= number <= 80_000:  # 1954..2119 as Excel serial days
        return EXCEL_EPOCH + datetime.timedelta(days=int(number))
    raise ValueError(_("“%(value)s” is not a date (write it like 30/06/2025).") % {"value": number})


def _make_date(year, month, day, original) -> datetime.date:
    if year < 100:
        year += 2000 if year < 70 else 1900
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a real date.") % {"value": clean_text(original)}) from None
    if not 1945 <= date.year <= 2100:
        raise ValueError(_("“%(value)s” is outside the years this registry keeps.") % {"value": clean_text(original)})
    return date


# --- reading a file --------------------------------------------------------------------------


@dataclass
class FileTable:
    """The table found in a file: its header row, the columns and every non-empty data row."""

    headers: list[str]
    header_row: int
    rows: list[tuple[int, list]] = field(default_factory=list)
    sheet_name: str = ""
    encoding: str = ""
    encoding_guessed: bool = False
    score: tuple = ()
    header_rows: int = 1
    footer: list[tuple[int, list]] = field(default_factory=list)  # totals, signatures, notes: listed, not imported
    totals: set[int] = field(default_factory=set)  # footer rows read as totals (a record may start like one)
    hidden_rows: set[int] = field(default_factory=set)  # sheet row numbers
    hidden_columns: set[int] = field(default_factory=set)  # 0-based column indexes
    sheets: list[str] = field(default_factory=list)  # every visible sheet, when there are several

    @property
    def header_end(self) -> int:
        return self.header_row + self.header_rows - 1


def check_upload(name: str, size: int) -> str:
    """The extension, once the name and size are acceptable; raises ImportFileError otherwise."""
    suffix = PurePath(name or "").suffix.lower()
    if suffix in {".xls", ".xlsm", ".xlsb", ".ods"}:
        raise ImportFileError(
            _("This is an old or macro Excel file (%(suffix)s): open it in Excel and save it again as .xlsx (Excel Workbook).")
            % {"suffix": suffix}
        )
    if suffix not in {".xlsx", ".csv"}:
        raise ImportFileError(_("Only .xlsx and .csv files can be imported."))
    if size > max_bytes():
        raise ImportFileError(
            _("The file is %(size)s; at most %(limit)s can be imported at once. Split it into several files.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())}
        )
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    return suffix


def read_table(name: str, data: bytes, match: Callable[[str], str | None]) -> FileTable:
    """The table in an uploaded .xlsx or .csv; `match(header)` names the field a header means, or None."""
    suffix = check_upload(name, len(data))
    table = _read_xlsx(data, match) if suffix == ".xlsx" else _read_csv(data, match)
    if len(table.rows) > max_rows():
        raise ImportFileError(
            _("The file has %(rows)s rows; at most %(limit)s rows can be imported at once. Split it into several files.")
            % {"rows": f"{len(table.rows):,}".replace(",", "."), "limit": f"{max_rows():,}".replace(",", ".")}
        )
    if not table.rows:
        raise ImportFileError(_("The table under the header row has no data."))
    return table


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def _check_zip(data: bytes) -> None:
    """Refuse a broken zip or one that would expand beyond a sane size, before any XML is parsed.

    Excel keeps a password-protected workbook in an OLE container holding an "EncryptedPackage" stream, not a zip:
    saving it again keeps the password, so the message says to take the password off."""
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in data:
            raise ImportFileError(
                _(
                    "This file is protected by a password. Open it in Excel, remove the password (File > Info > "
                    "Protect Workbook > Encrypt with Password, clear the password, OK), save it and upload it again."
                )
            )
        raise ImportFileError(_("This is an old Excel file (.xls) named .xlsx: open it in Excel and save it as .xlsx."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(_("This is not a valid .xlsx file. Open it in Excel and save it again as .xlsx.")) from None
    unpacked = sum(member.file_size for member in members)
    if unpacked > max_unpacked_bytes() or len(members) > 10_000:
        raise ImportFileError(
            _("The .xlsx file would expand to %(size)s, more than a spreadsheet should. It was refused for safety.")
            % {"size": filesizeformat(unpacked)}
        )


def _read_xlsx(data: bytes, match) -> FileTable:
    import openpyxl

    _check_zip(data)
    try:
        # read_only streams the rows; data_only reads the values Excel cached: formulas are never evaluated.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ImportFileError(_("This is not a valid .xlsx file. Open it in Excel and save it again as .xlsx.")) from None
    try:
        best = None
        visible = [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"]
        for sheet in visible:
            layout = _sheet_layout(book, sheet)
            table = _find_table(_limited(sheet_values(book, sheet)), match, layout.merges)
            if table and (best is None or table.score > best.score):
                table.sheet_name = sheet.title
                table.hidden_rows, table.hidden_columns = layout.hidden_rows, layout.hidden_columns
                best = table
    finally:
        book.close()
    if best is None:
        raise _no_header_error()
    best.sheets = [sheet.title for sheet in visible] if len(visible) > 1 else []
    return best


def sheet_values(book, sheet) -> Iterable[tuple]:
    """A read-only sheet's rows of values, as openpyxl's `sheet.iter_rows(values_only=True)` gives them (a missing row
    as an empty one, each row as wide as the sheet's dimension), read by a leaner cell parser (see _cell_parser)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    class _CellParser(WorkSheetParser):
        parse_cell = _cell_parser()

    max_col, max_row = sheet.max_column, sheet.max_row
    empty = (None,) * max_col if max_col is not None else ()
    counter = number = 1
    with sheet._get_source() as source:
        parser = _CellParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            if max_row is not None and number > max_row:
                break
            for _missing in range(counter, number):
                counter += 1
                yield empty
            if counter <= number:
                counter += 1
                yield _row_values(cells, max_col)
    if max_row is not None and max_row < number:
        for _missing in range(counter, max_row + 1):
            yield empty


def _row_values(cells: list[dict], max_col: int | None) -> tuple:
    if not cells and not max_col:
        return ()
    width = max_col or cells[-1]["column"]
    values = [None] * width
    for cell in cells:
        if 1 <= cell["column"] <= width:
            values[cell["column"] - 1] = cell["value"]
    return tuple(values)


def _cell_parser():
    """WorkSheetParser.parse_cell as openpyxl reads a <c> element with data_only (cached values, never formulas):
    numbers as int or float, dates by the cell's style, shared and inline strings, booleans; only without its
    per-cell objects (an inline string's Text and its descriptors)."""
    from openpyxl.utils.datetime import from_excel, from_ISO8601
    from openpyxl.worksheet._reader import INLINE_STRING, VALUE_TAG

    def parse_cell(parser, element) -> dict:
        data_type = element.get("t", "n")
        coordinate = element.get("r")
        parser.col_counter = column = _column_number(coordinate) if coordinate else parser.col_counter + 1
        if data_type == "inlineStr":
            child = element.find(INLINE_STRING)
            return {"column": column, "value": _inline_text(child) if child is not None else None}
        value = element.findtext(VALUE_TAG, None) or None
        if value is None:
            return {"column": column, "value": None}
        if data_type == "n":
            value = float(value) if "." in value or "E" in value or "e" in value else int(value)
            style = int(element.get("s") or 0)
            if style in parser.date_formats:
                try:
                    value = from_excel(value, parser.epoch, timedelta=style in parser.timedelta_formats)
                except (OverflowError, ValueError):
                    value = "#VALUE!"
        elif data_type == "s":
            value = parser.shared_strings[int(value)]
        elif data_type == "b":
            value = bool(int(value))
        elif data_type == "d":
            value = from_ISO8601(value)
        return {"column": column, "value": value}

    return parse_cell


SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
TEXT_TAG, RUN_TAG = f"{SHEET_NS}t", f"{SHEET_NS}r"
COLUMN_LETTERS = re.compile(r"[A-Z]+")
COLUMN_NUMBERS: dict[str, int] = {}


def _column_number(coordinate: str) -> int:
    """ "C12" -> 3."""
    letters = COLUMN_LETTERS.match(coordinate)[0]
    if letters not in COLUMN_NUMBERS:
        COLUMN_NUMBERS[letters] = column_index(letters) + 1
    return COLUMN_NUMBERS[letters]


def _inline_text(element) -> str:
    """An inline string's text as openpyxl's Text.content gives it: its plain text, then its runs' (phonetic runs
    left out)."""
    if len(element) == 1 and element[0].tag == TEXT_TAG:
        return element[0].text or ""
    plain = element.findtext(TEXT_TAG) or ""
    return plain + "".join(run.findtext(TEXT_TAG) or "" for run in element.iterfind(RUN_TAG))


@dataclass
class SheetLayout:
    """What the read-only reader does not give: merged ranges and hidden rows and columns (0-based, rows 1-based)."""

    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (first row, first col, last row, last col)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)


ROW_HIDDEN = re.compile(
    rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"|<(?:\w+:)?row\b[^>]*?\bhidden="(?:1|true)"[^>]*?\br="(\d+)"'
)
COL_TAG = re.compile(rb"<(?:\w+:)?col\b[^>]*>")
MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
ATTRIBUTE = re.compile(rb'\b(min|max|hidden)="([^"]*)"')


def _sheet_layout(book, sheet) -> SheetLayout:
    """Read the sheet's XML once with regular expressions (C speed, no DOM) for merges and hidden rows/columns."""
    path = getattr(sheet, "_worksheet_path", None)
    if not path:
        return SheetLayout()
    try:
        xml = book._archive.read(path)
    except (KeyError, OSError):
        return SheetLayout()
    layout = SheetLayout()
    for match in ROW_HIDDEN.finditer(xml):
        layout.hidden_rows.add(int(match[1] or match[2]))
    for tag in COL_TAG.finditer(xml):
        attributes = dict(ATTRIBUTE.findall(tag[0]))
        if attributes.get(b"hidden") in (b"1", b"true") and b"min" in attributes:
            first, last = int(attributes[b"min"]), int(attributes.get(b"max", attributes[b"min"]))
            layout.hidden_columns.update(range(first - 1, min(last, first + 200)))
    for match in MERGE_REF.finditer(xml):
        first_col, first_row, last_col, last_row = match.groups()
        layout.merges.append((int(first_row), column_index(first_col.decode()), int(last_row), column_index(last_col.decode())))
    return layout


def column_index(letters: str) -> int:
    """A -> 0, AA -> 26."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _limited(rows: Iterable) -> Iterable:
    """Stop reading a sheet far beyond the row limit instead of loading a million rows."""
    cap = max_rows() + HEADER_SCAN_ROWS + 1000
    for index, row in enumerate(rows):
        if index > cap:
            raise ImportFileError(
                _("The file has more than %(limit)s rows; split it into several files.")
                % {"limit": f"{max_rows():,}".replace(",", ".")}
            )
        yield row


def decode_csv(data: bytes) -> list[tuple[str, str, bool]]:
    """(text, encoding name, guessed?) candidates: the one a BOM or valid UTF-8 names, else the Windows code pages."""
    if data.startswith(codecs.BOM_UTF8):
        return [(data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "UTF-8 (BOM)", False)]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return [(data.decode("utf-16", errors="replace"), "UTF-16", False)]
    try:
        return [(data.decode("utf-8"), "UTF-8", False)]
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding, label in (("cp1258", "Windows-1258"), ("cp1252", "Windows-1252")):
        try:
            candidates.append((data.decode(encoding), label, True))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise ImportFileError(_("The text encoding of this file is unknown. Save it as “CSV UTF-8” in Excel."))
    return candidates


def _vietnamese_evidence(text: str, encoding: str) -> float:
    """How much a decoding looks like Vietnamese: Windows-1258 writes tones as combining marks after a letter,
    and has đ, ơ, ư where Windows-1252 has ð, õ, ý. Windows-1252 wins a tie (Western text has neither)."""
    if encoding != "Windows-1258":
        return 0.5
    tones = sum(1 for prev, ch in zip(text, text[1:], strict=False) if ch in TONE_MARKS and prev.isalpha())
    return 2 * tones + sum(1 for ch in text if ch in "đĐơƠưƯ₫")


def _read_csv(data: bytes, match) -> FileTable:
    best, best_rank = None, None
    for text, encoding, guessed in decode_csv(data):
        table = _find_table(_limited(csv.reader(io.StringIO(text, newline=""), _dialect(text))), match)
        if table is None:
            continue
        rank = (table.score, _vietnamese_evidence(text, encoding))
        if best_rank is None or rank > best_rank:
            table.encoding, table.encoding_guessed = encoding, guessed
            best, best_rank = table, rank
    if best is None:
        raise _no_header_error()
    return best


def _dialect(text: str):
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _no_header_error() -> ImportFileError:
    return ImportFileError(
        _("No header row was found in the first %(rows)s rows. Use the template, or name the columns as it does.")
        % {"rows": HEADER_SCAN_ROWS}
    )


HEADER_DEPTH = 3  # a header may take up to three rows: group cells merged over the columns' own labels


def _find_table(rows: Iterable, match, merges=()) -> FileTable | None:
    """The header is the block of one to three rows among the first ones whose labels name the most known columns
    (at least two). Each column is named by its lowest labelled cell in the block, or by that label with the group
    cell merged above it ("Kết quả" over "Kinh phí"); a smaller block wins a tie, so a title above is never a header."""
    rows = iter(rows)
    scanned = []
    for number, values in enumerate(rows, start=1):
        scanned.append((number, [clean_cell(value) for value in values]))
        if number >= HEADER_SCAN_ROWS:
            break
    filled = _fill_merges(scanned, merges)
    best = None
    for start in range(len(filled)):
        for depth in range(1, HEADER_DEPTH + 1):
            block = filled[start : start + depth]
            if len(block) < depth:
                break
            headers, score = _compose_header([values for _number, values in block], match)
            rank = (score[0], score[1], -depth)
            if score[0] >= 2 and (best is None or rank > best[0]):
                best = (rank, block[0][0], depth, headers)
    if best is None:
        return None
    rank, header_row, depth, headers = best
    # A header cell merged down from a row above (its group row) starts the header there.
    top = min((first for first, _c, last, _l in merges if first < header_row <= last), default=header_row)
    header_row, depth = top, depth + header_row - top
    while headers and not headers[-1]:
        headers.pop()
    table = FileTable(headers=headers, header_row=header_row, score=rank, header_rows=depth)
    header_end = header_row + depth - 1
    vertical = _vertical_merges(merges, header_end)
    following = ((number, values) for number, values in scanned if number > header_end)
    rest = ((number, [clean_cell(value) for value in values]) for number, values in enumerate(rows, start=len(scanned) + 1))
    in_footer, kept = False, {}
    for number, values in _chain(following, rest):
        if vertical:
            _fill_down(number, values, vertical, kept)
        if is_blank(values) or _is_decoration(values, headers):
            continue
        kind = _footer_kind(values)
        in_footer = in_footer or kind == "signature"
        if kind or (in_footer and _looks_like_signature_line(values)):
            table.footer.append((number, values))
            if kind == "total":
                table.totals.add(number)
        else:
            table.rows.append((number, values))
    return table


def _fill_merges(scanned: list, merges) -> list:
    """The scanned rows with each merged range's value copied into every cell it covers (for reading headers)."""
    if not merges:
        return scanned
    filled = {number: list(values) for number, values in scanned}
    for first_row, first_col, last_row, last_col in merges:
        top = filled.get(first_row)
        value = top[first_col] if top is not None and first_col < len(top) else None
        if value is None:
            continue
        for number in range(first_row, min(last_row, HEADER_SCAN_ROWS) + 1):
            values = filled.get(number)
            if values is None:
                continue
            values.extend([None] * (last_col + 1 - len(values)))
            for col in range(first_col, last_col + 1):
                values[col] = value
    return [(number, filled[number]) for number, _values in scanned]


def _compose_header(block: list[list], match) -> tuple[list[str], tuple[int, int]]:
    """Column names from a block of header rows, and (distinct known columns, -unknown labels)."""
    width = max((len(values) for values in block), default=0)
    headers, keys, unknown = [], set(), 0
    for col in range(width):
        labels = []
        for values in block:
            value = values[col] if col < len(values) else None
            if value is not None and (not labels or clean_text(value) != labels[-1]):
                labels.append(clean_text(value))
        if not labels:
            headers.append("")
            continue
        header = labels[-1]
        key = match(header)
        if key is None and len(labels) > 1:
            grouped = f"{labels[-2]} {labels[-1]}"
            if match(grouped):
                header, key = grouped, match(grouped)
        if key is None:
            unknown += 1
        else:
            keys.add(key)
        headers.append(header)
    return headers, (len(keys), -unknown)


def _vertical_merges(merges, header_end: int) -> dict[int, list[tuple[int, int]]]:
    """Data cells merged down one column (a unit written once for its several models): column -> [(first, last)]."""
    found: dict[int, list[tuple[int, int]]] = {}
    for first_row, first_col, last_row, last_col in merges:
        if first_col == last_col and last_row > first_row and first_row > header_end:
            found.setdefault(first_col, []).append((first_row, last_row))
    return found


def _fill_down(number: int, values: list, vertical: dict, kept: dict) -> None:
    """Copy a merged cell's value (kept from its first row) into the rows it covers."""
    for col, spans in vertical.items():
        for first, last in spans:
            if number == first and col < len(values):
                kept[col] = values[col]
            elif first < number <= last:
                values.extend([None] * (col + 1 - len(values)))
                values[col] = kept.get(col)


def _chain(*iterables):
    for iterable in iterables:
        yield from iterable


def _is_decoration(values: list, headers: list[str]) -> bool:
    """A repeated header or the column-number row of official tables ((1) (2) (3)...) is not data."""
    if len(values) >= len(headers) and all(
        (clean_text(v) if v is not None else "") == header for v, header in zip(values, headers, strict=False)
    ):
        return True  # compared cell by cell: a data row differs at its first cell, the rest is not cleaned
    present = [value for value in values if value is not None]
    return len(present) >= 3 and all(isinstance(v, str) and re.fullmatch(r"\(\d+\)", v) for v in present)


# Rows after the records that are not records: totals, then the signature block and the notes under it.
TOTAL_WORDS = re.compile(r"(tong cong|tong so|tong|cong|cong toan huyen|cong toan tinh|tong toan huyen)\b.*")
SIGNATURE_WORDS = re.compile(
    r"(noi nhan|nguoi lap bieu|nguoi lap|nguoi tong hop|tm|t m|kt|tl|tuq|truong ban|pho truong ban|truong phong|"
    r"chanh van phong|bi thu|pho bi thu|chu tich|xac nhan|ghi chu|luu|luu vp|nhu tren|da ky|ky ten|ky ghi ro ho ten|"
    r"ngay \d{1,2} thang \d{1,2} nam \d{4}|[\w ]+ ngay \d{1,2} thang \d{1,2} nam \d{4})\b.*"
)


def _footer_kind(values: list) -> str:
    """ "total" for a totals row, "signature" for a signature block or notes line, "" for anything else."""
    present = [value for value in values if value is not None]
    if not present or not isinstance(present[0], str):
        return ""
    first = fold_key(present[0])
    if TOTAL_WORDS.fullmatch(first):
        return "total"
    if SIGNATURE_WORDS.fullmatch(first) and len(present) <= 4:
        return "signature"
    return ""


def _looks_like_signature_line(values: list) -> bool:
    """Below a signature heading: a name, a title, a "- Lưu VP." line; at most two short text cells."""
    present = [value for value in values if value is not None]
    return len(present) <= 2 and all(isinstance(value, str) and len(value) <= 80 for value in present)


def column_letter(index: int) -> str:
    """0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
