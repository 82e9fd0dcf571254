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

    /// Records a batch of codes issued for a round; returns its id.
    static func insertBatch(_ db: any SQLDatabase, roundID: Int64, size: Int, by username: String, now: Int64) async throws -> Int64 {
        try await db.insert(into: "ballot_batches").columns("round_id", "size", "issued_by", "issued_at")
            .values(SQLBind(roundID), SQLBind(size), SQLBind(username), SQLBind(now))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    /// A round's batches, first issued first.
    static func batches(_ db: any SQLDatabase, roundID: Int64) async throws -> [BallotBatch] {
        try await db.raw("SELECT * FROM ballot_batches WHERE round_id = \(bind: roundID) ORDER BY id").all().map { r in
            BallotBatch(
                id: try r.int64("id"), size: try r.int("size"), issuedBy: try r.string("issued_by"), issuedAt: try r.int64("issued_at"),
                reprints: try r.int("reprints"))
        }
    }

    /// Counts a reprint of a batch of this round; false when the round has no such batch.
    static func countReprint(_ db: any SQLDatabase, batchID: Int64, roundID: Int64) async throws -> Bool {
        try await db.raw(
            "UPDATE ballot_batches SET reprints = reprints + 1 WHERE id = \(bind: batchID) AND round_id = \(bind: roundID) RETURNING size"
        ).first() != nil
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

    /// What a ballot is checked against before it joins a batch, in one statement (the hot path: one
    /// trip to the database per ballot): the code's round, whether the code is used, whether the round
    /// is open, and the round's targets.
    static func precheck(_ db: any SQLDatabase, hash: String) async throws -> (round: Int64, used: Bool, open: Bool, targets: Set<Int64>)? {
        guard
            let row = try await db.raw(
                """
                SELECT c.round_id, c.used, r.state,
                  (SELECT string_agg(CAST(t.id AS TEXT), ',') FROM evaluation_targets t WHERE t.round_id = c.round_id) AS targets
                FROM ballot_codes c JOIN evaluation_rounds r ON r.id = c.round_id WHERE c.code_hash = \(bind: hash)
                """
            ).first()
        else { return nil }
        let targets = Set((try row.optionalString("targets") ?? "").split(separator: ",").compactMap { Int64($0) })
        return (try row.int64("round_id"), try row.bool("used"), try row.string("state") == "open", targets)
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

/// 评议码批次: how many codes were issued together, by whom and when, and how often they were printed again.
public struct BallotBatch: Sendable, Hashable {
    public var id: Int64
    public var size: Int
    public var issuedBy: String
    public var issuedAt: Int64
    public var reprints: Int
}
