import Core
import HTTPServer

enum IdentificationRoutes {
    static let routes: [Route] = [
        Route(.get, "/identification") { context in
            let scope = try context.scope
            let query = IdentificationQuery(context.query)
            return try identificationPage(context, scope, query)
        },
    ] + ListExport.routes("/identification") { try IdentificationExport.make($0) } + [
        Route(.get, "/identification/confirm") { context in
            let scope = try context.scope
            let service = IdentificationService(database: context.services.database)
            let year = try context.query["year"].flatMap { SchoolYear(parsing: $0) } ?? defaultTarget(service, scope)
            let schools = context.query.values("school").compactMap { Int64($0) }
            let exits = context.query.values("exit").compactMap { Int64($0) }
            do {
                return try confirmPage(context, scope, year: year, schools: schools, exits: exits)
            } catch DomainError.invalid(let errors) {
                var query = IdentificationQuery(context.query)
                query.year = year
                return try identificationPage(context, scope, query, errors: FormErrors(errors))
            }
        },
        Route(.post, "/identification/confirm") { context in
            let scope = try context.scope
            let year = try requireYear(context.form["year"])
            let schools = context.form.values("school").compactMap { Int64($0) }
            let exits = context.form.values("exit").compactMap { Int64($0) }
            let service = IdentificationService(database: context.services.database)
            do {
                try service.confirmSelection(scope, year: year, schoolIds: schools, exits: exits)
                return Responses.redirect(Notice.redirect(Paths.identification(query: [("year", String(year.start))]), .identificationConfirmed))
            } catch DomainError.invalid(let errors) {
                return try confirmPage(context, scope, year: year, schools: schools, exits: exits, errors: FormErrors(errors))
            }
        },
        Route(.get, "/signals") { context in Responses.html(Templates.identificationSignals(try signalsPage(context))) },
    ] + ListExport.routes("/signals") { try signalsPage($0).export } + [
        Route(.get, "/settings/identification") { context in
            let scope = try context.scope
            let (settings, analysed) = try RegionSettingsService(database: context.services.database).read(scope)
            return try settingsPage(context, scope, settings: settings, analysed: analysed,
                                    texts: (PercentText.text(basisPoints: settings.lowShareBasisPoints),
                                            PercentText.text(basisPoints: settings.nonObjectiveMarginBasisPoints),
                                            PercentText.text(basisPoints: settings.journalMismatchBasisPoints)))
        },
        Route(.post, "/settings/identification") { context in
            let scope = try context.scope
            let service = RegionSettingsService(database: context.services.database)
            try Policy.requireRegionSettings(scope)
            let form = context.form
            let texts = (form["lowShare"] ?? "", form["nonObjectiveMargin"] ?? "", form["journalMismatch"] ?? "")
            var parseErrors: [FieldError] = []
            func bp(_ text: String, _ field: String, _ message: String) -> Int {
                if let v = PercentText.basisPoints(text) { return v }
                parseErrors.append(FieldError(field, message)); return 0
            }
            let rules = form.values("rule")
            let settings = RegionSettings(
                lowShareBasisPoints: bp(texts.0, "lowShare", "Доля для низкого результата — число процентов, например 30"),
                ruleTwoInLastYear: rules.contains(IdentificationRule.twoInLastYear.rawValue),
                ruleConsecutiveYears: rules.contains(IdentificationRule.consecutiveYears.rawValue),
                nonObjectiveMarginBasisPoints: bp(texts.1, "nonObjectiveMargin", "Превышение — число процентных пунктов, например 15"),
                journalMismatchBasisPoints: bp(texts.2, "journalMismatch", "Доля несовпадения — число процентов, например 30"))
            let analysed = Set(form.values("procedure").compactMap { Int64($0) })
            do {
                try service.save(scope, settings, analysed: analysed, extraErrors: parseErrors)
                return Responses.redirect(Notice.redirect(Paths.identificationSettings, .saved))
            } catch DomainError.invalid(let errors) {
                return try settingsPage(context, scope, settings: settings, analysed: analysed, texts: texts, errors: FormErrors(errors))
            }
        },
    ] + ProcedureRoutes.routes

