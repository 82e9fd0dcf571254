import Foundation
import Hummingbird
import OpenAPIRuntime
import VanguardAPI
import VanguardCore
import VanguardStore

/// The JSON API: each handler reads the caller, calls one service, and maps the result.
struct APIService: APIProtocol {
    let vanguard: Vanguard
    let guesses: LoginThrottle
    /// How long a voter's request waits for her ballot's batch to fill before it answers "pending".
    var ballotWait: Duration = .seconds(3)

    /// The caller set by `BearerAuthMiddleware`, or 401.
    var caller: Caller {
        get throws {
            guard let c = RequestCaller.current else {
                throw VanguardError(.unauthorized, .init("请先登录（缺少或无效的令牌）", "Authentication required: missing or invalid bearer token"))
            }
            return c
        }
    }

    func createToken(_ input: Operations.CreateToken.Input) async throws -> Operations.CreateToken.Output {
        guard case .json(let body) = input.body else { throw APIErrors.badBody }
        let session = try await vanguard.accounts.logIn(
            username: body.username, password: body.password, address: RequestClient.address, kind: "api", label: body.label)
        let expires = Date(timeIntervalSince1970: Double(vanguard.time.nowMillis() + AccountService.tokenLifetimeMillis) / 1000)
        return .ok(.init(body: .json(.init(token: session.secret, expiresAt: expires, mustChangePassword: session.mustChangePassword))))
    }

    func changePassword(_ input: Operations.ChangePassword.Input) async throws -> Operations.ChangePassword.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.accounts.changePassword(current: b.current, new: b.new, keepingSession: RequestCaller.token, as: try caller)
        return .noContent(.init())
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let c = try caller
        let user = try await vanguard.backend.read { db in try await AccountRepository.user(db, id: c.userID ?? 0) }
        let roots = try await vanguard.organizations.scopeRoots(as: c)
        return .ok(
            .init(
                body: .json(
                    .init(
                        id: c.userID ?? 0, username: c.username, displayName: c.displayName, memberId: user?.memberID,
                        grants: c.scope.grants.map {
                            .init(role: .init(rawValue: $0.role.rawValue)!, roleName: $0.role.name.zh, organizationId: $0.organizationID)
                        },
                        scope: roots.map(APIMapping.organization)))))
    }

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
        let body = HTTPBody(data)
        return .ok(.init(body: format == .csv ? .csv(body) : .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(body)))
    }
}

enum APIErrors {
    static let badBody = VanguardError(.unsupportedMediaType, .init("请求体格式不正确", "Unsupported request body"))
}

/// The caller of the current API request, set by `BearerAuthMiddleware` for the handler's task.
enum RequestCaller {
    @TaskLocal static var current: Caller?
    /// The bearer token of the current request (kept alive when its owner changes the password).
    @TaskLocal static var token: String?
}
