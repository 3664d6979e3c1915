import Foundation
import GRDB

/// What the school form sends: raw text, validated by `SchoolEditor`.
public struct SchoolDraft: Sendable, Equatable {
    public var municipalityId: Int64?
    public var name = ""
    public var shortName = ""
    public var kind: SchoolKind?
    public var code = ""
    public var address = ""
    public var directorName = ""
    public var phone = ""
    public var email = ""
    public var notes = ""
    public init() {}

    public init(_ school: School) {
        municipalityId = school.municipalityId
        name = school.name; shortName = school.shortName; kind = school.kind
        code = school.code ?? ""; address = school.address ?? ""; directorName = school.directorName ?? ""
        phone = school.phone ?? ""; email = school.email ?? ""; notes = school.notes ?? ""
    }
}

/// What the status form sends: raw text, validated by `SchoolEditor.changeStatus`.
public struct StatusChangeInput: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable { case set, clear, exit }
    public var year = ""
    public var flag = ""
    public var action = ""
    public var cohortYear = ""
    public var reason = ""
    public init(year: String = "", flag: String = "", action: String = "", cohortYear: String = "", reason: String = "") {
        self.year = year; self.flag = flag; self.action = action; self.cohortYear = cohortYear; self.reason = reason
    }
}

/// Creating, editing, archiving schools and changing their yearly statuses; every call takes the acting scope first.
public struct SchoolEditor: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    public static let limits = (name: 300, shortName: 120, code: 32, address: 500, directorName: 200, phone: 50,
                                email: 254, notes: 4000, reason: 2000)

    // MARK: Card

    /// The school as its edit forms show it; only for those who may change it.
    public func editable(_ scope: Scope, id: Int64) throws -> School {
        try database.read { db in
            try Policy.requireManageSchool(scope, school: id, db)
            guard let school = try School.fetchOne(db, cachedKey: id) else { throw DomainError.notFound }
            return school
        }
    }

    /// The school for the «перенести в архив» confirmation: one that may be changed and is not archived yet.
    public func archivable(_ scope: Scope, id: Int64) throws -> School {
        let school = try editable(scope, id: id)
        try Self.checkArchiving(school, archived: true)
        return school
    }

    /// The school for the «вернуть из архива» confirmation: one that may be changed and is archived.
    public func restorable(_ scope: Scope, id: Int64) throws -> School {
        let school = try editable(scope, id: id)
        try Self.checkArchiving(school, archived: false)
        return school
    }

    @discardableResult
    public func create(_ scope: Scope, _ draft: SchoolDraft) throws -> Int64 {
        try database.write { db in
            guard let municipalityId = draft.municipalityId else {
                try Policy.requireCreateSchools(scope)
                throw DomainError.invalid([FieldError("municipalityId", "Выберите муниципалитет")])
            }
            try Policy.requireManageMunicipality(scope, municipalityId)
            guard try Municipality.fetchOne(db, cachedKey: municipalityId) != nil else {
                throw DomainError.invalid([FieldError("municipalityId", "Выберите муниципалитет")])
            }
            let now = database.now
            var school = School(municipalityId: municipalityId, name: "", shortName: "", kind: .other, createdAt: now, updatedAt: now)
            try Self.fill(&school, from: draft, db, excluding: nil)
            try school.insert(db)
            try AuditLog.record(db, scope, action: "create", entity: "school", id: school.id, before: School?.none, after: school, at: now)
            return school.id!
        }
    }

    public func update(_ scope: Scope, id: Int64, _ draft: SchoolDraft) throws {
        try database.write { db in
            try Policy.requireManageSchool(scope, school: id, db)
            guard let before = try School.fetchOne(db, cachedKey: id) else { throw DomainError.notFound }
            var school = before
            try Self.fill(&school, from: draft, db, excluding: id)
            if school == before { return }
            school.updatedAt = database.now
            try school.update(db)
            try AuditLog.record(db, scope, action: "update", entity: "school", id: id, before: before, after: school, at: school.updatedAt)
        }
    }

    /// Hides the school from lists; its history stays. Schools are never deleted.
    public func archive(_ scope: Scope, id: Int64) throws {
        try setArchived(scope, id: id, archived: true)
    }

    public func restore(_ scope: Scope, id: Int64) throws {
        try setArchived(scope, id: id, archived: false)
    }

    private func setArchived(_ scope: Scope, id: Int64, archived: Bool) throws {
        try database.write { db in
            try Policy.requireManageSchool(scope, school: id, db)
            guard let before = try School.fetchOne(db, cachedKey: id) else { throw DomainError.notFound }
            try Self.checkArchiving(before, archived: archived)
            let now = database.now
            var school = before
            school.archivedAt = archived ? now : nil
            school.updatedAt = now
            try school.update(db)
            try AuditLog.record(db, scope, action: archived ? "archive" : "restore", entity: "school", id: id,
                                before: before, after: school, at: now)
        }
    }

    /// A school is archived once and restored once: moving it where it already is, is a conflict.
    static func checkArchiving(_ school: School, archived: Bool) throws {
        if archived && school.archivedAt != nil { throw DomainError.conflict("Школа уже в архиве.") }
        if !archived && school.archivedAt == nil { throw DomainError.conflict("Школа не в архиве.") }
    }

    /// Validates the draft into `school`; throws `.invalid` with every problem at once.
    static func fill(_ school: inout School, from draft: SchoolDraft, _ db: Database, excluding id: Int64?) throws {
        func clean(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        func optional(_ text: String) -> String? { let t = clean(text); return t.isEmpty ? nil : t }
        var errors: [FieldError] = []
        let name = clean(draft.name), shortName = clean(draft.shortName)
        if name.isEmpty { errors.append(FieldError("name", "Введите полное название школы")) }
        else if name.count > limits.name { errors.append(FieldError("name", "Название — не длиннее \(limits.name) символов")) }
        if shortName.isEmpty { errors.append(FieldError("shortName", "Введите краткое название школы")) }
        else if shortName.count > limits.shortName { errors.append(FieldError("shortName", "Краткое название — не длиннее \(limits.shortName) символов")) }
        if draft.kind == nil { errors.append(FieldError("kind", "Выберите вид школы")) }
        let code = optional(draft.code)
        if let code {
            if code.count > limits.code || code.contains(where: { $0.isWhitespace }) {
                errors.append(FieldError("code", "Код школы — до \(limits.code) символов, без пробелов"))
            } else if let other = try String.fetchOne(db, cachedSQL: "SELECT shortName FROM school WHERE code = ? AND id IS NOT ?", arguments: [code, id]) {
                errors.append(FieldError("code", "Код «\(code)» уже присвоен школе «\(other)»"))
            }
        }
        let address = optional(draft.address), director = optional(draft.directorName), notes = optional(draft.notes)
        if (address?.count ?? 0) > limits.address { errors.append(FieldError("address", "Адрес — не длиннее \(limits.address) символов")) }
        if (director?.count ?? 0) > limits.directorName { errors.append(FieldError("directorName", "ФИО директора — не длиннее \(limits.directorName) символов")) }
        let phone = optional(draft.phone)
        if let phone {
            let allowed = Set("0123456789+-() ,доб.")
            let digits = phone.filter(\.isASCII).filter(\.isNumber).count
            if phone.count > limits.phone || !phone.allSatisfy({ allowed.contains($0) }) || digits < 5 {
                errors.append(FieldError("phone", "Телефон — цифры, пробелы и знаки + - ( ), например +7 (3439) 12-34-56"))
            }
        }
        let email = optional(draft.email)
        if let email, !isEmail(email) || email.count > limits.email {
            errors.append(FieldError("email", "Введите адрес электронной почты в виде name@example.ru"))
        }
        if (notes?.count ?? 0) > limits.notes { errors.append(FieldError("notes", "Примечание — не длиннее \(limits.notes) символов")) }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        school.name = name; school.shortName = shortName; school.kind = draft.kind ?? .other
        school.code = code; school.address = address; school.directorName = director
        school.phone = phone; school.email = email; school.notes = notes
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" }) else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }

    // MARK: Statuses

    /// Sets, clears or records the exit of a status flag, with its reason, in one transaction.
    public func changeStatus(_ scope: Scope, school schoolId: Int64, _ input: StatusChangeInput) throws {
        try database.write { db in
            try Policy.requireManageSchool(scope, school: schoolId, db)
            let change = try Self.validate(input, school: schoolId, db)
            try SchoolStatuses.apply(db, scope, change, at: database.now)
        }
    }

    static func validate(_ input: StatusChangeInput, school schoolId: Int64, _ db: Database) throws -> StatusChange {
        var errors: [FieldError] = []
        let year = SchoolYear(parsing: input.year.trimmingCharacters(in: .whitespaces))
        if year == nil { errors.append(FieldError("year", "Укажите учебный год от 2000/2001 до 2100/2101, например 2023/2024")) }
        let flag = StatusFlag(rawValue: input.flag)
        if flag == nil { errors.append(FieldError("flag", "Выберите статус")) }
        let action = StatusChangeInput.Action(rawValue: input.action)
        if action == nil { errors.append(FieldError("action", "Выберите, установить статус или снять его")) }
        if action == .exit && flag != nil && flag != .lowResults {
            errors.append(FieldError("action", "Выход из перечня ШНОР записывается только для статуса ШНОР"))
        }
        let cohortText = input.cohortYear.trimmingCharacters(in: .whitespaces)
        var cohort: Int? = nil
        if !cohortText.isEmpty {
            if flag != nil && flag != .programmeParticipant {
                errors.append(FieldError("cohortYear", "Год набора указывается только для участника «500+»"))
            } else if let value = Int(cohortText), (2000...2100).contains(value) {
                cohort = value
            } else {
                errors.append(FieldError("cohortYear", "Год набора — число от 2000 до 2100"))
            }
        } else if flag == .programmeParticipant && action == .set {
            errors.append(FieldError("cohortYear", "Укажите год набора в проект «500+»"))
        }
        let reason = input.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { errors.append(FieldError("reason", "Укажите основание: приказ, письмо или решение")) }
        else if reason.count > limits.reason { errors.append(FieldError("reason", "Основание — не длиннее \(limits.reason) символов")) }
        if let year, let flag, let action {
            let inForce = try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM schoolStatus WHERE schoolId = ? AND schoolYear = ? AND flag = ?)",
                                            arguments: [schoolId, year.start, flag]) == true
            // An exit is recorded in the year the school is off the list: the flag was in force that year or the year before.
            let inForceYearBefore = try action == .exit && !inForce && (Bool.fetchOne(db, cachedSQL: """
                SELECT EXISTS (SELECT 1 FROM schoolStatus WHERE schoolId = ? AND schoolYear = ? AND flag = ?)
                """, arguments: [schoolId, year.start - 1, flag]) == true)
            if action == .set && inForce {
                errors.append(FieldError("flag", "Статус «\(flag.shortTitle)» в \(year.title) учебном году уже установлен"))
            } else if action == .exit && !inForce && !inForceYearBefore {
                errors.append(FieldError("flag", "Школа не числилась в ШНОР ни в \(year.title), ни в предыдущем учебном году — выход не записать"))
            } else if action == .clear && !inForce {
                errors.append(FieldError("flag", "Статус «\(flag.shortTitle)» в \(year.title) учебном году не установлен — снимать нечего"))
            }
        }
        guard errors.isEmpty, let year, let flag, let action else { throw DomainError.invalid(errors) }
        return StatusChange(schoolId: schoolId, year: year, flag: flag, isSet: action == .set, isExit: action == .exit,
                            cohortYear: action == .set ? cohort : nil, reason: reason)
    }
}
