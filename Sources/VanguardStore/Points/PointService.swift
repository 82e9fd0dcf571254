import Foundation
import SQLKit
import VanguardCore

/// One line of a member's point ledger, with the points the current rules give it.
public struct PointEntry: Sendable, Hashable {
    public var id: Int64
    public var memberID: Int64
    public var memberName: String
    public var event: PointEventKind
    public var day: CalendarDay
    public var points: Int
    public var reason: String?
    /// approved, pending (a manual entry awaiting its second person) or rejected.
    public var state: String
    public var proposedBy: String
    public var approvedBy: String?
}

/// A member's year in points: total, rank in the branch, stars.
public struct PointStanding: Sendable, Hashable {
    public var memberID: Int64
    public var name: String
    public var total: Int
    public var rank: Int
    public var stars: Int
}

/// 积分制管理与评星定级: automatic events come from what the system knows (a commitment fulfilled on
/// time, a determination's grade, a closed round's satisfaction rate), manual ones from the branch with
/// a reason and a second person's approval; totals are computed from the events under the campaign's
/// current rules. The automatic events and the counters follow the facts through `PointsProjection`, so
/// every read here is only a read.
public struct PointService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该积分记录", "Point entry")

    /// The settings of the campaign covering `year` (the standard ones if it has none).
    public func settings(year: Int) async throws -> EvaluationSettings {
        try await backend.read { db in try await PointRepository.settings(db, year: year) }
    }

    /// 评价办法页: a campaign and its own settings (the standard ones until the office sets them), in
    /// one read; an unknown campaign is not found.
    public func settings(campaignID: Int64) async throws -> (campaign: CampaignRecord, settings: EvaluationSettings) {
        try await backend.read { db in
            guard let campaign = try await CampaignRepository.all(db).first(where: { $0.id == campaignID }) else {
                throw VanguardError.notFound(.init("该活动", "Campaign"))
            }
            return (campaign, try await PointRepository.settings(db, campaignID: campaignID))
        }
    }

    /// 评价办法: the campaign office sets a campaign's weights, point rules and star thresholds.
    public func saveSettings(campaignID: Int64, _ settings: EvaluationSettings, as caller: Caller) async throws {
        guard caller.isSystem || caller.scope.grants.contains(where: { $0.role == .campaignOffice }) else {
            throw VanguardError(.forbidden, .init("只有领导小组办公室可以制定评价办法", "Only the campaign office sets the evaluation rules"))
        }
        try settings.check()
        let now = time.nowMillis()
        let json = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        try await backend.write { db in
            guard try await PointRepository.saveSettings(db, campaignID: campaignID, json: json, by: caller.username, now: now) else {
                throw VanguardError.notFound(.init("该活动", "Campaign"))
            }
            // New rules or thresholds give every member a new total and level.
            try await WritePath.rebuild(db, only: PointsProjection(), now: now)
            try await WritePath.record(
                db, .init(at: now, actor: caller.username, action: "settings.save", targetType: "campaign", targetID: campaignID, summary: "修改评价办法"))
        }
    }

    /// A member's ledger (every year, so caps apply in order) and their standing in `year`.
    public func ledger(memberID: Int64, year: Int, as caller: Caller) async throws -> (entries: [PointEntry], standing: PointStanding) {
        let l = try await memberLedger(memberID: memberID, year: year, as: caller)
        return (l.entries, l.standing)
    }

    /// 积分台账页: a member's point entries and standing in a year, and the leaders' comments on her
    /// (for herself and those who may read private records), in one read.
    public func memberLedger(memberID: Int64, year: Int, as caller: Caller) async throws -> MemberPointLedger {
        try await backend.read { db in
            guard let member = try await MemberRepository.get(db, id: memberID), caller.canSee(member.organizationPath) else {
                throw VanguardError.notFound(MemberService.what)
            }
            let standings = try await Self.ranking(db, branchID: member.organizationID, year: year, caller)
            let settings = try await PointRepository.settings(db, year: year)
            let entries = try await PointRepository.entries(db, memberIDs: [memberID], rules: settings.pointRules)
            guard let standing = standings.first(where: { $0.memberID == memberID }) else { throw VanguardError.notFound(MemberService.what) }
            let readsComments = CommentReaders.mayRead(
                commentOn: memberID, readerMemberID: caller.memberID, readsPrivate: caller.allows(.readPrivate, at: member.organizationPath))
            let comments = readsComments ? try await LeaderCommentRepository.on(db, organizationID: member.organizationID, memberID: memberID) : []
            return MemberPointLedger(member: member, entries: entries, standing: standing, comments: comments)
        }
    }

    /// 积分页: a branch's ranking in a year and the manual entries awaiting a second person, in one read.
    public func board(branchID: Int64, year: Int, as caller: Caller) async throws -> PointBoard {
        try await backend.read { db in
            let standings = try await Self.ranking(db, branchID: branchID, year: year, caller)
            let org = try await OrganizationRepository.visible(db, id: branchID, to: caller, what: OrganizationService.what)
            return PointBoard(organization: org, standings: standings, pending: try await Self.pending(db, branch: org))
        }
    }

    /// 积分排名: every member of the branch in `year`, highest total first.
    public func ranking(branchID: Int64, year: Int, as caller: Caller) async throws -> [PointStanding] {
        try await backend.read { db in try await Self.ranking(db, branchID: branchID, year: year, caller) }
    }

    static func ranking(_ db: any SQLDatabase, branchID: Int64, year: Int, _ caller: Caller) async throws -> [PointStanding] {
        let org = try await OrganizationRepository.visible(db, id: branchID, to: caller, what: OrganizationService.what)
        let settings = try await PointRepository.settings(db, year: year)
        let members = try await PointRepository.branchMembers(db, branchID: org.id)
        let totals = try await PointsProjection.totals(db, members: members.map(\.id), year: year, rules: settings.pointRules)
        let list = members.map { ($0.id, $0.name, totals[$0.id] ?? 0) }
        let ranks = PointRanking.ranks(list.map(\.2))
        return zip(list, ranks).map { m, rank in
            PointStanding(memberID: m.0, name: m.1, total: m.2, rank: rank, stars: StarLevel.stars(for: Double(m.2), thresholds: settings.memberStars))
        }.sorted { ($0.rank, $0.memberID) < ($1.rank, $1.memberID) }
    }

    /// Proposes manual points (negative to deduct) with a reason; they count once another person approves.
    public func propose(memberID: Int64, points: Int, reason: String, as caller: Caller) async throws -> Int64 {
        try ManualPointsRule.check(points: points, reason: reason)
        let now = time.nowMillis()
        let today = time.today()
        return try await backend.write { db in
            guard let m = try await MemberRepository.get(db, id: memberID), caller.canSee(m.organizationPath) else {
                throw VanguardError.notFound(MemberService.what)
            }
            try caller.require(.manageMembers, at: m.organizationPath, what: MemberService.what)
            let id = try await PointRepository.propose(
                db, memberID: memberID, points: points, reason: reason.trimmingCharacters(in: .whitespacesAndNewlines), day: today, by: caller.username,
                now: now)
            try await WritePath.record(
                db,
                .init(at: now, actor: caller.username, action: "points.propose", targetType: "member", targetID: memberID, summary: "提出加减分\(points)：\(reason)"))
            return id
        }
    }

    /// Approves (or rejects) a pending manual entry; its proposer cannot.
    public func decide(eventID: Int64, approve: Bool, as caller: Caller) async throws {
        let now = time.nowMillis()
        try await backend.write { db in
            guard let entry = try await PointRepository.manual(db, id: eventID),
                let m = try await MemberRepository.get(db, id: entry.memberID), caller.canSee(m.organizationPath)
            else { throw VanguardError.notFound(Self.what) }
            try caller.require(.manageMembers, at: m.organizationPath, what: Self.what)
            try ManualPointsRule.checkApprover(proposedBy: entry.proposedBy, approver: caller.username)
            let decided = try await WritePath.changing(db, .members([m.id]), now: now) {
                try await PointRepository.decide(db, id: eventID, approve: approve, by: caller.username)
            }
            guard decided else { throw VanguardError.conflict("该加减分已经审核过", "This entry was decided already") }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: approve ? "points.approve" : "points.reject", targetType: "member", targetID: m.id,
                    summary: approve ? "审核通过加减分" : "退回加减分"))
        }
    }

    /// Manual entries of a branch awaiting a second person.
    public func pending(branchID: Int64, as caller: Caller) async throws -> [PointEntry] {
        try await backend.read { db in
            try await Self.pending(db, branch: try await OrganizationRepository.visible(db, id: branchID, to: caller, what: OrganizationService.what))
        }
    }

    static func pending(_ db: any SQLDatabase, branch: OrganizationRecord) async throws -> [PointEntry] {
        let ids = try await PointRepository.branchMembers(db, branchID: branch.id).map(\.id)
        return try await PointRepository.entries(db, memberIDs: ids, rules: []).filter { $0.state == "pending" }
    }
}

/// A member's point ledger as her page shows it.
public struct MemberPointLedger: Sendable {
    public let member: MemberRecord
    public let entries: [PointEntry]
    public let standing: PointStanding
    /// The leaders' comments on her, when the reader may read them (else empty).
    public let comments: [LeaderCommentRecord]
}

/// A branch's points page.
public struct PointBoard: Sendable {
    public let organization: OrganizationRecord
    public let standings: [PointStanding]
    public let pending: [PointEntry]
}
