import Core
import Foundation
import HTTPServer
import Spreadsheet

/// Pupils at risk per subject: a school's table per year (entered by the school), the municipal table with
/// exports, the import of a file and its templates.
enum PupilsAtRiskRoutes {
    static let routes: [Route] = schoolRoutes + municipalRoutes + importRoutes

    // MARK: A school

    static let schoolRoutes: [Route] = [
        Route(.get, "/schools/{id}/pupils-at-risk") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let year = context.query["year"].flatMap { SchoolYear(parsing: $0) }
            let data = try PupilsAtRisk(database: context.services.database).school(scope, school: id, year: year)
            return schoolPage(context, data, inputs: nil, errors: [])
        },
        Route(.post, "/schools/{id}/pupils-at-risk/{year}") { context in
            let scope = try context.scope
            let id = try context.id("id")
            guard let yearText = context.parameters["year"], let year = SchoolYear(parsing: yearText), String(year.start) == yearText else {
                throw DomainError.notFound
            }
            let service = PupilsAtRisk(database: context.services.database)
            let inputs = context.form.values("row").map { key -> PupilsAtRiskInput in
                PupilsAtRiskInput(id: key == "new" ? nil : Int64(key) ?? -1,
                                  grade: context.form["grade-\(key)"] ?? "", subject: context.form["subject-\(key)"] ?? "",
                                  pupils: context.form["pupils-\(key)"] ?? "", atRisk: context.form["atRisk-\(key)"] ?? "",
                                  withSpecialNeeds: context.form["withSpecialNeeds-\(key)"] ?? "", plan: context.form["plan-\(key)"] ?? "",
                                  measureIds: context.form.values("measures-\(key)").compactMap { Int64($0) })
            }
            do {
                try service.save(scope, school: id, year: year, rows: inputs)
                return Responses.redirect(Notice.redirect(Paths.pupilsAtRisk(school: id, year: year.start), .saved))
            } catch DomainError.invalid(let errors) {
                let data = try service.school(scope, school: id, year: year)
                return schoolPage(context, data, inputs: inputs, errors: errors)
            }
        },
        Route(.get, "/pupils-at-risk/rows/{id}/remove") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let r = try PupilsAtRisk(database: context.services.database).row(scope, id: id)
            let back = Paths.pupilsAtRisk(school: r.schoolId, year: r.schoolYear)
            return Responses.html(Templates.confirm(ConfirmPage(
                chrome: context.chrome(title: "Удалить строку"), heading: "Удалить строку «\(r.key.title)» за \(SchoolYear(r.schoolYear).title)?",
                explanation: "Обучающихся \(r.pupils), в «зоне риска» \(r.atRisk), из них с ОВЗ \(r.withSpecialNeeds). План работы с группой тоже будет удалён.",
                action: Paths.removePupilsAtRisk(id), confirmLabel: "Удалить строку", cancelHref: back)))
        },
        Route(.post, "/pupils-at-risk/rows/{id}/remove") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let service = PupilsAtRisk(database: context.services.database)
            let r = try service.row(scope, id: id)
            try service.remove(scope, id: id)
            return Responses.redirect(Notice.redirect(Paths.pupilsAtRisk(school: r.schoolId, year: r.schoolYear), .deleted))
        },
    ]

    static func schoolPage(_ context: RequestContext, _ d: SchoolPupilsAtRisk, inputs: [PupilsAtRiskInput]?, errors: [FieldError]) -> HTTPResponse {
        let running = SchoolYear.containing(context.services.database.now)
        var years = Set(d.years)
        years.insert(d.year)
        if d.canEdit { years.insert(running); years.insert(SchoolYear(running.start - 1)) }
        let formErrors = FormErrors(errors)
        var rows: [PupilsFormRow] = []
        if d.canEdit {
            let stored = d.lines.map { l in
                PupilsAtRiskInput(id: l.record.id, grade: "\(l.record.grade)", subject: l.record.subject, pupils: "\(l.record.pupils)",
                                  atRisk: "\(l.record.atRisk)", withSpecialNeeds: "\(l.record.withSpecialNeeds)", plan: l.record.plan,
                                  measureIds: l.measures.map(\.id))
            }
            for s in stored {
                let typed = inputs?.first { $0.id == s.id } ?? s
                rows.append(PupilsFormRow(key: s.fieldKey, input: typed, measures: d.measures,
                                          removeHref: Paths.removePupilsAtRisk(s.id ?? 0), errors: formErrors))
            }
            rows.append(PupilsFormRow(key: "new", input: inputs?.first { $0.id == nil }, measures: d.measures, removeHref: nil, errors: formErrors))
        }
        let total = d.total
        let page = PupilsSchoolPage(
            chrome: context.chrome(title: "Обучающиеся в «зоне риска»"), schoolName: d.schoolName, schoolHref: Paths.school(d.schoolId),
            yearTitle: d.year.title,
            years: years.sorted(by: >).map { PupilsYearLink(title: $0.title, href: Paths.pupilsAtRisk(school: d.schoolId, year: $0.start),
                                                             isCurrent: $0 == d.year) },
            lines: d.lines.map(PupilsLineView.init),
            totalText: d.lines.isEmpty ? nil
                : "Всего по строкам: обучающихся \(total.pupils), в «зоне риска» \(total.atRisk) (\(PupilsAtRiskText.share(total.share))), из них с ОВЗ \(total.withSpecialNeeds)",
            canEdit: d.canEdit, action: Paths.savePupilsAtRisk(school: d.schoolId, year: d.year.start), rows: rows,
            hasMeasures: !d.measures.isEmpty, roadmapHref: Paths.roadmap(school: d.schoolId, year: d.year.start),
            errors: formErrors)
        return Responses.html(Templates.pupilsSchool(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    /// The section of the school card.
    static func schoolSection(_ context: RequestContext, school id: Int64) throws -> SchoolPupilsAtRiskSection {
        let d = try PupilsAtRisk(database: context.services.database).school(try context.scope, school: id, year: nil)
        return SchoolPupilsAtRiskSection(yearTitle: d.lines.isEmpty ? nil : d.year.title, lines: d.lines.map(PupilsLineView.init),
                                         href: Paths.pupilsAtRisk(school: id, year: d.lines.isEmpty ? nil : d.year.start),
                                         editLabel: d.canEdit ? "Заполнить или изменить" : nil)
    }

    // MARK: The municipality

    static let municipalRoutes: [Route] = [
        Route(.get, "/pupils-at-risk") { context in
            let (table, municipalities) = try municipalTable(context)
            let scope = try context.scope
            var years = Set(table.years)
            years.insert(table.year)
            let page = PupilsMunicipalPage(
                chrome: context.chrome(title: "Обучающиеся в «зоне риска»", current: Paths.pupilsAtRiskMunicipal),
                municipalityName: table.municipalityName, yearTitle: table.year.title, action: Paths.pupilsAtRiskMunicipal,
                municipalities: municipalities.count > 1
                    ? municipalities.map { SelectOption(value: "\($0.id)", title: $0.name, isSelected: $0.id == table.municipalityId) } : [],
                years: years.sorted(by: >).map { SelectOption(value: "\($0.start)", title: $0.title, isSelected: $0 == table.year) },
                summary: table.summary.lines.map { l in
                    .init(title: l.key.title, schoolCount: l.schoolCount, pupils: l.figures.pupils, atRisk: l.figures.atRisk,
                          withSpecialNeeds: l.figures.withSpecialNeeds, share: PupilsAtRiskText.share(l.share),
                          change: PupilsAtRiskText.change(l.change), changeCode: PupilsAtRiskText.changeCode(l.change))
                },
                schools: table.schools.map { l in
                    .init(schoolName: l.schoolName, schoolHref: Paths.pupilsAtRisk(school: l.schoolId, year: table.year.start),
                          title: l.key.title, pupils: l.figures.pupils, atRisk: l.figures.atRisk, withSpecialNeeds: l.figures.withSpecialNeeds,
                          share: PupilsAtRiskText.share(l.share), previousShare: PupilsAtRiskText.share(l.previous?.share),
                          change: PupilsAtRiskText.change(l.change), changeCode: PupilsAtRiskText.changeCode(l.change))
                },
                exportCSV: Paths.pupilsAtRiskExportCSV(municipality: table.municipalityId, year: table.year.start),
                exportXLSX: Paths.pupilsAtRiskExportXLSX(municipality: table.municipalityId, year: table.year.start),
                importHref: Policy.mayImportPupilsAtRisk(scope) ? Paths.pupilsAtRiskImport : nil)
            return Responses.html(Templates.pupilsMunicipal(page))
        },
    ] + ListExport.routes("/pupils-at-risk") { exportRows(try municipalTable($0).0) }

    /// The table the page and the exports show: the municipality from the query (the coordinator's own by default).
    static func municipalTable(_ context: RequestContext) throws -> (PupilsAtRiskMunicipalTable, [(id: Int64, name: String)]) {
        let scope = try context.scope
        let service = PupilsAtRisk(database: context.services.database)
        let municipalities = try service.readableMunicipalities(scope)
        let requested = context.query["municipality"].flatMap { Int64($0) }
        guard let municipalityId = requested ?? scope.municipalityId ?? municipalities.first?.id else { throw DomainError.notFound }
        let year = context.query["year"].flatMap { SchoolYear(parsing: $0) }
        return (try service.municipalTable(scope, municipalityId: municipalityId, year: year), municipalities)
    }

    /// The rows of the exports: what the page shows, one row per school, grade and subject (shares in percent).
    static func exportRows(_ table: PupilsAtRiskMunicipalTable) -> ListExport {
        let header = ["Муниципалитет", "Школа", "Учебный год", "Класс", "Предмет", "Обучающихся", "В зоне риска", "Из них с ОВЗ",
                      "Доля в зоне риска, %", "Доля годом ранее, %", "Изменение, п. п.", "План работы"]
        let widths: [Double] = [22, 40, 12, 8, 22, 12, 12, 12, 10, 12, 18, 50]
        func number(_ d: Double?) -> String { d.map { PupilsAtRiskMath.decimal($0) } ?? "" }
        let rows = table.schools.map { l -> [String] in
            [table.municipalityName, l.schoolName, table.year.title, "\(l.key.grade)", l.key.subject, "\(l.figures.pupils)",
             "\(l.figures.atRisk)", "\(l.figures.withSpecialNeeds)", number(l.share.map { $0 * 100 }),
             number(l.previous?.share.map { $0 * 100 }), number(l.change), l.plan]
        }
        return ListExport(title: "Зона риска \(table.municipalityName) \(table.year.title)", asciiName: "pupils-at-risk-\(table.year.start)",
                          columns: header.indices.map { ExportColumn(header[$0], numeric: $0 == 3 || (5...10).contains($0), width: widths[$0]) },
                          rows: rows)
    }

    // MARK: Import

    static let importRoutes: [Route] = [
        Route(.get, "/pupils-at-risk/import") { context in
            try uploadPage(context, errors: [])
        },
        Route(.post, "/pupils-at-risk/import", multipart: true) { context in
            let scope = try context.scope
            try Policy.requireImportPupilsAtRisk(scope)
            guard let file = context.files.first(where: { $0.name == "file" }), !(file.fileName ?? "").isEmpty else {
                return try uploadPage(context, errors: [FieldError("file", "Выберите файл XLSX, ODS или CSV")])
            }
            let data = Data(file.body)
            let lines: [ImportLine]
            switch ImportLines.read(data, limits: context.services.configuration.xlsxLimits) {
            case .success(let l): lines = l
            case .failure(let error): return try uploadPage(context, errors: [FieldError("file", error.message)])
            }
            let pending = try PendingImports(database: context.services.database).store(scope, fileName: file.fileName ?? "", content: data)
            let plan = try PupilsAtRiskImporter(database: context.services.database).preview(scope, fileName: pending.fileName, lines: lines)
            return Responses.html(Templates.importPreview(previewPage(context, plan, token: pending.token, errors: [])),
                                  status: plan.canCommit ? .ok : .unprocessableContent)
        },
        Route(.post, "/pupils-at-risk/import/commit") { context in
            let scope = try context.scope
            try Policy.requireImportPupilsAtRisk(scope)
            let token = context.form["token"] ?? ""
            let pendingImports = PendingImports(database: context.services.database)
            let pending = try pendingImports.load(scope, token: token)
            let lines: [ImportLine]
            switch ImportLines.read(pending.content, limits: context.services.configuration.xlsxLimits) {
            case .success(let l): lines = l
            case .failure(let error): return try uploadPage(context, errors: [FieldError("file", error.message)])
            }
            let importer = PupilsAtRiskImporter(database: context.services.database)
            do {
                try importer.commit(scope, fileName: pending.fileName, lines: lines)
            } catch DomainError.invalid(let errors) {
                let plan = try importer.preview(scope, fileName: pending.fileName, lines: lines)
                return Responses.html(Templates.importPreview(previewPage(context, plan, token: token, errors: Array(errors.prefix(20)))),
                                      status: .unprocessableContent)
            }
            try pendingImports.remove(token: token)
            return Responses.redirect(Notice.redirect(Paths.pupilsAtRiskMunicipal, .imported))
        },
        Route(.get, "/pupils-at-risk/template.xlsx") { context in
            _ = try context.scope
            let writer = XLSXWriter()
            try writer.addSheet(name: "Зона риска", header: PupilsAtRiskImporter.templateHeader)
            try writer.addRow(PupilsAtRiskImporter.templateExample.enumerated().map { i, v -> Cell? in
                guard let v, !v.isEmpty else { return nil }
                if (4...8).contains(i), let n = Int(v) { return Cell.number(n) }
                return .text(v)
            })
            return ImportRoutes.download(try writer.data(), type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                         name: "pupils-at-risk-template.xlsx")
        },
        Route(.get, "/pupils-at-risk/template.csv") { context in
            _ = try context.scope
            let data = CSVWriter.data(rows: [PupilsAtRiskImporter.templateHeader, PupilsAtRiskImporter.templateExample])
            return ImportRoutes.download(data, type: "text/csv; charset=utf-8", name: "pupils-at-risk-template.csv")
        },
    ]

    static func uploadPage(_ context: RequestContext, errors: [FieldError]) throws -> HTTPResponse {
        try Policy.requireImportPupilsAtRisk(try context.scope)
        let page = ImportUploadPage(
            chrome: context.chrome(title: "Загрузка: обучающиеся в «зоне риска»", current: Paths.pupilsAtRiskMunicipal),
            title: "Загрузка: обучающиеся в «зоне риска»", heading: "Загрузка данных об обучающихся в «зоне риска»",
            rowDescription: "одна строка — школа, учебный год, класс (9 или 11) и предмет. Графы (в любом порядке, заголовки можно писать по-своему — «Код ОО», «Группа риска», «С ОВЗ»)",
            notes: "Школа ищется по коду, а без кода — по названию в муниципалитете. Если графы «План работы» нет, введённые школами планы сохраняются.",
            fileLabel: "Файл", action: Paths.pupilsAtRiskImport, templateXLSX: Paths.pupilsAtRiskTemplateXLSX,
            templateCSV: Paths.pupilsAtRiskTemplateCSV, importsHref: nil,
            columns: PupilsAtRiskImporter.templateHeader.joined(separator: ", "), limitTitle: "\(Limits.upload >> 20) МБ",
            errors: FormErrors(errors))
        return Responses.html(Templates.importUpload(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static func figures(_ f: PupilsAtRiskFigures?) -> String {
        guard let f else { return "—" }
        return "обучающихся \(f.pupils), в «зоне риска» \(f.atRisk), с ОВЗ \(f.withSpecialNeeds)"
    }

    static func previewPage(_ context: RequestContext, _ plan: PupilsAtRiskImportPlan, token: String, errors: [FieldError]) -> ImportPreviewPage {
        ImportPreviewPage(
            chrome: context.chrome(title: "Проверка файла", current: Paths.pupilsAtRiskMunicipal), plan: plan,
            parts: .init(keyColumns: ["Школа", "Год", "Класс, предмет"], key: { [$0.schoolName, $0.year.title, $0.key.title] },
                         old: { figures($0.old) }, new: { figures($0.new) }, addedTitle: "Данные",
                         commitLabel: "Загрузить данные", commitAction: Paths.pupilsAtRiskImportCommit, uploadHref: Paths.pupilsAtRiskImport),
            token: token, errors: errors)
    }
}
