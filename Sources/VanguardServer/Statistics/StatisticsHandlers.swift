import VanguardAPI
import VanguardCore
import VanguardStore

/// 统计 in the JSON API.
extension APIService {
    static func summary(_ f: StatFigures, members: Int) -> S.StatSummary {
        .init(
            members: members, organizationCommitments: f.made("organization"), organizationItems: f.items("organization"),
            organizationItemsFulfilled: f.itemsFulfilled("organization"), memberCommitments: f.made("member"), memberItems: f.items("member"),
            memberItemsFulfilled: f.itemsFulfilled("member"), overdue: f.overdue("member") + f.overdue("organization"),
            committedMembers: f.value(StatMetric.committedMembers),
            committedGuests: f.value(StatMetric.committedGuests), exemptMembers: f.value(StatMetric.exemptMembers),
            coverageRate: f.coverageRate(members: members), satisfactionRate: f.satisfactionRate, counters: .init(additionalProperties: f.values))
    }

    func organizationStatistics(_ input: Operations.OrganizationStatistics.Input) async throws -> Operations.OrganizationStatistics.Output {
        let d = try await vanguard.statistics.dashboard(organizationID: input.path.id, year: input.query.year, as: try caller)
        return .ok(
            .init(
                body: .json(
                    .init(
                        organizationId: d.total.organization.id, name: d.total.organization.name, year: input.query.year,
                        own: Self.summary(d.own, members: d.total.organization.counters.ownMembers),
                        subtree: Self.summary(d.total.figures, members: d.total.members),
                        children: d.children.map {
                            .init(organizationId: $0.organization.id, name: $0.organization.name, subtree: Self.summary($0.figures, members: $0.members))
                        }
                    ))))
    }
}
