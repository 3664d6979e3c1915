import Foundation

/// The coordinator's settings of the public page of a municipality.
public struct PublicPageSettings: Sendable, Equatable, Codable {
    public var municipalityId: Int64
    public var municipalityName: String
    public var isPublic: Bool
    /// The published range of the summary report; nil when none is published.
    public var summaryFrom: SchoolYear?
    public var summaryTo: SchoolYear?
    public var updatedAt: Date?

    public var rangeTitle: String? {
        guard let summaryFrom, let summaryTo else { return nil }
        return summaryFrom == summaryTo ? summaryFrom.title : "\(summaryFrom.title)–\(summaryTo.title)"
    }
}

/// A municipality that publishes its page (the list without login).
public struct PublicMunicipality: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var rangeTitle: String?
}

/// Pupils at risk of one grade and subject in the municipality, as the public page may show them.
public struct PublicPupilsLine: Sendable, Equatable {
    public var title: String
    public var schoolCount: Int
    public var pupils: PublicFigure
    public var atRisk: PublicFigure
    public var withSpecialNeeds: PublicFigure
    public var share: PublicFigure
}

/// Everything the public page of a municipality shows: nothing personal, no figure about fewer than 10 pupils.
public struct PublicMunicipalityPage: Sendable {
    public var municipalityId: Int64
    public var municipalityName: String
    /// The published summary report, already made public (`PublicPages.publicSummary`); nil when no range is published.
    public var summary: SummaryReport?
    public var practices: [PublishedPractice]
    /// The school year of the pupils-at-risk figures (the latest with figures in the published range).
    public var pupilsYear: SchoolYear?
    public var pupils: [PublicPupilsLine]
    /// The day the page was made (the summary's «сформирована» date).
    public var generatedAt: Date
}
