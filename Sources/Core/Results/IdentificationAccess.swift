import Foundation
import GRDB

/// Shares typed by people: «30», «30,5», «12.25 %» ↔ basis points (3000 = 30 %).
public enum PercentText {
    /// Basis points from «30», «30,5», «30.25», «30 %»; nil when not a number with at most two decimals.
    public static func basisPoints(_ text: String) -> Int? {
        var t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.hasSuffix("%") { t = String(t.dropLast()).trimmingCharacters(in: .whitespaces) }
        t = t.replacingOccurrences(of: ",", with: ".")
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), whole >= 0, parts[0].allSatisfy(\.isNumber) else { return nil }
        var fraction = 0
        if parts.count == 2 {
            let f = parts[1]
            guard (1...2).contains(f.count), f.allSatisfy(\.isNumber), let v = Int(f) else { return nil }
            fraction = f.count == 1 ? v * 10 : v
        }
        guard whole <= 1_000_000 else { return nil }
        return whole * 100 + fraction
    }

    /// «30», «30,5», «12,25» from basis points.
    public static func text(basisPoints bp: Int) -> String {
        let whole = bp / 100, fraction = bp % 100
        if fraction == 0 { return "\(whole)" }
        if fraction % 10 == 0 { return "\(whole),\(fraction / 10)" }
        return "\(whole),\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

extension IdentificationSettings {
    /// The errors of a "what if" variant, with the field names of the panel.
    public func validationErrors() -> [FieldError] {
        var errors: [FieldError] = []
        if !(1...10000).contains(lowShareBasisPoints) {
            errors.append(FieldError("share", "Доля для низкого результата — от 0,01 % до 100 %"))
        }
        if !ruleTwoInLastYear && !ruleConsecutiveYears {
            errors.append(FieldError("rules", "Включите хотя бы одно правило выявления"))
        }
        if procedureIds.isEmpty {
            errors.append(FieldError("procedures", "Выберите хотя бы одну оценочную процедуру"))
        }
        return errors
    }
}

/// The checked entry points of the identification pages: they require the policy, then call the rule.
extension IdentificationService {
    /// School years with results, newest first.
    public func resultYears(_ scope: Scope) throws -> [SchoolYear] {
        try Policy.requireReadIdentification(scope)
        return try database.read { db in
            try Int.fetchAll(db, cachedSQL: "SELECT DISTINCT schoolYear FROM result ORDER BY schoolYear DESC").map(SchoolYear.init)
        }
    }

    /// The school years a list can be drawn for (the year after each year with results), newest first.
    public func targetYears(_ scope: Scope) throws -> [SchoolYear] {
        try resultYears(scope).map { SchoolYear($0.start + 1) }
    }

    /// The list for the identification page (coordinators only). A "what if" with `settings` saves nothing.
    public func list(_ scope: Scope, year: SchoolYear, municipalityId: Int64? = nil,
                     settings: IdentificationSettings? = nil) throws -> IdentificationReport {
        try Policy.requireReadIdentification(scope)
        if let settings {
            let errors = settings.validationErrors()
            if !errors.isEmpty { throw DomainError.invalid(errors) }
        }
        return try identify(scope, year: year, municipalityId: municipalityId, settings: settings)
    }

    /// Schools whose exit from the list of school year `year` is already recorded (visible ones only).
    public func recordedExits(_ scope: Scope, year: SchoolYear) throws -> Set<Int64> {
        try Policy.requireReadIdentification(scope)
        return try database.read { db in
            try Set(SQLRequest<Int64>(literal: """
                SELECT DISTINCT c.schoolId FROM schoolStatusChange c JOIN school ON school.id = c.schoolId
                WHERE c.schoolYear = \(year.start) AND c.flag = 'lowResults' AND c.isExit = 1 AND \(Policy.visibleSchools(scope))
                """, cached: true).fetchAll(db))
        }
    }

    /// The schools about to be confirmed (or to leave the list), for the check-your-answers page.
    public func preview(_ scope: Scope, year: SchoolYear, schoolIds: [Int64], exits: [Int64]) throws -> [IdentificationItem] {
        try Policy.requireConfirmIdentification(scope)
        if schoolIds.isEmpty && exits.isEmpty {
            throw DomainError.invalid([FieldError("schools", "Выберите хотя бы одну школу")])
        }
        return try database.read { db in
            let all = Set(schoolIds).union(exits)
            for id in all.sorted() { try Policy.requireManageSchool(scope, school: id, db) }
            let report = try Self.identify(db, scope, year: year, municipalityId: nil, settings: IdentificationSettings.current(db),
                                           onlySchools: all)
            return report.items
        }
    }

    /// Confirms the selection of the identification page (admin, municipal coordinators).
    @discardableResult
    public func confirmSelection(_ scope: Scope, year: SchoolYear, schoolIds: [Int64], exits: [Int64]) throws -> ConfirmationOutcome {
        try Policy.requireConfirmIdentification(scope)
        if schoolIds.isEmpty && exits.isEmpty {
            throw DomainError.invalid([FieldError("schools", "Выберите хотя бы одну школу")])
        }
        return try confirm(scope, year: year, schoolIds: schoolIds, exits: exits)
    }
}

extension NonObjectivitySignals {
    /// Signals for the coordinators' page.
    public func list(_ scope: Scope, year: SchoolYear, municipalityId: Int64? = nil) throws -> [NonObjectivitySignal] {
        try Policy.requireReadIdentification(scope)
        return try signals(scope, year: year, municipalityId: municipalityId)
    }
}

extension RegionSettingsService {
    /// The settings page: the region's coordinators and the municipal coordinators read it.
    public func read(_ scope: Scope) throws -> (settings: RegionSettings, analysed: Set<Int64>) {
        try Policy.requireReadIdentification(scope)
        return try database.read { db in
            (try RegionSettings.load(db),
             try Set(Int64.fetchAll(db, cachedSQL: "SELECT id FROM procedure WHERE isAnalysed = 1 AND archivedAt IS NULL")))
        }
    }

    /// Saves the settings and the analysed procedures together (admin, regional coordinator); every error at once.
    public func save(_ scope: Scope, _ settings: RegionSettings, analysed: Set<Int64>, extraErrors: [FieldError] = []) throws {
        try Policy.requireRegionSettings(scope)
        var errors = extraErrors
        for e in settings.validationErrors() where !errors.contains(where: { $0.field == e.field }) { errors.append(e) }
        if analysed.isEmpty { errors.append(FieldError("procedures", "Выберите хотя бы одну оценочную процедуру")) }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        try update(scope, settings)
        try setAnalysedProcedures(scope, analysed)
    }
}
