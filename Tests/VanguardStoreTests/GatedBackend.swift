import NIOConcurrencyHelpers
import SQLKit
import VanguardStore

/// Holds whoever passes it until it is opened (then lets everyone through).
final class Gate: Sendable {
    private let state = NIOLockedValueBox<(open: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    func pass() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let go = state.withLockedValue { s -> Bool in
                if s.open { return true }
                s.waiting.append(c)
                return false
            }
            if go { c.resume() }
        }
    }

    func open() {
        let waiting = state.withLockedValue { s in
            s.open = true
            defer { s.waiting = [] }
            return s.waiting
        }
        for c in waiting { c.resume() }
    }
}

/// The real database, with each batch of ballots (`writeForgetting`) held at a gate: a test decides
/// what arrives while a batch is in the writer.
struct GatedBackend: DatabaseBackend {
    let base: any DatabaseBackend
    let gate: Gate

    var engine: DatabaseEngine { base.engine }
    var committedWrites: Int { base.committedWrites }
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T { try await base.read(body) }
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T { try await base.write(body) }
    func maintain(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws { try await base.maintain(body) }
    func close() async throws { try await base.close() }
    func forgetHistory() async { await base.forgetHistory() }

    func writeForgetting<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        await gate.pass()
        return try await base.writeForgetting(body)
    }
}
