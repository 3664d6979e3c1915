import Foundation

// Demo data of Opora, drawn from the seed documents in /work/shared/seeds:
//   000 — «Модель внедрения технологии формирующего оценивания…», город Горячий Ключ;
//   001 — «Проект адресной методической помощи «500+» в 2022 году», Каменск-Уральский ГО;
//   002 — распоряжение комитета образования Кировского муниципального района от 27.08.2020 № 149;
//   003 — итоговая справка по поддержке школ (2018–2021), Кемеровский муниципальный округ.
// School names, workplaces, positions, order numbers/dates, statuses and partner pairs come from
// the seeds. Names of people, phones and e-mails are invented (the design asks for invented names
// of people); so is everything marked «invented» below.
//
// Status semantics: a `DemoStatusChange` is the state of one flag of one school in one school
// year. A flag holds in year Y if and only if the school has a record for Y with `isSet == true`;
// nothing carries over from year to year. An exit from the ШНОР list is a `lowResults` record with
// `isSet == false, isExit == true` in the first school year the school is no longer on the list.

// MARK: - Types

public struct DemoRegion: Sendable, Hashable {
    public var municipalities: [DemoMunicipality]

    public init(municipalities: [DemoMunicipality]) {
        self.municipalities = municipalities
    }
}

public struct DemoMunicipality: Sendable, Hashable {
    /// ASCII slug, unique in the region.
    public var key: String
    public var name: String
    public var shortName: String
    public var coordinators: [DemoCoordinator]
    public var schools: [DemoSchool]
    public var curators: [DemoCurator]
    public var partnerships: [DemoPartnership]

    public init(key: String, name: String, shortName: String, coordinators: [DemoCoordinator],
                schools: [DemoSchool], curators: [DemoCurator], partnerships: [DemoPartnership]) {
        self.key = key
        self.name = name
        self.shortName = shortName
        self.coordinators = coordinators
        self.schools = schools
        self.curators = curators
        self.partnerships = partnerships
    }
}

public struct DemoCoordinator: Sendable, Hashable {
    public var fullName: String
    public var position: String
    public var orderNumber: String?
    /// yyyy-MM-dd
    public var orderDate: String?

    public init(fullName: String, position: String, orderNumber: String?, orderDate: String?) {
        self.fullName = fullName
        self.position = position
        self.orderNumber = orderNumber
        self.orderDate = orderDate
    }
}

public struct DemoSchool: Sendable, Hashable {
    /// Stable code, unique in the region (e.g. "KU-01").
    public var key: String
    /// Full name as in the seed.
    public var name: String
    public var shortName: String
    public var kind: SchoolKind
    public var address: String?
    public var directorName: String
    public var phone: String?
    public var email: String?
    public var statuses: [DemoStatusChange]

    public init(key: String, name: String, shortName: String, kind: SchoolKind, address: String?,
                directorName: String, phone: String?, email: String?, statuses: [DemoStatusChange]) {
        self.key = key
        self.name = name
        self.shortName = shortName
        self.kind = kind
        self.address = address
        self.directorName = directorName
        self.phone = phone
        self.email = email
        self.statuses = statuses
    }
}

public struct DemoStatusChange: Sendable, Hashable {
    /// The year the school year starts: 2022 = 2022/2023.
    public var year: Int
    public var flag: StatusFlag
    public var isSet: Bool
    /// True for an exit from the ШНОР list (`flag == .lowResults`, `isSet == false`).
    public var isExit: Bool
    /// Cohort of the «500+» programme (for `programmeParticipant`).
    public var cohortYear: Int?
    /// Russian, short, grounded in the seed.
    public var reason: String

    public init(year: Int, flag: StatusFlag, isSet: Bool, isExit: Bool, cohortYear: Int?, reason: String) {
        self.year = year
        self.flag = flag
        self.isSet = isSet
        self.isExit = isExit
        self.cohortYear = cohortYear
        self.reason = reason
    }
}

public struct DemoCurator: Sendable, Hashable {
    public var fullName: String
    /// School or organisation the curator works at.
    public var workplace: String
    public var position: String
    public var assignments: [DemoAssignment]

    public init(fullName: String, workplace: String, position: String, assignments: [DemoAssignment]) {
        self.fullName = fullName
        self.workplace = workplace
        self.position = position
        self.assignments = assignments
    }
}

public struct DemoAssignment: Sendable, Hashable {
    public var schoolKey: String
    public var year: Int
    /// The order behind the assignment, as the seed names it (nil where it names none).
    public var orderNumber: String?
    /// yyyy-MM-dd
    public var orderDate: String?

    public init(schoolKey: String, year: Int, orderNumber: String? = nil, orderDate: String? = nil) {
        self.schoolKey = schoolKey
        self.year = year
        self.orderNumber = orderNumber
        self.orderDate = orderDate
    }
}

