import Crypto
import Foundation
import GRDB

/// The columns of the results file (contract in DESIGN.md).
public enum ImportColumn: String, Sendable, CaseIterable {
    case municipality, code, school, year, family, subject, grade, participants
    case mark2, mark3, mark4, mark5, belowMinimum, meanScore, lowered, confirmed, raised
    /// Marks as percentages of the participants («статистика по отметкам»): converted to counts.
    case percent2, percent3, percent4, percent5

    /// The columns of the template and the export (the percentages are accepted, never written).
    public static var fileColumns: [ImportColumn] { allCases.filter { !$0.isPercent } }
    var isPercent: Bool { [.percent2, .percent3, .percent4, .percent5].contains(self) }

    /// The header as in the template.
    public var title: String {
        switch self {
        case .municipality: "Муниципалитет"
        case .code: "Код школы"
        case .school: "Школа"
        case .year: "Учебный год"
        case .family: "Процедура"
        case .subject: "Предмет"
        case .grade: "Класс"
        case .participants: "Участников"
        case .mark2: "«2»"
        case .mark3: "«3»"
        case .mark4: "«4»"
        case .mark5: "«5»"
        case .belowMinimum: "Ниже минимума"
        case .meanScore: "Средний балл"
        case .lowered: "Понизили"
        case .confirmed: "Подтвердили"
        case .raised: "Повысили"
        case .percent2: "% «2»"
        case .percent3: "% «3»"
        case .percent4: "% «4»"
        case .percent5: "% «5»"
        }
    }

    /// Headers accepted for the column, normalised (`ImportText.header`).
    var synonyms: [String] {
        switch self {
        case .municipality:
            ["муниципалитет", "муниципальное образование", "мо", "городской округ", "муниципальный район", "муниципалитет оо",
             "территория", "ато"]
        case .code:
            ["код школы", "код оо", "код", "код организации", "код образовательной организации", "логин оо", "код учреждения"]
        case .school:
            ["школа", "наименование оо", "оо", "образовательная организация", "наименование образовательной организации",
             "название школы", "наименование школы", "наименование", "краткое наименование оо", "учреждение"]
        case .year: ["учебный год", "год", "уч год", "год проведения"]
        case .family: ["процедура", "оценочная процедура", "вид процедуры", "тип процедуры", "вид оценочной процедуры", "экзамен"]
        case .subject: ["предмет", "учебный предмет"]
        case .grade: ["класс", "параллель"]
        case .participants:
            ["участников", "кол-во участников", "количество участников", "число участников", "участники", "всего участников",
             "писали работу", "кол-во участников чел"]
        case .mark2, .mark3, .mark4, .mark5:
            Self.markSynonyms(String(rawValue.last!))
        case .belowMinimum:
            ["ниже минимума", "не преодолели минимальный порог", "не преодолели минимальный балл", "ниже минимального порога",
             "ниже минимального балла", "не преодолели порог", "кол-во не преодолевших минимальный порог", "не набрали минимальный балл"]
        case .meanScore: ["средний балл", "ср балл", "средний тестовый балл", "средняя отметка", "средний первичный балл"]
        case .lowered: ["понизили", "понизили отметку", "понизили отм", "понизили по журналу"]
        case .confirmed: ["подтвердили", "подтвердили отметку", "подтвердили отм"]
        case .raised: ["повысили", "повысили отметку", "повысили отм"]
        case .percent2, .percent3, .percent4, .percent5:
            Self.percentSynonyms(String(rawValue.last!))
        }
    }

    private static func markSynonyms(_ d: String) -> [String] {
        [d, "отметка \(d)", "отметки \(d)", "оценка \(d)", "кол-во \(d)", "количество \(d)", "кол-во отметок \(d)",
         "количество отметок \(d)", "получили \(d)", "на \(d)", "число отметок \(d)", "\(d) отметка"]
            + (d == "2" ? ["двойки"] : d == "3" ? ["тройки"] : d == "4" ? ["четверки"] : ["пятерки"])
    }

