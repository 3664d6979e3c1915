import GRDB

public enum StatusFlag: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case lowResults, unfavourableConditions, nonObjectiveSigns, programmeParticipant, partner

    /// Short label as in the documents.
    public var shortTitle: String {
        switch self {
        case .lowResults: "ШНОР"
        case .unfavourableConditions: "ШНСУ"
        case .nonObjectiveSigns: "Признаки необъективности"
        case .programmeParticipant: "Участник «500+»"
        case .partner: "Школа-партнёр"
        }
    }

    public var title: String {
        switch self {
        case .lowResults: "Школа с низкими образовательными результатами (ШНОР)"
        case .unfavourableConditions: "Школа в неблагоприятных социальных условиях (ШНСУ)"
        case .nonObjectiveSigns: "Признаки необъективности результатов"
        case .programmeParticipant: "Участник проекта «500+»"
        case .partner: "Школа-партнёр (школа-лидер)"
        }
    }
}