public struct DemoPartnership: Sendable, Hashable {
    public var year: Int
    public var lowResultsSchoolKey: String
    public var partnerSchoolKeys: [String]
    /// Forms of work: наставничество, педагогические пары, …
    public var forms: String

    public init(year: Int, lowResultsSchoolKey: String, partnerSchoolKeys: [String], forms: String) {
        self.year = year
        self.lowResultsSchoolKey = lowResultsSchoolKey
        self.partnerSchoolKeys = partnerSchoolKeys
        self.forms = forms
    }
}

// MARK: - Queries

extension DemoSchool {
    /// Flags that hold in school year `year`.
    public func flags(in year: Int) -> Set<StatusFlag> {
        Set(statuses.filter { $0.year == year && $0.isSet }.map(\.flag))
    }

    public func has(_ flag: StatusFlag, in year: Int) -> Bool {
        statuses.contains { $0.year == year && $0.flag == flag && $0.isSet }
    }

    /// Exits from the ШНОР list, oldest first.
    public var exits: [DemoStatusChange] {
        statuses.filter(\.isExit).sorted { $0.year < $1.year }
    }
}

extension DemoMunicipality {
    public func school(key: String) -> DemoSchool? {
        schools.first { $0.key == key }
    }

    public func schools(with flag: StatusFlag, in year: Int) -> [DemoSchool] {
        schools.filter { $0.has(flag, in: year) }
    }
}

extension DemoRegion {
    public func municipality(key: String) -> DemoMunicipality? {
        municipalities.first { $0.key == key }
    }

    public var schoolCount: Int {
        municipalities.reduce(0) { $0 + $1.schools.count }
    }

    /// Consistency problems, in plain English for logs and tests; empty when the data is
    /// sound: unique municipality and school keys, assignments and partnerships that reference
    /// schools of their own municipality, exits that are unset `lowResults` records.
    public func problems() -> [String] {
        var out: [String] = []
        var municipalityKeys = Set<String>()
        var schoolKeys = Set<String>()
        for m in municipalities {
            if !municipalityKeys.insert(m.key).inserted { out.append("duplicate municipality key \(m.key)") }
            if m.key.isEmpty || !m.key.unicodeScalars.allSatisfy({ $0.isASCII }) {
                out.append("municipality key is not an ASCII slug: \(m.key)")
            }
            let local = Set(m.schools.map(\.key))
            for s in m.schools {
                if !schoolKeys.insert(s.key).inserted { out.append("duplicate school key \(s.key)") }
                for st in s.statuses where st.isExit && (st.isSet || st.flag != .lowResults) {
                    out.append("school \(s.key): exit in \(st.year) is not an unset lowResults record")
                }
                for y in Set(s.statuses.map(\.year)) {
                    let flags = s.statuses.filter { $0.year == y }.map(\.flag)
                    if Set(flags).count != flags.count {
                        out.append("school \(s.key): two records of one flag in \(y)")
                    }
                }
            }
            for c in m.curators {
                for a in c.assignments where !local.contains(a.schoolKey) {
                    out.append("\(m.key): curator \(c.fullName) assigned to unknown school \(a.schoolKey)")
                }
            }
            for p in m.partnerships {
                for k in [p.lowResultsSchoolKey] + p.partnerSchoolKeys where !local.contains(k) {
                    out.append("\(m.key): partnership \(p.year) references unknown school \(k)")
                }
                if p.partnerSchoolKeys.isEmpty || p.partnerSchoolKeys.contains(p.lowResultsSchoolKey) {
                    out.append("\(m.key): partnership \(p.year) of \(p.lowResultsSchoolKey) has bad partners")
                }
            }
        }
        return out
    }
}

// MARK: - Builders (file-private)

private func on(_ year: Int, _ flag: StatusFlag, cohort: Int? = nil, _ reason: String) -> DemoStatusChange {
    DemoStatusChange(year: year, flag: flag, isSet: true, isExit: false, cohortYear: cohort, reason: reason)
}

private func off(_ year: Int, _ flag: StatusFlag, cohort: Int? = nil, _ reason: String) -> DemoStatusChange {
    DemoStatusChange(year: year, flag: flag, isSet: false, isExit: false, cohortYear: cohort, reason: reason)
}

private func exitLowResults(_ year: Int, _ reason: String) -> DemoStatusChange {
    DemoStatusChange(year: year, flag: .lowResults, isSet: false, isExit: true, cohortYear: nil, reason: reason)
}

/// Invented phone number of an obviously fake shape: area code of the town, local part 0…0NN.
private func fakePhone(_ areaCode: String, _ n: Int) -> String {
    let nn = n < 10 ? "0\(n)" : "\(n)"
    return areaCode.count >= 5 ? "+7 (\(areaCode)) 0-00-\(nn)" : "+7 (\(areaCode)) 00-00-\(nn)"
}

