import Core
import HTTPServer

/// The public page of a municipality: read without login (cached per data generation, ETag, 304), and the
/// coordinator's settings (switch on/off behind «Вы уверены?», the published range of the summary report).
enum PublicPageRoutes {
    static let routes: [Route] = [
        Route(.get, "/public", access: .anonymous) { context in
            try context.services.publicPages.response(context, page: 0) {
                let rows = try PublicPages(database: context.services.database).municipalities().map {
                    PublicIndexPage.Row(href: Paths.publicMunicipality($0.id), name: $0.name, rangeTitle: $0.rangeTitle)
                }
                return Templates.publicIndex(PublicIndexPage(chrome: PublicChrome.make(title: "Публичные страницы муниципалитетов"), rows: rows))
            }
        },
        // A municipality that does not publish (or does not exist) is a 404 for everyone: nothing is revealed.
        Route(.get, "/public/municipalities/{id}", access: .anonymous) { context in
            let id = try context.id("id")
            return try context.services.publicPages.response(context, page: id) {
                Templates.publicMunicipality(PublicMunicipalityView(try PublicPages(database: context.services.database).page(municipalityId: id)))
            }
        },
        Route(.get, "/municipalities/{id}/public-page") { context in
            try settingsPage(context, from: nil, to: nil, errors: [])
        },
        Route(.post, "/municipalities/{id}/public-page/summary") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let from = context.form["from"].flatMap(SummaryRoutes.year(parsing:))
            let to = context.form["to"].flatMap(SummaryRoutes.year(parsing:))
            do {
                try PublicPages(database: context.services.database).publishSummary(scope, municipalityId: id, from: from, to: to)
                return Responses.redirect(Notice.redirect(Paths.publicPageSettings(id), .saved))
            } catch DomainError.invalid(let errors) {
                return try settingsPage(context, from: from, to: to, errors: errors)
            }
        },
        Route(.get, "/municipalities/{id}/public-page/withdraw-summary") { context in
            let id = try context.id("id")
            let settings = try PublicPages(database: context.services.database).settings(try context.scope, municipalityId: id)
            let page = ConfirmPage(chrome: context.chrome(title: "Снять итоговую справку с публикации"),
                                   heading: "Снять итоговую справку с публикации?",
                                   explanation: "Справка «\(settings.municipalityName)» за \(settings.rangeTitle ?? "—") учебные годы перестанет показываться на публичной странице. Саму справку можно по-прежнему открыть в системе и опубликовать снова.",
                                   action: Paths.publicPageWithdrawSummary(id), confirmLabel: "Снять с публикации",
                                   cancelHref: Paths.publicPageSettings(id))
            return Responses.html(Templates.confirm(page))
        },
        Route(.post, "/municipalities/{id}/public-page/withdraw-summary") { context in
            let id = try context.id("id")
            try PublicPages(database: context.services.database).publishSummary(try context.scope, municipalityId: id, from: nil, to: nil, withdraw: true)
            return Responses.redirect(Notice.redirect(Paths.publicPageSettings(id), .saved))
        },
        Route(.get, "/municipalities/{id}/public-page/enable") { context in
            try confirm(context, enable: true)
        },
        Route(.post, "/municipalities/{id}/public-page/enable") { context in
            let id = try context.id("id")
            try PublicPages(database: context.services.database).setPublic(try context.scope, municipalityId: id, true)
            return Responses.redirect(Notice.redirect(Paths.publicPageSettings(id), .statusChanged))
        },
        Route(.get, "/municipalities/{id}/public-page/disable") { context in
            try confirm(context, enable: false)
        },
        Route(.post, "/municipalities/{id}/public-page/disable") { context in
            let id = try context.id("id")
            try PublicPages(database: context.services.database).setPublic(try context.scope, municipalityId: id, false)
            return Responses.redirect(Notice.redirect(Paths.publicPageSettings(id), .statusChanged))
        },
    ]

    static func settingsPage(_ context: RequestContext, from: SchoolYear?, to: SchoolYear?, errors: [FieldError]) throws -> HTTPResponse {
        let scope = try context.scope
        let id = try context.id("id")
        let database = context.services.database
        let settings = try PublicPages(database: database).settings(scope, municipalityId: id)
        let page = PublicSettingsPage(chrome: context.chrome(title: "Публичная страница: \(settings.municipalityName)"), settings: settings,
                                      years: try SummaryReports(database: database).availableYears(scope), from: from, to: to,
                                      errors: FormErrors(errors))
        return Responses.html(Templates.publicSettings(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static func confirm(_ context: RequestContext, enable: Bool) throws -> HTTPResponse {
        let id = try context.id("id")
        let settings = try PublicPages(database: context.services.database).settings(try context.scope, municipalityId: id)
        let page = enable
            ? ConfirmPage(chrome: context.chrome(title: "Включить публичную страницу"), heading: "Включить публичную страницу?",
                          explanation: "Страница «\(settings.municipalityName)» станет доступна всем без входа в систему: опубликованная итоговая справка (\(settings.rangeTitle ?? "не опубликована")) без имён, опубликованные практики и сведения об обучающихся «зоны риска» (группы меньше 10 человек — «<10»).",
                          action: Paths.publicPageEnable(id), confirmLabel: "Включить", cancelHref: Paths.publicPageSettings(id))
            : ConfirmPage(chrome: context.chrome(title: "Выключить публичную страницу"), heading: "Выключить публичную страницу?",
                          explanation: "Страница «\(settings.municipalityName)» перестанет открываться без входа в систему.",
                          action: Paths.publicPageDisable(id), confirmLabel: "Выключить", cancelHref: Paths.publicPageSettings(id))
        return Responses.html(Templates.confirm(page))
    }
}
