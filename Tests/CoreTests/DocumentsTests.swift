import Foundation
import GRDB
import Testing
@testable import Core

/// Test files recognised by content.
enum SampleFiles {
    static let pdf = Array("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
    static func zip(firstEntry name: String, content: String, more: String = "") -> [UInt8] {
        var b: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 22)
        b += [UInt8(name.utf8.count), 0, 0, 0] + Array(name.utf8) + Array(content.utf8) + Array(more.utf8)
        return b
    }
    static let docx = zip(firstEntry: "[Content_Types].xml", content: "<Types/>", more: "PK word/document.xml")
    static let xlsx = zip(firstEntry: "[Content_Types].xml", content: "<Types/>", more: "PK xl/workbook.xml")
    static let odt = zip(firstEntry: "mimetype", content: "application/vnd.oasis.opendocument.text")
    static let exe = Array("MZ\u{90}\u{0}this program cannot be run in DOS mode".utf8)
    static let html = Array("<!DOCTYPE html><html><script>alert(1)</script></html>".utf8)
    static let svg = Array("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".utf8)
}

@Suite struct DocumentsTests {
    func scope(_ database: AppDatabase, _ login: String) throws -> Scope {
        Scope(try database.read { try User.filter(sql: "login = ?", arguments: [login]).fetchOne($0)! })
    }
    func id(_ database: AppDatabase, _ sql: String) throws -> Int64 {
        try database.read { try Int64.fetchOne($0, sql: sql)! }
    }
    func count(_ database: AppDatabase, _ sql: String) throws -> Int {
        try database.read { try Int.fetchOne($0, sql: sql)! }
    }

    @Test func typesAreRecognisedByContentNotByName() {
        func type(_ bytes: [UInt8], _ name: String) -> AcceptedFileType? { try? AcceptedFileType.detect(bytes, fileName: name).get() }
        #expect(type(SampleFiles.pdf, "Концепция.pdf") == .pdf)
        #expect(type(SampleFiles.png, "скан.PNG") == .png)
        #expect(type([0xFF, 0xD8, 0xFF, 0xE0], "фото.jpeg") == .jpeg)
        #expect(type(SampleFiles.docx, "программа.docx") == .docx)
        #expect(type(SampleFiles.xlsx, "показатели.xlsx") == .xlsx)
        #expect(type(SampleFiles.odt, "программа.odt") == .odt)
        #expect(type([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0], "старый.xls") == .xls)
        #expect(type([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0], "старый.doc") == .doc)
        // Renamed executables, HTML and SVG are refused whatever their name.
        #expect(type(SampleFiles.exe, "программа.pdf") == nil)
        #expect(type(SampleFiles.html, "программа.pdf") == nil)
        #expect(type(SampleFiles.svg, "рисунок.png") == nil)
        #expect(type(SampleFiles.pdf, "страница.html") == nil)
        #expect(type(SampleFiles.pdf, "рисунок.svg") == nil)
        // A zip that is neither OOXML nor ODF; a PDF named .docx.
        #expect(type(SampleFiles.zip(firstEntry: "a.txt", content: "x"), "архив.docx") == nil)
        #expect(type(SampleFiles.pdf, "программа.docx") == nil)
        if case .failure(let refusal) = AcceptedFileType.detect(SampleFiles.html, fileName: "страница.html") {
            #expect(refusal.message.contains("HTML, SVG и программы загружать нельзя"))
        } else { Issue.record("HTML accepted") }
    }

    @Test func contentDispositionKeepsCyrillicNames() {
        let header = ContentDisposition.attachment(fileName: "Антирисковая программа 2023.pdf")
        #expect(header.hasPrefix("attachment; filename=\""))
        #expect(header.contains("filename*=UTF-8''%D0%90%D0%BD%D1%82%D0%B8"))
        #expect(header.contains("%202023.pdf"))
        #expect(!header.contains("\"Анти"))
        #expect(ContentDisposition.attachment(fileName: "a\"b.pdf").contains("filename=\"a-b.pdf\""))
    }

