import SQLKit
import VanguardCore

/// 创先争优活动: a campaign with its theme, years, phases and "2+X" activity carriers.
public struct CampaignRecord: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var theme: String
    public var subTheme: String?
    public var startYear: Int
    public var endYear: Int
    /// 实施方案 due date for every unit.
    public var planDueOn: CalendarDay?
    public var phases: [CampaignPhase]
    public var carriers: [String]
}

/// An organization's 实践主题 and 实施方案 for a campaign.
public struct OrganizationPlan: Sendable, Hashable {
    public var practiceTheme: String?
    public var planText: String?
    public var dueOn: CalendarDay?
    public var submittedOn: CalendarDay?

    public init(practiceTheme: String?, planText: String?, dueOn: CalendarDay?, submittedOn: CalendarDay?) {
        self.practiceTheme = practiceTheme
        self.planText = planText
        self.dueOn = dueOn
        self.submittedOn = submittedOn
    }
}

/// SQL for campaigns and organization plans.
public enum CampaignRepository {
    public static func insert(
        _ db: any SQLDatabase, name: String, theme: String, subTheme: String?, startYear: Int, endYear: Int,
        planDueOn: CalendarDay?, phases: [CampaignPhase], carriers: [String], now: Int64
    ) async throws -> Int64 {
        let id = try await db.insert(into: "campaigns")
            .columns("name", "theme", "sub_theme", "start_year", "end_year", "plan_due_on", "created_at")
            .values(SQLBind(name), SQLBind(theme), SQLBind(subTheme), SQLBind(startYear), SQLBind(endYear), SQLBind(planDueOn?.description), SQLBind(now))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
        for p in phases {
            try await db.insert(into: "campaign_phases").columns("campaign_id", "kind", "starts_on", "ends_on")
                .values(SQLBind(id), SQLBind(p.kind.rawValue), SQLBind(p.startsOn.description), SQLBind(p.endsOn.description)).run()
        }
        for c in carriers {
            try await db.insert(into: "campaign_carriers").columns("campaign_id", "name").values(SQLBind(id), SQLBind(c)).run()
        }
        return id
    }

    public static func all(_ db: any SQLDatabase) async throws -> [CampaignRecord] {
        var out: [CampaignRecord] = []
        for row in try await db.raw("SELECT * FROM campaigns ORDER BY start_year DESC, id DESC").all() {
            let id = try row.int64("id")
            let phases = try await db.raw("SELECT * FROM campaign_phases WHERE campaign_id = \(bind: id) ORDER BY starts_on").all().compactMap {
                r -> CampaignPhase? in
                guard let kind = CampaignPhaseKind(rawValue: try r.string("kind")) else { return nil }
                return CampaignPhase(kind: kind, startsOn: try r.day("starts_on"), endsOn: try r.day("ends_on"))
            }
            let carriers = try await db.raw("SELECT name FROM campaign_carriers WHERE campaign_id = \(bind: id) ORDER BY id").all(
                decodingColumn: "name", as: String.self)
            out.append(
                CampaignRecord(
                    id: id, name: try row.string("name"), theme: try row.string("theme"), subTheme: try row.optionalString("sub_theme"),
                    startYear: try row.int("start_year"), endYear: try row.int("end_year"),
                    planDueOn: try row.optionalString("plan_due_on").flatMap(CalendarDay.init(parsing:)), phases: phases, carriers: carriers))
        }
        return out
    }

    /// 承诺轮次 open on `day`, by the campaign covering that year (round 1 without a campaign).
    public static func round(_ db: any SQLDatabase, on day: CalendarDay) async throws -> Int {
        let campaigns = try await all(db)
        guard let c = campaigns.first(where: { $0.startYear <= day.year && day.year <= $0.endYear }) ?? campaigns.first else { return 1 }
        return CommitmentRound.number(on: day, startYear: c.startYear, endYear: c.endYear, phases: c.phases)
    }

    public static func plan(_ db: any SQLDatabase, campaignID: Int64, organizationID: Int64) async throws -> OrganizationPlan? {
        guard
            let row = try await db.raw(
                """
                SELECT * FROM organization_plans WHERE campaign_id = \(bind: campaignID) AND organization_id = \(bind: organizationID)
                """
            ).first()
        else { return nil }
        return OrganizationPlan(
            practiceTheme: try row.optionalString("practice_theme"), planText: try row.optionalString("plan_text"),
            dueOn: try row.optionalString("due_on").flatMap(CalendarDay.init(parsing:)),
            submittedOn: try row.optionalString("submitted_on").flatMap(CalendarDay.init(parsing:)))
    }

    public static func savePlan(_ db: any SQLDatabase, campaignID: Int64, organizationID: Int64, plan: OrganizationPlan, now: Int64) async throws {
        try await db.delete(from: "organization_plans").where("campaign_id", .equal, SQLBind(campaignID)).where(
            "organization_id", .equal, SQLBind(organizationID)
        ).run()
        try await db.insert(into: "organization_plans")
            .columns("campaign_id", "organization_id", "practice_theme", "plan_text", "due_on", "submitted_on", "updated_at")
            .values(
                SQLBind(campaignID), SQLBind(organizationID), SQLBind(plan.practiceTheme), SQLBind(plan.planText),
                SQLBind(plan.dueOn?.description), SQLBind(plan.submittedOn?.description), SQLBind(now)
            ).run()
    }
}
