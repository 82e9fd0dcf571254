import VanguardCore

/// 承诺重点领域: data the campaign office edits; drafting forms suggest them by sector and audience.
public struct FocusAreaService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource

    public func all() async throws -> [FocusAreaRecord] {
        try await backend.read { db in try await FocusAreaRepository.all(db) }
    }

    public func add(sector: Sector, audience: FocusAudience, text: String, as caller: Caller) async throws {
        try Self.requireOffice(caller)
        let now = time.nowMillis()
        try await backend.write { db in
            let existing = try await FocusAreaRepository.focusAreas(db, sector: sector, audience: audience.rawValue)
            try FocusAreaRule.check(text, existing: existing)
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            try await FocusAreaRepository.add(db, sector: sector, audience: audience, text: t)
            try await WritePath.record(
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
            guard let text = try await FocusAreaRepository.remove(db, id: id) else { throw VanguardError.notFound(.init("该重点领域", "Focus area")) }
            try await WritePath.record(
                db, .init(at: now, actor: caller.username, action: "focus_area.remove", targetType: "focus_area", targetID: id, summary: text))
        }
    }

    static func requireOffice(_ caller: Caller) throws {
        guard caller.isSystem || caller.scope.grants.contains(where: { $0.role.permissions.contains(.manageCampaign) }) else {
            throw VanguardError(.forbidden, .init("只有领导小组办公室可以维护承诺重点领域", "Only the campaign office edits the focus areas"))
        }
    }
}
