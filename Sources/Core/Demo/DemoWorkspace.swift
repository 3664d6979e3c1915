import Foundation
import GRDB

/// The coordinator's registries of the demo: the city events, management decisions and recommendations of seed 001
/// (Каменск-Уральский), a few of seed 002 (Кировский район), and staff development figures. The seed gives no dates
/// for the events of 2022: the dates are invented within the school years 2021/2022 and 2022/2023.
enum DemoWorkspace {
    struct Event {
        var format: EventFormat; var title: String; var day: String; var host: String?; var organisers: String
        var participants: [String]; var goal: String; var tasks: String = ""; var expected: String = ""; var keyIdeas: String = ""
        var outcomes: String
        /// Participants as groups; nil: seed 001's «Управленческие команды школ», three people a school (the seed
        /// names the group, not its size: the head counts are invented).
        var groups: [EventGroup]? = nil
        var participantGroups: [EventGroup] {
            groups ?? [EventGroup("Управленческие команды школ (ШНОР, участники проекта «500+»)", 3 * Set(participants).count)]
        }
    }

    struct Decision {
        var year: Int; var kind: DecisionKind; var text: String; var addressee: DecisionAddressee; var schools: [String]
        var responsible: String; var due: String?; var status: DecisionStatus; var note: String = ""
    }

    static let participants2022 = ["KU-01", "KU-17", "KU-35", "KU-38", "KU-51", "KU-60", "KU-L09"]
    static let list2023 = ["KU-02", "KU-07", "KU-11", "KU-14", "KU-19", "KU-21", "KU-27", "KU-39", "KU-40", "KU-AKS"]

