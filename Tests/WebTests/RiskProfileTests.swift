import Foundation
import GRDB
import Testing

/// Risk profiles, comments and «Ждёт моей проверки» over HTTP, as directors and curators see them.
@Suite(.serialized) struct RiskProfileTests {
    func profileForm(_ csrf: String, levels: [Int: String], chosen: Set<Int> = [], notes: [Int: String] = [:]) -> [(String, String)] {
        var form = [("_csrf", csrf)]
        for id in 1...10 {
            if let level = levels[id] { form.append(("level-\(id)", level)) }
            if chosen.contains(id) { form.append(("chosen-\(id)", "1")) }
            form.append(("note-\(id)", notes[id] ?? ""))
        }
        return form
    }

    @Test func directorFillsTheProfileAndSeesTheChangeFromTheLastYear() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku")
        let latest = try app.count("SELECT MAX(schoolYear) FROM riskProfile WHERE schoolId = \(school)")
        let year = latest + 1
        let director = try app.signedIn("director-ku")

        let form = try director.get("/schools/\(school)/risk-profile/\(year)/edit")
        #expect(form.status == 200)
        #expect(form.text.contains("Уровни подставлены из профиля прошлого года"))
        #expect(form.text.contains("школа работает с этим фактором"))

        // A factor without a level and a chosen factor marked «не актуален» are refused beside their fields.
        var levels = Dictionary(uniqueKeysWithValues: (1...10).map { ($0, "medium") })
        levels[4] = nil
        levels[7] = "notRelevant"
        let refused = try director.post("/schools/\(school)/risk-profile/\(year)/edit",
                                        form: profileForm(form.csrf ?? "", levels: levels, chosen: [7]))
        #expect(refused.status == 422)
        #expect(refused.text.contains("href=\"#level-4\""))
        #expect(refused.text.contains("Выберите уровень фактора «Риски низкой адаптивности учебного процесса»"))
        #expect(refused.text.contains("не может быть «не актуален», если школа работает с ним"))
        #expect(try app.count("SELECT COUNT(*) FROM riskProfile WHERE schoolId = \(school) AND schoolYear = \(year)") == 0)

        levels[4] = "low"
        levels[7] = "low"
        levels[1] = "high"      // medium last year → выше
        levels[2] = "low"       // high last year → ниже
        let saved = try director.post("/schools/\(school)/risk-profile/\(year)/edit",
                                      form: profileForm(form.csrf ?? "", levels: levels, chosen: [2, 7], notes: [2: "Два учителя вышли из декрета"]))
        #expect(saved.status == 303)
        let page = try director.get(saved.header("Location") ?? "")
        #expect(page.status == 200)
        #expect(page.text.contains("Изменения сохранены."))
        #expect(page.text.contains("Рисковый профиль, \(year)/\(year + 1)"))
        #expect(page.text.contains("По сравнению с \(latest)/\(latest + 1)"))
        #expect(page.text.contains("↑ выше"))
        #expect(page.text.contains("↓ ниже"))
        #expect(page.text.contains("было: высокий"))
        #expect(page.text.contains("в работе"))
        #expect(page.text.contains("Два учителя вышли из декрета"))
        #expect(try app.count("SELECT COUNT(*) FROM auditEntry WHERE entity = 'riskProfile'") >= 1)

        // The school's page shows the latest year's factors in work and links to the profile.
        let card = try director.get("/schools/\(school)").text
        #expect(card.contains("Рисковый профиль"))
        #expect(card.contains("\(year)/\(year + 1)"))
        #expect(card.contains("<li>Дефицит педагогических кадров</li>"))
        #expect(card.contains("/schools/\(school)/risk-profile?year=\(year)"))