/// A school whose phone and e-mail are invented (`<key>@example.ru`); the address is not in the
/// seeds and is left empty.
private func school(_ key: String, _ name: String, _ shortName: String, _ kind: SchoolKind,
                    director: String, area: String, phoneNo: Int,
                    _ statuses: [DemoStatusChange] = []) -> DemoSchool {
    DemoSchool(key: key, name: name, shortName: shortName, kind: kind, address: nil,
               directorName: director, phone: fakePhone(area, phoneNo),
               email: "\(key.lowercased())@example.ru", statuses: statuses)
}

// MARK: - Seeded region

extension DemoRegion {
    /// School years the seeded status history covers: 2020/2021 … 2023/2024.
    public static let seededYears: ClosedRange<Int> = 2020...2023

    /// The demo region drawn from the seeds.
    public static let seeded = DemoRegion(municipalities: [
        kamenskUralsky(), kirovsky(), kemerovsky(), goryachyKlyuch(),
    ])

    // MARK: Каменск-Уральский городской округ (seed 001)

    private static func kamenskUralsky() -> DemoMunicipality {
        let area = "3439"
        // The seven participants of «500+» in 2022 (seed 001: «Образовательные организации -
        // участники проекта … в 2022 году»); «Все 7 школ … участники проекта «500+» в 2022 году
        // вышли из ШНОР» — so the exit is recorded in 2023/2024, the first year off the list.
        func participant2022() -> [DemoStatusChange] {
            [
                on(2022, .lowResults, "ШНОР; участник проекта «500+» в 2022 году"),
                on(2022, .programmeParticipant, cohort: 2022, "Участник проекта адресной методической помощи «500+» в 2022 году"),
                exitLowResults(2023, "Вышла из ШНОР по итогам проекта «500+» в 2022 году"),
                off(2023, .programmeParticipant, cohort: 2022, "Участие в проекте «500+» (2022) завершено"),
            ]
        }
        // Schools of the curators (seed 001, curator table), modelled as the partner schools.
        let curatorSchool = [on(2022, .partner, "Школа куратора ШНОР в проекте «500+» в 2022 году")]
        // «В 2023 учебном году образовательным организациям (№№ 2, 7, 11, 14, 19, 21, 27, 39, 40,
        // центр образования «Аксиома») попавшим в федеральную выборку школ с низкими
        // образовательными результатами…» (seed 001).
        let list2023 = on(2023, .lowResults, "Федеральная выборка ШНОР на 2023 год")
        // «…сетевое взаимодействие с педагогами школ города, имеющих стабильно высокие результаты» (seed 001,
        // recommendations for 2023): the schools that never were on the list are the partners of 2023/2024.
        let network2023 = [on(2023, .partner, "Школа города со стабильно высокими результатами: сетевое взаимодействие со ШНОР в 2023 году")]

        let schools: [DemoSchool] = [
            // Participants 2022. Directors named in the seed are replaced by invented names.
            school("KU-01", "Средняя школа № 1 с углублённым изучением отдельных предметов", "Средняя школа № 1", .sosh,
                   director: "Белова Ирина Сергеевна", area: area, phoneNo: 1, participant2022()),
            school("KU-17", "Средняя школа № 17 с углублённым изучением отдельных предметов", "Средняя школа № 17", .sosh,
                   director: "Андреева Людмила Павловна", area: area, phoneNo: 17, participant2022()),
            school("KU-35", "Средняя школа № 35", "СШ № 35", .sosh,
                   director: "Кузьмина Елена Викторовна", area: area, phoneNo: 35, participant2022()),
            school("KU-38", "Средняя школа № 38", "СШ № 38", .sosh,
                   director: "Сорокин Дмитрий Олегович", area: area, phoneNo: 38, participant2022()),
            school("KU-51", "Средняя школа № 51", "СШ № 51", .sosh,
                   director: "Мельникова Ольга Игоревна", area: area, phoneNo: 51, participant2022()),
            school("KU-60", "Средняя школа № 60", "СШ № 60", .sosh,
                   director: "Егорова Наталья Петровна", area: area, phoneNo: 60, participant2022()),
            school("KU-L09", "Лицей № 9", "Лицей № 9", .lyceum,
                   director: "Фёдоров Алексей Николаевич", area: area, phoneNo: 9, participant2022()),

            // Workplaces of the curators (seed 001). The directors of № 15 and № 21 are curators
            // themselves (position «директор» in the table), so they carry the curators' names.
            school("KU-03", "Средняя школа № 3", "СШ № 3", .sosh,
                   director: "Николаева Галина Ивановна", area: area, phoneNo: 3, curatorSchool + network2023),
            school("KU-15", "Средняя школа № 15", "СШ № 15", .sosh,
                   director: "Лебедева Татьяна Андреевна", area: area, phoneNo: 15, curatorSchool + network2023),
            school("KU-21", "Средняя школа № 21", "СШ № 21", .sosh,
                   director: "Волкова Оксана Геннадьевна", area: area, phoneNo: 21, curatorSchool + [list2023]),
            school("KU-27", "Основная школа № 27", "ОШ № 27", .oosh,
                   director: "Зайцева Марина Алексеевна", area: area, phoneNo: 27, curatorSchool + [list2023]),
            school("KU-34", "Средняя школа № 34", "СШ № 34", .sosh,
                   director: "Павленко Виктор Сергеевич", area: area, phoneNo: 34, curatorSchool + network2023),

            // The 2023 federal list. № 2, 7, 11, 14, 39 appear in the seed only as «№№»; their
            // kind (средняя школа) is assumed.
            school("KU-02", "Средняя школа № 2", "СШ № 2", .sosh,
                   director: "Киселёва Анна Дмитриевна", area: area, phoneNo: 2, [list2023]),
            school("KU-07", "Средняя школа № 7", "СШ № 7", .sosh,
                   director: "Морозов Сергей Анатольевич", area: area, phoneNo: 7, [list2023]),
            school("KU-11", "Средняя школа № 11", "СШ № 11", .sosh,
                   director: "Гусева Лариса Михайловна", area: area, phoneNo: 11, [list2023]),
            school("KU-14", "Средняя школа № 14", "СШ № 14", .sosh,
                   director: "Ковалёва Юлия Александровна", area: area, phoneNo: 14, [list2023]),
            school("KU-19", "Средняя школа № 19", "СШ № 19", .sosh,
                   director: "Соловьёва Вера Николаевна", area: area, phoneNo: 19, [list2023]),
            school("KU-39", "Средняя школа № 39", "СШ № 39", .sosh,
                   director: "Степанов Андрей Викторович", area: area, phoneNo: 39, [list2023]),
            school("KU-40", "Средняя школа № 40", "СШ № 40", .sosh,
                   director: "Никитина Елена Борисовна", area: area, phoneNo: 40, [list2023]),
            school("KU-AKS", "Центр образования «Аксиома»", "ЦО «Аксиома»", .educationCentre,
                   director: "Макаров Павел Евгеньевич", area: area, phoneNo: 90, [list2023]),

            // Hosts of the city events of 2022 (seed 001) and the gymnasium of the working group.
            school("KU-16", "Средняя школа № 16", "СШ № 16", .sosh,
                   director: "Крылова Нина Васильевна", area: area, phoneNo: 16, network2023),
            school("KU-22", "Средняя школа № 22", "СШ № 22", .sosh,
                   director: "Романова Марина Викторовна", area: area, phoneNo: 22, network2023),
            school("KU-30", "Средняя школа № 30", "СШ № 30", .sosh,
                   director: "Богданова Ксения Олеговна", area: area, phoneNo: 30, network2023),
            school("KU-31", "Средняя школа № 31", "СШ № 31", .sosh,
                   director: "Власов Константин Юрьевич", area: area, phoneNo: 31, network2023),
            // «школа - участница проекта «500+», входила в федеральный перечень школ с признаками
            // необъективности» (seed 001). Not among the 2022 participants, hence cohort 2021 (the
            // project started in the city in 2021, order № 48); the year of the non-objectivity list
            // is not given and is assumed to be 2021.
            school("KU-32", "Средняя школа № 32", "СШ № 32", .sosh,
                   director: "Фролова Татьяна Геннадьевна", area: area, phoneNo: 32, [
                       on(2021, .lowResults, "ШНОР; участник проекта «500+» в 2021 году"),
                       on(2021, .programmeParticipant, cohort: 2021, "Участник проекта «500+» в 2021 году"),
                       on(2021, .nonObjectiveSigns, "Входила в федеральный перечень школ с признаками необъективности"),
                   ]),
            school("KU-GIM", "Каменск-Уральская гимназия", "Гимназия", .gymnasium,
                   director: "Афанасьева Инна Сергеевна", area: area, phoneNo: 91, network2023),
        ]

        // Curator table of seed 001. Names invented; workplace, position and courted schools from
        // the seed. The second row (основная школа № 27) has an empty «курируемая ОО» cell: read as
        // a cell merged with the row above, i.e. a second curator of Средняя школа № 1. The assignments of
        // 2022/2023 rest on the seed's order of the Управление образования «от 01.09.2022 № 400» (the project of
        // the 2022-2023 school year that names the curators' tasks).
        func byOrder400(_ key: String) -> DemoAssignment {
            DemoAssignment(schoolKey: key, year: 2022, orderNumber: "400", orderDate: "2022-09-01")
        }
        let curators: [DemoCurator] = [
            DemoCurator(fullName: "Лебедева Татьяна Андреевна", workplace: "Средняя школа № 15", position: "директор",
                        assignments: [byOrder400("KU-01")]),
            DemoCurator(fullName: "Медведева Елена Константиновна", workplace: "Основная школа № 27",
                        position: "заместитель директора по УВР",
                        assignments: [byOrder400("KU-01")]),
            DemoCurator(fullName: "Широкова Светлана Игоревна", workplace: "Средняя школа № 34",
                        position: "заместитель директора по УВР",
                        assignments: [byOrder400("KU-L09"),
                                      byOrder400("KU-17")]),
            DemoCurator(fullName: "Панов Александр Викторович", workplace: "Средняя школа № 21",
                        position: "заместитель директора по УВР",
                        assignments: [byOrder400("KU-35"),
                                      byOrder400("KU-51")]),
            DemoCurator(fullName: "Кудрявцева Марина Олеговна", workplace: "Средняя школа № 3",
                        position: "заместитель директора по УВР",
                        assignments: [byOrder400("KU-38")]),
            DemoCurator(fullName: "Волкова Оксана Геннадьевна", workplace: "Средняя школа № 21", position: "директор",
                        assignments: [byOrder400("KU-60")]),
        ]

        // Partner pairs derived from the curator table: the curator's school is the partner of the
        // school it supports. Forms from seed 001 («Организовано наставничество», «Вовлечение
        // школ-лидеров», «Обмен управленческим опытом»).
        let forms = "кураторское сопровождение, наставничество, обмен управленческим опытом"
        let pairs: [(String, [String])] = [
            ("KU-01", ["KU-15", "KU-27"]), ("KU-L09", ["KU-34"]), ("KU-17", ["KU-34"]),
            ("KU-35", ["KU-21"]), ("KU-51", ["KU-21"]), ("KU-38", ["KU-03"]), ("KU-60", ["KU-21"]),
        ]

        // The 2023 list with two partners each from the network (the pairing is invented; the seed names the network).
        let forms2023 = "сетевое взаимодействие с педагогами школ города, имеющих стабильно высокие результаты; педагогические пары, наставничество"
        let network = ["KU-GIM", "KU-15", "KU-34", "KU-03", "KU-16", "KU-22", "KU-30", "KU-31"]
        let pairs2023: [(String, [String])] = ["KU-02", "KU-07", "KU-11", "KU-14", "KU-19", "KU-21", "KU-27", "KU-39", "KU-40", "KU-AKS"]
            .enumerated().map { i, key in (key, [network[i % network.count], network[(i + 3) % network.count]]) }

        return DemoMunicipality(
            key: "kamensk-uralsky",
            name: "Каменск-Уральский городской округ",
            shortName: "Каменск-Уральский ГО",
            // Приказ от 19.02.2021 № 48 «О назначении муниципальных координаторов…» names two
            // specialists of the Управление образования; names invented, the seed's text of the
            // positions is garbled and read as «ведущий специалист».
            coordinators: [
                DemoCoordinator(fullName: "Гришина Тамара Алексеевна", position: "ведущий специалист Управления образования",
                                orderNumber: "48", orderDate: "2021-02-19"),
                DemoCoordinator(fullName: "Зуева Мария Валентиновна", position: "ведущий специалист Управления образования",
                                orderNumber: "48", orderDate: "2021-02-19"),
            ],
            schools: schools,
            curators: curators,
            partnerships: pairs.map { DemoPartnership(year: 2022, lowResultsSchoolKey: $0.0, partnerSchoolKeys: $0.1, forms: forms) }
                + pairs2023.map { DemoPartnership(year: 2023, lowResultsSchoolKey: $0.0, partnerSchoolKeys: $0.1, forms: forms2023) }
        )
    }

