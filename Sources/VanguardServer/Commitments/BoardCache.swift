import Foundation
import NIOConcurrencyHelpers

/// The public board as last rendered for anonymous visitors, per organization and page form.
/// QR posters send crowds to one branch's board at once; every one of them would otherwise read the
/// same commitments and render the same page. A page is served again only while no write transaction
/// has committed in this process since it was rendered, and for at most `maximumAge` (so a write by
/// another process — the CLI, a second server on PostgreSQL — shows within that time).
final class BoardCache: Sendable {
    struct Key: Hashable, Sendable {
        let organizationID: Int64
        let poster: Bool
        let english: Bool
        let host: String
    }

    private struct Entry: Sendable {
        let html: String
        let writes: Int
        let renderedAt: UInt64
    }

    let maximumAge: UInt64
    let capacity: Int
    private let entries = NIOLockedValueBox([Key: Entry]())

    init(maximumAgeSeconds: Double = 2, capacity: Int = 4096) {
        maximumAge = UInt64(maximumAgeSeconds * 1_000_000_000)
        self.capacity = capacity
    }

    /// The page for `key` if it is still the page the data would give, after `writes` committed writes.
    func page(_ key: Key, writes: Int) -> String? {
        let now = DispatchTime.now().uptimeNanoseconds
        return entries.withLockedValue { e in
            guard let entry = e[key], entry.writes == writes, now &- entry.renderedAt < maximumAge else { return nil }
            return entry.html
        }
    }

    /// Keeps a page rendered from the data as it was after `writes` committed writes.
    func keep(_ html: String, for key: Key, writes: Int) {
        let entry = Entry(html: html, writes: writes, renderedAt: DispatchTime.now().uptimeNanoseconds)
        entries.withLockedValue { e in
            if e.count >= capacity { e.removeAll(keepingCapacity: true) }
            e[key] = entry
        }
    }
}
