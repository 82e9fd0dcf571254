import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresKit
import PostgresNIO
import SQLKit

/// 只读副本: a hot standby's pool, and whether it can serve now. A read it cannot serve — down, not
/// yet replayed to the client's last write, or cancelled by a conflict with recovery — is answered
/// by the primary instead (`nil`), so a replica going away costs latency, never an error. Whenever
/// it answers after being away (and the first time), it is asked whether it is still a standby: a
/// server that is not (promoted, or a wrong address) would not hold the primary's writes.
final class PostgresReplica: Sendable {
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    /// Not yet asked: the first read asks (`open` asks at start, and this is what a replica that could
    /// not be reached then starts from).
    private let health = NIOLockedValueBox(Health.down(until: 0))

    enum Health: Equatable {
        case up
        /// Unreachable: reads skip it until then (uptime nanoseconds), then one read probes it.
        case down(until: UInt64)
        case probing
        /// It answered and is not a standby: never read from again (until the server restarts).
        case refused
    }

    /// What `admit` lets a read do: read, or first ask whether the server is (still) a standby.
    enum Admission { case read, probe }

    /// How long a read waits for a replica connection before the primary answers it (a stopped
    /// replica refuses at once; a vanished host would otherwise hold the read for the connect timeout).
    static let leaseTimeout: Duration = .milliseconds(500)
    /// How long an unreachable replica is left alone before one read tries it again.
    static let downNanos: UInt64 = 3_000_000_000

    init(client: PostgresClient, runner: Task<Void, Never>, logger: Logger) {
        self.client = client
        self.runner = runner
        self.logger = logger
    }

    /// A value the replica served (a read may itself return nil).
    struct Served<T: Sendable>: Sendable { let value: T }

