import Core

/// The domain services the handlers call, built once.
struct Services: Sendable {
    let database: AppDatabase
    let authentication: Authentication
    let sessions: Sessions
    let schools: SchoolDirectory
    let accounts: Accounts
    let schoolEditor: SchoolEditor
    let configuration: WebConfiguration
    let staticFiles: StaticFiles
    let health: HealthCheck
    let publicPages = PublicPageCache()
    let visits: CuratorVisits
    let roadmaps: Roadmaps
    let calendarFeeds: CalendarFeeds

    init(database: AppDatabase, hasher: PasswordHasher, configuration: WebConfiguration) {
        self.database = database
        // One budget per address for both forms that check a password.
        let loginGuard = LoginGuard(configuration.loginLimits, now: { [clock = database.clock] in clock.now() })
        authentication = Authentication(database: database, hasher: hasher, loginGuard: loginGuard)
        sessions = Sessions(database: database)
        schools = SchoolDirectory(database: database)
        accounts = Accounts(database: database, hasher: hasher, loginGuard: loginGuard)
        schoolEditor = SchoolEditor(database: database)
        self.configuration = configuration
        staticFiles = StaticFiles(root: configuration.publicDirectory)
        health = HealthCheck(database: database)
        visits = CuratorVisits(database: database)
        roadmaps = Roadmaps(database: database)
        calendarFeeds = CalendarFeeds(database: database)
    }
}
