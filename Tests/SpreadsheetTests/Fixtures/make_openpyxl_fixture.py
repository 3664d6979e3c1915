"""Writes the openpyxl fixture used by SpreadsheetTests: python3 make_openpyxl_fixture.py OUT.xlsx"""
import datetime
import sys

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Результаты"
ws["A1"] = "Школа"
ws.merge_cells("A1:B1")
ws["C1"] = "Итоги"
ws.merge_cells("C1:E1")
ws.append(["Код", "Название", "Участников", "Средний балл", "Дата"])
ws.append(["S1", 'МБОУ "СОШ № 1"', 25, 3.75, datetime.date(2023, 9, 1)])
ws["E3"].number_format = "DD.MM.YYYY"
ws.append(["S2", None, 30, None, datetime.datetime(2024, 2, 29, 14, 30)])
ws["E4"].number_format = "dd.mm.yyyy hh:mm"
# row 5 left out: a gap in row numbers
ws["A6"] = "S3"
ws["C6"] = -7
ws["D6"] = True
ws["F6"] = CellRichText(["жирный ", TextBlock(InlineFont(b=True), "текст")])
ws2 = wb.create_sheet("Справка")
ws2.append(["Ключ", "Значение"])
ws2.append(["доля", 0.1])
ws2.append(["большое", 12345678901])
ws2.append(["  пробелы  ", "строка\nвторая"])
wb.save(sys.argv[1])
