import Core
import Foundation

struct RolloverLine: Sendable {
    var schoolName: String
    var text: String
    var note: String?
}

struct RolloverSectionView: Sendable {
    var id: String
    var value: String
    var title: String
    var count: Int
    var isChecked: Bool
    var explanation: String
    var lines: [RolloverLine]
    var keptText: String?
}

struct YearRolloverPage: Sendable {
    var chrome: Chrome
    var heading: String
    var yearTitle: String
    var target: String
    var action: String
    var canApply: Bool
    var isIdentificationConfirmed: Bool
    var confirmedText: String
    var identificationHref: String
    var sections: [RolloverSectionView]
    var schools: [CheckOption]
    var isEmpty: Bool
    var errors: FormErrors
}

struct RolloverResultLine: Sendable {
    var text: String
    var href: String
}

struct RolloverResultGroup: Sendable {
    var id: String
    var title: String
    var lines: [RolloverResultLine]
}

struct YearRolloverDonePage: Sendable {
    var chrome: Chrome
    var heading: String
    var isEmpty: Bool
    var groups: [RolloverResultGroup]
    var backHref: String
    var periodsHref: String
}

enum RolloverViews {
    static func page(_ context: RequestContext, _ p: RolloverProposal, sections chosen: Set<RolloverSection>? = nil,
                     schools chosenSchools: Set<Int64>? = nil, errors: FormErrors = FormErrors()) -> YearRolloverPage {
        let target = p.target.title, last = p.year.title
        func section(_ s: RolloverSection, _ count: Int, _ explanation: String, _ lines: [RolloverLine], kept: Int, _ keptWhat: String) -> RolloverSectionView {
            RolloverSectionView(id: "section-\(s.rawValue)", value: s.rawValue, title: s.title, count: count,
                                isChecked: chosen?.contains(s) ?? true, explanation: explanation, lines: lines,
                                keptText: kept > 0 ? "Уже есть на \(target) и останется как есть: \(keptWhat) — \(kept)." : nil)
        }
        let views = [
            section(.statuses, p.statuses.count,
                    "ШНОР на \(target) — это перечень, подтверждённый на странице выявления; здесь он не меняется. Переносятся флаги \(last), которые действуют дольше года: ШНСУ; участник «500+», пока идёт сопровождение набора (год набора и следующий, \(YearRollover.cohortYears) учебных года), если школа не вышла из ШНОР; школа-партнёр, если она сама не в перечне ШНОР. Признаки необъективности оцениваются заново по результатам каждого года и не переносятся. Решение, уже записанное на \(target), не меняется.",
                    p.statuses.map { RolloverLine(schoolName: $0.school.shortName, text: $0.flag.shortTitle, note: $0.reason) },
                    kept: p.kept.statuses, "решений о статусах"),
            section(.assignments, p.assignments.count,
                    "Кураторы \(last) для школ, которые остаются в перечне. Номер и дата приказа не переносятся: поля останутся пустыми, заполните их на странице закрепления, когда приказ будет издан. Школы, у которых уже есть куратор на \(target), не меняются.",
                    p.assignments.map { RolloverLine(schoolName: $0.school.shortName, text: $0.curatorName, note: "приказ: не заполнен") },
                    kept: p.kept.assignedSchools, "школ с кураторами"),
            section(.partnerships, p.partnerships.count,
                    "Группы \(last) школ, которые остаются в перечне, копируются для проверки: партнёры, сами попавшие в перечень ШНОР, из группы исключаются.",
                    p.partnerships.map {
                        RolloverLine(schoolName: $0.lowResultsSchool.shortName, text: "партнёры: " + $0.partners.map(\.shortName).joined(separator: ", "),
                                     note: $0.dropped.isEmpty ? nil : "исключены (в перечне ШНОР): " + $0.dropped.map(\.shortName).joined(separator: ", "))
                    },
                    kept: p.kept.partnerships, "групп"),
            section(.periods, p.periods.count,
                    "Полугодия \(target) со сроками сдачи по умолчанию; открыть их для отчётов и сдвинуть срок можно на странице отчётных периодов.",
                    p.periods.map { RolloverLine(schoolName: "", text: "\($0.halfTitle) \(target)", note: "срок сдачи \(DayText.russian($0.dueDate))") },
                    kept: p.kept.periods, "полугодий"),
            section(.roadmaps, p.roadmaps.count,
                    "Черновик дорожной карты на \(target) для каждой школы перечня — как «копировать из прошлого года»: разделы и невыполненные мероприятия \(last); выполненные и отменённые по отчётам не переносятся. Школа без дорожной карты \(last) получает черновик с разделами по умолчанию.",
                    p.roadmaps.map { r in
                        RolloverLine(schoolName: r.school.shortName,
                                     text: r.sourceRoadmapId == nil ? "новый черновик (дорожной карты \(last) нет)" : "мероприятий из \(last): \(r.measureIds.count)",
                                     note: r.finishedCount > 0 ? "выполненных или отменённых не переносится: \(r.finishedCount)" : nil)
                    },
                    kept: p.kept.roadmaps, "дорожных карт"),
        ]
        let names = p.confirmed.map(\.shortName).joined(separator: ", ")
        return YearRolloverPage(
            chrome: context.chrome(title: "Новый учебный год \(target)"),
            heading: "\(p.municipalityName): новый учебный год \(target)",
            yearTitle: target, target: String(p.target.start),
            action: Paths.newSchoolYear(municipality: p.municipalityId),
            canApply: p.canApply && !p.isEmpty,
            isIdentificationConfirmed: p.isIdentificationConfirmed,
            confirmedText: p.confirmed.isEmpty ? "" : "\(p.confirmed.count): \(names)",
            identificationHref: Paths.identification(query: [("year", String(p.target.start))]),
            sections: views,
            schools: p.schools.map { CheckOption.make(value: String($0.id), title: $0.shortName,
                                                      isChecked: chosenSchools?.contains($0.id) ?? true, id: "school-\($0.id)") },
            isEmpty: p.isEmpty, errors: errors)
    }

