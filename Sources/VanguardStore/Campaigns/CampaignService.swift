import Foundation
import SQLKit
import VanguardCore

/// The campaign (主题、阶段、活动载体) and each organization's practice theme and implementation plan.
public struct CampaignService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource

    public func all() async throws -> [CampaignRecord] {
        try await backend.read { db in try await CampaignRepository.all(db) }
    }

    public func create(
        name: String, theme: String, subTheme: String?, startYear: Int, endYear: Int, planDueOn: CalendarDay?,
        phases: [CampaignPhase], carriers: [String], as caller: Caller
    ) async throws -> Int64 {
        guard caller.isSystem || caller.scope.grants.contains(where: { $0.role == .campaignOffice }) else {
            throw VanguardError(.forbidden, .init("只有领导小组办公室可以设立活动", "Only the campaign office can set up a campaign"))
        }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw VanguardError.invalid("活动名称不能为空", "The campaign's name is required", field: "name")
        }
        guard !theme.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw VanguardError.invalid("活动主题不能为空", "The theme is required", field: "theme")
        }
        guard startYear <= endYear else {
            throw VanguardError.invalid("结束年份不能早于开始年份", "The end year cannot precede the start year", field: "endYear")
        }
        try CampaignSchedule.check(phases)
        let carriers = carriers.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let now = time.nowMillis()
        return try await backend.write { db in
            let id = try await CampaignRepository.insert(
                db, name: name, theme: theme, subTheme: subTheme, startYear: startYear, endYear: endYear,
                planDueOn: planDueOn, phases: phases, carriers: carriers, now: now)
            try await WritePath.record(
                db, .init(at: now, actor: caller.username, action: "campaign.create", targetType: "campaign", targetID: id, summary: "设立活动 \(name)：\(theme)"))
            return id
        }
    }

    public func plan(campaignID: Int64, organizationID: Int64, as caller: Caller) async throws -> OrganizationPlan? {
        _ = try await OrganizationService(backend: backend, time: time).get(organizationID, as: caller)
        return try await backend.read { db in try await CampaignRepository.plan(db, campaignID: campaignID, organizationID: organizationID) }
    }

    /// 实践主题 / 实施方案 of one organization, saved by someone who manages it (or its own secretary).
    public func savePlan(campaignID: Int64, organizationID: Int64, plan: OrganizationPlan, as caller: Caller) async throws {
        let org = try await OrganizationService(backend: backend, time: time).get(organizationID, as: caller)
        guard caller.allows(.manageOrganizations, at: org.path) || caller.allows(.manageMembers, at: org.path) else {
            throw VanguardError(.forbidden, .init("您没有权限进行此操作", "You are not allowed to do this"))
        }
        let now = time.nowMillis()
        try await backend.write { db in
            try await CampaignRepository.savePlan(db, campaignID: campaignID, organizationID: organizationID, plan: plan, now: now)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "plan.save", targetType: "organization", targetID: organizationID,
                    summary: "实践主题：\(plan.practiceTheme ?? "")"))
        }
    }
}
