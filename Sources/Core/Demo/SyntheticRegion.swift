import Foundation

/// A synthetic region of any size for load tests and demos (`opora demo --schools N`).
/// Everything here is invented. Deterministic: the same arguments give the same region on every
/// platform (own SplitMix64 generator; no system randomness; no iteration over hashed collections).
///
/// Shape: about one municipality per 50 schools; schools of varied kinds; about 15% ШНОР per school
/// year with entries and exits (a Markov chain per school), some ШНСУ, signs of non-objectivity and
/// «500+» participants; one curator per about three ШНОР schools a year, each assigned to at most
/// three schools; a partnership of every ШНОР school with one or two schools of stable results.
/// The years run `years` school years ending with `lastYear` (`opora demo` passes the running one). Statuses follow
/// the semantics of `DemoStatusChange` (one record per flag and year; an exit is an unset `lowResults` record).
public enum SyntheticRegion {
    /// The last school year generated when none is given (2023 = 2023/2024).
    public static let lastYear = 2023

    public static func make(schools: Int, years: Int, seed: UInt64, lastYear: Int = SyntheticRegion.lastYear) -> DemoRegion {
        var rng = SplitMix64(seed: seed)
        let schoolTotal = max(0, schools)
        let yearCount = max(1, years)
        let firstYear = lastYear - yearCount + 1
        let municipalityCount = max(1, Int((Double(schoolTotal) / 50).rounded()))

        var municipalities: [DemoMunicipality] = []
        municipalities.reserveCapacity(municipalityCount)
        for m in 0..<municipalityCount {
            let count = schoolTotal / municipalityCount + (m < schoolTotal % municipalityCount ? 1 : 0)
            municipalities.append(makeMunicipality(index: m, schools: count, firstYear: firstYear, lastYear: lastYear, rng: &rng))
        }
        return DemoRegion(municipalities: municipalities)
    }

    // MARK: - Municipality

