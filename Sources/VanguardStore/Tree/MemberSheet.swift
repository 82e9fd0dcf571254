import SQLKit
import VanguardCore

/// The member import/export file: its columns, and the checks of each row.
enum MemberSheet {
    static let memberNo = SheetColumn(zh: "党员编号", key: "memberNo", required: true)
    static let name = SheetColumn(zh: "姓名", key: "name", required: true)
    static let gender = SheetColumn(zh: "性别", key: "gender", required: true)
    static let birthDate = SheetColumn(zh: "出生日期", key: "birthDate", required: true)
    static let joinDate = SheetColumn(zh: "入党日期", key: "joinDate", required: true)
    static let status = SheetColumn(zh: "党员类别", key: "status", required: false)
    static let phone = SheetColumn(zh: "手机号码", key: "phone", required: false)
    static let orgCode = SheetColumn(zh: "所在组织编码", key: "organizationCode", required: true)
    static let leadingCadre = SheetColumn(zh: "领导干部", key: "leadingCadre", required: false)
    static let secretary = SheetColumn(zh: "书记/负责人", key: "secretary", required: false)
    static let partyWorker = SheetColumn(zh: "党务工作者", key: "partyWorker", required: false)
    static let retired = SheetColumn(zh: "离退休", key: "retired", required: false)
    static let elderly = SheetColumn(zh: "年老体弱", key: "elderly", required: false)
    static let inService = SheetColumn(zh: "在职党员", key: "inService", required: false)
    static let residence = SheetColumn(zh: "居住地组织编码", key: "residenceOrganizationCode", required: false)
    static let withoutPost = SheetColumn(zh: "无职党员", key: "withoutPost", required: false)
    static let post = SheetColumn(zh: "设岗定责岗位", key: "assignedPost", required: false)
    static let floating = SheetColumn(zh: "流动党员", key: "floating", required: false)
    static let outflow = SheetColumn(zh: "流出地组织编码", key: "outflowOrganizationCode", required: false)
    static let inflow = SheetColumn(zh: "流入地组织编码", key: "inflowOrganizationCode", required: false)
    static let student = SheetColumn(zh: "学生党员", key: "student", required: false)
    static let faculty = SheetColumn(zh: "教职工党员", key: "faculty", required: false)
    static let columns = [
        memberNo, name, gender, birthDate, joinDate, status, phone, orgCode, leadingCadre, secretary, partyWorker, retired,
        elderly, inService, residence, withoutPost, post, floating, outflow, inflow, student, faculty,
    ]
    /// Which column a validation message about a field belongs to.
    static let fieldColumns: [String: SheetColumn] = [
        "memberNo": memberNo, "name": name, "birthDate": birthDate, "joinDate": joinDate, "phone": phone,
        "residenceOrganizationId": residence, "inflowOrganizationId": inflow, "assignedPost": post,
    ]

    static func row(_ m: MemberRecord, orgCode: String, codes: [Int64: String]) -> [String] {
        let d = m.draft
        let c = d.categories
        func yn(_ b: Bool) -> String { b ? "是" : "否" }
        func code(_ id: Int64?) -> String { id.flatMap { codes[$0] } ?? "" }
        return [
            d.memberNo, d.name, d.gender.name.zh, d.birthDate.description, d.joinDate.description, d.status.name.zh, d.phone ?? "", orgCode,
            yn(c.leadingCadre), yn(c.secretary), yn(c.partyWorker), yn(c.retired), yn(c.elderly), yn(c.inService),
            code(c.residenceOrganizationID), yn(c.withoutPost), c.assignedPost ?? "", yn(c.floating),
            code(c.outflowOrganizationID), code(c.inflowOrganizationID), yn(c.student), yn(c.faculty),
        ]
    }

