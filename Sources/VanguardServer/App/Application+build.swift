import Foundation
import Hummingbird
import Logging
import NIOCore
import OpenAPIHummingbird
import ServiceLifecycle
import VanguardStore

/// How to run the server: where it listens and which database it opens.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// `sqlite:PATH` or `postgres://user:pass@host:port/db`.
    public var databaseURL: String
    /// A PostgreSQL hot standby that serves the reads of requests (`ReadRouting`), or nil.
    public var readReplicaURL: String?
    public var migrate: Bool
    public var jsonLogs: Bool
    public var logLevel: Logger.Level
    /// `/metrics` answers loopback clients, and others only with `Authorization: Bearer <token>`.
    public var metricsToken: String?
    /// Seconds a connection may stay without a request (or with only part of its headers), and
    /// seconds a request's body may stall.
    public var idleTimeoutSeconds: Int64
    public var bodyStallSeconds: Int64
    /// Minutes a web session may go unused before it is logged out.
    public var sessionIdleMinutes: Int64
    /// The server sits behind TLS: cookies carry `Secure` (also when a proxy sends `X-Forwarded-Proto: https`).
    public var secureCookies: Bool
    /// Seconds a voter's request waits for her ballot's batch of k to fill before answering "pending".
    public var ballotWaitSeconds: Int64
    /// Days a password may be used before the session can only change it (0: never).
    public var passwordMaxAgeDays: Int

    public init(
        host: String = "127.0.0.1", port: Int = 8080, databaseURL: String, readReplicaURL: String? = nil, migrate: Bool = true, jsonLogs: Bool = false,
        logLevel: Logger.Level = .info,
        metricsToken: String? = nil, idleTimeoutSeconds: Int64 = 30, bodyStallSeconds: Int64 = 30, ballotWaitSeconds: Int64 = 3,
        sessionIdleMinutes: Int64 = 30, secureCookies: Bool = false, passwordMaxAgeDays: Int = 0
    ) {
        self.passwordMaxAgeDays = passwordMaxAgeDays
        self.sessionIdleMinutes = sessionIdleMinutes
        self.secureCookies = secureCookies
        self.ballotWaitSeconds = ballotWaitSeconds
        self.host = host
        self.port = port
        self.databaseURL = databaseURL
        self.readReplicaURL = readReplicaURL
        self.migrate = migrate
        self.jsonLogs = jsonLogs
        self.logLevel = logLevel
        self.metricsToken = metricsToken
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.bodyStallSeconds = bodyStallSeconds
    }
}

/// The single composition root: `main`, the CLI and every test build the server here.
/// Given `vanguard`, it serves that store (tests); otherwise it opens the configured database.
public func buildApplication(_ configuration: AppConfiguration, vanguard given: Vanguard? = nil, logger: Logger? = nil) async throws -> some ApplicationProtocol
{
    var logger = logger ?? Logger(label: "vanguard")
    logger.logLevel = configuration.logLevel
    Observability.bootstrapMetrics()
    let vanguard: Vanguard
    if let given {
        vanguard = given
    } else {
        vanguard = try await Vanguard.open(
            url: configuration.databaseURL, readReplicaURL: configuration.readReplicaURL, migrate: configuration.migrate, logger: logger)
    }
    let router = try await buildRouter(vanguard: vanguard, configuration: configuration)
    let stall = TimeAmount.seconds(configuration.bodyStallSeconds)
    return Application(
        router: router,
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [StalledBodyHandler(timeout: stall)], idleTimeout: .seconds(configuration.idleTimeoutSeconds))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Vanguard"),
        // Shut down in reverse order: the sweeper stops before the database closes.
        services: given == nil ? [DatabaseCloser(vanguard: vanguard), ReminderSweeper(vanguard: vanguard, logger: logger)] : [],
        logger: logger)
}

