import Foundation
import SQLKit
import VanguardCore

/// 巡回检查组 as recorded, with its members' accounts.
public struct InspectionGroupRecord: Sendable, Hashable {
    public struct Member: Sendable, Hashable {
        public var userID: Int64
        public var username: String
        public var displayName: String
    }
    public var id: Int64
    public var organizationID: Int64
    public var name: String
    public var members: [Member]
}

/// 检查记录: the checklist's results, the findings and the score.
public struct InspectionRecord: Sendable, Hashable {
    public var id: Int64
    public var inspectedOn: CalendarDay
    public var results: [String: InspectionResult]
    public var findings: String
    public var score: Int
    public var recordedBy: String
}

/// One unit a group inspects in a quarter, and its inspection once recorded.
public struct InspectionPlanRecord: Sendable, Hashable {
    public var id: Int64
    public var groupID: Int64
    public var groupName: String
    public var groupOrganizationID: Int64
    public var quarter: Quarter
    public var organizationID: Int64
    public var organizationName: String
    public var organizationPath: TreePath
    public var inspection: InspectionRecord?
}

/// SQL for inspection groups, plans, the checklist and inspections.
public enum InspectionRepository {
    public static func checks(_ db: any SQLDatabase) async throws -> [InspectionCheck] {
        try await db.raw("SELECT code, title FROM inspection_checks ORDER BY position, code").all().map {
            InspectionCheck(code: try $0.string("code"), title: try $0.string("title"))
        }
    }

