#!/usr/bin/env python3
"""Results files as coordinators have them, for ResultsCorpusTests: writes each file and `expected.json` (the figures
each must import to, or the words of its refusal). The schools and the catalogue are the suite's fixture region:
000303 «СОШ № 3», 000305 «Лицей № 5» (Город Заречный), 000412 «ООШ с. Берёзовка», 000418 «СОШ № 18» (Сосновский район);
procedures 1–4 ВПР Математика/Русский язык 5/6, 5–6 ОГЭ Математика/Русский язык, 7–9 ЕГЭ.
Files that are no table we read (30s: a password, an old XLS, a Word document, a PDF, an HTML export, a picture, an
empty file) expect the exact message that says what they are (`unreadable`).
Run: python3 Tests/Fixtures/results/make_corpus.py  (openpyxl, python-docx, msoffcrypto-tool; LibreOffice `soffice` for
the re-saved, ODS, XLS and PDF files)."""
import json, os, shutil, struct, subprocess, sys, tempfile, zlib
from openpyxl import Workbook
from openpyxl.styles import Font

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = ["Муниципалитет", "Код школы", "Школа", "Учебный год", "Процедура", "Предмет", "Класс", "Участников",
          "«2»", "«3»", "«4»", "«5»", "Ниже минимума", "Средний балл", "Понизили", "Подтвердили", "Повысили"]
expected = []

def result(code, procedure, year, n, marks=None, below=None, mean=None):
    r = {"code": code, "procedure": procedure, "year": year, "participants": n}
    if marks: r["marks"] = marks
    if below is not None: r["below"] = below
    if mean is not None: r["mean"] = mean
    return r

def expect(name, shape, results=None, refused=None, notes=(), ignored=(), unreadable=None, refusals=()):
    e = {"file": name, "shape": shape}
    if results is not None: e["results"] = results
    if refused is not None: e["refused"] = refused
    if unreadable is not None: e["unreadable"] = unreadable
    if refusals: e["refusals"] = list(refusals)
    e["notes"] = list(notes); e["ignored"] = list(ignored)
    expected.append(e)

def save(wb, name):
    wb.save(os.path.join(HERE, name))

def csv(name, text, encoding="utf-8"):
    with open(os.path.join(HERE, name), "w", encoding=encoding, newline="") as f: f.write(text)

def resave(source, name, fmt="xlsx"):
    """Re-saves an XLSX through LibreOffice headless as `fmt` (xlsx, ods, xls, pdf), as a coordinator's LibreOffice does."""
    soffice = shutil.which("soffice") or "/usr/bin/soffice"
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in.xlsx"); shutil.copy(os.path.join(HERE, source), src)
        out = os.path.join(tmp, "out"); os.mkdir(out)
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", fmt,
                        "--outdir", out, src], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
        shutil.copy(os.path.join(out, "in." + fmt), os.path.join(HERE, name))

def row(code, school, year, family, subject, grade, n, m=(None,) * 4, below=None, mean=None, municipality="Город Заречный"):
    return [municipality, code, school, year, family, subject, grade, n, *m, below, mean, None, None, None]

VPR_A = result("000303", 1, 2022, 54, [9, 20, 17, 8], mean=3.44)
OGE_B = result("000305", 5, 2022, 31, below=2, mean=3.88)

# 1. The template as downloaded and filled in.
wb = Workbook(); ws = wb.active; ws.title = "Результаты"; ws.append(HEADER)
ws.append(row("000303", "СОШ № 3", "2022/2023", "ВПР", "Математика", 5, 54, (9, 20, 17, 8), mean=3.44))
ws.append(row("000305", "Лицей № 5", "2022/2023", "ОГЭ", "Математика", None, 31, below=2, mean=3.88))
save(wb, "01_template.xlsx"); expect("01_template.xlsx", "the template, filled in", [VPR_A, OGE_B])

# 2. Title lines and a blank line above the header.
wb = Workbook(); ws = wb.active
ws.append(["Результаты оценочных процедур"]); ws.append(["Город Заречный, 2022/2023 учебный год"]); ws.append([])
ws.append(HEADER); ws.append(row("000303", "СОШ № 3", "2022/2023", "ВПР", "Математика", 5, 54, (9, 20, 17, 8), mean=3.44))
save(wb, "02_title_lines.xlsx"); expect("02_title_lines.xlsx", "two title lines and a blank line above the header", [VPR_A])

# 3. A merged title cell above the header.
wb = Workbook(); ws = wb.active
ws.append(["Сведения о результатах ВПР и ОГЭ"]); ws.merge_cells("A1:Q1"); ws["A1"].font = Font(bold=True, size=14)
ws.append(HEADER); ws.append(row("000305", "Лицей № 5", "2022/2023", "ОГЭ", "Математика", None, 31, below=2, mean=3.88))
save(wb, "03_merged_title.xlsx"); expect("03_merged_title.xlsx", "a merged title cell A1:Q1 above the header", [OGE_B])

