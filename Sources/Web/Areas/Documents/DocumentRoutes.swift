import Core
import Foundation
import HTTPServer

/// Documents of schools (uploads with versions, review against criteria, downloads), the coordinator's matrix,
/// document kinds with their criteria, evidence files of report items.
enum DocumentRoutes {
    static let routes: [Route] = [
        Route(.get, "/schools/{id}/documents") { context in
            try setPage(context, schoolId: try context.id("id"), year: nil, errors: [])
        },
    ] + ListExport.routes("/schools/{id}/documents") { context in
        try setPageModel(context, schoolId: try context.id("id"), year: nil, errors: []).export
    } + [
        Route(.post, "/schools/{id}/documents", bodyLimit: uploadBodyLimit, multipart: true) { context in
            let scope = try context.scope
            let schoolId = try context.id("id")
            let year = context.form["year"].flatMap { SchoolYear(parsing: $0) }
            do {
                let documentId = try upload(context, scope: scope, schoolId: schoolId, year: year?.start,
                                            kindId: context.form["kind"].flatMap { Int64($0) },
                                            riskFactorId: context.form["riskFactor"].flatMap { Int64($0) })
                return Responses.redirect(Notice.redirect(Paths.document(documentId), .documentUploaded))
            } catch DomainError.invalid(let errors) {
                return try setPage(context, schoolId: schoolId, year: year, errors: errors, status: tooLarge(context) ? .contentTooLarge : nil)
            }
        },
        Route(.get, "/documents/{id}") { context in
            try documentPage(context, id: try context.id("id"), errors: [])
        },
        Route(.post, "/documents/{id}/versions", bodyLimit: uploadBodyLimit, multipart: true) { context in
            let scope = try context.scope
            let id = try context.id("id")
            let documents = Documents(database: context.services.database)
            let detail = try documents.document(scope, id: id)
            do {
                _ = try upload(context, scope: scope, schoolId: detail.schoolId, year: detail.year.start, kindId: detail.kind.id,
                               riskFactorId: detail.riskFactorId)
                return Responses.redirect(Notice.redirect(Paths.document(id), .documentUploaded))
            } catch DomainError.invalid(let errors) {
                return try documentPage(context, id: id, errors: errors, status: tooLarge(context) ? .contentTooLarge : nil)
            }
        },
        Route(.get, "/documents/{id}/review") { context in
            try reviewPage(context, id: try context.id("id"), errors: [])
        },
        Route(.post, "/documents/{id}/review") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let documents = Documents(database: context.services.database)
            let detail = try documents.document(scope, id: id)
            let marks = detail.kind.criteria.map { c in
                CriterionMarkInput(criterionId: c.id, isMet: context.form["criterion-\(c.id)"].flatMap { $0 == "met" ? true : $0 == "notMet" ? false : nil },
                                   comment: context.form["criterion-\(c.id)-comment"] ?? "")
            }
            let decision = context.form["decision"].flatMap(DocumentDecision.init(rawValue:))
            do {
                try documents.review(scope, documentId: id, marks: marks, decision: decision, comment: context.form["comment"] ?? "")
            } catch DomainError.invalid(let errors) {
                return try reviewPage(context, id: id, errors: errors)
            }
            return Responses.redirect(Notice.redirect(Paths.document(id), decision == .accepted ? .documentAccepted : .documentReturned))
        },
        Route(.get, "/documents/versions/{id}/download") { context in
            let file = try Documents(database: context.services.database).download(try context.scope, versionId: try context.id("id"))
            return download(file)
        },
        Route(.get, "/municipalities/{id}/documents") { context in Responses.html(Templates.documentMatrix(try documentMatrixPage(context))) },
    ] + ListExport.routes("/municipalities/{id}/documents") { try documentMatrixPage($0).export } + [
        Route(.get, "/document-kinds") { context in
            try kindsPage(context, errors: [])
        },
        Route(.post, "/document-kinds") { context in
            let scope = try context.scope
            do {
                _ = try Documents(database: context.services.database).addKind(scope, title: context.form["title"] ?? "",
                                                                                perRiskFactor: context.form["perRiskFactor"] == "1")
            } catch DomainError.invalid(let errors) {
                return try kindsPage(context, errors: errors)
            }
            return Responses.redirect(Notice.redirect(Paths.documentKinds, .created))
        },
        Route(.post, "/document-kinds/{id}/criteria") { context in
            let scope = try context.scope
            let id = try context.id("id")
            do {
                _ = try Documents(database: context.services.database).addCriterion(scope, kindId: id, title: context.form["title-\(id)"] ?? "")
            } catch DomainError.invalid(let errors) {
                return try kindsPage(context, errors: errors)
            }
            return Responses.redirect(Notice.redirect(Paths.documentKinds, .created))
        },
        Route(.get, "/document-criteria/{id}/archive") { context in
            let id = try context.id("id")
            let title = try Documents(database: context.services.database).criterionTitle(try context.scope, id: id)
            return Responses.html(Templates.confirm(ConfirmPage(
                chrome: context.chrome(title: "Убрать критерий"), heading: "Убрать критерий «\(title)»?",
                explanation: "Новые проверки не будут его содержать; прошлые проверки сохранят отметки по нему.",
                action: Paths.documentCriterionArchive(id), confirmLabel: "Убрать критерий", cancelHref: Paths.documentKinds)))
        },
        Route(.post, "/document-criteria/{id}/archive") { context in
            try Documents(database: context.services.database).archiveCriterion(try context.scope, id: try context.id("id"))
            return Responses.redirect(Notice.redirect(Paths.documentKinds, .archived))
        },
        Route(.post, "/report-items/{id}/evidence", bodyLimit: uploadBodyLimit, multipart: true) { context in
            let file = context.files.first(where: { $0.name == "file" }).flatMap { f in f.fileName.map { ($0, f.body) } }
            let attached = try Documents(database: context.services.database).attachEvidence(try context.scope, reportItemId: try context.id("id"), file: file)
            return Responses.redirect(Notice.redirect(Paths.report(attached.reportId), .evidenceAttached))
        },
        Route(.get, "/evidence/{id}/download") { context in
            download(try Documents(database: context.services.database).downloadEvidence(try context.scope, fileId: try context.id("id")))
        },
    ]

    /// A file of up to `Documents.maximumFileSize` (25 MiB) with the form's other parts around it.
    static let uploadBodyLimit = Documents.maximumFileSize + 64 * 1024

    static func tooLarge(_ context: RequestContext) -> Bool {
        context.files.contains { $0.body.count > Documents.maximumFileSize }
    }

    static let accept = ".pdf,.docx,.doc,.odt,.xlsx,.xls,.ods,.pptx,.jpg,.jpeg,.png"

    /// Uploads the `file` part; a missing file is a field error (after the access check, so refused users get 403).
    static func upload(_ context: RequestContext, scope: Scope, schoolId: Int64, year: Int?, kindId: Int64?, riskFactorId: Int64?) throws -> Int64 {
        try Policy.requireEditSchoolContent(scope, school: schoolId, in: context.services.database)
        var errors: [FieldError] = []
        if kindId == nil { errors.append(FieldError("kind", "Выберите вид документа")) }
        let file = context.files.first(where: { $0.name == "file" && !($0.fileName ?? "").isEmpty })
        if file == nil { errors.append(FieldError("file", "Выберите файл")) }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        return try Documents(database: context.services.database).upload(
            scope, schoolId: schoolId, year: year ?? SchoolYear.containing(context.services.database.now).start, kindId: kindId!,
            riskFactorId: riskFactorId, fileName: file!.fileName!, bytes: file!.body)
    }

    static func download(_ file: FileDownload) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", file.contentType)
        headers.add("Content-Disposition", ContentDisposition.attachment(fileName: file.fileName))
        headers.add("Cache-Control", "private, no-store")
        headers.add("Content-Security-Policy", "sandbox; default-src 'none'")
        headers.add("ETag", "\"\(file.sha256)\"")
        return HTTPResponse(status: .ok, headers: headers, body: .bytes(file.bytes))
    }

    static func uploadForm(_ context: RequestContext, action: String, year: Int, kinds: [DocumentKindInfo], factors: [(id: Int64, title: String)],
                           fixedKind: Int64?, fixedFactor: Int64?, errors: [FieldError]) -> DocumentUploadForm {
        let chosenKind = context.form["kind"].flatMap { Int64($0) }
        let chosenFactor = context.form["riskFactor"].flatMap { Int64($0) }
        return DocumentUploadForm(
            action: action, csrf: context.csrfToken, year: year,
            kinds: [SelectOption(value: "", title: "Выберите вид", isSelected: chosenKind == nil)]
                + kinds.map { SelectOption(value: "\($0.id)", title: $0.title + ($0.perRiskFactor ? " (укажите фактор риска)" : ""), isSelected: $0.id == chosenKind) },
            riskFactors: [SelectOption(value: "", title: "Не относится (не антирисковая программа)", isSelected: chosenFactor == nil)]
                + factors.map { SelectOption(value: "\($0.id)", title: $0.title, isSelected: $0.id == chosenFactor) },
            fixedKind: fixedKind.map(String.init), fixedFactor: fixedFactor.map(String.init), accept: accept,
            limitTitle: "\(Limits.upload >> 20) МБ", formats: AcceptedFileType.listTitle, errors: FormErrors(errors))
    }

    static func setPage(_ context: RequestContext, schoolId: Int64, year requested: SchoolYear?, errors: [FieldError],
                        status: HTTPStatus? = nil) throws -> HTTPResponse {
        let page = try setPageModel(context, schoolId: schoolId, year: requested, errors: errors)
        return Responses.html(Templates.documentSet(page), status: status ?? (errors.isEmpty ? .ok : .unprocessableContent))
    }

    static func setPageModel(_ context: RequestContext, schoolId: Int64, year requested: SchoolYear?, errors: [FieldError]) throws -> DocumentSetPage {
        let scope = try context.scope
        let database = context.services.database
        let year = try requested ?? context.query["year"].flatMap { SchoolYear(parsing: $0) } ?? context.services.schools.defaultYear()
        let set = try Documents(database: database).schoolSet(scope, schoolId: schoolId, year: year)
        let page = DocumentSetPage(
            chrome: context.chrome(title: "Документы — \(set.schoolName)"), schoolName: set.schoolName, schoolHref: Paths.school(schoolId),
            yearTitle: year.title, years: OrganisationFormat.yearOptions(selected: year.start, now: database.now),
            action: Paths.schoolDocuments(schoolId),
            rows: set.slots.map { s in
                .init(title: s.title, tag: DocumentFormat.tag(s.state), href: s.documentId.map(Paths.document), fileName: s.currentFileName,
                      uploadedAt: s.uploadedAt.map(RussianDate.dateTime), versions: s.versionCount)
            },
            upload: set.canUpload ? uploadForm(context, action: Paths.schoolDocuments(schoolId), year: year.start, kinds: set.kinds,
                                               factors: set.riskFactors, fixedKind: nil, fixedFactor: nil, errors: errors) : nil,
            kindsHref: Paths.documentKinds, errors: FormErrors(errors),
            exports: ExportLinks(Paths.schoolDocuments(schoolId), query: context.query))
        return page
    }

    static func documentPage(_ context: RequestContext, id: Int64, errors: [FieldError], status: HTTPStatus? = nil) throws -> HTTPResponse {
        let scope = try context.scope
        let d = try Documents(database: context.services.database).document(scope, id: id)
        let page = DocumentPage(
            chrome: context.chrome(title: d.title), title: d.title, schoolName: d.schoolName,
            setHref: Paths.schoolDocuments(d.schoolId, year: d.year.start), yearTitle: d.year.title, tag: DocumentFormat.tag(d.state),
            versions: d.versions.map { v in
                .init(number: v.number, isCurrent: v.isCurrent, fileName: v.file.originalName, size: DocumentFormat.size(v.file.size),
                      sha256: v.file.sha256, uploadedBy: v.file.uploadedByName ?? "—", uploadedAt: RussianDate.dateTime(v.file.uploadedAt),
                      downloadHref: Paths.documentVersionDownload(v.id))
            },
            reviews: d.reviews.map { r in
                .init(version: r.versionNumber,
                      decision: StatusTag(title: r.decision.title.lowercased(), css: "tag tag--document-\(r.decision == .accepted ? "accepted" : "returned")"),
                      comment: r.comment, reviewer: r.reviewerName ?? "—", reviewedAt: RussianDate.dateTime(r.reviewedAt),
                      marks: r.marks.map { .init(title: $0.criterionTitle, met: $0.isMet ? "выполнен" : "не выполнен",
                                                 css: $0.isMet ? "tag tag--document-accepted" : "tag tag--document-returned", comment: $0.comment) })
            },
            reviewHref: d.canReview ? Paths.documentReview(id) : nil,
            upload: d.canUpload ? uploadForm(context, action: Paths.documentVersions(id), year: d.year.start, kinds: [d.kind], factors: [],
                                             fixedKind: d.kind.id, fixedFactor: d.riskFactorId, errors: errors) : nil)
        return Responses.html(Templates.documentPage(page), status: status ?? (errors.isEmpty ? .ok : .unprocessableContent))
    }

    static func reviewPage(_ context: RequestContext, id: Int64, errors: [FieldError]) throws -> HTTPResponse {
        let scope = try context.scope
        let d = try Documents(database: context.services.database).document(scope, id: id)
        guard d.canReview, let current = d.current else { throw DomainError.forbidden }
        let formErrors = FormErrors(errors)
        let decision = context.form["decision"]
        let page = DocumentReviewPage(
            chrome: context.chrome(title: "Проверка: \(d.title)"), title: d.title, schoolName: d.schoolName, documentHref: Paths.document(id),
            versionTitle: "версия \(current.number) — \(current.file.originalName)", downloadHref: Paths.documentVersionDownload(current.id),
            action: Paths.documentReview(id),
            criteria: d.kind.criteria.map { c in
                let field = "criterion-\(c.id)"
                return .init(field: field, title: c.title, metChecked: context.form[field] == "met", notMetChecked: context.form[field] == "notMet",
                             commentName: "\(field)-comment", comment: context.form["\(field)-comment"] ?? "", error: formErrors.message(field))
            },
            acceptedChecked: decision == "accepted", returnedChecked: decision == "returned", comment: context.form["comment"] ?? "",
            errors: formErrors)
        return Responses.html(Templates.documentReview(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static func kindsPage(_ context: RequestContext, errors: [FieldError]) throws -> HTTPResponse {
        let scope = try context.scope
        let kinds = try Documents(database: context.services.database).kinds(scope)
        // What «Добавить вид» makes: nil when the user may not add kinds, .some(nil) for a region-wide kind.
        let newKindOwner: Int64??
        do { newKindOwner = .some(try Policy.newDocumentKindMunicipality(scope)) } catch { newKindOwner = nil }
        let formErrors = FormErrors(errors)
        let page = DocumentKindsPage(
            chrome: context.chrome(title: "Виды документов и критерии проверки", current: Paths.documentKinds),
            kinds: kinds.map { k in
                .init(id: k.id, title: k.title, perFactor: k.perRiskFactor,
                      ownerTag: k.municipalityId == nil ? "региональный" : "муниципальный: \(k.municipalityName ?? "")", isRegional: k.municipalityId == nil,
                      criteria: k.criteria.map { .init(title: $0.title, archiveHref: k.canEdit ? Paths.documentCriterionArchive($0.id) : nil) },
                      addAction: k.canEdit ? Paths.documentKindCriteria(k.id) : nil, field: "title-\(k.id)", error: formErrors.message("title-\(k.id)"))
            },
            addKindAction: newKindOwner != nil ? Paths.documentKinds : nil,
            addKindHint: newKindOwner == .some(nil)
                ? "Региональный вид документа войдёт в перечень каждого муниципалитета."
                : "Вид документа вашего муниципалитета: его увидят и будут загружать только ваши школы.",
            titleError: formErrors.message("title"), errors: formErrors)
        return Responses.html(Templates.documentKinds(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}

/// The documents section in the navigation.
enum DocumentNavigation {
    static func items(for scope: Scope) -> [NavigationItem] {
        if let school = Policy.ownSchool(scope) { return [NavigationItem(title: "Документы", href: Paths.schoolDocuments(school))] }
        if Policy.isFixedToMunicipality(scope) {
            return Policy.coordinatedMunicipality(scope).map { [NavigationItem(title: "Документы школ", href: Paths.municipalityDocuments($0))] } ?? []
        }
        return Policy.documentKindsVisible(scope).all ? [NavigationItem(title: "Виды документов", href: Paths.documentKinds)] : []
    }
}

extension DocumentRoutes {
    static func documentMatrixPage(_ context: RequestContext) throws -> DocumentMatrixPage {
        let scope = try context.scope
        let id = try context.id("id")
        let database = context.services.database
        let year = try context.query["year"].flatMap { SchoolYear(parsing: $0) } ?? context.services.schools.defaultYear()
        let matrix = try Documents(database: database).matrix(scope, municipalityId: id, year: year)
        let page = DocumentMatrixPage(
            chrome: context.chrome(title: "Документы школ — \(matrix.municipalityName)"),
            municipalityName: matrix.municipalityName, municipalityHref: Paths.municipality(id), yearTitle: year.title,
            years: OrganisationFormat.yearOptions(selected: year.start, now: database.now), action: Paths.municipalityDocuments(id),
            kinds: matrix.kinds.map(\.title),
            rows: matrix.rows.map { r in
                let href = Paths.schoolDocuments(r.schoolId, year: year.start)
                return .init(schoolName: r.schoolName, href: href, cells: r.cells.map { c in
                    .init(tag: DocumentFormat.tag(c.state), href: href, count: c.count > 1 ? "\(c.count)" : nil)
                })
            },
            exports: ExportLinks(Paths.municipalityDocuments(id), query: context.query))
        return page
    }
}
