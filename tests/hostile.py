"""Hostile and broken workbooks, made by code (no binary blobs in the tree).

Each function writes one file and returns its path. The .xlsx files are
written part by part with `zipfile` so that every byte a reader sees is
chosen here: inline strings (no shared strings table) unless a case needs
one, and raw XML where a case is about the XML.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from batch_helpers import MAIN_HEAD, code, main_row, write_xls

MAIN = "申请人信息"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
SECRET = "JZAI-SECRET-7f3a9c"  # written to a file that an external entity points at


# --- the parts of an .xlsx ------------------------------------------------------


def col_name(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA, 16383 → XFD."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def cell_xml(ref: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, RawCell):
        return value.xml.format(ref=ref)
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{xml_text(str(value))}</t></is></c>'


class RawCell:
    """A cell given as XML; `{ref}` is replaced by its reference."""

    def __init__(self, xml: str) -> None:
        self.xml = xml


def xml_text(text: str) -> str:
    """Text for an XML element: controls XML 1.0 cannot hold as OOXML's _xHHHH_ escapes."""
    out = []
    for ch in escape(text):
        if (ord(ch) < 0x20 and ch not in "\t\n\r") or 0x7F <= ord(ch) <= 0x9F:
            out.append(f"_x{ord(ch):04X}_")
        else:
            out.append(ch)
    return "".join(out)


def sheet_xml(
    rows: Iterable[list[Any]],
    *,
    dimension: str | None = None,
    hidden_rows: Iterable[int] = (),
    extra: str = "",
    cols: str = "",
    ns: str = NS,
    prolog: str = "",
) -> str:
    hidden = set(hidden_rows)
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(cell_xml(f"{col_name(c)}{r}", v) for c, v in enumerate(row))
        flag = ' hidden="1"' if r in hidden else ""
        body.append(f'<row r="{r}"{flag}>{cells}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<worksheet xmlns="{ns}" xmlns:r="{REL_NS if ns == NS else STRICT_REL_NS}">{dim}{cols}<sheetData>{"".join(body)}</sheetData>{extra}</worksheet>'
    )


def write_parts(
    path: Path,
    sheets: list[tuple[str, str, bool]],
    *,
    strict: bool = False,
    extra: dict[str, bytes | str] | None = None,
    compresslevel: int = 6,
) -> Path:
    """An .xlsx from (sheet name, sheet XML, hidden) triples and any extra members."""
    ns, rel_ns = (STRICT_NS, STRICT_REL_NS) if strict else (NS, REL_NS)
    office_rel = (
        "http://purl.oclc.org/ooxml/officeDocument/relationships"
        if strict
        else "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    )
    entries = "".join(
        f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{n}" r:id="rId{n}"{" state=" + chr(34) + "hidden" + chr(34) if hidden else ""}/>'
        for n, (name, _, hidden) in enumerate(sheets, start=1)
    )
    workbook = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{ns}" xmlns:r="{rel_ns}"><sheets>{entries}</sheets></workbook>'
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{office_rel}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    members: dict[str, bytes | str] = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{office_rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
        ),
    }
    for n, (_, xml, _) in enumerate(sheets, start=1):
        members[f"xl/worksheets/sheet{n}.xml"] = xml
    members.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def good_rows(n: int = 1) -> list[list[Any]]:
    """The header and `n` applicants that pass every check of the reader."""
    return [list(MAIN_HEAD)] + [
        main_row(f"甲{i}公司", code(i)) for i in range(1, n + 1)
    ]  # a copy: callers change the rows


def simple(path: Path, rows: list[list[Any]] | None = None, **sheet_options: Any) -> Path:
    return write_parts(path, [(MAIN, sheet_xml(rows or good_rows(), **sheet_options), False)])


# --- the cases ------------------------------------------------------------------------


def billion_laughs(path: Path) -> Path:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">' for i in range(1, 10)
    )
    prolog = f"<!DOCTYPE worksheet [{entities}]>"
    rows = good_rows()
    rows[1][1] = RawCell('<c r="{ref}" t="inlineStr"><is><t>&lol9;</t></is></c>')
    return simple(path, rows, prolog=prolog)


