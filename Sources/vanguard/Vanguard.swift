import ArgumentParser
import Configuration
import Foundation
import Logging
import VanguardCore
import VanguardServer
import VanguardStore

/// `vanguard`: the one tool for operators. Settings come from flags, then `VANGUARD_*` environment
/// variables, then a JSON file (`--config`), then defaults: `Settings` in VanguardServer reads them.
@main
struct VanguardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vanguard",
        abstract: "先锋 Vanguard — 创先争优活动管理服务器 / the campaign server",
        subcommands: [
            Serve.self, Demo.self, Migrate.self, Import.self, Export.self, Backup.self, Restore.self, Verify.self, Remind.self, Comments.self, Scoring.self,
            Fund.self, CommendationTableCommand.self,
            Bench.self,
            User.self, Audit.self,
        ])
}

/// Where the data lives: `--database URL`, or an SQLite file in `--data-dir`; and the settings file.
struct StoreOptions: ParsableArguments {
    @Option(help: "JSON settings file (env VANGUARD_CONFIG); flags and VANGUARD_* variables override it. `vanguard serve --help` lists every setting")
    var config: String?

    @Option(help: "Database URL: sqlite:PATH or postgres://user:pass@host:port/db (env VANGUARD_DATABASE)")
    var database: String?

    @Option(help: "Folder for the SQLite database when --database is not given (env VANGUARD_DATA_DIR)")
    var dataDir: String?

    /// flags > `VANGUARD_*` environment > the config file > defaults (swift-configuration, see `Settings`).
    func settings(_ more: [String: ConfigContent] = [:]) async throws -> Settings {
        var flags = more
        if let database { flags["database"] = .string(database) }
        if let dataDir { flags["dataDir"] = .string(dataDir) }
        do { return try await Settings.load(flags: flags, file: config, environment: ProcessInfo.processInfo.environment) } catch let e as SettingsError {
            throw fail(e.description)
        }
    }

    /// The database URL the settings give.
    func url() async throws -> String {
        do { return try await settings().databaseURL() } catch let e as SettingsError { throw fail(e.description) }
    }

    func open(migrate: Bool = true) async throws -> Vanguard {
        try await Vanguard.open(url: try await url(), migrate: migrate, logger: cliLogger)
    }
}

/// How the server listens and logs: the flags of `Settings` (environment variables and the file set the same).
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on (env VANGUARD_HOST)") var host: String?
    @Option(help: "Port to listen on (env VANGUARD_PORT)") var port: Int?
    @Option(help: "PostgreSQL hot standby that serves the reads of requests, postgres://… (env VANGUARD_READ_REPLICA)") var readReplica: String?
    @Option(help: "Log format: text or json (env VANGUARD_LOG_FORMAT)") var logFormat: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error (env VANGUARD_LOG_LEVEL)") var logLevel: String?
    @Option(help: "Token that lets a non-loopback client read /metrics (env VANGUARD_METRICS_TOKEN)") var metricsToken: String?
    @Option(help: "Seconds a connection may wait for its next request's headers (env VANGUARD_IDLE_TIMEOUT, default 30)") var idleTimeout: Int?
    @Option(help: "Minutes a web session may go unused before it is logged out (env VANGUARD_SESSION_IDLE_MINUTES, default 30)")
    var sessionIdleMinutes: Int?
    @Flag(help: "The server is reached over TLS: cookies carry Secure (env VANGUARD_SECURE_COOKIES=1)") var secureCookies = false
    @Option(help: "Days a password may be used before it must be changed; 0 = never (env VANGUARD_PASSWORD_MAX_AGE_DAYS, default 0)")
    var passwordMaxAgeDays: Int?
    @Option(help: "Seconds a request's body may stall before the connection is closed (env VANGUARD_BODY_STALL_SECONDS, default 30)")
    var bodyStallSeconds: Int?
    @Option(help: "Seconds a voter waits for her ballot's batch to fill before 'pending' (env VANGUARD_BALLOT_WAIT_SECONDS, default 3)")
    var ballotWaitSeconds: Int?

    /// The flags that were given, by setting key.
    var flags: [String: ConfigContent] {
        var out: [String: ConfigContent] = [:]
        if let host { out["host"] = .string(host) }
        if let port { out["port"] = .int(port) }
        if let readReplica { out["readReplica"] = .string(readReplica) }
        if let logFormat { out["logFormat"] = .string(logFormat) }
        if let logLevel { out["logLevel"] = .string(logLevel) }
        if let metricsToken { out["metricsToken"] = .string(metricsToken) }
        if let idleTimeout { out["idleTimeout"] = .int(idleTimeout) }
        if let sessionIdleMinutes { out["sessionIdleMinutes"] = .int(sessionIdleMinutes) }
        if secureCookies { out["secureCookies"] = .bool(true) }
        if let passwordMaxAgeDays { out["passwordMaxAgeDays"] = .int(passwordMaxAgeDays) }
        if let bodyStallSeconds { out["bodyStallSeconds"] = .int(bodyStallSeconds) }
        if let ballotWaitSeconds { out["ballotWaitSeconds"] = .int(ballotWaitSeconds) }
        return out
    }

    /// The server's configuration from `store`'s settings with these flags on top; logging is set up from it.
    func configuration(_ store: StoreOptions, migrate: Bool = true) async throws -> AppConfiguration {
        let config: AppConfiguration
        do { config = try await store.settings(flags).appConfiguration(migrate: migrate) } catch let e as SettingsError { throw fail(e.description) }
        let (json, level) = (config.jsonLogs, config.logLevel)
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return config
    }
}

let cliLogger: Logger = {
    var l = Logger(label: "vanguard")
    l.logLevel = .warning
    return l
}()

/// Prints to standard error and exits with status 1: for operator mistakes.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    return ExitCode(1)
}

#if canImport(Glibc)
    import Glibc
#endif

/// Hands the heap that a bulk job freed (the generated city's rows) back to the system before serving,
/// so the server's resident memory is the server's, not the generator's high-water mark.
func releaseFreedMemory() {
    #if canImport(Glibc)
        // glibc's malloc_trim, found at run time (malloc.h is not in Swift's Glibc module).
        typealias Trim = @convention(c) (Int) -> Int32
        if let trim = dlsym(nil, "malloc_trim") { _ = unsafeBitCast(trim, to: Trim.self)(0) }
    #endif
}

extension StoreOptions {
    /// Opens the store, runs `body` on the named account (as the operator) and closes the store; a
    /// refusal is printed in both languages with exit status 1.
    func administer(_ username: String, _ body: (AccountAdminService, Int64) async throws -> Void) async throws {
        let vanguard = try await open()
        do {
            let account = try await vanguard.accountAdmin.account(named: username, as: .system("cli"))
            try await body(vanguard.accountAdmin, account.id)
        } catch let e as VanguardError {
            try await vanguard.close()
            throw fail("\(e.message.zh) / \(e.message.en)")
        }
        try await vanguard.close()
    }
}