# 4. A header over two rows: «Количество отметок» merged above 2 / 3 / 4 / 5, the other columns merged down.
def two_row(ws, group):
    top = ["Код ОО", "Наименование ОО", "Учебный год", "Процедура", "Предмет", "Класс", "Кол-во участников", group, None, None, None, "Средний балл"]
    ws.append(["ВПР-2023: результаты по школам"]); ws.append(top); ws.append([None] * 7 + ["2", "3", "4", "5"])
    for c in "ABCDEFGL": ws.merge_cells(f"{c}2:{c}3")
    ws.merge_cells("H2:K2")
wb = Workbook(); ws = wb.active; two_row(ws, "Количество отметок")
ws.append(["000303", "СОШ № 3", "2022/2023", "ВПР", "Математика", 5, 54, 9, 20, 17, 8, 3.44])
ws.append(["000305", "Лицей № 5", "2022/2023", "ВПР", "Русский язык", 5, 40, 4, 16, 14, 6, 3.55])
save(wb, "04_two_row_header.xlsx")
expect("04_two_row_header.xlsx", "a title, a header over two rows («Количество отметок» merged above 2/3/4/5)",
       [VPR_A, result("000305", 3, 2022, 40, [4, 16, 14, 6], mean=3.55)])

# 5. Extra columns, ignored and listed.
wb = Workbook(); ws = wb.active
ws.append(["№ п/п"] + HEADER[:8] + ["Учитель"] + HEADER[8:12] + ["Примечание"])
ws.append([1, "Город Заречный", "000303", "СОШ № 3", "2022/2023", "ВПР", "Математика", 5, 54, "Иванова И. И.", 9, 20, 17, 8, "перепроверено"])
save(wb, "05_extra_columns.xlsx")
expect("05_extra_columns.xlsx", "extra columns (№ п/п, Учитель, Примечание)", [result("000303", 1, 2022, 54, [9, 20, 17, 8])],
       ignored=["№ п/п", "Учитель", "Примечание"])

# 6. A totals row at the end.
wb = Workbook(); ws = wb.active; ws.append(HEADER)
ws.append(row("000303", "СОШ № 3", "2022/2023", "ВПР", "Математика", 5, 54, (9, 20, 17, 8), mean=3.44))
ws.append(row("000305", "Лицей № 5", "2022/2023", "ОГЭ", "Математика", None, 31, below=2, mean=3.88))
ws.append(["Итого", None, None, None, None, None, None, 85, 9, 20, 17, 8, 2])
save(wb, "06_totals_row.xlsx"); expect("06_totals_row.xlsx", "a totals row «Итого» after the data", [VPR_A, OGE_B], notes=["Строки итогов пропущены (1)"])

# 7. Empty trailing rows and columns (blank strings and formatting left behind).
wb = Workbook(); ws = wb.active; ws.append(HEADER + [None, None, " "])
ws.append(row("000303", "СОШ № 3", "2022/2023", "ВПР", "Математика", 5, 54, (9, 20, 17, 8), mean=3.44) + [None, None, " "])
for r in range(3, 12):
    ws.cell(row=r, column=1, value=" "); ws.cell(row=r, column=20).font = Font(bold=True)
save(wb, "07_trailing_empty.xlsx"); expect("07_trailing_empty.xlsx", "blank rows and columns after the table", [VPR_A])

# 8. «Статистика по отметкам» in percent, converted.
wb = Workbook(); ws = wb.active; two_row(ws, "Статистика по отметкам, %")
ws.append(["000303", "СОШ № 3", "2022/2023", "ВПР", "Математика", 5, 54, 16.67, 37.04, 31.48, 14.81, 3.44])
ws.append(["000305", "Лицей № 5", "2022/2023", "ВПР", "Русский язык", 5, 40, 10, 40, 35, 15, 3.55])
save(wb, "08_percent_stats.xlsx")
expect("08_percent_stats.xlsx", "marks as percentages under «Статистика по отметкам, %»",
       [VPR_A, result("000305", 3, 2022, 40, [4, 16, 14, 6], mean=3.55)], notes=["пересчитаны в число учеников (2 строк)"])

# 9. Percentages that do not add up.
wb = Workbook(); ws = wb.active; two_row(ws, "Статистика по отметкам, %")
ws.append(["000303", "СОШ № 3", "2022/2023", "ВПР", "Математика", 5, 54, 16.7, 37.0, 31.5, 12.1, 3.44])
save(wb, "09_percent_not_100.xlsx")
expect("09_percent_not_100.xlsx", "percentages adding up to 97,3 %", refused="в сумме дают 97,3 %")

# 10. Percent-formatted cells (0.1667 shown as 16,67 %) with percent headers.
wb = Workbook(); ws = wb.active
ws.append(["Код ОО", "ОО", "Год", "Процедура", "Предмет", "Класс", "Участников", "% «2»", "% «3»", "% «4»", "% «5»"])
ws.append(["000303", "СОШ № 3", "2022/2023", "ВПР", "Математика", 5, 54, 9 / 54, 20 / 54, 17 / 54, 8 / 54])
for c in "HIJK": ws[f"{c}2"].number_format = "0.00%"
save(wb, "10_percent_cells.xlsx")
expect("10_percent_cells.xlsx", "percent-formatted cells under «% «2»» headers", [result("000303", 1, 2022, 54, [9, 20, 17, 8])],
       notes=["пересчитаны"])

