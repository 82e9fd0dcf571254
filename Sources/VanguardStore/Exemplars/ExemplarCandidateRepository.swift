import SQLKit
import VanguardCore

/// 典型候选: an organization or member of the office's subtree worth writing up, and why.
public struct ExemplarCandidate: Sendable, Hashable {
    public var source: ExemplarSource
    public var organizationName: String
    public var organizationCode: String
    public var memberName: String?
    public var memberNo: String?
    /// What makes it a candidate (the title and year, the demonstration point's day, the satisfaction).
    public var note: String

    public var name: String { memberName ?? organizationName }
}

/// SQL of exemplar candidates: the commended, named demonstration points and organizations the masses
/// rate highly, inside a subtree, that no story of the office is about yet.
extension ExemplarRepository {
    /// Not yet the subject of a story of `office`: a member's by her (wherever she belongs now), an
    /// organization's by it (alias `x`; `member` is the member column, or NULL for an organization).
    static func notWritten(office: Int64, member: String) -> SQLQueryString {
        if member == "NULL" {
            return
                " NOT EXISTS (SELECT 1 FROM exemplars e WHERE e.organization_id = \(bind: office) AND e.subject_organization_id = x.id AND e.subject_member_id IS NULL)"
        }
        return """
             (\(unsafeRaw: member) IS NULL AND NOT EXISTS (SELECT 1 FROM exemplars e WHERE e.organization_id = \(bind: office) AND e.subject_organization_id = x.id AND e.subject_member_id IS NULL)
            OR \(unsafeRaw: member) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM exemplars e WHERE e.organization_id = \(bind: office) AND e.subject_member_id = \(unsafeRaw: member)))
            """
    }

    static func candidates(_ db: any SQLDatabase, office: OrganizationRecord, since year: Int, limit: Int) async throws -> [ExemplarCandidate] {
        let b = subtreeBounds(office.path)
        let inside: SQLQueryString = "x.path >= \(bind: b.low) AND x.path < \(bind: b.high) AND x.dissolved = \(bind: false)"
        let lim: SQLQueryString = "\(unsafeRaw: String(limit))"
        var out: [ExemplarCandidate] = []
        for r in try await db.raw(
            """
            SELECT x.name, x.code, m.name AS member_name, m.member_no, t.name AS title_name, r.year FROM nominations n
            JOIN commendation_rounds r ON r.id = n.round_id JOIN commendation_titles t ON t.code = n.title JOIN organizations x ON x.id = n.organization_id
            LEFT JOIN members m ON m.id = n.member_id WHERE n.state = 'commended' AND r.year >= \(bind: year) AND
            """ + " " + inside + " AND" + notWritten(office: office.id, member: "n.member_id") + " ORDER BY r.year DESC, n.id DESC LIMIT " + lim
        ).all() {
            out.append(
                .init(
                    source: .commendation, organizationName: try r.string("name"), organizationCode: try r.string("code"),
                    memberName: try r.optionalString("member_name"), memberNo: try r.optionalString("member_no"),
                    note: "\(try r.int("year"))年度\(try r.string("title_name"))"))
        }
        for r in try await db.raw(
            """
            SELECT x.name, x.code, d.decided_on FROM demonstration_points d JOIN organizations x ON x.id = d.organization_id
            WHERE d.state = 'approved' AND
            """ + " " + inside + " AND" + notWritten(office: office.id, member: "NULL") + " ORDER BY d.decided_on DESC, d.id DESC LIMIT " + lim
        ).all() {
            out.append(
                .init(
                    source: .demonstration, organizationName: try r.string("name"), organizationCode: try r.string("code"), memberName: nil,
                    memberNo: nil, note: "示范点（\(try r.optionalString("decided_on") ?? "")命名）"))
        }
        // The organizations' own results in closed rounds of mass evaluation (a round rates its organization first).
        for r in try await db.raw(
            """
            SELECT x.name, x.code, MAX(res.rate) AS rate FROM evaluation_results res JOIN evaluation_targets tg ON tg.id = res.target_id
            JOIN evaluation_rounds er ON er.id = tg.round_id JOIN organizations x ON x.id = tg.organization_id
            WHERE tg.member_id IS NULL AND er.state = 'closed' AND res.rate >= \(bind: ExemplarRules.satisfactionCandidate) AND
            """ + " " + inside + " AND" + notWritten(office: office.id, member: "NULL")
                + " GROUP BY x.id, x.name, x.code ORDER BY MAX(res.rate) DESC, x.id LIMIT " + lim
        ).all() {
            out.append(
                .init(
                    source: .satisfaction, organizationName: try r.string("name"), organizationCode: try r.string("code"), memberName: nil,
                    memberNo: nil, note: "群众满意率 " + ChineseNumber.percent(try r.decode(column: "rate", as: Double?.self))))
        }
        return out
    }
}