    // MARK: Кировский муниципальный район Ленинградской области (seed 002)

    private static func kirovsky() -> DemoMunicipality {
        let area = "81362"
        let y = 2020
        // «Перечень групп школ» of the plan for 2020/2021: in each group the first school is the one
        // with low results, the others have stable results. Seed spellings «Отраденская» and
        // «Нлиссельбургская» are OCR errors, corrected to Отрадненская and Шлиссельбургская;
        // «№3» is typeset as «№ 3».
        let low = on(y, .lowResults, "Список сетевого партнёрства ОО с низкими образовательными результатами (распоряжение № 149)")
        let partner = on(y, .partner, "ОО со стабильными образовательными результатами в паре со ШНОР (распоряжение № 149)")
        // Item 9 of the plan for schools with signs of non-objectivity: visits to these three schools.
        let nonObjective = on(y, .nonObjectiveSigns, "Выезд по плану помощи школам с признаками необъективности (распоряжение № 149)")

        let schools: [DemoSchool] = [
            school("KR-OTR3", "МБОУ «Отрадненская СОШ № 3»", "Отрадненская СОШ № 3", .sosh,
                   director: "Сергеева Ольга Николаевна", area: area, phoneNo: 3, [low]),
            school("KR-SIN", "МКОУ «Синявинская СОШ»", "Синявинская СОШ", .sosh,
                   director: "Жукова Надежда Ивановна", area: area, phoneNo: 11, [low]),
            school("KR-PUT", "МКОУ «Путиловская ООШ»", "Путиловская ООШ", .oosh,
                   director: "Комаров Михаил Петрович", area: area, phoneNo: 12, [low, nonObjective]),
            school("KR-NAZ", "МКОУ «Назиевская СОШ»", "Назиевская СОШ", .sosh,
                   director: "Борисова Светлана Викторовна", area: area, phoneNo: 13, [low, nonObjective]),
            school("KR-OTR2", "МКОУ «Отрадненская СОШ № 2»", "Отрадненская СОШ № 2", .sosh,
                   director: "Алексеева Екатерина Юрьевна", area: area, phoneNo: 2, [partner]),
            school("KR-SHUM", "МКОУ «Шумская СОШ»", "Шумская СОШ", .sosh,
                   director: "Григорьев Виталий Андреевич", area: area, phoneNo: 14, [partner, nonObjective]),
            school("KR-SHL", "МБОУ «Шлиссельбургская СОШ»", "Шлиссельбургская СОШ", .sosh,
                   director: "Тихонова Алла Валерьевна", area: area, phoneNo: 15, [partner]),
            school("KR-PRIL", "МКОУ «Приладожская СОШ»", "Приладожская СОШ", .sosh,
                   director: "Дмитриева Людмила Сергеевна", area: area, phoneNo: 16, [partner]),
            school("KR-KIR2", "МБОУ «Кировская СОШ № 2»", "Кировская СОШ № 2", .sosh,
                   director: "Антонов Роман Игоревич", area: area, phoneNo: 22, [partner]),
        ]
        // Item 12 of the plan: forms of support by the schools with high results.
        let forms = "тьюторское и консультационное сопровождение; совместное проектирование ООП и рабочих программ; "
            + "совместные заседания методических объединений учителей; обмен положительным опытом; выезды в школы"
        let groups: [(String, [String])] = [
            ("KR-OTR3", ["KR-OTR2"]),
            ("KR-SIN", ["KR-SHUM", "KR-SHL"]),
            ("KR-PUT", ["KR-PRIL"]),
            ("KR-NAZ", ["KR-KIR2"]),
        ]
        return DemoMunicipality(
            key: "kirovsky",
            name: "Кировский муниципальный район Ленинградской области",
            shortName: "Кировский район",
            // Распоряжение комитета образования от 27.08.2020 № 149: the head of the municipal
            // information and methodological service is responsible for the plan, the chief
            // specialist of the committee controls it. Names invented.
            coordinators: [
                DemoCoordinator(fullName: "Лаптева Ирина Михайловна",
                                position: "руководитель муниципальной информационно-методической службы",
                                orderNumber: "149", orderDate: "2020-08-27"),
                DemoCoordinator(fullName: "Кононова Галина Петровна", position: "главный специалист комитета образования",
                                orderNumber: "149", orderDate: "2020-08-27"),
            ],
            schools: schools,
            curators: [],  // the seed names no curators
            partnerships: groups.map { DemoPartnership(year: y, lowResultsSchoolKey: $0.0, partnerSchoolKeys: $0.1, forms: forms) }
        )
    }

