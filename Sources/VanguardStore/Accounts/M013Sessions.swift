import SQLKit

/// Sessions and tokens one can list and revoke (issue 11): where each was opened from, and a name for
/// an API token. A session is shown by the first 16 hex digits of its token's hash, never the hash.
struct M013Sessions: Migration {
    let version = 13
    let name = "sessions listed"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.alter(table: "sessions").column("address", type: .text).run()
        try await db.alter(table: "sessions").column("label", type: .text).run()
    }
}