    private static func percentSynonyms(_ d: String) -> [String] {
        ["процент \(d)", "\(d) процент", "доля \(d)", "доля \(d) процент", "процент отметок \(d)", "доля отметок \(d)",
         "доля отметок \(d) процент", "отметка \(d) процент", "отметки \(d) процент", "процент \(d) процент", "на \(d) процент",
         "получили \(d) процент", "оценка \(d) процент"]
    }

    static let lookup: [String: ImportColumn] = {
        var map: [String: ImportColumn] = [:]
        for c in ImportColumn.allCases { for s in c.synonyms { map[s] = c } }
        return map
    }()
}

/// A valid row of the file, matched to a school and a procedure.
public struct ImportPlanRow: PlannedImportRow, Equatable {
    public var line: Int
    public var schoolId: Int64
    public var schoolName: String
    public var procedureId: Int64
    public var procedureTitle: String
    public var year: SchoolYear
    public var action: ImportAction
    /// The workbook sheet of the row, nil for CSV.
    public var sheet: String? = nil
    public var old: ResultValues?
    public var new: ResultValues
}

/// The preview of an import: nothing is written until every row is valid.
public struct ImportPlan: PlannedImport {
    public var fileName: String
    public var sha256: String
    public var fileErrors: [String]
    public var ignoredColumns: [String]
    public var rows: [ImportPlanRow]
    public var errors: [ImportRowError]
    /// The municipality the import is limited to (a municipal coordinator's), nil for the region.
    public var municipalityId: Int64?
    /// Lines with no figure at all (rows of the prefilled template left unfilled): skipped, not errors.
    public var blankLines: [Int] = []
    /// What the importer read in its own way, for the preview: the sheets read and skipped, totals rows skipped,
    /// percentages converted, bare years read as exam years.
    public var notes: [String] = []
}