    // MARK: Кемеровский муниципальный округ (seed 003)

    private static func kemerovsky() -> DemoMunicipality {
        let area = "3842"
        // «В ходе комплексного анализа результатов … ВПР, ОГЭ и ЕГЭ, прошедших в 2018-2021 годах …
        // выявлено 9 общеобразовательных организаций … в которых зафиксированы низкие
        // образовательные результаты», a group «с устойчиво низкими результатами», for which a plan
        // of targeted support is drawn up «на 2020-2023 гг». Recorded as ШНОР in each school year
        // of the plan, 2020/2021 … 2023/2024.
        func lowAllYears() -> [DemoStatusChange] {
            (2020...2023).map {
                on($0, .lowResults, "Устойчиво низкие результаты ВПР, ОГЭ, ЕГЭ 2018–2021 гг.; план адресной поддержки на 2020–2023 гг.")
            }
        }
        // Seed spelling «Верхотоская» corrected to Верхотомская (село Верхотомка).
        let list: [(String, String, String, SchoolKind, String)] = [
            ("KM-KUZ", "МБОУ «Кузбасская СОШ»", "Кузбасская СОШ", .sosh, "Осипова Татьяна Викторовна"),
            ("KM-VRH", "МБОУ «Верхотомская ООШ»", "Верхотомская ООШ", .oosh, "Белоусов Евгений Александрович"),
            ("KM-BER", "МБОУ «Береговская СОШ»", "Береговская СОШ", .sosh, "Гаврилова Алёна Сергеевна"),
            ("KM-BAR", "МБОУ «Барановская СОШ»", "Барановская СОШ", .sosh, "Ершова Марина Геннадьевна"),
            ("KM-MOZ", "МБОУ «Мозжухинская ООШ»", "Мозжухинская ООШ", .oosh, "Щербаков Олег Владимирович"),
            ("KM-STCH", "МКОУ «Старочервовская ООШ»", "Старочервовская ООШ", .oosh, "Карпова Любовь Николаевна"),
            ("KM-USP", "МКОУ «Успенская ООШ»", "Успенская ООШ", .oosh, "Лукина Ирина Анатольевна"),
            ("KM-UKH", "МКОУ «Усть-Хмелевская ООШ»", "Усть-Хмелевская ООШ", .oosh, "Полякова Вероника Игоревна"),
            ("KM-MET", "МБОУ «Металлоплощадская СОШ»", "Металлоплощадская СОШ", .sosh, "Данилов Артём Викторович"),
        ]
        return DemoMunicipality(
            key: "kemerovsky",
            name: "Кемеровский муниципальный округ",
            shortName: "Кемеровский МО",
            // Invented: the seed names no coordinator, only the управление образования.
            coordinators: [
                DemoCoordinator(fullName: "Харитонова Елена Павловна",
                                position: "главный специалист управления образования администрации Кемеровского муниципального округа",
                                orderNumber: nil, orderDate: nil),
            ],
            schools: list.enumerated().map { i, s in
                school(s.0, s.1, s.2, s.3, director: s.4, area: area, phoneNo: i + 1, lowAllYears())
            },
            curators: [],  // the seed names no curators
            partnerships: []  // the seed names no partner pairs
        )
    }

