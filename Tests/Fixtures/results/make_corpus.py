#!/usr/bin/env python3
"""Results files as coordinators have them, for ResultsCorpusTests: writes each file and `expected.json` (the figures
each must import to, or the words of its refusal). The schools and the catalogue are the suite's fixture region:
000303 «СОШ № 3», 000305 «Лицей № 5» (Город Заречный), 000412 «ООШ с. Берёзовка», 000418 «СОШ № 18» (Сосновский район);
procedures 1–4 ВПР Математика/Русский язык 5/6, 5–6 ОГЭ Математика/Русский язык, 7–9 ЕГЭ.
Run: python3 Tests/Fixtures/results/make_corpus.py  (openpyxl; LibreOffice `soffice` for the re-saved files)."""
import json, os, shutil, subprocess, sys, tempfile
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

def expect(name, shape, results=None, refused=None, notes=(), ignored=()):
    e = {"file": name, "shape": shape}
    if results is not None: e["results"] = results
    if refused is not None: e["refused"] = refused
    e["notes"] = list(notes); e["ignored"] = list(ignored)
    expected.append(e)

def save(wb, name):
    wb.save(os.path.join(HERE, name))

def csv(name, text, encoding="utf-8"):
    with open(os.path.join(HERE, name), "w", encoding=encoding, newline="") as f: f.write(text)

def resave(source, name):
    """Re-saves an XLSX through LibreOffice headless, as a coordinator's LibreOffice does."""
    soffice = shutil.which("soffice") or "/usr/bin/soffice"
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in.xlsx"); shutil.copy(os.path.join(HERE, source), src)
        out = os.path.join(tmp, "out"); os.mkdir(out)
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "xlsx",
                        "--outdir", out, src], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
        shutil.copy(os.path.join(out, "in.xlsx"), os.path.join(HERE, name))

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
expect("22_unknown_subject.csv", "a subject missing from the catalogue", refused="Предметы ОГЭ в каталоге: Математика, Русский язык")

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

# 30. Numeric codes formatted 000000, re-saved by LibreOffice (its own styles.xml): the codes read as Excel shows them,
# so an unknown one is named «000999», not «999».
wb = Workbook(); ws = wb.active; ws.append(HEADER)
ws.append(row(303, None, "2022/2023", "ВПР", "Математика", 5, 54, (9, 20, 17, 8), mean=3.44)); ws["B2"].number_format = "000000"
ws.append(row(999, None, "2022/2023", "ОГЭ", "Русский язык", None, 12, below=0)); ws["B3"].number_format = "000000"
save(wb, "30_zero_padded_codes.xlsx")
try:
    resave("30_zero_padded_codes.xlsx", "30_zero_padded_codes_libreoffice.xlsx")
except (OSError, subprocess.SubprocessError) as e:
    sys.exit(f"LibreOffice re-save failed: {e}")
os.remove(os.path.join(HERE, "30_zero_padded_codes.xlsx"))
expect("30_zero_padded_codes_libreoffice.xlsx", "numeric codes formatted 000000, re-saved by LibreOffice; one unknown",
       refused="строка 3: Школа с кодом «000999» не найдена")

with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
    json.dump(expected, f, ensure_ascii=False, indent=1)
print(f"{len(expected)} files")
