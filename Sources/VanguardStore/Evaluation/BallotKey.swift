import Crypto
import Foundation
import SQLKit
import VanguardCore

/// The server's secret for ballot codes: a code is stored as HMAC-SHA256(key, SHA-256(code)), so a
/// copy of the database without the key cannot tell which printed code was used, even to whoever
/// printed them. The key lives outside the database — `VANGUARD_BALLOT_KEY` (base64), or a key file
/// (`VANGUARD_BALLOT_KEY_FILE`; by default `ballot.key` beside the SQLite file, or in the working
/// directory for PostgreSQL), made on first start with mode 0600. Keep it out of database backups.
public struct BallotKey: Sendable {
    private let bytes: [UInt8]
    var key: SymmetricKey { SymmetricKey(data: bytes) }

    public init(_ key: SymmetricKey) { self.bytes = key.withUnsafeBytes { Array($0) } }

    /// A key for this process only: for tests and tools whose codes never outlive them.
    public static let ephemeral = BallotKey(SymmetricKey(size: .bits256))

    /// The stored form of a normalized code.
    func hash(_ code: String) -> String { keyed(Self.sha256(code)) }

    func keyed(_ sha256Hex: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(sha256Hex.utf8), using: key).hex
    }

    /// The `serial`th code of a batch, derived from the key (HMAC-SHA256 over the round, batch and
    /// serial, 60 bits of it spelled as a code): the same every time, unguessable without the key.
    func derivedCode(round: Int64, batch: Int64, serial: Int) -> String {
        let mac = Array(HMAC<SHA256>.authenticationCode(for: Data("vanguard.ballot.code/\(round)/\(batch)/\(serial)".utf8), using: key))
        return BallotCode.spell(mac.prefix(8).reduce(0) { $0 << 8 | UInt64($1) })
    }

    static func sha256(_ code: String) -> String { SHA256.hash(data: Array(code.utf8)).hex }

    /// The configured key, or the key file's, made if missing.
    public static func load(databaseURL: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> BallotKey {
        if let text = environment["VANGUARD_BALLOT_KEY"], !text.isEmpty {
            guard let data = Data(base64Encoded: text), data.count >= 32 else { throw KeyError.bad("VANGUARD_BALLOT_KEY") }
            return BallotKey(SymmetricKey(data: data))
        }
        let path: String
        if let file = environment["VANGUARD_BALLOT_KEY_FILE"], !file.isEmpty {
            path = file
        } else if databaseURL.hasPrefix("sqlite:") {
            path = URL(fileURLWithPath: String(databaseURL.dropFirst("sqlite:".count))).deletingLastPathComponent().appendingPathComponent("ballot.key").path
        } else {
            path = "vanguard-ballot.key"
        }
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count >= 32 else { throw KeyError.bad(path) }
            return BallotKey(SymmetricKey(data: data))
        }
        let fresh = SymmetricKey(size: .bits256)
        let encoded = fresh.withUnsafeBytes { Data($0).base64EncodedString() }
        guard FileManager.default.createFile(atPath: path, contents: Data((encoded + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw KeyError.unwritable(path)
        }
        return BallotKey(fresh)
    }

    /// Rehashes codes stored before keys existed (plain SHA-256) with this key; once per code.
    func rekey(_ backend: any DatabaseBackend) async throws {
        while true {
            let done = try await backend.write { db -> Bool in
                let old = try await BallotCodeRepository.unkeyed(db, limit: 1000)
                for h in old { try await BallotCodeRepository.rekey(db, from: h, to: keyed(h)) }
                return old.count < 1000
            }
            if done { return }
        }
    }

    enum KeyError: Error, CustomStringConvertible {
        case bad(String), unwritable(String)
        var description: String {
            switch self {
            case .bad(let w): "评议码密钥无效 / the ballot key in \(w) is not base64 of at least 32 bytes"
            case .unwritable(let p): "无法创建评议码密钥文件 / cannot create the ballot key file \(p)"
            }
        }
    }
}
