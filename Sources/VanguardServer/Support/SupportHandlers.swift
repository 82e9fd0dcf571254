import Foundation
import OpenAPIRuntime
import VanguardAPI
import VanguardCore
import VanguardStore

/// 督查帮扶 in the JSON API: backward units with their pairing and ledger, and rectification items.
extension APIService {
    static func designation(_ d: BackwardDesignationRecord) -> S.BackwardDesignation {
        .init(
            id: d.id, kind: .init(rawValue: d.kind.rawValue)!, organizationId: d.organizationID, organizationName: d.organizationName, memberId: d.memberID,
            memberName: d.memberName, designatedById: d.designatedByID, designatedByName: d.designatedByName, year: d.year, reasons: d.reasons,
            note: d.note, threshold: d.threshold, state: .init(rawValue: d.state.rawValue)!, stateName: d.state.name(d.kind).zh,
            designatedOn: d.designatedOn.description, liftedOn: d.liftedOn?.description, acceptance: d.acceptance)
    }

    static func rectification(_ i: RectificationItemRecord) -> S.RectificationItem {
        .init(
            id: i.id, source: .init(rawValue: i.source.rawValue)!, sourceId: i.sourceID, organizationId: i.organizationID,
            organizationName: i.organizationName, memberId: i.memberID, memberName: i.memberName, confirmerId: i.confirmerID,
            confirmerName: i.confirmerName, problem: i.problem, measure: i.measure, responsible: i.responsible, deadline: i.deadline.description,
            state: .init(rawValue: i.state.rawValue)!, stateName: i.state.name.zh, overdue: i.overdue, openedOn: i.openedOn.description,
            checkedOffOn: i.checkedOffOn?.description)
    }

    func listBackwardReasons(_ input: Operations.ListBackwardReasons.Input) async throws -> Operations.ListBackwardReasons.Output {
        _ = try caller
        return .ok(
            .init(body: .json(try await vanguard.backward.reasons().map { .init(code: $0.code, kind: .init(rawValue: $0.kind.rawValue)!, name: $0.name) })))
    }

    func listBackward(_ input: Operations.ListBackward.Input) async throws -> Operations.ListBackward.Output {
        let board = try await vanguard.backward.board(
            organizationID: input.path.id, kind: input.query.kind.flatMap { BackwardKind(rawValue: $0.rawValue) },
            state: input.query.state.flatMap { BackwardState(rawValue: $0.rawValue) }, as: try caller)
        return .ok(.init(body: .json(board.designations.map(Self.designation))))
    }

