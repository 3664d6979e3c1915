#!/usr/bin/env python3
"""The two zip bombs of issue 13 for measuring `opora import-results` (not used by the tests).

    python3 Tests/Bench/xlsx_bombs.py OUTDIR [GIB]

sheet-bomb.xlsx: about 4.7 MB whose sheet XML expands to GIB (default 1) GiB of result rows;
strings-bomb.xlsx: about 1 MB whose sharedStrings.xml expands to GIB GiB. Deflate level 9.
"""
import os, sys, zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = ["Муниципалитет", "Код школы", "Школа", "Учебный год", "Процедура", "Предмет", "Класс", "Участников", "«2»", "«3»", "«4»", "«5»"]


def skeleton(z, shared):
    z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("_rels/.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="Результаты" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    if shared:
        rels += f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')


def inline(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def write_until(f, size, piece):
    written, i = 0, 0
    while written < size:
        chunk = "".join(piece(i + k) for k in range(1000)).encode()
        f.write(chunk)
        written += len(chunk)
        i += 1000


def main():
    out = sys.argv[1]
    size = int(float(sys.argv[2]) * (1 << 30)) if len(sys.argv) > 2 else 1 << 30
    os.makedirs(out, exist_ok=True)
    cols = "ABCDEFGHIJKL"

    with zipfile.ZipFile(os.path.join(out, "sheet-bomb.xlsx"), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        skeleton(z, shared=False)
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'.encode()
                    + "".join(inline(f"{c}1", h) for c, h in zip(cols, HEADER)).encode() + b"</row>")
            # rows without `r` (optional in OOXML), all the same bytes: about 230:1
            values = ["Каменск-Уральский", "660001", "МАОУ «Средняя общеобразовательная школа № 1»", "2022/2023", "ВПР", "Математика"]
            row = ("<row>" + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)
                   + "".join(f"<c><v>{v}</v></c>" for v in [5, 30, 3, 10, 12, 5]) + "</row>")
            write_until(f, size, lambda i: row)
            f.write(b"</sheetData></worksheet>")

    with zipfile.ZipFile(os.path.join(out, "strings-bomb.xlsx"), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        skeleton(z, shared=True)
        with z.open("xl/sharedStrings.xml", "w") as f:
            f.write(f'<sst xmlns="{MAIN}">'.encode())
            # one long text again and again: about 1000:1
            si = "<si><t>" + "а" * 2000 + "</t></si>"
            write_until(f, size, lambda i: si)
            f.write(b"</sst>")
        z.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'
                   + "".join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate(cols)) + "</row></sheetData></worksheet>")

    for name in ["sheet-bomb.xlsx", "strings-bomb.xlsx"]:
        with zipfile.ZipFile(os.path.join(out, name)) as z:
            parts = ", ".join(f"{i.filename} {i.file_size} B (:{i.file_size // max(1, i.compress_size)})" for i in z.infolist() if i.file_size > 1 << 20)
        print(f"{name}: {os.path.getsize(os.path.join(out, name))} B; {parts}")


if __name__ == "__main__":
    main()
