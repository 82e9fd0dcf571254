import SQLKit

/// 典型候选 by satisfaction reads an organization's own targets in rounds of mass evaluation inside a
/// subtree: an index on the target's organization, so the desk does not scan every target there is.
struct M031CandidateIndex: Migration {
    let version = 31
    let name = "evaluation targets by organization"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(index: "evaluation_targets_organization").on("evaluation_targets").column("organization_id").run()
    }
}
