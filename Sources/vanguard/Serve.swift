import ArgumentParser
import Foundation
import Hummingbird
import Logging
import VanguardServer
import VanguardStore

/// `vanguard serve`: runs the server until SIGINT or SIGTERM, then drains and closes the database.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "启动服务器 / Run the server", discussion: Settings.helpText)

    @OptionGroup var store: StoreOptions
    @OptionGroup var server: ServerOptions
    @Flag(help: "Do not apply pending migrations on start") var noMigrate = false

    func run() async throws {
        let config = try await server.configuration(store, migrate: !noMigrate)
        let app = try await buildApplication(config)
        try await app.runService()
    }
}

/// `vanguard migrate`: applies pending migrations and says what it did.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "执行数据库迁移 / Apply pending migrations")
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let vanguard = try await store.open(migrate: false)
        let applied = try await MigrationRunner(backend: vanguard.backend).migrate(now: SystemTime().nowMillis())
        try await vanguard.close()
        if applied.isEmpty {
            print("没有待执行的迁移 / no pending migrations")
        } else {
            for m in applied { print("已执行迁移 / applied migration \(m)") }
        }
    }
}
