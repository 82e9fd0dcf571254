import SQLKit
import VanguardCore

/// SQL for the one-time codes of 群众评议, stored by their keyed hash only (`BallotKey`).
enum BallotCodeRepository {
    /// Stores new unused codes of a round, in the order given.
    static func insert(_ db: any SQLDatabase, hashes: [String], roundID: Int64) async throws {
        for chunk in hashes.chunked(500) {
            var insert = db.insert(into: "ballot_codes").columns("code_hash", "round_id", "keyed")
            for h in chunk { insert = insert.values(SQLBind(h), SQLBind(roundID), SQLBind(true)) }
            try await insert.run()
        }
    }

    /// The round a code belongs to; nil for an unknown code.
    static func round(_ db: any SQLDatabase, hash: String) async throws -> Int64? {
        guard let row = try await db.raw("SELECT round_id FROM ballot_codes WHERE code_hash = \(bind: hash)").first() else { return nil }
        return try row.int64("round_id")
    }

    /// A code's round and whether it was used; nil for an unknown code.
    static func get(_ db: any SQLDatabase, hash: String) async throws -> (round: Int64, used: Bool)? {
        guard let row = try await db.raw("SELECT round_id, used FROM ballot_codes WHERE code_hash = \(bind: hash)").first() else { return nil }
        return (try row.int64("round_id"), try row.bool("used"))
    }

    /// Some codes' rounds and whether each was used, by hash (unknown codes are absent).
    static func get(_ db: any SQLDatabase, hashes: [String]) async throws -> [String: (round: Int64, used: Bool)] {
        var codes: [String: (round: Int64, used: Bool)] = [:]
        for chunk in hashes.chunked(500) {
            for row in try await db.raw(
                "SELECT code_hash, round_id, used FROM ballot_codes WHERE code_hash IN (\(SQLList(chunk.map { SQLBind($0) })))"
            ).all() {
                codes[try row.string("code_hash")] = (try row.int64("round_id"), try row.bool("used"))
            }
        }
        return codes
    }

    /// Marks unused codes used; returns those this call flipped.
    static func markUsed(_ db: any SQLDatabase, hashes: [String]) async throws -> Set<String> {
        var flipped = Set<String>()
        for chunk in hashes.chunked(500) {
            flipped.formUnion(
                try await db.raw(
                    "UPDATE ballot_codes SET used = \(bind: true) WHERE code_hash IN (\(SQLList(chunk.map { SQLBind($0) }))) AND used = \(bind: false) RETURNING code_hash"
                ).all(decodingColumn: "code_hash", as: String.self))
        }
        return flipped
    }

    /// Up to `limit` codes still stored as plain SHA-256 (before keys existed).
    static func unkeyed(_ db: any SQLDatabase, limit: Int) async throws -> [String] {
        try await db.raw("SELECT code_hash FROM ballot_codes WHERE keyed = \(bind: false) LIMIT \(unsafeRaw: String(limit))").all(
            decodingColumn: "code_hash", as: String.self)
    }

    /// Replaces a plain hash by its keyed one.
    static func rekey(_ db: any SQLDatabase, from old: String, to keyed: String) async throws {
        try await db.raw("UPDATE ballot_codes SET code_hash = \(bind: keyed), keyed = \(bind: true) WHERE code_hash = \(bind: old)").run()
    }
}
