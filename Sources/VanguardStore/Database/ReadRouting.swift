import NIOConcurrencyHelpers

/// 读写分离: what one HTTP request may read from a PostgreSQL read replica. The server opens one for
/// each request when a replica is configured; reads outside a request (the CLI, reminder sweeps, the
/// write path's own reads) never leave the primary.
///
/// Read-your-writes: the request carries the WAL position of its client's last write (`floor`, from a
/// cookie or the `Vanguard-LSN` header), and a write in the request raises it to its commit's position.
/// A read goes to the replica only once the replica has replayed that far; until then, to the primary.
public final class ReadRouting: Sendable {
    @TaskLocal public static var current: ReadRouting?

    private let state: NIOLockedValueBox<(floor: WALPosition?, written: WALPosition?)>

    public init(floor: WALPosition?) { state = .init((floor, nil)) }

    /// The position a read must see: the client's last write, or this request's.
    public var floor: WALPosition? {
        state.withLockedValue { s in [s.floor, s.written].compactMap { $0 }.max() }
    }

    /// This request's last commit, if it wrote (the server hands it back to the client).
    public var written: WALPosition? { state.withLockedValue { $0.written } }

    func wrote(_ position: WALPosition) {
        state.withLockedValue { s in s.written = max(s.written ?? position, position) }
    }
}

/// A position in PostgreSQL's write-ahead log (`pg_lsn`, spelled `16/B374D848`).
public struct WALPosition: Sendable, Comparable, CustomStringConvertible {
    public let value: UInt64

    public init(_ value: UInt64) { self.value = value }

    /// Parses `X/Y` (each at most 8 hex digits); anything else is nil. It comes from the client: bounded.
    public init?(_ text: Substring) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ (1...8).contains($0.count) }),
            let high = UInt64(parts[0], radix: 16), let low = UInt64(parts[1], radix: 16)
        else { return nil }
        value = high << 32 | low
    }

    public var description: String { String(value >> 32, radix: 16, uppercase: true) + "/" + String(value & 0xFFFF_FFFF, radix: 16, uppercase: true) }

    public static func < (a: WALPosition, b: WALPosition) -> Bool { a.value < b.value }
}
