import ArgumentParser
import Foundation
import Hummingbird
import VanguardCore
import VanguardServer
import VanguardStore

/// `vanguard demo`: creates the demo city (once; `--reset` makes it anew), sets the demo
/// passwords, prints where to log in, and serves it.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "生成并运行演示城市 / Create the demo city and serve it", discussion: Settings.helpText)

    @OptionGroup var store: StoreOptions
    @OptionGroup var server: ServerOptions
    @Option(help: "Password for admin and the demo accounts (default: a new random one each run)") var adminPassword: String?
    @Flag(help: "Delete the demo data and generate it again") var reset = false
    @Option(help: "Seed of the generator: the same seed makes the same city") var seed: UInt64 = 2010
    @Flag(help: "Generate and exit without serving") var noServe = false
    @Option(help: "city (≈12,000 organizations, 114,000 members) or small (a few hundred organizations, 4,000 members)") var scale = "city"

    func run() async throws {
        var config = try await server.configuration(store)
        // The demo's database is the one named on its own command line (or the default folder), never one
        // from the environment or a config file: the demo resets its accounts' passwords.
        config.databaseURL = store.database ?? Settings.sqliteURL(dataDir: store.dataDir)
        // --reset deletes the demo's own file only: the SQLite file in the data folder, never a database named by URL.
        if reset, store.database == nil {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: String(config.databaseURL.dropFirst("sqlite:".count)) + suffix) }
        }
        guard scale == "city" || scale == "small" else { throw fail("--scale 只能是 city 或 small / --scale must be city or small") }
        // The same rule as every password: a shorter one would be printed but refused at login.
        if let given = adminPassword, let problem = DemoCity.accountNames.lazy.compactMap({ PasswordPolicy.problem(given, username: $0) }).first {
            throw fail("--admin-password: \(problem.message.zh) / \(problem.message.en)")
        }
        let vanguard = try await Vanguard.open(url: config.databaseURL, migrate: true, logger: cliLogger)
        let password = adminPassword ?? Self.randomPassword()
        let started = Date()
        if try await DemoCity.isPopulated(vanguard) {
            print("使用已有的演示数据 / reusing the existing demo data at \(config.databaseURL)")
        } else {
            print("正在生成演示城市…… / generating the demo city…")
            let summary = try await DemoCity(seed: seed, memberTarget: scale == "small" ? 4_000 : 114_000, small: scale == "small").generate(
                into: vanguard, password: password)
            print(
                String(
                    format: "已生成 %d 个党组织、%d 名党员，用时 %.1f 秒 / generated in %.1f s", summary.organizations, summary.members,
                    Date().timeIntervalSince(started), Date().timeIntervalSince(started)))
        }
        releaseFreedMemory()
        for user in DemoCity.accountNames {
            do {
                try await vanguard.accounts.setPassword(username: user, password: password, as: .system("demo"))
            } catch let e as VanguardError where e.kind == .notFound {
                continue  // a demo account someone deleted stays deleted
            }
        }
        let url = "http://\(config.host):\(config.port)/"
        print(
            """

            先锋 Vanguard 演示城市已就绪 / the demo city is ready
              登录地址 / log in at:  \(url)login
              用户名 / username:     admin
              密码 / password:       \(password)
              其他演示账号 / other demo accounts (same password): \(DemoCity.accountNames.dropFirst().joined(separator: ", "))

            """)
        // Where to log in must show now, also when the output goes to a file or a log collector (block-buffered).
        fflush(nil)  // every output stream; naming `stdout` is not concurrency-safe in Swift 6
        if noServe {
            try await vanguard.close()
            return
        }
        let app = try await buildApplication(config, vanguard: vanguard)
        try await app.runService()
        try await vanguard.close()
    }

    /// Twelve characters that pass the password rules for every demo account.
    static func randomPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        while true {
            let candidate = String((0..<12).map { _ in alphabet.randomElement()! })
            if DemoCity.accountNames.allSatisfy({ PasswordPolicy.problem(candidate, username: $0) == nil }) { return candidate }
        }
    }
}
