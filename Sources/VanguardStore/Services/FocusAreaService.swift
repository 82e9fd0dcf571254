import SQLKit
import VanguardCore

/// A focus area as listed.
public struct FocusAreaRecord: Sendable, Hashable {
    public var id: Int64
    public var sector: Sector
    public var audience: FocusAudience
    public var text: String
}

/// 承诺重点领域: data the campaign office edits; drafting forms suggest them by sector and audience.
public struct FocusAreaService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource

    public func all() async throws -> [FocusAreaRecord] {
        try await backend.read { db in
            try await db.raw("SELECT * FROM focus_areas ORDER BY sector, audience, position, id").all().compactMap { r in
                guard let sector = Sector(rawValue: try r.string("sector")), let audience = FocusAudience(rawValue: try r.string("audience")) else {
                    return nil
                }
                return FocusAreaRecord(id: try r.int64("id"), sector: sector, audience: audience, text: try r.string("text"))
            }
        }
    }

    public func add(sector: Sector, audience: FocusAudience, text: String, as caller: Caller) async throws {
        try Self.requireOffice(caller)
        let now = time.nowMillis()
        try await backend.write { db in
            let existing = try await CommitmentRepository.focusAreas(db, sector: sector, audience: audience.rawValue)
            try FocusAreaRule.check(text, existing: existing)
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let position = try await db.raw("SELECT COALESCE(MAX(position), 0) + 1 AS p FROM focus_areas").first(decodingColumn: "p", as: Int.self) ?? 1
            try await db.insert(into: "focus_areas").columns("sector", "audience", "text", "position")
                .values(SQLBind(sector.rawValue), SQLBind(audience.rawValue), SQLBind(t), SQLBind(position)).run()
            try await AuditRepository.append(
                db,
                .init(
                    at: now, actor: caller.username, action: "focus_area.add", targetType: "focus_area", targetID: nil,
                    summary: "\(sector.name.zh)/\(audience.name.zh)：\(t)"))
        }
    }

    public func remove(_ id: Int64, as caller: Caller) async throws {
        try Self.requireOffice(caller)
        let now = time.nowMillis()
        try await backend.write { db in
            guard let text = try await db.raw("DELETE FROM focus_areas WHERE id = \(bind: id) RETURNING text").first(decodingColumn: "text", as: String.self)
            else {
                throw VanguardError.notFound(.init("该重点领域", "Focus area"))
            }
            try await AuditRepository.append(
                db, .init(at: now, actor: caller.username, action: "focus_area.remove", targetType: "focus_area", targetID: id, summary: text))
        }
    }

    static func requireOffice(_ caller: Caller) throws {
        guard caller.isSystem || caller.scope.grants.contains(where: { $0.role.permissions.contains(.manageCampaign) }) else {
            throw VanguardError(.forbidden, .init("只有领导小组办公室可以维护承诺重点领域", "Only the campaign office edits the focus areas"))
        }
    }
}