    /// Runs the read on the replica if it is up and has replayed `floor`; nil when the primary must.
    func read<T: Sendable>(
        after floor: WALPosition?, begin: String, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws
        -> Served<T>?
    {
        guard let admission = admit() else { return nil }
        do {
            let served = try await leased { connection -> Served<T>? in
                try await self.unlessClosed(connection) {
                    let db = connection.eagerSQL()
                    if admission == .probe, try await !Self.inRecovery(db) { throw NotAStandby() }
                    if let floor {
                        // Read-your-writes: has the replica replayed the client's last commit? (And is it still a
                        // standby: a promoted one stops replaying, and would never catch up with the old primary.)
                        guard
                            let row = try await db.raw(
                                "SELECT COALESCE(pg_last_wal_replay_lsn() >= \(bind: floor.description)::pg_lsn, false) AS ok, pg_is_in_recovery() AS standby"
                            ).first()
                        else { return nil }
                        guard try row.decode(column: "standby", as: Bool.self) else { throw NotAStandby() }
                        guard try row.decode(column: "ok", as: Bool.self) else { return nil }
                    }
                    return Served(value: try await ReadTransaction.run(on: db, begin: begin, abandoned: { Self.classify($0) == .unreachable }, body))
                }
            }
            reachable()
            return served
        } catch {
            switch Self.classify(error) {
            case .unreachable:
                unreachable(error)
                return nil
            case .conflict:
                reachable()
                return nil
            case .notAStandby:
                refuse()
                return nil
            case .answer:
                reachable()
                throw error
            }
        }
    }

    /// Whether the server at `config` is a standby, asked once on a connection of its own; nil when it
    /// cannot be reached within `deadline`. `open` asks this way rather than through the pool: the pool
    /// retries a refused connection until the lease's deadline (a standby that is down would hold the
    /// start that long), while one connection is refused at once; and the deadline is longer than a
    /// read's lease, since on a loaded machine a replica that answers may take more than half a second.
    /// A host that drops packets silently holds the start for the whole deadline (the question is given
    /// up then, connected or not: an answer that never comes is no answer).
    static func isStandby(_ config: PostgresClient.Configuration, within deadline: Duration, logger: Logger) async -> Bool? {
        guard let host = config.host else { return nil }
        var connect = PostgresConnection.Configuration(
            host: host, port: config.port ?? 5432, username: config.username, password: config.password, database: config.database, tls: .disable)
        connect.options.additionalStartupParameters = config.options.additionalStartupParameters
        connect.options.connectTimeout = TimeAmount(deadline)
        let configuration = connect
        let answer = NIOLockedValueBox<CheckedContinuation<Bool?, Never>?>(nil)
        @Sendable func give(_ standby: Bool?) {
            let waiting = answer.withLockedValue { a in
                defer { a = nil }
                return a
            }
            waiting?.resume(returning: standby)
        }
        return await withCheckedContinuation { (waiting: CheckedContinuation<Bool?, Never>) in
            answer.withLockedValue { $0 = waiting }
            Task {
                do {
                    let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
                    let standby: Result<Bool, any Error>
                    do { standby = .success(try await inRecovery(connection.eagerSQL())) } catch { standby = .failure(error) }
                    try? await connection.close()  // a connection must be closed before it is let go
                    give(try standby.get())
                } catch {
                    Self.warnUnreachable(error, logger)
                    give(nil)
                }
            }
            Task {
                try? await Task.sleep(for: deadline)
                give(nil)
            }
        }
    }

    /// It answered that it is not a standby: no read goes to it any more.
    var isRefused: Bool { health.withLockedValue { $0 == .refused } }

    /// What `open` learnt: a standby is read from at once, a server that is not one never; one that could
    /// not be asked is asked by the first read that reaches it (the health it starts with).
    func asked(standby: Bool?) {
        switch standby {
        case true?: health.withLockedValue { $0 = .up }
        case false?: refuse()
        case nil: break
        }
    }

    static func inRecovery(_ db: any SQLDatabase) async throws -> Bool {
        try await db.raw("SELECT pg_is_in_recovery() AS standby").first(decodingColumn: "standby", as: Bool.self) ?? false
    }

    func close() async {
        runner.cancel()
        await runner.value
    }

    // MARK: health

    private func admit() -> Admission? {
        let now = DispatchTime.now().uptimeNanoseconds
        return health.withLockedValue { h in
            switch h {
            case .up: return .read
            case .probing, .refused: return nil
            case .down(let until):
                guard now >= until else { return nil }
                h = .probing
                return .probe
            }
        }
    }

    private func reachable() {
        let was = health.withLockedValue { h in
            defer { if h != .refused { h = .up } }
            return h
        }
        if was != .up && was != .refused { logger.notice("只读副本已恢复 / the read replica answers again; reads return to it") }
    }

    private func unreachable(_ error: any Error) {
        let until = DispatchTime.now().uptimeNanoseconds + Self.downNanos
        let was = health.withLockedValue { h in
            defer { if h != .refused { h = .down(until: until) } }
            return h
        }
        if was == .up {
            Self.warnUnreachable(error, logger)
        }
    }

    /// Said once when the replica goes away (or cannot be asked at start), not for every read it misses.
    private static func warnUnreachable(_ error: any Error, _ logger: Logger) {
        logger.warning("只读副本不可用，读请求改由主库处理 / the read replica is unreachable, the primary answers reads: \(String(reflecting: error))")
    }

    private func refuse() {
        let was = health.withLockedValue { h in
            defer { h = .refused }
            return h
        }
        if was != .refused {
            logger.error(
                "只读副本不是热备库（pg_is_in_recovery() 为假），不再从它读取，读请求由主库处理 / the read replica is not a hot standby (pg_is_in_recovery() is false): it is not read from, the primary answers reads"
            )
        }
    }

    /// The replica answered that it is not in recovery.
    struct NotAStandby: Error, CustomStringConvertible {
        var description: String { "the read replica is not a hot standby" }
    }

    enum Failure { case unreachable, conflict, notAStandby, answer }

    /// What a replica's error means: it is gone (try the primary, leave it alone a while), the standby
    /// cancelled the read to replay WAL (SQLSTATE 40001 "conflict with recovery") or is not accepting
    /// reads yet (57P03, 57P01 at shutdown) — try the primary —, or it is the read's own answer.
    static func classify(_ error: any Error) -> Failure {
        if error is NotAStandby { return .notAStandby }
        if error is LeaseTimeout || error is LeaseFailed || error is ConnectionLost { return .unreachable }
        guard let e = error as? PSQLError else { return .answer }
        switch e.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed: return .unreachable
        case .server:
            switch e.serverInfo?[.sqlState] ?? "" {
            case "57P01", "57P02", "57P03", "08006", "08003", "08000": return .unreachable
            case "40001", "40P01": return .conflict
            default: return .answer
            }
        default: return .answer
        }
    }

