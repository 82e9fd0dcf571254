import Foundation
import VanguardStore

extension Bench {
    /// `--scale province`: the province generated inside the database, then the roll-up keys at that scale
    /// (the server keys are the city's: a province's users reach it through many servers).
    func province(_ vanguard: Vanguard) async throws -> [String: Double] {
        var out: [String: Double] = [:]
        let made: ProvinceScale.Summary
        if try await DemoCity.isPopulated(vanguard) {
            // A province generated before (generating takes minutes): measured again as it is, read only.
            made = try await ProvinceScale.summary(of: vanguard)
            Self.note("reusing the data already in the database")
        } else {
            let t = Date()
            made = try await ProvinceScale().generate(into: vanguard)
            out["generate_seconds"] = Date().timeIntervalSince(t)
        }
        out["organizations"] = Double(made.organizations)
        out["members"] = Double(made.members)
        out["items"] = Double(made.items)
        Self.note("province: \(made), generated in \(out["generate_seconds"].map { "\($0) s" } ?? "an earlier run")")
        (out["rollup_read_p99_us"], out["rollup_vs_scan_ratio"]) = try await Self.rollups(vanguard, reads: quick ? 500 : 5000, scans: 3)
        Self.note("roll-ups: p99 \(out["rollup_read_p99_us"]!) µs, scan ratio \(out["rollup_vs_scan_ratio"]!)")
        return out
    }
}