# 11. One sheet per procedure, no procedure/subject/grade columns.
wb = Workbook(); short = ["Код школы", "Школа", "Учебный год", "Участников", "«2»", "«3»", "«4»", "«5»", "Ниже минимума", "Средний балл"]
for title, rows in [("ВПР Математика 5", [["000303", "СОШ № 3", "2022/2023", 54, 9, 20, 17, 8, None, 3.44]]),
                    ("ВПР Русский язык 6", [["000303", "СОШ № 3", "2022/2023", 50, 5, 20, 15, 10, None, 3.6],
                                            ["000305", "Лицей № 5", "2022/2023", 44, 2, 12, 20, 10, None, 3.86]]),
                    ("ОГЭ Математика", [["000305", "Лицей № 5", "2022/2023", 31, None, None, None, None, 2, 3.88]])]:
    ws = wb.create_sheet(title); ws.append(short)
    for r in rows: ws.append(r)
del wb["Sheet"]; save(wb, "11_sheet_per_procedure.xlsx")
expect("11_sheet_per_procedure.xlsx", "one sheet per procedure, the sheet name as procedure, subject and grade",
       [VPR_A, result("000303", 4, 2022, 50, [5, 20, 15, 10], mean=3.6), result("000305", 4, 2022, 44, [2, 12, 20, 10], mean=3.86), OGE_B],
       notes=["Данные взяты с листов «ВПР Математика 5», «ВПР Русский язык 6», «ОГЭ Математика»"])

# 12. An instructions sheet first.
wb = Workbook(); ws = wb.active; ws.title = "Инструкция"
for line in ["Как заполнить", "Впишите число участников и отметок.", "Не меняйте заголовки."]: ws.append([line])
ws = wb.create_sheet("Данные"); ws.append(HEADER)
ws.append(row("000303", "СОШ № 3", "2022/2023", "ВПР", "Математика", 5, 54, (9, 20, 17, 8), mean=3.44))
save(wb, "12_instructions_first.xlsx")
expect("12_instructions_first.xlsx", "an instructions sheet before the data sheet", [VPR_A],
       notes=["Данные взяты с листа «Данные»; без строки заголовков пропущены: «Инструкция»"])

# 13. One sheet per subject, the procedure and grade in columns.
wb = Workbook(); del wb["Sheet"]
for subject, code, marks in [("Математика", "000303", (9, 20, 17, 8)), ("Русский язык", "000303", (6, 20, 18, 10))]:
    ws = wb.create_sheet(subject); ws.append(["Код ОО", "ОО", "Год", "Процедура", "Класс", "Участников", "2", "3", "4", "5"])
    ws.append([code, "СОШ № 3", "2022/2023", "ВПР", 5, 54, *marks])
save(wb, "13_sheet_per_subject.xlsx")
expect("13_sheet_per_subject.xlsx", "one sheet per subject, the sheet name as the subject",
       [result("000303", 1, 2022, 54, [9, 20, 17, 8]), result("000303", 3, 2022, 54, [6, 20, 18, 10])])

# 14. Subject and procedure spellings.
csv("14_spellings.csv", "Код школы;Школа;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»;Ниже минимума\n"
    "000303;СОШ № 3;2022/2023;ВПР 5 класс;математика;;54;9;20;17;8;\n"
    "000303;СОШ № 3;2022/2023;впр;русский яз.;6;50;5;20;15;10;\n"
    "000305;Лицей № 5;2022/2023;ВПР;Рус. яз;5;40;4;16;14;6;\n"
    "000305;Лицей № 5;2022/2023;ОГЭ-9;Математика;;31;;;;;2\n")
expect("14_spellings.csv", "«ВПР 5 класс», «математика», «русский яз.», «Рус. яз», «ОГЭ-9»",
       [result("000303", 1, 2022, 54, [9, 20, 17, 8]), result("000303", 4, 2022, 50, [5, 20, 15, 10]),
        result("000305", 3, 2022, 40, [4, 16, 14, 6]), result("000305", 5, 2022, 31, below=2)])

# 15. Year spellings.
csv("15_years.csv", "Код школы;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»\n"
    "000303;2022-2023;ВПР;Математика;5;54;9;20;17;8\n000303;2021/22;ВПР;Математика;5;50;5;20;15;10\n"
    "000303;2020–2021;ВПР;Математика;5;40;4;16;14;6\n000303;2019 / 2020;ВПР;Математика;5;30;3;12;10;5\n")
expect("15_years.csv", "years «2022-2023», «2021/22», «2020–2021», «2019 / 2020»",
       [result("000303", 1, 2022, 54, [9, 20, 17, 8]), result("000303", 1, 2021, 50, [5, 20, 15, 10]),
        result("000303", 1, 2020, 40, [4, 16, 14, 6]), result("000303", 1, 2019, 30, [3, 12, 10, 5])])

# 16. A bare year (ЕГЭ-2016 style): the exam year.
csv("16_bare_year.csv", "Код школы;Год;Экзамен;Предмет;Участников;Ниже минимума;Средний балл\n000305;2016;ЕГЭ;Русский язык;25;1;71,5\n")
expect("16_bare_year.csv", "a bare year «2016», read as 2015/2016", [result("000305", 9, 2015, 25, below=1, mean=71.5)],
       notes=["Год «2016» прочитан как учебный год 2015/2016"])