    func designateBackward(_ input: Operations.DesignateBackward.Input) async throws -> Operations.DesignateBackward.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        // A missing id is refused by the service, after it has checked the caller's right to designate here.
        let unit: BackwardUnit? =
            switch b.kind {
            case .organization: b.organizationId.map { .organization($0) }
            case .member: b.memberId.map { .member($0) }
            }
        let d = try await vanguard.backward.designate(
            unit, by: input.path.id, reasons: b.reasons, note: b.note ?? "", threshold: b.threshold, as: try caller)
        return .created(.init(body: .json(Self.designation(d))))
    }

    func getBackward(_ input: Operations.GetBackward.Input) async throws -> Operations.GetBackward.Output {
        let d = try await vanguard.backward.detail(input.path.id, as: try caller)
        return .ok(
            .init(
                body: .json(
                    .init(
                        designation: Self.designation(d.designation), pairingKind: d.pairing.map { .init(rawValue: $0.kind.rawValue)! },
                        pairingActive: d.pairing?.active ?? false,
                        helpers: (d.pairing?.helpers ?? []).map {
                            .init(organizationId: $0.organizationID, memberId: $0.memberID, name: $0.name, addedOn: $0.addedOn.description)
                        },
                        items: d.items.map(Self.rectification),
                        help: d.help.map {
                            .init(
                                kind: .init(rawValue: $0.kind.rawValue)!, heldOn: $0.heldOn.description, content: $0.content, amount: $0.amount,
                                recordedBy: $0.recordedBy)
                        },
                        satisfaction: d.satisfaction, manages: d.policy.manages, helps: d.policy.helps))))
    }

    func addBackwardHelper(_ input: Operations.AddBackwardHelper.Input) async throws -> Operations.AddBackwardHelper.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let helper: BackwardUnit? =
            switch (b.organizationId, b.memberId) {
            case (let o?, nil): .organization(o)
            case (nil, let m?): .member(m)
            default: nil  // neither or both: refused by the service once the caller may pair
            }
        try await vanguard.backward.pair(input.path.id, helper: helper, as: try caller)
        return .noContent(.init())
    }

    func recordBackwardHelp(_ input: Operations.RecordBackwardHelp.Input) async throws -> Operations.RecordBackwardHelp.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.backward.help(
            input.path.id, kind: HelpKind(rawValue: b.kind.rawValue)!, heldOn: try APIMapping.day(b.heldOn, field: "heldOn"), content: b.content,
            amount: b.amount, as: try caller)
        return .noContent(.init())
    }

    func addBackwardItem(_ input: Operations.AddBackwardItem.Input) async throws -> Operations.AddBackwardItem.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let caller = try caller
        let id = try await vanguard.backward.addItem(
            input.path.id, problem: b.problem, measure: b.measure, responsible: b.responsible, deadline: try APIMapping.day(b.deadline, field: "deadline"),
            as: caller)
        return .created(.init(body: .json(Self.rectification(try await vanguard.rectifications.detail(id, as: caller).item))))
    }

    func liftBackward(_ input: Operations.LiftBackward.Input) async throws -> Operations.LiftBackward.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.backward.lift(input.path.id, acceptance: b.acceptance, as: try caller)
        return .noContent(.init())
    }

    func endBackwardPairing(_ input: Operations.EndBackwardPairing.Input) async throws -> Operations.EndBackwardPairing.Output {
        var note = ""
        if case .json(let b)? = input.body { note = b.note }
        try await vanguard.backward.endPairing(input.path.id, note: note, as: try caller)
        return .noContent(.init())
    }

    func listRectifications(_ input: Operations.ListRectifications.Input) async throws -> Operations.ListRectifications.Output {
        let l = try await vanguard.rectifications.ledger(
            organizationID: input.path.id, filter: input.query.state.flatMap { RectificationFilter(rawValue: $0.rawValue) } ?? .all,
            confirming: input.query.confirming ?? false, as: try caller, limit: min(max(1, input.query.limit ?? 100), 500))
        return .ok(.init(body: .json(.init(total: l.total, items: l.items.map(Self.rectification)))))
    }

    func getRectification(_ input: Operations.GetRectification.Input) async throws -> Operations.GetRectification.Output {
        let caller = try caller
        let d = try await vanguard.rectifications.detail(input.path.id, as: caller)
        return .ok(
            .init(
                body: .json(
                    .init(
                        item: Self.rectification(d.item),
                        entries: d.entries.map { .init(action: .init(rawValue: $0.action.rawValue)!, text: $0.text, actor: $0.actor, on: $0.on.description) },
                        steps: RectificationAction.allCases.filter { d.policy.allows($0, state: d.item.state, caller: caller.username) }.map {
                            .init(rawValue: $0.rawValue)!
                        }))))
    }

    func actOnRectification(_ input: Operations.ActOnRectification.Input) async throws -> Operations.ActOnRectification.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let i = try await vanguard.rectifications.act(
            input.path.id, RectificationAction(rawValue: b.action.rawValue)!, text: b.text ?? "", as: try caller)
        return .ok(.init(body: .json(Self.rectification(i))))
    }
}

/// 联系点调研 in the JSON API.
extension APIService {
    static func visit(_ v: ContactVisitRecord) -> S.ContactVisit {
        .init(
            id: v.id, leaderId: v.memberID, leaderName: v.leaderName, organizationId: v.organizationID, organizationName: v.organizationName,
            visitedOn: v.visitedOn.description, participants: v.participants, examined: v.examined, problems: v.problems, guidance: v.guidance,
            solved: v.solved)
    }