    static func done(_ context: RequestContext, _ o: RolloverOutcome) -> YearRolloverDonePage {
        let year = o.target.start, title = o.target.title
        let groups = [
            RolloverResultGroup(id: "created-statuses", title: RolloverSection.statuses.title, lines: o.statuses.map {
                RolloverResultLine(text: "\($0.school.shortName): \($0.flag.shortTitle)", href: Paths.school($0.school.id))
            }),
            RolloverResultGroup(id: "created-assignments", title: RolloverSection.assignments.title, lines: o.assignments.map {
                RolloverResultLine(text: "\($0.school.shortName): \($0.curatorName) (приказ не заполнен)",
                                   href: Paths.municipalityAssignments(o.municipalityId, year: year))
            }),
            RolloverResultGroup(id: "created-partnerships", title: RolloverSection.partnerships.title, lines: o.partnerships.map {
                RolloverResultLine(text: "\($0.lowResultsSchool.shortName) — " + $0.partners.map(\.shortName).joined(separator: ", "),
                                   href: Paths.partnerships(year: year, municipality: o.municipalityId))
            }),
            RolloverResultGroup(id: "created-periods", title: RolloverSection.periods.title, lines: o.periods.map {
                RolloverResultLine(text: "\($0.halfTitle) \(title), срок сдачи \(DayText.russian($0.dueDate))",
                                   href: Paths.reportPeriods(municipality: o.municipalityId))
            }),
            RolloverResultGroup(id: "created-roadmaps", title: RolloverSection.roadmaps.title, lines: o.roadmaps.map {
                RolloverResultLine(text: "\($0.school.shortName): черновик, мероприятий — \($0.measureIds.count)",
                                   href: Paths.roadmap(school: $0.school.id, year: year))
            }),
        ].filter { !$0.lines.isEmpty }
        return YearRolloverDonePage(
            chrome: context.chrome(title: "Новый учебный год \(title)"),
            heading: o.isEmpty ? "Ничего нового не создано" : "Учебный год \(title) подготовлен",
            isEmpty: o.isEmpty, groups: groups,
            backHref: Paths.newSchoolYear(municipality: o.municipalityId),
            periodsHref: Paths.reportPeriods(municipality: o.municipalityId))
    }
}
