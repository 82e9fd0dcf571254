import Crypto
import Foundation
import Logging
import SQLKit

#if canImport(Glibc)
    import Glibc
#endif

/// 备份与恢复 of an SQLite deployment: one tar archive holding a consistent snapshot of the database
/// (taken with `VACUUM INTO` while the server keeps serving) and `manifest.json` with the schema
/// version and the snapshot's size and SHA-256. Uploaded evidence lives in the database as blobs
/// named by their SHA-256, so the archive holds every uploaded file, and a restore re-hashes each
/// one. The ballot key is deliberately not in the archive (docs/security.md).
public enum BackupArchive {
    public static let databaseEntry = "vanguard.sqlite"
    public static let manifestEntry = "manifest.json"
    static let format = "vanguard-backup"

    public struct Manifest: Codable, Sendable, Equatable {
        public var format: String
        public var formatVersion: Int
        public var createdAt: String
        public var schemaVersion: Int
        public var database: File
        /// 佐证材料: uploaded files and their bytes, all inside the database.
        public var evidenceFiles: Int
        public var evidenceBytes: Int64

        public struct File: Codable, Sendable, Equatable {
            public var name: String
            public var size: UInt64
            public var sha256: String
        }
    }

    public enum BackupError: Error, CustomStringConvertible {
        case noDatabase(String), exists(String), mismatch(String), legacy

        public var description: String {
            switch self {
            case .noDatabase(let p): "数据库文件不存在 / no database at \(p) (check --database or --data-dir)"
            case .exists(let p): "目标文件已存在 / \(p) already exists"
            case .mismatch(let what): "备份文件校验失败，未恢复 / the backup archive failed its check, nothing restored: \(what)"
            case .legacy: "旧式备份（无清单）/ an old plain-database backup without a manifest"
            }
        }
    }

    // MARK: backup

