import ArgumentParser
import Foundation
import Logging
import VanguardStore

/// `vanguard backup PATH`: an online, consistent archive of the SQLite database — the server may keep
/// running — with every uploaded file (they live in the database) and a manifest of checksums.
/// PostgreSQL deployments use pg_dump.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "在线备份 SQLite 数据库（含佐证材料与校验清单）/ Online backup of the SQLite database, uploaded files and a checksum manifest")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Where to write the archive (must not exist), e.g. vanguard-2026-12-01.vgbackup") var path: String

    func run() async throws {
        let url = try await store.url()
        guard url.hasPrefix("sqlite:") else { throw fail("备份命令只用于 SQLite；PostgreSQL 请使用 pg_dump / backup is for SQLite; use pg_dump for PostgreSQL") }
        do {
            let m = try await BackupArchive.create(databasePath: String(url.dropFirst("sqlite:".count)), destination: path, logger: cliLogger)
            print("已备份到 / backed up to \(path): 结构版本 schema \(m.schemaVersion), 数据库 \(m.database.size) 字节 bytes, 佐证材料 \(m.evidenceFiles) 个 files")
        } catch {
            throw fail(String(describing: error))
        }
    }
}

/// `vanguard restore PATH`: checks the archive completely, then replaces the database with it
/// atomically. Refused while a server or another command has the database open. `--check` only checks.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "从备份恢复 SQLite 数据库（须先停止服务器）/ Restore the SQLite database from a backup archive (stop the server first)")
    @OptionGroup var store: StoreOptions
    @Flag(help: "Only check the archive; change nothing") var check = false
    @Argument(help: "The backup archive") var path: String

    func run() async throws {
        let url = try await store.url()
        guard url.hasPrefix("sqlite:") else { throw fail("恢复命令只用于 SQLite / restore is for SQLite") }
        do {
            func what(_ manifest: BackupArchive.Manifest?) -> String {
                manifest.map { "备份于 created \($0.createdAt), 结构版本 schema \($0.schemaVersion), 佐证材料 \($0.evidenceFiles) 个 files" }
                    ?? "旧式备份，无清单 / old backup without a manifest"
            }
            if check {
                print("备份完好 / the archive is sound: \(what(try await BackupArchive.check(path, logger: cliLogger)))")
            } else {
                let done = try await BackupArchive.restore(path, databasePath: String(url.dropFirst("sqlite:".count)), logger: cliLogger)
                print("已从 \(path) 恢复 / restored from \(path): \(what(done.manifest))")
                if let previous = done.previous { print("原数据库已保存为 / the replaced database was kept as \(previous)") }
            }
        } catch {
            throw fail(String(describing: error))
        }
    }
}
