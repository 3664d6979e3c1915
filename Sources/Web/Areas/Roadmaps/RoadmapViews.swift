import Core
import Foundation

/// The roadmap page: the table grouped by sections, the workflow buttons, the history and «Что изменилось».
struct RoadmapPage: Sendable {
    struct MeasureRow: Sendable {
        /// Row id `measure-N`: comment threads attach here.
        var anchor: String
        var measureId: Int64
        var number: String
        var title: String
        var description: String
        var due: String
        var isOverdue: Bool
        var responsible: String
        var expectedResult: String
        var indicator: String
        var riskFactors: [String]
        /// «Участники образовательных отношений», e.g. «Педагоги, родители (законные представители)».
        var participants: String
        var editHref: String?
        var deleteHref: String?
        var moveAction: String?
        var copyHref: String?
    }
    struct Section: Sendable {
        var title: String
        var editHref: String?
        var deleteHref: String?
        var moveAction: String?
        var newMeasureHref: String?
        var measures: [MeasureRow]
    }
    struct Event: Sendable { var when: String; var revision: Int; var action: String; var who: String; var comment: String }
    struct Revision: Sendable { var number: Int; var started: String; var approved: String }
    struct Change: Sendable { var title: String; var fields: [RoadmapDiff.FieldChange] }

    var chrome: Chrome
    var caption: String
    var heading: String
    var ownerHref: String
    var ownerName: String
    var yearTitle: String
    /// Links to the nearest years with a roadmap; nil when there is none that way.
    var previousYearHref: String? = nil
    var previousYearTitle = ""
    var nextYearHref: String? = nil
    var nextYearTitle = ""
    var hasYearLinks: Bool { previousYearHref != nil || nextYearHref != nil }
    var hasBothYearLinks: Bool { previousYearHref != nil && nextYearHref != nil }
    /// nil when no roadmap has been started yet.
    var exists: Bool
    var statusCode: String
    var statusTitle: String
    var revision: Int
    var returned: ReturnedBanner? = nil
    var sections: [Section]
    var overdueCount: String?
    var createAction: String?
    var copyLastYearTitle: String?
    /// Last year's measures to take over, unfinished ones checked (a school's new roadmap).
    var copyCandidates: [CheckOption] = []
    var exportHref: String?
    var newSectionAction: String?
    var submitAction: String?
    var approveAction: String?
    var approveLabel: String
    var returnHref: String?
    var reviseAction: String?
    var events: [Event]
    var revisions: [Revision]
    var hasChanges: Bool
    var changesTitle: String
    var added: [String]
    var removed: [String]
    var changed: [Change]
    var emptyMessage: String
}

struct MeasureFormPage: Sendable {
    var chrome: Chrome
    var heading: String
    var caption: String
    var action: String
    var cancelHref: String
    var sections: [SelectOption]
    var title: String
    var description: String
    var due: String
    var responsible: String
    var responsibleLabel: String
    var expectedResult: String
    var indicator: String
    var indicatorUnit: String
    var baseline: String
    var target: String
    var riskFactors: [CheckOption]
    var participants: [CheckOption]
    var errors: FormErrors
    var titleError: String? { errors.message("title") }
    var dueError: String? { errors.message("due") }
    var sectionError: String? { errors.message("sectionId") }
    var riskFactorsError: String? { errors.message("riskFactors") }
    var participantsError: String? { errors.message("participants") }
}

struct SectionFormPage: Sendable {
    var chrome: Chrome
    var heading: String
    var action: String
    var cancelHref: String
    var title: String
    var errors: FormErrors
    var titleError: String? { errors.message("title") }
}

struct MeasureCopyPage: Sendable {
    var chrome: Chrome
    var measureTitle: String
    var yearTitle: String
    var action: String
    var cancelHref: String
    var schools: [CheckOption]
    var copied: [String]
    var skipped: [String]
    var isDone: Bool
    var errors: FormErrors
    var schoolsError: String? { errors.message("schools") }
}

/// A director's own roadmap of the running school year; a coordinator's municipal plan.
enum RoadmapNavigation {
    static func items(for scope: Scope, year: Int) -> [NavigationItem] {
        if let school = Policy.ownSchool(scope) { return [NavigationItem(title: "Дорожная карта", href: Paths.roadmap(school: school, year: year))] }
        if let municipality = Policy.coordinatedMunicipality(scope) {
            return [NavigationItem(title: "Муниципальный план", href: Paths.municipalPlan(municipality, year: year))]
        }
        return []
    }
}
