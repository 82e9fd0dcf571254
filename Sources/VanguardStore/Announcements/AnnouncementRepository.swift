import Foundation
import SQLKit
import VanguardCore

/// 通知公告 as stored.
public struct AnnouncementRecord: Sendable, Hashable {
    public var id: Int64
    public var organizationID: Int64
    public var organizationName: String
    public var audience: AnnouncementAudience
    public var title: String
    public var body: String
    public var sentBy: String
    public var at: Int64
}

/// 签收: an organization's receipt of a notice.
public struct AnnouncementReceipt: Sendable, Hashable {
    public var organizationID: Int64
    public var organizationName: String
    public var signedBy: String
    public var at: Int64
}

/// SQL for notices, their files and receipts.
public enum AnnouncementRepository {
    static let columns = "a.id, a.organization_id, s.name AS organization_name, a.audience, a.title, a.body, a.sent_by, a.at"

    static func record(_ r: any SQLRow) throws -> AnnouncementRecord {
        AnnouncementRecord(
            id: try r.int64("id"), organizationID: try r.int64("organization_id"), organizationName: try r.string("organization_name"),
            audience: AnnouncementAudience(rawValue: try r.string("audience")) ?? .chosen, title: try r.string("title"), body: try r.string("body"),
            sentBy: try r.string("sent_by"), at: try r.int64("at"))
    }

    static func insert(
        _ db: any SQLDatabase, organizationID: Int64, audience: AnnouncementAudience, title: String, body: String, by: String, now: Int64
    ) async throws -> Int64 {
        try await db.insert(into: "announcements").columns("organization_id", "audience", "title", "body", "sent_by", "at")
            .values(SQLBind(organizationID), SQLBind(audience.rawValue), SQLBind(title), SQLBind(body), SQLBind(by), SQLBind(now))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    static func insertTargets(_ db: any SQLDatabase, announcementID: Int64, organizationIDs: [Int64]) async throws {
        for id in organizationIDs {
            try await db.insert(into: "announcement_targets").columns("announcement_id", "organization_id")
                .values(SQLBind(announcementID), SQLBind(id)).run()
        }
    }

    static func insertFile(_ db: any SQLDatabase, announcementID: Int64, file: EvidenceUpload) async throws {
        let (hash, type) = try await ProgressRepository.storeBlob(db, file)
        try await db.insert(into: "announcement_files").columns("announcement_id", "name", "content_type", "size", "sha256")
            .values(SQLBind(announcementID), SQLBind(file.name), SQLBind(type), SQLBind(Int64(file.bytes.count)), SQLBind(hash)).run()
    }

    public static func get(_ db: any SQLDatabase, id: Int64) async throws -> AnnouncementRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM announcements a JOIN organizations s ON s.id = a.organization_id WHERE a.id = \(bind: id)")
            .first().map(record)
    }

    static func files(_ db: any SQLDatabase, announcementID: Int64) async throws -> [EvidenceFileRecord] {
        try await db.raw("SELECT * FROM announcement_files WHERE announcement_id = \(bind: announcementID) ORDER BY id").all().map(ProgressRepository.file)
    }

    /// A file with its bytes and the notice it belongs to.
    static func file(_ db: any SQLDatabase, id: Int64) async throws -> (file: EvidenceFileRecord, announcementID: Int64, bytes: [UInt8])? {
        guard
            let r = try await db.raw(
                "SELECT f.*, b.bytes FROM announcement_files f JOIN evidence_blobs b ON b.sha256 = f.sha256 WHERE f.id = \(bind: id)"
            ).first()
        else { return nil }
        return (try ProgressRepository.file(r), try r.int64("announcement_id"), Array(try r.decode(column: "bytes", as: Data.self)))
    }

    /// Which of `organizationIDs` a notice to chosen organizations lists.
    static func chosen(_ db: any SQLDatabase, announcementID: Int64, among organizationIDs: [Int64]) async throws -> Set<Int64> {
        guard !organizationIDs.isEmpty else { return [] }
        let ids = SQLList(organizationIDs.map { SQLBind($0) })
        return Set(
            try await db.raw(
                "SELECT organization_id FROM announcement_targets WHERE announcement_id = \(bind: announcementID) AND organization_id IN (\(ids))"
            ).all(decodingColumn: "organization_id", as: Int64.self))
    }