    func myContacts(_ input: Operations.MyContacts.Input) async throws -> Operations.MyContacts.Output {
        let mine = try await vanguard.visits.mine(as: try caller)
        return .ok(
            .init(
                body: .json(
                    .init(
                        quarter: Quarter.containing(vanguard.time.today()).description,
                        points: mine.points.map {
                            .init(
                                organizationId: $0.organization.id, name: $0.organization.name, lastVisit: $0.lastVisit?.description, due: $0.due,
                                visitsThisYear: $0.visitsThisYear, satisfaction: $0.satisfaction, commitments: $0.commitments, fulfilled: $0.fulfilled,
                                openItems: $0.openItems)
                        }, visits: mine.visits.map(Self.visit)))))
    }

    func recordContactVisit(_ input: Operations.RecordContactVisit.Input) async throws -> Operations.RecordContactVisit.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let item = try b.item.map {
            VisitProblem(
                problem: $0.problem, measure: $0.measure, responsible: $0.responsible, deadline: try APIMapping.day($0.deadline, field: "item.deadline"))
        }
        let v = try await vanguard.visits.record(
            organizationID: b.organizationId, leaderID: b.leaderId, visitedOn: try APIMapping.day(b.visitedOn, field: "visitedOn"),
            participants: b.participants ?? "", examined: b.examined, problems: b.problems ?? "", guidance: b.guidance, solved: b.solved ?? "", item: item,
            as: try caller)
        return .created(.init(body: .json(Self.visit(v))))
    }

    func contactCoverage(_ input: Operations.ContactCoverage.Input) async throws -> Operations.ContactCoverage.Output {
        let c = try await vanguard.visits.coverage(organizationID: input.path.id, as: try caller, limit: 1)
        return .ok(
            .init(
                body: .json(
                    .init(
                        quarter: Quarter.containing(vanguard.time.today()).description, periodFrom: c.periodFirst.description,
                        periodTo: c.periodLast.description, leaders: c.leaders, leadersWithoutPoints: c.leadersWithoutPointsCount, points: c.points,
                        unvisited: c.unvisitedCount))))
    }
}

/// 巡回检查 in the JSON API.
extension APIService {
    static func plan(_ p: InspectionPlanRecord) -> S.InspectionPlan {
        .init(
            id: p.id, groupId: p.groupID, groupName: p.groupName, quarter: p.quarter.description, organizationId: p.organizationID,
            organizationName: p.organizationName, inspectedOn: p.inspection?.inspectedOn.description,
            results: p.inspection.map { .init(additionalProperties: $0.results.mapValues { .init(rawValue: $0.rawValue)! }) },
            findings: p.inspection?.findings, score: p.inspection?.score, grade: p.inspection.map { InspectionRules.grade($0.score).zh })
    }

    func listInspectionChecks(_ input: Operations.ListInspectionChecks.Input) async throws -> Operations.ListInspectionChecks.Output {
        _ = try caller
        return .ok(.init(body: .json(try await vanguard.inspections.checks().map { .init(code: $0.code, title: $0.title) })))
    }

    func listInspections(_ input: Operations.ListInspections.Input) async throws -> Operations.ListInspections.Output {
        let b = try await vanguard.inspections.board(organizationID: input.path.id, quarter: Quarter(input.query.quarter), as: try caller)
        return .ok(
            .init(
                body: .json(
                    .init(
                        quarter: b.quarter.description, groups: b.groups.map { .init(id: $0.id, name: $0.name, members: $0.members.map(\.username)) },
                        plans: b.plans.map(Self.plan)))))
    }

