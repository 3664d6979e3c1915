import Core
import Foundation
import HTTPServer
import Spreadsheet

/// Import of results files: upload → preview → commit, the journal of imports with rollback, templates.
enum ImportRoutes {
    static let routes: [Route] = [
        Route(.get, "/results/import") { context in
            try uploadPage(context, errors: [])
        },
        Route(.post, "/results/import", multipart: true) { context in
            let scope = try context.scope
            try Policy.requireImportResults(scope)
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
            let plan = try ResultImporter(database: context.services.database)
                .preview(scope, fileName: pending.fileName, sha256: pending.sha256, lines: lines)
            return Responses.html(Templates.importPreview(previewPage(context, plan, token: pending.token, errors: [])),
                                  status: plan.canCommit ? .ok : .unprocessableContent)
        },
        Route(.post, "/results/import/commit") { context in
            let scope = try context.scope
            let token = context.form["token"] ?? ""
            let pendingImports = PendingImports(database: context.services.database)
            let pending = try pendingImports.load(scope, token: token)
            let lines: [ImportLine]
            switch ImportLines.read(pending.content, limits: context.services.configuration.xlsxLimits) {
            case .success(let l): lines = l
            case .failure(let error): return try uploadPage(context, errors: [FieldError("file", error.message)])
            }
            let importer = ResultImporter(database: context.services.database)
            do {
                try importer.commit(scope, fileName: pending.fileName, sha256: pending.sha256, lines: lines)
            } catch DomainError.invalid(let errors) {
                let plan = try importer.preview(scope, fileName: pending.fileName, sha256: pending.sha256, lines: lines)
                return Responses.html(Templates.importPreview(previewPage(context, plan, token: token, errors: Array(errors.prefix(20)))),
                                      status: .unprocessableContent)
            }
            // The import is committed: a failure to drop the kept file (it expires in an hour) must not report it unsaved.
            try? pendingImports.remove(token: token)
            return Responses.redirect(Notice.redirect(Paths.resultImports, .imported))
        },
        Route(.get, "/results/imports") { context in Responses.html(Templates.importList(try importListPage(context))) },
    ] + ListExport.routes("/results/imports") { try importListPage($0).export } + [
        Route(.get, "/results/imports/{id}/rollback") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let entry = try ResultImporter(database: context.services.database).entry(scope, id: id)
            guard entry.canRollBack else { throw DomainError.conflict("Этот импорт уже отменён") }
            let r = entry.record
            return Responses.html(Templates.confirm(ConfirmPage(
                chrome: context.chrome(title: "Отменить импорт"), heading: "Отменить импорт «\(r.fileName)» от \(RussianDate.format(r.importedAt))?",
                explanation: "Добавленные им результаты (\(r.insertedCount)) будут удалены, изменённые (\(r.updatedCount)) — возвращены к прежним значениям. "
                    + "Если какой-то из этих результатов изменён после импорта, отмена не выполнится.",
                action: Paths.resultImportRollback(id), confirmLabel: "Отменить импорт", cancelHref: Paths.resultImports)))
        },
        Route(.post, "/results/imports/{id}/rollback") { context in
            let scope = try context.scope
            let id = try context.id("id")
            _ = try ResultImporter(database: context.services.database).entry(scope, id: id)
            try ResultImports(database: context.services.database).rollback(scope, importId: id)
            return Responses.redirect(Notice.redirect(Paths.resultImports, .importRolledBack))
        },
        Route(.get, "/results/template.xlsx") { context in
            let (table, name) = try template(context)
            return XLSXExport.response(try ResultsFileExport.xlsx(table), fileName: name + ".xlsx", asciiFallback: "results-template.xlsx")
        },
        Route(.get, "/results/template.csv") { context in
            let (table, name) = try template(context)
            return CSVExport.response(ResultsFileExport.csv(table), fileName: name + ".csv", asciiFallback: "results-template.csv")
        },
    ]

    static func uploadPage(_ context: RequestContext, errors: [FieldError]) throws -> HTTPResponse {
        try Policy.requireImportResults(try context.scope)
        let page = ImportUploadPage(
            chrome: context.chrome(title: "Загрузка результатов", current: Paths.resultImport), title: "Загрузка результатов",
            heading: "Загрузка результатов оценочных процедур",
            rowDescription: "одна строка — школа, процедура и учебный год. Графы (в любом порядке, заголовки можно писать по-своему — «Кол-во участников», «Отметка 2», «Код ОО»)",
            notes: "Пустая клетка — показатель не применяется. Школа ищется по коду, а без кода — по названию в муниципалитете.",
            fileLabel: "Файл с результатами", action: Paths.resultImport,
            templateXLSX: Paths.resultTemplateXLSX, templateCSV: Paths.resultTemplateCSV, importsHref: Paths.resultImports,
            columns: ResultImporter.templateHeader.joined(separator: ", "), limitTitle: "\(Limits.upload >> 20) МБ",
            errors: FormErrors(errors))
        return Responses.html(Templates.importUpload(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static func previewPage(_ context: RequestContext, _ plan: ImportPlan, token: String, errors: [FieldError]) -> ImportPreviewPage {
        var page = ImportPreviewPage(
            chrome: context.chrome(title: "Проверка файла", current: Paths.resultImport), plan: plan, sha256: plan.sha256, blankLines: plan.blankLines,
            parts: .init(keyColumns: ["Школа", "Процедура", "Год"], key: { [$0.schoolName, $0.procedureTitle, $0.year.title] },
                         old: { ImportFormat.values($0.old) }, new: { ImportFormat.values($0.new) }, addedTitle: "Результат",
                         commitLabel: "Загрузить результаты", commitAction: Paths.resultImportCommit, uploadHref: Paths.resultImport),
            token: token, errors: errors)
        page.notes = plan.notes
        return page
    }

    /// The template prefilled with the user's schools and the analysed procedures of the latest year, and its file name.
    static func template(_ context: RequestContext) throws -> (table: [[String]], name: String) {
        let template = ResultsTemplate(database: context.services.database)
        let table = try template.table(try context.scope)
        return (table, ContentDisposition.fileName("Шаблон результатов \(template.year.title)"))
    }

    static func download(_ data: Data, type: String, name: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", type)
        headers.add("Content-Disposition", ContentDisposition.attachment(fileName: name))
        headers.add("Cache-Control", "no-store")
        return HTTPResponse(status: .ok, headers: headers, body: .bytes([UInt8](data)))
    }
}

/// The import section in the navigation, for those who may import.
enum ImportNavigation {
    static func items(for scope: Scope) -> [NavigationItem] {
        Policy.mayImportResults(scope) ? [NavigationItem(title: "Загрузка результатов", href: Paths.resultImport)] : []
    }
}

extension ImportRoutes {
    static func importListPage(_ context: RequestContext) throws -> ImportListPage {
        let scope = try context.scope
        let entries = try ResultImporter(database: context.services.database).history(scope)
        let page = ImportListPage(
            chrome: context.chrome(title: "Журнал импортов", current: Paths.resultImport), uploadHref: Paths.resultImport,
            rows: entries.map { e in
                let r = e.record
                return .init(id: r.id ?? 0, fileName: r.fileName, importedAt: RussianDate.format(r.importedAt),
                             importedBy: e.importedByName ?? "—", sha256Short: String(r.sha256.prefix(12)) + "…", sha256: r.sha256,
                             counts: "\(r.rowCount): добавлено \(r.insertedCount), изменено \(r.updatedCount), без изменений \(r.unchangedCount)",
                             rolledBack: r.rolledBackAt.map { "отменён " + RussianDate.format($0) + (e.rolledBackByName.map { ", \($0)" } ?? "") },
                             rollbackHref: e.canRollBack ? Paths.resultImportRollback(r.id ?? 0) : nil,
                             numbers: [r.rowCount, r.insertedCount, r.updatedCount, r.unchangedCount])
            },
            exports: ExportLinks(Paths.resultImports, query: context.query))
        return page
    }
}
