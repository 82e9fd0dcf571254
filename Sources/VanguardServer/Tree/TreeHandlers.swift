import Foundation
import OpenAPIRuntime
import VanguardAPI
import VanguardCore
import VanguardStore

/// 组织树与党员 in the JSON API: organizations, members, import and export.
extension APIService {
    func createOrganization(_ input: Operations.CreateOrganization.Input) async throws -> Operations.CreateOrganization.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let org = try await vanguard.organizations.create(
            parentID: b.parentId, code: b.code, name: b.name, kind: OrganizationKind(rawValue: b.kind.rawValue)!,
            sector: Sector(rawValue: b.sector.rawValue)!, systems: b.systems ?? [], as: try caller)
        return .created(.init(body: .json(APIMapping.organization(org))))
    }

    func searchOrganizations(_ input: Operations.SearchOrganizations.Input) async throws -> Operations.SearchOrganizations.Output {
        let found = try await vanguard.organizations.search(input.query.q, as: try caller, limit: input.query.limit ?? 50)
        return .ok(.init(body: .json(found.map(APIMapping.organization))))
    }

    func getOrganization(_ input: Operations.GetOrganization.Input) async throws -> Operations.GetOrganization.Output {
        .ok(.init(body: .json(APIMapping.organization(try await vanguard.organizations.get(input.path.id, as: try caller)))))
    }

    func updateOrganization(_ input: Operations.UpdateOrganization.Input) async throws -> Operations.UpdateOrganization.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let org = try await vanguard.organizations.update(
            input.path.id, name: b.name, sector: Sector(rawValue: b.sector.rawValue)!, systems: b.systems, expectedVersion: b.version, as: try caller)
        return .ok(.init(body: .json(APIMapping.organization(org))))
    }

    func listChildren(_ input: Operations.ListChildren.Input) async throws -> Operations.ListChildren.Output {
        let children = try await vanguard.organizations.children(
            of: input.path.id, as: try caller, limit: input.query.limit ?? 100, offset: input.query.offset ?? 0)
        return .ok(.init(body: .json(children.map(APIMapping.organization))))
    }

    func moveOrganization(_ input: Operations.MoveOrganization.Input) async throws -> Operations.MoveOrganization.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let org = try await vanguard.organizations.move(input.path.id, under: b.parentId, expectedVersion: b.version, as: try caller)
        return .ok(.init(body: .json(APIMapping.organization(org))))
    }

    func dissolveOrganization(_ input: Operations.DissolveOrganization.Input) async throws -> Operations.DissolveOrganization.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.organizations.dissolve(input.path.id, transferMembersTo: b.transferMembersTo, as: try caller)
        return .noContent(.init())
    }

    func listMembers(_ input: Operations.ListMembers.Input) async throws -> Operations.ListMembers.Output {
        let list = try await vanguard.members.list(
            organizationID: input.path.id, as: try caller, limit: input.query.limit ?? 100, offset: input.query.offset ?? 0)
        return .ok(.init(body: .json(list.map { APIMapping.member($0, fullPhone: false) })))
    }

    func createMember(_ input: Operations.CreateMember.Input) async throws -> Operations.CreateMember.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let c = try caller
        let m = try await vanguard.members.create(try APIMapping.draft(b.value1), organizationID: b.value2.organizationId, as: c)
        return .created(.init(body: .json(APIMapping.member(m, fullPhone: vanguard.members.mayReadPrivate(m, as: c)))))
    }

    func searchMembers(_ input: Operations.SearchMembers.Input) async throws -> Operations.SearchMembers.Output {
        let found = try await vanguard.members.search(input.query.q, as: try caller, limit: input.query.limit ?? 50)
        return .ok(.init(body: .json(found.map { APIMapping.member($0, fullPhone: false) })))
    }

    func getMember(_ input: Operations.GetMember.Input) async throws -> Operations.GetMember.Output {
        let c = try caller
        let m = try await vanguard.members.get(input.path.id, as: c)
        return .ok(.init(body: .json(APIMapping.member(m, fullPhone: vanguard.members.mayReadPrivate(m, as: c)))))
    }

    func updateMember(_ input: Operations.UpdateMember.Input) async throws -> Operations.UpdateMember.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let c = try caller
        let m = try await vanguard.members.update(input.path.id, draft: try APIMapping.draft(b.value1), expectedVersion: b.value2.version, as: c)
        return .ok(.init(body: .json(APIMapping.member(m, fullPhone: vanguard.members.mayReadPrivate(m, as: c)))))
    }

    func transferMember(_ input: Operations.TransferMember.Input) async throws -> Operations.TransferMember.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let c = try caller
        let m = try await vanguard.members.transfer(input.path.id, to: b.organizationId, reason: b.reason, expectedVersion: b.version, as: c)
        return .ok(.init(body: .json(APIMapping.member(m, fullPhone: vanguard.members.mayReadPrivate(m, as: c)))))
    }

    func importSheet(_ input: Operations.ImportSheet.Input) async throws -> Operations.ImportSheet.Output {
        guard case .binary(let body) = input.body else { throw APIErrors.badBody }
        let c = try caller
        let kind = SheetKind(rawValue: input.path.kind.rawValue)!
        try SpreadsheetService.requireImport(kind, as: c)
        let data: Data
        do { data = try await Data(collecting: body, upTo: SheetFile.maximumBytes) } catch {
            throw VanguardError(.payloadTooLarge, .init("文件不能超过20MB", "The file may not exceed 20 MB"))
        }
        let report = try await vanguard.spreadsheets.importFile(data, kind: kind, as: c)
        let mapped = APIMapping.report(report)
        return report.succeeded ? .ok(.init(body: .json(mapped))) : .unprocessableContent(.init(body: .json(mapped)))
    }

    func exportSheet(_ input: Operations.ExportSheet.Input) async throws -> Operations.ExportSheet.Output {
        let format = SheetFormat(rawValue: input.query.format?.rawValue ?? "xlsx") ?? .xlsx
        let data = try await vanguard.spreadsheets.export(
            kind: SheetKind(rawValue: input.path.kind.rawValue)!, organizationID: input.query.organizationId, format: format, as: try caller)
        let body = try Download.body(data)
        return .ok(.init(body: format == .csv ? .csv(body) : .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(body)))
    }
}
