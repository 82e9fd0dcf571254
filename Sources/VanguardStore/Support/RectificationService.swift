import SQLKit
import VanguardCore
import VanguardSheets

/// 整改事项详情: the item, its history and what the caller may do.
public struct RectificationDetail: Sendable {
    public var item: RectificationItemRecord
    public var entries: [RectificationEntryRecord]
    public var policy: RectificationPolicy
    /// Where its source lives: the commitment a demand was made on, the planned inspection that found it.
    public var commitmentID: Int64? = nil
    public var inspectionPlanID: Int64? = nil
}

/// 整改台账 of a subtree: an organization and its items (or those it confirms), with their total.
public struct RectificationLedger: Sendable {
    public var organization: OrganizationRecord
    public var items: [RectificationItemRecord]
    public var total: Int
}

/// 整改事项: the one life every source's items share — opened by their source, answered by the unit,
/// checked off (盘点销号) or returned by the confirming organization, marked overdue by the daily sweep.
public struct RectificationService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该整改事项", "Rectification item")

    /// Opens an item inside its source's transaction (a designation's ledger, an inspection's finding).
    static func open(
        _ db: any SQLDatabase, _ item: RectificationRepository.NewItem, caller: Caller, time: any TimeSource, tell: Bool = true
    ) async throws -> Int64 {
        let now = time.nowMillis()
        var new = item
        new.problem = item.problem.trimmingCharacters(in: .whitespacesAndNewlines)
        new.measure = item.measure.trimmingCharacters(in: .whitespacesAndNewlines)
        new.responsible = item.responsible.trimmingCharacters(in: .whitespacesAndNewlines)
        let id = try await WritePath.changing(db, Changes(), now: now) {
            try await RectificationRepository.insert(db, new, on: time.today(), by: caller.username, now: now)
        } also: {
            Changes(rectifications: [$0])
        }
        guard let record = try await RectificationRepository.get(db, id: id) else { throw VanguardError.notFound(what) }
        try await WritePath.record(
            db,
            .init(
                at: now, actor: caller.username, action: "rectification.open", targetType: "rectification", targetID: id,
                summary: "\(item.source.name.zh)：\(new.problem.prefix(100))", tells: tell ? [.rectification(record, nil, text: new.problem)] : []))
        return id
    }

    /// Whether the caller may see the item: officers of the unit or of the confirming organization, the
    /// member it concerns, and — for a backward unit's ledger — whoever may see the designation.
    static func visible(_ db: any SQLDatabase, id: Int64, _ caller: Caller) async throws -> (RectificationItemRecord, RectificationPolicy) {
        guard let item = try await RectificationRepository.get(db, id: id) else { throw VanguardError.notFound(what) }
        let isMember = caller.memberID != nil && caller.memberID == item.memberID
        let confirms = caller.allows(.reviewCommitments, at: item.confirmerPath)
        // The unit answers for itself: an officer whose grant also covers the confirming organization is
        // the confirming side, not the unit (unless the unit confirms its own, as a branch its members').
        let answers =
            isMember
            || (caller.allows(.reviewCommitments, at: item.organizationPath) && (item.confirmerID == item.organizationID || !confirms))
        var sees = answers || confirms || caller.allows(.readPrivate, at: item.organizationPath) || caller.allows(.readPrivate, at: item.confirmerPath)
        if !sees, item.source == .backward { sees = (try? await BackwardService.visible(db, id: item.sourceID, caller)) != nil }
        if !sees, item.source == .inspection, let plan = try await InspectionRepository.planID(db, inspection: item.sourceID) {
            sees = (try? await InspectionService.access(db, planID: plan, caller)) != nil
        }
        guard sees else { throw VanguardError.notFound(what) }
        let requestedBy = try await RectificationRepository.entries(db, item: item.id).last { $0.action == .request }?.actor
        return (item, RectificationPolicy(answers: answers, confirms: confirms, requestedBy: requestedBy))
    }

    /// A step on an item: progress, a request for check-off, the check-off or a return.
    public func act(_ id: Int64, _ action: RectificationAction, text: String, as caller: Caller) async throws -> RectificationItemRecord {
        try await backend.write { db in try await Self.step(db, id: id, action, text: text, caller: caller, time: time) }
        return try await backend.read { db in try await RectificationRepository.get(db, id: id)! }
    }

    /// A step on an item inside the caller's transaction (its own command, or its source's — a commitment's
    /// answer to a rectification demand asks for check-off).
    static func step(
        _ db: any SQLDatabase, id: Int64, _ action: RectificationAction, text: String, caller: Caller, time: any TimeSource, tell: Bool = true
    ) async throws {
        let today = time.today()
        let now = time.nowMillis()
        let note = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // Who may, before what was sent: out of sight, a bad body is as missing as a good one.
        let (item, policy) = try await Self.visible(db, id: id, caller)
        try await RectificationRepository.lock(db, id: item.id)
        try policy.check(action, state: item.state, caller: caller.username)
        try RectificationRules.check(action, text: text)
        let next = try RectificationRules.apply(action, to: item.state)
        try await WritePath.changing(db, Changes(rectifications: [item.id]), now: now) {
            if next != item.state {
                guard try await RectificationRepository.transition(db, id: item.id, from: item.state, to: next, version: item.version, on: today) else {
                    throw VanguardError.conflict("该事项刚被他人处理，请刷新后再试", "Someone acted on this item just now; reload and try again")
                }
            }
            try await RectificationRepository.addEntry(db, item: item.id, action: action, text: note, actor: caller.username, on: today, now: now)
        }
        try await WritePath.record(
            db,
            .init(
                at: now, actor: caller.username, action: "rectification.\(action.rawValue)", targetType: "rectification", targetID: item.id,
                summary: "\(action.name.zh)：\(note.isEmpty ? item.problem.prefix(60) : note.prefix(100))",
                tells: action == .progress || !tell ? [] : [.rectification(item, action, text: note)]))
    }

    public func detail(_ id: Int64, as caller: Caller) async throws -> RectificationDetail {
        try await backend.read { db in
            let (item, policy) = try await Self.visible(db, id: id, caller)
            return RectificationDetail(
                item: item, entries: try await RectificationRepository.entries(db, item: item.id), policy: policy,
                commitmentID: item.source == .commitment ? try await SupervisionRepository.get(db, id: item.sourceID)?.commitmentID : nil,
                inspectionPlanID: item.source == .inspection ? try await InspectionRepository.planID(db, inspection: item.sourceID) : nil)
        }
    }

    /// 整改台账: items of the subtree's units — or, `confirming`, those its organizations check off — newest first.
    public func ledger(
        organizationID: Int64, filter: RectificationFilter, confirming: Bool, as caller: Caller, limit: Int = 500
    ) async throws -> RectificationLedger {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            try caller.require(.readPrivate, at: org.path, what: OrganizationService.what)
            let found = try await RectificationRepository.under(db, path: org.path, confirming: confirming, filter: filter, limit: max(1, limit))
            return RectificationLedger(organization: org, items: found.items, total: found.total)
        }
    }

    /// 整改台账 as a file: every item of the subtree's units (or, `confirming`, those it checks off) in the filter.
    public func export(
        organizationID: Int64, filter: RectificationFilter, confirming: Bool, format: SheetFormat, as caller: Caller
    ) async throws -> ExportFile {
        let ledger = try await ledger(organizationID: organizationID, filter: filter, confirming: confirming, as: caller, limit: 1_000_000)  // bounded by the subtree
        let today = time.today()
        let layout = SheetLayout(
            sheetName: "整改台账", title: "\(ledger.organization.name)整改台账（编制日期：\(today)）",
            header: ["来源", "整改单位", "存在的问题", "整改措施", "责任人", "整改时限", "状态", "逾期", "列入日期", "销号日期", "销号组织"], landscape: true)
        let rows: [[SheetCell]] = ledger.items.reversed().map { i in
            [
                .text(i.source.name.zh), .text(i.unitName), .text(i.problem), .text(i.measure), .text(i.responsible), .text(i.deadline.description),
                .text(i.state.name.zh), .text(RectificationRules.isOverdue(state: i.state, deadline: i.deadline, today: today) ? "是" : ""),
                .text(i.openedOn.description), .text(i.checkedOffOn?.description ?? ""), .text(i.confirmerName),
            ]
        }
        let out = try SheetOutput(format: format, layout: layout.fitting(Array(rows.prefix(200))))
        for r in rows { try out.append(r) }
        return try out.finish(name: "\(OrganizationName.short(ledger.organization.name))整改台账")
    }

    public struct SweepResult: Sendable, Equatable {
        public var markedOverdue: Int
        public var reminded: Int
    }

    /// Marks items past their deadline overdue (told to the unit and the confirming organization) and
    /// reminds of those due within a week, once per item and deadline. Twice on a day changes nothing.
    public func sweep() async throws -> SweepResult {
        let today = time.today()
        let now = time.nowMillis()
        let soon = CalendarDay.fromDaysSince1970(today.daysSince1970 + RectificationRules.reminderDays)
        let due = try await backend.read { db in try await RectificationRepository.due(db, today: today, soon: soon) }
        var result = SweepResult(markedOverdue: 0, reminded: 0)
        for chunk in due.chunked(500) {
            let part = try await backend.write { db in
                // Read again inside the transaction, the rows locked: an item checked off since is not marked.
                try await RectificationRepository.lock(db, ids: chunk.map(\.id))
                let chunk = try await RectificationRepository.items(db, ids: chunk.map(\.id))
                let late = chunk.filter { RectificationRules.isOverdue(state: $0.state, deadline: $0.deadline, today: today) && !$0.overdue }
                var tells: [Notice] = late.map { .rectificationOverdue($0) }
                var reminded = 0
                for item in chunk where item.deadline >= today {
                    guard try await !NotificationRepository.wasSent(db, dedupeKey: NotificationProjection.rectificationDueKey(item)) else { continue }
                    tells.append(.rectificationDue(item))
                    reminded += 1
                }
                if !late.isEmpty {
                    try await WritePath.changing(db, Changes(rectifications: Set(late.map(\.id))), now: now) {
                        try await RectificationRepository.markOverdue(db, ids: late.map(\.id))
                    }
                }
                if !tells.isEmpty {
                    try await WritePath.record(
                        db,
                        .init(
                            at: now, actor: "system", action: "rectification.sweep", targetType: "rectification", targetID: nil,
                            summary: "整改事项逾期 \(late.count) 项，到期提醒 \(reminded) 条", tells: tells))
                }
                return SweepResult(markedOverdue: late.count, reminded: reminded)
            }
            result.markedOverdue += part.markedOverdue
            result.reminded += part.reminded
        }
        return result
    }
}
