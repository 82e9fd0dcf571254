import SQLKit

/// The optional password expiry and first-login change (issue 11): a session opened with an expired
/// password, or with one the office set (a new account, a reset), may only change it; the flags are
/// cleared when the password is changed.
struct M014PasswordExpiry: Migration {
    let version = 14
    let name = "password expiry"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.alter(table: "sessions").column("must_change_password", type: .boolean, .notNull, .default(false)).run()
        try await db.alter(table: "users").column("must_change_password", type: .boolean, .notNull, .default(false)).run()
    }
}
