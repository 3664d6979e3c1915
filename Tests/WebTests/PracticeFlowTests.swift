import Core
import Foundation
import GRDB
import Testing
@testable import Web

@Suite struct PracticeFlowTests {
    static func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }

    @Test func aDirectorProposesTheCoordinatorPublishesAnotherSchoolFindsIt() throws {
        let app = try TestApp(workingCycle: false)
        let director = try app.signedIn("director-ku")
        let form = try director.get("/practices/new")
        #expect(form.status == 200 && form.text.contains("Новая практика в банк практик"))
        let csrf = try #require(form.csrf)

        // Empty form: messages next to the fields, nothing saved.
        let before = try app.count("SELECT count(*) FROM practice")
        let empty = try director.post("/practices", form: [("_csrf", csrf), ("title", ""), ("category", ""), ("description", "")])
        #expect(empty.status == 422)
        #expect(empty.text.contains("Введите название практики") && empty.text.contains("Выберите направление практики"))
        #expect(try app.count("SELECT count(*) FROM practice") == before)

        let created = try director.post("/practices", form: [
            ("_csrf", csrf), ("title", "Образовательный квест «Читаем вместе»"), ("category", "pupilsAtRisk"),
            ("description", "Квест-игра для обучающихся «группы риска»: смысловое чтение и взаимопомощь"),
            ("authors", "Петрова А. А."), ("authorsConsent", "1"), ("tags", "Чтение, КВЕСТ, чтение"),
        ])
        #expect(created.status == 303)
        let location = try #require(created.header("Location"))
        let path = String(location.split(separator: "?")[0])
        let page = try director.get(path)
        #expect(page.text.contains("черновик") && page.text.contains("Предложить в банк практик"))
        #expect(page.text.contains("квест, чтение") == false && page.text.contains(">квест<") && page.text.contains(">чтение<"))

        let other = try app.signedIn("director-ku-02")
        #expect(try other.get(path).status == 403)
        #expect(try other.get("/practices?q=" + Self.encoded("взаимопомощ")).text.contains("Читаем вместе") == false)

        #expect(try director.post(path + "/propose", form: [("_csrf", csrf)]).status == 303)
        #expect(try director.get(path).text.contains("предложена"))
        // The director may not publish.
        #expect(try director.post(path + "/publish", form: [("_csrf", csrf)]).status == 403)

        let coordinator = try app.signedIn("mun-ku")
        let review = try coordinator.get(path)
        #expect(review.text.contains("Опубликовать") && review.text.contains("Вернуть на доработку"))
        let token = try #require(review.csrf)
        let noComment = try coordinator.post(path + "/return", form: [("_csrf", token), ("comment", "")])
        #expect(noComment.status == 422 && noComment.text.contains("Напишите, что доработать"))
        #expect(try coordinator.post(path + "/publish", form: [("_csrf", token)]).status == 303)

        // Another school finds it by a word of its description, in another case and form.
        let found = try other.get("/practices?q=" + Self.encoded("ВЗАИМОПОМОЩ"))
        #expect(found.status == 200 && found.text.contains("Образовательный квест «Читаем вместе»"))
        #expect(try other.get(path).status == 200)
        let byTag = try other.get("/practices?tag=" + Self.encoded("квест"))
        #expect(byTag.text.contains("Читаем вместе") && !byTag.text.contains("Формирующее оценивание на уроках"))
        let byCategory = try other.get("/practices?category=formativeAssessment")
        #expect(!byCategory.text.contains("Читаем вместе") && byCategory.text.contains("Формирующее оценивание на уроках"))
        let nothing = try other.get("/practices?q=" + Self.encoded("абракадабра"))
        #expect(nothing.text.contains("Нет практик, подходящих под условия поиска"))

        // The school's card lists it.
        let school = try app.schoolId(ofDirector: "director-ku")
        let card = try other.get("/schools/\(try app.schoolId(ofDirector: "director-ku-02"))")
        #expect(card.text.contains("Практики школы"))
        let ownCard = try director.get("/schools/\(school)")
        #expect(ownCard.text.contains("Образовательный квест «Читаем вместе»") && ownCard.text.contains("Совместные консультации"))
    }

    @Test func exportsListWhatThePageShows() throws {
        let app = try TestApp(workingCycle: false)
        let other = try app.signedIn("director-ku")
        let csv = try other.get("/practices/export.csv?q=" + Self.encoded("оценив"))
        #expect(csv.status == 200 && (csv.header("Content-Type") ?? "").hasPrefix("text/csv"))
        #expect(csv.text.contains("Формирующее оценивание на уроках математики") && !csv.text.contains("Кураторская методика"))
        // Y's proposed practice is not in X's export.
        let all = try other.get("/practices/export.csv")
        #expect(!all.text.contains("педагогические чтения 2023 года") && all.text.contains("Кураторская методика"))
        let xlsx = try other.get("/practices/export.xlsx")
        #expect(xlsx.status == 200 && xlsx.body.prefix(2) == [0x50, 0x4B])
    }
}