    static func insertGroup(_ db: any SQLDatabase, organizationID: Int64, name: String, by actor: String, now: Int64) async throws -> Int64 {
        try await db.insert(into: "inspection_groups").columns("organization_id", "name", "created_by", "at")
            .values(SQLBind(organizationID), SQLBind(name), SQLBind(actor), SQLBind(now))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    static func addMember(_ db: any SQLDatabase, group: Int64, userID: Int64) async throws {
        try await db.insert(into: "inspection_group_members").columns("group_id", "user_id").values(SQLBind(group), SQLBind(userID))
            .ignoringConflicts(with: ["group_id", "user_id"]).run()
    }

    /// The groups an organization formed, with their members.
    static func groups(_ db: any SQLDatabase, organizationIDs: [Int64]) async throws -> [InspectionGroupRecord] {
        guard !organizationIDs.isEmpty else { return [] }
        let rows = try await db.raw(
            "SELECT id, organization_id, name FROM inspection_groups WHERE organization_id IN (\(SQLList(organizationIDs.map { SQLBind($0) }))) ORDER BY id"
        ).all()
        var out: [InspectionGroupRecord] = []
        for r in rows {
            let id = try r.int64("id")
            let members = try await db.raw(
                "SELECT u.id, u.username, u.display_name FROM inspection_group_members g JOIN users u ON u.id = g.user_id WHERE g.group_id = \(bind: id) ORDER BY u.id"
            ).all().map {
                InspectionGroupRecord.Member(userID: try $0.int64("id"), username: try $0.string("username"), displayName: try $0.string("display_name"))
            }
            out.append(.init(id: id, organizationID: try r.int64("organization_id"), name: try r.string("name"), members: members))
        }
        return out
    }

    static func group(_ db: any SQLDatabase, id: Int64) async throws -> InspectionGroupRecord? {
        guard
            let orgID = try await db.raw("SELECT organization_id FROM inspection_groups WHERE id = \(bind: id)").first(
                decodingColumn: "organization_id", as: Int64.self)
        else { return nil }
        return try await groups(db, organizationIDs: [orgID]).first { $0.id == id }
    }

    /// The groups the account belongs to.
    static func groupIDs(_ db: any SQLDatabase, userID: Int64) async throws -> [Int64] {
        try await db.raw("SELECT group_id FROM inspection_group_members WHERE user_id = \(bind: userID)").all(decodingColumn: "group_id", as: Int64.self)
    }

    /// Plans a unit once per group and quarter; false when it was planned already.
    static func insertPlan(_ db: any SQLDatabase, group: Int64, quarter: Quarter, organizationID: Int64) async throws -> Bool {
        try await db.insert(into: "inspection_plans").columns("group_id", "quarter", "organization_id")
            .values(SQLBind(group), SQLBind(quarter.description), SQLBind(organizationID))
            .ignoringConflicts(with: ["group_id", "quarter", "organization_id"])
            .returning("id").first(decodingColumn: "id", as: Int64.self) != nil
    }

    static func plans(_ db: any SQLDatabase, groupIDs: [Int64], quarter: Quarter) async throws -> [InspectionPlanRecord] {
        guard !groupIDs.isEmpty else { return [] }
        return try await query(db, "p.group_id IN (\(SQLList(groupIDs.map { SQLBind($0) }))) AND p.quarter = \(bind: quarter.description)")
    }

    public static func plan(_ db: any SQLDatabase, id: Int64) async throws -> InspectionPlanRecord? {
        try await query(db, "p.id = \(bind: id)").first
    }

    static func query(_ db: any SQLDatabase, _ clause: SQLQueryString) async throws -> [InspectionPlanRecord] {
        try await db.raw(
            """
            SELECT p.id, p.group_id, g.name AS group_name, g.organization_id AS group_org, p.quarter, p.organization_id, o.name AS org_name, o.path AS org_path,
              i.id AS inspection_id, i.inspected_on, i.results, i.findings, i.score, i.recorded_by
            FROM inspection_plans p JOIN inspection_groups g ON g.id = p.group_id JOIN organizations o ON o.id = p.organization_id
            LEFT JOIN inspections i ON i.plan_id = p.id WHERE
            """ + " " + clause + " ORDER BY g.id, o.path"
        ).all().map { r in
            var inspection: InspectionRecord?
            if let id = try r.optionalInt64("inspection_id") {
                let raw = try JSONDecoder().decode([String: String].self, from: Data(try r.string("results").utf8))
                inspection = InspectionRecord(
                    id: id, inspectedOn: try r.day("inspected_on"), results: raw.compactMapValues(InspectionResult.init(rawValue:)),
                    findings: try r.string("findings"), score: try r.int("score"), recordedBy: try r.string("recorded_by"))
            }
            return InspectionPlanRecord(
                id: try r.int64("id"), groupID: try r.int64("group_id"), groupName: try r.string("group_name"), groupOrganizationID: try r.int64("group_org"),
                quarter: Quarter(try r.string("quarter")) ?? Quarter(year: 2000, quarter: 1)!, organizationID: try r.int64("organization_id"),
                organizationName: try r.string("org_name"), organizationPath: TreePath(try r.string("org_path")) ?? TreePath(ids: [0]), inspection: inspection)
        }
    }

    /// Records the plan's inspection; nil when it was recorded already.
    static func insertInspection(
        _ db: any SQLDatabase, plan: Int64, inspectedOn: CalendarDay, results: [String: InspectionResult], findings: String, score: Int, by actor: String,
        now: Int64
    ) async throws -> Int64? {
        let json = String(decoding: try JSONEncoder().encode(results.mapValues(\.rawValue)), as: UTF8.self)
        return try await db.insert(into: "inspections").columns("plan_id", "inspected_on", "results", "findings", "score", "recorded_by", "at")
            .values(SQLBind(plan), SQLBind(inspectedOn.description), SQLBind(json), SQLBind(findings), SQLBind(score), SQLBind(actor), SQLBind(now))
            .ignoringConflicts(with: ["plan_id"])
            .returning("id").first(decodingColumn: "id", as: Int64.self)
    }

    /// Items from inspections of the unit still open (the next tour sees them).
    static func openItems(_ db: any SQLDatabase, organizationID: Int64) async throws -> [RectificationItemRecord] {
        try await RectificationRepository.query(
            db, "r.source = 'inspection' AND r.organization_id = \(bind: organizationID) AND r.state <> 'checked_off'", limit: 100, newestFirst: false)
    }

    /// Per plan of the groups in the quarter: its items opened, checked off and overdue.
    static func itemCounts(_ db: any SQLDatabase, planIDs: [Int64]) async throws -> [Int64: (opened: Int, checkedOff: Int, overdue: Int)] {
        guard !planIDs.isEmpty else { return [:] }
        var out: [Int64: (Int, Int, Int)] = [:]
        for row in try await db.raw(
            """
            SELECT i.plan_id, COUNT(*) AS n, CAST(SUM(CASE WHEN r.state = 'checked_off' THEN 1 ELSE 0 END) AS BIGINT) AS done,
              CAST(SUM(CASE WHEN r.overdue = \(bind: true) AND r.state <> 'checked_off' THEN 1 ELSE 0 END) AS BIGINT) AS late
            FROM rectification_items r JOIN inspections i ON i.id = r.source_id WHERE r.source = 'inspection' AND i.plan_id IN (\(SQLList(planIDs.map { SQLBind($0) })))
            GROUP BY i.plan_id
            """
        ).all() {
            out[try row.int64("plan_id")] = (
                try row.int("n"), try row.decode(column: "done", as: Int?.self) ?? 0, try row.decode(column: "late", as: Int?.self) ?? 0
            )
        }
        return out
    }

    /// 待检查: the organizations whose groups the account belongs to, with how many of their plans in the
    /// quarter are not recorded yet, the organization first formed first.
    static func pending(_ db: any SQLDatabase, userID: Int64, quarter: Quarter) async throws -> [(organizationID: Int64, count: Int)] {
        try await db.raw(
            """
            SELECT g.organization_id, COUNT(p.id) AS n FROM inspection_group_members gm JOIN inspection_groups g ON g.id = gm.group_id
            LEFT JOIN inspection_plans p ON p.group_id = g.id AND p.quarter = \(bind: quarter.description)
              AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.plan_id = p.id)
            WHERE gm.user_id = \(bind: userID) GROUP BY g.organization_id ORDER BY g.organization_id
            """
        ).all().map { (organizationID: try $0.int64("organization_id"), count: try $0.int("n")) }
    }

    /// The plan an inspection was recorded for.
    static func planID(_ db: any SQLDatabase, inspection: Int64) async throws -> Int64? {
        try await db.raw("SELECT plan_id FROM inspections WHERE id = \(bind: inspection)").first(decodingColumn: "plan_id", as: Int64.self)
    }
}