    /// Whether a notice to chosen organizations names one inside any of `within`.
    static func choosesAny(_ db: any SQLDatabase, announcementID: Int64, within: [TreePath]) async throws -> Bool {
        let sql: SQLQueryString =
            "SELECT 1 AS x FROM announcement_targets t JOIN organizations o ON o.id = t.organization_id WHERE t.announcement_id = \(bind: announcementID) AND "
            + OrganizationRepository.pathFilter(within, column: "o.path") + " LIMIT 1"
        return try await db.raw(sql).first() != nil
    }

    /// The notices addressed to `org` — from an ancestor to its subtree, from its parent to the level below,
    /// or naming it — as a condition on `a.id`: three indexed lookups, never a scan of every notice.
    static func addressed(to org: OrganizationRecord) -> SQLQueryString {
        var ids: SQLQueryString = "SELECT announcement_id FROM announcement_targets WHERE organization_id = \(bind: org.id)"
        if let parent = org.parentID {
            let ancestors = SQLList(org.path.ancestorIDs.map { SQLBind($0) })
            ids = ids + " UNION ALL SELECT id FROM announcements WHERE organization_id = \(bind: parent) AND audience = 'children'"
            ids = ids + " UNION ALL SELECT id FROM announcements WHERE organization_id IN (\(ancestors)) AND audience = 'subtree'"
        }
        return " a.id IN (" + ids + ")"
    }

    /// Notices addressed to `org` with its receipt, those not signed first, then newest first.
    static func received(
        _ db: any SQLDatabase, org: OrganizationRecord, unsignedOnly: Bool = false, limit: Int
    ) async throws -> [(AnnouncementRecord, AnnouncementReceipt?)] {
        let sql: SQLQueryString =
            """
            SELECT \(unsafeRaw: columns), r.signed_by, r.at AS signed_at FROM announcements a JOIN organizations s ON s.id = a.organization_id
            LEFT JOIN announcement_receipts r ON r.announcement_id = a.id AND r.organization_id = \(bind: org.id) WHERE
            """ + addressed(to: org) + (unsignedOnly ? " AND r.at IS NULL" : "")
            + " ORDER BY CASE WHEN r.at IS NULL THEN 0 ELSE 1 END, a.id DESC LIMIT \(unsafeRaw: String(limit))"
        return try await db.raw(sql).all().map { r in
            let receipt = try r.optionalInt64("signed_at").map {
                AnnouncementReceipt(organizationID: org.id, organizationName: org.name, signedBy: try r.string("signed_by"), at: $0)
            }
            return (try record(r), receipt)
        }
    }

