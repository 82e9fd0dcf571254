import Foundation
import Logging
import VanguardStore

extension Bench {
    /// `--scale province`: the province generated inside the database, then the roll-up keys at that scale
    /// (the server keys are the city's: a province's users reach it through many servers).
    func province(_ vanguard: Vanguard, logger: Logger) async throws -> [String: Double] {
        var out: [String: Double] = [:]
        let made: ProvinceScale.Summary
        if try await DemoCity.isPopulated(vanguard) {
            // A province generated before (generating takes minutes): measured again as it is, read only.
            made = try await ProvinceScale.summary(of: vanguard)
            Self.note("reusing the data already in the database")
        } else {
            let t = Date()
            made = try await (quick ? ProvinceScale(fanout: [4, 4, 4, 20]) : ProvinceScale()).generate(into: vanguard)
            out["generate_seconds"] = Date().timeIntervalSince(t)
            for (step, seconds) in made.seconds { out["generate_\(step)_seconds"] = seconds }
        }
        out["organizations"] = Double(made.organizations)
        out["members"] = Double(made.members)
        out["items"] = Double(made.items)
        Self.note("province: \(made), generated in \(out["generate_seconds"].map { "\($0) s" } ?? "an earlier run")")
        (out["rollup_read_p99_us"], out["rollup_vs_scan_ratio"]) = try await Self.rollups(vanguard, reads: quick ? 500 : 5000, scans: 3)
        Self.note("roll-ups: p99 \(out["rollup_read_p99_us"]!) µs, scan ratio \(out["rollup_vs_scan_ratio"]!)")
        if let readReplica, let databaseURL {
            // The dashboard read by 16 clients at once: on the primary alone, then with the standby serving
            // the reads (as the server routes a request's reads), the same server process and database.
            out["dashboard_rps"] = try await Self.dashboards(vanguard, routed: false)
            let replicated = try await Vanguard.open(url: databaseURL, readReplicaURL: readReplica, migrate: false, logger: logger)
            out["dashboard_rps_with_replica"] = try await Self.dashboards(replicated, routed: true)
            try await replicated.close()
            Self.note("dashboards: \(out["dashboard_rps"]!)/s on the primary, \(out["dashboard_rps_with_replica"]!)/s with the replica")
        }
        return out
    }

    /// Dashboards of random organizations read per second by 16 concurrent clients for 5 seconds;
    /// `routed`: each read as a request's (to the replica when there is one).
    static func dashboards(_ vanguard: Vanguard, routed: Bool) async throws -> Double {
        let year = vanguard.time.today().year
        let ids = try await vanguard.backend.read { db in
            try await db.raw("SELECT id FROM organizations WHERE depth <= 3").all(decodingColumn: "id", as: Int64.self)
        }
        let end = Date().addingTimeInterval(5)
        let started = Date()
        let reads = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    var n = 0
                    while Date() < end {
                        let id = ids.randomElement()!
                        _ = try await ReadRouting.$current.withValue(routed ? ReadRouting(floor: nil) : nil) {
                            try await vanguard.statistics.dashboard(organizationID: id, year: year, as: .system("bench"))
                        }
                        n += 1
                    }
                    return n
                }
            }
            return try await group.reduce(0, +)
        }
        return Double(reads) / Date().timeIntervalSince(started)
    }
}
