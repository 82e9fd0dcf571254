import SQLKit
import VanguardCore

/// A curating office's stories, drafts included.
public struct ExemplarDesk: Sendable {
    public var organization: OrganizationRecord
    public var exemplars: [ExemplarRecord]
    public var photos: [Int64: [EvidenceFileRecord]]
    /// Whether the caller writes and publishes them.
    public var curates: Bool
    /// 典型候选 for the curator: the commended of this year and last, named demonstration points and organizations
    /// rated highly by the masses, in the subtree, not yet written up (at most ten of each).
    public var candidates: [ExemplarCandidate]
}

/// 创先争优 public campaign page: the published stories and six figures of the campaign — nothing else of
/// the counters leaves for an anonymous reader.
public struct ExemplarBoard: Sendable {
    public struct Campaign: Sendable {
        public var organizationName: String
        public var organizations: Int
        public var members: Int
        public var coverageRate: Double?
        public var fulfilmentRate: Double?
        public var satisfactionRate: Double?
        /// 上年度受表彰 collectives and individuals.
        public var commendedLastYear: Int
    }
    public var year: Int
    /// Nil before a tree exists.
    public var campaign: Campaign?
    public var exemplars: [ExemplarRecord]
    public var photos: [Int64: [EvidenceFileRecord]]
}