# 17. A numeric code formatted 000000.
wb = Workbook(); ws = wb.active; ws.append(HEADER)
ws.append(row(303, "СОШ № 3", "2022/2023", "ВПР", "Математика", 5, 54, (9, 20, 17, 8), mean=3.44)); ws["B2"].number_format = "000000"
ws.append(row(412, None, "2022/2023", "ОГЭ", "Русский язык", None, 12, below=0, municipality="Сосновский район")); ws["B3"].number_format = "000000"
save(wb, "17_numeric_codes.xlsx")
expect("17_numeric_codes.xlsx", "school codes as numbers shown as 000303", [VPR_A, result("000412", 6, 2022, 12, below=0)])

# 18. Codes as text with leading zeros, Windows line ends.
csv("18_text_codes.csv", "\ufeffКод ОО;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»\r\n"
    "\"000418\";2022/2023;ВПР;Математика;6;20;2;8;6;4\r\n")
expect("18_text_codes.csv", "a code «000418» as quoted text, BOM, CRLF", [result("000418", 2, 2022, 20, [2, 8, 6, 4])])

# 19. Names without codes: ё/е, quotes, non-breaking and double spaces, «СШ» for «СОШ».
csv("19_names.csv", "Муниципалитет;Наименование ОО;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»\n"
    "Город Заречный;МБОУ «СШ №\u00a03»;2022/2023;ВПР;Математика;5;54;9;20;17;8\n"
    "Город Заречный;Лицей  № 5 имени Ю.А. Гагарина;2022/2023;ВПР;Математика;5;40;4;16;14;6\n"
    "Сосновский район;МКОУ \"ООШ с. Березовка\";2022/2023;ВПР;Математика;5;10;1;4;3;2\n"
    "Сосновский район;'СОШ № 18';2022/2023;ВПР;Математика;5;20;2;8;6;4\n")
expect("19_names.csv", "names only: «СШ» for «СОШ», е for ё, «»/\"\"/'' quotes, NBSP and double spaces",
       [result("000303", 1, 2022, 54, [9, 20, 17, 8]), result("000305", 1, 2022, 40, [4, 16, 14, 6]),
        result("000412", 1, 2022, 10, [1, 4, 3, 2]), result("000418", 1, 2022, 20, [2, 8, 6, 4])])

# 20. A «,» CSV with an unquoted decimal comma: refused, naming the row.
csv("20_decimal_comma.csv", "Код школы,Учебный год,Процедура,Предмет,Класс,Участников,«2»,«3»,«4»,«5»,Средний балл\n"
    "000303,2022/2023,ВПР,Математика,5,54,9,20,17,8,\"3,44\"\n000305,2022/2023,ВПР,Математика,5,40,4,16,14,6,3,88\n")
expect("20_decimal_comma.csv", "a «,» CSV with an unquoted «3,88» in row 3", refused="строка 3: полей в строке 12, а граф в заголовке 11")

# 21. A code and a name of different schools.
csv("21_code_name_conflict.csv", "Код школы;Школа;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»\n"
    "000303;Лицей № 5;2022/2023;ВПР;Математика;5;54;9;20;17;8\n")
expect("21_code_name_conflict.csv", "code 000303 (СОШ № 3) with the name «Лицей № 5»", refused="другая школа, «Лицей № 5»")

# 22. An unknown subject lists the catalogue's subjects.
csv("22_unknown_subject.csv", "Код школы;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»\n000303;2022/2023;ОГЭ;Астрономия;9;20;;;;\n")
expect("22_unknown_subject.csv", "a subject missing from the catalogue", refused="Предмет «Астрономия» не найден в каталоге ОГЭ. Известные: Английский язык, Биология, География, "
                                                                "Информатика, Математика, Обществознание, Русский язык, Физика, Химия")

# 23. A cell that cannot be read: row and column as Excel shows them.
wb = Workbook(); ws = wb.active; ws.append(["Отчёт"]); ws.append([]); ws.append(HEADER)
ws.append(row("000303", "СОШ № 3", "2022/2023", "ВПР", "Математика", 5, 54, (9, 20, 17, 8)))
ws.append(row("000305", "Лицей № 5", "2022/2023", "ВПР", "Математика", 5, "сорок", (4, 16, 14, 6)))
save(wb, "23_bad_cell.xlsx")
expect("23_bad_cell.xlsx", "«сорок» participants in row 5", refused="строка 5: столбец H («Участников»): «сорок» — ожидается целое неотрицательное число")

# 24. Marks that do not add up to the participants.
csv("24_marks_exceed.csv", "Код школы;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»\n000303;2022/2023;ВПР;Математика;5;54;19;20;17;8\n")
expect("24_marks_exceed.csv", "marks summing to 64 of 54 participants", refused="строка 2")

# 25. A TAB-separated file in Windows-1251 with a title line (delimiter from the header row, see the reader).
csv("25_cp1251_tab.csv", "Код школы\tУчебный год\tПроцедура\tПредмет\tКласс\tУчастников\t«2»\t«3»\t«4»\t«5»\n"
    "000303\t2022/2023\tВПР\tМатематика\t5\t54\t9\t20\t17\t8\n", encoding="cp1251")
