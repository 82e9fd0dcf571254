import Configuration
import Foundation
import Logging

/// 设置: every setting of the server and the CLI, read through swift-configuration from, first to
/// last, command-line flags, `VANGUARD_*` environment variables, a JSON file (`--config FILE` or
/// `VANGUARD_CONFIG`) and the defaults of `Settings.all`. A value that is set but cannot be read (a
/// port that is not a number) is an error naming the setting, never silently the default.
public struct Settings: Sendable {
    /// One setting: its key in the file, its environment variable, its default and what it does.
    public struct Setting: Sendable {
        public let key: String
        public let defaultValue: String
        public let help: String
        /// `sessionIdleMinutes` → `VANGUARD_SESSION_IDLE_MINUTES` (swift-configuration's own mapping).
        public var environment: String { "VANGUARD_" + key.replacing(/([a-z])([A-Z])/) { "\($0.1)_\($0.2)" }.uppercased() }
    }

    /// Every setting, in the order `vanguard serve --help` lists them.
    public static let all: [Setting] = [
        .init(key: "database", defaultValue: "sqlite:<dataDir>/vanguard.sqlite", help: "Database URL: sqlite:PATH or postgres://user:pass@host:port/db"),
        .init(
            key: "readReplica", defaultValue: "",
            help: "PostgreSQL hot standby for the reads of requests (postgres://…); the primary is database. Empty: no replica"),
        .init(key: "dataDir", defaultValue: "vanguard-data", help: "Folder of the SQLite database when database is not set"),
        .init(key: "host", defaultValue: "127.0.0.1", help: "Address to listen on"),
        .init(key: "port", defaultValue: "8080", help: "Port to listen on"),
        .init(key: "logFormat", defaultValue: "text", help: "Log format: text or json"),
        .init(key: "logLevel", defaultValue: "info", help: "Log level: trace, debug, info, notice, warning, error, critical"),
        .init(key: "metricsToken", defaultValue: "", help: "Token that lets a non-loopback client read /metrics"),
        .init(key: "idleTimeout", defaultValue: "30", help: "Seconds a connection may wait for its next request's headers"),
        .init(key: "bodyStallSeconds", defaultValue: "30", help: "Seconds a request's body may stall before the connection is closed"),
        .init(key: "sessionIdleMinutes", defaultValue: "30", help: "Minutes a web session may go unused before it is logged out"),
        .init(key: "secureCookies", defaultValue: "false", help: "The server is reached over TLS: cookies carry Secure"),
        .init(key: "passwordMaxAgeDays", defaultValue: "0", help: "Days a password may be used before it must be changed; 0 = never"),
        .init(key: "ballotWaitSeconds", defaultValue: "3", help: "Seconds a voter waits for her ballot's batch to fill before 'pending'"),
    ]

    let reader: ConfigReader
    /// The keys each layer sets, strongest first (flags, environment, file): which layer decides a
    /// setting is known without asking the library's error text.
    let layers: [Set<String>]