    static func requireYear(_ text: String?) throws -> SchoolYear {
        guard let year = text.flatMap({ SchoolYear(parsing: $0) }) else { throw DomainError.notFound }
        return year
    }

    static func defaultTarget(_ service: IdentificationService, _ scope: Scope) throws -> SchoolYear {
        try service.targetYears(scope).first ?? SchoolYear.containing(service.database.now)
    }

    static func municipalityOptions(_ municipalities: [Municipality], selected: Int64?) -> [SelectOption] {
        [SelectOption(value: "", title: "Все", isSelected: selected == nil)]
            + municipalities.map { SelectOption(value: String($0.id ?? 0), title: $0.name, isSelected: $0.id == selected) }
    }

    static func identificationPage(_ context: RequestContext, _ scope: Scope, _ query: IdentificationQuery,
                                   errors: FormErrors = FormErrors()) throws -> HTTPResponse {
        let service = IdentificationService(database: context.services.database)
        let settingsService = RegionSettingsService(database: context.services.database)
        let targets = try service.targetYears(scope)
        let year = query.year ?? targets.first ?? SchoolYear.containing(context.services.database.now)
        var formErrors = errors
        var whatIf: IdentificationSettings? = nil
        do { whatIf = try query.whatIfSettings() } catch DomainError.invalid(let e) { formErrors.items += FormErrors(e).items }
        let report = try service.list(scope, year: year, municipalityId: query.municipalityId, settings: whatIf)
        let saved = try settingsService.identificationSettings(scope)
        let exited = report.leaving.isEmpty ? [] : try service.recordedExits(scope, year: year)
        let used = whatIf ?? saved
        let catalogue = try Procedures(database: context.services.database).list(scope)
        let municipalities = try context.services.schools.municipalities(scope)
        let canConfirm = Policy.mayConfirmIdentification(scope) && whatIf == nil && !query.isWhatIf
        var allYears = targets
        if !allYears.contains(year) { allYears.append(year); allYears.sort(by: >) }
        let yearText = String(year.start)
        let municipalityText = query.municipalityId.map(String.init) ?? ""
        let panelShare = query.isWhatIf ? query.shareText : PercentText.text(basisPoints: saved.lowShareBasisPoints)
        let panelRules: [IdentificationRule: Bool] = query.isWhatIf
            ? [.twoInLastYear: query.ruleTwoInLastYear, .consecutiveYears: query.ruleConsecutiveYears]
            : [.twoInLastYear: saved.ruleTwoInLastYear, .consecutiveYears: saved.ruleConsecutiveYears]
        let panelProcedures = query.isWhatIf ? query.procedureIds : saved.procedureIds
        let rulesText = IdentificationRule.allCases.filter {
            $0 == .twoInLastYear ? used.ruleTwoInLastYear : used.ruleConsecutiveYears
        }.map(\.title).joined(separator: " или ")
        let settingsText = "Низкий результат — доля не менее \(PercentText.text(basisPoints: used.lowShareBasisPoints)) %; "
            + "правило: \(rulesText.isEmpty ? "не выбрано" : rulesText); анализируемых процедур — \(used.procedureIds.count)."
        let page = IdentificationPage(
            chrome: context.chrome(title: "Выявление ШНОР", current: Paths.identification),
            heading: "Выявление ШНОР на \(year.title) учебный год",
            basisText: "По результатам оценочных процедур \(SchoolYear(year.start - 1).title) и \(SchoolYear(year.start - 2).title) учебных годов.",
            settingsText: settingsText,
            isWhatIf: whatIf != nil,
            filterAction: Paths.identification,
            years: allYears.map { SelectOption(value: String($0.start), title: $0.title, isSelected: $0 == year) },
            showMunicipality: municipalities.count > 1,
            municipalities: municipalityOptions(municipalities, selected: query.municipalityId),
            summary: IdentificationSummary.text(report),
            identifiedRows: report.identified.map { IdentificationRow($0, target: year, canConfirm: canConfirm) },
            leavingRows: report.leaving.map { IdentificationRow($0, target: year, canConfirm: canConfirm, exitRecorded: exited.contains($0.schoolId)) },
            noDataRows: report.noData.map { IdentificationRow($0, target: year, canConfirm: false) },
            noDataHeading: "Нет данных за учебный год \(report.dataYear.title)",
            dataYearTitle: report.dataYear.title,
            canConfirm: canConfirm,
            confirmAction: Paths.identificationConfirm,
            year: yearText,
            csvHref: Paths.identificationExportCSV(query: query.items(year: year)),
            xlsxHref: Paths.identificationExportXLSX(query: query.items(year: year)),
            signalsHref: Paths.signals(query: [("year", String(year.start - 1)), ("municipality", query.municipalityId.map(String.init))]),
            whatIf: WhatIfPanel(
                action: Paths.identification, year: yearText, municipality: municipalityText, share: panelShare,
                rules: IdentificationRule.allCases.map {
                    CheckOption.make(value: $0.rawValue, title: $0.title, isChecked: panelRules[$0] ?? false, id: "rule-\($0.rawValue)")
                },
                procedures: catalogue.map {
                    CheckOption.make(value: String($0.id!), title: $0.title, isChecked: panelProcedures.contains($0.id!), id: "procedure-\($0.id!)")
                },
                savedHref: Paths.identification(query: [("year", yearText), ("municipality", municipalityText)]),
                settingsHref: Paths.identificationSettings,
                shareError: formErrors.message("share"), rulesError: formErrors.message("rules"),
                proceduresError: formErrors.message("procedures")),
            errors: formErrors)
        return Responses.html(Templates.identificationList(page), status: formErrors.isEmpty ? .ok : .unprocessableContent)
    }

