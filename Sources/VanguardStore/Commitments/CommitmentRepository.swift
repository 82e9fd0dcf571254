import SQLKit
import VanguardCore

/// One item of a stored commitment, with its fulfilment.
public struct CommitmentItemRecord: Sendable, Hashable {
    public var position: Int
    public var draft: CommitmentItemDraft
    public var fulfilled: Bool
    public var fulfilledOn: CalendarDay?
}

/// 公开承诺 as stored, with the names a page shows.
public struct CommitmentRecord: Sendable, Hashable {
    public var id: Int64
    public var year: Int
    /// 承诺轮次 (see `CommitmentRound`).
    public var round: Int
    /// The long-term commitment of an earlier round this one carries forward.
    public var carriedFrom: Int64?
    public var kind: CommitmentKind
    public var subject: CommitmentSubject
    public var organizationID: Int64
    public var organizationName: String
    public var organizationPath: TreePath
    public var memberName: String?
    public var reviewerOrganizationID: Int64
    public var state: CommitmentState
    public var higherStandard: Bool
    public var returnReason: String?
    public var author: String
    public var version: Int64
    public var items: [CommitmentItemRecord]
}

/// One transition in a commitment's history.
public struct CommitmentEvent: Sendable, Hashable {
    public var action: String
    public var from: CommitmentState?
    public var to: CommitmentState
    public var actor: String
    public var note: String?
    public var at: Int64
}

/// SQL for commitments, their items and history.
public enum CommitmentRepository {
    public static func insert(
        _ db: any SQLDatabase, year: Int, round: Int, kind: CommitmentKind, subject: CommitmentSubject, organizationID: Int64,
        reviewerOrganizationID: Int64, higherStandard: Bool, items: [CommitmentItemDraft], author: String, now: Int64,
        state: CommitmentState = .draft, carriedFrom: Int64? = nil
    ) async throws -> Int64 {
        let (type, memberID): (String, Int64?) =
            switch subject {
            case .organization: ("organization", nil)
            case .member(let id): ("member", id)
            }
        // 写入路径: what the new commitment adds is counted in the same transaction.
        let member = Set(memberID.map { [$0] } ?? [])
        return try await WritePath.changing(db, Changes(members: member), now: now) {
            let id = try await db.insert(into: "commitments")
                .columns(
                    "year", "round", "carried_from", "kind", "subject_type", "organization_id", "member_id", "reviewer_organization_id", "state",
                    "higher_standard", "author", "created_at", "updated_at"
                )
                .values(
                    SQLBind(year), SQLBind(round), SQLBind(carriedFrom), SQLBind(kind.rawValue), SQLBind(type), SQLBind(organizationID), SQLBind(memberID),
                    SQLBind(reviewerOrganizationID), SQLBind(state.rawValue), SQLBind(higherStandard), SQLBind(author), SQLBind(now), SQLBind(now)
                )
                .returning("id").first(decodingColumn: "id", as: Int64.self)!
            try await insertItems(db, commitmentID: id, items)
            try await appendEvent(
                db, commitmentID: id, action: carriedFrom == nil ? "create" : "carry_forward", from: nil, to: state, actor: author,
                note: carriedFrom.map { "结转自承诺 #\($0)" }, now: now)
            return id
        } also: { id in
            Changes(commitments: [id], members: member)
        }
    }

    static func insertItems(_ db: any SQLDatabase, commitmentID: Int64, _ items: [CommitmentItemDraft]) async throws {
        var insert = db.insert(into: "commitment_items").columns(
            "commitment_id", "position", "content", "responsibility", "deadline", "expected_result", "focus_area")
        for (i, item) in items.enumerated() {
            insert = insert.values(
                SQLBind(commitmentID), SQLBind(i + 1), SQLBind(item.content), SQLBind(item.responsibility), SQLBind(item.deadline.description),
                SQLBind(item.expectedResult), SQLBind(item.focusArea))
        }
        try await insert.run()
    }

    /// Replaces the items of an editable commitment, if nobody changed it since `expectedVersion`.
    public static func replaceItems(_ db: any SQLDatabase, id: Int64, items: [CommitmentItemDraft], expectedVersion: Int64, now: Int64) async throws {
        try await WritePath.changing(db, .commitments(id), now: now) {
            try await bumpVersion(db, id: id, expectedVersion: expectedVersion, now: now)
            try await db.delete(from: "commitment_items").where("commitment_id", .equal, SQLBind(id)).run()
            try await insertItems(db, commitmentID: id, items)
        }
    }

    static func bumpVersion(_ db: any SQLDatabase, id: Int64, expectedVersion: Int64, now: Int64) async throws {
        let changed = try await db.raw(
            """
            UPDATE commitments SET version = version + 1, updated_at = \(bind: now) WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
            """
        ).all()
        guard !changed.isEmpty else { throw OrganizationRepository.staleVersion }
    }