    /// Writes the archive of the live database at `databasePath` to `destination` (which must not exist).
    /// The file appears only when complete and flushed to disk.
    @discardableResult
    public static func create(databasePath: String, destination: String, logger: Logger) async throws -> Manifest {
        guard FileManager.default.fileExists(atPath: databasePath) else { throw BackupError.noDatabase(databasePath) }
        guard !FileManager.default.fileExists(atPath: destination) else { throw BackupError.exists(destination) }
        let snapshot = destination + ".snapshot"
        let partial = destination + ".partial"
        defer {
            try? FileManager.default.removeItem(atPath: snapshot)
            try? FileManager.default.removeItem(atPath: DatabaseLock.path(for: snapshot))
            try? FileManager.default.removeItem(atPath: partial)
        }
        try? FileManager.default.removeItem(atPath: snapshot)
        let live = try await SQLiteBackend.open(path: databasePath, readers: 1, logger: logger)
        do {
            _ = try await live.read { db in try await SchemaCheck.version(db) }
            try await live.backup(to: snapshot)
            try await live.close()
        } catch {
            try? await live.close()
            throw error
        }
        let (schemaVersion, evidence) = try await inspect(snapshot, logger: logger, checkEvidence: false)
        guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw BackupError.exists(partial)
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: partial))
        let manifest: Manifest
        do {
            let db = try TarArchive.append(file: snapshot, as: databaseEntry, to: out)
            manifest = Manifest(
                format: format, formatVersion: 1, createdAt: ISO8601DateFormatter().string(from: Date()), schemaVersion: schemaVersion,
                database: .init(name: databaseEntry, size: db.size, sha256: db.sha256), evidenceFiles: evidence.files, evidenceBytes: evidence.bytes)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            TarArchive.append(data: try encoder.encode(manifest), as: manifestEntry, to: out)
            TarArchive.finish(out)
            try out.synchronize()
            try out.close()
        } catch {
            try? out.close()
            throw error
        }
        guard rename(partial, destination) == 0 else { throw BackupError.exists(destination) }
        syncDirectory(of: destination)
        return manifest
    }

    // MARK: restore

    /// Checks an archive completely — entries, checksums, the database's integrity, that it is
    /// Vanguard's at a schema this build knows, and every uploaded file's hash — without touching the
    /// live database. Returns the manifest (nil for an old plain-database backup).
    public static func check(_ archive: String, logger: Logger) async throws -> Manifest? {
        let staging = archive + ".checking"
        defer {
            try? FileManager.default.removeItem(atPath: staging)
            try? FileManager.default.removeItem(atPath: DatabaseLock.path(for: staging))
        }
        return try await unpack(archive, to: staging, logger: logger)
    }

    /// What a restore did: the archive's manifest (nil for an old plain backup) and where the database
    /// it replaced was kept (`<database>.pre-restore-<time>`, with its WAL), nil when there was none.
    public struct Restored: Sendable {
        public var manifest: Manifest?
        public var previous: String?
    }

    /// Replaces the database at `databasePath` with the archive's, after checking it as `check` does.
    /// Refused while any process (a server, another command) has the database open. The replaced
    /// database is moved aside with its WAL — never deleted — so a wrong archive can be undone and a
    /// crash in between loses nothing.
    @discardableResult
    public static func restore(_ archive: String, databasePath: String, logger: Logger) async throws -> Restored {
        let directory = (databasePath as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory.isEmpty ? "." : directory, withIntermediateDirectories: true)
        // Checked before the archive is read, and held until the file is in place.
        let lock = try DatabaseLock.take(.exclusive, databasePath: databasePath)
        defer { lock.release() }
        let staging = databasePath + ".restoring"
        defer {
            try? FileManager.default.removeItem(atPath: staging)
            try? FileManager.default.removeItem(atPath: DatabaseLock.path(for: staging))
        }
        let manifest = try await unpack(archive, to: staging, logger: logger)
        // The old database and its WAL go aside together (the WAL may hold its last commits, and must
        // not be replayed into the new file).
        var previous: String?
        if FileManager.default.fileExists(atPath: databasePath) {
            let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
            let aside = databasePath + ".pre-restore-" + stamp
            for suffix in ["-wal", "-shm", ""] where FileManager.default.fileExists(atPath: databasePath + suffix) {
                guard rename(databasePath + suffix, aside + suffix) == 0 else {
                    throw BackupError.mismatch("could not move \(databasePath + suffix) aside (errno \(errno)); nothing restored")
                }
            }
            previous = aside
        }
        guard rename(staging, databasePath) == 0 else {
            let error = errno
            if let previous { for suffix in ["", "-wal", "-shm"] { _ = rename(previous + suffix, databasePath + suffix) } }
            throw BackupError.mismatch("could not replace \(databasePath) (errno \(error)); the database was left as it was")
        }
        syncDirectory(of: databasePath)
        return Restored(manifest: manifest, previous: previous)
    }

    /// Writes the archive's database to `staging` (flushed) and checks everything; throws on any doubt.
    static func unpack(_ archive: String, to staging: String, logger: Logger) async throws -> Manifest? {
        guard FileManager.default.fileExists(atPath: archive) else { throw BackupError.mismatch("\(archive) does not exist") }
        try? FileManager.default.removeItem(atPath: staging)
        let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: archive))
        defer { try? input.close() }
        guard FileManager.default.createFile(atPath: staging, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw BackupError.mismatch("cannot write \(staging)")
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: staging))
        var manifest: Manifest?
        var database: Manifest.File?
        do {
            let head = try input.read(upToCount: 16) ?? Data()
            if head == Data("SQLite format 3\0".utf8) {  // a plain database, as `backup` wrote before archives
                try input.seek(toOffset: 0)
                while let data = try input.read(upToCount: TarArchive.chunk), !data.isEmpty { out.write(data) }
            } else {
                try input.seek(toOffset: 0)
                while let entry = try TarArchive.next(input) {
                    switch entry.name {
                    case databaseEntry where database == nil:
                        database = .init(name: entry.name, size: entry.size, sha256: try TarArchive.copy(entry, from: input, to: out))
                    case manifestEntry where manifest == nil:
                        let data = try TarArchive.read(entry, from: input, limit: 1 << 20)
                        do { manifest = try JSONDecoder().decode(Manifest.self, from: data) } catch { throw BackupError.mismatch("manifest.json is not readable") }
                    default:
                        throw BackupError.mismatch("unexpected entry \(entry.name.prefix(100))")
                    }
                }
                guard let manifest, manifest.format == format, manifest.formatVersion == 1 else { throw BackupError.mismatch("no manifest.json") }
                guard let database, database == manifest.database else { throw BackupError.mismatch("the database's size or SHA-256 differs from the manifest") }
            }
            try out.synchronize()
            try out.close()
        } catch {
            try? out.close()
            throw error
        }
        let (schemaVersion, evidence) = try await inspect(staging, logger: logger, checkEvidence: true)
        if let manifest {
            guard manifest.schemaVersion == schemaVersion else { throw BackupError.mismatch("schema \(schemaVersion), manifest says \(manifest.schemaVersion)") }
            guard manifest.evidenceFiles == evidence.files, manifest.evidenceBytes == evidence.bytes else {
                throw BackupError.mismatch("uploaded files differ from the manifest")
            }
        }
        return manifest
    }

    /// Opens a database file that is not live and answers its schema version and uploaded files,
    /// after `integrity_check`; with `checkEvidence`, every file's bytes are hashed against its name.
    static func inspect(_ path: String, logger: Logger, checkEvidence: Bool) async throws -> (schema: Int, evidence: (files: Int, bytes: Int64)) {
        let backend: SQLiteBackend
        do { backend = try await SQLiteBackend.open(path: path, readers: 1, logger: logger) } catch {
            throw BackupError.mismatch("not an SQLite database")
        }
        do {
            guard try await backend.integrityOK() else { throw BackupError.mismatch("the database failed its integrity check") }
            let result = try await backend.read { db in
                let version = try await SchemaCheck.version(db)
                var files = 0
                var bytes: Int64 = 0
                var lastKey = ""
                while true {  // a page of blobs at a time, so memory is bounded by the page
                    let rows = try await db.raw("SELECT sha256, bytes FROM evidence_blobs WHERE sha256 > \(bind: lastKey) ORDER BY sha256 LIMIT 8").all()
                    if rows.isEmpty { break }
                    for row in rows {
                        let key = try row.string("sha256")
                        let data = try row.decode(column: "bytes", as: Data.self)
                        if checkEvidence, SHA256.hash(data: data).hex != key { throw BackupError.mismatch("uploaded file \(key.prefix(12))… is damaged") }
                        files += 1
                        bytes += Int64(data.count)
                        lastKey = key
                    }
                }
                return (version, (files, bytes))
            }
            try await backend.close()
            return result
        } catch {
            try? await backend.close()
            throw error
        }
    }

    static func syncDirectory(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}

