import SQLKit
import VanguardCore

/// A focus area as listed.
public struct FocusAreaRecord: Sendable, Hashable {
    public var id: Int64
    public var sector: Sector
    public var audience: FocusAudience
    public var text: String
}

/// SQL for the focus areas (承诺重点领域) the campaign office edits.
enum FocusAreaRepository {
    /// The texts suggested for a sector and an audience, in their order.
    static func focusAreas(_ db: any SQLDatabase, sector: Sector, audience: String) async throws -> [String] {
        try await db.raw("SELECT text FROM focus_areas WHERE sector = \(bind: sector.rawValue) AND audience = \(bind: audience) ORDER BY position")
            .all(decodingColumn: "text", as: String.self)
    }

    /// Every focus area by sector, audience and position (rows of unknown sector or audience are skipped).
    static func all(_ db: any SQLDatabase) async throws -> [FocusAreaRecord] {
        try await db.raw("SELECT * FROM focus_areas ORDER BY sector, audience, position, id").all().compactMap { r in
            guard let sector = Sector(rawValue: try r.string("sector")), let audience = FocusAudience(rawValue: try r.string("audience")) else {
                return nil
            }
            return FocusAreaRecord(id: try r.int64("id"), sector: sector, audience: audience, text: try r.string("text"))
        }
    }

    /// Appends a focus area after every other.
    static func add(_ db: any SQLDatabase, sector: Sector, audience: FocusAudience, text: String) async throws {
        let position = try await db.raw("SELECT COALESCE(MAX(position), 0) + 1 AS p FROM focus_areas").first(decodingColumn: "p", as: Int.self) ?? 1
        try await db.insert(into: "focus_areas").columns("sector", "audience", "text", "position")
            .values(SQLBind(sector.rawValue), SQLBind(audience.rawValue), SQLBind(text), SQLBind(position)).run()
    }

    /// Deletes a focus area; returns its text, nil if there was none.
    static func remove(_ db: any SQLDatabase, id: Int64) async throws -> String? {
        try await db.raw("DELETE FROM focus_areas WHERE id = \(bind: id) RETURNING text").first(decodingColumn: "text", as: String.self)
    }
}