    /// Reads flags (already typed by the command line), the environment and the file, in that order.
    /// An empty variable is unset; a file key that is no setting is refused (a typo must not pass unseen).
    public static func load(flags: [String: ConfigContent] = [:], file: String? = nil, environment: [String: String]) async throws -> Settings {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, content) in flags { values[AbsoluteConfigKey(stringLiteral: key)] = ConfigValue(content, isSecret: key == "metricsToken") }
        var env = environment.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
        for (name, value) in env where ["on", "off"].contains(value.lowercased()) { env[name] = value.lowercased() == "on" ? "true" : "false" }
        var providers: [any ConfigProvider] = [InMemoryProvider(name: "flags", values: values)]
        providers.append(
            EnvironmentVariablesProvider(
                environmentVariables: env, secretsSpecifier: .specific(["VANGUARD_METRICS_TOKEN", "VANGUARD_DATABASE", "VANGUARD_READ_REPLICA"])
            )
            .prefixKeys(with: "vanguard"))
        var layers = [Set(flags.keys), Set(all.filter { env[$0.environment] != nil }.map(\.key))]
        if let path = file ?? env["VANGUARD_CONFIG"] {
            guard let data = FileManager.default.contents(atPath: path) else { throw SettingsError("找不到配置文件 \(path)", "No config file at \(path)") }
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw SettingsError("配置文件 \(path) 不是有效的JSON对象", "The config file \(path) is not a valid JSON object")
            }
            let unknown = Set(object.keys).subtracting(all.map(\.key)).sorted()
            guard unknown.isEmpty else {
                throw SettingsError(
                    "配置文件 \(path) 中没有这些设置：\(unknown.joined(separator: "、"))（见 vanguard serve --help）",
                    "The config file \(path) has keys that are no setting: \(unknown.joined(separator: ", ")) (see vanguard serve --help)")
            }
            let location = ConfigReader(provider: InMemoryProvider(values: ["filePath": ConfigValue(.string(path), isSecret: false)]))
            do { providers.append(try await FileProvider<JSONSnapshot>(config: location)) } catch {
                throw SettingsError("配置文件 \(path) 不是有效的JSON对象", "The config file \(path) is not a valid JSON object: \(error)")
            }
            layers.append(Set(object.filter { !($0.value is NSNull) }.keys))
        }
        return Settings(reader: ConfigReader(providers: providers), layers: layers)
    }

    /// Whether any layer sets `key`.
    func isSet(_ key: String) -> Bool { layers.contains { $0.contains(key) } }

    /// A setting's value, or nil when no source sets it.
    public func string(_ key: String) throws -> String? {
        try value(key) { try reader.requiredString(forKey: ConfigKey(stringLiteral: key), isSecret: key == "metricsToken") }
    }

    /// A whole-number setting, or its default.
    public func int(_ key: String) throws -> Int {
        try value(key) { try reader.requiredInt(forKey: ConfigKey(stringLiteral: key)) } ?? (Int(Self.defaultValue(key)) ?? 0)
    }

    /// A yes/no setting (`true`/`false`, `1`/`0`, `yes`/`no`), or its default.
    public func bool(_ key: String) throws -> Bool {
        try value(key) { try reader.requiredBool(forKey: ConfigKey(stringLiteral: key)) } ?? (Self.defaultValue(key) == "true")
    }

    /// The database: the strongest layer that names one decides — by `database`, or by `dataDir` (the
    /// SQLite file in that folder); so `--data-dir` wins over a `database` in the environment or file.
    public func databaseURL() throws -> String {
        let deciding = layers.first { $0.contains("database") || $0.contains("dataDir") }
        if let deciding, deciding.contains("database"), let url = try string("database"), !url.isEmpty { return url }
        return Self.sqliteURL(dataDir: try string("dataDir"))
    }

    /// The SQLite file in a data folder (the default folder when nil).
    public static func sqliteURL(dataDir: String?) -> String {
        "sqlite:" + URL(fileURLWithPath: dataDir ?? defaultValue("dataDir")).appendingPathComponent("vanguard.sqlite").path
    }

    /// The read replica's URL, if one is set; only beside a PostgreSQL primary.
    public func readReplicaURL() throws -> String? {
        guard let url = try string("readReplica"), !url.isEmpty else { return nil }
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else { throw Self.invalid("readReplica", "postgres://… expected") }
        guard try databaseURL().hasPrefix("postgres") else {
            throw SettingsError(
                "只读副本（readReplica）只能配合 PostgreSQL 主库使用", "A read replica (readReplica) needs a PostgreSQL primary (database postgres://…)")
        }
        return url
    }

    public func logLevel() throws -> Logger.Level {
        let text = (try string("logLevel") ?? Self.defaultValue("logLevel")).lowercased()
        guard let level = Logger.Level(rawValue: text) else { throw Self.invalid("logLevel", "\(text)") }
        return level
    }

    public func jsonLogs() throws -> Bool {
        let text = (try string("logFormat") ?? Self.defaultValue("logFormat")).lowercased()
        guard text == "text" || text == "json" else { throw Self.invalid("logFormat", text) }
        return text == "json"
    }

    /// What the server runs with.
    public func appConfiguration(migrate: Bool = true) throws -> AppConfiguration {
        let port = try int("port")
        guard (1...65535).contains(port) else { throw Self.invalid("port", "\(port)") }
        return AppConfiguration(
            host: try string("host") ?? Self.defaultValue("host"), port: port, databaseURL: try databaseURL(), readReplicaURL: try readReplicaURL(),
            migrate: migrate, jsonLogs: try jsonLogs(),
            logLevel: try logLevel(), metricsToken: try string("metricsToken").flatMap { $0.isEmpty ? nil : $0 },
            idleTimeoutSeconds: Int64(try positive("idleTimeout")), bodyStallSeconds: Int64(try positive("bodyStallSeconds")),
            ballotWaitSeconds: Int64(max(0, try int("ballotWaitSeconds"))), sessionIdleMinutes: Int64(try positive("sessionIdleMinutes")),
            secureCookies: try bool("secureCookies"), passwordMaxAgeDays: max(0, try int("passwordMaxAgeDays")))
    }

    func positive(_ key: String) throws -> Int {
        let n = try int(key)
        guard n > 0 else { throw Self.invalid(key, "\(n)") }
        return n
    }

    static func defaultValue(_ key: String) -> String { all.first { $0.key == key }?.defaultValue ?? "" }

    static func invalid(_ key: String, _ text: String) -> SettingsError {
        let env = all.first { $0.key == key }?.environment ?? key
        return SettingsError("设置 \(key)（\(env)）的值无效：\(text)", "Setting \(key) (\(env)) is not valid: \(text)")
    }

    /// The value of `read`, nil when the setting is set nowhere, an error naming it when it is set but unreadable.
    func value<T>(_ key: String, _ read: () throws -> T) throws -> T? {
        guard isSet(key) else { return nil }
        do { return try read() } catch { throw Self.invalid(key, "\(error)") }
    }

    /// The settings table for `--help`: key, environment variable, default, meaning.
    public static var helpText: String {
        "设置 / Settings — flags > environment > config file (--config FILE, JSON, e.g. docs/vanguard.example.json) > defaults:\n"
            + all.map { "  \($0.key) (\($0.environment), default \($0.defaultValue.isEmpty ? "none" : $0.defaultValue)): \($0.help)" }.joined(separator: "\n")
            + "\n  The ballot key is read from the environment only, never the file: VANGUARD_BALLOT_KEY (base64) or VANGUARD_BALLOT_KEY_FILE."
    }
}

/// A setting that cannot be used, in both languages.
public struct SettingsError: Error, CustomStringConvertible {
    public let zh: String
    public let en: String
    init(_ zh: String, _ en: String) {
        self.zh = zh
        self.en = en
    }
    public var description: String { "\(zh) / \(en)" }
}
