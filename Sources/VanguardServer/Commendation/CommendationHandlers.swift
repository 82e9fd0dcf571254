import Foundation
import VanguardAPI
import VanguardCore
import VanguardStore

/// 评选表彰 in the JSON API: rounds, quotas, conditions, nominations level by level, the notice and the
/// decision, objections (lodged by the public without login) and their verification.
extension APIService {
    static func round(_ r: CommendationRoundRecord) -> S.CommendationRound {
        .init(
            id: r.id, organizationId: r.organizationID, organizationName: r.organizationName, year: r.year, level: .init(rawValue: r.level.rawValue)!,
            name: r.name, state: .init(rawValue: r.state.rawValue)!, decideBy: r.decideBy.description, noticeDays: r.noticeDays,
            noticeFrom: r.noticeFrom?.description, noticeUntil: r.noticeUntil?.description, decidedOn: r.decidedOn?.description,
            decisionNumber: r.decisionNumber,
            eligibility: .init(additionalProperties: r.eligibility.mapValues { $0.map(Self.rule) }))
    }

    static func rule(_ r: EligibilityRule) -> S.EligibilityRule { .init(kind: .init(rawValue: r.kind.rawValue)!, value: r.value) }

    static func nomination(_ n: NominationRecord) -> S.Nomination {
        .init(
            id: n.id, roundId: n.roundID, title: n.title, titleName: n.titleName, organizationId: n.organizationID, organizationName: n.organizationName,
            memberId: n.memberID, memberName: n.memberName, nominatorId: n.nominatorID, holderId: n.holderID, holderName: n.holderName,
            state: .init(rawValue: n.state.rawValue)!, deeds: n.deeds, summary: n.summary, reason: n.reason, commendedOn: n.commendedOn?.description,
            revokedOn: n.revokedOn?.description, barredUntil: n.barredUntil?.description,
            facts: n.facts.map { f in
                .init(
                    grade: f.grade.flatMap { .init(rawValue: $0.rawValue) }, satisfaction: f.satisfaction, score: f.score, points: f.points,
                    backward: f.backward, overdueItems: f.overdueItems, revokedOn: f.revokedOn?.description, itemsDue: f.itemsDue,
                    itemsFulfilled: f.itemsFulfilled)
            })
    }

    static func objection(_ x: ObjectionRecord) -> S.Objection {
        .init(
            id: x.id, nominationId: x.nominationID, content: x.content, name: x.name, contact: x.contact,
            outcome: x.outcome.flatMap { .init(rawValue: $0.rawValue) },
            verification: x.verification, verifiedBy: x.verifiedBy, at: x.at)
    }

    func listCommendationTitles(_ input: Operations.ListCommendationTitles.Input) async throws -> Operations.ListCommendationTitles.Output {
        _ = try caller
        return .ok(
            .init(
                body: .json(
                    try await vanguard.commendations.titles().map { .init(code: $0.code, name: $0.name, subject: .init(rawValue: $0.subject.rawValue)!) })))
    }

    func listCommendationRounds(_ input: Operations.ListCommendationRounds.Input) async throws -> Operations.ListCommendationRounds.Output {
        let list = try await vanguard.commendations.rounds(organizationID: input.path.id, as: try caller)
        return .ok(.init(body: .json(.init(rounds: list.rounds.map(Self.round), mayOpen: list.mayOpen))))
    }

    func openCommendationRound(_ input: Operations.OpenCommendationRound.Input) async throws -> Operations.OpenCommendationRound.Output {
        let caller = try caller
        _ = try await vanguard.organizations.get(input.path.id, as: caller)  // out of sight: 404 before the body is read
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        guard let decideBy = CalendarDay(parsing: b.decideBy) else { throw VanguardError.invalid("表彰日期须为日期", "decideBy must be a date", field: "decideBy") }
        let r = try await vanguard.commendations.open(
            organizationID: input.path.id, year: b.year, level: CommendationLevel(rawValue: b.level.rawValue)!, name: b.name, decideBy: decideBy,
            noticeDays: b.noticeDays, as: caller)
        return .created(.init(body: .json(Self.round(r))))
    }

    func getCommendationRound(_ input: Operations.GetCommendationRound.Input) async throws -> Operations.GetCommendationRound.Output {
        let d = try await vanguard.commendations.desk(roundID: input.path.id, as: try caller)
        return .ok(
            .init(
                body: .json(
                    .init(
                        round: Self.round(d.round),
                        quotas: d.quotas.map {
                            .init(
                                title: $0.title, organizationId: $0.organizationID, organizationName: $0.organizationName, parentId: $0.parentID,
                                quota: $0.quota, used: $0.used)
                        }, nominations: d.nominations.map(Self.nomination), objections: d.objections?.map(Self.objection), manages: d.manages))))
    }

