import SQLKit

/// 第十二表 and 分领域统计: the commendation counters now also count, of members commended, the women and
/// those aged 35 or less, and every commendation by its organization's sector; the counters are rebuilt with
/// today's definitions so an existing database has them too.
struct M028CommendationBreakdown: Migration {
    let version = 28
    let name = "commendation counters by women, age and sector"

    func prepare(on db: any SQLDatabase) async throws {
        try await WritePath.rebuildCounters(db, atVersion: version)
    }
}