    func createInspectionGroup(_ input: Operations.CreateInspectionGroup.Input) async throws -> Operations.CreateInspectionGroup.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let id = try await vanguard.inspections.createGroup(organizationID: input.path.id, name: b.name, usernames: b.members, as: try caller)
        return .created(.init(body: .json(.init(id: id))))
    }

    func planInspections(_ input: Operations.PlanInspections.Input) async throws -> Operations.PlanInspections.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let n = try await vanguard.inspections.plan(
            groupID: input.path.id, quarter: Quarter(b.quarter), organizationIDs: b.organizationIds, as: try caller)
        return .ok(.init(body: .json(.init(planned: n))))
    }

    func getInspection(_ input: Operations.GetInspection.Input) async throws -> Operations.GetInspection.Output {
        let d = try await vanguard.inspections.desk(planID: input.path.id, as: try caller)
        return .ok(
            .init(
                body: .json(
                    .init(
                        plan: Self.plan(d.plan), items: d.items.map(Self.rectification), stillOpen: d.stillOpen.map(Self.rectification),
                        mayRecord: d.mayRecord))))
    }

    func recordInspection(_ input: Operations.RecordInspection.Input) async throws -> Operations.RecordInspection.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let problems = try (b.problems ?? []).map {
            VisitProblem(problem: $0.problem, measure: $0.measure, responsible: $0.responsible, deadline: try APIMapping.day($0.deadline, field: "deadline"))
        }
        let id = try await vanguard.inspections.record(
            planID: input.path.id, inspectedOn: try APIMapping.day(b.inspectedOn, field: "inspectedOn"),
            results: b.results.additionalProperties.compactMapValues { InspectionResult(rawValue: $0.rawValue) }, findings: b.findings, score: b.score,
            problems: problems, as: try caller)
        return .created(.init(body: .json(.init(id: id))))
    }
}

/// 书记抓、抓书记 in the JSON API.
extension APIService {
    static func secretaryReview(_ r: SecretaryReviewRecord) -> S.SecretaryReview {
        .init(
            id: r.id, year: r.year, kind: .init(rawValue: r.kind.rawValue)!, kindName: r.kind.name.zh, rating: r.rating.map { .init(rawValue: $0.rawValue)! },
            text: r.text, measure: r.measure, recordedBy: r.recordedBy)
    }

    func getSecretaryDesk(_ input: Operations.GetSecretaryDesk.Input) async throws -> Operations.GetSecretaryDesk.Output {
        let d = try await vanguard.secretaries.desk(organizationID: input.path.id, as: try caller)
        return .ok(.init(body: .json(.init(duties: d.duties, reviews: d.reviews?.map(Self.secretaryReview), mayReview: d.mayReview))))
    }

    func reviewSecretary(_ input: Operations.ReviewSecretary.Input) async throws -> Operations.ReviewSecretary.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let r = try await vanguard.secretaries.review(
            organizationID: input.path.id, kind: SecretaryReviewKind(rawValue: b.kind.rawValue)!,
            rating: b.rating.flatMap { SecretaryRating(rawValue: $0.rawValue) },
            text: b.text, measure: b.measure ?? "", as: try caller)
        return .created(.init(body: .json(Self.secretaryReview(r))))
    }
}

/// 示范点 and 城乡结对共建 in the JSON API.
extension APIService {
    static func demonstration(_ r: DemonstrationRecord) -> S.DemonstrationPoint {
        .init(
            id: r.id, organizationId: r.organizationID, organizationName: r.organizationName, leaderId: r.memberID, leaderName: r.leaderName,
            criteria: r.criteria, note: r.note, satisfaction: r.satisfaction, state: .init(rawValue: r.state.rawValue)!, stateName: r.state.name.zh,
            proposedBy: r.proposedBy, proposedOn: r.proposedOn.description, decidedBy: r.decidedBy, decidedOn: r.decidedOn?.description,
            decisionNote: r.decisionNote)
    }