/// Whether a database is Vanguard's, and at which schema: it has `schema_migrations`, every version
/// in it is one of this build's migrations under the same name, and none is newer than this build.
public enum SchemaCheck {
    public enum SchemaError: Error, CustomStringConvertible {
        case notVanguard, newer(Int, Int), unknown(Int, String)

        public var description: String {
            switch self {
            case .notVanguard: "这不是先锋的数据库 / not a Vanguard database (it has no schema_migrations table)"
            case .newer(let v, let ours): "数据库来自更新的版本（结构 \(v)，本程序 \(ours)）/ the database is from a newer Vanguard (schema \(v), this build \(ours))"
            case .unknown(let v, let name): "数据库的结构版本 \(v)（\(name)）与本程序不符 / schema migration \(v) \"\(name)\" is not this build's"
            }
        }
    }

    /// The highest applied version; throws when the database is not one this build can serve.
    public static func version(_ db: any SQLDatabase) async throws -> Int {
        let hasTable: Bool
        switch db.engine {
        case .sqlite:
            hasTable = try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").first() != nil
        case .postgres:
            hasTable = try await db.raw("SELECT to_regclass('schema_migrations') IS NOT NULL AS t").first(decodingColumn: "t", as: Bool.self) ?? false
        }
        guard hasTable else { throw SchemaError.notVanguard }
        let known = Dictionary(uniqueKeysWithValues: allMigrations.map { ($0.version, $0.name) })
        let latest = allMigrations.map(\.version).max() ?? 0
        var highest = 0
        for row in try await db.raw("SELECT version, name FROM schema_migrations ORDER BY version").all() {
            let (v, name) = (try row.int("version"), try row.string("name"))
            guard v <= latest else { throw SchemaError.newer(v, latest) }
            guard known[v] == name else { throw SchemaError.unknown(v, name) }
            highest = max(highest, v)
        }
        guard highest > 0 else { throw SchemaError.notVanguard }
        return highest
    }
}
