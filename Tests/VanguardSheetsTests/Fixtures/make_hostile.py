#!/usr/bin/env python3
"""Writes the hostile spreadsheets the readers must refuse (test fixtures and the fuzz corpus).

Each reproduces a finding of the trust review (issue 11): run it again to regenerate them.
"""
import os
import zipfile

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hostile")

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)


def sheet(rows_xml):
    return '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + rows_xml + "</sheetData></worksheet>"


def write(name, parts):
    with zipfile.ZipFile(os.path.join(HERE, name), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for path, data in parts:
            info = zipfile.ZipInfo(path, date_time=(2026, 11, 30, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data, compresslevel=9)


def main():
    os.makedirs(HERE, exist_ok=True)
    # 1. A column reference whose index overflows Int (20 letters): trapped the server (SIGILL).
    write("column-overflow.xlsx", [("xl/worksheets/sheet1.xml", sheet('<row r="1"><c r="ZZZZZZZZZZZZZZZZZZZZ1" t="inlineStr"><is><t>x</t></is></c></row>'))])
    # 2. Row Int.min: "row - 1" overflowed.
    write("row-int-min.xlsx", [("xl/worksheets/sheet1.xml", sheet('<row r="-9223372036854775808"><c r="A1"><v>1</v></c></row>'))])
    # 3. Row 400,000,000 in a few hundred bytes: padded to 4.3 GB and never answered.
    write("row-far.xlsx", [("xl/worksheets/sheet1.xml", sheet('<row r="400000000"><c r="A400000000"><v>1</v></c></row>'))])
    # 4. A zip bomb: 128 MB of sheet XML (spaces between rows) in about a hundred kilobytes.
    filler = " " * (1024 * 1024)
    body = "".join(filler for _ in range(128))
    write("zip-bomb.xlsx", [("[Content_Types].xml", CONTENT_TYPES), ("xl/worksheets/sheet1.xml", sheet('<row r="1"><c r="A1"><v>1</v></c></row>' + body))])
    # 5. Sparse cells: the last column of every row, 16,384 cells held for each few bytes.
    rows = "".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(1, 1001))
    write("sparse-cells.xlsx", [("xl/worksheets/sheet1.xml", sheet(rows))])
    # 6. An entity bomb: a DTD with nested entities (billion laughs) in the shared strings.
    laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' \
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><sst><si><t>&lol3;</t></si></sst>'
    write("entity-bomb.xlsx", [("xl/sharedStrings.xml", laughs), ("xl/worksheets/sheet1.xml", sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))])
    # 7. A shared-string index past the end and a negative one.
    write("bad-shared-index.xlsx", [("xl/sharedStrings.xml", "<sst><si><t>a</t></si></sst>"),
                                    ("xl/worksheets/sheet1.xml", sheet('<row r="1"><c r="A1" t="s"><v>99999999999999999999</v></c><c r="B1" t="s"><v>-1</v></c></row>'))])
    # 8. Rows going backwards.
    write("rows-backwards.xlsx", [("xl/worksheets/sheet1.xml", sheet('<row r="5"><c r="A5"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>'))])
    # 9. The same bomb with its headers lying: both size fields say 1,000 bytes.
    data = bytearray(open(os.path.join(HERE, "zip-bomb.xlsx"), "rb").read())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            size = int.from_bytes(data[at + offset:at + offset + 4], "little")
            if size > 100 * 1024 * 1024:
                data[at + offset:at + offset + 4] = (1000).to_bytes(4, "little")
            start = at + 4
    open(os.path.join(HERE, "zip-bomb-lying.xlsx"), "wb").write(bytes(data))


if __name__ == "__main__":
    main()

# truncated-deflate.xlsx is not made here: the fuzz target found it (a deflate stream cut short, on
# which ZIPFoundation's inflate loop spun forever); it is kept as it was found.