    static func urbanRural(_ p: PairingRecord, help: [HelpRecord]) -> S.UrbanRuralPairing {
        .init(
            id: p.id, ruralId: p.organizationID, ruralName: p.organizationName, committeeId: p.pairedByID, active: p.active,
            startedOn: p.startedOn.description, endedOn: p.endedOn?.description, endNote: p.endNote,
            cities: p.helpers.compactMap { h in h.organizationID.map { .init(organizationId: $0, name: h.name, addedOn: h.addedOn.description) } },
            help: help.map {
                .init(
                    kind: .init(rawValue: $0.kind.rawValue)!, heldOn: $0.heldOn.description, content: $0.content, amount: $0.amount, recordedBy: $0.recordedBy)
            })
    }

    func getDemonstrationDesk(_ input: Operations.GetDemonstrationDesk.Input) async throws -> Operations.GetDemonstrationDesk.Output {
        let d = try await vanguard.demonstrations.desk(organizationID: input.path.id, as: try caller)
        return .ok(
            .init(
                body: .json(
                    .init(
                        records: d.records.map(Self.demonstration), criteria: d.criteria.map { .init(code: $0.code, title: $0.title) },
                        satisfaction: d.evidence?.satisfaction, commitments: d.evidence?.commitments, fulfilled: d.evidence?.fulfilled,
                        visitsThisYear: d.evidence?.visitsThisYear, openItems: d.evidence?.openItems, mayPropose: d.mayPropose, decidable: d.decidable))))
    }

    func listDemonstrationPoints(_ input: Operations.ListDemonstrationPoints.Input) async throws -> Operations.ListDemonstrationPoints.Output {
        let b = try await vanguard.demonstrations.board(
            organizationID: input.path.id, state: input.query.state.flatMap { DemonstrationState(rawValue: $0.rawValue) }, as: try caller)
        return .ok(.init(body: .json(.init(total: b.total, points: b.rows.map(Self.demonstration)))))
    }

    func proposeDemonstrationPoint(_ input: Operations.ProposeDemonstrationPoint.Input) async throws -> Operations.ProposeDemonstrationPoint.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let r = try await vanguard.demonstrations.propose(
            organizationID: input.path.id, leaderID: b.leaderId, criteria: b.criteria, note: b.note, as: try caller)
        return .created(.init(body: .json(Self.demonstration(r))))
    }

    func decideDemonstrationPoint(_ input: Operations.DecideDemonstrationPoint.Input) async throws -> Operations.DecideDemonstrationPoint.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let r = try await vanguard.demonstrations.decide(input.path.id, approve: b.approve, note: b.note ?? "", as: try caller)
        return .ok(.init(body: .json(Self.demonstration(r))))
    }

    func listUrbanRuralPairings(_ input: Operations.ListUrbanRuralPairings.Input) async throws -> Operations.ListUrbanRuralPairings.Output {
        let b = try await vanguard.urbanRural.board(organizationID: input.path.id, as: try caller)
        return .ok(.init(body: .json(b.pairings.map { Self.urbanRural($0, help: b.help[$0.id] ?? []) })))
    }

    func pairUrbanRural(_ input: Operations.PairUrbanRural.Input) async throws -> Operations.PairUrbanRural.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let caller = try caller
        let p = try await vanguard.urbanRural.pair(ruralID: b.ruralId, cityID: b.cityId, within: input.path.id, as: caller)
        return .created(.init(body: .json(Self.urbanRural(p, help: []))))
    }

    func recordPairingHelp(_ input: Operations.RecordPairingHelp.Input) async throws -> Operations.RecordPairingHelp.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.urbanRural.help(
            pairingID: input.path.id, kind: HelpKind(rawValue: b.kind.rawValue)!, heldOn: try APIMapping.day(b.heldOn, field: "heldOn"), content: b.content,
            amount: b.amount, as: try caller)
        return .noContent(.init())
    }

    func endUrbanRuralPairing(_ input: Operations.EndUrbanRuralPairing.Input) async throws -> Operations.EndUrbanRuralPairing.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.urbanRural.end(pairingID: input.path.id, note: b.note, as: try caller)
        return .noContent(.init())
    }
}