expect("25_cp1251_tab.csv", "TAB, Windows-1251", [result("000303", 1, 2022, 54, [9, 20, 17, 8])])

# 26–27. Re-saved by LibreOffice: shared strings, styles, merged cells as LibreOffice writes them.
try:
    resave("01_template.xlsx", "26_template_libreoffice.xlsx")
    expect("26_template_libreoffice.xlsx", "the template re-saved by LibreOffice", [VPR_A, OGE_B])
    resave("08_percent_stats.xlsx", "27_percent_libreoffice.xlsx")
    expect("27_percent_libreoffice.xlsx", "the percent table re-saved by LibreOffice",
           [VPR_A, result("000305", 3, 2022, 40, [4, 16, 14, 6], mean=3.55)], notes=["пересчитаны"])
except (OSError, subprocess.SubprocessError) as e:
    sys.exit(f"LibreOffice re-save failed: {e}")

# 28. Percentages whose product is not a whole number of pupils: 20,0 % of 54 is 10,8 (whole percentages «20» would be
# read as 11 pupils, 20,37 % rounded — see 28a).
csv("28_percent_not_whole.csv", "Код ОО;Год;Процедура;Предмет;Класс;Участников;% «2»;% «3»;% «4»;% «5»\n"
    "000303;2022/2023;ВПР;Математика;5;54;20,0;30,0;30,0;20,0\n")
expect("28_percent_not_whole.csv", "20,0 % of 54 participants (10,8 pupils)", refused="«20,0» от 54 участников — не целое число учеников (10,80)")
csv("28a_percent_whole_rounded.csv", "Код ОО;Год;Процедура;Предмет;Класс;Участников;% «2»;% «3»;% «4»;% «5»\n"
    "000303;2022/2023;ВПР;Математика;5;54;20;30;30;20\n")
expect("28a_percent_whole_rounded.csv", "whole percentages of 54: 20 % is 11 pupils (20,37 % rounded)",
       [result("000303", 1, 2022, 54, [11, 16, 16, 11])], notes=["пересчитаны"])

# 29. The same result on two sheets: the second names the first.
wb = Workbook(); del wb["Sheet"]
for title in ["Заречный", "Заречный (копия)"]:
    ws = wb.create_sheet(title); ws.append(HEADER)
    ws.append(row("000303", "СОШ № 3", "2022/2023", "ВПР", "Математика", 5, 54, (9, 20, 17, 8)))
save(wb, "29_duplicate_across_sheets.xlsx")
expect("29_duplicate_across_sheets.xlsx", "one result on two sheets",
       refused="лист «Заречный (копия)», строка 2: повторяет лист «Заречный», строка 2")

# 30–31. A title line above a CSV header: the delimiter is told by the lines that split alike, not by the first line.
csv("30_title_comma.csv", "Результаты ВПР, 2022/2023 учебный год\n\n"
    "Код школы;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»;Средний балл\n"
    "000303;2022/2023;ВПР;Математика;5;54;9;20;17;8;3,44\n000305;2022/2023;ВПР;Русский язык;5;40;4;16;14;6;3,55\n")
expect("30_title_comma.csv", "a «;» CSV under a title line with a comma, decimal commas in the data",
       [VPR_A, result("000305", 3, 2022, 40, [4, 16, 14, 6], mean=3.55)])
csv("31_title_semicolon.csv", "Отчёт: ОГЭ; Сосновский район\n"
    "Код школы,Учебный год,Процедура,Предмет,Участников,Ниже минимума\n000412,2022/2023,ОГЭ,Русский язык,12,0\n")
expect("31_title_semicolon.csv", "a «,» CSV under a title line with a semicolon", [result("000412", 6, 2022, 12, below=0)])

# 32–33. ODS, LibreOffice's own format, made by LibreOffice from the template and the sheet-per-procedure book.
try:
    resave("01_template.xlsx", "32_template.ods", "ods")
    expect("32_template.ods", "the template saved as ODS by LibreOffice", [VPR_A, OGE_B])
    resave("11_sheet_per_procedure.xlsx", "33_sheet_per_procedure.ods", "ods")
    expect("33_sheet_per_procedure.ods", "one sheet per procedure, saved as ODS by LibreOffice",
           [VPR_A, result("000303", 4, 2022, 50, [5, 20, 15, 10], mean=3.6), result("000305", 4, 2022, 44, [2, 12, 20, 10], mean=3.86), OGE_B],
           notes=["Данные взяты с листов «ВПР Математика 5», «ВПР Русский язык 6», «ОГЭ Математика»"])
    resave("01_template.xlsx", "35_old_excel.xls", "xls")
    resave("01_template.xlsx", "37_results.pdf", "pdf")
except (OSError, subprocess.SubprocessError) as e:
    sys.exit(f"LibreOffice conversion failed: {e}")

# 34–40. Files that are no table we read: each gets a message saying what it is and what to do.
SAVE_AS = "откройте его в Excel или LibreOffice Calc, сохраните как «Книга Excel (.xlsx)» и загрузите снова"
import msoffcrypto.format.ooxml
with open(os.path.join(HERE, "01_template.xlsx"), "rb") as src, open(os.path.join(HERE, "34_password.xlsx"), "wb") as dst:
    msoffcrypto.format.ooxml.OOXMLFile(src).encrypt("Пароль-2023", dst)
