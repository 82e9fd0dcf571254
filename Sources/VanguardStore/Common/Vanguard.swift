import Logging
import VanguardCore

/// The application's services over one database: what the server, the CLI and the tests share. Each
/// capability declares its services on it (`vanguard.commitments` …) in its own `<Name>Capability.swift`.
public struct Vanguard: Sendable {
    public let backend: any DatabaseBackend
    public let time: any TimeSource
    /// Shared by every copy of this value, so concurrent voters' ballots are counted together.
    let ballots: BallotBatcher
    let ballotKey: BallotKey
    /// 口令最长使用天数 (0: no expiry), a setting of the server (`--password-max-age-days`).
    public var passwordMaxAgeDays = 0

    /// `minimumBallotBatch`: a round's ballots are committed this many at a time, or at close (k of
    /// the anonymity argument in docs/security.md).
    public init(backend: any DatabaseBackend, time: any TimeSource = SystemTime(), ballotKey: BallotKey = .ephemeral, minimumBallotBatch: Int = 10) {
        self.backend = backend
        self.time = time
        self.ballotKey = ballotKey
        self.ballots = BallotBatcher(backend: backend, minimumBatch: minimumBallotBatch)
    }

    /// Opens the database at `url` and applies pending migrations unless told not to.
    public static func open(
        url: String, readReplicaURL: String? = nil, migrate: Bool = true, time: any TimeSource = SystemTime(), minimumBallotBatch: Int = 10,
        logger: Logger
    ) async throws -> Vanguard {
        let backend = try await openBackend(url: url, readReplicaURL: readReplicaURL, logger: logger)
        do {
            let key = try BallotKey.load(databaseURL: url)
            if migrate { try await MigrationRunner(backend: backend).migrate(now: time.nowMillis()) }
            try await key.rekey(backend)
            try await AuditChain.chainExisting(backend)
            try await backend.schemaSettled()
            return Vanguard(backend: backend, time: time, ballotKey: key, minimumBallotBatch: minimumBallotBatch)
        } catch {
            try? await backend.close()
            throw error
        }
    }

    static func openBackend(url: String, readReplicaURL: String? = nil, logger: Logger) async throws -> any DatabaseBackend {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            return try await PostgresBackend.open(url: url, replicaURL: readReplicaURL, logger: logger)
        }
        guard readReplicaURL == nil else { throw StoreError.badDatabaseURL("--read-replica: 只能配合 PostgreSQL 主库 / needs a PostgreSQL primary") }
        if url.hasPrefix("sqlite:") { return try await SQLiteBackend.open(path: String(url.dropFirst("sqlite:".count)), logger: logger) }
        throw StoreError.badDatabaseURL(url)
    }

    public func close() async throws { try await backend.close() }
}
