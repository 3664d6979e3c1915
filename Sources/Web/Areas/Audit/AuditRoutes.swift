import Core
import Foundation
import HTTPServer

/// The audit log viewer (issue 7): filters, pages of 100 newest first, before/after per field, CSV and XLSX.
enum AuditRoutes {
    static let routes: [Route] = [
        Route(.get, "/audit") { context in try listPage(context) },
    ] + ListExport.routes("/audit") { context in
        let (filter, _) = try decodeFilter(context)
        let rows = try AuditViewer(database: context.services.database).export(try context.scope, filter: filter)
        return ListExport(title: "Журнал изменений", asciiName: "audit", header: AuditFormat.exportHeader, rows: rows.map(AuditFormat.exportRow),
                          widths: [17, 28, 16, 20, 26, 24, 80])
    }

    /// The filter from the query; an unreadable date is reported next to its field and left out of the filter.
    static func decodeFilter(_ context: RequestContext) throws -> (AuditFilter, [FieldError]) {
        try Policy.requireReadAudit(try context.scope)
        var filter = AuditFilter()
        var errors: [FieldError] = []
        filter.userId = context.query["user"].flatMap { Int64($0) }
        filter.schoolId = context.query["school"].flatMap { Int64($0) }
        filter.entity = context.query["entity"].flatMap { $0.isEmpty ? nil : $0 }
        for (name, label) in [("from", "начала"), ("to", "конца")] {
            let text = (context.query[name] ?? "").trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            guard let day = ReportPeriods.parseDate(text) else {
                errors.append(FieldError(name, "Введите дату \(label) периода в виде дд.мм.гггг, например 01.09.2023"))
                continue
            }
            if name == "from" { filter.from = day } else { filter.to = day }
        }
        if let from = filter.from, let to = filter.to, from > to {
            errors.append(FieldError("to", "Дата конца периода не может быть раньше даты начала"))
            filter.to = nil
        }
        return (filter, errors)
    }

    static func query(_ filter: AuditFilter, page: Int? = nil) -> [(String, String?)] {
        [("user", filter.userId.map(String.init)), ("school", filter.schoolId.map(String.init)), ("entity", filter.entity),
         ("from", filter.from.map(DayText.russian)), ("to", filter.to.map(DayText.russian)),
         ("page", page.flatMap { $0 > 1 ? String($0) : nil })]
    }

    static func listPage(_ context: RequestContext) throws -> HTTPResponse {
        let scope = try context.scope
        let (filter, errors) = try decodeFilter(context)
        let viewer = AuditViewer(database: context.services.database)
        let pageNumber = max(1, Int(context.query["page"] ?? "") ?? 1)
        let result = try viewer.page(scope, filter: filter, page: pageNumber)
        let users = try viewer.userOptions(scope)
        let schools = try viewer.schoolOptions(scope)
        let entities = try viewer.entityOptions(scope)
        let first = (result.page - 1) * AuditViewer.pageSize
        let page = AuditListPage(
            chrome: context.chrome(title: "Журнал изменений", current: Paths.audit),
            errors: FormErrors(errors),
            users: [SelectOption(value: "", title: "Все пользователи", isSelected: filter.userId == nil)]
                + users.map { SelectOption(value: String($0.id), title: $0.title, isSelected: $0.id == filter.userId) },
            schools: [SelectOption(value: "", title: "Все школы", isSelected: filter.schoolId == nil)]
                + schools.map { SelectOption(value: String($0.id), title: $0.title, isSelected: $0.id == filter.schoolId) },
            entities: [SelectOption(value: "", title: "Все объекты", isSelected: filter.entity == nil)]
                + entities.map { SelectOption(value: $0, title: AuditFormat.entityTitle($0), isSelected: $0 == filter.entity) }
                    .sorted { $0.title < $1.title },
            from: context.query["from"] ?? "", to: context.query["to"] ?? "",
            rows: result.rows.map { AuditFormat.row($0, filterQuery: { Paths.audit(query: query($0)) }) },
            rangeText: result.rows.isEmpty ? "" : "Записи \(first + 1)–\(first + result.rows.count), сначала новые",
            csvHref: Paths.auditCSV(query: query(filter)), xlsxHref: Paths.auditXLSX(query: query(filter)),
            newerHref: result.page > 1 ? Paths.audit(query: query(filter, page: result.page - 1)) : nil,
            olderHref: result.hasNext ? Paths.audit(query: query(filter, page: result.page + 1)) : nil)
        return Responses.html(Templates.auditList(page))
    }
}