expect("34_password.xlsx", "an XLSX protected by a password (an OLE compound file with EncryptionInfo)",
       unreadable="Файл защищён паролем: снимите пароль в Excel (Файл → Сведения → Защита книги) и загрузите снова")
expect("35_old_excel.xls", "the template saved as Excel 97–2003 (.xls) by LibreOffice",
       unreadable="Это книга Excel старого формата (XLS), он не поддерживается: " + SAVE_AS)
import docx
d = docx.Document(); d.add_paragraph("Результаты ВПР"); t = d.add_table(rows=2, cols=3)
for i, v in enumerate(["Код школы", "Участников", "Средний балл"]): t.cell(0, i).text = v
for i, v in enumerate(["000303", "54", "3,44"]): t.cell(1, i).text = v
d.save(os.path.join(HERE, "36_word_renamed.xlsx"))
expect("36_word_renamed.xlsx", "a Word document (.docx) renamed .xlsx",
       unreadable="Это текстовый документ (DOCX), а не таблица: перенесите таблицу с результатами в Excel или LibreOffice Calc, "
                  "сохраните как «Книга Excel (.xlsx)» и загрузите снова")
expect("37_results.pdf", "the template printed to PDF by LibreOffice",
       unreadable="Это документ PDF: таблицу из него не прочитать. Загрузите исходную таблицу (XLSX, ODS или CSV) — "
                  "её можно попросить у того, кто прислал PDF")
csv("38_monitoring_export.xls", '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">\n'
    '<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>\n<body><table border="1">\n'
    "<tr><th>Код школы</th><th>Учебный год</th><th>Процедура</th><th>Предмет</th><th>Класс</th><th>Участников</th></tr>\n"
    "<tr><td>000303</td><td>2022/2023</td><td>ВПР</td><td>Математика</td><td>5</td><td>54</td></tr>\n</table></body></html>\n")
expect("38_monitoring_export.xls", "an HTML table saved as .xls, as some monitoring systems export",
       unreadable="Это веб-страница (HTML), а не книга Excel — так выгружают таблицы некоторые системы мониторинга, "
                  "даже если файл называется .xls: " + SAVE_AS)
def png(width, height):
    raw = b"".join(b"\x00" + bytes([255, 255, 255] * width) for _ in range(height))
    chunk = lambda kind, body: struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
with open(os.path.join(HERE, "39_table_photo.png"), "wb") as f: f.write(png(16, 8))
expect("39_table_photo.png", "a picture of a table (PNG)",
       unreadable="Это изображение (PNG), а не таблица: загрузите таблицу с результатами в формате XLSX, ODS или CSV")
csv("40_empty.csv", "")
expect("40_empty.csv", "an empty file", unreadable="Файл пустой: в нём нет ни одной строки")

# ---- 40 onwards: matching, messages and the «What to accept» audit (issues 16, 20) ----

def xlsx_by_hand(name, rows, inline=True, refs=True, sheet="Лист1"):
    """An XLSX written as other programs write it: strings inline (`t="inlineStr"`) rather than shared, and, without
    `refs`, no `r` attribute on rows and cells (cells placed one after another, empty ones as `<c/>`). A value that is
    a Python str is written as text even when it looks like a number (Excel's «число сохранено как текст»)."""
    import zipfile
    from xml.sax.saxutils import escape
    def cell(ref, v):
        at = f' r="{ref}"' if refs else ""
        if v is None: return f"<c{at}/>"
        if isinstance(v, str):
            return f'<c{at} t="inlineStr"><is><t xml:space="preserve">{escape(v)}</t></is></c>'
        return f"<c{at}><v>{v}</v></c>"
    def col(j):
        s = ""
        j += 1
        while j: j, r = divmod(j - 1, 26); s = chr(65 + r) + s
        return s
    body = []
    for i, r in enumerate(rows, 1):
        cells = "".join(cell(f"{col(j)}{i}", v) for j, v in enumerate(r) if refs is False or v is not None)
        body.append(f'<row r="{i}">{cells}</row>' if refs else f"<row>{cells}</row>")
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '</Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {ns} xmlns:r="{rel}">'
            f'<sheets><sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {ns}><sheetData>'
            + "".join(body) + "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(os.path.join(HERE, name), "w", zipfile.ZIP_DEFLATED) as z:
        for n, text in parts.items():
            info = zipfile.ZipInfo(n, date_time=(2024, 1, 1, 0, 0, 0)); info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)

# 50. An unknown subject, a subject of another grade, a misspelt subject and an unknown procedure: each message names
# what was found and what the catalogue knows, sorted and capped, so that a coordinator can correct the file.
csv("50_unknown_spellings.csv", "Код школы;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»;Ниже минимума\n"
    "000303;2022/2023;ВПР;Астрономия;5;54;9;20;17;8;\n"
    "000303;2022/2023;ВПР;Математика;9;54;9;20;17;8;\n"
    "000303;2022/2023;ОГЭ;Матиматика;9;31;;;;;2\n"
    "000303;2022/2023;ВсОШ;Математика;9;31;;;;;2\n")
