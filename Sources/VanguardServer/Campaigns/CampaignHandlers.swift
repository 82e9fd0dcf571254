import Foundation
import OpenAPIRuntime
import VanguardAPI
import VanguardCore
import VanguardStore

/// 活动 in the JSON API.
extension APIService {
    func listCampaigns(_ input: Operations.ListCampaigns.Input) async throws -> Operations.ListCampaigns.Output {
        _ = try caller
        return .ok(.init(body: .json(try await vanguard.campaigns.all().map(APIMapping.campaign))))
    }

    func createCampaign(_ input: Operations.CreateCampaign.Input) async throws -> Operations.CreateCampaign.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let phases = try b.phases.map {
            CampaignPhase(
                kind: CampaignPhaseKind(rawValue: $0.kind.rawValue)!, startsOn: try APIMapping.day($0.startsOn, field: "startsOn"),
                endsOn: try APIMapping.day($0.endsOn, field: "endsOn"))
        }
        let id = try await vanguard.campaigns.create(
            name: b.name, theme: b.theme, subTheme: b.subTheme, startYear: b.startYear, endYear: b.endYear,
            planDueOn: try b.planDueOn.map { try APIMapping.day($0, field: "planDueOn") }, phases: phases, carriers: b.carriers ?? [], as: try caller)
        let created = try await vanguard.campaigns.all().first { $0.id == id }!
        return .created(.init(body: .json(APIMapping.campaign(created))))
    }
}