/// The results importer shared by the web page and `opora import-results`: header mapping,
/// school and procedure matching, validation, preview, all-or-nothing commit.
public struct ResultImporter: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The preview: what the import would do. Writes nothing.
    public func preview(_ scope: Scope, fileName: String, sha256: String, lines: [ImportLine]) throws -> ImportPlan {
        try Policy.requireImportResults(scope)
        return try database.read { db in try Self.plan(db, scope, fileName: fileName, sha256: sha256, lines: lines) }
    }

    /// Imports the file as a whole in one transaction: re-reads the catalogue and the stored results,
    /// refuses everything if any row is in error, records the import. Returns the import record.
    @discardableResult
    public func commit(_ scope: Scope, fileName: String, sha256: String, lines: [ImportLine]) throws -> (ResultImportRecord, ImportPlan) {
        try Policy.requireImportResults(scope)
        let now = database.now
        return try database.write { db in
            let plan = try Self.plan(db, scope, fileName: fileName, sha256: sha256, lines: lines)
            guard plan.canCommit else {
                var messages = plan.fileErrors.map { FieldError("file", $0) }
                messages += plan.errors.map { FieldError("line\($0.line)", $0.place.prefix(1).uppercased() + $0.place.dropFirst() + ": "
                                                                     + $0.messages.joined(separator: "; ")) }
                if messages.isEmpty { messages = [FieldError("file", "В файле нет строк с результатами")] }
                throw DomainError.invalid(messages)
            }
            var record = try ResultImports.begin(db, scope, fileName: fileName, sha256: sha256,
                                                 municipalityId: plan.municipalityId, at: now)
            let insert = try db.makeStatement(sql: """
                INSERT INTO result (schoolId, procedureId, schoolYear, participants, mark2, mark3, mark4, mark5, belowMinimum,
                                    meanScore, lowered, confirmed, raised, importId, updatedAt, updatedBy)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let update = try db.makeStatement(sql: """
                UPDATE result SET participants = ?, mark2 = ?, mark3 = ?, mark4 = ?, mark5 = ?, belowMinimum = ?, meanScore = ?,
                                  lowered = ?, confirmed = ?, raised = ?, importId = ?, updatedAt = ?, updatedBy = ?
                WHERE schoolId = ? AND procedureId = ? AND schoolYear = ?
                """)
            let change = try db.makeStatement(sql: """
                INSERT INTO resultImportChange (importId, schoolId, procedureId, schoolYear, action, before, after)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            let importId = record.id
            let stamp = now.databaseValue
            // One write per new result: what a rollback needs of it goes into one BLOB of the import.
            var inserted = InsertedResults()
            let insertRow = try ResultInsert(db, insert, importId: importId, stamp: stamp, userId: scope.userId)
            for row in plan.rows {
                let v = row.new
                switch row.action {
                case .unchanged:
                    continue
                case .insert:
                    try insertRow.run(row.schoolId, row.procedureId, row.year.start, v)
                    inserted.append(schoolId: row.schoolId, procedureId: row.procedureId, schoolYear: row.year.start, v)
                case .update:
                    let figures: [DatabaseValueConvertible?] = [v.participants, v.mark2, v.mark3, v.mark4, v.mark5, v.belowMinimum,
                                                                v.meanScore, v.lowered, v.confirmed, v.raised]
                    try update.execute(arguments: StatementArguments(figures + [importId, stamp, scope.userId,
                                                                                row.schoolId, row.procedureId, row.year.start]))
                    try change.execute(arguments: [importId, row.schoolId, row.procedureId, row.year.start, "update",
                                                   row.old.map(Self.json), Self.json(v)])
                }
            }
            if inserted.count > 0 {
                try db.execute(sql: "UPDATE resultImport SET insertedResults = ? WHERE id = ?", arguments: [Data(inserted.bytes), importId])
            }
            record.rowCount = plan.rows.count
            record.insertedCount = plan.insertCount
            record.updatedCount = plan.updateCount
            record.unchangedCount = plan.unchangedCount
            // The import's own audit entry; each updated row keeps its before/after in resultImportChange, the inserted ones are in the BLOB.
            try ResultImports.finish(db, scope, record, at: now)
            return (record, plan)
        }
    }

    // MARK: - Planning

    struct Key: Hashable { var school: Int64; var procedure: Int64; var year: Int }
    struct ProcedureKey: Hashable { var family: ProcedureFamily; var subject: ImportBytes; var grade: Int? }

    static func plan(_ db: Database, _ scope: Scope, fileName: String, sha256: String, lines: [ImportLine]) throws -> ImportPlan {
        var plan = ImportPlan(fileName: fileName, sha256: sha256.lowercased(), fileErrors: [], ignoredColumns: [], rows: [], errors: [],
                              municipalityId: Policy.managedMunicipality(scope))
        // The sheets in workbook order; a CSV file is one sheet without a name.
        var sheets: [(name: String?, lines: [ImportLine])] = []
        for line in lines {
            // Not `if let last = sheets.last`: holding the last sheet would copy its lines on every append.
            if !sheets.isEmpty && sheets[sheets.count - 1].name == line.sheet { sheets[sheets.count - 1].lines.append(line) }
            else { sheets.append((line.sheet, [line])) }
        }
        var context = try PlanContext(db, plan: plan)
        var read: [String] = [], skipped: [String] = [], sheetErrors: [String] = [], headers = 0
        for sheet in sheets {
            guard let header = ImportHeader.find(sheet.lines, lookup: ImportColumn.lookup) else {
                if let name = sheet.name { skipped.append("«\(name)»") }
                continue
            }
            let spelled = sheet.name.map(ProcedureSpelling.init) ?? ProcedureSpelling("")
            var missing: [String] = []
            let present = header.present
            if !present.contains(.code) && !present.contains(.school) { missing.append("«Код школы» или «Школа»") }
            if !present.contains(.year) && spelled.year == nil { missing.append("«\(ImportColumn.year.title)»") }
            if !present.contains(.family) && spelled.family == nil { missing.append("«\(ImportColumn.family.title)»") }
            if !present.contains(.subject) && spelled.subject.isEmpty { missing.append("«\(ImportColumn.subject.title)»") }
            if !present.contains(.participants) { missing.append("«\(ImportColumn.participants.title)»") }
            if let message = header.missingMessage(missing) {
                sheetErrors.append((sheet.name.map { "Лист «\($0)»: " } ?? "") + message)
                continue
            }
            headers += 1
            if let name = sheet.name { read.append("«\(name)»") }
            for c in header.ignored where !plan.ignoredColumns.contains(c) { plan.ignoredColumns.append(c) }
            planSheet(&plan, &context, sheet.lines[(header.position + 1)...], header: header, sheetName: spelled)
        }
        if headers == 0 && sheetErrors.isEmpty {
            plan.fileErrors.append(ImportHeader<ImportColumn>.notFoundMessage(titles: ImportColumn.fileColumns.map(\.title)))
            return plan
        }
        plan.fileErrors += sheetErrors
        if !plan.fileErrors.isEmpty { return plan }
        if sheets.count > 1 || !skipped.isEmpty {
            plan.notes.insert((read.count == 1 ? "Данные взяты с листа " : "Данные взяты с листов ") + read.joined(separator: ", ")
                              + (skipped.isEmpty ? "" : "; без строки заголовков пропущены: " + skipped.joined(separator: ", ")) + ".", at: 0)
        }
        for (text, year) in context.matcher.bareYears.sorted(by: { $0.key < $1.key }) {
            plan.notes.append("Год «\(text)» прочитан как учебный год \(year.title) — год экзамена, как «ЕГЭ-\(text)».")
        }
        let byBeginning = context.matcher.matchedByBeginning
        if !byBeginning.isEmpty {
            plan.notes.append("Школы найдены по началу названия (\(byBeginning.count)) — проверьте: "
                              + byBeginning.prefix(10).map { "«\($0.text)» — «\(context.matcher.shortName($0.school))»" }.joined(separator: ", ")
                              + (byBeginning.count > 10 ? " …" : "") + ".")
        }
        if plan.rows.isEmpty && plan.errors.isEmpty {
            plan.fileErrors.append(plan.blankLines.isEmpty ? "В файле нет строк с результатами под заголовками"
                                                            : "В файле не заполнено ни одной строки: впишите число участников и отметки")
        }
        return plan
    }

    /// What planning keeps across the sheets of a file: lookups, the stored results, the keys seen and per-file caches.
    struct PlanContext {
        var matcher: ImportSchoolMatcher
        let procedures: [Procedure]
        var stored: [Key: ResultValues] = [:]
        var seen: [Key: ImportLine.Place] = [:]
        var procedureCache: [ProcedureKey: Result<Procedure, ImportMatchError>] = [:]
        var familyCache: [ImportBytes: ProcedureSpelling] = [:]

        init(_ db: Database, plan: ImportPlan) throws {
            matcher = try ImportSchoolMatcher(db, municipalityId: plan.municipalityId, subject: "результаты")
            procedures = try Procedures.all(db)
            var resultSQL = "SELECT r.* FROM result r"
            if let m = plan.municipalityId { resultSQL += " JOIN school s ON s.id = r.schoolId WHERE s.municipalityId = \(m)" }
            let cursor = try Row.fetchCursor(db, sql: resultSQL.replacingOccurrences(of: "r.*", with: """
                r.schoolId, r.procedureId, r.schoolYear, r.participants, r.mark2, r.mark3, r.mark4, r.mark5, r.belowMinimum,
                r.meanScore, r.lowered, r.confirmed, r.raised
                """))
            while let r = try cursor.next() {
                stored[Key(school: r[0], procedure: r[1], year: r[2])] = ResultValues(
                    participants: r[3], mark2: r[4], mark3: r[5], mark4: r[6], mark5: r[7], belowMinimum: r[8], meanScore: r[9],
                    lowered: r[10], confirmed: r[11], raised: r[12])
            }
        }
    }

    static let figureColumns: [ImportColumn] = [.participants, .mark2, .mark3, .mark4, .mark5, .belowMinimum, .meanScore, .lowered,
                                                .confirmed, .raised, .percent2, .percent3, .percent4, .percent5]

    /// The rows under one header; the sheet's name stands for a missing procedure, subject, grade or year column.
    static func planSheet(_ plan: inout ImportPlan, _ context: inout PlanContext, _ lines: ArraySlice<ImportLine>,
                          header: ImportHeader<ImportColumn>, sheetName: ProcedureSpelling) {
        var totals: [String] = [], converted: [String] = []
        for line in lines {
            func cell(_ c: ImportColumn) -> String { header.cell(c, line) }
            if line.values.allSatisfy({ ImportText.trim($0 ?? "").isEmpty }) { continue }
            if isTotals(line) { totals.append(line.place); continue }
            if let fields = line.fieldCount, let expected = header.fieldCount, fields > expected {
                plan.errors.append(ImportRowError(line: line.line, messages: [
                    "полей в строке \(fields), а граф в заголовке \(expected): вероятно, дробное число с запятой (например «3,88») "
                    + "в файле с разделителем «,» — заключите такие числа в кавычки или сохраните файл с разделителем «;»"], sheet: line.sheet))
                continue
            }
            var messages: [String] = []
            if figureColumns.allSatisfy({ cell($0).isEmpty }) && !(cell(.code).isEmpty && cell(.school).isEmpty && cell(.family).isEmpty) {
                plan.blankLines.append(line.line)
                continue
            }

            // Municipality and school: by code, else by normalised name within the municipality.
            let schoolId = context.matcher.school(municipality: cell(.municipality), code: cell(.code), name: cell(.school), messages: &messages)
            // School year: the column, else the sheet's name.
            let yearText = cell(.year)
            let year = yearText.isEmpty && sheetName.year != nil ? sheetName.year
                : context.matcher.year(yearText, column: at(header, .year), messages: &messages)

            // Procedure: «ВПР», «ВПР 5 класс», «ОГЭ-9»; the sheet's name when the column is missing or empty.
            var procedure: Procedure? = nil
            let familyText = cell(.family), gradeText = cell(.grade)
            let subjectText = cell(.subject).isEmpty ? sheetName.subject : cell(.subject)
            let spelled: ProcedureSpelling
            if familyText.isEmpty { spelled = sheetName } else if let cached = context.familyCache[ImportBytes(familyText)] { spelled = cached } else {
                spelled = ProcedureSpelling(familyText)
                context.familyCache[ImportBytes(familyText)] = spelled
            }
            if familyText.isEmpty && spelled.family == nil {
                messages.append("Не указана процедура (ВПР, ОГЭ, ЕГЭ, НИКО)")
            } else if let family = spelled.family {
                var grade: Int? = spelled.grade
                var gradeOK = true
                if !gradeText.isEmpty {
                    let digits = gradeText.prefix(while: { $0.isNumber })
                    if let g = Int(digits), (1...11).contains(g) { grade = g } else {
                        gradeOK = false
                        messages.append(at(header, .grade) + "«\(gradeText)» — ожидается номер класса от 1 до 11")
                    }
                }
                if subjectText.isEmpty {
                    messages.append("Не указан предмет")
                } else if gradeOK {
                    let cacheKey = ProcedureKey(family: family, subject: ImportBytes(subjectText), grade: grade)
                    let matched: Result<Procedure, ImportMatchError>
                    if let cached = context.procedureCache[cacheKey] { matched = cached } else {
                        matched = matchProcedure(context.procedures, family: family, subject: subjectText, grade: grade)
                        context.procedureCache[cacheKey] = matched
                    }
                    switch matched {
                    case .success(let p): procedure = p
                    case .failure(let error): messages.append(error.message)
                    }
                }
            } else {
                messages.append("Процедура «\(familyText)» не распознана. Известные: ВПР, ОГЭ, ЕГЭ, НИКО")
            }

            // Figures.
            var values: ResultValues? = nil
            if let procedure {
                switch Self.figures(header, line, rule: procedure.lowRule) {
                case .success(let v):
                    values = v.values
                    if v.fromPercentages { converted.append(line.place) }
                case .failure(let errors): messages += errors.messages
                }
            }

            if let schoolId, let procedure, let year, let values, messages.isEmpty {
                let key = Key(school: schoolId, procedure: procedure.id!, year: year.start)
                if let first = context.seen[key] {
                    plan.errors.append(ImportRowError(line: line.line, messages: [
                        "повторяет \(first.text): та же школа, процедура и учебный год"], sheet: line.sheet))
                    continue
                }
                context.seen[key] = ImportLine.Place(line: line.line, sheet: line.sheet)
                let old = context.stored[key]
                let action: ImportAction = old == nil ? .insert : (old == values ? .unchanged : .update)
                plan.rows.append(ImportPlanRow(line: line.line, schoolId: schoolId, schoolName: context.matcher.shortName(schoolId),
                                               procedureId: procedure.id!, procedureTitle: procedure.title, year: year,
                                               action: action, sheet: line.sheet, old: old, new: values))
            } else {
                plan.errors.append(ImportRowError(line: line.line, messages: messages, sheet: line.sheet))
            }
        }
        if !totals.isEmpty { plan.notes.append("Строки итогов пропущены (\(totals.count)): " + totals.prefix(10).joined(separator: ", ") + ".") }
        if !converted.isEmpty {
            plan.notes.append("Отметки даны в процентах и пересчитаны в число учеников (\(converted.count) строк): "
                              + converted.prefix(10).joined(separator: ", ") + (converted.count > 10 ? " …" : "") + ".")
        }
    }

    /// «Итого», «Всего», «Итого по муниципалитету» in one of the first cells.
    static func isTotals(_ line: ImportLine) -> Bool {
        for v in line.values.prefix(4) {
            guard let v else { continue }
            // Most rows start with a municipality or a code: look closer only at «И…», «В…» and white space (by UTF-8 bytes).
            var bytes = v.utf8.makeIterator()
            guard let b0 = bytes.next() else { continue }
            let b1 = bytes.next() ?? 0
            let spaced = b0 <= 0x20 || b0 == 0xC2
            guard spaced || b0 == 0xD0 && (b1 == 0x98 || b1 == 0xB8 || b1 == 0x92 || b1 == 0xB2) else { return false }
            let t = ImportText.basic(v)
            return t == "итого" || t == "всего" || t.hasPrefix("итого ") || t.hasPrefix("всего по ") || t == "всего по району"
        }
        return false
    }

    /// «столбец H («Участников»): » — where a cell is, as Excel shows it.
    static func at(_ header: ImportHeader<ImportColumn>, _ c: ImportColumn) -> String {
        // «2» is quoted already: «столбец I («2»)», not «(««2»»)».
        let title = c.title.hasPrefix("«") ? c.title : "«\(c.title)»"
        guard let j = header.index[c] else { return "графа \(title): " }
        return "столбец \(excelColumn(j)) (\(title)): "
    }

    struct FigureErrors: Error { var messages: [String] }
    struct Figures { var values: ResultValues; var fromPercentages: Bool }

    /// The figures of a row, parsed without Foundation on the common path; marks given only as percentages
    /// are converted to counts when each product is whole within the percentages' rounding.
    static func figures(_ header: ImportHeader<ImportColumn>, _ line: ImportLine, rule: LowRule) -> Result<Figures, FigureErrors> {
        func cell(_ c: ImportColumn) -> String { header.cell(c, line) }
        var messages: [String] = []
        func count(_ c: ImportColumn) -> Int? {
            let raw = cell(c)
            if raw.isEmpty { return nil }
            if let n = ImportText.integer(raw) { return n }
            let t = ImportText.number(raw)
            if let n = Int(t), n >= 0 { return n }
            messages.append(at(header, c) + "«\(raw)» — ожидается целое неотрицательное число")
            return nil
        }
        let p = count(.participants)
        if p == nil && cell(.participants).isEmpty { messages.append(at(header, .participants) + "пусто — укажите число участников") }
        var v = ResultValues(participants: p ?? 0, mark2: count(.mark2), mark3: count(.mark3), mark4: count(.mark4), mark5: count(.mark5),
                             belowMinimum: count(.belowMinimum), lowered: count(.lowered), confirmed: count(.confirmed), raised: count(.raised))
        let mean = cell(.meanScore)
        if !mean.isEmpty {
            if let m = Double(mean) ?? Double(mean.replacingOccurrences(of: ",", with: ".")) { v.meanScore = m }
            else { messages.append(at(header, .meanScore) + "«\(mean)» — ожидается число, например 3,8") }
        }
        var fromPercentages = false
        let percentColumns: [ImportColumn] = [.percent2, .percent3, .percent4, .percent5]
        if v.mark2 == nil && v.mark3 == nil && v.mark4 == nil && v.mark5 == nil, percentColumns.contains(where: { !cell($0).isEmpty }),
           messages.isEmpty, let n = p {
            switch percentages(percentColumns.map(cell), participants: n, header: header, line: line) {
            case .success(let marks):
                (v.mark2, v.mark3, v.mark4, v.mark5) = (marks[0], marks[1], marks[2], marks[3])
                fromPercentages = true
            case .failure(let e): messages.append(e.message)
            }
        }
        if !messages.isEmpty { return .failure(FigureErrors(messages: messages)) }
        let problems = v.validationErrors(for: rule)
        return problems.isEmpty ? .success(Figures(values: v, fromPercentages: fromPercentages))
            : .failure(FigureErrors(messages: problems.map(\.message)))
    }

    /// «34,5» (or 0.345 from a percent-formatted cell) of 55 participants → 19 when 19/55 rounds back to 34,5 %.
    static func percentages(_ texts: [String], participants n: Int, header: ImportHeader<ImportColumn>, line: ImportLine)
        -> Result<[Int], ImportMatchError> {
        let columns: [ImportColumn] = [.percent2, .percent3, .percent4, .percent5]
        var values: [Double] = [], decimals: [Int] = []
        for (i, raw) in texts.enumerated() {
            // The decimals written count («20,0» is not «20»), so not `ImportText.number`, which drops «,0».
            let t = raw.filter { $0 != "%" && $0 != " " && $0 != "\u{00A0}" }.replacingOccurrences(of: ",", with: ".")
            guard !t.isEmpty, let d = Double(t), d.isFinite, d >= 0 else {
                return .failure(ImportMatchError(at(header, columns[i]) + "«\(raw)» — ожидается процент, например 34,5"))
            }
            values.append(d)
            decimals.append(t.firstIndex(of: ".").map { t.distance(from: $0, to: t.endIndex) - 1 } ?? 0)
        }
        let sum = values.reduce(0, +)
        // A percent-formatted cell holds a fraction: 0.345 is 34,5 %.
        let scale: Double = sum <= 1.05 && sum > 0 ? 100 : 1
        let percents = values.map { $0 * scale }
        let shown = (percents.reduce(0, +) * 100).rounded() / 100
        let sumText = String(shown).replacingOccurrences(of: ".", with: ",").replacingOccurrences(of: ",0$", with: "", options: .regularExpression)
        let slack = zip(decimals, values).map { d, _ in 0.5 * pow(10, -Double(d)) * scale }.reduce(0, +) + 1e-9
        guard abs(percents.reduce(0, +) - 100) <= max(slack, 0.5) else {
            return .failure(ImportMatchError("проценты «2»–«5» в сумме дают \(sumText) %, а не 100 %: проверьте строку или впишите число учеников"))
        }
        var marks: [Int] = []
        for (i, pct) in percents.enumerated() {
            let exact = pct * Double(n) / 100
            let c = Int(exact.rounded())
            let tolerance = 0.5 * pow(10, -Double(decimals[i])) * scale * Double(n) / 100 + 1e-9
            guard abs(exact - Double(c)) <= max(tolerance, 0.02) else {
                return .failure(ImportMatchError(at(header, columns[i]) + "«\(texts[i])» от \(n) участников — не целое число учеников "
                                                 + "(\(String(format: "%.2f", exact).replacingOccurrences(of: ".", with: ","))): впишите число учеников"))
            }
            marks.append(c)
        }
        guard marks.reduce(0, +) == n else {
            return .failure(ImportMatchError("проценты «2»–«5» дают \(marks.reduce(0, +)) учеников из \(n) участников: впишите число учеников"))
        }
        return .success(marks)
    }

    /// The figures as JSON with sorted keys and no nulls, as `JSONEncoder` writes them (decoded by the rollback).
    static func json(_ v: ResultValues) -> String {
        var out = "{"
        func add(_ key: String, _ value: String?) {
            guard let value else { return }
            if out.utf8.count > 1 { out += "," }
            out += "\"" + key + "\":" + value
        }
        add("belowMinimum", v.belowMinimum.map(String.init)); add("confirmed", v.confirmed.map(String.init))
        add("lowered", v.lowered.map(String.init)); add("mark2", v.mark2.map(String.init)); add("mark3", v.mark3.map(String.init))
        add("mark4", v.mark4.map(String.init)); add("mark5", v.mark5.map(String.init))
        add("meanScore", v.meanScore.flatMap { $0.isFinite ? ($0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0)) : nil })
        add("participants", String(v.participants)); add("raised", v.raised.map(String.init))
        return out + "}"
    }
}