    @Test func uploadReviewReturnNewVersionAccept() throws {
        let database = try makeDemoDatabase(workingCycle: false)
        let documents = Documents(database: database)
        let director = try scope(database, "director-ku")
        let curator = try scope(database, "curator-ku")
        let schoolX = director.schoolId!
        let year = Int(try id(database, "SELECT MAX(schoolYear) FROM curatorAssignment a JOIN user u ON u.id = a.curatorId WHERE u.login = 'curator-ku'"))
        let antiRisk: Int64 = 3, factor: Int64 = 2

        // Anti-risk programme needs a factor.
        #expect(throws: DomainError.self) {
            try documents.upload(director, schoolId: schoolX, year: year, kindId: antiRisk, riskFactorId: nil, fileName: "АРП.pdf", bytes: SampleFiles.pdf)
        }
        let documentId = try documents.upload(director, schoolId: schoolX, year: year, kindId: antiRisk, riskFactorId: factor,
                                              fileName: "Антирисковая программа.pdf", bytes: SampleFiles.pdf)
        var detail = try documents.document(director, id: documentId)
        #expect(detail.state == .awaitingReview)
        #expect(detail.versions.count == 1 && detail.versions[0].isCurrent)
        #expect(detail.versions[0].file.sha256 == Documents.sha256(SampleFiles.pdf))
        #expect(detail.versions[0].file.originalName == "Антирисковая программа.pdf")
        #expect(detail.versions[0].file.safeName.hasSuffix(".pdf") && !detail.versions[0].file.safeName.contains("Анти"))
        #expect(!detail.canReview)
        let criteria = detail.kind.criteria
        #expect(criteria.map(\.title).contains("Цель соответствует фактору риска"))

