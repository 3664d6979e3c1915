import HTTPServer

enum SystemRoutes {
    static let routes: [Route] = [
        Route(.get, "/healthz", access: .anonymous) { context in
            context.services.health.isHealthy()
                ? Responses.text("ok")
                : Responses.text("database unavailable", status: .serviceUnavailable)
        },
        Route(.get, "/static/{path...}", access: .anonymous) { context in
            context.services.staticFiles.response(for: context.parameters["path"] ?? "", headers: context.request.headers)
        },
        Route(.get, "/favicon.ico", access: .anonymous) { context in
            context.services.staticFiles.response(for: "favicon.svg", headers: context.request.headers)
        },
    ]
}