def quadratic_blowup(path: Path) -> Path:
    prolog = f'<!DOCTYPE worksheet [<!ENTITY a "{"a" * 50_000}">]>'
    rows = good_rows()
    rows[1][1] = RawCell('<c r="{ref}" t="inlineStr"><is><t>' + "&a;" * 20_000 + "</t></is></c>")
    return simple(path, rows, prolog=prolog)


def external_entity(path: Path) -> Path:
    secret = path.with_name("secret.txt")
    secret.write_text(SECRET)
    prolog = f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    rows = good_rows()
    rows[1][1] = RawCell('<c r="{ref}" t="inlineStr"><is><t>&xxe;</t></is></c>')
    return simple(path, rows, prolog=prolog)


def zip_bomb(path: Path, megabytes: int = 64) -> Path:
    """A small file whose sheet inflates to `megabytes` of rows."""
    head = sheet_xml(good_rows()).split("</sheetData>")[0]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        base = write_parts(path.with_suffix(".tmp.xlsx"), [(MAIN, "<x/>", False)])
        with zipfile.ZipFile(base) as template:
            for info in template.infolist():
                if not info.filename.startswith("xl/worksheets/"):
                    archive.writestr(info.filename, template.read(info))
        base.unlink()
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(head.encode())
            filler = ("<!--" + "x" * (1 << 20) + "-->").encode()
            for _ in range(megabytes):
                sheet.write(filler)
            sheet.write(b"</sheetData></worksheet>")
    return path


