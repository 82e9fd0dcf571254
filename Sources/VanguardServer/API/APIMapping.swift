import Foundation
import VanguardAPI
import VanguardCore
import VanguardStore

/// Conversions between stored records and the API's generated types.
enum APIMapping {
    typealias S = Components.Schemas

    static func organization(_ o: OrganizationRecord) -> S.Organization {
        S.Organization(
            id: o.id, parentId: o.parentID, code: o.code, name: o.name,
            kind: S.OrganizationKind(rawValue: o.kind.rawValue)!, kindName: o.kind.name.zh,
            sector: S.Sector(rawValue: o.sector.rawValue)!, sectorName: o.sector.name.zh,
            path: o.path.description, depth: o.depth, version: o.version,
            counters: .init(
                subtreeOrganizations: o.counters.subtreeOrganizations, subtreeMembers: o.counters.subtreeMembers, ownMembers: o.counters.ownMembers),
            systems: o.systems)
    }

    static func member(_ m: MemberRecord, fullPhone: Bool) -> S.Member {
        let d = m.draft
        return S.Member(
            id: m.id, organizationId: m.organizationID, organizationName: m.organizationName, memberNo: d.memberNo, name: d.name,
            gender: .init(rawValue: d.gender.rawValue)!, birthDate: d.birthDate.description, joinDate: d.joinDate.description,
            status: .init(rawValue: d.status.rawValue)!, phone: fullPhone ? (d.phone ?? "") : m.maskedPhone,
            categories: categories(d.categories), categoryNames: d.categories.labels.map(\.zh), version: m.version)
    }

    static func categories(_ c: MemberCategories) -> S.Categories {
        S.Categories(
            leadingCadre: c.leadingCadre, secretary: c.secretary, partyWorker: c.partyWorker, retired: c.retired, elderly: c.elderly,
            inService: c.inService, residenceOrganizationId: c.residenceOrganizationID, withoutPost: c.withoutPost, assignedPost: c.assignedPost,
            floating: c.floating, outflowOrganizationId: c.outflowOrganizationID, inflowOrganizationId: c.inflowOrganizationID,
            student: c.student, faculty: c.faculty)
    }

    static func draft(_ f: S.MemberFields) throws -> MemberDraft {
        guard let birth = CalendarDay(parsing: f.birthDate) else {
            throw VanguardError.invalid("出生日期格式不正确", "birthDate is not a date (YYYY-MM-DD)", field: "birthDate")
        }
        guard let join = CalendarDay(parsing: f.joinDate) else {
            throw VanguardError.invalid("入党日期格式不正确", "joinDate is not a date (YYYY-MM-DD)", field: "joinDate")
        }
        var c = MemberCategories()
        if let k = f.categories {
            c.leadingCadre = k.leadingCadre ?? false
            c.secretary = k.secretary ?? false
            c.partyWorker = k.partyWorker ?? false
            c.retired = k.retired ?? false
            c.elderly = k.elderly ?? false
            c.inService = k.inService ?? false
            c.residenceOrganizationID = k.residenceOrganizationId
            c.withoutPost = k.withoutPost ?? false
            c.assignedPost = k.assignedPost
            c.floating = k.floating ?? false
            c.outflowOrganizationID = k.outflowOrganizationId
            c.inflowOrganizationID = k.inflowOrganizationId
            c.student = k.student ?? false
            c.faculty = k.faculty ?? false
        }
        return MemberDraft(
            memberNo: f.memberNo, name: f.name, gender: Gender(rawValue: f.gender.rawValue) ?? .male, birthDate: birth, joinDate: join,
            status: f.status.flatMap { MembershipStatus(rawValue: $0.rawValue) } ?? .full, phone: f.phone, categories: c)
    }

    static func campaign(_ c: CampaignRecord) -> S.Campaign {
        S.Campaign(
            value1: .init(
                name: c.name, theme: c.theme, subTheme: c.subTheme, startYear: c.startYear, endYear: c.endYear, planDueOn: c.planDueOn?.description,
                phases: c.phases.map {
                    .init(kind: .init(rawValue: $0.kind.rawValue)!, name: $0.kind.name.zh, startsOn: $0.startsOn.description, endsOn: $0.endsOn.description)
                },
                carriers: c.carriers),
            value2: .init(id: c.id))
    }

    static func day(_ text: String, field: String) throws -> CalendarDay {
        guard let d = CalendarDay(parsing: text) else {
            throw VanguardError.invalid("日期格式不正确：\(text)", "\(field) is not a date (YYYY-MM-DD)", field: field)
        }
        return d
    }

    static func report(_ r: ImportReport) -> S.ImportReport {
        S.ImportReport(
            created: r.created,
            problems: r.problems.map {
                S.ImportProblem(row: $0.row, column: $0.column, value: $0.value, reason: $0.reason.zh, reasonEn: $0.reason.en)
            },
            places: r.places.map { .init(organizationId: $0.organizationID, name: $0.name, count: $0.count) })
    }
}

extension APIMapping {
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
}