    /// The pool gave no connection (refused, starting up, its circuit breaker open): the read never ran.
    struct LeaseFailed: Error, CustomStringConvertible {
        let underlying: any Error
        var description: String { "no replica connection: \(String(reflecting: underlying))" }
    }

    struct LeaseTimeout: Error, CustomStringConvertible {
        var description: String { "no replica connection within \(PostgresReplica.leaseTimeout)" }
    }

    struct ConnectionLost: Error, CustomStringConvertible {
        var description: String { "the replica closed the connection during the read" }
    }

    /// One close callback per connection (registered on its first read), calling whatever reads are
    /// on it then: a callback per read would pile up on a pooled connection until it closes.
    private let onClose = NIOLockedValueBox<[Int: [UInt64: @Sendable () -> Void]]>([:])

    /// `work` on `connection`, given up as soon as the connection closes. When the standby stops, a
    /// statement sent as it ends the connection was at times never answered; the read then waited
    /// forever instead of going to the primary.
    func unlessClosed<R: Sendable>(_ connection: PostgresConnection, _ work: @escaping @Sendable () async throws -> R) async throws -> R {
        let answered = NIOLockedValueBox(false)
        @Sendable func first() -> Bool {
            answered.withLockedValue { a in
                defer { a = true }
                return !a
            }
        }
        let token = UInt64.random(in: 0...UInt64.max)
        let key = connection.id
        defer { onClose.withLockedValue { _ = $0[key]?.removeValue(forKey: token) } }
        return try await withCheckedThrowingContinuation { (answer: CheckedContinuation<R, any Error>) in
            let task = Task {
                let result: Result<R, any Error>
                do { result = .success(try await work()) } catch { result = .failure(error) }
                if first() { answer.resume(with: result) }
            }
            let isNew = onClose.withLockedValue { watching in
                let isNew = watching[key] == nil
                watching[key, default: [:]][token] = {
                    if first() {
                        task.cancel()
                        answer.resume(throwing: ConnectionLost())
                    }
                }
                return isNew
            }
            if isNew {
                connection.closeFuture.whenComplete { [onClose] _ in
                    for reader in (onClose.withLockedValue { $0.removeValue(forKey: key) } ?? [:]).values { reader() }
                }
            }
        }
    }

    private enum Lease { case waiting, leased, finished }

    /// `body` on a replica connection, if one is leased within `leaseTimeout`. The lease runs in a task
    /// of its own that nobody waits for once the time is up: a pool whose server just went away did not
    /// always give up a waiting lease when cancelled, and a read awaiting it hung.
    private func leased<R: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> R) async throws -> R {
        let state = NIOLockedValueBox(Lease.waiting)
        return try await withCheckedThrowingContinuation { (answer: CheckedContinuation<R, any Error>) in
            let work = Task {
                do {
                    let value = try await self.client.withConnection { connection in
                        let mine = state.withLockedValue { s in
                            guard s == .waiting else { return false }
                            s = .leased
                            return true
                        }
                        guard mine else { throw LeaseTimeout() }  // too late: the connection goes back to the pool
                        return try await body(connection)
                    }
                    if state.withLockedValue({ s in
                        defer { s = .finished }; return s == .leased
                    }) {
                        answer.resume(returning: value)
                    }
                } catch {
                    // Before the lease the read never ran: whatever the pool said, the replica is unreachable.
                    let was = state.withLockedValue { s in
                        defer { s = .finished }
                        return s
                    }
                    if was == .waiting { answer.resume(throwing: LeaseFailed(underlying: error)) }
                    if was == .leased { answer.resume(throwing: error) }
                }
            }
            Task {
                try? await Task.sleep(for: Self.leaseTimeout)
                let expired = state.withLockedValue { s in
                    guard s == .waiting else { return false }
                    s = .finished
                    return true
                }
                if expired {
                    work.cancel()
                    answer.resume(throwing: LeaseTimeout())
                }
            }
        }
    }
}