    /// Moves the commitment from the state the caller saw to the next one. Two concurrent
    /// transitions of one commitment both expect the same version: exactly one wins.
    public static func transition(
        _ db: any SQLDatabase, id: Int64, from: CommitmentState, to: CommitmentState, action: CommitmentAction,
        expectedVersion: Int64, actor: String, note: String?, now: Int64
    ) async throws {
        let changed = try await WritePath.changing(db, .commitments(id), now: now) {
            try await db.raw(
                """
                UPDATE commitments SET state = \(bind: to.rawValue), version = version + 1, updated_at = \(bind: now),
                  return_reason = \(bind: action == .return ? note : nil),
                  published_at = CASE WHEN \(bind: to == .published) THEN \(bind: now) ELSE published_at END
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) AND state = \(bind: from.rawValue) RETURNING id
                """
            ).all()
        }
        guard !changed.isEmpty else {
            throw VanguardError.conflict("该承诺已被他人处理，请刷新后重试", "Someone else acted on this commitment first; reload and try again")
        }
        try await appendEvent(db, commitmentID: id, action: action.rawValue, from: from, to: to, actor: actor, note: note, now: now)
    }

    static func appendEvent(
        _ db: any SQLDatabase, commitmentID: Int64, action: String, from: CommitmentState?, to: CommitmentState, actor: String, note: String?, now: Int64
    ) async throws {
        try await db.insert(into: "commitment_events").columns("commitment_id", "action", "from_state", "to_state", "actor", "note", "at")
            .values(SQLBind(commitmentID), SQLBind(action), SQLBind(from?.rawValue), SQLBind(to.rawValue), SQLBind(actor), SQLBind(note), SQLBind(now)).run()
    }

    public static func get(_ db: any SQLDatabase, id: Int64) async throws -> CommitmentRecord? {
        try await list(db, where: "c.id = \(bind: id)").first
    }

    public static func events(_ db: any SQLDatabase, commitmentID: Int64) async throws -> [CommitmentEvent] {
        try await db.raw("SELECT * FROM commitment_events WHERE commitment_id = \(bind: commitmentID) ORDER BY id").all().map { r in
            CommitmentEvent(
                action: try r.string("action"), from: try r.optionalString("from_state").flatMap(CommitmentState.init(rawValue:)),
                to: CommitmentState(rawValue: try r.string("to_state")) ?? .draft, actor: try r.string("actor"), note: try r.optionalString("note"),
                at: try r.int64("at"))
        }
    }

    /// Whether the subject already has a live (not withdrawn) commitment of this kind in this round at this place.
    public static func hasLive(_ db: any SQLDatabase, memberID: Int64?, organizationID: Int64, round: Int, kind: CommitmentKind) async throws -> Bool {
        let member: SQLQueryString = memberID.map { "member_id = \(bind: $0)" } ?? "member_id IS NULL"
        let count = try await db.raw(
            """
            SELECT COUNT(*) AS n FROM commitments WHERE \(member) AND organization_id = \(bind: organizationID)
            AND round = \(bind: round) AND kind = \(bind: kind.rawValue) AND state <> \(bind: CommitmentState.withdrawn.rawValue)
            """
        ).first(decodingColumn: "n", as: Int.self)
        return (count ?? 0) > 0
    }

    /// 亮诺: the published commitments made at this organization — its own and its members' — with
    /// their items. Only public states; nothing private is selected.
    public static func board(_ db: any SQLDatabase, organizationID: Int64) async throws -> [CommitmentRecord] {
        let states = SQLList(CommitmentState.allCases.filter(\.isPublic).map { SQLBind($0.rawValue) })
        return try await list(db, where: "c.organization_id = \(bind: organizationID) AND c.state IN (\(states))")
    }

    /// A member's own commitments, newest first.
    public static func ofMember(_ db: any SQLDatabase, memberID: Int64) async throws -> [CommitmentRecord] {
        try await list(db, where: "c.member_id = \(bind: memberID)", order: "c.year DESC, c.id DESC")
    }

    /// The public commitments (亮诺 onwards) of some members and organizations in a year, for a ballot.
    static func publicOf(_ db: any SQLDatabase, members: [Int64], organizations: [Int64], year: Int) async throws -> [CommitmentRecord] {
        let states = CommitmentState.allCases.filter(\.isPublic).map { SQLBind($0.rawValue) }
        var who: [SQLQueryString] = []
        if !members.isEmpty { who.append("c.member_id IN (\(SQLList(members.map { SQLBind($0) })))") }
        if !organizations.isEmpty { who.append("(c.member_id IS NULL AND c.organization_id IN (\(SQLList(organizations.map { SQLBind($0) }))))") }
        guard !who.isEmpty else { return [] }
        let any = who.dropFirst().reduce(who[0]) { $0 + " OR " + $1 }
        return try await list(db, where: "c.year = \(bind: year) AND c.state IN (\(SQLList(states))) AND (" + any + ")", order: "c.id")
    }

    /// What an organization reviews (its members' and its sub-organizations' commitments), and what is
    /// made at it, excluding drafts nobody has submitted.
    public static func forReview(_ db: any SQLDatabase, organizationID: Int64, year: Int) async throws -> [CommitmentRecord] {
        try await list(
            db,
            where: """
                (c.reviewer_organization_id = \(bind: organizationID) OR c.organization_id = \(bind: organizationID)) AND c.year = \(bind: year)
                AND c.state <> \(bind: CommitmentState.draft.rawValue)
                """, order: "CASE WHEN c.state = 'submitted' THEN 0 ELSE 1 END, c.updated_at DESC, c.id")
    }