    // MARK: Горячий Ключ (seed 000)

    private static func goryachyKlyuch() -> DemoMunicipality {
        let area = "86159"
        // Seed 000 names no school, so every school here is invented, with generic names; only the
        // counts come from the seed: «в 2020 году в проекте «500+» приняла участие 1 ОО»; «в 2021
        // году приняли участие 5 ОУ, которые в этом году завершают свою работу»; «в 2022 году в
        // проект вступили 4 ОУ»; «в 2022 году в число ШНОР входило 11 ОО. В 2023 году число ОО
        // снизилось до 7-ми». Which schools left the list in 2023, and the exit of the 2020
        // participant in 2021, are invented.
        let cohort2021 = ["GK-03", "GK-05", "GK-07", "GK-08", "GK-11"]
        let cohort2022 = ["GK-06", "GK-09", "GK-10", "GK-14"]
        let exits2023: Set<String> = ["GK-03", "GK-05", "GK-07", "GK-12"]  // invented: which 4 left

        func statuses(_ key: String) -> [DemoStatusChange] {
            var s: [DemoStatusChange] = []
            if key == "GK-04" {
                s += [
                    on(2020, .lowResults, "ШНОР; участник проекта «500+» в 2020 году"),
                    on(2020, .programmeParticipant, cohort: 2020, "Участник проекта «500+» в 2020 году; прошла защиту на федеральном уровне"),
                    exitLowResults(2021, "Вышла из ШНОР после участия в проекте «500+» в 2020 году"),  // invented
                ]
            }
            if cohort2021.contains(key) {
                for y in 2021...2022 {
                    s += [
                        on(y, .lowResults, "ШНОР; участник проекта «500+» с 2021 года"),
                        on(y, .programmeParticipant, cohort: 2021, "Участник проекта «500+» с 2021 года"),
                    ]
                }
                s.append(off(2023, .programmeParticipant, cohort: 2021, "Завершила работу в проекте «500+» (участник 2021 года)"))
            }
            if cohort2022.contains(key) {
                for y in 2022...2023 {
                    s += [
                        on(y, .lowResults, "ШНОР; участник проекта «500+» с 2022 года"),
                        on(y, .programmeParticipant, cohort: 2022, "Вступила в проект «500+» в 2022 году"),
                    ]
                }
            }
            if key == "GK-12" || key == "GK-13" {
                s.append(on(2022, .lowResults, "ШНОР в 2022 году (не участник проекта «500+»)"))
            }
            if cohort2021.contains(key) || key == "GK-12" || key == "GK-13" {
                if exits2023.contains(key) {
                    s.append(exitLowResults(2023, "Вышла из ШНОР в 2023 году: результаты оценочных процедур выше порога"))
                } else {
                    s.append(on(2023, .lowResults, "Остаётся в числе ШНОР в 2023 году"))
                }
            }
            if key == "GK-01" || key == "GK-02" {
                for y in 2021...2023 {
                    s.append(on(y, .partner, "Школа-лидер со стабильно высокими результатами"))
                }
            }
            return s
        }

        // Invented schools (generic names, see above).
        let list: [(String, String, String, SchoolKind, String)] = [
            ("GK-01", "МБОУ СОШ № 1", "СОШ № 1", .sosh, "Трофимова Анна Викторовна"),
            ("GK-02", "МБОУ СОШ № 2", "СОШ № 2", .sosh, "Голубев Николай Сергеевич"),
            ("GK-03", "МБОУ СОШ № 3", "СОШ № 3", .sosh, "Чернова Ольга Александровна"),
            ("GK-04", "МБОУ СОШ № 4", "СОШ № 4", .sosh, "Кириллова Светлана Олеговна"),
            ("GK-05", "МБОУ СОШ № 5", "СОШ № 5", .sosh, "Блинов Артур Владимирович"),
            ("GK-06", "МБОУ СОШ № 6", "СОШ № 6", .sosh, "Симонова Елена Геннадьевна"),
            ("GK-07", "МБОУ СОШ № 7", "СОШ № 7", .sosh, "Рябова Наталья Андреевна"),
            ("GK-08", "МБОУ СОШ № 8", "СОШ № 8", .sosh, "Зимин Василий Петрович"),
            ("GK-09", "МБОУ СОШ № 9", "СОШ № 9", .sosh, "Лазарева Оксана Юрьевна"),
            ("GK-10", "МБОУ СОШ № 10", "СОШ № 10", .sosh, "Маркова Ирина Николаевна"),
            ("GK-11", "МБОУ ООШ № 11", "ООШ № 11", .oosh, "Савельев Геннадий Иванович"),
            ("GK-12", "МБОУ СОШ № 12", "СОШ № 12", .sosh, "Ефимова Галина Сергеевна"),
            ("GK-13", "МБОУ СОШ № 13", "СОШ № 13", .sosh, "Назарова Кристина Олеговна"),
            ("GK-14", "МБОУ ООШ № 14", "ООШ № 14", .oosh, "Фомина Юлия Викторовна"),
        ]

        // Invented curators from the Центр развития образования, which the seed names as a source of
        // methodological help; assignments cover the «500+» participants and the ШНОР of 2023.
        let workplace = "Центр развития образования"
        func assign(_ keys: [String], _ year: Int) -> [DemoAssignment] { keys.map { DemoAssignment(schoolKey: $0, year: year) } }
        let curators: [DemoCurator] = [
            DemoCurator(fullName: "Мартынова Юлия Сергеевна", workplace: workplace, position: "методист",
                        assignments: assign(["GK-03", "GK-05"], 2021) + assign(["GK-03", "GK-05", "GK-06"], 2022)
                            + assign(["GK-06", "GK-08"], 2023)),
            DemoCurator(fullName: "Беляев Игорь Константинович", workplace: workplace, position: "методист",
                        assignments: assign(["GK-07", "GK-08"], 2021) + assign(["GK-07", "GK-08", "GK-09"], 2022)
                            + assign(["GK-09", "GK-10"], 2023)),
            DemoCurator(fullName: "Кудрина Лариса Евгеньевна", workplace: workplace, position: "старший методист",
                        assignments: assign(["GK-11"], 2021) + assign(["GK-10", "GK-11", "GK-14"], 2022)
                            + assign(["GK-11", "GK-13", "GK-14"], 2023)),
        ]

        // Invented pairs with the two leader schools; forms of work from seed 000.
        let forms = "наставничество, «педагогические пары», сетевое взаимодействие с педагогами школ, имеющих стабильно высокие результаты"
        func pair(_ year: Int, _ low: String, _ leader: String) -> DemoPartnership {
            DemoPartnership(year: year, lowResultsSchoolKey: low, partnerSchoolKeys: [leader], forms: forms)
        }
        let partnerships: [DemoPartnership] =
            [pair(2021, "GK-03", "GK-01"), pair(2021, "GK-05", "GK-01"), pair(2021, "GK-07", "GK-01"),
             pair(2021, "GK-08", "GK-02"), pair(2021, "GK-11", "GK-02"),
             pair(2022, "GK-06", "GK-01"), pair(2022, "GK-09", "GK-01"),
             pair(2022, "GK-10", "GK-02"), pair(2022, "GK-14", "GK-02"),
             pair(2023, "GK-06", "GK-01"), pair(2023, "GK-09", "GK-01"),
             pair(2023, "GK-10", "GK-02"), pair(2023, "GK-14", "GK-02")]

        return DemoMunicipality(
            key: "goryachy-klyuch",
            name: "Муниципальное образование город Горячий Ключ",
            shortName: "Горячий Ключ",
            // Invented: the seed names the Управление образования but no coordinator.
            coordinators: [
                DemoCoordinator(fullName: "Исаева Марина Владимировна", position: "главный специалист Управления образования",
                                orderNumber: nil, orderDate: nil),
            ],
            schools: list.enumerated().map { i, s in
                school(s.0, s.1, s.2, s.3, director: s.4, area: area, phoneNo: i + 1, statuses(s.0))
            },
            curators: curators,
            partnerships: partnerships
        )
    }
}
