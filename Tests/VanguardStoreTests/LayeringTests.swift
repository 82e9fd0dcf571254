import Foundation
import Testing
import VanguardStore

/// Services authorize and orchestrate; the SQL lives in repositories. These tests read the sources.
@Suite("分层")
struct LayeringTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// What building SQL looks like in Swift source (regular expressions): SQLKit builders, binds, and SQL
    /// keywords opening a string or a line of a multi-line one.
    static let sqlPatterns: [String] = [
        #"\bdb\.raw\("#, #"\.insert\(into:"#, #"\.update\(""#, #"\.delete\(from:"#, #"\.select\(\)"#, #"\bSQLQueryString\b"#, #"\bSQLBind\("#,
        #"\bSQLList\("#, #"\bSQLRaw\("#, #"\\\(bind:"#, #"\\\(unsafeRaw:"#, #""(SELECT|INSERT|UPDATE|DELETE) "#,
        #"^\s*(SELECT|INSERT INTO|UPDATE|DELETE FROM|WITH RECURSIVE)\s"#,
    ]

    /// The Swift files under `folder` (relative to the package root), at any depth, as paths relative to the root.
    static func swiftFiles(under folder: String) throws -> [String] {
        let directory = packageRoot.appendingPathComponent(folder)
        guard let walk = FileManager.default.enumerator(atPath: directory.path) else { return [] }
        return walk.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted().map { folder + "/" + $0 }
    }

    /// Each `file:line: source line` of `files` that builds SQL; comment lines are skipped.
    static func sqlLines(in files: [String], matching sources: [String] = sqlPatterns) throws -> [String] {
        let patterns = try sources.map { try Regex($0) }
        var hits: [String] = []
        for file in files {
            let text = try String(contentsOf: packageRoot.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if line.trimmingCharacters(in: .whitespaces).hasPrefix("//") { continue }
                for pattern in patterns where line.contains(pattern) {
                    hits.append("\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                    break
                }
            }
        }
        return hits
    }

    /// Where SQL may be written: a capability's repositories, projections and migrations, and the shared
    /// database, write-path, migration-runner and demo-generator code.
    static func mayHoldSQL(_ file: String) -> Bool {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        let shared = ["/Database/", "/WritePath/", "/Migrations/", "/Demo/"].contains { file.contains($0) }
        return shared || name.contains("Repository") || name.hasSuffix("Projection.swift") || name.contains(/^M[0-9]{3}/)
    }

    static let store = "Sources/VanguardStore"

    @Test("服务层不写SQL：能力文件夹里只有仓库、投影和迁移写 SQL，服务只做授权和编排")
    func servicesHoldNoSQL() throws {
        let files = try Self.swiftFiles(under: Self.store)
        let services = files.filter { !Self.mayHoldSQL($0) }
        #expect(services.filter { $0.hasSuffix("Service.swift") }.count > 15, "the services were not found under \(Self.packageRoot.path)")
        for hit in try Self.sqlLines(in: services) { Issue.record("SQL outside a repository (move it to one): \(hit)") }
    }

    @Test("服务层不写SQL：检查本身能认出仓库里的 SQL")
    func patternsRecognizeSQL() throws {
        let repositories = try Self.swiftFiles(under: Self.store).filter { $0.hasSuffix("Repository.swift") }
        #expect(try Self.sqlLines(in: repositories).count > 300)
    }

    /// Writing the audit log or an inbox directly, instead of recording an event.
    static let sideEffectPatterns = [#"AuditRepository\.append\("#, #"NotificationRepository\.send\("#]

    @Test("审计和提醒只由写入路径记下：服务记录领域事件，不直接写审计日志或站内提醒；写入路径里的投影才写")
    func auditAndNoticesFollowEvents() throws {
        let files = try Self.swiftFiles(under: Self.store)
        let writePath = files.filter { $0.contains("/WritePath/") }
        for hit in try Self.sqlLines(in: files.filter { !writePath.contains($0) }, matching: Self.sideEffectPatterns) {
            Issue.record("a service writes a projection's rows itself (record a DomainEvent with WritePath.record): \(hit)")
        }
        #expect(try Self.sqlLines(in: writePath, matching: Self.sideEffectPatterns).count == 2)
    }

    @Test("迁移按全库统一的编号排列：每个能力登记自己的迁移，编号从 1 起连续、不重复")
    func migrationsAreNumberedOnce() {
        #expect(allMigrations.map(\.version) == Array(1...allMigrations.count))
        #expect(Set(allMigrations.map(\.name)).count == allMigrations.count)
    }
}
