import Foundation
import Logging
import SQLKit
import VanguardCore
import VanguardStore

/// The databases every store test runs on: SQLite always, PostgreSQL when
/// `VANGUARD_TEST_POSTGRES_URL` is set, and PostgreSQL with its hot standby as read replica when
/// `VANGUARD_TEST_POSTGRES_REPLICA_URL` is set too: then the whole test runs as one request of the
/// server would, its reads on the replica once it has replayed the test's own writes (the read/write
/// split, with read-your-writes, under every store test). When a URL is set and the server cannot be
/// reached, the tests fail — they are never skipped.
public enum TestDatabase: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite, postgres, replica

    public var description: String { rawValue }

    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["VANGUARD_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The standby of `postgresURL`'s server (`.ci/pg-replica`).
    public static var replicaURL: String? {
        ProcessInfo.processInfo.environment["VANGUARD_TEST_POSTGRES_REPLICA_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var enabled: [TestDatabase] {
        guard postgresURL != nil else { return [.sqlite] }
        return replicaURL == nil ? [.sqlite, .postgres] : [.sqlite, .postgres, .replica]
    }

    /// 2026-11-21 10:00 Beijing time: a fixed "now" so tests do not depend on the clock.
    public static let fixedTime = FixedTime(millis: 1_795_226_400_000)

    static let logger: Logger = {
        var l = Logger(label: "test")
        // VANGUARD_TEST_LOG_LEVEL=trace shows what PostgresNIO does, for a failure only a trace explains.
        l.logLevel = ProcessInfo.processInfo.environment["VANGUARD_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return l
    }()

    /// Runs `body` with a fresh, migrated database of this kind, and removes it afterwards. A PostgreSQL
    /// error comes out with its details (the server's message, SQLSTATE and the query): PostgresNIO's own
    /// description hides them, and a failure in CI must say what failed.
    public func withVanguard(time: any TimeSource = TestDatabase.fixedTime, _ body: (Vanguard) async throws -> Void) async throws {
        do { try await fresh(time: time, body) } catch  where String(describing: type(of: error)) == "PSQLError" {
            throw DatabaseFailure(details: String(reflecting: error))
        }
    }

    private func fresh(time: any TimeSource, _ body: (Vanguard) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vanguard-test-" + UUID().uuidString)
            defer { try? FileManager.default.removeItem(at: dir) }
            let vanguard = try await Vanguard.open(url: "sqlite:" + dir.appendingPathComponent("test.sqlite").path, time: time, logger: Self.logger)
            do { try await body(vanguard) } catch {
                try? await vanguard.close()
                throw error
            }
            try await vanguard.close()
        case .postgres, .replica:
            guard let url = Self.postgresURL else { throw TestSetupError.postgresNotConfigured }
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            let admin = try await PostgresBackend.open(url: url, logger: Self.logger)
            try await admin.write { db in try await db.exec("CREATE SCHEMA \(schema)") }
            let separator = url.contains("?") ? "&" : "?"
            do {
                var replica: String?
                if self == .replica {
                    guard let r = Self.replicaURL else { throw TestSetupError.postgresNotConfigured }
                    replica = r + (r.contains("?") ? "&" : "?") + "search_path=" + schema
                }
                let vanguard = try await Vanguard.open(url: url + separator + "search_path=" + schema, readReplicaURL: replica, time: time, logger: Self.logger)
                let routing = self == .replica ? ReadRouting(floor: nil) : nil
                do { try await ReadRouting.$current.withValue(routing) { try await body(vanguard) } } catch {
                    try? await vanguard.close()
                    throw error
                }
                try await vanguard.close()
            } catch {
                try? await admin.write { db in try await db.exec("DROP SCHEMA \(schema) CASCADE") }
                try? await admin.close()
                throw error
            }
            try await admin.write { db in try await db.exec("DROP SCHEMA \(schema) CASCADE") }
            try await admin.close()
        }
    }
}

public enum TestSetupError: Error {
    case postgresNotConfigured
}

/// A database error with everything the server said.
public struct DatabaseFailure: Error, CustomStringConvertible {
    public let details: String
    public var description: String { details }
}