    /// A subject's commitments of a year in some states, by id.
    static func ofYear(
        _ db: any SQLDatabase, organizationID: Int64, memberID: Int64?, year: Int, states: [CommitmentState]
    ) async throws -> [CommitmentRecord] {
        let subject: SQLQueryString =
            memberID.map { "c.member_id = \(bind: $0)" } ?? "c.member_id IS NULL AND c.organization_id = \(bind: organizationID)"
        let open = SQLList(states.map { SQLBind($0.rawValue) })
        return try await list(db, where: subject + " AND c.year = \(bind: year) AND c.state IN (\(open))", order: "c.id")
    }

    /// The ids of commitments in some states with an unfulfilled item due by `day`.
    static func withItemsDue(_ db: any SQLDatabase, states: [CommitmentState], by day: CalendarDay) async throws -> [Int64] {
        let open = SQLList(states.map { SQLBind($0.rawValue) })
        return try await db.raw(
            """
            SELECT DISTINCT c.id FROM commitments c JOIN commitment_items i ON i.commitment_id = c.id
            WHERE c.state IN (\(open)) AND i.fulfilled = \(bind: false) AND i.deadline <= \(bind: day.description)
            """
        ).all(decodingColumn: "id", as: Int64.self)
    }

    /// Some commitments, by id.
    static func list(_ db: any SQLDatabase, ids: [Int64]) async throws -> [CommitmentRecord] {
        try await list(db, where: "c.id IN (\(SQLList(ids.map { SQLBind($0) })))", order: "c.id")
    }

    /// The overdue commitments an organization reviews, by id.
    static func overdue(_ db: any SQLDatabase, reviewerOrganizationID: Int64) async throws -> [CommitmentRecord] {
        try await list(
            db, where: "c.reviewer_organization_id = \(bind: reviewerOrganizationID) AND c.state = \(bind: CommitmentState.overdue.rawValue)", order: "c.id")
    }

    /// Commitments matching `clause` with their items, in two queries.
    static func list(
        _ db: any SQLDatabase, where clause: SQLQueryString, order: String = "CASE WHEN c.member_id IS NULL THEN 0 ELSE 1 END, m.name, c.id"
    ) async throws -> [CommitmentRecord] {
        let rows = try await db.raw(
            """
            SELECT c.id, c.year, c.round, c.carried_from, c.kind, c.organization_id, c.member_id, c.reviewer_organization_id, c.state, c.higher_standard, c.return_reason,
              c.author, c.version, o.name AS organization_name, o.path AS organization_path, m.name AS member_name
            FROM commitments c JOIN organizations o ON o.id = c.organization_id LEFT JOIN members m ON m.id = c.member_id
            WHERE
            """ + " " + clause + " ORDER BY \(unsafeRaw: order)"
        ).all()
        guard !rows.isEmpty else { return [] }
        var items: [Int64: [CommitmentItemRecord]] = [:]
        let ids = try rows.map { try $0.int64("id") }
        for chunk in ids.chunked(500) {
            for r in try await db.raw(
                "SELECT * FROM commitment_items WHERE commitment_id IN (\(SQLList(chunk.map { SQLBind($0) }))) ORDER BY commitment_id, position"
            ).all() {
                items[try r.int64("commitment_id"), default: []].append(try item(r))
            }
        }
        return try rows.map { row in
            let id = try row.int64("id")
            let organizationID = try row.int64("organization_id")
            return CommitmentRecord(
                id: id, year: try row.int("year"), round: try row.int("round"), carriedFrom: try row.optionalInt64("carried_from"),
                kind: CommitmentKind(rawValue: try row.string("kind")) ?? .annual,
                subject: try row.optionalInt64("member_id").map { .member($0) } ?? .organization(organizationID),
                organizationID: organizationID, organizationName: try row.string("organization_name"),
                organizationPath: TreePath(try row.string("organization_path")) ?? TreePath(ids: [organizationID]),
                memberName: try row.optionalString("member_name"), reviewerOrganizationID: try row.int64("reviewer_organization_id"),
                state: CommitmentState(rawValue: try row.string("state")) ?? .draft, higherStandard: try row.bool("higher_standard"),
                returnReason: try row.optionalString("return_reason"), author: try row.string("author"), version: try row.int64("version"),
                items: items[id] ?? [])
        }
    }

    static func item(_ r: any SQLRow) throws -> CommitmentItemRecord {
        CommitmentItemRecord(
            position: try r.int("position"),
            draft: CommitmentItemDraft(
                content: try r.string("content"), responsibility: try r.string("responsibility"), deadline: try r.day("deadline"),
                expectedResult: try r.string("expected_result"), focusArea: try r.optionalString("focus_area")),
            fulfilled: try r.bool("fulfilled"), fulfilledOn: try r.optionalString("fulfilled_on").flatMap(CalendarDay.init(parsing:)))
    }
}