    static let kamenskEvents: [Event] = [
        Event(format: .questGame, title: "Совершенствование ВСОКО в условиях обновленных ФГОС", day: "2022-02-17", host: "KU-32",
              organisers: "Специалисты Управления образования, администрация школ №№ 32, 60, 38 и 51",
              participants: participants2022 + ["KU-32"],
              goal: "Повышение профессиональной компетентности управленческих команд ШНОР в реализации процедуры внутренней системы оценки качества образования",
              tasks: "Расширить знания участников квест-игры по совершенствованию ВСОКО с целью повышения качества образования в школах с низкими результатами обучения (ШНОР).",
              expected: "Возможность участия в открытой дискуссии, принятия различных вариантов управленческих решений по ситуациям, исходя из заданий, включенных в квест-игру.",
              outcomes: "Определение комплекса мер и мероприятий, которые позволят совершенствовать ВСОКО и грамотного принятия управленческих решений. Обмен управленческим опытом. Слаженная работа в управленческих командах ШНОР."),
        Event(format: .businessGame, title: "Эффективное управление: Что? Зачем? Почему?", day: "2022-03-24", host: "KU-16",
              organisers: "Специалисты Управления образования, администрация школы", participants: participants2022,
              goal: "Определение стратегических задач эффективного управления школой и основных путей их решения",
              outcomes: "Обмен управленческим опытом."),
        Event(format: .brainstorm,
              title: "Организация оценочных процедур в рамках внутреннего мониторинга качества образования. Проектная деятельность – возможности развития и оценки метапредметных результатов",
              day: "2022-04-21", host: "KU-01", organisers: "Специалисты Управления образования, администрация школы",
              participants: participants2022,
              goal: "Разработка критериев оценки индивидуального ученического проекта в соответствии с требованиями обновлённого ФГОС",
              expected: "Созданный в результате мозгового штурма документ общего пользования с разработанными критериями оценки индивидуального ученического проекта.",
              outcomes: "Полученный в результате мозгового штурма готовый продукт предлагается школам как пример для использования в своей работе. Слаженная работа в управленческих командах."),
        Event(format: .debates, title: "Сравнение традиционной и новой системы оценивания", day: "2022-10-27", host: "KU-30",
              organisers: "Специалисты Управления образования, администрация школы", participants: participants2022,
              goal: "Рассмотреть традиционные и современные подходы к оценке учебных достижений учащихся и предложить пути решения проблемы оценивания качества современного образования, повышения объективности оценивания",
              tasks: "Сравнить традиционные и современные подходы к оцениванию уровня достижений учащихся; проанализировать систему оценивания в достижении планируемых результатов обновленных ФГОС.",
              expected: "Расширение знаний в создании условий, обеспечивающих объективность оценивания; выработка единого алгоритма для педагогов.",
              keyIdeas: "Изучение + обмен опытом + разработка алгоритма = система оценивания планируемых результатов по предмету.",
              outcomes: "Причина необъективной педагогической оценки — недостаточная разработанность критериев оценивания. Алгоритм для педагогов «Как разработать и адаптировать систему оценивания достижения планируемых результатов по конкретному предмету»."),
        Event(format: .coaching, title: "Система управленческой деятельности в рамках ВСОКО", day: "2022-11-17", host: "KU-31",
              organisers: "Специалисты Управления образования, администрация школы", participants: participants2022,
              goal: "Обучить механизмам управленческой деятельности по решению актуальных проблем в рамках ВСОКО в целях повышения качества образования",
              outcomes: "Управленческие решения по актуальным проблемам в рамках ВСОКО в целях повышения качества образования."),
        Event(format: .roundTable, title: "ВСОКО: механизмы оценки качества образования", day: "2022-12-08", host: "KU-22",
              organisers: "Специалисты Управления образования, администрация школы", participants: participants2022,
              goal: "Определение механизмов управления качеством образовательных результатов с целью использования их в управлении развитием внутренней системы оценки качества образования",
              outcomes: "Представление плана мероприятий (дорожной карты) по повышению качества образования Средней школы № 22 с акцентом на слабые и сильные стороны карты."),
        Event(format: .pechaKucha, title: "Подведение итогов по реализации 2 этапа федерального проекта «500+»", day: "2022-12-22", host: "KU-60",
              organisers: "Специалисты Управления образования, администрация школы № 60, заместители руководителей МОУ №№ 1, 2, 32, 51",
              participants: participants2022 + ["KU-32", "KU-02"],
              goal: "Обобщить положительный опыт работы управленческих команд совместно с кураторами и муниципальными координаторами проекта «500+»",
              tasks: "Трансляция положительного опыта работы управленческих команд проекта «500+». Привлечение к активной дискуссии всех участников мероприятия.",
              expected: "Эффективный обмен опытом.",
              keyIdeas: "Возможность участия в открытой дискуссии, принятия различных вариантов управленческих решений по ситуациям.",
              outcomes: "Обобщение результатов, направленное на реализацию видения проблем и позволяющее найти ответы на вопрос: как повысить качество образования? Обмен управленческим опытом."),
    ]

