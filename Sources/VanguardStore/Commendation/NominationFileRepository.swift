import Foundation
import SQLKit
import VanguardCore

/// SQL of a nomination's files (事迹材料附件).
extension NominationRepository {
    static func insertFile(_ db: any SQLDatabase, nominationID: Int64, file: EvidenceUpload, by actor: String, now: Int64) async throws {
        let (hash, type) = try await ProgressRepository.storeBlob(db, file)
        try await db.insert(into: "nomination_files").columns("nomination_id", "name", "content_type", "size", "sha256", "added_by", "at")
            .values(
                SQLBind(nominationID), SQLBind(file.name), SQLBind(type), SQLBind(Int64(file.bytes.count)), SQLBind(hash), SQLBind(actor), SQLBind(now)
            ).run()
    }

    static func files(_ db: any SQLDatabase, nominationID: Int64) async throws -> [EvidenceFileRecord] {
        try await db.raw("SELECT * FROM nomination_files WHERE nomination_id = \(bind: nominationID) ORDER BY id").all().map(ProgressRepository.file)
    }

    /// A file and the nomination it belongs to, without its bytes (read them once the reader is checked).
    static func file(_ db: any SQLDatabase, id: Int64) async throws -> (file: EvidenceFileRecord, nominationID: Int64)? {
        guard let r = try await db.raw("SELECT * FROM nomination_files WHERE id = \(bind: id)").first() else { return nil }
        return (try ProgressRepository.file(r), try r.int64("nomination_id"))
    }
}

/// SQL of an organization's commendation to-dos.
extension NominationRepository {
    /// Waiting at a holder (待审核 at its level) in a round still nominating (past it, nothing can be done).
    static func pendingAt(_ holder: Int64) -> SQLQueryString {
        "n.holder_id = \(bind: holder) AND n.state = \(bind: NominationState.pending.rawValue) AND n.round_id IN (SELECT id FROM commendation_rounds WHERE state = 'nominating')"
    }

    /// Not yet verified, of the rounds of a committee.
    static func openObjectionsOf(_ committee: Int64) -> SQLQueryString {
        "n.round_id IN (SELECT id FROM commendation_rounds WHERE organization_id = \(bind: committee)) AND x.outcome IS NULL"
    }

    /// Nominations waiting at a holder, oldest first.
    static func pending(_ db: any SQLDatabase, holder: Int64, limit: Int) async throws -> [NominationRecord] {
        try await query(db, pendingAt(holder), limit: limit, order: "n.id")
    }

    /// Objections to the rounds of a committee not yet verified.
    static func openObjections(_ db: any SQLDatabase, committee: Int64) async throws -> [ObjectionRecord] {
        try await objectionQuery(db, openObjectionsOf(committee))
    }

    /// How many of each (the workbench's count, without reading the records).
    static func todoCount(_ db: any SQLDatabase, organizationID: Int64) async throws -> Int {
        let nominations =
            try await db.raw("SELECT COUNT(*) AS c FROM nominations n WHERE " + pendingAt(organizationID)).first(decodingColumn: "c", as: Int.self) ?? 0
        let objections =
            try await db.raw(
                "SELECT COUNT(*) AS c FROM commendation_objections x JOIN nominations n ON n.id = x.nomination_id WHERE " + openObjectionsOf(organizationID)
            ).first(decodingColumn: "c", as: Int.self) ?? 0
        let payments =
            try await db.raw(
                "SELECT COUNT(*) AS c FROM fund_entries e JOIN fund_sources s ON s.id = e.source_id WHERE s.organization_id = \(bind: organizationID) AND e.state = 'pending' AND e.kind = 'payment'"
            ).first(decodingColumn: "c", as: Int.self) ?? 0
        return nominations + objections + payments
    }
}

extension FundRepository {
    /// A committee's award payments awaiting approval, oldest first.
    static func pendingPayments(_ db: any SQLDatabase, organizationID: Int64, limit: Int) async throws -> [FundEntryRecord] {
        try await entries(db, where: "s.organization_id = \(bind: organizationID) AND e.state = 'pending' AND e.kind = 'payment'", limit: limit)
    }
}
