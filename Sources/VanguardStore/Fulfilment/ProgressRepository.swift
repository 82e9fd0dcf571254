import Crypto
import Foundation
import SQLKit
import VanguardCore

/// A file attached to a progress report, without its bytes.
public struct EvidenceFileRecord: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var contentType: String
    public var size: Int64
    public var sha256: String
}

/// 践诺进展: one report of what was done, with its evidence.
public struct ProgressRecord: Sendable, Hashable {
    public var id: Int64
    public var itemPosition: Int?
    public var text: String
    public var fulfils: Bool
    public var actor: String
    public var at: Int64
    public var files: [EvidenceFileRecord]
}

/// An uploaded file checked by `EvidencePolicy`.
public struct EvidenceUpload: Sendable {
    public var name: String
    public var bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}

/// SQL for progress reports and evidence files.
public enum ProgressRepository {
    public static func insert(
        _ db: any SQLDatabase, commitmentID: Int64, itemPosition: Int?, text: String, fulfils: Bool, files: [EvidenceUpload], actor: String, now: Int64
    ) async throws -> Int64 {
        let id = try await db.insert(into: "commitment_progress").columns("commitment_id", "item_position", "text", "fulfils", "actor", "at")
            .values(SQLBind(commitmentID), SQLBind(itemPosition), SQLBind(text), SQLBind(fulfils), SQLBind(actor), SQLBind(now))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
        for f in files {
            let (hash, type) = try await storeBlob(db, f)
            try await db.insert(into: "evidence_files").columns("progress_id", "name", "content_type", "size", "sha256")
                .values(SQLBind(id), SQLBind(f.name), SQLBind(type), SQLBind(Int64(f.bytes.count)), SQLBind(hash)).run()
        }
        return id
    }

    /// The bytes of a stored file (read after its reader is checked).
    static func bytes(_ db: any SQLDatabase, sha256: String) async throws -> [UInt8] {
        Array(try await db.raw("SELECT bytes FROM evidence_blobs WHERE sha256 = \(bind: sha256)").first()?.decode(column: "bytes", as: Data.self) ?? Data())
    }

    /// Keeps a file's bytes once per content hash; its hash and the content type its first bytes tell.

    static func storeBlob(_ db: any SQLDatabase, _ f: EvidenceUpload) async throws -> (hash: String, contentType: String) {
        let hash = SHA256.hash(data: f.bytes).hex
        if try await db.raw("SELECT sha256 FROM evidence_blobs WHERE sha256 = \(bind: hash)").first() == nil {
            try await db.insert(into: "evidence_blobs").columns("sha256", "bytes").values(SQLBind(hash), SQLBind(Data(f.bytes))).run()
        }
        return (hash, EvidencePolicy.type(of: f.bytes, name: f.name)?.contentType ?? "application/octet-stream")
    }

    /// Marks one item (or, with nil, every item) fulfilled today.
    public static func fulfil(_ db: any SQLDatabase, commitmentID: Int64, itemPosition: Int?, on day: CalendarDay, now: Int64) async throws {
        let which: SQLQueryString = itemPosition.map { " AND position = \(bind: $0)" } ?? ""
        try await WritePath.changing(db, .commitments(commitmentID), now: now) {
            try await db.raw(
                "UPDATE commitment_items SET fulfilled = \(bind: true), fulfilled_on = \(bind: day.description) WHERE commitment_id = \(bind: commitmentID) AND fulfilled = \(bind: false)"
                    + which
            ).run()
        }
    }

    /// How many of a commitment's items are not fulfilled yet.
    static func unfulfilledItems(_ db: any SQLDatabase, commitmentID: Int64) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM commitment_items WHERE commitment_id = \(bind: commitmentID) AND fulfilled = \(bind: false)")
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    public static func list(_ db: any SQLDatabase, commitmentID: Int64) async throws -> [ProgressRecord] {
        let rows = try await db.raw("SELECT * FROM commitment_progress WHERE commitment_id = \(bind: commitmentID) ORDER BY id").all()
        guard !rows.isEmpty else { return [] }
        var files: [Int64: [EvidenceFileRecord]] = [:]
        for r in try await db.raw(
            """
            SELECT f.* FROM evidence_files f JOIN commitment_progress p ON p.id = f.progress_id WHERE p.commitment_id = \(bind: commitmentID) ORDER BY f.id
            """
        ).all() {
            files[try r.int64("progress_id"), default: []].append(try file(r))
        }
        return try rows.map { r in
            let id = try r.int64("id")
            return ProgressRecord(
                id: id, itemPosition: try r.decode(column: "item_position", as: Int?.self), text: try r.string("text"), fulfils: try r.bool("fulfils"),
                actor: try r.string("actor"), at: try r.int64("at"), files: files[id] ?? [])
        }
    }

    /// A file with its bytes and the commitment it belongs to.
    public static func file(_ db: any SQLDatabase, id: Int64) async throws -> (file: EvidenceFileRecord, commitmentID: Int64, bytes: [UInt8])? {
        guard
            let r = try await db.raw(
                """
                SELECT f.*, p.commitment_id, b.bytes FROM evidence_files f JOIN commitment_progress p ON p.id = f.progress_id
                JOIN evidence_blobs b ON b.sha256 = f.sha256 WHERE f.id = \(bind: id)
                """
            ).first()
        else { return nil }
        return (try file(r), try r.int64("commitment_id"), Array(try r.decode(column: "bytes", as: Data.self)))
    }

    static func file(_ r: any SQLRow) throws -> EvidenceFileRecord {
        EvidenceFileRecord(
            id: try r.int64("id"), name: try r.string("name"), contentType: try r.string("content_type"), size: try r.int64("size"),
            sha256: try r.string("sha256"))
    }
}
