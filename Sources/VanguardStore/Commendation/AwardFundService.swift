import SQLKit
import VanguardCore
import VanguardSheets

/// A committee's fund of a year as its page shows it: the sources with their balances, the ledger, the
/// commended units and people an award may go to, and what the caller may do.
public struct FundLedger: Sendable {
    public var organization: OrganizationRecord
    public var year: Int
    public var sources: [FundSourceRecord]
    public var entries: [FundEntryRecord]
    /// 可奖励对象: commended nominations of the rounds of committees in the subtree.
    public var awardable: [NominationRecord]
    /// Whether the caller keeps the fund (the committee's office).
    public var manages: Bool
}

/// 创先争优基石工程: the committee's office records the sources and the money received; one officer
/// proposes an award to a commended unit or person, another approves it, and nothing is paid beyond the
/// source's balance; a revoked title's awards are reclaimed (`CommendationService.revoke`).
public struct AwardFundService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该奖励基金", "Award fund")

    static func managed(_ db: any SQLDatabase, organizationID: Int64, _ caller: Caller) async throws -> OrganizationRecord {
        let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
        try caller.require(.readPrivate, at: org.path, what: OrganizationService.what)
        try CommendationService.requireManage(caller, at: org.path)
        return org
    }

    static func source(_ db: any SQLDatabase, id: Int64, _ caller: Caller) async throws -> (FundSourceRecord, OrganizationRecord) {
        guard let s = try await FundRepository.source(db, id: id), let org = try await OrganizationRepository.get(db, id: s.organizationID),
            caller.allows(.readPrivate, at: org.path)
        else { throw VanguardError.notFound(what) }
        try CommendationService.requireManage(caller, at: org.path)
        return (s, org)
    }

    /// The ledger, for those who read private data at the committee (the fund's money is its office's).
    public func ledger(organizationID: Int64, year: Int, as caller: Caller, entryLimit: Int = 1000) async throws -> FundLedger {
        guard (2000...2100).contains(year) else { throw VanguardError.invalid("年度须在2000到2100之间", "The year is 2000 to 2100", field: "year") }
        return try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            try caller.require(.readPrivate, at: org.path, what: OrganizationService.what)
            return FundLedger(
                organization: org, year: year, sources: try await FundRepository.sources(db, organizationID: org.id, year: year),
                entries: try await FundRepository.entries(db, organizationID: org.id, year: year, limit: entryLimit),
                awardable: try await NominationRepository.commended(db, byCommitteesUnder: org.path),
                manages: caller.allows(.manageOrganizations, at: org.path))
        }
    }

    /// 资金台账 as a sheet: every entry with its source, nominee and approver, then each source's balance.
    public func export(organizationID: Int64, year: Int, format: SheetFormat, as caller: Caller) async throws -> ExportFile {
        let l = try await ledger(organizationID: organizationID, year: year, as: caller, entryLimit: 1_000_000)  // every entry
        let layout = SheetLayout(
            sheetName: "基石工程", title: "\(l.organization.name)\(year)年度创先争优基石工程资金台账（编制日期：\(time.today())）",
            header: ["日期", "资金来源", "类别", "奖励对象", "称号", "奖励方式", "金额（元）", "状态", "经办", "审批", "说明"], landscape: true)
        var rows: [[SheetCell]] = l.entries.map { e in
            [
                .text(e.day.description), .text(e.sourceName), .text(e.kind.name.zh), .text(e.nomineeName ?? ""), .text(e.titleName ?? ""),
                .text(e.awardKind?.name.zh ?? ""), .integer(e.kind == .payment ? -e.amount : e.amount), .text(e.state.name.zh), .text(e.proposedBy),
                .text(e.decidedBy ?? ""), .text(e.note),
            ]
        }
        for s in l.sources {
            rows.append([
                .text("余额"), .text(s.name), .text(s.kind.name.zh), .text("到账\(s.received)，支出\(s.paid)，追回\(s.reclaimed)"), .text(""), .text(""),
                .integer(s.balance), .text(s.pending > 0 ? "待审批\(s.pending)" : ""), .text(""), .text(""), .text(""),
            ])
        }
        let out = try SheetOutput(format: format, layout: layout.fitting(rows))
        for r in rows { try out.append(r) }
        return try out.finish(name: "\(OrganizationName.short(l.organization.name))\(year)年度基石工程资金台账")
    }

    /// 资金来源: a sponsor, the city's or a county's share, for the committee's year.
    public func addSource(organizationID: Int64, year: Int, kind: FundSourceKind, name: String, as caller: Caller) async throws -> Int64 {
        let now = time.nowMillis()
        return try await backend.write { db in
            let org = try await Self.managed(db, organizationID: organizationID, caller)
            try CommendingCommittee.check(kind: org.kind)
            let text = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty, CommendationText.fits(text, limit: 100) else {
                throw VanguardError.invalid("请填写资金来源名称（不超过100字）", "Name the source", field: "name")
            }
            guard (2000...2100).contains(year) else { throw VanguardError.invalid("年度不正确", "The year is out of range", field: "year") }
            guard let id = try await FundRepository.insertSource(db, organizationID: org.id, year: year, kind: kind, name: text, by: caller.username, now: now)
            else { throw VanguardError.conflict("已有同名资金来源", "A source of that name exists") }
            try await WritePath.record(
                db, .init(at: now, actor: caller.username, action: "fund.source", targetType: "organization", targetID: org.id, summary: "资金来源：\(text)"))
            return id
        }
    }

    /// 资金到账: money received into a source.
    public func receive(sourceID: Int64, amount: Int, on day: CalendarDay, note: String, as caller: Caller) async throws -> Int64 {
        let now = time.nowMillis()
        let today = time.today()
        return try await backend.write { db in
            let (s, _) = try await Self.source(db, id: sourceID, caller)
            try AwardFundRules.checkAmount(amount)
            try AwardFundRules.checkNote(note, required: false)
            guard day <= today else { throw VanguardError.invalid("到账日期不能晚于今天", "The date cannot be in the future", field: "day") }
            let id = try await WritePath.changing(
                db, Changes(), now: now,
                {
                    try await FundRepository.insertEntry(
                        db, source: s.id, kind: .income, amount: amount, nomination: nil, award: nil,
                        note: note.trimmingCharacters(in: .whitespacesAndNewlines),
                        day: day, state: .approved, by: caller.username, now: now)
                }, also: { Changes(fundEntries: [$0]) })
            try await WritePath.record(
                db, .init(at: now, actor: caller.username, action: "fund.income", targetType: "fund", targetID: s.id, summary: "\(s.name)到账\(amount)元"))
            return id
        }
    }

    /// 奖励支出（提出）: an award to a commended unit or person, waiting for a second person.
    public func proposePayment(
        sourceID: Int64, nominationID: Int64, award: AwardKind, amount: Int, note: String, as caller: Caller
    ) async throws -> Int64 {
        let now = time.nowMillis()
        let today = time.today()
        return try await backend.write { db in
            let (seen, org) = try await Self.source(db, id: sourceID, caller)
            try await FundRepository.lock(db, source: seen.id)
            let s = try await FundRepository.source(db, id: seen.id) ?? seen  // under the lock: another proposal may have just counted
            try AwardFundRules.checkAmount(amount)
            try AwardFundRules.checkNote(note, required: false)
            try await NominationRepository.lock(db, id: nominationID)  // the source, then the nomination (as approval): not while it is revoked
            guard let n = try await NominationRepository.get(db, id: nominationID), n.state == .commended,
                let round = try await CommendationRepository.get(db, id: n.roundID), org.path.contains(round.organizationPath)
            else { throw VanguardError.invalid("只能奖励本级及下级表彰的先进集体和个人", "Awards go to those commended by this committee or below", field: "nominationId") }
            guard amount <= s.balance - s.pending else {
                throw VanguardError.conflict(
                    "该资金来源余额\(s.balance)元（待审批\(s.pending)元），不足支付\(amount)元", "The source's balance (less pending) is short of \(amount) yuan")
            }
            let id = try await FundRepository.insertEntry(
                db, source: s.id, kind: .payment, amount: amount, nomination: n.id, award: award, note: note.trimmingCharacters(in: .whitespacesAndNewlines),
                day: today, state: .pending, by: caller.username, now: now)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "fund.propose", targetType: "fund", targetID: s.id,
                    summary: "拟奖励\(n.nomineeName)\(award.name.zh)\(amount)元"))
            return id
        }
    }

    /// The committee of a source, for the fund's office (404 for anyone else).
    public func sourceOrganization(_ id: Int64, as caller: Caller) async throws -> Int64 {
        try await backend.read { db in try await Self.source(db, id: id, caller).1.id }
    }

    /// One entry, for the fund's office.
    public func entry(_ id: Int64, as caller: Caller) async throws -> FundEntryRecord {
        try await backend.read { db in
            guard let e = try await FundRepository.entry(db, id: id) else { throw VanguardError.notFound(Self.what) }
            _ = try await Self.source(db, id: e.sourceID, caller)
            return e
        }
    }

    /// The committee whose fund an entry is in, for its office (404 for anyone else).
    public func entryOrganization(_ id: Int64, as caller: Caller) async throws -> Int64 {
        try await backend.read { db in
            guard let e = try await FundRepository.entry(db, id: id) else { throw VanguardError.notFound(Self.what) }
            return try await Self.source(db, id: e.sourceID, caller).1.id
        }
    }

    /// 审批: another officer approves (nothing beyond the balance) or rejects a proposed payment.
    public func decide(entryID: Int64, approve: Bool, as caller: Caller) async throws {
        let now = time.nowMillis()
        try await backend.write { db in
            guard let e = try await FundRepository.entry(db, id: entryID) else { throw VanguardError.notFound(Self.what) }
            let (s, _) = try await Self.source(db, id: e.sourceID, caller)
            try await FundRepository.lock(db, source: s.id)
            guard e.state == .pending, e.kind == .payment else { throw VanguardError.conflict("该笔已审批", "Already decided") }
            // A title revoked meanwhile takes its awards with it: nothing is paid to it any more.
            if approve, let nomination = e.nominationID {
                try await NominationRepository.lock(db, id: nomination)
                guard try await NominationRepository.get(db, id: nomination)?.state == .commended else {
                    throw VanguardError.conflict("该称号已撤销，不能再支付奖励", "The title was revoked: no award is paid")
                }
            }
            // Read again under the lock: another approval may have spent the balance meanwhile.
            let balance = try await FundRepository.source(db, id: s.id)?.balance ?? 0
            if approve {
                try AwardFundRules.checkApproval(proposedBy: e.proposedBy, approver: caller.username, amount: e.amount, balance: balance)
            } else if e.proposedBy == caller.username {
                throw VanguardError(.forbidden, .init("奖励支出须由另一人审批", "Another person decides a payment"))
            }
            let done = try await WritePath.changing(db, Changes(fundEntries: [e.id]), now: now) {
                try await FundRepository.decide(db, id: e.id, approve: approve, by: caller.username)
            }
            guard done else { throw VanguardError.conflict("该笔已审批", "Already decided") }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: approve ? "fund.approve" : "fund.reject", targetType: "fund", targetID: s.id,
                    summary: (approve ? "批准" : "未批准") + "奖励\(e.nomineeName ?? "")\(e.amount)元"))
        }
    }

    /// 追回: every booked award of a nomination whose title is revoked comes back to its source (in the
    /// revocation's transaction); the new entries' ids.
    static func reclaim(_ db: any SQLDatabase, nomination: Int64, reason: String, on day: CalendarDay, by actor: String, now: Int64) async throws -> [Int64] {
        try await FundRepository.rejectPending(db, nomination: nomination, by: actor)  // awards not yet approved are not paid at all
        var ids: [Int64] = []
        for p in try await FundRepository.payments(db, nomination: nomination) {
            ids.append(
                try await FundRepository.insertEntry(
                    db, source: p.sourceID, kind: .reclaim, amount: p.amount, nomination: nomination, award: p.awardKind, note: "撤销称号追回：" + reason.prefix(200),
                    day: day, state: .approved, by: actor, now: now))
        }
        return ids
    }
}
