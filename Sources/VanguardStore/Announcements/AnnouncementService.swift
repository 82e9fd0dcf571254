import SQLKit
import VanguardCore

/// An organization's notices: those addressed to it, with its receipts, and those it sent.
public struct AnnouncementBox: Sendable {
    public struct Sent: Sendable {
        public var announcement: AnnouncementRecord
        public var signed: Int
    }
    public var organization: OrganizationRecord
    public var received: [(announcement: AnnouncementRecord, receipt: AnnouncementReceipt?)]
    /// 待签收 of the organization.
    public var unsigned: Int
    /// Nil when the caller may not read what the organization sent, or it has nothing below to send to.
    public var sent: [Sent]?
    /// Whether the caller may send a notice from it, and sign for it.
    public var maySend: Bool
    public var maySign: Bool
    /// The organizations directly below, to choose from (only for a sender).
    public var children: [OrganizationRecord]
}

/// One notice as its reader sees it; the sender's side (receipts, the organizations not yet signed) only
/// for those who read the sender's private data.
public struct AnnouncementDetail: Sendable {
    public struct Tally: Sendable {
        public var recipients: Int
        public var signed: Int
        public var receipts: [AnnouncementReceipt]
        public var unsigned: [(id: Int64, name: String)]
    }
    public var announcement: AnnouncementRecord
    public var files: [EvidenceFileRecord]
    /// The caller's organizations it addresses, with each one's receipt (nil: not signed) and whether she signs for it.
    public var mine: [(organization: OrganizationRecord, receipt: AnnouncementReceipt?, maySign: Bool)]
    public var tally: Tally?
    /// Whether the caller sees the sender's own pages (an addressee below often does not).
    public var senderVisible: Bool
}