    func setCommendationQuota(_ input: Operations.SetCommendationQuota.Input) async throws -> Operations.SetCommendationQuota.Output {
        let caller = try caller
        _ = try await vanguard.commendations.desk(roundID: input.path.id, as: caller)  // out of sight: 404 before the body is read
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.commendations.setQuota(roundID: input.path.id, title: b.title, organizationID: b.organizationId, quota: b.quota, as: caller)
        return .noContent(.init())
    }

    func setCommendationEligibility(_ input: Operations.SetCommendationEligibility.Input) async throws -> Operations.SetCommendationEligibility.Output {
        let caller = try caller
        _ = try await vanguard.commendations.desk(roundID: input.path.id, as: caller)
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.commendations.setEligibility(
            roundID: input.path.id, title: b.title, rules: b.rules.map { EligibilityRule(EligibilityKind(rawValue: $0.kind.rawValue)!, $0.value) }, as: caller)
        return .noContent(.init())
    }

    func nominate(_ input: Operations.Nominate.Input) async throws -> Operations.Nominate.Output {
        let caller = try caller
        _ = try await vanguard.commendations.desk(roundID: input.path.id, as: caller)
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let n = try await vanguard.nominations.nominate(
            roundID: input.path.id, title: b.title, nominatorID: b.nominatorId, organizationID: b.organizationId, memberID: b.memberId, deeds: b.deeds,
            summary: b.summary, as: caller)
        return .created(.init(body: .json(Self.nomination(n))))
    }

    func publishCommendationNotice(_ input: Operations.PublishCommendationNotice.Input) async throws -> Operations.PublishCommendationNotice.Output {
        try await vanguard.commendations.publish(roundID: input.path.id, as: try caller)
        return .noContent(.init())
    }

    func decideCommendation(_ input: Operations.DecideCommendation.Input) async throws -> Operations.DecideCommendation.Output {
        let caller = try caller
        _ = try await vanguard.commendations.desk(roundID: input.path.id, as: caller)
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.commendations.decide(roundID: input.path.id, number: b.number, as: caller)
        return .noContent(.init())
    }

    func getNomination(_ input: Operations.GetNomination.Input) async throws -> Operations.GetNomination.Output {
        let d = try await vanguard.nominations.detail(input.path.id, as: try caller)
        return .ok(
            .init(
                body: .json(
                    .init(
                        nomination: Self.nomination(d.nomination),
                        steps: d.steps.map { .init(action: $0.action, organizationName: $0.organizationName, note: $0.note, actor: $0.actor, at: $0.at) },
                        objections: d.objections?.map(Self.objection), mayForward: d.mayForward, mayShortlist: d.mayShortlist, mayReturn: d.mayReturn,
                        mayRevoke: d.mayRevoke, files: d.files?.map { .init(id: $0.id, name: $0.name, contentType: $0.contentType, size: $0.size) }))))
    }

    func actOnNomination(_ input: Operations.ActOnNomination.Input) async throws -> Operations.ActOnNomination.Output {
        let caller = try caller
        let id = input.path.id
        _ = try await vanguard.nominations.detail(id, as: caller)  // out of sight: 404 before the body is read
        var reason = ""
        var years: Int?
        var measure = "", responsible = "", deadline: String?
        if case .json(let b)? = input.body {
            reason = b.reason ?? ""
            years = b.barYears
            (measure, responsible, deadline) = (b.measure ?? "", b.responsible ?? "", b.deadline)
        }
        switch input.path.action {
        case .forward: try await vanguard.nominations.forward(id, as: caller)
        case .shortlist: try await vanguard.nominations.shortlist(id, as: caller)
        case ._return: try await vanguard.nominations.returnNomination(id, reason: reason, as: caller)
        case .revocation: try await vanguard.commendations.revoke(nominationID: id, reason: reason, barYears: years ?? 3, as: caller)
        case .criticism:
            guard let day = deadline.flatMap(CalendarDay.init(parsing:)) else {
                throw VanguardError.invalid("整改期限须为日期（如2027-03-31）", "deadline must be a date (yyyy-mm-dd)", field: "deadline")
            }
            _ = try await vanguard.commendations.criticize(
                nominationID: id, problem: reason, measure: measure, responsible: responsible, deadline: day, as: caller)
        }
        return .noContent(.init())
    }

    func verifyObjection(_ input: Operations.VerifyObjection.Input) async throws -> Operations.VerifyObjection.Output {
        let caller = try caller
        _ = try await vanguard.publicNotices.objectionRound(input.path.id, as: caller)  // not hers: 404 before the body is read
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.publicNotices.verify(
            objectionID: input.path.id, outcome: ObjectionOutcome(rawValue: b.outcome.rawValue)!, text: b.verification, as: caller)
        return .noContent(.init())
    }

    func listPublicNotices(_ input: Operations.ListPublicNotices.Input) async throws -> Operations.ListPublicNotices.Output {
        .ok(.init(body: .json(try await vanguard.publicNotices.board().map(Self.round))))
    }