    /// Checks every row; returns the members to write with their organizations, or every problem.
    static func check(
        _ table: HeaderedTable, db: any SQLDatabase, caller: Caller, today: CalendarDay
    ) async throws -> ([(draft: MemberDraft, org: OrganizationRecord)], [ImportProblem]) {
        let table = table.resolved(columns)
        var problems = table.structuralProblems(columns)
        guard problems.isEmpty else { return ([], problems) }
        var codes = Set<String>()
        for (_, f) in table.rows { for c in [orgCode, residence, outflow, inflow] { codes.insert(table.value(f, c)) } }
        codes.remove("")
        let orgs = try await OrganizationRepository.byCodes(db, Array(codes))
        let taken = try await MemberRepository.existingNumbers(db, table.rows.map { table.value($0.fields, memberNo) })
        var seen: [String: Int] = [:]
        var out: [(draft: MemberDraft, org: OrganizationRecord)] = []
        for (number, f) in table.rows {
            var rowProblems: [ImportProblem] = []
            func problem(_ column: SheetColumn, _ zh: String, _ en: String) {
                rowProblems.append(.init(row: number, column: column.zh, value: table.value(f, column), reason: .init(zh, en)))
            }
            let no = table.value(f, memberNo)
            if taken.contains(no) { problem(memberNo, "党员编号已存在于系统中", "This member number already exists") }
            if let first = seen[no], !no.isEmpty {
                problem(memberNo, "党员编号与第\(first)行重复", "Duplicate member number (also on row \(first))")
            } else {
                seen[no] = number
            }
            let g = Gender(text: table.value(f, gender))
            if g == nil { problem(gender, "性别应为“男”或“女”", "Gender must be 男 or 女") }
            let birth = parseDay(table.value(f, birthDate))
            if birth == nil { problem(birthDate, "日期格式不正确（例：1975-03-08）", "Not a date (e.g. 1975-03-08)") }
            let join = parseDay(table.value(f, joinDate))
            if join == nil { problem(joinDate, "日期格式不正确（例：2001-07-01）", "Not a date (e.g. 2001-07-01)") }
            let statusText = table.value(f, status)
            let st = statusText.isEmpty ? MembershipStatus.full : MembershipStatus(text: statusText)
            if st == nil { problem(status, "党员类别应为“正式党员”或“预备党员”", "Status must be 正式党员 or 预备党员") }
            var flags: [Bool] = []
            for column in [leadingCadre, secretary, partyWorker, retired, elderly, inService, withoutPost, floating, student, faculty] {
                if let b = parseYesNo(table.value(f, column)) {
                    flags.append(b)
                } else {
                    problem(column, "应填“是”或“否”", "Expected 是 or 否")
                    flags.append(false)
                }
            }
            func orgRef(_ column: SheetColumn) -> OrganizationRecord? {
                let code = table.value(f, column)
                guard !code.isEmpty else { return nil }
                guard let o = orgs[code], !o.dissolved, caller.canSee(o.path) || column.key != orgCode.key else {
                    problem(column, "组织编码不存在", "No organization has this code")
                    return nil
                }
                return o
            }
            let org = orgRef(orgCode)
            if table.value(f, orgCode).isEmpty { problem(orgCode, "所在组织编码不能为空", "The organization code is required") }
            if let org {
                if !caller.allows(.manageMembers, at: org.path) {
                    problem(orgCode, "无权向该组织导入党员", "You may not import members into this organization")
                } else if !org.kind.holdsMembers {
                    problem(orgCode, "\(org.kind.name.zh)不能直接管理党员，请填写其下的党支部", "A \(org.kind.name.en.lowercased()) cannot hold members directly")
                }
            }
            var c = MemberCategories()
            (c.leadingCadre, c.secretary, c.partyWorker, c.retired, c.elderly) = (flags[0], flags[1], flags[2], flags[3], flags[4])
            (c.inService, c.withoutPost, c.floating, c.student, c.faculty) = (flags[5], flags[6], flags[7], flags[8], flags[9])
            c.residenceOrganizationID = orgRef(residence)?.id
            c.outflowOrganizationID = orgRef(outflow)?.id
            c.inflowOrganizationID = orgRef(inflow)?.id
            c.assignedPost = table.value(f, post).nilIfEmpty
            if let g, let birth, let join, let st {
                let draft = MemberDraft(
                    memberNo: no, name: table.value(f, name), gender: g, birthDate: birth, joinDate: join, status: st,
                    phone: table.value(f, phone).nilIfEmpty, categories: c)
                for e in MemberValidation.problems(in: draft, today: today) {
                    let column = e.field.flatMap { fieldColumns[$0] } ?? name
                    if !rowProblems.contains(where: { $0.column == column.zh }) { problem(column, e.message.zh, e.message.en) }
                }
                if rowProblems.isEmpty, let org, let valid = try? MemberValidation.validated(draft, today: today) { out.append((valid, org)) }
            }
            problems += rowProblems
        }
        return (out, problems)
    }
}
