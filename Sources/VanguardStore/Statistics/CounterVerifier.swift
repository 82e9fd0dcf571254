import VanguardCore

/// `vanguard verify`: rebuilds every projection from the facts — the tree's counters, each projection's
/// own rows (automatic point events) and every statistics counter, points and stars included — and lists
/// each difference from what is stored.
public struct CounterVerifier: Sendable {
    let backend: any DatabaseBackend

    public struct Difference: Sendable, Hashable, CustomStringConvertible {
        /// The organization whose counter differs; nil for a projection's own row (named in `counter`).
        public var organizationID: Int64?
        public var counter: String
        public var stored: Int
        public var actual: Int
        public var description: String {
            guard let organizationID else { return counter }
            return "organization \(organizationID) \(counter): stored \(stored), actual \(actual)"
        }
    }

    public func differences() async throws -> [Difference] {
        try await backend.read { db in
            let actual = try await OrganizationRepository.computedCounters(db)
            var out: [Difference] = []
            for (id, s) in try await OrganizationRepository.storedCounters(db) {
                let a = actual[id] ?? OrganizationCounters()
                for (name, stored, real) in [
                    ("subtree_organizations", s.subtreeOrganizations, a.subtreeOrganizations),
                    ("subtree_members", s.subtreeMembers, a.subtreeMembers),
                    ("own_members", s.ownMembers, a.ownMembers),
                ] where stored != real {
                    out.append(Difference(organizationID: id, counter: name, stored: stored, actual: real))
                }
            }
            // 统计汇总: every counter of every year and metric, own and subtree.
            for row in try await WritePath.differences(db) { out.append(Difference(organizationID: nil, counter: row, stored: 0, actual: 0)) }
            let computed = try await WritePath.computed(db)
            let stored = try await StatsRepository.stored(db)
            for key in Set(computed.keys).union(stored.keys) {
                let c = computed[key] ?? (0, 0)
                let s = stored[key] ?? (0, 0)
                for (part, a, b) in [("own", s.own, c.own), ("subtree", s.subtree, c.subtree)] where a != b {
                    out.append(Difference(organizationID: key.organizationID, counter: "\(key.year) \(key.metric) \(part)", stored: a, actual: b))
                }
            }
            return out.sorted { ($0.organizationID ?? 0, $0.counter) < ($1.organizationID ?? 0, $1.counter) }
        }
    }
}
