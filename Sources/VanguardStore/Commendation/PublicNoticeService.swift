import SQLKit
import VanguardCore

/// 公示 of one round as the public sees it (no login): the committee, the notice period, and each nominee
/// on notice (or, after the decision, commended; a revoked title with its criticism) with the short deeds —
/// never a phone number, a member's other data, or a nomination not yet public.
public struct PublicNotice: Sendable {
    public struct Entry: Sendable, Hashable {
        public var nominationID: Int64
        public var titleName: String
        public var nomineeName: String
        /// The organization: the nominee itself for a collective, hers for an individual.
        public var organizationName: String
        public var summary: String
        public var state: NominationState
        /// 通报批评: why a title was revoked.
        public var revocation: String?
    }
    public var round: CommendationRoundRecord
    public var entries: [Entry]
    /// Whether objections may be lodged today (within the notice period).
    public var open: Bool
}

/// 公示与异议: the public notice (no login), objections lodged by anyone — named or not, throttled per
/// client — and the committee's verification of each; an upheld objection takes the nominee off the list.
public struct PublicNoticeService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    /// The server's secret: a client's address is kept only as a keyed hash, for the throttle.
    let key: BallotKey
    /// 每个来源每天最多提交的异议件数.
    public static let objectionsPerDay = 5

    static func entries(_ db: any SQLDatabase, round: CommendationRoundRecord) async throws -> [PublicNotice.Entry] {
        try await NominationRepository.of(db, round: round.id, states: [.onNotice, .commended, .revoked]).map {
            .init(
                nominationID: $0.id, titleName: $0.titleName, nomineeName: $0.nomineeName, organizationName: $0.organizationName, summary: $0.summary,
                state: $0.state, revocation: $0.state == .revoked ? $0.reason : nil)
        }
    }

    static func isOpen(_ round: CommendationRoundRecord, today: CalendarDay) -> Bool {
        guard round.state == .notice, let from = round.noticeFrom, let until = round.noticeUntil else { return false }
        return from <= today && today <= until
    }

    /// Every round on notice or decided, newest first (the public page's list).
    public func board(limit: Int = 50) async throws -> [CommendationRoundRecord] {
        try await backend.read { db in try await CommendationRepository.published(db, limit: limit) }
    }

    /// The round of a nomination the public may see (on notice, commended or revoked); 404 for any other.
    public func round(ofNomination id: Int64) async throws -> Int64 {
        try await backend.read { db in
            guard let n = try await NominationRepository.get(db, id: id), [.onNotice, .commended, .revoked].contains(n.state) else {
                throw VanguardError.notFound(NominationService.what)
            }
            return n.roundID
        }
    }

    /// One round's notice; 404 for a round not yet on notice.
    public func notice(roundID: Int64) async throws -> PublicNotice {
        let today = time.today()
        return try await backend.read { db in
            guard let round = try await CommendationRepository.get(db, id: roundID), round.state != .nominating else {
                throw VanguardError.notFound(CommendationService.what)
            }
            return PublicNotice(round: round, entries: try await Self.entries(db, round: round), open: Self.isOpen(round, today: today))
        }
    }

    static func trimmed(_ s: String?) -> String? {
        s.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// 提出异议: anyone, on a nominee on notice within the period; `client` is where it came from (its
    /// address), kept only as the server's keyed hash and used only to throttle.
    public func lodge(nominationID: Int64, content: String, name: String?, contact: String?, client address: String) async throws -> Int64 {
        let client = key.keyed(BallotKey.sha256("objection:" + address))
        let today = time.today()
        let now = time.nowMillis()
        return try await backend.write { db in
            // The round held shared (a decision waits, and counts this objection), then read again.
            guard let seen = try await NominationRepository.get(db, id: nominationID) else { throw VanguardError.notFound(NominationService.what) }
            try await CommendationRepository.share(db, id: seen.roundID)
            guard let n = try await NominationRepository.get(db, id: nominationID), n.state == .onNotice,
                let round = try await CommendationRepository.get(db, id: n.roundID)
            else { throw VanguardError.notFound(NominationService.what) }
            guard Self.isOpen(round, today: today) else { throw VanguardError.conflict("不在公示期内", "The notice period is over") }
            try ObjectionRules.check(content: content, name: Self.trimmed(name), contact: Self.trimmed(contact))
            try await NominationRepository.lockClient(db, client: client)  // one source's objections counted one at a time
            guard try await NominationRepository.objections(db, client: client, since: now - 86_400_000) < Self.objectionsPerDay else {
                throw VanguardError(.tooManyRequests, .init("提交过于频繁，请明天再试", "Too many objections from here today"))
            }
            let id = try await NominationRepository.insertObjection(
                db, nomination: n.id, content: content.trimmingCharacters(in: .whitespacesAndNewlines), name: Self.trimmed(name),
                contact: Self.trimmed(contact),
                client: client, now: now)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: "public", action: "objection.lodge", targetType: "nomination", targetID: n.id,
                    summary: "对公示对象\(n.nomineeName)提出异议" + (Self.trimmed(name) == nil ? "（匿名）" : "（署名）")))
            return id
        }
    }

    /// The round an objection was lodged in, for its committee's office (404 for others: objections are hers).
    public func objectionRound(_ id: Int64, as caller: Caller) async throws -> Int64 {
        try await backend.read { db in
            guard let x = try await NominationRepository.objection(db, id: id), let n = try await NominationRepository.get(db, id: x.nominationID),
                let round = try await CommendationRepository.get(db, id: n.roundID), caller.allows(.manageOrganizations, at: round.organizationPath)
            else { throw VanguardError.notFound(.init("该异议", "Objection")) }
            return round.id
        }
    }

    /// 核实: the committee's office records what it found; an upheld objection withdraws the nominee. Returns the round's id.
    @discardableResult
    public func verify(objectionID: Int64, outcome: ObjectionOutcome, text: String, as caller: Caller) async throws -> Int64 {
        let now = time.nowMillis()
        return try await backend.write { db in
            guard let x = try await NominationRepository.objection(db, id: objectionID), let n = try await NominationRepository.get(db, id: x.nominationID)
            else {
                throw VanguardError.notFound(.init("该异议", "Objection"))
            }
            let round = try await CommendationService.lockedRound(db, id: n.roundID, caller, managed: true)
            try NominationRules.checkReason(text, field: "verification")
            guard round.state == .notice else { throw VanguardError.conflict("评选已决定", "The round is decided") }
            let note = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard try await NominationRepository.verify(db, id: x.id, outcome: outcome, text: note, by: caller.username, now: now) else {
                throw VanguardError.conflict("该异议已核实", "Already verified")
            }
            if outcome == .upheld {
                _ = try await WritePath.changing(db, Changes(nominations: [n.id]), now: now) {
                    try await NominationRepository.move(db, id: n.id, from: .onNotice, to: .withdrawn, reason: note)
                }
            }
            try await NominationRepository.addStep(
                db, nomination: n.id, action: outcome == .upheld ? "withdraw" : "verify", at: round.organizationID, note: note, by: caller.username, now: now)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "objection.verify", targetType: "nomination", targetID: n.id,
                    summary: "核实对\(n.nomineeName)的异议：\(outcome.name.zh)"))
            return round.id
        }
    }
}
