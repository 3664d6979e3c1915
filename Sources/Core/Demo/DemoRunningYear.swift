import Foundation

/// The coordinator's registries after the documented years (the living demo): one summing-up event and one done
/// decision a year between, and in the running year events this month and next and decisions due around today —
/// one overdue, one due in a few days, one a month ahead, one done. Addressed to the municipality's schools of the
/// list that year; everything invented, in the words of the seeds' registries.
enum DemoRunningYear {
    static func registries(_ m: DemoMunicipality, day: DemoDay, after historyEnd: Int) -> (events: [DemoWorkspace.Event],
                                                                                            decisions: [DemoWorkspace.Decision]) {
        var events: [DemoWorkspace.Event] = []
        var decisions: [DemoWorkspace.Decision] = []
        let running = day.runningYear
        guard historyEnd < running else { return ([], []) }
        let organisers = "Специалисты органа управления образованием, муниципальные координаторы"
        for y in (historyEnd + 1)...running {
            let listed = m.schools.filter { $0.has(.lowResults, in: y) }.map(\.key)
            guard !listed.isEmpty else { continue }
            let host = m.partnerships.first { $0.year == y }?.partnerSchoolKeys.first
            let teams = EventGroup("Управленческие команды ШНОР", 3 * listed.count)
            let curators = m.curators.filter { $0.assignments.contains { $0.year == y } }.count
            let groups = [teams] + (curators > 0 ? [EventGroup("Кураторы ШНОР", curators)] : [])
            if y < running {
                events.append(DemoWorkspace.Event(
                    format: .pechaKucha, title: "Подведение итогов реализации дорожных карт ШНОР за \(y)/\(y + 1) учебный год",
                    day: "\(y + 1)-05-2\(y % 7)", host: host, organisers: organisers, participants: listed,
                    goal: "Обобщить опыт управленческих команд ШНОР и кураторов по реализации дорожных карт",
                    expected: "Обмен управленческим опытом; предложения к дорожным картам следующего учебного года.",
                    outcomes: "Опыт представлен; школам рекомендовано учесть итоги года при корректировке дорожных карт.", groups: groups))
                decisions.append(DemoWorkspace.Decision(
                    year: y, kind: .decision,
                    text: "Продолжить адресную методическую поддержку школ с низкими образовательными результатами в \(y)/\(y + 1) учебном году",
                    addressee: .all, schools: listed, responsible: "кураторы, муниципальные координаторы", due: "\(y + 1)-05-31",
                    status: .done, note: "Поддержка оказана; итоги подведены на муниципальном мероприятии."))
                continue
            }
            // The running year, relative to today.
            let monthStart = String(day.today.prefix(8)) + "01"
            let thisMonth = max(monthStart, day.day(-6))
            let nextMonth = String(DemoDay.adding(32, to: monthStart).prefix(8)) + "16"
            events += [
                DemoWorkspace.Event(
                    format: .seminar, title: "Семинар-практикум «Анализ результатов входной диагностики и корректировка дорожных карт»",
                    day: thisMonth, host: host, organisers: organisers, participants: listed,
                    goal: "Научить управленческие команды использовать результаты входной диагностики при корректировке дорожных карт",
                    expected: "Школы уточняют мероприятия дорожных карт по итогам диагностики.",
                    outcomes: thisMonth < day.today ? "Проведён анализ результатов входной диагностики; школам даны рекомендации по корректировке дорожных карт." : "",
                    groups: groups),
                DemoWorkspace.Event(
                    format: .roundTable, title: "Круглый стол «Исполнение дорожных карт ШНОР: промежуточные итоги I полугодия»",
                    day: day.day(9), host: host, organisers: organisers, participants: listed,
                    goal: "Обсудить ход исполнения дорожных карт и трудности школ перед сдачей отчётов за I полугодие",
                    expected: "Согласованные подходы к заполнению отчётов; перечень мер по отстающим мероприятиям.", outcomes: "",
                    groups: groups),
                DemoWorkspace.Event(
                    format: .webinar, title: "Вебинар «Подготовка к ГИА: работа с обучающимися группы риска»",
                    day: nextMonth, host: nil, organisers: organisers, participants: listed,
                    goal: "Поддержать педагогов ШНОР в работе с обучающимися 9, 11 классов, находящимися в «зоне риска»",
                    expected: "Индивидуальные планы работы с обучающимися группы риска в каждой ШНОР.", outcomes: "",
                    groups: [EventGroup("Заместители директоров по УВР", listed.count),
                             EventGroup("Учителя-предметники", 4 * listed.count)]),
            ]
            let approved = "\(running)-10-31"
            decisions += [
                DemoWorkspace.Decision(
                    year: running, kind: .decision,
                    text: "Утвердить дорожные карты ШНОР на \(running)/\(running + 1) учебный год после согласования с кураторами",
                    addressee: .all, schools: listed, responsible: "руководители ОО, кураторы", due: approved,
                    status: approved < day.today ? .done : .inProgress,
                    note: approved < day.today ? "Дорожные карты согласованы; возвращённые доработаны." : ""),
                DemoWorkspace.Decision(
                    year: running, kind: .recommendation,
                    text: "Представить анализ результатов входной диагностики обучающихся 5–9 классов и выявить долю обучающихся «зоны риска»",
                    addressee: .group, schools: Array(listed.prefix(3)), responsible: "заместители директоров по УВР", due: day.day(-9),
                    status: .open),
                DemoWorkspace.Decision(
                    year: running, kind: .recommendation,
                    text: "Провести родительские собрания по вопросам подготовки к ГИА и оценочным процедурам",
                    addressee: .all, schools: listed, responsible: "руководители ОО", due: day.day(5), status: .inProgress),
                DemoWorkspace.Decision(
                    year: running, kind: .decision,
                    text: "Организовать взаимопосещение уроков педагогами ШНОР и школ-партнёров со стабильно высокими результатами",
                    addressee: .all, schools: listed, responsible: "руководители ОО, школы-партнёры", due: day.day(30), status: .open),
            ]
        }
        return (events, decisions)
    }
}
