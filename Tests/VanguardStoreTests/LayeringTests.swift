import Foundation
import Testing

/// Services authorize and orchestrate; the SQL lives in `Repositories/`. These tests read the sources.
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

    /// Each `file:line: source line` in `folder` (relative to the package root) that builds SQL; comment lines are skipped.
    static func sqlLines(in folder: String, matching sources: [String] = sqlPatterns) throws -> [String] {
        let directory = packageRoot.appendingPathComponent(folder)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".swift") }.sorted()
        let patterns = try sources.map { try Regex($0) }
        var hits: [String] = []
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if line.trimmingCharacters(in: .whitespaces).hasPrefix("//") { continue }
                for pattern in patterns where line.contains(pattern) {
                    hits.append("\(folder)/\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                    break
                }
            }
        }
        return hits
    }

    @Test("服务层不写SQL：Services/ 下没有 SQL 文本，SQL 都在 Repositories/ 里")
    func servicesHoldNoSQL() throws {
        let services = "Sources/VanguardStore/Services"
        let swiftFiles = try FileManager.default.contentsOfDirectory(atPath: Self.packageRoot.appendingPathComponent(services).path)
            .filter { $0.hasSuffix(".swift") }
        #expect(swiftFiles.count > 10, "the services folder was not found under \(Self.packageRoot.path)")
        for hit in try Self.sqlLines(in: services) { Issue.record("SQL in a service (move it to a repository): \(hit)") }
    }

    @Test("服务层不写SQL：检查本身能认出仓库里的 SQL")
    func patternsRecognizeSQL() throws {
        #expect(try Self.sqlLines(in: "Sources/VanguardStore/Repositories").count > 50)
    }

    /// Writing the audit log or an inbox directly, instead of recording an event.
    static let sideEffectPatterns = [#"AuditRepository\.append\("#, #"NotificationRepository\.send\("#]

    @Test("审计和提醒只由写入路径记下：服务记录领域事件，不直接写审计日志或站内提醒；写入路径里的投影才写")
    func auditAndNoticesFollowEvents() throws {
        let folders = ["Sources/VanguardStore/Services", "Sources/VanguardStore/Demo", "Sources/VanguardStore/Repositories"]
        for hit in try folders.flatMap({ try Self.sqlLines(in: $0, matching: Self.sideEffectPatterns) }) {
            Issue.record("a service writes a projection's rows itself (record a DomainEvent with WritePath.record): \(hit)")
        }
        #expect(try Self.sqlLines(in: "Sources/VanguardStore/WritePath", matching: Self.sideEffectPatterns).count == 2)
    }
}
