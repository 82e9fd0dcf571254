import SQLKit
import VanguardCore
import VanguardSheets

/// 巡回检查 of one quarter: the groups an organization formed, their plans and inspections, and each
/// plan's items (opened, checked off, overdue).
public struct InspectionBoard: Sendable {
    public var organization: OrganizationRecord
    public var quarter: Quarter
    public var groups: [InspectionGroupRecord]
    public var plans: [InspectionPlanRecord]
    public var counts: [Int64: (opened: Int, checkedOff: Int, overdue: Int)]
    /// The office: forms groups and plans.
    public var mayManage: Bool
    /// The groups the caller belongs to (she records their inspections).
    public var myGroups: Set<Int64>
}

/// One planned inspection's page: the plan, the checklist, its record and items, and what earlier
/// tours left open at the unit.
public struct InspectionDesk: Sendable {
    public var plan: InspectionPlanRecord
    public var checks: [InspectionCheck]
    public var items: [RectificationItemRecord]
    public var stillOpen: [RectificationItemRecord]
    public var mayRecord: Bool
}

/// 巡回检查组: the office forms groups of inspectors (accounts), plans each quarter which group inspects
/// which unit; a member of the group records the inspection (checklist, findings, score), each finding
/// to put right opening a rectification item of the unit that the office checks off; the next tour sees
/// what is still open; a quarter's report per group and for the whole exports to Excel.
public struct InspectionService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该巡回检查", "Inspection")

    public func checks() async throws -> [InspectionCheck] { try await backend.read { db in try await InspectionRepository.checks(db) } }

    /// 组建检查组: a name and its members' usernames.
    public func createGroup(organizationID: Int64, name: String, usernames: [String], as caller: Caller) async throws -> Int64 {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let now = time.nowMillis()
        return try await backend.write { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            try caller.require(.manageCampaign, at: org.path, what: OrganizationService.what)
            guard !name.isEmpty, name.count <= 100 else { throw VanguardError.invalid("请写明检查组名称（不超过100字）", "Name the group", field: "name") }
            guard !usernames.isEmpty, usernames.count <= 20 else {
                throw VanguardError.invalid("检查组须有1至20名成员", "A group has 1 to 20 members", field: "members")
            }
            let id = try await InspectionRepository.insertGroup(db, organizationID: org.id, name: name, by: caller.username, now: now)
            for u in usernames {
                guard let user = try await AccountRepository.user(db, username: u.trimmingCharacters(in: .whitespaces)) else {
                    throw VanguardError.invalid("没有用户名为“\(u.prefix(40))”的账号", "No account '\(u.prefix(40))'", field: "members")
                }
                try await InspectionRepository.addMember(db, group: id, userID: user.id)
            }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "inspection.group", targetType: "organization", targetID: org.id,
                    summary: "组建\(name)（\(usernames.joined(separator: "、"))）"))
            return id
        }
    }

    /// 季度检查计划: the group inspects these units (in its organization's subtree) in the quarter.
    public func plan(groupID: Int64, quarter: Quarter?, organizationIDs: [Int64], as caller: Caller) async throws -> Int {
        let now = time.nowMillis()
        return try await backend.write { db in
            guard let group = try await InspectionRepository.group(db, id: groupID) else { throw VanguardError.notFound(Self.what) }
            let owner = try await OrganizationRepository.visible(db, id: group.organizationID, to: caller, what: Self.what)
            try caller.require(.manageCampaign, at: owner.path, what: Self.what)
            let quarter = try Quarter.required(quarter)
            guard !organizationIDs.isEmpty, organizationIDs.count <= 200 else {
                throw VanguardError.invalid("请选择1至200个被检查单位", "Choose 1 to 200 units", field: "organizations")
            }
            var planned = 0
            for id in organizationIDs {
                guard let unit = try await OrganizationRepository.get(db, id: id), owner.path.contains(unit.path), unit.id != owner.id, !unit.dissolved else {
                    throw VanguardError.invalid("被检查单位须在\(owner.name)之下", "Units lie below \(owner.name)", field: "organizations")
                }
                if try await InspectionRepository.insertPlan(db, group: group.id, quarter: quarter, organizationID: unit.id) { planned += 1 }
            }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "inspection.plan", targetType: "organization", targetID: owner.id,
                    summary: "\(group.name)\(quarter.name.zh)检查\(planned)个单位"))
            return planned
        }
    }

    /// 巡回检查 of the organization's groups in the quarter, for its officers and the groups' members.
    public func board(organizationID: Int64, quarter: Quarter?, as caller: Caller) async throws -> InspectionBoard {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            let groups = try await InspectionRepository.groups(db, organizationIDs: [org.id])
            let groupIDs = if let user = caller.userID { try await InspectionRepository.groupIDs(db, userID: user) } else { [Int64]() }
            let mine = Set(groupIDs)
            guard caller.allows(.readPrivate, at: org.path) || groups.contains(where: { mine.contains($0.id) }) else {
                throw VanguardError(.forbidden, .init("只有组织部门和检查组成员可以查看巡回检查", "Only the office and the groups see inspections"))
            }
            let quarter = try Quarter.required(quarter)
            let plans = try await InspectionRepository.plans(db, groupIDs: groups.map(\.id), quarter: quarter)
            return InspectionBoard(
                organization: org, quarter: quarter, groups: groups, plans: plans,
                counts: try await InspectionRepository.itemCounts(db, planIDs: plans.map(\.id)), mayManage: caller.allows(.manageCampaign, at: org.path),
                myGroups: mine)
        }
    }

    /// Who may see a plan and who may record it: the group's members and the office record; the unit's officers see.
    static func access(_ db: any SQLDatabase, planID: Int64, _ caller: Caller) async throws -> (InspectionPlanRecord, mayRecord: Bool) {
        guard let plan = try await InspectionRepository.plan(db, id: planID), let owner = try await OrganizationRepository.get(db, id: plan.groupOrganizationID)
        else { throw VanguardError.notFound(what) }
        let member = if let user = caller.userID { try await InspectionRepository.groupIDs(db, userID: user).contains(plan.groupID) } else { false }
        let mayRecord = member || caller.allows(.manageCampaign, at: owner.path)
        guard mayRecord || caller.allows(.readPrivate, at: plan.organizationPath) || caller.allows(.readPrivate, at: owner.path) else {
            throw VanguardError.notFound(what)
        }
        return (plan, mayRecord)
    }

    public func desk(planID: Int64, as caller: Caller) async throws -> InspectionDesk {
        try await backend.read { db in
            let (plan, mayRecord) = try await Self.access(db, planID: planID, caller)
            let items =
                if let i = plan.inspection { try await RectificationRepository.of(db, source: .inspection, id: i.id) } else { [RectificationItemRecord]() }
            let open = try await InspectionRepository.openItems(db, organizationID: plan.organizationID).filter { i in !items.contains { $0.id == i.id } }
            return InspectionDesk(
                plan: plan, checks: try await InspectionRepository.checks(db), items: items, stillOpen: open, mayRecord: mayRecord && plan.inspection == nil)
        }
    }

    /// 检查记录: the checklist's results, the findings, the score; each problem opens an item of the unit.
    public func record(
        planID: Int64, inspectedOn: CalendarDay, results: [String: InspectionResult], findings: String, score: Int, problems: [VisitProblem],
        as caller: Caller
    ) async throws -> Int64 {
        let today = time.today()
        let now = time.nowMillis()
        return try await backend.write { db in
            let (plan, mayRecord) = try await Self.access(db, planID: planID, caller)
            guard mayRecord else { throw VanguardError(.forbidden, .init("只有本检查组成员可以记录检查", "Only the group records its inspections")) }
            guard problems.count <= 20 else { throw VanguardError.invalid("一次最多列入20个问题", "At most 20 problems", field: "problems") }
            for p in problems {
                try RectificationRules.checkNew(problem: p.problem, measure: p.measure, responsible: p.responsible, deadline: p.deadline, today: today)
            }
            try InspectionRules.check(
                results: results, checklist: try await InspectionRepository.checks(db), score: score, findings: findings, inspectedOn: inspectedOn,
                quarter: plan.quarter, today: today)
            guard
                let id = try await WritePath.changing(
                    db, Changes(), now: now,
                    {
                        try await InspectionRepository.insertInspection(
                            db, plan: plan.id, inspectedOn: inspectedOn, results: results,
                            findings: findings.trimmingCharacters(in: .whitespacesAndNewlines), score: score, by: caller.username, now: now)
                    }, also: { $0.map { Changes(inspections: [$0]) } ?? Changes() })
            else { throw VanguardError.conflict("该单位本季度的检查已记录", "This inspection has been recorded already") }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "inspection.record", targetType: "organization", targetID: plan.organizationID,
                    summary: "\(plan.groupName)检查\(plan.organizationName)：\(score)分，发现问题\(problems.count)个"))
            for p in problems {
                _ = try await RectificationService.open(
                    db,
                    .init(
                        source: .inspection, sourceID: id, organizationID: plan.organizationID, memberID: nil, confirmerID: plan.groupOrganizationID,
                        problem: p.problem, measure: p.measure, responsible: p.responsible, deadline: p.deadline), caller: caller, time: time)
            }
            return id
        }
    }

    /// 季度检查报告: per group, each unit inspected (date, score, grade, problems, rectified, overdue) and the
    /// group's total; the last row is the whole.
    public func report(organizationID: Int64, quarter: Quarter?, format: SheetFormat, as caller: Caller) async throws -> ExportFile {
        let board = try await board(organizationID: organizationID, quarter: quarter, as: caller)
        let quarter = board.quarter
        let layout = SheetLayout(
            sheetName: "巡回检查", title: "\(board.organization.name)\(quarter.name.zh)巡回检查情况（编制日期：\(time.today())）",
            header: ["检查组", "被检查单位", "检查日期", "得分", "等次", "发现问题", "已整改销号", "逾期未整改"], landscape: true)
        var rows: [[SheetCell]] = []
        var total = (units: 0, inspected: 0, opened: 0, done: 0, late: 0)
        for g in board.groups {
            var sub = (units: 0, inspected: 0, opened: 0, done: 0, late: 0)
            for p in board.plans where p.groupID == g.id {
                let c = board.counts[p.id] ?? (0, 0, 0)
                rows.append([
                    .text(g.name), .text(p.organizationName), .text(p.inspection?.inspectedOn.description ?? "未检查"),
                    p.inspection.map { .integer($0.score) } ?? .text(""), .text(p.inspection.map { InspectionRules.grade($0.score).zh } ?? ""),
                    .count(c.opened), .count(c.checkedOff), .count(c.overdue),
                ])
                sub = (sub.units + 1, sub.inspected + (p.inspection == nil ? 0 : 1), sub.opened + c.opened, sub.done + c.checkedOff, sub.late + c.overdue)
            }
            rows.append([
                .text("小计：" + g.name), .text("计划\(sub.units)个，已检查\(sub.inspected)个"), .text(""), .text(""), .text(""), .count(sub.opened),
                .count(sub.done), .count(sub.late),
            ])
            total = (total.units + sub.units, total.inspected + sub.inspected, total.opened + sub.opened, total.done + sub.done, total.late + sub.late)
        }
        rows.append([
            .text("合计"), .text("计划\(total.units)个，已检查\(total.inspected)个"), .text(""), .text(""), .text(""), .count(total.opened),
            .count(total.done), .count(total.late),
        ])
        let out = try SheetOutput(format: format, layout: layout.fitting(rows))
        for r in rows { try out.append(r) }
        return try out.finish(name: "\(OrganizationName.short(board.organization.name))\(quarter.name.zh)巡回检查情况")
    }
}