    private static func makeMunicipality(index m: Int, schools count: Int, firstYear: Int, lastYear: Int,
                                         rng: inout SplitMix64) -> DemoMunicipality {
        let place = Places.all[m % Places.all.count]
        let round = m / Places.all.count
        let suffix = round == 0 ? "" : " (\(round + 1))"
        let slugSuffix = round == 0 ? "" : "-\(round + 1)"
        let prefix = "M" + pad(m + 1, 2)
        let years = Array(firstYear...lastYear)

        // Schools and their kinds and names.
        var counters: [SchoolKind: Int] = [:]
        var base: [DemoSchool] = []
        base.reserveCapacity(count)
        for j in 0..<count {
            let kind = pickKind(&rng)
            let n = (counters[kind] ?? 0) + 1 + (rng.chance(0.3) ? rng.int(below: 3) : 0)
            counters[kind] = n
            let (name, short) = schoolName(kind: kind, number: n, rng: &rng)
            let key = "\(prefix)-\(pad(j + 1, 3))"
            base.append(DemoSchool(
                key: key, name: name, shortName: short, kind: kind,
                address: "\(place.town), ул. \(rng.pick(Names.streets)), д. \(1 + rng.int(below: 120))",
                directorName: Names.person(&rng),
                phone: "+7 (\(place.areaCode)) 00-\(pad(rng.int(below: 100), 2))-\(pad(rng.int(below: 100), 2))",
                email: "\(key.lowercased())@example.ru",
                statuses: []))
        }

        // ШНОР per school and year: a Markov chain around ~15% with entries and exits.
        var low = Array(repeating: Array(repeating: false, count: years.count), count: count)
        var cohort = Array(repeating: Int?.none, count: count)
        var statuses = Array(repeating: [DemoStatusChange](), count: count)
        for i in 0..<count {
            let p0 = baseRate(base[i].kind)
            let stay = 0.65
            let enter = p0 * (1 - stay) / (1 - p0)
            let unfavourable = rng.chance(base[i].kind == .oosh ? 0.2 : 0.06)
            for (t, y) in years.enumerated() {
                let wasLow = t > 0 && low[i][t - 1]
                let isLow = t == 0 ? rng.chance(p0) : rng.chance(wasLow ? stay : enter)
                low[i][t] = isLow
                if isLow {
                    let reason = rng.chance(0.5)
                        ? "Низкие результаты не менее чем по двум оценочным процедурам в \(y - 1)/\(y) учебном году"
                        : "Низкие результаты в \(y - 2)/\(y - 1) и \(y - 1)/\(y) учебных годах"
                    statuses[i].append(on(y, .lowResults, wasLow ? "Остаётся в списке ШНОР: " + lower(reason) : reason))
                    if !wasLow {
                        cohort[i] = rng.chance(0.5) ? y : nil
                    }
                    if let c = cohort[i], y - c < 2 {
                        statuses[i].append(DemoStatusChange(year: y, flag: .programmeParticipant, isSet: true, isExit: false,
                                                            cohortYear: c, reason: "Участник проекта «500+» с \(c) года"))
                    }
                } else if wasLow {
                    statuses[i].append(DemoStatusChange(year: y, flag: .lowResults, isSet: false, isExit: true, cohortYear: nil,
                                                        reason: "Вышла из ШНОР: результаты \(y - 1)/\(y) учебного года выше порога"))
                    cohort[i] = nil
                }
                if unfavourable {
                    statuses[i].append(on(y, .unfavourableConditions, "Неблагоприятные социальные условия (доля семей в трудной жизненной ситуации)"))
                }
                if !isLow && base[i].kind != .other && rng.chance(0.03) {
                    statuses[i].append(on(y, .nonObjectiveSigns, "Результаты ВПР \(y - 1)/\(y) значительно выше муниципальных при низких результатах ОГЭ"))
                }
            }
        }

        // Partnerships: every ШНОР school with one or two schools not on the list that year,
        // lyceums and gymnasiums first.
        var partnerships: [DemoPartnership] = []
        var partnerYears = Array(repeating: [Int](), count: count)
        for (t, y) in years.enumerated() {
            let lowIdx = (0..<count).filter { low[$0][t] }
            let strong = (0..<count).filter { !low[$0][t] && (base[$0].kind == .lyceum || base[$0].kind == .gymnasium) }
            let other = (0..<count).filter { !low[$0][t] && base[$0].kind != .lyceum && base[$0].kind != .gymnasium }
            let pool = strong + other
            guard !pool.isEmpty else { continue }
            for i in lowIdx {
                var partners: [Int] = []
                let wanted = min(pool.count, rng.chance(0.7) ? 1 : 2)
                // Prefer lyceums and gymnasiums when there are any.
                while partners.count < wanted {
                    let candidate = rng.chance(0.6) && !strong.isEmpty
                        ? strong[rng.int(below: strong.count)]
                        : pool[rng.int(below: pool.count)]
                    if !partners.contains(candidate) { partners.append(candidate) }
                }
                for p in partners where !partnerYears[p].contains(y) {
                    partnerYears[p].append(y)
                    statuses[p].append(on(y, .partner, "Школа со стабильными результатами в паре со ШНОР"))
                }
                partnerships.append(DemoPartnership(
                    year: y, lowResultsSchoolKey: base[i].key, partnerSchoolKeys: partners.map { base[$0].key },
                    forms: rng.pick(forms)))
            }
        }

        var schoolsOut = base
        for i in 0..<count {
            schoolsOut[i].statuses = statuses[i].sorted { ($0.year, $0.flag.sortIndex) < ($1.year, $1.flag.sortIndex) }
        }

        // Curators: one per three ШНОР schools in the busiest year; workplaces are schools that are
        // never on the list (or the methodological centre). Each year the ШНОР schools are shared
        // among the first ceil(n/3) curators, at most three each.
        let perYear = years.indices.map { t in (0..<count).filter { low[$0][t] } }
        let curatorCount = perYear.map { ($0.count + 2) / 3 }.max() ?? 0
        let neverLow = (0..<count).filter { i in !low[i].contains(true) }
        var curators: [DemoCurator] = []
        for _ in 0..<curatorCount {
            let fromCentre = neverLow.isEmpty || rng.chance(0.25)
            let workplace = fromCentre ? "Информационно-методический центр \(place.genitive)"
                                       : base[neverLow[rng.int(below: neverLow.count)]].name
            let position = fromCentre ? "методист" : rng.pick(curatorPositions)
            curators.append(DemoCurator(fullName: Names.person(&rng), workplace: workplace, position: position, assignments: []))
        }
        // A school keeps last year's curator when that curator is still active and has room.
        var lastCurator = Array(repeating: Int?.none, count: count)
        for (t, y) in years.enumerated() {
            let list = perYear[t]
            let active = (list.count + 2) / 3
            var load = Array(repeating: 0, count: active)
            var pending: [Int] = []
            for i in list {
                if let c = lastCurator[i], c < active, load[c] < 3 {
                    load[c] += 1
                    curators[c].assignments.append(DemoAssignment(schoolKey: base[i].key, year: y))
                } else {
                    pending.append(i)
                }
            }
            for i in pending {
                let c = load.indices.min { load[$0] < load[$1] }!
                load[c] += 1
                lastCurator[i] = c
                curators[c].assignments.append(DemoAssignment(schoolKey: base[i].key, year: y))
            }
            for i in 0..<count where !low[i][t] { lastCurator[i] = nil }
        }

        let coordinators = (0..<(1 + rng.int(below: 2))).map { _ in
            DemoCoordinator(fullName: Names.person(&rng), position: "специалист управления образования",
                            orderNumber: "\(10 + rng.int(below: 590))",
                            orderDate: "\(firstYear)-\(pad(8 + rng.int(below: 2), 2))-\(pad(1 + rng.int(below: 28), 2))")
        }

        return DemoMunicipality(
            key: place.slug + slugSuffix,
            name: place.name + suffix,
            shortName: place.short + suffix,
            coordinators: coordinators,
            schools: schoolsOut,
            curators: curators,
            partnerships: partnerships)
    }