/// Every route of the product: web pages, the JSON API, operations endpoints and static files.
public func buildRouter(
    vanguard given: Vanguard, configuration: AppConfiguration = AppConfiguration(databaseURL: "unused")
) async throws -> Router<AppRequestContext> {
    var vanguard = given
    vanguard.passwordMaxAgeDays = configuration.passwordMaxAgeDays
    let views = try await Views.load()
    let guesses = BallotGuesses.make()
    let router = Router(context: AppRequestContext.self)
    // Outermost first: metrics see every request; the session is read before errors are rendered,
    // so an error page still knows the reader's name and language.
    router.add(middleware: MetricsMiddleware())
    // Before the session or token is looked at: bodies are limited by route, every answer gets the headers.
    router.add(middleware: RequestLimitMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(
        middleware: SessionMiddleware(
            accounts: vanguard.accounts, time: vanguard.time, idleMillis: configuration.sessionIdleMinutes * 60_000, secureCookies: configuration.secureCookies)
    )
    // Inside the session (whose lookup stays on the primary), outside the error pages: a request that
    // wrote and then failed still hands back the position of its write.
    if vanguard.backend.hasReplica { router.add(middleware: ReadRoutingMiddleware()) }
    router.add(middleware: ErrorMiddleware(views: views))
    // After the session is known and inside the error pages: one check of every state-changing form.
    router.add(middleware: CSRFMiddleware())
    router.add(middleware: ClientAddressMiddleware())
    if let staticDir = ServerResources.directory("static") {
        router.add(middleware: FileMiddleware(staticDir, urlBasePath: "/static", cacheControl: .init([(.init(type: .any), [.maxAge(3600)])])))
    }
    let app = WebApp(vanguard: vanguard, views: views, configuration: configuration, guesses: guesses)
    for capability in WebCapabilities.all { capability.register(on: router, app) }
    let api = APIService(vanguard: vanguard, guesses: guesses, ballotWait: .seconds(configuration.ballotWaitSeconds))
    try api.registerHandlers(on: router, serverURL: URL(string: "/api/v1")!, middlewares: [BearerAuthMiddleware(accounts: vanguard.accounts)])
    return router
}

/// Closes the database after the server has drained, on graceful shutdown.
struct DatabaseCloser: Service {
    let vanguard: Vanguard

    func run() async throws {
        try? await gracefulShutdown()
        try await vanguard.close()
    }
}

/// 逾期与到期提醒: sweeps once at start and then every hour, so overdue commitments and rectification
/// items are marked, deadlines reminded and leaders told of contact points not yet visited, without an operator (a sweep changes nothing when run twice on
/// one day).
struct ReminderSweeper: Service {
    let vanguard: Vanguard
    let logger: Logger
    static let interval: Duration = .seconds(3600)

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            // Each sweep on its own: one failing does not keep the others from running.
            do {
                let r = try await vanguard.reminders.sweep()
                if r.markedOverdue + r.reminded > 0 { logger.info("reminder sweep", metadata: ["overdue": "\(r.markedOverdue)", "reminded": "\(r.reminded)"]) }
            } catch {
                logger.error("reminder sweep failed", metadata: ["error": "\(error)"])
            }
            do {
                let items = try await vanguard.rectifications.sweep()
                if items.markedOverdue + items.reminded > 0 {
                    logger.info("rectification sweep", metadata: ["overdue": "\(items.markedOverdue)", "reminded": "\(items.reminded)"])
                }
            } catch {
                logger.error("rectification sweep failed", metadata: ["error": "\(error)"])
            }
            do {
                let rounds = try await vanguard.commendations.remind()
                if rounds > 0 { logger.info("commendation reminders", metadata: ["reminded": "\(rounds)"]) }
            } catch {
                logger.error("commendation reminders failed", metadata: ["error": "\(error)"])
            }
            do {
                let reports = try await vanguard.workReports.remind()
                if reports > 0 { logger.info("report reminders", metadata: ["reminded": "\(reports)"]) }
            } catch {
                logger.error("report reminders failed", metadata: ["error": "\(error)"])
            }
            do {
                let visits = try await vanguard.visits.remind()
                if visits > 0 { logger.info("visit reminders", metadata: ["reminded": "\(visits)"]) }
            } catch {
                logger.error("visit reminders failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: Self.interval) }
        }
    }
}
