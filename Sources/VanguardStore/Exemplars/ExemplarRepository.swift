import Foundation
import SQLKit
import VanguardCore

/// 典型 as stored, with the names it shows.
public struct ExemplarRecord: Sendable, Hashable {
    public var id: Int64
    /// The curating office's organization.
    public var organizationID: Int64
    public var organizationName: String
    public var subjectOrganizationID: Int64
    public var subjectOrganizationName: String
    public var subjectMemberID: Int64?
    public var subjectMemberName: String?
    public var source: ExemplarSource
    public var title: String
    public var story: String
    public var state: ExemplarState
    public var createdBy: String
    public var at: Int64
    public var publishedAt: Int64?

    /// The member's name, or the organization's.
    public var subjectName: String { subjectMemberName ?? subjectOrganizationName }
}

/// SQL for exemplars and their photos.
public enum ExemplarRepository {
    static let select = """
        SELECT e.*, c.name AS organization_name, o.name AS subject_organization_name, m.name AS subject_member_name FROM exemplars e
        JOIN organizations c ON c.id = e.organization_id JOIN organizations o ON o.id = e.subject_organization_id
        LEFT JOIN members m ON m.id = e.subject_member_id
        """

    static func record(_ r: any SQLRow) throws -> ExemplarRecord {
        ExemplarRecord(
            id: try r.int64("id"), organizationID: try r.int64("organization_id"), organizationName: try r.string("organization_name"),
            subjectOrganizationID: try r.int64("subject_organization_id"), subjectOrganizationName: try r.string("subject_organization_name"),
            subjectMemberID: try r.optionalInt64("subject_member_id"), subjectMemberName: try r.optionalString("subject_member_name"),
            source: ExemplarSource(rawValue: try r.string("source")) ?? .other, title: try r.string("title"), story: try r.string("story"),
            state: ExemplarState(rawValue: try r.string("state")) ?? .draft, createdBy: try r.string("created_by"), at: try r.int64("at"),
            publishedAt: try r.optionalInt64("published_at"))
    }

    static func insert(
        _ db: any SQLDatabase, organizationID: Int64, subjectOrganizationID: Int64, subjectMemberID: Int64?, source: ExemplarSource, title: String,
        story: String, by: String, now: Int64
    ) async throws -> Int64 {
        try await db.insert(into: "exemplars")
            .columns("organization_id", "subject_organization_id", "subject_member_id", "source", "title", "story", "state", "created_by", "at")
            .values(
                SQLBind(organizationID), SQLBind(subjectOrganizationID), SQLBind(subjectMemberID), SQLBind(source.rawValue), SQLBind(title), SQLBind(story),
                SQLBind(ExemplarState.draft.rawValue), SQLBind(by), SQLBind(now)
            )
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    static func insertPhoto(_ db: any SQLDatabase, exemplarID: Int64, photo: EvidenceUpload) async throws {
        let (hash, type) = try await ProgressRepository.storeBlob(db, photo)
        try await db.insert(into: "exemplar_photos").columns("exemplar_id", "name", "content_type", "size", "sha256")
            .values(SQLBind(exemplarID), SQLBind(photo.name), SQLBind(type), SQLBind(Int64(photo.bytes.count)), SQLBind(hash)).run()
    }

    public static func get(_ db: any SQLDatabase, id: Int64) async throws -> ExemplarRecord? {
        try await db.raw("\(unsafeRaw: select) WHERE e.id = \(bind: id)").first().map(record)
    }

    /// A curating office's stories, newest first.
    static func ofOrganization(_ db: any SQLDatabase, organizationID: Int64, limit: Int) async throws -> [ExemplarRecord] {
        try await db.raw("\(unsafeRaw: select) WHERE e.organization_id = \(bind: organizationID) ORDER BY e.id DESC LIMIT \(unsafeRaw: String(limit))")
            .all().map(record)
    }

    /// Published stories, most recently published first.
    static func published(_ db: any SQLDatabase, limit: Int) async throws -> [ExemplarRecord] {
        try await db.raw(
            "\(unsafeRaw: select) WHERE e.state = \(bind: ExemplarState.published.rawValue) ORDER BY e.published_at DESC, e.id DESC LIMIT \(unsafeRaw: String(limit))"
        ).all().map(record)
    }

    static func setState(_ db: any SQLDatabase, id: Int64, from: ExemplarState, to: ExemplarState, now: Int64) async throws -> Bool {
        try await db.raw(
            """
            UPDATE exemplars SET state = \(bind: to.rawValue), published_at = \(bind: to == .published ? now : nil as Int64?)
            WHERE id = \(bind: id) AND state = \(bind: from.rawValue) RETURNING id
            """
        ).first() != nil
    }

    static func photos(_ db: any SQLDatabase, exemplarIDs: [Int64]) async throws -> [Int64: [EvidenceFileRecord]] {
        guard !exemplarIDs.isEmpty else { return [:] }
        var out: [Int64: [EvidenceFileRecord]] = [:]
        let ids = SQLList(exemplarIDs.map { SQLBind($0) })
        for r in try await db.raw("SELECT * FROM exemplar_photos WHERE exemplar_id IN (\(ids)) ORDER BY id").all() {
            out[try r.int64("exemplar_id"), default: []].append(try ProgressRepository.file(r))
        }
        return out
    }

    /// The story a photo belongs to.
    static func photoExemplar(_ db: any SQLDatabase, id: Int64) async throws -> Int64? {
        try await db.raw("SELECT exemplar_id FROM exemplar_photos WHERE id = \(bind: id)").first(decodingColumn: "exemplar_id", as: Int64.self)
    }

    /// A photo with its bytes and its story.
    static func photo(_ db: any SQLDatabase, id: Int64) async throws -> (file: EvidenceFileRecord, exemplarID: Int64, bytes: [UInt8])? {
        guard
            let r = try await db.raw("SELECT f.*, b.bytes FROM exemplar_photos f JOIN evidence_blobs b ON b.sha256 = f.sha256 WHERE f.id = \(bind: id)")
                .first()
        else { return nil }
        return (try ProgressRepository.file(r), try r.int64("exemplar_id"), Array(try r.decode(column: "bytes", as: Data.self)))
    }
}