    static let kamenskDecisions: [Decision] = [
        Decision(year: 2022, kind: .decision,
                 text: "Продолжить работу со школами с низкими образовательными результатами и школами, функционирующими в неблагоприятных социальных условиях, по оказанию адресной методической поддержки относительно выявленных в данных школах проблем",
                 addressee: .all, schools: participants2022, responsible: "кураторы, муниципальные координаторы", due: "2023-05-31",
                 status: .done, note: "Адресная поддержка оказана; все 7 школ вышли из ШНОР."),
        Decision(year: 2022, kind: .decision,
                 text: "Управленческим командам ШНОР выстроить внутреннюю систему профилактики учебной неуспешности с целью профилактики и предотвращения появления низких образовательных результатов",
                 addressee: .all, schools: participants2022, responsible: "управленческие команды ШНОР", due: "2023-05-31", status: .done),
        Decision(year: 2022, kind: .decision,
                 text: "Продолжить консультирование заместителей руководителей по УВР школ, имеющих признаки необъективности по результатам ВПР и олимпиад школьников",
                 addressee: .school, schools: ["KU-32"], responsible: "Бессонова М.В., Войтюшенко Г.Ф., Плотникова Т.А.", due: nil,
                 status: .inProgress),
        Decision(year: 2023, kind: .recommendation,
                 text: "Скорректировать дорожные карты (планы мероприятий) подготовки к ГИА и оценочным процедурам в 2023 году",
                 addressee: .all, schools: list2023, responsible: "руководители ОО", due: "2023-10-31", status: .done,
                 note: "Дорожные карты скорректированы и согласованы с кураторами."),
        Decision(year: 2023, kind: .recommendation,
                 text: "Определить источники методической помощи для учителей, имеющих более низкие результаты или отрицательную динамику результатов (ЦДО, наставничество, ШМО, «педагогические пары», кураторская методика, сетевое взаимодействие)",
                 addressee: .all, schools: list2023, responsible: "руководители ОО", due: "2023-12-29", status: .inProgress),
        // The open overdue one.
        Decision(year: 2023, kind: .recommendation,
                 text: "Выявить долю обучающихся 9, 11 классов, находящихся в «зоне риска» по каждому учебному предмету, и спланировать работу с ними",
                 addressee: .group, schools: ["KU-02", "KU-07", "KU-11"], responsible: "заместители директоров по УВР", due: "2023-11-30",
                 status: .open),
        Decision(year: 2023, kind: .recommendation,
                 text: "Представить опыт работы управленческих команд на педагогических чтениях в 2023 году",
                 addressee: .group, schools: ["KU-01", "KU-02", "KU-07", "KU-27", "KU-32", "KU-35", "KU-38", "KU-60", "KU-L09"],
                 responsible: "руководители ОО", due: "2023-11-23", status: .done,
                 note: "Опыт управленческих команд представлен на городских педагогических чтениях 23.11.2023."),
        Decision(year: 2023, kind: .recommendation,
                 text: "Представить опыт работы кураторов на педагогических чтениях в 2023 году",
                 addressee: .all, schools: list2023, responsible: "кураторы, муниципальные координаторы", due: "2023-11-23", status: .done,
                 note: "Кураторы представили опыт кураторской практики на городских педагогических чтениях 23.11.2023."),
    ]

    /// Seed 001, recommendations for 2023: «представить опыт работы кураторов на педагогических чтениях в 2023 году;
    /// представить опыт работы управленческих команд ОУ №№ 1, 2, 7, 27, 32, 35, 38, 60 и Лицея № 9 на педагогических
    /// чтениях в 2023 году». The day is invented within 2023; head counts from `staff` where known, else three.
    static let readings2023: Event = {
        let teams = ["KU-01", "KU-02", "KU-07", "KU-27", "KU-32", "KU-35", "KU-38", "KU-60", "KU-L09"]
        let names = ["KU-01": "Средней школы № 1", "KU-02": "СШ № 2", "KU-07": "СШ № 7", "KU-27": "ОШ № 27", "KU-32": "СШ № 32",
                     "KU-35": "СШ № 35", "KU-38": "СШ № 38", "KU-60": "СШ № 60", "KU-L09": "Лицея № 9"]
        let groups = teams.map { key in
            EventGroup("Управленческая команда \(names[key]!)", staff.first { $0.key == key }?.2.managementTeam ?? 3)
        } + [EventGroup("Кураторы проекта «500+»", 6)]
        return Event(format: .conference, title: "Педагогические чтения «Опыт кураторской практики и командной работы в проекте «500+»»",
                     day: "2023-11-23", host: nil, organisers: "Специалисты Управления образования, муниципальные координаторы проекта «500+»",
                     participants: teams,
                     goal: "Представить педагогическому сообществу опыт работы кураторской практики и командной работы в рамках проекта «500+»",
                     expected: "Опыт управленческих команд и кураторов представлен школам, попавшим в федеральную выборку ШНОР в 2023 году.",
                     outcomes: "Представлен опыт работы кураторов и управленческих команд ОУ №№ 1, 2, 7, 27, 32, 35, 38, 60 и Лицея № 9.",
                     groups: groups)
    }()

