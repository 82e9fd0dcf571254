import SQLKit
import VanguardCore

/// 城乡结对共建 under an organization: the running and ended pairings whose rural side or a city side is
/// in its subtree, and whether the caller may pair there.
public struct UrbanRuralBoard: Sendable {
    public var organization: OrganizationRecord
    public var pairings: [PairingRecord]
    /// Help records per pairing (the latest first).
    public var help: [Int64: [HelpRecord]]
    public var mayPair: Bool
}

/// 城乡结对共建: a committee pairs a rural organization with one or more city organizations ("1+1", "X+1",
/// the same pairing machinery as 结对共建 without a backward designation); either side or the committee
/// records help; the committee ends a pairing. Pairings are not private: whoever sees a side sees it.
public struct UrbanRuralService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该城乡结对", "Urban–rural pairing")

    /// The organization both sides lie under (their lowest common ancestor), and whether the caller manages it.
    static func committee(_ db: any SQLDatabase, _ a: OrganizationRecord, _ b: OrganizationRecord) async throws -> OrganizationRecord? {
        let common = zip(a.path.ids, b.path.ids).prefix { $0 == $1 }.map(\.0)
        guard let id = common.last else { return nil }
        return try await OrganizationRepository.get(db, id: id)
    }

    public func board(organizationID: Int64, as caller: Caller) async throws -> UrbanRuralBoard {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            let pairings = try await PairingRepository.urbanRural(db, under: org.path)
            var help: [Int64: [HelpRecord]] = [:]
            for p in pairings { help[p.id] = Array(try await PairingRepository.help(db, pairing: p.id).prefix(5)) }
            return UrbanRuralBoard(
                organization: org, pairings: pairings, help: help,
                mayPair: caller.allows(.manageOrganizations, at: org.path))
        }
    }

    /// 结对: the city organization joins the rural one's running pairing, or starts it.
    /// `within`: the organization whose page (or API path) it was sent from — one side must be under it.
    public func pair(ruralID: Int64, cityID: Int64, within: Int64? = nil, as caller: Caller) async throws -> PairingRecord {
        let today = time.today()
        let now = time.nowMillis()
        let id = try await backend.write { db in
            let rural = try await OrganizationRepository.visible(db, id: ruralID, to: caller, what: OrganizationService.what)
            // Who may, before the rest: pairing is a committee's, over the rural side at least.
            guard caller.allows(.manageOrganizations, at: rural.path) else {
                throw VanguardError(.forbidden, .init("只有同时管理双方的党委可以安排城乡结对", "Only a committee over both sides pairs them"))
            }
            guard let city = try await OrganizationRepository.get(db, id: cityID), caller.canSee(city.path), !city.dissolved else {
                throw VanguardError.invalid("找不到结对的城市党组织", "No such city organization", field: "cityId")
            }
            if let within {
                let page = try await OrganizationRepository.visible(db, id: within, to: caller, what: OrganizationService.what)
                guard page.path.contains(rural.path) || page.path.contains(city.path) else {
                    throw VanguardError.invalid("结对双方须有一方在本组织之下", "One side must be under this organization", field: "ruralId")
                }
            }
            guard let committee = try await Self.committee(db, rural, city), caller.allows(.manageOrganizations, at: committee.path) else {
                throw VanguardError(.forbidden, .init("只有同时管理双方的党委可以安排城乡结对", "Only a committee over both sides pairs them"))
            }
            guard !rural.dissolved else { throw VanguardError.invalid("该组织已撤销", "The organization is dissolved", field: "ruralId") }
            try PairingRules.checkUrbanRural(rural: rural.sector, city: city.sector)
            // Start the pairing if none runs (a clerk starting it at the same moment: hers stands), then take
            // turns on it, and check the helper against what it has now.
            if try await Self.running(db, ruralID: rural.id) == nil {
                try await PairingRepository.startUrbanRural(db, ruralID: rural.id, committeeID: committee.id, on: today, by: caller.username, now: now)
            }
            try await PairingRepository.lockUrbanRural(db, ruralID: rural.id)
            guard let pairing = try await Self.running(db, ruralID: rural.id) else { throw VanguardError.conflict("请稍后再试", "Try again") }
            try PairingRules.checkHelper(
                isTarget: city.id == rural.id, isBackward: try await BackwardRepository.isDesignated(db, organizationID: city.id),
                alreadyHelping: pairing.helpers.contains { $0.organizationID == city.id }, helpers: pairing.helpers.count)
            try await PairingRepository.addHelper(db, pairing: pairing.id, organizationID: city.id, memberID: nil, on: today)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "pairing.urban_rural", targetType: "organization", targetID: rural.id,
                    summary: "城乡结对共建：\(city.name)—\(rural.name)", tells: [.paired(organizationID: city.id, unit: rural.name)]))
            return pairing.id
        }
        return try await backend.read { db in
            guard let p = try await PairingRepository.get(db, id: id) else { throw VanguardError.notFound(Self.what) }
            return p
        }
    }

    static func running(_ db: any SQLDatabase, ruralID: Int64) async throws -> PairingRecord? {
        try await PairingRepository.runningUrbanRural(db, ruralID: ruralID)
    }

    /// The pairing, if the caller sees either side; and whether she manages it (the committee) or takes part (a side's officer).
    static func access(_ db: any SQLDatabase, id: Int64, _ caller: Caller) async throws -> (pairing: PairingRecord, manages: Bool, takesPart: Bool) {
        guard let p = try await PairingRepository.get(db, id: id), p.kind == .urbanRural else { throw VanguardError.notFound(what) }
        var sides = [try await OrganizationRepository.get(db, id: p.organizationID)]
        for h in p.helpers { if let o = h.organizationID { sides.append(try await OrganizationRepository.get(db, id: o)) } }
        let paths = sides.compactMap { $0?.path }
        guard paths.contains(where: caller.canSee) else { throw VanguardError.notFound(what) }
        let committee = try await OrganizationRepository.get(db, id: p.pairedByID)
        let manages = committee.map { caller.allows(.manageOrganizations, at: $0.path) } ?? false
        return (p, manages, manages || paths.contains { caller.allows(.manageMembers, at: $0) })
    }

    /// The pairing, for a caller who sees either side (else 404).
    public func pairing(_ id: Int64, as caller: Caller) async throws -> PairingRecord {
        try await backend.read { db in try await Self.access(db, id: id, caller).pairing }
    }

    /// 帮扶记录 of the pairing: by the committee or an officer of either side.
    public func help(pairingID: Int64, kind: HelpKind, heldOn: CalendarDay, content: String, amount: Int?, as caller: Caller) async throws {
        let today = time.today()
        let now = time.nowMillis()
        try await backend.write { db in
            let seen = try await Self.access(db, id: pairingID, caller)
            try await PairingRepository.lockUrbanRural(db, ruralID: seen.pairing.organizationID)  // not while it is being ended
            let (p, _, takesPart) = try await Self.access(db, id: pairingID, caller)  // read again under the lock
            guard takesPart else { throw VanguardError(.forbidden, .init("只有结对双方或安排结对的党委可以记录", "Only the pairing's sides or committee record help")) }
            let text = try await PairingHelp.record(
                db, pairing: p, kind: kind, heldOn: heldOn, content: content, amount: amount, by: caller.username, today: today, now: now)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "pairing.help", targetType: "organization", targetID: p.organizationID,
                    summary: "\(kind.name.zh)：\(text.prefix(100))"))
        }
    }

    /// 解除结对: by the committee, with a note.
    public func end(pairingID: Int64, note: String, as caller: Caller) async throws {
        let today = time.today()
        let now = time.nowMillis()
        try await backend.write { db in
            let (p, manages, _) = try await Self.access(db, id: pairingID, caller)
            try await PairingRepository.lockUrbanRural(db, ruralID: p.organizationID)
            guard manages else { throw VanguardError(.forbidden, .init("只有安排结对的党委可以解除结对", "Only the committee ends the pairing")) }
            let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty, text.count <= 500 else {
                throw VanguardError.invalid("请写明解除结对的原因（不超过500字）", "Say why it ends (at most 500 characters)", field: "note")
            }
            guard try await PairingRepository.end(db, id: p.id, note: text, on: today) else { throw VanguardError.conflict("结对已解除", "The pairing has ended") }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "pairing.end", targetType: "organization", targetID: p.organizationID,
                    summary: "解除城乡结对：\(p.organizationName)（\(text.prefix(100))）"))
        }
    }
}
