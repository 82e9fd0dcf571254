import Foundation
import VanguardAPI
import VanguardCore
import VanguardStore

/// 典型宣传 in the JSON API: the public campaign page and a published story (no login), an office's
/// stories, publish and withdraw (stories with photos are written on the web form).
extension APIService {
    static func exemplar(_ e: ExemplarRecord, photos: [EvidenceFileRecord]?) -> S.Exemplar {
        .init(
            id: e.id, title: e.title, story: e.story, subjectName: e.subjectName,
            subjectOrganizationName: e.subjectMemberID == nil ? nil : e.subjectOrganizationName, source: .init(rawValue: e.source.rawValue)!,
            state: .init(rawValue: e.state.rawValue)!, organizationName: e.organizationName, publishedAt: e.publishedAt,
            photoIds: (photos ?? []).map(\.id))
    }

    func listPublicExemplars(_ input: Operations.ListPublicExemplars.Input) async throws -> Operations.ListPublicExemplars.Output {
        let b = try await vanguard.exemplars.board()
        return .ok(
            .init(
                body: .json(
                    .init(
                        year: b.year,
                        campaign: b.campaign.map {
                            .init(
                                organizationName: $0.organizationName, organizations: $0.organizations, members: $0.members, coverageRate: $0.coverageRate,
                                fulfilmentRate: $0.fulfilmentRate, satisfactionRate: $0.satisfactionRate, commendedLastYear: $0.commendedLastYear)
                        }, exemplars: b.exemplars.map { Self.exemplar($0, photos: b.photos[$0.id]) }))))
    }

    func getPublicExemplar(_ input: Operations.GetPublicExemplar.Input) async throws -> Operations.GetPublicExemplar.Output {
        let (e, photos) = try await vanguard.exemplars.published(input.path.id)
        return .ok(.init(body: .json(Self.exemplar(e, photos: photos))))
    }

    func listExemplars(_ input: Operations.ListExemplars.Input) async throws -> Operations.ListExemplars.Output {
        let d = try await vanguard.exemplars.desk(organizationID: input.path.id, as: try caller)
        return .ok(.init(body: .json(d.exemplars.map { Self.exemplar($0, photos: d.photos[$0.id]) })))
    }

    func publishExemplar(_ input: Operations.PublishExemplar.Input) async throws -> Operations.PublishExemplar.Output {
        try await vanguard.exemplars.setState(input.path.id, to: .published, as: try caller)
        return .noContent(.init())
    }

    func withdrawExemplar(_ input: Operations.WithdrawExemplar.Input) async throws -> Operations.WithdrawExemplar.Output {
        try await vanguard.exemplars.setState(input.path.id, to: .withdrawn, as: try caller)
        return .noContent(.init())
    }
}