    /// 待签收: notices addressed to `org` it has not signed.
    static func unsignedCount(_ db: any SQLDatabase, org: OrganizationRecord) async throws -> Int {
        let sql: SQLQueryString =
            """
            SELECT COUNT(*) AS n FROM announcements a LEFT JOIN announcement_receipts r ON r.announcement_id = a.id AND r.organization_id = \(bind: org.id)
            WHERE r.at IS NULL AND
            """ + addressed(to: org)
        return try await db.raw(sql).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// Notices an organization sent, newest first, with how many organizations signed each.
    static func sent(_ db: any SQLDatabase, organizationID: Int64, limit: Int) async throws -> [(AnnouncementRecord, signed: Int)] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: columns), (SELECT COUNT(*) FROM announcement_receipts r WHERE r.announcement_id = a.id) AS signed
            FROM announcements a JOIN organizations s ON s.id = a.organization_id WHERE a.organization_id = \(bind: organizationID)
            ORDER BY a.id DESC LIMIT \(unsafeRaw: String(limit))
            """
        ).all().map { (try record($0), try $0.int("signed")) }
    }

    /// The active organizations a notice addresses, as a condition on `o` (the sender is `sender`).
    static func recipients(_ a: AnnouncementRecord, sender: OrganizationRecord) -> SQLQueryString {
        switch a.audience {
        case .children: return "o.parent_id = \(bind: sender.id) AND o.dissolved = \(bind: false)"
        case .subtree:
            let b = subtreeBounds(sender.path)
            return "o.path >= \(bind: b.low) AND o.path < \(bind: b.high) AND o.id <> \(bind: sender.id) AND o.dissolved = \(bind: false)"
        case .chosen:
            // Still below the sender: a chosen organization moved elsewhere since is out of the sender's sight.
            let b = subtreeBounds(sender.path)
            return
                "o.id IN (SELECT organization_id FROM announcement_targets WHERE announcement_id = \(bind: a.id)) AND o.dissolved = \(bind: false)"
                + " AND o.path >= \(bind: b.low) AND o.path < \(bind: b.high)"
        }
    }

    /// How many active organizations a notice addresses (the subtree's from its counter).
    static func recipientCount(_ db: any SQLDatabase, _ a: AnnouncementRecord, sender: OrganizationRecord) async throws -> Int {
        if a.audience == .subtree { return max(0, sender.counters.subtreeOrganizations - 1) }
        return try await db.raw("SELECT COUNT(*) AS n FROM organizations o WHERE " + recipients(a, sender: sender)).first(decodingColumn: "n", as: Int.self)
            ?? 0
    }

    /// 未签收: addressed organizations without a receipt, in tree order.
    static func unsigned(_ db: any SQLDatabase, _ a: AnnouncementRecord, sender: OrganizationRecord, limit: Int) async throws -> [(id: Int64, name: String)] {
        let sql: SQLQueryString =
            "SELECT o.id, o.name FROM organizations o WHERE " + recipients(a, sender: sender)
            + " AND NOT EXISTS (SELECT 1 FROM announcement_receipts r WHERE r.announcement_id = \(bind: a.id) AND r.organization_id = o.id)"
            + " ORDER BY o.path LIMIT \(unsafeRaw: String(limit))"
        return try await db.raw(sql).all().map { (try $0.int64("id"), try $0.string("name")) }
    }

    /// Receipts in the order they came.
    static func receipts(
        _ db: any SQLDatabase, announcementID: Int64, sender: OrganizationRecord, limit: Int
    ) async throws -> (count: Int, first: [AnnouncementReceipt]) {
        // Only organizations still below the sender: one moved elsewhere since is out of the sender's sight.
        let b = subtreeBounds(sender.path)
        let inside: SQLQueryString = "o.path >= \(bind: b.low) AND o.path < \(bind: b.high)"
        let count =
            try await db.raw(
                "SELECT COUNT(*) AS n FROM announcement_receipts r JOIN organizations o ON o.id = r.organization_id WHERE r.announcement_id = \(bind: announcementID) AND "
                    + inside
            ).first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await db.raw(
            """
            SELECT r.organization_id, o.name, r.signed_by, r.at FROM announcement_receipts r JOIN organizations o ON o.id = r.organization_id
            WHERE r.announcement_id = \(bind: announcementID) AND
            """ + " " + inside + " ORDER BY r.at, r.organization_id LIMIT \(unsafeRaw: String(limit))"
        ).all()
        return (
            count,
            try rows.map {
                AnnouncementReceipt(
                    organizationID: try $0.int64("organization_id"), organizationName: try $0.string("name"), signedBy: try $0.string("signed_by"),
                    at: try $0.int64("at"))
            }
        )
    }

    /// An organization's receipt of a notice, if it signed.
    static func receipt(_ db: any SQLDatabase, announcementID: Int64, organization: OrganizationRecord) async throws -> AnnouncementReceipt? {
        try await db.raw(
            "SELECT signed_by, at FROM announcement_receipts WHERE announcement_id = \(bind: announcementID) AND organization_id = \(bind: organization.id)"
        ).first().map {
            AnnouncementReceipt(
                organizationID: organization.id, organizationName: organization.name, signedBy: try $0.string("signed_by"), at: try $0.int64("at"))
        }
    }

    /// Records a receipt; false when the organization had signed already.
    static func sign(_ db: any SQLDatabase, announcementID: Int64, organizationID: Int64, by: String, now: Int64) async throws -> Bool {
        // Two officers signing at once: the second insert is a no-op, not an error, and returns no row.
        try await db.insert(into: "announcement_receipts").columns("announcement_id", "organization_id", "signed_by", "at")
            .values(SQLBind(announcementID), SQLBind(organizationID), SQLBind(by), SQLBind(now)).ignoringConflicts(with: ["announcement_id", "organization_id"])
            .returning("announcement_id").first() != nil
    }
}
