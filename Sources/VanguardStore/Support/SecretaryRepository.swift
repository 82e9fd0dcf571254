import SQLKit
import VanguardCore

/// 书记履职评价或问责, as recorded by the level above.
public struct SecretaryReviewRecord: Sendable, Hashable {
    public var id: Int64
    public var organizationID: Int64
    public var year: Int
    public var kind: SecretaryReviewKind
    public var rating: SecretaryRating?
    public var text: String
    public var measure: String
    public var recordedBy: String
    public var at: Int64
}

/// SQL for the secretaries' duty lists and reviews.
public enum SecretaryRepository {
    public static func duties(_ db: any SQLDatabase, kind: OrganizationKind) async throws -> [String] {
        try await db.raw("SELECT text FROM secretary_duties WHERE kind = \(bind: kind.rawValue) ORDER BY position, id").all(
            decodingColumn: "text", as: String.self)
    }

    static func insert(
        _ db: any SQLDatabase, organizationID: Int64, year: Int, kind: SecretaryReviewKind, rating: SecretaryRating?, text: String, measure: String,
        by actor: String, now: Int64
    ) async throws -> Int64 {
        try await db.insert(into: "secretary_reviews").columns("organization_id", "year", "kind", "rating", "text", "measure", "recorded_by", "at")
            .values(
                SQLBind(organizationID), SQLBind(year), SQLBind(kind.rawValue), SQLBind(rating?.rawValue), SQLBind(text), SQLBind(measure), SQLBind(actor),
                SQLBind(now)
            ).returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    public static func reviews(_ db: any SQLDatabase, organizationID: Int64) async throws -> [SecretaryReviewRecord] {
        try await db.raw("SELECT * FROM secretary_reviews WHERE organization_id = \(bind: organizationID) ORDER BY year DESC, id DESC LIMIT 100").all()
            .map {
                SecretaryReviewRecord(
                    id: try $0.int64("id"), organizationID: try $0.int64("organization_id"), year: try $0.int("year"),
                    kind: SecretaryReviewKind(rawValue: try $0.string("kind")) ?? .performance,
                    rating: try $0.optionalString("rating").flatMap(SecretaryRating.init(rawValue:)), text: try $0.string("text"),
                    measure: try $0.string("measure"), recordedBy: try $0.string("recorded_by"), at: try $0.int64("at"))
            }
    }
}
