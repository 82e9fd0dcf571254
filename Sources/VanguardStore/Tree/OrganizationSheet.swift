import SQLKit
import VanguardCore

/// The organization import/export file: its columns, and the checks of each row.
enum OrganizationSheet {
    static let code = SheetColumn(zh: "组织编码", key: "code", required: true)
    static let name = SheetColumn(zh: "组织名称", key: "name", required: true)
    static let kind = SheetColumn(zh: "组织类别", key: "kind", required: true)
    static let sector = SheetColumn(zh: "所属领域", key: "sector", required: true)
    static let parentCode = SheetColumn(zh: "上级组织编码", key: "parentCode", required: true)
    static let systems = SheetColumn(zh: "所属系统", key: "systems", required: false)
    static let columns = [code, name, kind, sector, parentCode, systems]

    static func row(_ org: OrganizationRecord, parentCode: String) -> [String] {
        [org.code, org.name, org.kind.name.zh, org.sector.name.zh, parentCode, org.systems.joined(separator: "；")]
    }

    /// One organization read from a row, with its parent named by code.
    struct Row {
        var number: Int
        var code: String
        var name: String
        var kind: OrganizationKind
        var sector: Sector
        var parentCode: String
        var systems: [String]
    }

    /// Checks every row against the file and the database; returns the rows in an order where each
    /// parent comes before its children, or every problem found.
    static func check(_ table: HeaderedTable, db: any SQLDatabase, caller: Caller) async throws -> ([Row], [ImportProblem]) {
        let table = table.resolved(columns)
        var problems = table.structuralProblems(columns)
        guard problems.isEmpty else { return ([], problems) }
        var rows: [Row] = []
        var seen: [String: Int] = [:]
        for (number, fields) in table.rows {
            func problem(_ column: SheetColumn, _ zh: String, _ en: String) {
                problems.append(.init(row: number, column: column.zh, value: table.value(fields, column), reason: .init(zh, en)))
            }
            let codeText = table.value(fields, code)
            if (try? OrganizationService.validCode(codeText, generatedFrom: 0)) == nil || codeText.isEmpty {
                problem(code, "组织编码须为1到32位字母、数字、“-”或“_”", "The code must be 1–32 letters, digits, '-' or '_'")
            } else if let first = seen[codeText] {
                problem(code, "组织编码与第\(first)行重复", "Duplicate code (also on row \(first))")
            } else {
                seen[codeText] = number
            }
            var nameText = table.value(fields, name)
            do { nameText = try OrganizationName.validate(nameText) } catch let e as VanguardError { problem(name, e.message.zh, e.message.en) }
            let k = OrganizationKind(text: table.value(fields, kind))
            if k == nil { problem(kind, "无法识别的组织类别（应为 党委、党总支、党支部 等）", "Unknown kind (expected 党委, 党总支, 党支部 …)") }
            let s = Sector(text: table.value(fields, sector))
            if s == nil { problem(sector, "无法识别的领域（应为 乡镇、村、社区、机关、国有企业 等）", "Unknown sector") }
            let systemNames = table.value(fields, systems).split(whereSeparator: { ";；、,，".contains($0) })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let k, let s {
                rows.append(
                    Row(number: number, code: codeText, name: nameText, kind: k, sector: s, parentCode: table.value(fields, parentCode), systems: systemNames))
            }
        }
        let existing = try await OrganizationRepository.byCodes(db, rows.map(\.code) + rows.map(\.parentCode))
        for r in rows where existing[r.code] != nil {
            problems.append(.init(row: r.number, column: code.zh, value: r.code, reason: .init("组织编码已存在于系统中", "This code already exists")))
        }
        // Resolve parents: an existing organization in scope, or another row of the file.
        let byCode = Dictionary(rows.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var ordered: [Row] = []
        var placed: [String: (kind: OrganizationKind, depth: Int)] = [:]
        var pending = rows
        while !pending.isEmpty {
            var progress = false
            var still: [Row] = []
            for r in pending {
                if let parent = existing[r.parentCode] {
                    if !caller.canSee(parent.path) || parent.dissolved {
                        problems.append(
                            .init(row: r.number, column: parentCode.zh, value: r.parentCode, reason: .init("上级组织不存在", "The parent organization does not exist"))
                        )
                    } else if !caller.allows(.manageOrganizations, at: parent.path) {
                        problems.append(
                            .init(
                                row: r.number, column: parentCode.zh, value: r.parentCode,
                                reason: .init("无权在该上级组织下新建组织", "You may not create organizations under this parent")))
                    } else {
                        check(r, parentKind: parent.kind, depth: parent.depth + 1)
                    }
                    progress = true
                } else if let p = placed[r.parentCode] {
                    check(r, parentKind: p.kind, depth: p.depth + 1)
                    progress = true
                } else if byCode[r.parentCode] == nil {
                    let reason =
                        r.parentCode.isEmpty
                        ? Bilingual("上级组织编码不能为空", "The parent code is required")
                        : Bilingual("上级组织编码在系统和文件中都不存在", "The parent code exists neither in the system nor in the file")
                    problems.append(.init(row: r.number, column: parentCode.zh, value: r.parentCode, reason: reason))
                    progress = true
                } else {
                    still.append(r)
                }
            }
            if !progress {
                for r in still {
                    problems.append(
                        .init(row: r.number, column: parentCode.zh, value: r.parentCode, reason: .init("上级组织关系形成循环", "The parent codes form a cycle")))
                }
                break
            }
            pending = still
        }
        func check(_ r: Row, parentKind: OrganizationKind, depth: Int) {
            if !KindContainment.allows(parent: parentKind, child: r.kind) {
                problems.append(
                    .init(
                        row: r.number, column: kind.zh, value: r.kind.name.zh,
                        reason: .init(
                            "\(parentKind.name.zh)下不能设立\(r.kind.name.zh)",
                            "A \(r.kind.name.en.lowercased()) cannot stand under a \(parentKind.name.en.lowercased())")))
            } else if depth > TreeDepthLimit.maximumDepth {
                problems.append(.init(row: r.number, column: parentCode.zh, value: r.parentCode, reason: .init("组织层级过深", "The tree would be too deep")))
            }
            placed[r.code] = (r.kind, depth)
            ordered.append(r)
        }
        return (ordered, problems.sorted { ($0.row, $0.column) < ($1.row, $1.column) })
    }
}
