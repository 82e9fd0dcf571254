import Foundation
import SQLKit
import VanguardCore
import VanguardSheets

/// What a spreadsheet holds: organizations or members.
public enum SheetKind: String, Sendable, CaseIterable {
    case organizations, members

    public var name: Bilingual { self == .organizations ? .init("党组织", "Organizations") : .init("党员", "Members") }
}

/// 导入导出: validates a whole file before writing anything, then writes it in one transaction.
public struct SpreadsheetService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource

    /// Imports a file. A file with any bad row writes nothing and returns every problem.
    public func importFile(_ data: Data, kind: SheetKind, as caller: Caller) async throws -> ImportReport {
        try Self.requireImport(kind, as: caller)
        let table = HeaderedTable(try SheetFile.rows(from: data))
        let now = time.nowMillis()
        let today = time.today()
        return try await backend.write { db in
            switch kind {
            case .organizations:
                let (rows, problems) = try await OrganizationSheet.check(table, db: db, caller: caller)
                guard problems.isEmpty else { return ImportReport(created: 0, problems: problems) }
                var created: [String: OrganizationRecord] = [:]
                var parents: [OrganizationRecord] = []
                for r in rows {
                    let parent: OrganizationRecord?
                    if let p = created[r.parentCode] { parent = p } else { parent = try await OrganizationRepository.get(db, code: r.parentCode) }
                    if let parent { parents.append(parent) }
                    let id = try await OrganizationRepository.insert(db, parent: parent, code: r.code, name: r.name, kind: r.kind, sector: r.sector, now: now)
                    if !r.systems.isEmpty { try await OrganizationRepository.setSystems(db, organizationID: id, names: r.systems) }
                    created[r.code] = try await OrganizationRepository.get(db, id: id)
                }
                try await WritePath.record(
                    db,
                    .init(
                        at: now, actor: caller.username, action: "import.organizations", targetType: "import", targetID: nil,
                        summary: "导入党组织 \(rows.count) 个：" + rows.prefix(20).map(\.code).joined(separator: ",")))
                return ImportReport(created: rows.count, problems: [], places: ImportReport.places(parents))
            case .members:
                let (rows, problems) = try await MemberSheet.check(table, db: db, caller: caller, today: today)
                guard problems.isEmpty else { return ImportReport(created: 0, problems: problems) }
                try await MemberRepository.insertMany(db, rows, now: now)
                try await WritePath.record(
                    db,
                    .init(
                        at: now, actor: caller.username, action: "import.members", targetType: "import", targetID: nil,
                        summary: "导入党员 \(rows.count) 名：" + rows.prefix(20).map(\.draft.memberNo).joined(separator: ",")))
                return ImportReport(created: rows.count, problems: [], places: ImportReport.places(rows.map(\.org)))
            }
        }
    }

    /// Refuses a caller who could not import a single row of this kind anywhere — before a byte of
    /// her file is parsed, so a parser bug is out of reach of every account that may not import.
    public static func requireImport(_ kind: SheetKind, as caller: Caller) throws {
        let needed: Permission = kind == .organizations ? .manageOrganizations : .manageMembers
        guard caller.isSystem || caller.scope.grants.contains(where: { $0.role.permissions.contains(needed) }) else {
            throw VanguardError(.forbidden, .init("您没有导入\(kind.name.zh)的权限", "You may not import \(kind.name.en.lowercased())"))
        }
    }

    /// Whether the caller may import some kind of file at all (the upload form is parsed only then).
    public static func mayImportAnything(_ caller: Caller) -> Bool {
        SheetKind.allCases.contains { (try? requireImport($0, as: caller)) != nil }
    }

    /// The template: the header row and one example row.
    public func template(kind: SheetKind, format: SheetFormat) throws -> Data {
        switch kind {
        case .organizations:
            return try SheetFile.write(
                [
                    OrganizationSheet.columns.map(\.zh),
                    ["D001-01", "示例村党支部", "党支部", "村", "D001", "乡镇系统"],
                ], as: format, sheetName: "党组织")
        case .members:
            return try SheetFile.write(
                [
                    MemberSheet.columns.map(\.zh),
                    [
                        "M00000001", "张三", "男", "1975-03-08", "2001-07-01", "正式党员", "13800138000", "D001-01",
                        "否", "否", "否", "否", "否", "否", "", "否", "", "否", "", "", "否", "否",
                    ],
                ], as: format, sheetName: "党员")
        }
    }

    /// Exports the subtree of `organizationID` (the caller must be allowed to export there).
    /// The file has no title row (it is imported again as it is) and is named after the organization:
    /// `金安区党员名册.xlsx`.
    public func export(kind: SheetKind, organizationID: Int64, format: SheetFormat, as caller: Caller) async throws -> ExportFile {
        let root = try await OrganizationService(backend: backend, time: time).get(organizationID, as: caller)
        guard caller.allows(.export, at: root.path) || caller.allows(.importExport, at: root.path) else {
            throw VanguardError(.forbidden, .init("您没有导出权限", "You are not allowed to export"))
        }
        let rows: [[String]] = try await backend.read { db in
            let orgs = try await OrganizationRepository.subtree(db, of: root.path)
            var codes = Dictionary(orgs.map { ($0.id, $0.code) }, uniquingKeysWith: { a, _ in a })
            switch kind {
            case .organizations:
                var out = [OrganizationSheet.columns.map(\.zh)]
                let systems = try await OrganizationRepository.systemsInSubtree(db, of: root.path)
                // The root's parent lies outside the subtree: look its code up once.
                if let p = root.parentID, let parent = try await OrganizationRepository.get(db, id: p) { codes[p] = parent.code }
                for var org in orgs {
                    org.systems = systems[org.id] ?? []
                    out.append(OrganizationSheet.row(org, parentCode: org.parentID.flatMap { codes[$0] } ?? ""))
                }
                return out
            case .members:
                let members = try await MemberRepository.subtree(db, of: root.path)
                // Residence and inflow organizations may lie outside the subtree: look their codes up.
                let refs = Set(
                    members.flatMap {
                        [$0.draft.categories.residenceOrganizationID, $0.draft.categories.inflowOrganizationID, $0.draft.categories.outflowOrganizationID]
                            .compactMap { $0 }
                    })
                for id in refs where codes[id] == nil {
                    if let o = try await OrganizationRepository.get(db, id: id) { codes[id] = o.code }
                }
                return [MemberSheet.columns.map(\.zh)] + members.map { MemberSheet.row($0, orgCode: codes[$0.organizationID] ?? "", codes: codes) }
            }
        }
        if kind == .members {
            // Personal data leaving the system in bulk is an event the audit must hold (等保 level 3): the
            // one kind of download that writes, and it writes nothing but this record.
            let now = time.nowMillis()
            try await backend.write { db in
                try await WritePath.record(
                    db,
                    .init(
                        at: now, actor: caller.username, action: "export.members", targetType: "organization", targetID: root.id,
                        summary: "导出\(root.name)党员名册 \(rows.count - 1) 人（\(format.rawValue)）"))
            }
        }
        let body = rows.dropFirst().map { $0.map(SheetCell.text) }
        let out = try SheetOutput(format: format, layout: SheetLayout(sheetName: kind.name.zh, header: rows[0]).fitting(Array(body.prefix(200))))
        for row in body { try out.append(row) }
        return try out.finish(name: OrganizationName.short(root.name) + (kind == .members ? "党员名册" : "党组织名册"))
    }
}
