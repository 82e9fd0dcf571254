import SQLKit

/// Ballot codes stored as a keyed HMAC (issue 11): codes hashed before this migration are marked
/// `keyed = false` and rehashed with the server's key when the store opens (`BallotKey.rekey`).
struct M010BallotKeys: Migration {
    let version = 10
    let name = "ballot codes keyed"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.alter(table: "ballot_codes").column("keyed", type: .boolean, .notNull, .default(false)).run()
    }
}