    func getPublicNotice(_ input: Operations.GetPublicNotice.Input) async throws -> Operations.GetPublicNotice.Output {
        let n = try await vanguard.publicNotices.notice(roundID: input.path.id)
        return .ok(
            .init(
                body: .json(
                    .init(
                        round: Self.round(n.round), open: n.open,
                        entries: n.entries.map {
                            .init(
                                nominationId: $0.nominationID, titleName: $0.titleName, nomineeName: $0.nomineeName, organizationName: $0.organizationName,
                                summary: $0.summary, state: .init(rawValue: $0.state.rawValue)!, revocation: $0.revocation)
                        }))))
    }

    func lodgeObjection(_ input: Operations.LodgeObjection.Input) async throws -> Operations.LodgeObjection.Output {
        _ = try await vanguard.publicNotices.round(ofNomination: input.path.id)  // not public: 404 before the body is read
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        _ = try await vanguard.publicNotices.lodge(
            nominationID: input.path.id, content: b.content, name: b.name, contact: b.contact, client: RequestClient.address)
        return .created(.init())
    }
}

/// 基石工程 in the JSON API.
extension APIService {
    static func fundEntry(_ e: FundEntryRecord) -> S.FundEntry {
        .init(
            id: e.id, sourceId: e.sourceID, sourceName: e.sourceName, kind: .init(rawValue: e.kind.rawValue)!, amount: e.amount, nominationId: e.nominationID,
            nomineeName: e.nomineeName, titleName: e.titleName, award: e.awardKind.flatMap { .init(rawValue: $0.rawValue) }, note: e.note,
            day: e.day.description, state: .init(rawValue: e.state.rawValue)!, proposedBy: e.proposedBy, decidedBy: e.decidedBy)
    }

    func getAwardFund(_ input: Operations.GetAwardFund.Input) async throws -> Operations.GetAwardFund.Output {
        let year = input.query.year ?? vanguard.time.today().year
        let l = try await vanguard.awardFund.ledger(organizationID: input.path.id, year: year, as: try caller)
        return .ok(
            .init(
                body: .json(
                    .init(
                        year: year,
                        sources: l.sources.map {
                            .init(
                                id: $0.id, name: $0.name, kind: .init(rawValue: $0.kind.rawValue)!, received: $0.received, paid: $0.paid,
                                reclaimed: $0.reclaimed,
                                pending: $0.pending, balance: $0.balance)
                        }, entries: l.entries.map(Self.fundEntry)))))
    }

    func addFundSource(_ input: Operations.AddFundSource.Input) async throws -> Operations.AddFundSource.Output {
        let caller = try caller
        _ = try await vanguard.awardFund.ledger(organizationID: input.path.id, year: vanguard.time.today().year, as: caller)  // 404 before the body
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let id = try await vanguard.awardFund.addSource(
            organizationID: input.path.id, year: b.year, kind: FundSourceKind(rawValue: b.kind.rawValue)!, name: b.name, as: caller)
        return .created(.init(body: .json(.init(id: id))))
    }

    func addFundEntry(_ input: Operations.AddFundEntry.Input) async throws -> Operations.AddFundEntry.Output {
        let caller = try caller
        _ = try await vanguard.awardFund.sourceOrganization(input.path.id, as: caller)  // not hers: 404 before the body is read
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let id: Int64
        switch b.kind {
        case .income:
            guard let text = b.day else { throw VanguardError.invalid("请填写到账日期", "day is required", field: "day") }
            guard let day = CalendarDay(parsing: text) else {
                throw VanguardError.invalid("到账日期须为日期（如2026-03-15）", "day must be a date (yyyy-mm-dd)", field: "day")
            }
            id = try await vanguard.awardFund.receive(sourceID: input.path.id, amount: b.amount, on: day, note: b.note ?? "", as: caller)
        case .payment:
            guard let nomination = b.nominationId, let award = b.award.flatMap({ AwardKind(rawValue: $0.rawValue) }) else {
                throw VanguardError.invalid("奖励支出须写明奖励对象和方式", "A payment names nominationId and award", field: "nominationId")
            }
            id = try await vanguard.awardFund.proposePayment(
                sourceID: input.path.id, nominationID: nomination, award: award, amount: b.amount, note: b.note ?? "", as: caller)
        }
        let entry = try await vanguard.awardFund.entry(id, as: caller)
        return .created(.init(body: .json(Self.fundEntry(entry))))
    }

    func decideFundEntry(_ input: Operations.DecideFundEntry.Input) async throws -> Operations.DecideFundEntry.Output {
        let caller = try caller
        _ = try await vanguard.awardFund.entryOrganization(input.path.id, as: caller)
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.awardFund.decide(entryID: input.path.id, approve: b.approve, as: caller)
        return .noContent(.init())
    }
}
