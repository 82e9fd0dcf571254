import Foundation
import OpenAPIRuntime
import VanguardAPI
import VanguardCore
import VanguardStore

/// 工作台 in the JSON API: the same to-dos as the home page (with the page each opens) and the figures.
extension APIService {
    func getWorkbench(_ input: Operations.GetWorkbench.Input) async throws -> Operations.GetWorkbench.Output {
        let c = try caller
        let w = try await vanguard.workbench.workbench(as: c)
        let todos = WorkbenchPage.todos(w, caller: c).map { item in
            Components.Schemas.Workbench.TodosPayloadPayload(
                key: .init(rawValue: item.key)!, name: Strings.zh[item.label] ?? item.label, count: item.count, organizationId: item.organization?.id,
                link: item.url)
        }
        let scopes = w.scopes.map { s in
            Components.Schemas.Workbench.ScopesPayloadPayload(
                organizationId: s.organization.id, name: s.organization.name, organizations: s.organization.counters.subtreeOrganizations,
                members: s.organization.counters.subtreeMembers, coverageRate: s.figures.coverageRate(members: s.organization.counters.subtreeMembers),
                memberFulfilmentRate: s.figures.fulfilmentRate("member"), satisfactionRate: s.figures.satisfactionRate)
        }
        let mine = w.mine.map { m in
            Components.Schemas.Workbench.MinePayload(
                toSubmit: m.toSubmit, submitted: m.submitted, itemsDueSoon: m.itemsDueSoon, overdue: m.overdue, itemsFulfilled: m.itemsFulfilled,
                items: m.items,
                points: m.points, stars: m.stars)
        }
        return .ok(.init(body: .json(.init(year: w.year, period: w.period.description, todos: todos, scopes: scopes, mine: mine))))
    }
}
