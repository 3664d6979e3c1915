import Core

/// The school card's section «Выезды кураторов».
struct SchoolVisitsSection: Sendable {
    struct Row: Sendable {
        var date: String
        var yearTitle: String
        var purpose: String
        var who: String
        var notes: String
        var fileHref: String?
        var fileName: String
        var editHref: String?
    }
    var rows: [Row]
    var newHref: String?

    init(_ visits: [Visit], canRecord: Bool, schoolId: Int64) {
        rows = visits.map { v in
            Row(date: RussianDate.day(iso: v.visitedOn), yearTitle: v.year.title, purpose: v.purpose,
                who: [v.curatorName ?? "", v.participants].filter { !$0.isEmpty }.joined(separator: "; "), notes: v.notes,
                fileHref: v.fileName == nil ? nil : VisitRoute.download(v.id).path, fileName: v.fileName ?? "",
                editHref: v.canEdit ? VisitRoute.edit(v.id).path : nil)
        }
        newHref = canRecord ? VisitRoute.new(school: schoolId).path : nil
    }
}

/// «Записать выезд» / «Изменить запись о выезде».
struct VisitFormPage: Sendable {
    var chrome: Chrome
    var heading: String
    var schoolName: String
    var action: String
    var cancelHref: String
    var input: VisitInput
    /// The curators to choose from; a curator sees only themselves (nil: no select).
    var curators: [SelectOption]?
    var currentFile: String?
    var accept: String
    var limitTitle: String
    var errors: FormErrors
    var visitedOnError: String? { errors.message("visitedOn") }
    var purposeError: String? { errors.message("purpose") }
    var curatorError: String? { errors.message("curatorId") }
    var participantsError: String? { errors.message("participants") }
    var notesError: String? { errors.message("notes") }
    var fileError: String? { errors.message("file") }
}