    static let kirovskyEvents: [Event] = [
        Event(format: .conference, title: "Пути повышения качества образования, успешной социализации обучающихся: роль школы, семьи, социума",
              day: "2021-02-18", host: "KR-KIR2", organisers: "Комитет образования, МИМС",
              participants: ["KR-OTR3", "KR-SIN", "KR-PUT", "KR-NAZ"],
              goal: "Обеспечение информационной открытости и доступности проведения мониторинга качества образования",
              outcomes: "Районная родительская конференция проведена; материалы размещены на сайтах школ.",
              groups: [EventGroup("Родители (законные представители)", 46), EventGroup("Педагоги", 18), EventGroup("Администрация школ", 9)]),
        Event(format: .seminar, title: "Методический семинар для учителей-предметников по проблемам, выявленным в ходе анализа результатов обучения",
              day: "2020-11-26", host: "KR-OTR2", organisers: "МИМС, руководители РМО",
              participants: ["KR-OTR3", "KR-SIN", "KR-PUT", "KR-NAZ", "KR-OTR2"],
              goal: "Индивидуальная адресная помощь, презентация успешного опыта", outcomes: "Повышение профессиональной компетентности педагогов.",
              groups: [EventGroup("Учителя-предметники", 27), EventGroup("Руководители районных методических объединений", 6)]),
    ]

    static let kirovskyDecisions: [Decision] = [
        Decision(year: 2020, kind: .recommendation,
                 text: "Принимать управленческие решения на основе работы с объективными результатами: протоколы педсоветов, заседаний методических объединений, приказы директора по работе с образовательными результатами",
                 addressee: .all, schools: ["KR-OTR3", "KR-SIN", "KR-PUT", "KR-NAZ"], responsible: "администрация образовательных организаций",
                 due: "2021-05-31", status: .done),
    ]

    /// Management team and teachers per school; seed 001: 100% of the management teams of the participants trained.
    static let staff: [(key: String, year: Int, StaffFigures)] = [
        ("KU-01", 2022, StaffFigures(managementTeam: 5, managementTrained: 5, teachers: 62, teachersTrained: 41, teachersWithDeficits: 9)),
        ("KU-17", 2022, StaffFigures(managementTeam: 4, managementTrained: 4, teachers: 55, teachersTrained: 30, teachersWithDeficits: 11)),
        ("KU-35", 2022, StaffFigures(managementTeam: 4, managementTrained: 4, teachers: 38, teachersTrained: 20, teachersWithDeficits: 8)),
        ("KU-38", 2022, StaffFigures(managementTeam: 3, managementTrained: 3, teachers: 34, teachersTrained: 19, teachersWithDeficits: 7)),
        ("KU-51", 2022, StaffFigures(managementTeam: 4, managementTrained: 4, teachers: 41, teachersTrained: 25, teachersWithDeficits: 6)),
        ("KU-60", 2022, StaffFigures(managementTeam: 5, managementTrained: 5, teachers: 58, teachersTrained: 36, teachersWithDeficits: 10)),
        ("KU-L09", 2022, StaffFigures(managementTeam: 4, managementTrained: 4, teachers: 47, teachersTrained: 33, teachersWithDeficits: 4)),
        ("KU-01", 2021, StaffFigures(managementTeam: 5, managementTrained: 3, teachers: 60, teachersTrained: 22, teachersWithDeficits: 14)),
        ("KU-32", 2021, StaffFigures(managementTeam: 4, managementTrained: 2, teachers: 44, teachersTrained: 15, teachersWithDeficits: 12)),
        ("KR-OTR3", 2020, StaffFigures(managementTeam: 3, managementTrained: 2, teachers: 31, teachersTrained: 12, teachersWithDeficits: 9)),
        ("KR-SIN", 2020, StaffFigures(managementTeam: 3, managementTrained: 1, teachers: 24, teachersTrained: 8, teachersWithDeficits: 7)),
    ]

