import Foundation
import Spreadsheet
import Testing

/// «Участники образовательных отношений» of a measure (seed 004): checkboxes on the form, shown in the roadmap and
/// its export, an unknown group refused.
@Suite(.serialized) struct MeasureParticipantTests {
    @Test func theGroupsOfAMeasureAreSavedShownAndExported() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku")
        let year = try DocumentFlowTests.year(app)
        let director = try app.signedIn("director-ku")
        let page = "/schools/\(school)/roadmap/\(year)"
        let csrf = try director.get(page).csrf ?? ""
        #expect(try director.post(page + "/create", form: [("_csrf", csrf)]).status == 303)
        let roadmap = try app.count("SELECT id FROM roadmap WHERE schoolId = \(school) AND schoolYear = \(year)")
        let form = try director.get("/roadmaps/\(roadmap)/measures/new")
        #expect(form.text.contains("Участники образовательных отношений"))
        #expect(form.text.contains("value=\"parents\""))
        let fields: [(String, String)] = [("_csrf", csrf), ("title", "Родительские собрания об объективной оценке"), ("due", "в течение года"),
                                          ("participant", "parents"), ("participant", "pupils")]
        #expect(try director.post("/roadmaps/\(roadmap)/measures/new", form: fields).status == 303)
        #expect(try app.count("SELECT COUNT(*) FROM measureParticipant mp JOIN measure m ON m.id = mp.measureId WHERE m.roadmapId = \(roadmap)") == 2)
        #expect(try director.get(page).text.contains("Участники: Родители (законные представители), обучающиеся"))
        let xlsx = try director.get(page + "/export.xlsx")
        let rows = try XLSXReader(data: Data(xlsx.body)).rows().map { $0.cells.map { $0?.string ?? "" } }
        #expect(rows.contains { $0.count == 10 && $0[1] == "Родительские собрания об объективной оценке" && $0[9] == "Родители (законные представители), обучающиеся" })
        // An unknown group is a field error; nothing changes.
        let measures = try app.count("SELECT COUNT(*) FROM measure WHERE roadmapId = \(roadmap)")
        let refused = try director.post("/roadmaps/\(roadmap)/measures/new", form: [("_csrf", csrf), ("title", "Х"), ("due", "март"), ("participant", "robots")])
        #expect(refused.status == 422)
        #expect(refused.text.contains("Выберите участников из списка"))
        #expect(try app.count("SELECT COUNT(*) FROM measure WHERE roadmapId = \(roadmap)") == measures)
    }
}
