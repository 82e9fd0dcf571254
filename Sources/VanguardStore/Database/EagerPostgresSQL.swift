import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit

extension PostgresConnection {
    /// The connection as SQLKit's database, taking each result's rows as they arrive. PostgresKit's own
    /// `sql()` reads a result as an async sequence with back-pressure: between two batches of rows the
    /// connection holds NIO's read until the consumer asks for more. If the server closes the connection
    /// then (a standby or primary shutting down, `pg_terminate_backend`), NIO still delivers the bytes
    /// and a read-complete, and PostgresNIO 1.33 stops the process on a precondition
    /// (`RowStreamStateMachine.channelReadComplete`, "How can we receive a body part, after a
    /// channelReadComplete, but no read has been forwarded yet"). The callback query asks for the next
    /// batch as soon as it has the last one, so the read is never held. The callback runs on the
    /// connection's event loop: for `all()` and `first()` it appends a row, a rebuild's
    /// `ContributionStream` sums its rows there. A query so started runs to its end even if its task is
    /// cancelled.
    /// `ReadReplicaTests.aReplicaStoppedMidRunCostsNoRead` stops a standby under results of many batches.
    func eagerSQL() -> some SQLDatabase { EagerPostgresSQL(base: sql()) }
}

/// `PostgresConnection.eagerSQL()`: PostgresKit's database with the async `execute` answered by its
/// callback one.
struct EagerPostgresSQL<Base: SQLDatabase>: SQLDatabase {
    let base: Base

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await base.execute(sql: query, onRow).get()
    }
}
