import Crypto
import Foundation
import SQLKit

/// 审计记录防篡改: each audit record carries `hash = SHA-256(seq, prev_hash, its fields)`, so editing
/// a record breaks its own hash, deleting one leaves a gap in `seq`, inserting one breaks the next
/// record's `prev_hash`, and cutting the tail disagrees with `audit_head`. Someone able to rewrite the
/// whole chain could hide it; the head printed by `vanguard audit verify` is what an operator keeps
/// elsewhere to catch that too (docs/security.md).
public enum AuditChain {
    static func hash(seq: Int64, prev: String, _ e: AuditEntry) -> String {
        let fields = [String(seq), prev, String(e.at), e.actor, e.action, e.targetType, e.targetID.map(String.init) ?? "", e.summary]
        return SHA256.hash(data: Data(fields.joined(separator: "\u{1F}").utf8)).hex
    }

    /// Chains records written before the chain existed, in their order.
    static func chainExisting(_ backend: any DatabaseBackend) async throws {
        while true {
            let done = try await backend.write { db -> Bool in
                let rows = try await db.raw("SELECT * FROM audit_log WHERE hash IS NULL ORDER BY id LIMIT 1000").all()
                for row in rows {
                    let head = try await AuditRepository.advance(db)
                    let e = try AuditRepository.entry(row)
                    let h = hash(seq: head.seq, prev: head.prev, e)
                    try await db.raw(
                        "UPDATE audit_log SET seq = \(bind: head.seq), prev_hash = \(bind: head.prev), hash = \(bind: h) WHERE id = \(bind: try row.int64("id"))"
                    ).run()
                    try await db.raw("UPDATE audit_head SET last_hash = \(bind: h) WHERE id = 1").run()
                }
                return rows.count < 1000
            }
            if done { return }
        }
    }

    /// What `verify` found: the first broken record, or the head when the chain is whole.
    public enum Finding: Sendable, Equatable, CustomStringConvertible {
        case whole(records: Int64, head: String)
        case edited(seq: Int64)
        case deleted(afterSeq: Int64)
        case inserted(atSeq: Int64)
        case unchained(id: Int64)

        public var description: String {
            switch self {
            case .whole(let n, let head): "审计记录完整：\(n) 条，链头 \(head) / audit log whole: \(n) records, head \(head)"
            case .edited(let s): "审计记录 \(s) 被修改 / audit record \(s) was edited"
            case .deleted(let s): "审计记录 \(s) 之后有记录被删除 / records after audit record \(s) were deleted"
            case .inserted(let s): "审计记录 \(s) 处有记录被插入或替换 / a record was inserted or replaced at audit record \(s)"
            case .unchained(let id): "审计记录 id \(id) 不在链中（被插入）/ audit row id \(id) is outside the chain (inserted)"
            }
        }

        public var isWhole: Bool { if case .whole = self { true } else { false } }
    }

    /// Walks the chain in `seq` order, 5,000 records at a time, and names the first break.
    public static func verify(_ backend: any DatabaseBackend) async throws -> Finding {
        try await backend.read { db in
            if let stray = try await db.raw("SELECT id FROM audit_log WHERE seq IS NULL OR hash IS NULL ORDER BY id LIMIT 1").first(
                decodingColumn: "id", as: Int64.self)
            {
                return .unchained(id: stray)
            }
            var expected: Int64 = 1
            var prev = ""
            while true {
                let rows = try await db.raw("SELECT * FROM audit_log WHERE seq >= \(bind: expected) ORDER BY seq LIMIT 5000").all()
                for row in rows {
                    let seq = try row.int64("seq")
                    if seq > expected { return .deleted(afterSeq: expected - 1) }
                    let e = try AuditRepository.entry(row)
                    if try row.string("prev_hash") != prev { return .inserted(atSeq: seq) }
                    let h = try row.string("hash")
                    if hash(seq: seq, prev: prev, e) != h { return .edited(seq: seq) }
                    prev = h
                    expected += 1
                }
                if rows.count < 5000 { break }
            }
            let head = try await db.raw("SELECT seq, last_hash FROM audit_head WHERE id = 1").first()
            let headSeq = try head?.int64("seq") ?? 0
            let headHash = try head?.string("last_hash") ?? ""
            if headSeq > expected - 1 || headHash != prev { return .deleted(afterSeq: expected - 1) }
            return .whole(records: expected - 1, head: prev)
        }
    }
}