expect("50_unknown_spellings.csv", "a subject not in the catalogue, a grade not in it, a misspelt subject, an unknown procedure",
       refused="строка 2: Предмет «Астрономия» не найден в каталоге ВПР. Известные: Биология, География, История, Математика, "
               "Обществознание, Окружающий мир, Русский язык, Физика, Химия",
       refusals=["строка 3: ВПР «Математика» в каталоге — для 4, 5, 6, 7, 8 классов, а не для 9",
                 "строка 4: Предмет «Матиматика» не найден в каталоге ОГЭ. Похоже: «Математика». Известные: Английский язык, "
                 "Биология, География, Информатика, Математика, Обществознание, Русский язык, Физика, Химия",
                 "строка 5: Процедура «ВсОШ» не распознана. Известные: ВПР, ОГЭ, ЕГЭ, НИКО"])

# 51. School names without codes as the monitoring systems and the schools write them: a legal form spelt out or
# abbreviated (МОБУ, МАОУ), «им.» for «имени», «№3», a town after the name.
csv("51_school_names.csv", "Муниципалитет;Наименование ОО;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»\n"
    "Город Заречный;МБОУ СОШ №3 г. Заречного;2022/2023;ВПР;Математика;5;54;9;20;17;8\n"
    "Город Заречный;МАОУ «Лицей №5 им. Ю. А. Гагарина»;2022/2023;ВПР;Математика;5;40;4;16;14;6\n"
    "Сосновский район;Муниципальное казённое общеобразовательное учреждение «Основная общеобразовательная школа с. Берёзовка»;"
    "2022/2023;ВПР;Математика;5;10;1;4;3;2\n"
    "Сосновский район;МОБУ «Средняя школа № 18»;2022/2023;ВПР;Математика;5;20;2;8;6;4\n")
expect("51_school_names.csv", "names only: МОБУ/МАОУ/«Муниципальное казённое …», «им.», «№3», a town after the name",
       [result("000303", 1, 2022, 54, [9, 20, 17, 8]), result("000305", 1, 2022, 40, [4, 16, 14, 6]),
        result("000412", 1, 2022, 10, [1, 4, 3, 2]), result("000418", 1, 2022, 20, [2, 8, 6, 4])],
       notes=["«МБОУ СОШ №3 г. Заречного» — «СОШ № 3»"])

# 52. A name two schools answer to: in one municipality (the archived «СОШ № 7» and the «СШ № 7» it became), and in two
# municipalities when the row does not say which. Each message names the schools with their codes.
csv("52_ambiguous_names.csv", "Муниципалитет;Школа;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»\n"
    "Город Заречный;СОШ № 7;2022/2023;ВПР;Математика;5;30;3;12;10;5\n"
    ";Лицей № 5;2022/2023;ВПР;Математика;5;40;4;16;14;6\n")
expect("52_ambiguous_names.csv", "«СОШ № 7» is two schools of Заречный (one archived), «Лицей № 5» is in two municipalities",
       refused="строка 2: Школа «СОШ № 7» — так называются несколько школ: «СОШ № 7» (код 000307, в архиве), «СШ № 7» (код 000327): укажите код школы",
       refusals=["строка 3: Школа «Лицей № 5» — так называются несколько школ: «Лицей № 5» (код 000305, Город Заречный), "
                 "«Лицей № 5» (код 000405, Сосновский район): укажите муниципалитет или код школы"])

# 53. Inline strings and numbers stored as text («54», «3,44» as text cells, Excel's green triangle), empty cells omitted.
xlsx_by_hand("53_inline_strings_text_numbers.xlsx", [
    HEADER,
    ["Город Заречный", "000303", "СОШ № 3", "2022/2023", "ВПР", "Математика", "5", "54", "9", "20", "17", "8", None, "3,44"],
    ["Город Заречный", "000305", "Лицей № 5", "2022/2023", "ОГЭ", "Математика", None, " 31 ", None, None, None, None, "2", "3.88"],
])
expect("53_inline_strings_text_numbers.xlsx", "inline strings (t=\"inlineStr\"), every number stored as text, empty cells omitted",
       [VPR_A, OGE_B])

# 54. Rows and cells without `r` attributes (as some generators write them): cells one after another, empty ones as <c/>.
xlsx_by_hand("54_no_r_attributes.xlsx", [
    ["Результаты ВПР"], [],
    HEADER,
    ["Город Заречный", "000303", "СОШ № 3", "2022/2023", "ВПР", "Математика", 5, 54, 9, 20, 17, 8, None, 3.44],
    ["Город Заречный", "000305", "Лицей № 5", "2022/2023", "ОГЭ", "Математика", None, 31, None, None, None, None, 2, 3.88],
], refs=False)
expect("54_no_r_attributes.xlsx", "no `r` on rows and cells, empty cells as <c/>, a title and a blank row above the header",
       [VPR_A, OGE_B])

# 55. A «,» CSV that imports: decimals and a name with a comma quoted, doubled quotes inside, LF, no BOM.
csv("55_comma_quoted.csv", "Код школы,Школа,Учебный год,Процедура,Предмет,Класс,Участников,«2»,«3»,«4»,«5»,Ниже минимума,Средний балл\n"
    "000303,\"МБОУ \"\"СОШ № 3\"\", г. Заречный\",2022/2023,ВПР,Математика,5,54,9,20,17,8,,\"3,44\"\n"
    "000305,Лицей № 5,2022/2023,ОГЭ,Математика,,31,,,,,2,3.88\n")
