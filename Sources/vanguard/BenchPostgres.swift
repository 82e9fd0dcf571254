import Foundation
import Logging
import SQLKit
import VanguardCore
import VanguardStore

extension Bench {
    /// The member import into PostgreSQL, against `COPY` of the same CSV into a bare table (psql's
    /// `\copy`, the way an operator loads a file): both into a fresh schema of `url`, dropped afterwards.
    /// The city's organizations are imported first, through the importer, so that every row's code exists.
    static func postgresImport(
        from city: Vanguard, url: String, csv: Data, csvPath: String, rows: Int, logger: Logger
    ) async throws -> (rowsPerSecond: Double, vsCopy: Double) {
        let schema = "bench_\(UInt32.random(in: 0...UInt32.max))"
        let admin = try await PostgresBackend.open(url: url, logger: logger)
        try await admin.write { db in try await db.exec("CREATE SCHEMA \(schema)") }
        do {
            let scoped = url + (url.contains("?") ? "&" : "?") + "search_path=" + schema
            let pg = try await Vanguard.open(url: scoped, logger: logger)
            let result: (Double, Double)
            do { result = try await measure(pg, schema: schema, from: city, url: url, csv: csv, csvPath: csvPath, rows: rows) } catch {
                try? await pg.close()
                throw error
            }
            try await pg.close()
            try await admin.write { db in try await db.exec("DROP SCHEMA \(schema) CASCADE") }
            try await admin.close()
            return result
        } catch {
            try? await admin.write { db in try await db.exec("DROP SCHEMA \(schema) CASCADE") }
            try? await admin.close()
            throw fail("PostgreSQL 导入基准失败 / the PostgreSQL import bench failed: \(String(reflecting: error))")
        }
    }

    static func measure(
        _ pg: Vanguard, schema: String, from city: Vanguard, url: String, csv: Data, csvPath: String, rows: Int
    ) async throws -> (Double, Double) {
        // The root is made as an operator makes one; the file (root first, by path) brings the rest.
        let root = try await city.organizations.get(1, as: .system("bench"))
        _ = try await pg.organizations.create(parentID: nil, code: root.code, name: root.name, kind: root.kind, sector: root.sector, as: .system("bench"))
        let organizations = try await city.spreadsheets.export(kind: .organizations, organizationID: 1, format: .csv, as: .system("bench"))
        var lines = Array(try Data(contentsOf: organizations.url)).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        lines.remove(at: 1)
        let orgReport = try await pg.spreadsheets.importFile(
            Data(lines.joined(separator: [UInt8(ascii: "\n")])), kind: .organizations, as: .system("bench"))
        try? FileManager.default.removeItem(at: organizations.url)
        guard orgReport.problems.isEmpty else { throw fail("组织导入失败 / organizations failed: \(orgReport.problems.prefix(3))") }
        let t = Date()
        let report = try await pg.spreadsheets.importFile(csv, kind: .members, as: .system("bench"))
        let seconds = Date().timeIntervalSince(t)
        guard report.problems.isEmpty, report.created == rows else { throw fail("导入失败 / import failed: \(report.problems.prefix(3))") }

        // COPY of the same file into a bare table of text columns.
        let header = String(decoding: csv.prefix(while: { $0 != UInt8(ascii: "\n") }), as: UTF8.self).split(separator: ",")
        let columns = (0..<header.count).map { "c\($0) text" }.joined(separator: ", ")
        try psql(url, ["SET search_path TO \(schema)", "CREATE TABLE bare (\(columns))"])
        let started = Date()  // psql's own start and connection are counted against COPY
        try psql(url, ["SET search_path TO \(schema)", "\\copy bare FROM '\(csvPath)' WITH (FORMAT csv, HEADER true)"])
        let copySeconds = Date().timeIntervalSince(started)
        return (Double(rows) / seconds, copySeconds / seconds)
    }

    static func psql(_ url: String, _ commands: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["psql", "-q", "-v", "ON_ERROR_STOP=1", url] + commands.flatMap { ["-c", $0] }
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw fail("psql 失败 / psql failed: \(commands.last ?? "")") }
    }
}
