import Foundation
import GRDB

/// Pieces the registries share: today's date as stored, a municipality's name, its school options.
enum WorkspaceSupport {
    /// The school year a yyyy-MM-dd day falls in (it starts on 1 September).
    static func schoolYear(ofDay iso: String) -> SchoolYear {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return SchoolYear(2000) }
        return SchoolYear(parts[1] >= 9 ? parts[0] : parts[0] - 1)
    }

    static func municipalityName(_ db: Database, _ id: Int64) throws -> String {
        guard let name = try String.fetchOne(db, cachedSQL: "SELECT name FROM municipality WHERE id = ?", arguments: [id])
        else { throw DomainError.notFound }
        return name
    }

    static func schools(_ db: Database, ids: [Int64]) throws -> [SchoolOption] {
        guard !ids.isEmpty else { return [] }
        return SchoolOption.naturallySorted(try SQLRequest<Row>(literal: "SELECT id, shortName, name FROM school WHERE id IN \(ids)")
            .fetchAll(db).map { SchoolOption(id: $0["id"], shortName: $0["shortName"], name: $0["name"]) })
    }

    /// Checks that every id is a school of the municipality; messages go to `field`.
    static func requireSchools(_ db: Database, _ ids: [Int64], municipalityId: Int64, field: String) throws -> [FieldError] {
        guard !ids.isEmpty else { return [] }
        let count = try SQLRequest<Int>(literal: "SELECT COUNT(*) FROM school WHERE id IN \(ids) AND municipalityId = \(municipalityId)").fetchOne(db) ?? 0
        return count == Set(ids).count ? [] : [FieldError(field, "Выберите школы этого муниципалитета")]
    }

    /// A required date as typed (dd.MM.yyyy or yyyy-MM-dd) as yyyy-MM-dd, or an error on `field`.
    static func requiredDay(_ text: String, field: String, missing: String, _ errors: inout [FieldError]) -> String? {
        let day = ReportPeriods.parseDate(text)
        if trim(text).isEmpty {
            errors.append(FieldError(field, missing))
        } else if day == nil {
            errors.append(FieldError(field, "Введите дату в виде дд.мм.гггг, например 18.10.2022"))
        } else if let day, !(2000...2100).contains(Int(day.prefix(4)) ?? 0) {
            errors.append(FieldError(field, "Введите дату между 2000 и 2100 годом"))
        } else {
            return day
        }
        return nil
    }

    static func trim(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
}