    // MARK: - Pieces

    private static let forms = [
        "наставничество, педагогические пары",
        "взаимопосещение уроков, совместные методические объединения",
        "наставничество, обмен управленческим опытом",
        "педагогические пары, сетевое взаимодействие, консультации",
        "тьюторское сопровождение, совместное проектирование рабочих программ",
    ]

    private static let curatorPositions = [
        "заместитель директора по УВР", "учитель высшей категории", "руководитель методического объединения",
    ]

    private static func baseRate(_ kind: SchoolKind) -> Double {
        switch kind {
        case .sosh: 0.16
        case .oosh: 0.25
        case .lyceum, .gymnasium: 0.03
        case .educationCentre, .other: 0.15
        }
    }

    private static func pickKind(_ rng: inout SplitMix64) -> SchoolKind {
        let r = rng.unit()
        switch r {
        case ..<0.66: return .sosh
        case ..<0.80: return .oosh
        case ..<0.87: return .lyceum
        case ..<0.94: return .gymnasium
        case ..<0.97: return .educationCentre
        default: return .other
        }
    }

    private static func schoolName(kind: SchoolKind, number n: Int, rng: inout SplitMix64) -> (String, String) {
        let form = rng.pick(["МБОУ", "МБОУ", "МАОУ", "МКОУ"])
        switch kind {
        case .sosh:
            if rng.chance(0.1) {
                return ("\(form) «СОШ № \(n) с углублённым изучением отдельных предметов»", "СОШ № \(n)")
            }
            return ("\(form) «СОШ № \(n)»", "СОШ № \(n)")
        case .oosh: return ("\(form) «ООШ № \(n)»", "ООШ № \(n)")
        case .lyceum: return ("МАОУ «Лицей № \(n)»", "Лицей № \(n)")
        case .gymnasium: return ("МАОУ «Гимназия № \(n)»", "Гимназия № \(n)")
        case .educationCentre: return ("\(form) «Центр образования № \(n)»", "ЦО № \(n)")
        case .other: return ("\(form) «Начальная общеобразовательная школа № \(n)»", "НОШ № \(n)")
        }
    }

    private static func on(_ year: Int, _ flag: StatusFlag, _ reason: String) -> DemoStatusChange {
        DemoStatusChange(year: year, flag: flag, isSet: true, isExit: false, cohortYear: nil, reason: reason)
    }