    static func confirmPage(_ context: RequestContext, _ scope: Scope, year: SchoolYear, schools: [Int64], exits: [Int64],
                            errors: FormErrors = FormErrors()) throws -> HTTPResponse {
        let service = IdentificationService(database: context.services.database)
        let items = try service.preview(scope, year: year, schoolIds: schools, exits: exits)
        let byId = Dictionary(uniqueKeysWithValues: items.map { ($0.schoolId, $0) })
        let confirmations = Set(schools).sorted().compactMap { id -> IdentificationConfirmPage.Line? in
            guard let item = byId[id] else { return nil }
            return IdentificationConfirmPage.Line(
                schoolId: String(id), schoolName: item.schoolShortName, municipalityName: item.municipalityName,
                reason: item.identified ? item.evaluation.reasonText : "",
                problem: !item.identified ? "Не выявлена по критериям: подтвердить нельзя" : item.isConfirmed ? "Уже подтверждена: ничего не изменится" : nil)
        }
        let exitLines = Set(exits).sorted().compactMap { id -> IdentificationConfirmPage.Line? in
            guard let item = byId[id] else { return nil }
            let figures = item.evaluation.reasons.isEmpty ? "низких результатов нет"
                : "критерии не выполняются; низкие результаты: " + item.evaluation.reasons.map(\.text).joined(separator: "; ")
            return IdentificationConfirmPage.Line(
                schoolId: String(id), schoolName: item.schoolShortName, municipalityName: item.municipalityName,
                reason: item.status == .leaving ? "Выход из перечня ШНОР на \(year.title): \(figures)" : "",
                problem: item.status == .leaving ? nil : item.status == .noData
                    ? "Нет результатов за \(SchoolYear(year.start - 1).title): выход из перечня по критериям не определить"
                    : "Не выходит из перечня: школа не в перечне прошлого года или выявлена снова")
        }
        let page = IdentificationConfirmPage(
            chrome: context.chrome(title: "Подтвердить перечень ШНОР", current: Paths.identification),
            heading: "Проверьте и подтвердите перечень ШНОР на \(year.title) учебный год",
            action: Paths.identificationConfirm,
            cancelHref: Paths.identification(query: [("year", String(year.start))]),
            year: String(year.start), confirmations: confirmations, exits: exitLines, errors: errors)
        return Responses.html(Templates.identificationConfirm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static func settingsPage(_ context: RequestContext, _ scope: Scope, settings: RegionSettings, analysed: Set<Int64>,
                             texts: (String, String, String), errors: FormErrors = FormErrors()) throws -> HTTPResponse {
        let catalogue = try Procedures(database: context.services.database).list(scope)
        let page = RegionSettingsPage(
            chrome: context.chrome(title: "Настройки выявления", current: Paths.identificationSettings),
            canEdit: Policy.mayEditRegionSettings(scope),
            action: Paths.identificationSettings,
            share: texts.0, margin: texts.1, mismatch: texts.2,
            rules: [CheckOption.make(value: IdentificationRule.twoInLastYear.rawValue, title: IdentificationRule.twoInLastYear.title,
                                isChecked: settings.ruleTwoInLastYear, id: "rule-twoInLastYear"),
                    CheckOption.make(value: IdentificationRule.consecutiveYears.rawValue, title: IdentificationRule.consecutiveYears.title,
                                isChecked: settings.ruleConsecutiveYears, id: "rule-consecutiveYears")],
            procedures: catalogue.map { CheckOption.make(value: String($0.id!), title: $0.title, isChecked: analysed.contains($0.id!), id: "procedure-\($0.id!)") },
            analysedTitles: catalogue.filter { analysed.contains($0.id!) }.map(\.title),
            proceduresHref: Paths.procedures,
            identificationHref: Paths.identification,
            errors: errors)
        return Responses.html(Templates.identificationSettings(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}

extension IdentificationRoutes {
    static func signalsPage(_ context: RequestContext) throws -> SignalsPage {
        let scope = try context.scope
        let service = NonObjectivitySignals(database: context.services.database)
        let years = try IdentificationService(database: context.services.database).resultYears(scope)
        let year = context.query["year"].flatMap { SchoolYear(parsing: $0) } ?? years.first ?? SchoolYear.containing(context.services.database.now)
        let municipalityId = context.query["municipality"].flatMap { Int64($0) }
        let signals = try service.list(scope, year: year, municipalityId: municipalityId)
        let settings = try RegionSettingsService(database: context.services.database).read(scope).settings
        let municipalities = try context.services.schools.municipalities(scope)
        func row(_ s: NonObjectivitySignal) -> SignalRow {
            SignalRow(schoolHref: Paths.school(s.schoolId), schoolName: s.schoolShortName, municipalityName: s.municipalityName,
                      procedure: s.procedureTitle,
                      schoolShare: (s.kind == .aboveMunicipal ? s.highMarks : s.mismatch)?.text ?? "—",
                      municipalShare: s.municipalHighMarks?.text ?? "—", exams: s.exams.map(\.text),
                      lowered: s.lowered ?? 0, raised: s.raised ?? 0)
        }
        var allYears = years
        if !allYears.contains(year) { allYears.append(year); allYears.sort(by: >) }
        let page = SignalsPage(
            chrome: context.chrome(title: "Сигналы необъективности", current: Paths.identification),
            heading: "Сигналы необъективных результатов, \(year.title) учебный год",
            filterAction: Paths.signals,
            years: allYears.map { SelectOption(value: String($0.start), title: $0.title, isSelected: $0 == year) },
            showMunicipality: municipalities.count > 1,
            municipalities: municipalityOptions(municipalities, selected: municipalityId),
            marginText: PercentText.text(basisPoints: settings.nonObjectiveMarginBasisPoints),
            mismatchText: PercentText.text(basisPoints: settings.journalMismatchBasisPoints),
            above: signals.filter { $0.kind == .aboveMunicipal }.map(row),
            mismatch: signals.filter { $0.kind == .journalMismatch }.map(row),
            identificationHref: Paths.identification(query: [("year", String(year.start + 1))]),
            settingsHref: Paths.identificationSettings,
            exports: ExportLinks(Paths.signals, query: context.query))
        return page
    }
}
