import Foundation
import SQLKit
import VanguardCore

/// A round of 群众评议 and who it rates.
public struct EvaluationRoundRecord: Sendable, Hashable {
    public var id: Int64
    public var organizationID: Int64
    public var organizationName: String
    public var title: String
    public var period: String
    public var open: Bool
    public var codesIssued: Int
    public var ballots: Int
    public var counted: Set<EvaluationAnswer>
    public var targets: [EvaluationTarget]
}

public struct EvaluationTarget: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var memberID: Int64?
}

/// SQL for rounds of 群众评议: their targets, answer counters, remark pools and frozen results.
/// The codes voters hold are in `BallotCodeRepository`.
enum EvaluationRoundRepository {
    /// Records an open round; returns its id.
    static func insert(
        _ db: any SQLDatabase, organizationID: Int64, title: String, period: String, countedAnswers: String, by username: String, now: Int64
    ) async throws -> Int64 {
        try await db.insert(into: "evaluation_rounds")
            .columns("organization_id", "title", "period", "state", "counted_answers", "created_by", "created_at")
            .values(SQLBind(organizationID), SQLBind(title), SQLBind(period), SQLBind("open"), SQLBind(countedAnswers), SQLBind(username), SQLBind(now))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    /// Adds a target to a round, with a zero counter for each answer.
    static func addTarget(_ db: any SQLDatabase, roundID: Int64, position: Int, organizationID: Int64, memberID: Int64?, name: String) async throws {
        let tid = try await db.insert(into: "evaluation_targets").columns("round_id", "position", "organization_id", "member_id", "name")
            .values(SQLBind(roundID), SQLBind(position), SQLBind(organizationID), SQLBind(memberID), SQLBind(name))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
        var insert = db.insert(into: "evaluation_counts").columns("target_id", "answer", "n")
        for a in EvaluationAnswer.allCases { insert = insert.values(SQLBind(tid), SQLBind(a.rawValue), SQLBind(0)) }
        try await insert.run()
    }

    /// Counts `count` more codes issued for a round.
    static func addIssued(_ db: any SQLDatabase, roundID: Int64, count: Int) async throws {
        try await db.raw("UPDATE evaluation_rounds SET codes_issued = codes_issued + \(bind: count) WHERE id = \(bind: roundID)").run()
    }

    /// Counts `n` more ballots committed in a round.
    static func addBallots(_ db: any SQLDatabase, roundID: Int64, n: Int) async throws {
        try await db.raw("UPDATE evaluation_rounds SET ballots = ballots + \(bind: n) WHERE id = \(bind: roundID)").run()
    }

    /// Adds `n` answers to a target's counter.
    static func addCount(_ db: any SQLDatabase, targetID: Int64, answer: EvaluationAnswer, n: Int) async throws {
        try await db.raw(
            "UPDATE evaluation_counts SET n = n + \(bind: n) WHERE target_id = \(bind: targetID) AND answer = \(bind: answer.rawValue)"
        )
        .run()
    }

    /// On PostgreSQL, locks some rounds' rows until the transaction ends (SQLite has one writer anyway).
    static func lock(_ db: any SQLDatabase, ids: [Int64]) async throws {
        guard db.engine == .postgres, !ids.isEmpty else { return }
        _ = try await db.raw("SELECT id FROM evaluation_rounds WHERE id IN (\(SQLList(ids.map { SQLBind($0) }))) FOR UPDATE").all()
    }

    /// The ballots committed in a round.
    static func ballots(_ db: any SQLDatabase, roundID: Int64) async throws -> Int? {
        try await db.raw("SELECT ballots FROM evaluation_rounds WHERE id = \(bind: roundID)").first(decodingColumn: "ballots", as: Int.self)
    }

    /// Closes an open round; false if it was closed already.
    static func close(_ db: any SQLDatabase, roundID: Int64, now: Int64) async throws -> Bool {
        !(try await db.raw(
            "UPDATE evaluation_rounds SET state = 'closed', closed_at = \(bind: now) WHERE id = \(bind: roundID) AND state = 'open' RETURNING id"
        ).all()).isEmpty
    }

    /// Freezes a target's counts and rate.
    static func insertResult(_ db: any SQLDatabase, targetID: Int64, counts: [EvaluationAnswer: Int], rate: Double?) async throws {
        try await db.insert(into: "evaluation_results").columns("target_id", "satisfied", "basically_satisfied", "dissatisfied", "rate")
            .values(
                SQLBind(targetID), SQLBind(counts[.satisfied] ?? 0), SQLBind(counts[.basicallySatisfied] ?? 0), SQLBind(counts[.dissatisfied] ?? 0),
                SQLBind(rate)
            ).run()
    }

    /// The frozen rate of each target of a round, by target.
    static func frozenRates(_ db: any SQLDatabase, roundID: Int64) async throws -> [Int64: Double?] {
        Dictionary(
            try await db.raw(
                "SELECT res.* FROM evaluation_results res JOIN evaluation_targets t ON t.id = res.target_id WHERE t.round_id = \(bind: roundID)"
            ).all().map { (try $0.int64("target_id"), try $0.decode(column: "rate", as: Double?.self)) }, uniquingKeysWith: { a, _ in a })
    }

    /// Every target's remark pool of a round, in one query.
    static func remarkPools(_ db: any SQLDatabase, roundID: Int64) async throws -> [Int64: [String]] {
        var pools: [Int64: [String]] = [:]
        for row in try await db.raw(
            "SELECT p.target_id, p.texts FROM evaluation_remarks p JOIN evaluation_targets t ON t.id = p.target_id WHERE t.round_id = \(bind: roundID)"
        ).all() {
            pools[try row.int64("target_id")] = try JSONDecoder().decode([String].self, from: Data(try row.string("texts").utf8))
        }
        return pools
    }

    /// A target's remark pool, locked for update on PostgreSQL; nil if it has none yet.
    static func lockedRemarks(_ db: any SQLDatabase, targetID: Int64) async throws -> [String]? {
        let lock: SQLQueryString = db.engine == .postgres ? " FOR UPDATE" : ""
        let row = try await db.raw("SELECT texts FROM evaluation_remarks WHERE target_id = \(bind: targetID)" + lock).first()
        return try row.map { try JSONDecoder().decode([String].self, from: Data(try $0.string("texts").utf8)) }
    }

    /// Stores a target's remark pool; `isNew` when `lockedRemarks` found none.
    static func saveRemarks(_ db: any SQLDatabase, targetID: Int64, pool: [String], isNew: Bool) async throws {
        let json = String(decoding: try JSONEncoder().encode(pool), as: UTF8.self)
        if isNew {
            try await db.insert(into: "evaluation_remarks").columns("target_id", "texts").values(SQLBind(targetID), SQLBind(json)).run()
        } else {
            try await db.raw("UPDATE evaluation_remarks SET texts = \(bind: json) WHERE target_id = \(bind: targetID)").run()
        }
    }

    /// A target's remark pool as stored.
    static func remarks(_ db: any SQLDatabase, target: Int64) async throws -> [String] {
        guard
            let text = try await db.raw("SELECT texts FROM evaluation_remarks WHERE target_id = \(bind: target)").first(
                decodingColumn: "texts", as: String.self)
        else { return [] }
        return try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }

    /// Each target's answer counters of a round.
    static func counts(_ db: any SQLDatabase, roundID: Int64) async throws -> [Int64: [EvaluationAnswer: Int]] {
        var out: [Int64: [EvaluationAnswer: Int]] = [:]
        for row in try await db.raw(
            "SELECT c.* FROM evaluation_counts c JOIN evaluation_targets t ON t.id = c.target_id WHERE t.round_id = \(bind: roundID)"
        ).all() {
            guard let a = EvaluationAnswer(rawValue: try row.string("answer")) else { continue }
            out[try row.int64("target_id"), default: [:]][a] = try row.int("n")
        }
        return out
    }

    /// The rounds held on an organization, newest first.
    static func ids(_ db: any SQLDatabase, organizationID: Int64) async throws -> [Int64] {
        try await db.raw("SELECT id FROM evaluation_rounds WHERE organization_id = \(bind: organizationID) ORDER BY id DESC").all(
            decodingColumn: "id", as: Int64.self)
    }

    /// The open rounds held anywhere in a subtree, newest first (进行中的评议).
    static func openIDs(_ db: any SQLDatabase, under path: TreePath) async throws -> [Int64] {
        let b = subtreeBounds(path)
        return try await db.raw(
            """
            SELECT r.id FROM evaluation_rounds r JOIN organizations o ON o.id = r.organization_id
            WHERE r.state = 'open' AND o.path >= \(bind: b.low) AND o.path < \(bind: b.high) ORDER BY r.id DESC
            """
        ).all(decodingColumn: "id", as: Int64.self)
    }

    /// A round with its targets in order.
    static func get(_ db: any SQLDatabase, id: Int64) async throws -> EvaluationRoundRecord? {
        guard
            let row = try await db.raw(
                "SELECT r.*, o.name AS organization_name FROM evaluation_rounds r JOIN organizations o ON o.id = r.organization_id WHERE r.id = \(bind: id)"
            ).first()
        else { return nil }
        let targets = try await db.raw("SELECT * FROM evaluation_targets WHERE round_id = \(bind: id) ORDER BY position").all().map {
            EvaluationTarget(id: try $0.int64("id"), name: try $0.string("name"), memberID: try $0.optionalInt64("member_id"))
        }
        return EvaluationRoundRecord(
            id: id, organizationID: try row.int64("organization_id"), organizationName: try row.string("organization_name"), title: try row.string("title"),
            period: try row.string("period"), open: try row.string("state") == "open", codesIssued: try row.int("codes_issued"),
            ballots: try row.int("ballots"),
            counted: Set(try row.string("counted_answers").split(separator: ",").compactMap { EvaluationAnswer(rawValue: String($0)) }),
            targets: targets)
    }
}