    private static func lower(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.lowercased() + s.dropFirst()
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

extension StatusFlag {
    fileprivate var sortIndex: Int {
        switch self {
        case .lowResults: 0
        case .programmeParticipant: 1
        case .unfavourableConditions: 2
        case .nonObjectiveSigns: 3
        case .partner: 4
        }
    }
}

// MARK: - SplitMix64

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and the same on every platform.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Uniform in 0..<n (n > 0), by Lemire's multiply-shift (negligible bias for small n).
    mutating func int(below n: Int) -> Int {
        precondition(n > 0)
        return Int(next().multipliedFullWidth(by: UInt64(n)).high)
    }

    mutating func pick<T>(_ items: [T]) -> T { items[int(below: items.count)] }
}

// MARK: - Invented places and people

private enum Places {
    struct Place {
        let slug: String, name: String, short: String, town: String, genitive: String, areaCode: String
    }

    static let all: [Place] = [
        Place(slug: "seversk", name: "Городской округ Северск", short: "Северск", town: "г. Северск", genitive: "ГО Северск", areaCode: "3823"),
        Place(slug: "verkhnyaya-pyshma", name: "Городской округ Верхняя Пышма", short: "Верхняя Пышма", town: "г. Верхняя Пышма", genitive: "ГО Верхняя Пышма", areaCode: "34368"),
        Place(slug: "zarechny", name: "Городской округ Заречный", short: "Заречный", town: "г. Заречный", genitive: "ГО Заречный", areaCode: "34377"),
        Place(slug: "ozersk", name: "Озёрский городской округ", short: "Озёрск", town: "г. Озёрск", genitive: "Озёрского ГО", areaCode: "35130"),
        Place(slug: "berezovsky", name: "Берёзовский городской округ", short: "Берёзовский", town: "г. Берёзовский", genitive: "Берёзовского ГО", areaCode: "34369"),
        Place(slug: "angarsky", name: "Ангарский городской округ", short: "Ангарск", town: "г. Ангарск", genitive: "Ангарского ГО", areaCode: "3955"),
        Place(slug: "bratsky", name: "Братский район", short: "Братский р-н", town: "г. Братск", genitive: "Братского района", areaCode: "3953"),
        Place(slug: "novouralsk", name: "Новоуральский городской округ", short: "Новоуральск", town: "г. Новоуральск", genitive: "Новоуральского ГО", areaCode: "34370"),
        Place(slug: "asbest", name: "Асбестовский городской округ", short: "Асбест", town: "г. Асбест", genitive: "Асбестовского ГО", areaCode: "34365"),
        Place(slug: "revda", name: "Городской округ Ревда", short: "Ревда", town: "г. Ревда", genitive: "ГО Ревда", areaCode: "34397"),
        Place(slug: "polevskoy", name: "Полевской городской округ", short: "Полевской", town: "г. Полевской", genitive: "Полевского ГО", areaCode: "34350"),
        Place(slug: "serov", name: "Серовский городской округ", short: "Серов", town: "г. Серов", genitive: "Серовского ГО", areaCode: "34385"),
        Place(slug: "irbit", name: "Городской округ Ирбит", short: "Ирбит", town: "г. Ирбит", genitive: "ГО Ирбит", areaCode: "34355"),
        Place(slug: "tikhvinsky", name: "Тихвинский район", short: "Тихвинский р-н", town: "г. Тихвин", genitive: "Тихвинского района", areaCode: "81367"),
        Place(slug: "volkhovsky", name: "Волховский муниципальный район", short: "Волховский р-н", town: "г. Волхов", genitive: "Волховского района", areaCode: "81363"),
        Place(slug: "luzhsky", name: "Лужский муниципальный район", short: "Лужский р-н", town: "г. Луга", genitive: "Лужского района", areaCode: "81372"),
        Place(slug: "priozersky", name: "Приозерский муниципальный район", short: "Приозерский р-н", town: "г. Приозерск", genitive: "Приозерского района", areaCode: "81379"),
        Place(slug: "kingiseppsky", name: "Кингисеппский муниципальный район", short: "Кингисеппский р-н", town: "г. Кингисепп", genitive: "Кингисеппского района", areaCode: "81375"),
        Place(slug: "novokuznetsky", name: "Новокузнецкий муниципальный округ", short: "Новокузнецкий МО", town: "пгт Кузедеево", genitive: "Новокузнецкого МО", areaCode: "3843"),
        Place(slug: "belovsky", name: "Беловский муниципальный округ", short: "Беловский МО", town: "с. Старобачаты", genitive: "Беловского МО", areaCode: "38452"),
        Place(slug: "prokopyevsky", name: "Прокопьевский муниципальный округ", short: "Прокопьевский МО", town: "пгт Трудармейский", genitive: "Прокопьевского МО", areaCode: "3846"),
        Place(slug: "topkinsky", name: "Топкинский муниципальный округ", short: "Топкинский МО", town: "г. Топки", genitive: "Топкинского МО", areaCode: "38454"),
        Place(slug: "yurga", name: "Юргинский городской округ", short: "Юрга", town: "г. Юрга", genitive: "Юргинского ГО", areaCode: "38451"),
        Place(slug: "apsheronsky", name: "Апшеронский район", short: "Апшеронский р-н", town: "г. Апшеронск", genitive: "Апшеронского района", areaCode: "86152"),
        Place(slug: "belorechensky", name: "Белореченский район", short: "Белореченский р-н", town: "г. Белореченск", genitive: "Белореченского района", areaCode: "86155"),
        Place(slug: "seversky-krasnodar", name: "Северский район", short: "Северский р-н", town: "ст. Северская", genitive: "Северского района", areaCode: "86166"),
        Place(slug: "abinsky", name: "Абинский район", short: "Абинский р-н", town: "г. Абинск", genitive: "Абинского района", areaCode: "86150"),
        Place(slug: "krymsky", name: "Крымский район", short: "Крымский р-н", town: "г. Крымск", genitive: "Крымского района", areaCode: "86131"),
        Place(slug: "komsomolsky", name: "Комсомольский муниципальный район", short: "Комсомольский р-н", town: "с. Пивань", genitive: "Комсомольского района", areaCode: "4217"),
        Place(slug: "amursky", name: "Амурский муниципальный район", short: "Амурский р-н", town: "г. Амурск", genitive: "Амурского района", areaCode: "42142"),
        Place(slug: "vaninsky", name: "Ванинский муниципальный район", short: "Ванинский р-н", town: "пгт Ванино", genitive: "Ванинского района", areaCode: "42137"),
        Place(slug: "kstovsky", name: "Кстовский муниципальный округ", short: "Кстовский МО", town: "г. Кстово", genitive: "Кстовского МО", areaCode: "83145"),
        Place(slug: "bor", name: "Городской округ город Бор", short: "Бор", town: "г. Бор", genitive: "ГО город Бор", areaCode: "83159"),
        Place(slug: "dzerzhinsk", name: "Городской округ город Дзержинск", short: "Дзержинск", town: "г. Дзержинск", genitive: "ГО город Дзержинск", areaCode: "8313"),
        Place(slug: "arzamas", name: "Городской округ город Арзамас", short: "Арзамас", town: "г. Арзамас", genitive: "ГО город Арзамас", areaCode: "83147"),
        Place(slug: "sterlitamak", name: "Городской округ город Стерлитамак", short: "Стерлитамак", town: "г. Стерлитамак", genitive: "ГО город Стерлитамак", areaCode: "3473"),
        Place(slug: "oktyabrsky", name: "Городской округ город Октябрьский", short: "Октябрьский", town: "г. Октябрьский", genitive: "ГО город Октябрьский", areaCode: "34767"),
        Place(slug: "chaikovsky", name: "Чайковский городской округ", short: "Чайковский", town: "г. Чайковский", genitive: "Чайковского ГО", areaCode: "34241"),
        Place(slug: "kungursky", name: "Кунгурский муниципальный округ", short: "Кунгурский МО", town: "г. Кунгур", genitive: "Кунгурского МО", areaCode: "34271"),
        Place(slug: "solikamsky", name: "Соликамский городской округ", short: "Соликамск", town: "г. Соликамск", genitive: "Соликамского ГО", areaCode: "34253"),
        Place(slug: "iskitimsky", name: "Искитимский район", short: "Искитимский р-н", town: "г. Искитим", genitive: "Искитимского района", areaCode: "38343"),
        Place(slug: "berdsk", name: "Городской округ город Бердск", short: "Бердск", town: "г. Бердск", genitive: "ГО город Бердск", areaCode: "38341"),
    ]
}

private enum Names {
    // Surnames in masculine form; the feminine form adds «а» (‑ов, ‑ев, ‑ин) or turns ‑ий into ‑ая.
    static let surnames = [
        "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров",
        "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
        "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев",
        "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
        "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов", "Тарасов",
        "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев", "Герасимов", "Богданов", "Осипов", "Сидоров",
        "Матвеев", "Титов", "Марков", "Миронов", "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов",
        "Гаврилов", "Тихонов", "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев", "Фомин", "Чернов", "Абрамов",
        "Мартынов", "Ефимов", "Федотов", "Щербаков", "Назаров", "Калинин", "Исаев", "Чернышёв", "Быков", "Маслов",
        "Родионов", "Коновалов", "Лазарев", "Воронин", "Климов", "Филатов", "Пономарёв", "Голубев", "Кудрявцев", "Прохоров",
        "Островский", "Покровский", "Вишневский", "Берёзкин", "Лесной",
    ]
    static let maleNames = [
        "Александр", "Алексей", "Андрей", "Артём", "Владимир", "Дмитрий", "Евгений", "Игорь", "Константин", "Максим",
        "Михаил", "Николай", "Олег", "Павел", "Роман", "Сергей", "Юрий", "Виктор", "Вадим", "Антон",
    ]
    static let femaleNames = [
        "Анна", "Елена", "Ольга", "Наталья", "Ирина", "Татьяна", "Светлана", "Марина", "Юлия", "Екатерина",
        "Людмила", "Галина", "Надежда", "Оксана", "Мария", "Виктория", "Лариса", "Валентина", "Алла", "Ксения",
        "Вера", "Любовь", "Инна", "Жанна", "Дарья",
    ]
    // (father's name → masculine, feminine patronymic)
    static let patronymics: [(String, String)] = [
        ("Александрович", "Александровна"), ("Алексеевич", "Алексеевна"), ("Андреевич", "Андреевна"),
        ("Викторович", "Викторовна"), ("Владимирович", "Владимировна"), ("Геннадьевич", "Геннадьевна"),
        ("Дмитриевич", "Дмитриевна"), ("Евгеньевич", "Евгеньевна"), ("Иванович", "Ивановна"),
        ("Игоревич", "Игоревна"), ("Михайлович", "Михайловна"), ("Николаевич", "Николаевна"),
        ("Олегович", "Олеговна"), ("Петрович", "Петровна"), ("Сергеевич", "Сергеевна"),
        ("Юрьевич", "Юрьевна"), ("Анатольевич", "Анатольевна"), ("Валерьевич", "Валерьевна"),
        ("Васильевич", "Васильевна"), ("Павлович", "Павловна"),
    ]
    static let streets = [
        "Ленина", "Мира", "Советская", "Школьная", "Гагарина", "Молодёжная", "Садовая", "Победы", "Пушкина",
        "Строителей", "Центральная", "Октябрьская", "Комсомольская", "Лесная", "Набережная", "Юбилейная",
    ]

    /// «Фамилия Имя Отчество»; about three women in four, as among Russian teachers.
    static func person(_ rng: inout SplitMix64) -> String {
        let female = rng.chance(0.75)
        let surname = rng.pick(surnames)
        let patronymic = rng.pick(patronymics)
        if female {
            return "\(feminine(surname)) \(rng.pick(femaleNames)) \(patronymic.1)"
        }
        return "\(surname) \(rng.pick(maleNames)) \(patronymic.0)"
    }

    private static func feminine(_ s: String) -> String {
        if s.hasSuffix("ий") { return String(s.dropLast(2)) + "ая" }
        if s.hasSuffix("ой") { return String(s.dropLast(2)) + "ая" }
        if s.hasSuffix("ов") || s.hasSuffix("ев") || s.hasSuffix("ёв") || s.hasSuffix("ин") { return s + "а" }
        return s
    }
}
