import Foundation
import VanguardAPI
import VanguardCore
import VanguardStore

/// 通知公告 in the JSON API: an organization's notices, sending one (text; files go through the web form),
/// one notice with its receipts, and 签收.
extension APIService {
    static func announcementSummary(_ a: AnnouncementRecord) -> S.AnnouncementSummary {
        .init(
            id: a.id, title: a.title, audience: .init(rawValue: a.audience.rawValue)!, organizationId: a.organizationID,
            organizationName: a.organizationName, at: a.at)
    }

    func listAnnouncements(_ input: Operations.ListAnnouncements.Input) async throws -> Operations.ListAnnouncements.Output {
        let box = try await vanguard.announcements.box(organizationID: input.path.id, unsignedOnly: input.query.unsigned ?? false, as: try caller)
        return .ok(
            .init(
                body: .json(
                    .init(
                        organizationId: box.organization.id, unsigned: box.unsigned,
                        received: box.received.map {
                            var s = Self.announcementSummary($0.announcement)
                            s.signedBy = $0.receipt?.signedBy
                            s.signedAt = $0.receipt?.at
                            return s
                        },
                        sent: box.sent?.map {
                            var s = Self.announcementSummary($0.announcement)
                            s.signed = $0.signed
                            return s
                        }, maySend: box.maySend, maySign: box.maySign))))
    }

    func sendAnnouncement(_ input: Operations.SendAnnouncement.Input) async throws -> Operations.SendAnnouncement.Output {
        let caller = try caller
        try await vanguard.announcements.requireSender(organizationID: input.path.id, as: caller)  // refused before the body is read
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let id = try await vanguard.announcements.send(
            organizationID: input.path.id, title: b.title, body: b.body, audience: AnnouncementAudience(rawValue: b.audience.rawValue)!,
            chosen: b.organizationIds ?? [], files: [], as: caller)
        return .created(.init(body: .json(.init(id: id))))
    }

    func getAnnouncement(_ input: Operations.GetAnnouncement.Input) async throws -> Operations.GetAnnouncement.Output {
        let d = try await vanguard.announcements.detail(input.path.id, as: try caller)
        let a = d.announcement
        return .ok(
            .init(
                body: .json(
                    .init(
                        id: a.id, title: a.title, body: a.body, audience: .init(rawValue: a.audience.rawValue)!, organizationId: a.organizationID,
                        organizationName: a.organizationName, at: a.at,
                        files: d.files.map { .init(id: $0.id, name: $0.name, contentType: $0.contentType, size: $0.size) },
                        mine: d.mine.map {
                            .init(
                                organizationId: $0.organization.id, organizationName: $0.organization.name, signedBy: $0.receipt?.signedBy,
                                signedAt: $0.receipt?.at, maySign: $0.maySign)
                        },
                        tally: d.tally.map {
                            .init(
                                recipients: $0.recipients, signed: $0.signed,
                                receipts: $0.receipts.map {
                                    .init(organizationId: $0.organizationID, organizationName: $0.organizationName, signedBy: $0.signedBy, signedAt: $0.at)
                                }, unsigned: $0.unsigned.map { .init(id: $0.id, name: $0.name) })
                        }))))
    }

    func signAnnouncement(_ input: Operations.SignAnnouncement.Input) async throws -> Operations.SignAnnouncement.Output {
        let caller = try caller
        try await vanguard.announcements.requireVisible(input.path.id, as: caller)  // out of sight: 404 before the body is read
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.announcements.sign(input.path.id, organizationID: b.organizationId, as: caller)
        return .noContent(.init())
    }
}