expect("55_comma_quoted.csv", "«,» CSV: quoted «3,44» and a quoted name with «\"\"» and a comma, unquoted fields, LF",
       [VPR_A, OGE_B])

# 56. Excel's «CSV (разделители — запятые)» on a Russian Windows: Windows-1251, «;», CRLF, with a title line and a
# blank line above the header (the delimiter is the header row's, not the title's).
csv("56_cp1251_semicolon_title.csv", "Результаты ВПР, 2022/2023 учебный год\r\n\r\n"
    "Код школы;Школа;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»;Средний балл\r\n"
    "000303;СОШ № 3;2022/2023;ВПР;Математика;5;54;9;20;17;8;3,44\r\n"
    "000412;ООШ с. Берёзовка;2022/2023;ВПР;Русский язык;5;10;1;4;3;2;\r\n", encoding="cp1251")
expect("56_cp1251_semicolon_title.csv", "Windows-1251, «;», CRLF, a title line with a comma and a blank line above the header",
       [VPR_A, result("000412", 3, 2022, 10, [1, 4, 3, 2])])

# 57. Totals rows «Всего» and «Итого по муниципалитету» between and after the schools, a trailing blank column.
csv("57_totals_vsego.csv", "Муниципалитет;Код школы;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»;\n"
    "Город Заречный;000303;2022/2023;ВПР;Математика;5;54;9;20;17;8;\n"
    "Итого по муниципалитету;;;;;;54;9;20;17;8;\n"
    "Сосновский район;000418;2022/2023;ВПР;Математика;5;20;2;8;6;4;\n"
    "Всего;;;;;;74;11;28;23;12;\n;;;;;;;;;;;\n")
expect("57_totals_vsego.csv", "totals rows «Итого по муниципалитету» and «Всего», trailing empty fields and rows",
       [result("000303", 1, 2022, 54, [9, 20, 17, 8]), result("000418", 1, 2022, 20, [2, 8, 6, 4])],
       notes=["Строки итогов пропущены (2): строка 3, строка 5"])

# 58. Cells that cannot be read, each named by row and column as Excel shows them, with the value and what is expected.
wb = Workbook(); ws = wb.active; ws.title = "ВПР"; ws.append(HEADER)
ws.append(row("000303", "СОШ № 3", "2022/2024", "ВПР", "Математика", 5, 54, (9, 20, 17, 8)))
ws.append(row("000303", "СОШ № 3", "2022/2023", "ВПР", "Математика", "пятый", 54, (9, 20, 17, 8)))
ws.append(row("000305", "Лицей № 5", "2022/2023", "ВПР", "Математика", 5, 40, (4, 16, "-1", 6), mean="3.5.5"))
ws = wb.create_sheet("ОГЭ"); ws.append(HEADER)
ws.append(row("000305", "Лицей № 5", "2022/2023", "ОГЭ", "Математика", None, 31, below="два"))
save(wb, "58_bad_cells.xlsx")
expect("58_bad_cells.xlsx", "an unreadable year, grade, mark and mean on one sheet and a count on another",
       refused="лист «ВПР», строка 2: столбец D («Учебный год»): «2022/2024» — ожидается учебный год, например 2022/2023",
       refusals=["лист «ВПР», строка 3: столбец G («Класс»): «пятый» — ожидается номер класса от 1 до 11",
                 "лист «ВПР», строка 4: столбец K («4»): «-1» — ожидается целое неотрицательное число",
                 "столбец N («Средний балл»): «3.5.5» — ожидается число, например 3,8",
                 "лист «ОГЭ», строка 2: столбец M («Ниже минимума»): «два» — ожидается целое неотрицательное число"])

# 60. Numeric codes formatted 000000, re-saved by LibreOffice (its own styles.xml): the codes read as Excel shows them,
# so an unknown one is named «000999», not «999».
wb = Workbook(); ws = wb.active; ws.append(HEADER)
ws.append(row(303, None, "2022/2023", "ВПР", "Математика", 5, 54, (9, 20, 17, 8), mean=3.44)); ws["B2"].number_format = "000000"
ws.append(row(999, None, "2022/2023", "ОГЭ", "Русский язык", None, 12, below=0)); ws["B3"].number_format = "000000"
save(wb, "60_zero_padded_codes.xlsx")
try:
    resave("60_zero_padded_codes.xlsx", "60_zero_padded_codes_libreoffice.xlsx")
except (OSError, subprocess.SubprocessError) as e:
    sys.exit(f"LibreOffice re-save failed: {e}")
os.remove(os.path.join(HERE, "60_zero_padded_codes.xlsx"))
expect("60_zero_padded_codes_libreoffice.xlsx", "numeric codes formatted 000000, re-saved by LibreOffice; one unknown",
       refused="строка 3: Школа с кодом «000999» не найдена")

with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
    json.dump(expected, f, ensure_ascii=False, indent=1)
print(f"{len(expected)} files")