        // Another school's director cannot open the form.
        #expect(try app.signedIn("director-ku-02").get("/schools/\(school)/risk-profile/\(year)/edit").status == 403)
    }

    @Test func curatorCommentsDirectorRepliesAndTheQueueFollows() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku")
        let year = try app.count("SELECT MAX(schoolYear) FROM riskProfile WHERE schoolId = \(school)")
        let profile = try app.count("SELECT id FROM riskProfile WHERE schoolId = \(school) AND schoolYear = \(year)")
        let curatorId = try app.count("SELECT id FROM user WHERE login = 'curator-ku'")
        let path = "/schools/\(school)/risk-profile?year=\(year)"
        let curator = try app.signedIn("curator-ku")
        let director = try app.signedIn("director-ku")

        // The demo thread: the school answered last, so it waits for the curator.
        var queue = try curator.get("/review?year=\(year)")
        #expect(queue.status == 200)
        #expect(queue.text.contains("Ответ школы: рисковый профиль"))
        #expect(queue.text.contains("родительский клуб"))
        #expect(try curator.get("/curators/\(curatorId)").text.contains("Ответ школы: рисковый профиль"))
        #expect(try app.signedIn("mun-ku").get("/curators/\(curatorId)").text.contains("Ответ школы: рисковый профиль"))

        let page = try curator.get(path)
        #expect(page.text.contains("Написать комментарий"))
        #expect(page.text.contains("Ответить"))
        let root = try app.count("SELECT MIN(id) FROM comment WHERE targetKind = 'riskProfile' AND targetId = \(profile)")

        // The curator answers: the thread leaves the queue.
        let answered = try curator.post("/comments", form: [("_csrf", page.csrf ?? ""), ("targetKind", "riskProfile"), ("targetId", "\(profile)"),
                                                            ("parentId", "\(root)"), ("body", "Хорошо, добавьте клуб в дорожную карту."),
                                                            ("return", path)])
        #expect(answered.status == 303)
        let replyId = try app.count("SELECT MAX(id) FROM comment")
        #expect(answered.header("Location") == path + "#comment-\(replyId)")
        queue = try curator.get("/review?year=\(year)")
        #expect(!queue.text.contains("Ответ школы: рисковый профиль"))
        #expect(!queue.text.contains("class=\"review-thread\""), "no thread waits (the year's documents may)")

        // A new thread by the curator; the director replies; it waits for the curator again.
        let opened = try curator.post("/comments", form: [("_csrf", page.csrf ?? ""), ("targetKind", "riskProfile"), ("targetId", "\(profile)"),
                                                          ("parentId", ""), ("body", "Уточните примечание по кадрам."), ("return", path)])
        #expect(opened.status == 303)
        let thread = try app.count("SELECT MAX(id) FROM comment")
        let shown = try curator.get(path).text
        #expect(shown.contains("id=\"comment-\(thread)\""))
        #expect(shown.contains("Уточните примечание по кадрам."))
        #expect(!(try curator.get("/review?year=\(year)").text.contains("Ответ школы")))

        let directorPage = try director.get(path)
        #expect(directorPage.text.contains("Уточните примечание по кадрам."))
        #expect(!directorPage.text.contains("Написать комментарий"))
        // A director answers but does not open threads.
        let startByDirector = try director.post("/comments", form: [("_csrf", directorPage.csrf ?? ""), ("targetKind", "riskProfile"),
                                                                    ("targetId", "\(profile)"), ("body", "Новая тема"), ("return", path)])
        #expect(startByDirector.status == 403)
        let empty = try director.post("/comments", form: [("_csrf", directorPage.csrf ?? ""), ("targetKind", "riskProfile"), ("targetId", "\(profile)"),
                                                          ("parentId", "\(thread)"), ("body", "   "), ("return", path)])
        #expect(empty.status == 422)
        #expect(empty.text.contains("Введите текст комментария"))
        let reply = try director.post("/comments", form: [("_csrf", directorPage.csrf ?? ""), ("targetKind", "riskProfile"), ("targetId", "\(profile)"),
                                                          ("parentId", "\(thread)"), ("body", "Вакансия учителя физики закрыта с января."),
                                                          ("return", "//evil.example/")])
        #expect(reply.status == 303)
        let directorReply = try app.count("SELECT MAX(id) FROM comment")
        #expect(reply.header("Location") == "/#comment-\(directorReply)")
        #expect(try app.count("SELECT parentId FROM comment WHERE id = \(directorReply)") == thread)

        queue = try curator.get("/review?year=\(year)")
        #expect(queue.text.contains("Ответ школы: рисковый профиль"))
        #expect(queue.text.contains("Вакансия учителя физики закрыта с января."))
        #expect(queue.text.contains("href=\"\(path)#comment-\(directorReply)\""))
        // The reply shows indented under its thread with its author's role.
        let after = try curator.get(path).text
        #expect(after.contains("comment comment--reply comment--school\" id=\"comment-\(directorReply)\""))
        #expect(after.contains("Директор школы"))

        // A curator of another school cannot comment; a director sees no queue.
        let other = try app.signedIn("curator-ku-3")
        let otherPage = try other.get("/review")
        #expect(otherPage.status == 200)
        #expect(!otherPage.text.contains("Вакансия учителя физики"))
        let refused = try other.post("/comments", form: [("_csrf", otherPage.csrf ?? ""), ("targetKind", "riskProfile"), ("targetId", "\(profile)"),
                                                         ("parentId", "\(thread)"), ("body", "Чужой комментарий"), ("return", path)])
        #expect(refused.status == 403)
        #expect(try director.get("/review").status == 403)
    }

    @Test func regionalCoordinatorEditsAndArchivesRiskFactors() throws {
        let app = try TestApp(workingCycle: false)
        let region = try app.signedIn("region")
        let list = try region.get("/risk-factors")
        #expect(list.status == 200)
        #expect(list.text.contains("Низкая учебная мотивация обучающихся"))
        let form = try region.get("/risk-factors/10/edit")
        let moved = try region.post("/risk-factors/10/edit", form: [("_csrf", form.csrf ?? ""), ("title", "Низкая учебная мотивация обучающихся"),
                                                                    ("sortOrder", "1")])
        #expect(moved.status == 303)
        #expect(try app.count("SELECT sortOrder FROM riskFactor WHERE id = 10") == 1)
        #expect(try app.count("SELECT sortOrder FROM riskFactor WHERE id = 1") == 2)
        let bad = try region.post("/risk-factors/10/edit", form: [("_csrf", form.csrf ?? ""), ("title", "Дефицит педагогических кадров"), ("sortOrder", "99")])
        #expect(bad.status == 422)
        #expect(bad.text.contains("уже есть"))
        #expect(bad.text.contains("от 1 до 10"))
        let archived = try region.post("/risk-factors/7/archive", form: [("_csrf", form.csrf ?? "")])
        #expect(archived.status == 303)
        // An archived factor is not asked for in a new profile.
        let school = try app.schoolId(ofDirector: "director-ku-02")
        let profileForm = try app.signedIn("director-ku-02").get("/schools/\(school)/risk-profile/2022/edit").text
        #expect(!profileForm.contains("Низкое качество преодоления языковых и культурных барьеров"))
        #expect(profileForm.contains("Низкая учебная мотивация обучающихся"))
        #expect(try app.signedIn("mun-ku").get("/risk-factors/7/edit").status == 403)
    }
}
