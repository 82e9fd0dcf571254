import Foundation
import VanguardCore
import VanguardStore

/// A small city for tests: 市委 → 区委 → 镇党委 → 村党支部 ×2, and a second 区委 with a 社区党委.
public struct SmallCity: Sendable {
    public let city: OrganizationRecord
    public let district: OrganizationRecord
    public let town: OrganizationRecord
    public let village1: OrganizationRecord
    public let village2: OrganizationRecord
    public let otherDistrict: OrganizationRecord
    public let community: OrganizationRecord

    public static func make(_ v: Vanguard) async throws -> SmallCity {
        let op = Caller.system()
        let city = try await v.organizations.create(parentID: nil, code: "C1", name: "中共测试市委员会", kind: .localCommittee, sector: .general, as: op)
        let district = try await v.organizations.create(parentID: city.id, code: "D1", name: "中共东区委员会", kind: .localCommittee, sector: .general, as: op)
        let town = try await v.organizations.create(
            parentID: district.id, code: "T1", name: "中共桃花镇委员会", kind: .grassrootsCommittee, sector: .township, systems: ["农村工作系统"], as: op)
        let village1 = try await v.organizations.create(parentID: town.id, code: "V1", name: "桃花村党支部", kind: .branch, sector: .village, as: op)
        let village2 = try await v.organizations.create(parentID: town.id, code: "V2", name: "李庄村党支部", kind: .branch, sector: .village, as: op)
        let other = try await v.organizations.create(parentID: city.id, code: "D2", name: "中共西区委员会", kind: .localCommittee, sector: .general, as: op)
        let community = try await v.organizations.create(parentID: other.id, code: "S1", name: "幸福社区党委", kind: .grassrootsCommittee, sector: .community, as: op)
        return SmallCity(city: city, district: district, town: town, village1: village1, village2: village2, otherDistrict: other, community: community)
    }
}

/// A valid member draft; tests change what they are about.
public func sampleMember(_ no: String, name: String = "张三") -> MemberDraft {
    MemberDraft(
        memberNo: no, name: name, gender: .male, birthDate: CalendarDay(year: 1980, month: 5, day: 4)!,
        joinDate: CalendarDay(year: 2005, month: 7, day: 1)!, status: .full, phone: "13800138000")
}

/// A caller with one role on one organization.
public func caller(_ role: Role, on org: OrganizationRecord, name: String = "tester") -> Caller {
    Caller(
        userID: 999, username: name, displayName: name, scope: AccessScope(grants: [RoleGrant(role: role, organizationID: org.id, organizationPath: org.path)]))
}

/// A member who logs in as herself, with the member role on her branch.
public func memberCaller(_ m: MemberRecord, on org: OrganizationRecord) -> Caller {
    Caller(
        userID: 100 + m.id, username: m.draft.memberNo, displayName: m.draft.name,
        scope: AccessScope(grants: [RoleGrant(role: .member, organizationID: org.id, organizationPath: org.path)]), memberID: m.id)
}

/// A clock a test moves forward.
public final class SettableTime: TimeSource, @unchecked Sendable {
    private let lock = NSLock()
    private var millis: Int64

    public init(millis: Int64) { self.millis = millis }

    public func nowMillis() -> Int64 { lock.withLock { millis } }

    public func advance(days: Int) { lock.withLock { millis += Int64(days) * 86_400_000 } }
}

/// The kind of `VanguardError` the body throws: nil when it succeeds or throws anything else.
public func refusal(_ body: () async throws -> Void) async -> VanguardError.Kind? {
    do {
        try await body()
        return nil
    } catch let e as VanguardError {
        return e.kind
    } catch {
        return nil
    }
}
