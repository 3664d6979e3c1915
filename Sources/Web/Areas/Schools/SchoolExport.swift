import Core

/// The school list's export: the rows of the list under the same filter (`SchoolDirectory.export` reads `list`),
/// with each school's card fields.
enum SchoolExport {
    static func list(_ export: (year: SchoolYear, rows: [SchoolExportRow], showsActivity: Bool)) -> ListExport {
        let year = export.year
        return ListExport(
            title: "Школы \(year.title)", asciiName: "schools-\(year.start)",
            columns: [ExportColumn("Муниципалитет", width: 24), ExportColumn("Краткое название", width: 28),
                      ExportColumn("Полное название", width: 50), ExportColumn("Вид", width: 16), ExportColumn("Код школы", width: 12),
                      ExportColumn("Статусы \(year.title)", width: 24), ExportColumn("Адрес", width: 40), ExportColumn("Директор", width: 28),
                      ExportColumn("Телефон", width: 16), ExportColumn("Электронная почта", width: 24), ExportColumn("В архиве", width: 12)]
                + (export.showsActivity ? [ExportColumn("Последняя активность", width: 16)] : []),
            rows: export.rows.map { row -> [String] in
                let s = row.school
                return [row.municipalityName, s.shortName, s.name, s.kind.title, s.code ?? "",
                        row.flags.map(\.shortTitle).joined(separator: ", "), s.address ?? "", s.directorName ?? "",
                        s.phone ?? "", s.email ?? "", s.archivedAt.map(RussianDate.format) ?? ""]
                    + (export.showsActivity ? [RussianDate.activity(row.lastActivity)] : [])
            })
    }
}
