import SQLKit
import Synchronization
import VanguardStore

/// A database that counts the transactions opened on it — writes committed or not, and reads — and
/// passes everything through to the real one: how the read-only tests see that a GET wrote nothing, and
/// the page tests that a page loads its model in one read.
public final class WriteCountingBackend: DatabaseBackend {
    let base: any DatabaseBackend
    private let opened = Mutex(0)
    private let readsOpened = Mutex(0)

    public init(_ base: any DatabaseBackend) { self.base = base }

    /// Write transactions opened so far.
    public var writes: Int { opened.withLock { $0 } }
    /// Read transactions opened so far.
    public var reads: Int { readsOpened.withLock { $0 } }

    public var engine: DatabaseEngine { base.engine }
    public var committedWrites: Int { base.committedWrites }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        readsOpened.withLock { $0 += 1 }
        return try await base.read(body)
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        opened.withLock { $0 += 1 }
        return try await base.write(body)
    }

    public func maintain(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        opened.withLock { $0 += 1 }
        try await base.maintain(body)
    }

    public func close() async throws { try await base.close() }
    public func forgetHistory() async { await base.forgetHistory() }

    public func writeForgetting<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        opened.withLock { $0 += 1 }
        return try await base.writeForgetting(body)
    }
}