def lying_size(path: Path, megabytes: int = 64) -> Path:
    """A shared strings part that declares 1,000 bytes and inflates to `megabytes`."""
    body = b"<si><t>x</t></si>" * ((megabytes << 20) // 17)
    sst = b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="' + NS.encode() + b'">' + body + b"</sst>"
    rows = good_rows()
    rows[1][1] = RawCell('<c r="{ref}" t="s"><v>0</v></c>')
    write_parts(path, [(MAIN, sheet_xml(rows), False)], extra={"xl/sharedStrings.xml": sst}, compresslevel=9)
    return patch_sizes(path, "xl/sharedStrings.xml", 1000)


def patch_sizes(path: Path, member: str, size: int) -> Path:
    """Rewrite the uncompressed size that the local header and the central directory declare."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    struct.pack_into("<I", data, info.header_offset + 22, size)
    name = member.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + name_len]) == name:
            struct.pack_into("<I", data, at + 24, size)
            break
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def many_entries(path: Path, count: int = 20_000) -> Path:
    write_parts(path, [(MAIN, sheet_xml(good_rows()), False)])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as archive:
        for n in range(count):
            archive.writestr(f"customXml/item{n}.xml", b"")
    return path


def dimension_too_small(path: Path) -> Path:
    """Declares A1:A1, holds the header and 19 applicants (A1:I20)."""
    return simple(path, good_rows(19), dimension="A1:A1")


def dimension_too_large(path: Path) -> Path:
    """Declares the whole grid, holds a header and one applicant."""
    return simple(path, good_rows(1), dimension="A1:XFD1048576")


def stray_far_cell(path: Path) -> Path:
    xml = sheet_xml(good_rows()).replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    )
    return write_parts(path, [(MAIN, xml, False)])


def not_a_zip(path: Path) -> Path:
    path.write_bytes(b"this is not a workbook\n" * 10)
    return path


def zero_bytes(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def truncated(path: Path) -> Path:
    simple(path, good_rows(5))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _member_data_offset(data: bytes, info: zipfile.ZipInfo) -> int:
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    return info.header_offset + 30 + name_len + extra_len


def bad_crc(path: Path) -> Path:
    """The sheet inflates cleanly, but to other bytes than its CRC says (stored, one byte changed)."""
    write_parts(path, [(MAIN, sheet_xml(good_rows()), False)], compresslevel=0)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    start = _member_data_offset(bytes(data), info)
    # a deflated stream: re-encode with one changed byte so that only the CRC is wrong
    raw = zlib.decompress(bytes(data[start : start + info.compress_size]), -15)
    changed = raw.replace("甲1公司".encode(), "乙1公司".encode())
    compressor = zlib.compressobj(0, zlib.DEFLATED, -15)
    stream = compressor.compress(changed) + compressor.flush()
    assert len(stream) == info.compress_size
    data[start : start + info.compress_size] = stream
    path.write_bytes(bytes(data))
    return path


def bad_deflate(path: Path) -> Path:
    """The sheet's compressed bytes are garbage."""
    write_parts(path, [(MAIN, sheet_xml(good_rows(3)), False)])
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    start = _member_data_offset(bytes(data), info)
    data[start : start + info.compress_size] = bytes([0xFF]) * info.compress_size
    path.write_bytes(bytes(data))
    return path


# --- OLE compound files (the container of .xls and of encrypted .xlsx) --------------


def cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal compound file (version 3, 512-byte sectors) holding `streams` in its root.

    Every stream is stored in regular sectors (padded to 4,096 bytes, the
    mini-stream cutoff), so no mini FAT is needed.
    """
    sector = 512
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    names = list(streams)
    data = [streams[n] + b"\0" * (max(4096, len(streams[n])) - len(streams[n])) for n in names]
    data = [d + b"\0" * (-len(d) % sector) for d in data]
    sectors: list[bytes] = []
    fat: list[int] = []
    # sector 0: the FAT; sector 1: the directory; then the streams
    fat += [fat_sector, end]
    starts = []
    next_sector = 2
    for d in data:
        count = len(d) // sector
        starts.append(next_sector)
        fat += [next_sector + i + 1 for i in range(count - 1)] + [end]
        next_sector += count
        sectors.append(d)
    assert len(fat) <= sector // 4
    fat += [free] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, child: int = free, right: int = free) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        out = encoded + b"\0" * (64 - len(encoded))
        out += struct.pack("<HBB", len(encoded), kind, 1)  # name length, type, colour black
        out += struct.pack("<III", free, right, child)  # left, right, child
        out += b"\0" * 16 + b"\0" * 4 + b"\0" * 16  # clsid, state bits, times
        out += struct.pack("<IQ", start, size)
        return out

    # the root's children as a chain of right siblings
    directory = entry("Root Entry", 5, end, 0, child=1 if names else free)
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else free
        directory += entry(name, 2, starts[i], len(streams[name]), right=right)
    directory += b"\0" * (-len(directory) % sector)
    assert len(directory) == sector, "one directory sector holds four entries"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack(
        "<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0
    )  # dir sectors, FAT sectors, first dir, txn, cutoff, minifat…, difat
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108  # DIFAT: the FAT is sector 0
    assert len(header) == sector
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + b"".join(sectors)


def encrypted(path: Path) -> Path:
    """What Excel writes for a workbook with a password to open: an OLE file, not a zip."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><encryption/>'
    package = struct.pack("<Q", 1000) + bytes(range(256)) * 4
    path.write_bytes(cfb({"EncryptionInfo": info, "EncryptedPackage": package}))
    return path


def xls_renamed(path: Path) -> Path:
    real = write_xls(path.with_suffix(".xls"), {MAIN: good_rows(2)})
    real.rename(path)
    return path


def html_table(path: Path) -> Path:
    cells = "".join(f"<td>{escape(str(v))}</td>" for v in good_rows()[1])
    heads = "".join(f"<th>{escape(h)}</th>" for h in MAIN_HEAD)
    path.write_text(
        f"<html><head><meta charset='utf-8'></head><body><table><tr>{heads}</tr><tr>{cells}</tr></table></body></html>",
        encoding="utf-8",
    )
    return path


def strict_ooxml(path: Path) -> Path:
    return write_parts(path, [(MAIN, sheet_xml(good_rows(), ns=STRICT_NS), False)], strict=True)


def no_sheets(path: Path) -> Path:
    return write_parts(path, [])


def formulas(path: Path) -> Path:
    """Row 2: formulas with cached values; row 3: a formula without one in a
    required column; rows 4 and 5: error values (#DIV/0!, #REF!) there."""
    rows = good_rows(4)
    kind = MAIN_HEAD.index("申请人类型")
    rows[1][kind] = RawCell('<c r="{ref}" t="str"><f>"企"&amp;"业"</f><v>企业</v></c>')
    rows[1][0] = RawCell('<c r="{ref}"><f>2025+1</f><v>2026</v></c>')
    rows[2][kind] = RawCell('<c r="{ref}" t="str"><f>"企"&amp;"业"</f></c>')
    rows[3][kind] = RawCell('<c r="{ref}" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    rows[4][kind] = RawCell('<c r="{ref}" t="e"><f>#REF!</f><v>#REF!</v></c>')
    return simple(path, rows)


def merged_headers(path: Path) -> Path:
    """A merged title over the header row, and a header merged over two columns."""
    rows = [["2026年人工智能奖励申报表"] + [None] * (len(MAIN_HEAD) - 1)] + good_rows(2)
    rows[1].append("备注")
    rows[1].append(None)
    merges = f'<mergeCells count="2"><mergeCell ref="A1:{col_name(len(MAIN_HEAD) - 1)}1"/><mergeCell ref="{col_name(len(MAIN_HEAD))}2:{col_name(len(MAIN_HEAD) + 1)}2"/></mergeCells>'
    return simple(path, rows, extra=merges)


def hidden_parts(path: Path) -> Path:
    """A hidden row (an applicant), a hidden column (a required one) and a hidden sheet."""
    cols = '<cols><col min="4" max="4" width="0" hidden="1" customWidth="1"/></cols>'
    main = sheet_xml(good_rows(3), hidden_rows=[3], cols=cols)
    old = sheet_xml([MAIN_HEAD, main_row("旧数据公司", code(9))])
    return write_parts(path, [(MAIN, main, False), ("旧数据", old, True)])


def long_cell(path: Path, length: int = 40_000) -> Path:
    rows = good_rows(2)
    rows[1][1] = "长" * length
    return simple(path, rows)


HOSTILE_NAMES = [
    "控制\x07字符\x08公司\x1b[2J",
    "[/]标记[bold red]公司",
    "[link=https://evil.example]点我[/link]",
    "\x1b]8;;https://evil.example\x1b\\链接\x1b]8;;\x1b\\",
    "\u202e司公甲\u202c",
    '=HYPERLINK("https://evil.example","x")',
    "＝１＋１",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\tTAB公司",
    "\rCR公司",
    "＋全角加号",
    "－全角减号",
    "＠全角",
]


def hostile_names(path: Path) -> Path:
    """Applicants whose names try markup, links, escapes, bidi overrides and formulas."""
    rows = [MAIN_HEAD] + [main_row(name, code(i)) for i, name in enumerate(HOSTILE_NAMES, start=1)]
    # an invalid row too, so that the name appears in the 错误 sheet with its problem
    rows.append(main_row("[/]无效\x1b[31m", "not-a-code"))
    return simple(path, rows)


def hostile_sheet_names(path: Path) -> Path:
    """No main sheet; the sheets that are there have hostile names (listed in the error)."""
    names = ["[/]", "[link=https://evil.example]x", "\u202eevil", "esc_x001B_[31m"]
    return write_parts(path, [(name, sheet_xml([["x"]]), False) for name in names])


def letter_codes(path: Path) -> Path:
    """Credit codes that start with a letter, and one typed in full-width characters."""
    from stdnum.cn import uscc

    letter = "Y1410800MA9XY2K3L"
    letter += uscc.calc_check_digit(letter)
    normal = code(7)
    full = "".join(chr(ord(c) + 0xFEE0) for c in normal)
    rows = [MAIN_HEAD, main_row("民办非企业", letter), main_row("全角公司", full)]
    events = [
        ["统一社会信用代码", "事项类型", "级别", "获得日期"],
        [letter.lower(), "专精特新中小企业", "省级", "2026-05-20"],
        [full, "专精特新中小企业", "省级", "2026-05-20"],
    ]
    return write_parts(path, [(MAIN, sheet_xml(rows), False), ("认定与获奖", sheet_xml(events), False)])