/// 典型宣传: the campaign office writes up exemplary organizations and members of its subtree (from a
/// commendation, a demonstration point, high satisfaction) with photos; a published story shows on the
/// public campaign page without login — never a draft, a withdrawn story, or anyone's contact details.
public struct ExemplarService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该典型", "Exemplar")
    public static let listLimit = 200

    /// Who curates at an organization: its campaign office (领导小组办公室).
    static func curates(_ caller: Caller, at path: TreePath) -> Bool {
        caller.allows(.manageCampaign, at: path) && caller.allows(.readPrivate, at: path)
    }

    /// Refuses a caller who does not curate at the organization (before a form is read).
    public func requireCurator(organizationID: Int64, as caller: Caller) async throws {
        try await backend.read { db in _ = try await Self.curator(db, organizationID: organizationID, caller) }
    }

    static func curator(_ db: any SQLDatabase, organizationID: Int64, _ caller: Caller) async throws -> OrganizationRecord {
        let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
        guard curates(caller, at: org.path) else {
            throw VanguardError(.forbidden, .init("只有活动领导小组办公室可以编写和发布典型", "Only the campaign office writes and publishes exemplars"))
        }
        return org
    }

    /// 编写典型: a draft about an organization (by code) or a member (by member number) of the subtree.
    public func create(
        organizationID: Int64, subjectCode: String?, memberNo: String?, source: ExemplarSource, title: String, story: String, photos: [EvidenceUpload],
        as caller: Caller
    ) async throws -> Int64 {
        let now = time.nowMillis()
        return try await backend.write { db in
            let org = try await Self.curator(db, organizationID: organizationID, caller)
            if let first = ExemplarRules.problems(title: title, story: story, photos: photos.map { ($0.name, $0.bytes) }).first { throw first }
            let code = subjectCode?.trimmingCharacters(in: .whitespaces) ?? ""
            let number = memberNo?.trimmingCharacters(in: .whitespaces) ?? ""
            var subjectOrganization: Int64
            var subjectMember: Int64?
            if !number.isEmpty {
                guard number.count <= 40, let m = try await MemberRepository.get(db, memberNo: number), org.path.contains(m.organizationPath) else {
                    throw VanguardError.invalid("本组织范围内没有党员编号为“\(number.prefix(40))”的党员", "No member numbered so in this subtree", field: "member")
                }
                (subjectOrganization, subjectMember) = (m.organizationID, m.id)
            } else if !code.isEmpty {
                guard code.count <= 64, let o = try await OrganizationRepository.get(db, code: code), !o.dissolved, org.path.contains(o.path) else {
                    throw VanguardError.invalid("本组织范围内没有代码为“\(code.prefix(64))”的党组织", "No organization with that code in this subtree", field: "organization")
                }
                subjectOrganization = o.id
            } else {
                throw VanguardError.invalid("请填写典型的党组织代码或党员编号", "Name the organization or the member", field: "organization")
            }
            let t = title.trimmingCharacters(in: .whitespacesAndNewlines)
            let id = try await ExemplarRepository.insert(
                db, organizationID: org.id, subjectOrganizationID: subjectOrganization, subjectMemberID: subjectMember, source: source, title: t,
                story: story.trimmingCharacters(in: .whitespacesAndNewlines), by: caller.username, now: now)
            // Published photos carry no GPS position or device: their metadata is dropped as they are kept.
            for p in photos {
                try await ExemplarRepository.insertPhoto(db, exemplarID: id, photo: EvidenceUpload(name: p.name, bytes: PhotoMetadata.strip(p.bytes)))
            }
            try await WritePath.record(
                db, .init(at: now, actor: caller.username, action: "exemplar.create", targetType: "exemplar", targetID: id, summary: "编写典型：\(t)"))
            return id
        }
    }

    /// 发布 (to the public page) or 撤下 (off it).
    /// Returns the curating organization.
    @discardableResult
    public func setState(_ id: Int64, to next: ExemplarState, as caller: Caller) async throws -> Int64 {
        let now = time.nowMillis()
        return try await backend.write { db in
            let e = try await Self.curated(db, id: id, caller)
            guard e.state.allows(next), try await ExemplarRepository.setState(db, id: id, from: e.state, to: next, now: now) else {
                throw VanguardError.conflict("该典型现为“\(e.state.name.zh)”，不能\(next == .published ? "发布" : "撤下")", "The exemplar is \(e.state.name.en)")
            }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: next == .published ? "exemplar.publish" : "exemplar.withdraw", targetType: "exemplar",
                    targetID: id,
                    summary: e.title))
            return e.organizationID
        }
    }

    /// A story the caller curates, or `notFound` (one answer for one she may not see).
    static func curated(_ db: any SQLDatabase, id: Int64, _ caller: Caller) async throws -> ExemplarRecord {
        guard let e = try await ExemplarRepository.get(db, id: id), let org = try await OrganizationRepository.get(db, id: e.organizationID),
            caller.allows(.readPrivate, at: org.path)
        else { throw VanguardError.notFound(what) }
        guard curates(caller, at: org.path) else {
            throw VanguardError(.forbidden, .init("只有活动领导小组办公室可以发布典型", "Only the campaign office publishes exemplars"))
        }
        return e
    }

    /// 典型 of an organization's office, drafts included (its private readers).
    public func desk(organizationID: Int64, as caller: Caller) async throws -> ExemplarDesk {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            try caller.require(.readPrivate, at: org.path, what: OrganizationService.what)
            let list = try await ExemplarRepository.ofOrganization(db, organizationID: org.id, limit: Self.listLimit)
            let curates = Self.curates(caller, at: org.path)
            return ExemplarDesk(
                organization: org, exemplars: list, photos: try await ExemplarRepository.photos(db, exemplarIDs: list.map(\.id)), curates: curates,
                candidates: curates ? try await ExemplarRepository.candidates(db, office: org, since: time.today().year - 1, limit: 10) : [])
        }
    }

    /// The public campaign page (no login): published stories and the top organization's public figures.
    public func board() async throws -> ExemplarBoard {
        let year = time.today().year
        return try await backend.read { db in
            let list = try await ExemplarRepository.published(db, limit: Self.listLimit)
            var campaign: ExemplarBoard.Campaign?
            if let root = try await OrganizationRepository.roots(db).first {
                let f = try await StatsRepository.figures(db, organizationID: root.id, year: year).subtree
                let last = try await StatsRepository.figures(db, organizationID: root.id, year: year - 1).subtree
                let members = root.counters.subtreeMembers
                campaign = .init(
                    organizationName: root.name, organizations: root.counters.subtreeOrganizations, members: members,
                    coverageRate: f.coverageRate(members: members), fulfilmentRate: f.fulfilmentRate("member"), satisfactionRate: f.satisfactionRate,
                    commendedLastYear: last.commended(title: nil))
            }
            return ExemplarBoard(
                year: year, campaign: campaign, exemplars: list,
                photos: try await ExemplarRepository.photos(db, exemplarIDs: list.map(\.id)))
        }
    }

    /// One published story (no login); 404 for any other.
    public func published(_ id: Int64) async throws -> (ExemplarRecord, [EvidenceFileRecord]) {
        try await backend.read { db in
            guard let e = try await ExemplarRepository.get(db, id: id), e.state == .published else { throw VanguardError.notFound(Self.what) }
            return (e, try await ExemplarRepository.photos(db, exemplarIDs: [id])[id] ?? [])
        }
    }

    /// A photo: for anyone when its story is published, otherwise for the office's private readers.
    public func photo(_ id: Int64, as caller: Caller?) async throws -> (file: EvidenceFileRecord, bytes: [UInt8]) {
        try await backend.read { db in
            let missing = VanguardError.notFound(.init("该照片", "Photo"))
            // Whose and which story first: the bytes are read only for a reader who may see them.
            guard let exemplarID = try await ExemplarRepository.photoExemplar(db, id: id), let e = try await ExemplarRepository.get(db, id: exemplarID)
            else { throw missing }
            if e.state != .published {
                guard let caller, let org = try await OrganizationRepository.get(db, id: e.organizationID), caller.allows(.readPrivate, at: org.path) else {
                    throw missing
                }
            }
            guard let p = try await ExemplarRepository.photo(db, id: id) else { throw missing }
            return (p.file, p.bytes)
        }
    }
}