/// 通知公告: an organization's notice to the organizations below it (the level below, the whole subtree, or
/// chosen ones), with files; each organization addressed signs once (签收) by an officer of its own, and
/// the sender sees who has signed and who has not.
public struct AnnouncementService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该通知", "Notice")
    /// Rows of a list page; more are reached from the organizations themselves.
    public static let listLimit = 200
    public static let tallyLimit = 500

    /// Who may send from an organization: those who review its subtree's work and read its private data.
    static func maySend(_ caller: Caller, at path: TreePath) -> Bool {
        caller.allows(.reviewCommitments, at: path) && caller.allows(.readPrivate, at: path)
    }

    /// Who signs for an organization: an officer of that organization itself (the operator may too) —
    /// the city's office reads a branch's notices but does not sign for the branch.
    static func maySign(_ caller: Caller, for org: OrganizationRecord) -> Bool {
        caller.isSystem || caller.scope.grants.contains { $0.organizationID == org.id && $0.role.permissions.contains(.readPrivate) }
    }

    /// Refuses a caller who may not send from the organization (before a form is read).
    public func requireSender(organizationID: Int64, as caller: Caller) async throws {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            guard Self.maySend(caller, at: org.path) else {
                throw VanguardError(.forbidden, .init("没有以该组织名义发通知的权限", "You may not send notices from this organization"))
            }
        }
    }

    /// 发通知: sends a notice with its files; the chosen organizations must lie below the sender.
    public func send(
        organizationID: Int64, title: String, body: String, audience: AnnouncementAudience, chosen: [Int64], codes: [String] = [],
        files: [EvidenceUpload], as caller: Caller
    ) async throws -> Int64 {
        let now = time.nowMillis()
        let chosenIDs = audience == .chosen ? Array(Set(chosen)).sorted() : []
        let chosenCodes = audience == .chosen ? Array(Set(codes)).sorted() : []
        return try await backend.write { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            guard Self.maySend(caller, at: org.path) else {
                throw VanguardError(.forbidden, .init("没有以该组织名义发通知的权限", "You may not send notices from this organization"))
            }
            if let first = AnnouncementRules.problems(
                title: title, body: body, audience: audience, chosen: chosenIDs.count + chosenCodes.count, files: files.map { ($0.name, $0.bytes) }
            ).first {
                throw first
            }
            let recipients =
                try await Self.chosenOrganizations(db, ids: chosenIDs, below: org) + Self.chosenOrganizations(db, codes: chosenCodes, below: org)
            if audience != .chosen, org.counters.subtreeOrganizations <= 1 {
                throw VanguardError.invalid("该组织没有下级组织", "There is no organization below this one", field: "audience")
            }
            let t = title.trimmingCharacters(in: .whitespacesAndNewlines)
            let id = try await AnnouncementRepository.insert(
                db, organizationID: org.id, audience: audience, title: t, body: body.trimmingCharacters(in: .whitespacesAndNewlines), by: caller.username,
                now: now)
            try await AnnouncementRepository.insertTargets(db, announcementID: id, organizationIDs: Array(Set(recipients.map(\.id))).sorted())
            for f in files { try await AnnouncementRepository.insertFile(db, announcementID: id, file: f) }
            try await WritePath.record(
                db, .init(at: now, actor: caller.username, action: "announcement.send", targetType: "announcement", targetID: id, summary: "发通知：\(t)"))
            return id
        }
    }

    /// The chosen organizations, each active and strictly below the sender (one answer for any other).
    static func chosenOrganizations(_ db: any SQLDatabase, ids: [Int64], below org: OrganizationRecord) async throws -> [OrganizationRecord] {
        let found = try await OrganizationRepository.byIDs(db, ids)  // one lookup for up to 200
        var out: [OrganizationRecord] = []
        for id in ids {
            guard let o = found[id], !o.dissolved, o.id != org.id, org.path.contains(o.path) else {
                throw VanguardError.invalid("接收组织（编号\(id)）不在本组织的下级范围内", "Organization \(id) is not below the sender", field: "organizations")
            }
            out.append(o)
        }
        return out
    }

    /// The chosen organizations by code (组织编码, as a clerk types them), in one lookup; an unknown code or
    /// one not below the sender is named.
    static func chosenOrganizations(_ db: any SQLDatabase, codes: [String], below org: OrganizationRecord) async throws -> [OrganizationRecord] {
        guard !codes.isEmpty else { return [] }
        let found = try await OrganizationRepository.byCodes(db, codes)
        let wrong = codes.filter { c in found[c].map { $0.dissolved || $0.id == org.id || !org.path.contains($0.path) } ?? true }
        guard wrong.isEmpty else {
            throw VanguardError.invalid(
                "这些组织编码不是本组织的下级：\(wrong.prefix(10).joined(separator: "、"))", "Not organizations below the sender: \(wrong.prefix(10).joined(separator: ", "))",
                field: "codes")
        }
        return codes.compactMap { found[$0] }
    }

    /// 通知公告 of an organization: received (unsigned first) and, for its officers, sent.
    public func box(organizationID: Int64, unsignedOnly: Bool = false, as caller: Caller) async throws -> AnnouncementBox {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            // A branch with nothing below sends nothing: no list of sent notices to show.
            let readsPrivate = caller.allows(.readPrivate, at: org.path) && org.counters.subtreeOrganizations > 1
            let maySend = Self.maySend(caller, at: org.path) && org.counters.subtreeOrganizations > 1
            return AnnouncementBox(
                organization: org,
                received: try await AnnouncementRepository.received(db, org: org, unsignedOnly: unsignedOnly, limit: Self.listLimit),
                unsigned: try await AnnouncementRepository.unsignedCount(db, org: org),
                sent: readsPrivate
                    ? try await AnnouncementRepository.sent(db, organizationID: org.id, limit: Self.listLimit).map {
                        .init(announcement: $0.0, signed: $0.signed)
                    }
                    : nil,
                maySend: maySend, maySign: Self.maySign(caller, for: org),
                children: maySend ? try await OrganizationRepository.children(db, of: org.id, limit: AnnouncementRules.maximumChosen) : [])
        }
    }

    /// The caller's granted organizations a notice addresses.
    static func addressed(_ db: any SQLDatabase, _ a: AnnouncementRecord, sender: OrganizationRecord, _ caller: Caller) async throws -> [OrganizationRecord] {
        let grants = caller.scope.grants.filter { a.audience.addresses($0.organizationPath, from: sender.path, chosen: true) }
        let chosen =
            a.audience == .chosen
            ? try await AnnouncementRepository.chosen(db, announcementID: a.id, among: grants.map(\.organizationID)) : Set(grants.map(\.organizationID))
        var out: [OrganizationRecord] = []
        for id in Set(grants.map(\.organizationID)).sorted() where chosen.contains(id) {
            if let o = try await OrganizationRepository.get(db, id: id), !o.dissolved { out.append(o) }
        }
        return out
    }

    /// A notice the caller may read (the sender's readers, or an addressed organization's), or `notFound`.
    static func visible(_ db: any SQLDatabase, id: Int64, _ caller: Caller) async throws -> (AnnouncementRecord, OrganizationRecord, [OrganizationRecord]) {
        guard let a = try await AnnouncementRepository.get(db, id: id), let sender = try await OrganizationRepository.get(db, id: a.organizationID)
        else { throw VanguardError.notFound(what) }
        let mine = try await addressed(db, a, sender: sender, caller)
        if !caller.allows(.readPrivate, at: sender.path), mine.isEmpty {
            guard try await oversees(db, a, sender: sender, caller) else { throw VanguardError.notFound(what) }
        }
        return (a, sender, mine)
    }

    /// Whether the caller reads an organization the notice addresses (the level above a branch reads the
    /// notices its branches received), so every notice an organization's list shows opens for its reader.
    static func oversees(_ db: any SQLDatabase, _ a: AnnouncementRecord, sender: OrganizationRecord, _ caller: Caller) async throws -> Bool {
        guard let roots = caller.readableRoots else { return true }
        switch a.audience {
        case .subtree: return roots.contains { $0.contains(sender.path) || ($0 != sender.path && sender.path.contains($0)) }
        case .children: return roots.contains { $0.contains(sender.path) || ($0.ids.count == sender.path.ids.count + 1 && sender.path.contains($0)) }
        case .chosen: return try await AnnouncementRepository.choosesAny(db, announcementID: a.id, within: roots)
        }
    }

    /// `notFound` for a notice the caller may not read (before a form is read).
    public func requireVisible(_ id: Int64, as caller: Caller) async throws {
        try await backend.read { db in _ = try await Self.visible(db, id: id, caller) }
    }

    public func detail(_ id: Int64, as caller: Caller) async throws -> AnnouncementDetail {
        try await backend.read { db in
            let (a, sender, mine) = try await Self.visible(db, id: id, caller)
            var tally: AnnouncementDetail.Tally?
            if caller.allows(.readPrivate, at: sender.path) {
                let receipts = try await AnnouncementRepository.receipts(db, announcementID: a.id, sender: sender, limit: Self.tallyLimit)
                tally = .init(
                    recipients: try await AnnouncementRepository.recipientCount(db, a, sender: sender), signed: receipts.count, receipts: receipts.first,
                    unsigned: try await AnnouncementRepository.unsigned(db, a, sender: sender, limit: Self.tallyLimit))
            }
            var own: [(organization: OrganizationRecord, receipt: AnnouncementReceipt?, maySign: Bool)] = []
            for o in mine {
                own.append((o, try await AnnouncementRepository.receipt(db, announcementID: a.id, organization: o), Self.maySign(caller, for: o)))
            }
            return AnnouncementDetail(
                announcement: a, files: try await AnnouncementRepository.files(db, announcementID: a.id), mine: own, tally: tally,
                senderVisible: caller.canSee(sender.path))
        }
    }

    /// 签收: an officer of an addressed organization signs for it; signing twice changes nothing.
    public func sign(_ id: Int64, organizationID: Int64, as caller: Caller) async throws {
        let now = time.nowMillis()
        try await backend.write { db in
            let (a, sender, mine) = try await Self.visible(db, id: id, caller)
            var target = mine.first { $0.id == organizationID }
            if target == nil, caller.isSystem { target = try await Self.systemTarget(db, a, sender, organizationID) }
            guard let org = target else {
                throw VanguardError.invalid("该通知不是发给这个组织的", "The notice is not addressed to this organization", field: "organizationId")
            }
            guard Self.maySign(caller, for: org) else {
                throw VanguardError(.forbidden, .init("只有本组织的负责人可以签收", "Only an officer of the organization signs for it"))
            }
            if try await AnnouncementRepository.sign(db, announcementID: a.id, organizationID: org.id, by: caller.username, now: now) {
                try await WritePath.record(
                    db,
                    .init(
                        at: now, actor: caller.username, action: "announcement.sign", targetType: "announcement", targetID: a.id,
                        summary: "\(org.name)签收：\(a.title)"))
            }
        }
    }

    /// The operator (demo, CLI) signs for any addressed organization.
    static func systemTarget(_ db: any SQLDatabase, _ a: AnnouncementRecord, _ sender: OrganizationRecord, _ id: Int64) async throws -> OrganizationRecord? {
        guard let o = try await OrganizationRepository.get(db, id: id), !o.dissolved else { return nil }
        let listed = a.audience == .chosen ? !(try await AnnouncementRepository.chosen(db, announcementID: a.id, among: [id]).isEmpty) : true
        return a.audience.addresses(o.path, from: sender.path, chosen: listed) ? o : nil
    }

    /// A notice's file, for those who may read the notice.
    public func file(_ fileID: Int64, as caller: Caller) async throws -> (file: EvidenceFileRecord, bytes: [UInt8]) {
        try await backend.read { db in
            let missing = VanguardError.notFound(.init("该文件", "File"))
            guard let f = try await AnnouncementRepository.file(db, id: fileID) else { throw missing }
            do { _ = try await Self.visible(db, id: f.announcementID, caller) } catch let e as VanguardError where e.kind == .notFound { throw missing }
            return (f.file, f.bytes)
        }
    }

    /// 待签收 of an organization the caller signs for (the workbench's to-do); nil where she does not sign.
    static func unsigned(_ db: any SQLDatabase, org: OrganizationRecord, _ caller: Caller) async throws -> Int? {
        guard maySign(caller, for: org) else { return nil }
        return try await AnnouncementRepository.unsignedCount(db, org: org)
    }
}
