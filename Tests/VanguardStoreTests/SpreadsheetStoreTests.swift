import Foundation
import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("导入导出（SQLite 与 PostgreSQL）")
struct SpreadsheetStoreTests {
    static let orgHeader = "组织编码,组织名称,组织类别,所属领域,上级组织编码,所属系统\n"
    static let memberHeader = "党员编号,姓名,性别,出生日期,入党日期,党员类别,手机号码,所在组织编码,领导干部,在职党员,居住地组织编码\n"

    func count(_ v: Vanguard, _ table: String) async throws -> Int {
        try await v.backend.read { db in try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first(decodingColumn: "n", as: Int.self) ?? 0 }
    }

    @Test("合格的组织文件在一个事务中全部写入，上级可以在同一文件中", arguments: TestDatabase.enabled)
    func importOrganizations(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            // Children listed before their parent: the import orders them itself.
            let csv = Self.orgHeader + "V3-1,新村第一党支部,党支部,村,V3,\nV3,中共新村总支部,党总支,村,T1,农村工作系统\n"
            let report = try await v.spreadsheets.importFile(Data(csv.utf8), kind: .organizations, as: .system())
            #expect(report.succeeded && report.created == 2)
            let town = try await v.organizations.get(c.town.id, as: .system())
            #expect(town.counters.subtreeOrganizations == 5)
            #expect(try await v.verifier.differences().isEmpty)
        }
    }

    @Test("含空字符（U+0000）的文件按非表格文件拒收，什么也不写入，数据库不报错", arguments: TestDatabase.enabled)
    func nulCharactersAreRefused(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            _ = try await SmallCity.make(v)
            let members = try await count(v, "members")
            let csv = Self.memberHeader + "M9\u{0}1,张\u{0}三,男,1975-03-08,2001-07-01,正式党员,,V1,否,否,\n"
            await #expect(throws: VanguardError.self) { _ = try await v.spreadsheets.importFile(Data(csv.utf8), kind: .members, as: .system()) }
            #expect(try await count(v, "members") == members)
        }
    }

    @Test("有错误的文件一条也不写入，并列出每一处问题", arguments: TestDatabase.enabled)
    func badOrganizationFileWritesNothing(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            _ = try await SmallCity.make(v)
            let before = try await count(v, "organizations")
            let csv =
                Self.orgHeader
                + [
                    "N1,好的党支部,党支部,村,T1,",  // fine on its own
                    "N2,孤儿党支部,党支部,村,NOPE,",  // parent exists nowhere
                    "N1,重复编码,党支部,村,T1,",  // duplicate code in file
                    "N3,,党支部,火星,T1,",  // no name, unknown sector
                    "N4,支部下的支部,党支部,村,V1,",  // a branch cannot hold a branch
                    "A,环一,党总支,村,B,", "B,环二,党总支,村,A,",  // a cycle
                    "V1,已存在,党支部,村,T1,",  // code already in the system
                ].joined(separator: "\n")
            let report = try await v.spreadsheets.importFile(Data(csv.utf8), kind: .organizations, as: .system())
            #expect(!report.succeeded && report.created == 0)
            let byRow = Dictionary(grouping: report.problems, by: \.row)
            #expect(byRow[3]?.first?.column == "上级组织编码")
            #expect(byRow[4]?.contains { $0.reason.zh.contains("重复") } == true)
            #expect(Set(byRow[5]?.map(\.column) ?? []) == ["组织名称", "所属领域"])
            #expect(byRow[6]?.first?.column == "组织类别")
            #expect(byRow[7]?.first?.reason.zh.contains("循环") == true)
            #expect(byRow[9]?.first?.reason.zh.contains("已存在") == true)
            #expect(byRow[2] == nil)
            #expect(try await count(v, "organizations") == before)
        }
    }

    @Test("GB18030 编码和带 BOM 的 UTF-8 党员文件都能导入", arguments: TestDatabase.enabled)
    func encodings(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let gb = Self.memberHeader + "G001,欧阳娜,女,1985/3/8,2008年7月1日,正式党员,13800001111,V1,否,是,S1\n"
            let gbData = try #require(TextDecoding.encodeGB18030(gb))
            #expect(String(data: gbData, encoding: .utf8) == nil)  // really not UTF-8
            #expect(try await v.spreadsheets.importFile(gbData, kind: .members, as: .system()).created == 1)
            let bom = Data([0xEF, 0xBB, 0xBF]) + Data((Self.memberHeader + "U001,司马光,男,1975-01-02,1999-07-01,预备党员,,V2,是,否,\n").utf8)
            #expect(try await v.spreadsheets.importFile(bom, kind: .members, as: .system()).created == 1)
            let m = try #require(try await v.backend.read { db in try await MemberRepository.get(db, memberNo: "G001") })
            #expect(m.draft.name == "欧阳娜" && m.draft.categories.inService && m.draft.categories.residenceOrganizationID == c.community.id)
            #expect(try await v.organizations.get(c.town.id, as: .system()).counters.subtreeMembers == 2)
            #expect(try await v.verifier.differences().isEmpty)
        }
    }

    @Test("党员编号重复、日期错误、组织不存在都逐行报告", arguments: TestDatabase.enabled)
    func badMemberRows(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            _ = try await v.members.create(sampleMember("OLD1"), organizationID: c.village1.id, as: .system())
            let csv =
                Self.memberHeader
                + [
                    "A1,甲,男,1980-01-01,2001-01-01,正式党员,,V1,否,否,",
                    "A1,乙,男,1980-01-01,2001-01-01,正式党员,,V1,否,否,",
                    "OLD1,丙,男,1980-01-01,2001-01-01,正式党员,,V1,否,否,",
                    "A2,丁,未知,1980-13-01,2001-01-01,正式党员,,V9,也许,否,",
                    "A3,戊,男,1990-01-01,2000-01-01,正式党员,,D1,否,是,",
                ].joined(separator: "\n")
            let report = try await v.spreadsheets.importFile(Data(csv.utf8), kind: .members, as: .system())
            #expect(report.created == 0)
            let rows = Set(report.problems.map(\.row))
            #expect(rows == [3, 4, 5, 6])
            let row5 = Set(report.problems.filter { $0.row == 5 }.map(\.column))
            #expect(row5.isSuperset(of: ["性别", "出生日期", "所在组织编码", "领导干部"]))
            let row6 = Set(report.problems.filter { $0.row == 6 }.map(\.column))
            #expect(row6.isSuperset(of: ["所在组织编码", "入党日期"]))
            #expect(try await count(v, "members") == 1)
        }
    }

    @Test("导出的 XLSX 可以原样读回", arguments: TestDatabase.enabled)
    func exportRoundTrip(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            var d = sampleMember("X1", name: "王<&>\"芳")
            d.categories.floating = true
            d.categories.inflowOrganizationID = c.community.id
            _ = try await v.members.create(d, organizationID: c.village1.id, as: .system())
            let xlsx = try await v.spreadsheets.export(kind: .members, organizationID: c.district.id, format: .xlsx, as: .system())
            let rows = try SheetFile.rows(from: try xlsx.data())
            #expect(rows.count == 2)
            #expect(rows[0].first == "党员编号")
            #expect(rows[1][1] == "王<&>\"芳")
            #expect(rows[1].contains("S1"))
            let orgs = try SheetFile.rows(
                from: try await v.spreadsheets.export(kind: .organizations, organizationID: c.district.id, format: .csv, as: .system()).data())
            #expect(orgs.count == 5 && orgs[1][4] == "C1")
        }
    }

    @Test("不是电子表格的文件被拒绝", arguments: TestDatabase.enabled)
    func notASpreadsheet(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            // 0xFF never starts a GB18030 character, and these bytes are not UTF-8 either.
            for data in [
                Data([0xFF, 0xFE, 0x00, 0xD8, 0x41]), Data([0xC0, 0xFF, 0xFF, 0x80, 0x2C]), Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00]),
                Data([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]), Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1]), Data(),
            ] {
                await #expect(throws: VanguardError.self) { _ = try await v.spreadsheets.importFile(data, kind: .members, as: .system()) }
            }
            let report = try await v.spreadsheets.importFile(Data("姓名\n张三\n".utf8), kind: .members, as: .system())
            #expect(report.problems.contains { $0.column == "党员编号" && $0.row == 1 })
        }
    }
}