        // The director cannot review; an unassigned curator cannot review; the assigned one must mark every criterion.
        #expect(throws: DomainError.forbidden) {
            try documents.review(director, documentId: documentId, marks: [], decision: .accepted, comment: "")
        }
        #expect(throws: DomainError.forbidden) {
            try documents.review(try scope(database, "curator-ku-3"), documentId: documentId, marks: [], decision: .accepted, comment: "")
        }
        #expect(throws: DomainError.self) {
            try documents.review(curator, documentId: documentId, marks: [], decision: .returned, comment: "")
        }
        #expect(try count(database, "SELECT count(*) FROM documentReview") == 0)

        let returned = criteria.enumerated().map { i, c in
            CriterionMarkInput(criterionId: c.id, isMet: i != 2, comment: i == 2 ? "Показатели без целевых значений" : "")
        }
        try documents.review(curator, documentId: documentId, marks: returned, decision: .returned, comment: "Доработайте показатели")
        detail = try documents.document(director, id: documentId)
        #expect(detail.state == .returned)
        #expect(detail.reviews.count == 1 && detail.reviews[0].decision == .returned)
        #expect(detail.reviews[0].marks.filter { !$0.isMet }.map(\.comment) == ["Показатели без целевых значений"])

        // Version 2: the current one; version 1 stays downloadable.
        try documents.upload(director, schoolId: schoolX, year: year, kindId: antiRisk, riskFactorId: factor,
                             fileName: "Антирисковая программа v2.docx", bytes: SampleFiles.docx)
        detail = try documents.document(curator, id: documentId)
        #expect(detail.state == .awaitingReview)
        #expect(detail.versions.map(\.number) == [2, 1])
        #expect(detail.versions.map(\.isCurrent) == [true, false])
        #expect(try documents.download(director, versionId: detail.versions[1].id).bytes == SampleFiles.pdf)
        #expect(detail.canReview)

        let accepted = criteria.map { CriterionMarkInput(criterionId: $0.id, isMet: true, comment: "") }
        try documents.review(curator, documentId: documentId, marks: accepted, decision: .accepted, comment: "")
        detail = try documents.document(director, id: documentId)
        #expect(detail.state == .accepted)
        #expect(detail.reviews.map(\.versionNumber) == [2, 1])
        #expect(detail.reviews.map(\.decision) == [.accepted, .returned])

        // The set of the year and the coordinator's matrix.
        let set = try documents.schoolSet(director, schoolId: schoolX, year: SchoolYear(year))
        #expect(set.slots.first { $0.kindId == antiRisk && $0.riskFactorId == factor }?.state == .accepted)
        #expect(set.slots.first { $0.kindId == 1 }?.state == .missing)
        let coordinator = try scope(database, "mun-ku")
        let matrix = try documents.matrix(coordinator, municipalityId: coordinator.municipalityId!, year: SchoolYear(year))
        let row = try #require(matrix.rows.first { $0.schoolId == schoolX })
        #expect(row.cells[matrix.kinds.firstIndex { $0.id == antiRisk }!].state == .accepted)
        #expect(row.cells[0].state == .missing)
        #expect(throws: DomainError.forbidden) {
            try documents.matrix(try scope(database, "mun-kirovsky"), municipalityId: coordinator.municipalityId!, year: SchoolYear(year))
        }
        #expect(try count(database, "SELECT count(*) FROM auditEntry WHERE entity = 'documentVersion'") == 4)
    }

    @Test func refusedUploadsStoreNothingAndOthersCannotUploadOrDownload() throws {
        let database = try makeDemoDatabase(workingCycle: false)
        let documents = Documents(database: database)
        let director = try scope(database, "director-ku")
        let schoolX = director.schoolId!
        for (name, bytes) in [("программа.pdf", SampleFiles.exe), ("программа.pdf", SampleFiles.html), ("рисунок.svg", SampleFiles.svg),
                              ("пусто.pdf", []), ("большой.pdf", SampleFiles.pdf + [UInt8](repeating: 0x20, count: Documents.maximumFileSize))] {
            #expect(throws: DomainError.self) {
                try documents.upload(director, schoolId: schoolX, year: 2023, kindId: 1, riskFactorId: nil, fileName: name, bytes: bytes)
            }
        }
        #expect(try count(database, "SELECT (SELECT count(*) FROM storedFile) + (SELECT count(*) FROM storedFileContent) + (SELECT count(*) FROM document)") == 0)
        for login in ["director-ku-02", "curator-ku", "curator-ku-3", "region", "mun-kirovsky"] {
            #expect(throws: DomainError.forbidden) {
                try documents.upload(try scope(database, login), schoolId: schoolX, year: 2023, kindId: 1, riskFactorId: nil,
                                     fileName: "Концепция.pdf", bytes: SampleFiles.pdf)
            }
        }
        let documentId = try documents.upload(director, schoolId: schoolX, year: 2023, kindId: 1, riskFactorId: nil,
                                              fileName: "Концепция.pdf", bytes: SampleFiles.pdf)
        let version = try documents.document(director, id: documentId).versions[0].id
        for login in ["director-ku-02", "curator-ku-3", "mun-kirovsky"] {
            #expect(throws: DomainError.forbidden) { try documents.download(try scope(database, login), versionId: version) }
        }
        #expect(try documents.download(try scope(database, "region"), versionId: version).bytes == SampleFiles.pdf)
    }

    @Test func aBackupServesTheSameBytes() throws {
        let database = try makeDemoDatabase(workingCycle: false)
        let documents = Documents(database: database)
        let director = try scope(database, "director-ku")
        var bytes = SampleFiles.pdf
        for i in 0..<2_500_000 { bytes.append(UInt8(truncatingIfNeeded: i &* 31)) }
        let documentId = try documents.upload(director, schoolId: director.schoolId!, year: 2023, kindId: 2, riskFactorId: nil,
                                              fileName: "Программа развития.pdf", bytes: bytes)
        let version = try documents.document(director, id: documentId).versions[0]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opora-backup-\(UUID().uuidString).sqlite").path
        try database.backup(to: path)
        let restored = try AppDatabase(path: path)
        let file = try Documents(database: restored).download(director, versionId: version.id)
        #expect(Documents.sha256(file.bytes) == version.file.sha256)
        #expect(file.sha256 == Documents.sha256(bytes))
        #expect(file.fileName == "Программа развития.pdf")
        try? FileManager.default.removeItem(atPath: path)
    }
}