    static func insert(_ db: Database, _ scope: Scope, region: DemoRegion, schoolIds: [String: Int64], day: DemoDay,
                       historyEnd: Int) throws {
        for m in region.municipalities {
            var events = m.key == "kamensk-uralsky" ? kamenskEvents + [readings2023] : m.key == "kirovsky" ? kirovskyEvents : []
            var decisions = m.key == "kamensk-uralsky" ? kamenskDecisions : m.key == "kirovsky" ? kirovskyDecisions : []
            let running = DemoRunningYear.registries(m, day: day, after: historyEnd)
            events += running.events; decisions += running.decisions
            guard !events.isEmpty || !decisions.isEmpty,
                  let municipalityId = try Int64.fetchOne(db, cachedSQL: "SELECT id FROM municipality WHERE name = ?", arguments: [m.name])
            else { continue }
            for e in events {
                let created = day.at(DemoDay.adding(-21, to: e.day), "09:30")
                try db.execute(sql: """
                    INSERT INTO municipalEvent (municipalityId, format, title, heldOn, schoolYear, hostSchoolId, organisers, goal, tasks,
                                                expectedResults, keyIdeas, outcomes, createdAt, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [municipalityId, e.format.rawValue, e.title, e.day, WorkspaceSupport.schoolYear(ofDay: e.day).start,
                                     e.host.flatMap { schoolIds[$0] }, e.organisers, e.goal, e.tasks, e.expected, e.keyIdeas, e.outcomes,
                                     created, created])
                let id = db.lastInsertedRowID
                for key in Set(e.participants).sorted() {
                    guard let schoolId = schoolIds[key] else { continue }
                    try db.execute(sql: "INSERT INTO municipalEventSchool (eventId, schoolId) VALUES (?, ?)", arguments: [id, schoolId])
                }
                for (position, group) in e.participantGroups.enumerated() {
                    try db.execute(sql: "INSERT INTO municipalEventGroup (eventId, title, headCount, position) VALUES (?, ?, ?, ?)",
                                   arguments: [id, group.title, group.headCount, position + 1])
                }
                try AuditLog.record(db, scope, action: "create", entity: "municipalEvent", id: id, before: String?.none, after: e.title, at: created)
                try DemoPractices.link(db, eventId: id, eventTitle: e.title)
            }
            for d in decisions {
                let created = day.at("\(d.year)-09-1\(d.text.utf8.count % 10)", "15:00")
                try db.execute(sql: """
                    INSERT INTO managementDecision (municipalityId, schoolYear, kind, text, addressee, responsible, dueOn, status, executionNote,
                                                    createdAt, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [municipalityId, d.year, d.kind.rawValue, d.text, d.addressee.rawValue, d.responsible, d.due,
                                     d.status.rawValue, d.note, created, created])
                let id = db.lastInsertedRowID
                for key in Set(d.schools).sorted() {
                    guard let schoolId = schoolIds[key] else { continue }
                    try db.execute(sql: "INSERT INTO managementDecisionSchool (decisionId, schoolId) VALUES (?, ?)", arguments: [id, schoolId])
                }
                try AuditLog.record(db, scope, action: "create", entity: "managementDecision", id: id, before: String?.none, after: d.text, at: created)
            }
        }
        for (key, year, f) in staff {
            guard let schoolId = schoolIds[key] else { continue }
            try db.execute(sql: """
                INSERT INTO staffDevelopment (schoolId, schoolYear, managementTeam, managementTrained, teachers, teachersTrained,
                                              teachersWithDeficits, updatedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [schoolId, year, f.managementTeam, f.managementTrained, f.teachers, f.teachersTrained, f.teachersWithDeficits,
                                 DemoDay.utc("\(year + 1)-06-10")])
        }
    }
}
