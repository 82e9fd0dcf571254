import Foundation
import OpenAPIRuntime
import VanguardAPI
import VanguardCore
import VanguardStore

/// 站内提醒 in the JSON API.
extension APIService {
    func inbox(_ input: Operations.Inbox.Input) async throws -> Operations.Inbox.Output {
        let list = try await vanguard.reminders.inbox(as: try caller)
        return .ok(
            .init(
                body: .json(
                    list.map { .init(id: $0.id, kind: $0.kind, commitmentId: $0.commitmentID, text: $0.text, at: APIMapping.date($0.createdAt), read: $0.read) }
                )))
    }

    func markInboxRead(_ input: Operations.MarkInboxRead.Input) async throws -> Operations.MarkInboxRead.Output {
        try await vanguard.reminders.markAllRead(as: try caller)
        return .noContent(.init())
    }
}
