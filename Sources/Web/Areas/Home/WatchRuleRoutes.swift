import Core
import Foundation
import HTTPServer
import Templating

/// The watchlist rules (issue 14): the region's defaults, a municipality's own settings, dismissing a school's flag.
enum WatchRuleRoutes {
    static let routes: [Route] = [
        Route(.get, "/watch-rules") { context in
            let scope = try context.scope
            let set = try WatchRules(database: context.services.database).get(scope, municipalityId: nil)
            return try page(context, scope, municipalityId: nil, set: set)
        },
        Route(.post, "/watch-rules") { context in try save(context, municipalityId: nil) },
        Route(.get, "/watch-rules/municipalities/{id}") { context in
            let scope = try context.scope, id = try context.id("id")
            let set = try WatchRules(database: context.services.database).get(scope, municipalityId: id)
            return try page(context, scope, municipalityId: id, set: set)
        },
        Route(.post, "/watch-rules/municipalities/{id}") { context in try save(context, municipalityId: try context.id("id")) },
        Route(.post, "/watch-rules/municipalities/{id}/reset") { context in
            let scope = try context.scope, id = try context.id("id")
            try WatchRules(database: context.services.database).reset(scope, municipalityId: id)
            return Responses.redirect(Notice.redirect(Paths.watchRules(municipality: id), .saved))
        },
        Route(.get, "/schools/{id}/watch-flags/{rule}/dismiss") { context in
            let scope = try context.scope, id = try context.id("id")
            let rule = try WatchRuleRoutes.rule(context)
            let flag = try WatchFlags(database: context.services.database).flag(scope, schoolId: id, rule: rule)
            return dismissPage(context, flag, note: "", back: context.query["back"])
        },
        Route(.post, "/schools/{id}/watch-flags/{rule}/dismiss") { context in
            let scope = try context.scope, id = try context.id("id")
            let rule = try WatchRuleRoutes.rule(context)
            let flags = WatchFlags(database: context.services.database)
            let note = context.form["note"] ?? ""
            do {
                try flags.dismiss(scope, schoolId: id, rule: rule, note: note)
                return Responses.redirect(Notice.redirect(SafeRedirect.path(context.form["back"], fallback: Paths.home), .saved))
            } catch DomainError.invalid(let errors) {
                let flag = try flags.flag(scope, schoolId: id, rule: rule)
                return dismissPage(context, flag, note: note, back: context.form["back"], errors: FormErrors(errors))
            }
        },
    ]

    static func rule(_ context: RequestContext) throws -> WatchRule {
        guard let rule = context.parameters["rule"].flatMap(WatchRule.init(rawValue:)) else { throw DomainError.notFound }
        return rule
    }

    static func save(_ context: RequestContext, municipalityId: Int64?) throws -> HTTPResponse {
        let scope = try context.scope
        let service = WatchRules(database: context.services.database)
        let (settings, texts) = parse(context.form)
        do {
            try service.update(scope, municipalityId: municipalityId, settings)
            return Responses.redirect(Notice.redirect(municipalityId.map(Paths.watchRules(municipality:)) ?? Paths.watchRules, .saved))
        } catch DomainError.invalid(let errors) {
            let current = try service.get(scope, municipalityId: municipalityId)
            var shown = WatchRuleSet(settings: settings, isOwn: current.isOwn)
            shown.municipalityName = current.municipalityName
            return try page(context, scope, municipalityId: municipalityId, set: shown,
                            texts: texts, errors: FormErrors(errors))
        }
    }

    /// The form's settings: each rule on when its checkbox is; a number or date not understood stays empty, which the
    /// rules refuse for a rule that is on (an unused one keeps its default).
    static func parse(_ form: FormData) -> ([WatchRuleSetting], [WatchRule: String]) {
        let on = Set(form.values("rule"))
        var texts: [WatchRule: String] = [:]
        let settings = WatchRule.allCases.map { rule -> WatchRuleSetting in
            var setting = WatchRuleSetting.off(rule)
            setting.isEnabled = on.contains(rule.rawValue)
            let text = (form[setting.field] ?? "").trimmingCharacters(in: .whitespaces)
            texts[rule] = text
            switch rule.parameter {
            case .number: if let n = Int(text) { setting.threshold = n } else if setting.isEnabled { setting.threshold = nil }
            case .date: setting.byDate = ReportPeriods.parseDate(text)
            case .none: break
            }
            return setting
        }
        return (settings, texts)
    }

    static func page(_ context: RequestContext, _ scope: Scope, municipalityId: Int64?, set: WatchRuleSet,
                     texts: [WatchRule: String]? = nil, errors: FormErrors = FormErrors()) throws -> HTTPResponse {
        let canEdit = Policy.mayEditWatchRules(scope, municipalityId: municipalityId)
        let heading: String, intro: String
        if let municipalityId {
            heading = "Правила наблюдения: \(set.municipalityName ?? String(municipalityId))"
            intro = set.isOwn ? "У муниципалитета свои правила; они заменяют правила региона по умолчанию."
                : "Муниципалитет следует правилам региона по умолчанию; сохранив форму, вы зададите свои."
        } else {
            heading = "Правила наблюдения: по умолчанию для региона"
            intro = "Муниципалитеты, не задавшие своих правил, следуют этим."
        }
        let page = WatchRulesPage(
            chrome: context.chrome(title: "Правила наблюдения"), heading: heading,
            intro: intro + " Школа попадает в список, если в текущем учебном году она в программе и её показатель достиг порога правила.",
            canEdit: canEdit, action: municipalityId.map(Paths.watchRules(municipality:)) ?? Paths.watchRules,
            rules: WatchRulesPage.rules(set, texts: texts, errors: errors), errors: errors,
            dashboardHref: municipalityId.map { Policy.isFixedToMunicipality(scope) ? Paths.home : Paths.municipalityDashboard($0) } ?? Paths.home,
            resetAction: municipalityId.flatMap { canEdit && set.isOwn ? Paths.resetWatchRules(municipality: $0) : nil },
            regionHref: municipalityId == nil ? nil : Paths.watchRules)
        return Responses.html(Templates.watchRules(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static func dismissPage(_ context: RequestContext, _ flag: WatchFlag, note: String, back: String?,
                            errors: FormErrors = FormErrors()) -> HTTPResponse {
        let back = SafeRedirect.path(back, fallback: Paths.home)
        let page = WatchFlagDismissPage(
            chrome: context.chrome(title: "Снять флаг"), heading: "Снять флаг: \(flag.shortName)",
            schoolHref: Paths.school(flag.schoolId), schoolName: flag.shortName, figure: flag.text,
            action: Paths.dismissWatchFlag(school: flag.schoolId, rule: flag.rule.rawValue), back: back, cancelHref: back,
            note: note, errors: errors)
        return Responses.html(Templates.watchFlagDismiss(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}
