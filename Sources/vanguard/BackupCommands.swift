import ArgumentParser
import Foundation
import Logging
import VanguardStore

/// `vanguard backup PATH`: an online, consistent copy of the SQLite database (the server may keep
/// running). PostgreSQL deployments use pg_dump.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "在线备份 SQLite 数据库 / Online backup of the SQLite database")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Where to write the backup (must not exist)") var path: String

    func run() async throws {
        guard store.url.hasPrefix("sqlite:") else { throw fail("备份命令只用于 SQLite；PostgreSQL 请使用 pg_dump / backup is for SQLite; use pg_dump for PostgreSQL") }
        guard !FileManager.default.fileExists(atPath: path) else { throw fail("目标文件已存在 / \(path) already exists") }
        let backend = try await SQLiteBackend.open(path: String(store.url.dropFirst("sqlite:".count)), readers: 1, logger: cliLogger)
        try await backend.backup(to: path)
        try await backend.close()
        print("已备份到 / backed up to \(path)")
    }
}

/// `vanguard restore PATH`: checks the backup's integrity, then replaces the database file with it
/// atomically. Stop the server first.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "从备份恢复 SQLite 数据库（须先停止服务器）/ Restore the SQLite database from a backup (stop the server first)")
    @OptionGroup var store: StoreOptions
    @Argument(help: "The backup file") var path: String

    func run() async throws {
        guard store.url.hasPrefix("sqlite:") else { throw fail("恢复命令只用于 SQLite / restore is for SQLite") }
        guard FileManager.default.fileExists(atPath: path) else { throw fail("备份文件不存在 / \(path) does not exist") }
        let check = try await SQLiteBackend.open(path: path, readers: 1, logger: cliLogger)
        let ok = try await check.integrityOK()
        try await check.close()
        guard ok else { throw fail("备份文件已损坏，未恢复 / the backup failed its integrity check; nothing restored") }
        let target = String(store.url.dropFirst("sqlite:".count))
        let staging = target + ".restoring"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent.isEmpty ? "." : (target as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: path, toPath: staging)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
        guard rename(staging, target) == 0 else { throw fail("无法替换数据库文件 / could not replace \(target)") }
        print("已从 \(path) 恢复 / restored from \(path)")
    }
}
