import Foundation
import SQLKit

/// 积分 as a projection (issue 12): automatic point events used to be recorded when someone opened a
/// ranking; now every change of their facts settles them. A database of before this change has those
/// events only where a ranking was opened, so they and every counter are rebuilt from the facts once.
struct M015PointsFollowFacts: Migration {
    let version = 15
    let name = "points follow the facts"

    func prepare(on db: any SQLDatabase) async throws {
        try await WritePath.rebuild(db, now: Int64(Date().timeIntervalSince1970 * 1000), atVersion: version)
    }
}
