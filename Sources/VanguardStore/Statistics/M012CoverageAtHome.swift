import SQLKit

/// 覆盖率 counted where members belong (issue 11): `member.committed` moves from the organization of a
/// member's first commitment to her own organization, and `member.committed_guests` counts the members
/// of other organizations who committed at each place. Both are recomputed from the facts.
struct M012CoverageAtHome: Migration {
    let version = 12
    let name = "coverage at home"

    func prepare(on db: any SQLDatabase) async throws {
        try await WritePath.rebuildCounters(db, atVersion: version)  // the counters' definitions of today: coverage among them
    }
}