extension ResultImporter {
    /// The header row of the results file, as in the template.
    public static var templateHeader: [String] { ImportColumn.fileColumns.map(\.title) }
}

/// An import as listed in the journal: the record and who made it.
public struct ImportHistoryEntry: Sendable, Equatable {
    public var record: ResultImportRecord
    public var importedByName: String?
    public var rolledBackByName: String?
    /// The scope may roll it back (not yet rolled back, and within its municipality).
    public var canRollBack: Bool
}

extension ResultImporter {
    /// The journal of imports the scope may see (admin: all; municipal coordinator: their municipality's).
    public func history(_ scope: Scope) throws -> [ImportHistoryEntry] {
        try Policy.requireImportResults(scope)
        let records = try ResultImports(database: database).list(scope)
        let names = try database.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, cachedSQL: "SELECT id, fullName FROM user").map { ($0["id"] as Int64, $0["fullName"] as String) })
        }
        return records.map { r in
            ImportHistoryEntry(record: r, importedByName: r.importedBy.flatMap { names[$0] } ?? (r.importedBy == nil ? "Командная строка" : nil),
                               rolledBackByName: r.rolledBackBy.flatMap { names[$0] },
                               canRollBack: r.rolledBackAt == nil && Policy.mayRollBackImport(scope, municipalityId: r.municipalityId))
        }
    }

    /// One import of the journal, for the rollback confirmation.
    public func entry(_ scope: Scope, id: Int64) throws -> ImportHistoryEntry {
        try Policy.requireImportResults(scope)
        guard let record = try database.read({ try ResultImportRecord.fetchOne($0, key: id) }) else { throw DomainError.notFound }
        try Policy.requireRollBackImport(scope, municipalityId: record.municipalityId)
        guard let e = try history(scope).first(where: { $0.record.id == id }) else { throw DomainError.notFound }
        return e
    }
}
