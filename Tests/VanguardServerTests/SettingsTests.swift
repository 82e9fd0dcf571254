import Configuration
import Foundation
import Testing
import VanguardServer

/// 设置: flags over `VANGUARD_*` environment over the config file over defaults, and a bad value is an
/// error naming the setting — an operator's typo never silently becomes the default.
@Suite("设置：命令行 > 环境变量 > 配置文件 > 默认值")
struct SettingsTests {
    static func file(_ json: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vanguard-settings-\(UUID().uuidString).json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("每一层都能设置，靠前的一层优先；没设的取默认值")
    func precedence() async throws {
        let path = try Self.file(
            #"{"port": 9001, "host": "0.0.0.0", "sessionIdleMinutes": 15, "secureCookies": true, "database": "sqlite:/tmp/from-file.sqlite"}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // the file alone
        let fromFile = try await Settings.load(file: path, environment: [:]).appConfiguration()
        #expect(fromFile.port == 9001 && fromFile.host == "0.0.0.0" && fromFile.sessionIdleMinutes == 15 && fromFile.secureCookies)
        #expect(fromFile.databaseURL == "sqlite:/tmp/from-file.sqlite")
        // the environment over the file, the file named by VANGUARD_CONFIG
        let env = ["VANGUARD_CONFIG": path, "VANGUARD_PORT": "9002", "VANGUARD_SESSION_IDLE_MINUTES": "20", "VANGUARD_SECURE_COOKIES": "0"]
        let fromEnv = try await Settings.load(environment: env).appConfiguration()
        #expect(fromEnv.port == 9002 && fromEnv.host == "0.0.0.0" && fromEnv.sessionIdleMinutes == 20 && !fromEnv.secureCookies)
        // flags over both
        let fromFlags = try await Settings.load(flags: ["port": .int(9003), "dataDir": .string("/srv/v")], environment: env).appConfiguration()
        #expect(fromFlags.port == 9003 && fromFlags.sessionIdleMinutes == 20)
        #expect(fromFlags.databaseURL == "sqlite:/srv/v/vanguard.sqlite", "--data-dir beats a database named by a weaker layer")
        let sameLayer = try await Settings.load(flags: ["database": .string("sqlite:/tmp/a.sqlite"), "dataDir": .string("/srv/v")], environment: [:])
        #expect(try sameLayer.databaseURL() == "sqlite:/tmp/a.sqlite", "in one layer, database wins over dataDir")
        // an empty variable is unset; on/off and upper-case values read as an operator means them
        let lenient = try await Settings.load(
            environment: ["VANGUARD_PORT": "", "VANGUARD_SECURE_COOKIES": "on", "VANGUARD_LOG_FORMAT": "JSON", "VANGUARD_LOG_LEVEL": "DEBUG"]
        ).appConfiguration()
        #expect(lenient.port == 8080 && lenient.secureCookies && lenient.jsonLogs && lenient.logLevel == .debug)
        // nothing set: the defaults
        let defaults = try await Settings.load(environment: [:]).appConfiguration()
        #expect(defaults.port == 8080 && defaults.host == "127.0.0.1" && defaults.sessionIdleMinutes == 30 && defaults.passwordMaxAgeDays == 0)
        #expect(defaults.databaseURL.hasSuffix("vanguard-data/vanguard.sqlite") && defaults.databaseURL.hasPrefix("sqlite:/"))
        #expect(defaults.metricsToken == nil && defaults.logLevel == .info && !defaults.jsonLogs)
    }

    @Test("设置了却读不出来的值报错并指出是哪一项，不悄悄取默认值")
    func badValuesNameTheSetting() async throws {
        for (env, key) in [
            (["VANGUARD_PORT": "eighty"], "port"), (["VANGUARD_PORT": "70000"], "port"), (["VANGUARD_LOG_LEVEL": "loud"], "logLevel"),
            (["VANGUARD_SECURE_COOKIES": "perhaps"], "secureCookies"), (["VANGUARD_SESSION_IDLE_MINUTES": "0"], "sessionIdleMinutes"),
            (["VANGUARD_LOG_FORMAT": "xml"], "logFormat"),
        ] {
            do {
                _ = try await Settings.load(environment: env).appConfiguration()
                Issue.record("\(env) was accepted")
            } catch let e as SettingsError {
                #expect(e.zh.contains(key) && e.en.contains(key), "\(e)")
            }
        }
        let broken = try Self.file("{ port: ")
        defer { try? FileManager.default.removeItem(atPath: broken) }
        await #expect(throws: SettingsError.self) { _ = try await Settings.load(file: broken, environment: [:]) }
        await #expect(throws: SettingsError.self) { _ = try await Settings.load(file: "/nonexistent/vanguard.json", environment: [:]) }
        // a key that is no setting (a typo) is refused, naming it
        let typo = try Self.file(#"{"port": 9001, "secure_cookies": true}"#)
        defer { try? FileManager.default.removeItem(atPath: typo) }
        do {
            _ = try await Settings.load(file: typo, environment: [:])
            Issue.record("a misspelled key was accepted")
        } catch let e as SettingsError {
            #expect(e.zh.contains("secure_cookies") && e.en.contains("secure_cookies"))
        }
    }

    @Test("帮助文字列出每一项设置、它的环境变量和默认值")
    func helpListsEverySetting() {
        for s in Settings.all { #expect(Settings.helpText.contains(s.key) && Settings.helpText.contains(s.environment)) }
        #expect(Settings.all.first { $0.key == "sessionIdleMinutes" }?.environment == "VANGUARD_SESSION_IDLE_MINUTES")
        #expect(Settings.all.first { $0.key == "passwordMaxAgeDays" }?.environment == "VANGUARD_PASSWORD_MAX_AGE_DAYS")
    }
}
