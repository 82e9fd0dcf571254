import Foundation
import Logging
import SQLKit
import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("备份与恢复（SQLite）")
struct BackupStoreTests {
    @Test("在线备份得到一致、完整的数据库副本")
    func onlineBackup() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vanguard-backup-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: dir) }
        let logger = Logger(label: "test")
        let source = dir.appendingPathComponent("live.sqlite").path
        let copy = dir.appendingPathComponent("backup.sqlite").path
        // given a live database with a city in it
        let live = try await Vanguard.open(url: "sqlite:" + source, time: TestDatabase.fixedTime, logger: logger)
        let city = try await SmallCity.make(live)
        _ = try await live.members.create(sampleMember("B1"), organizationID: city.village1.id, as: .system())
        // when it is backed up while open
        try await (live.backend as! SQLiteBackend).backup(to: copy)
        try await live.close()
        // then the copy is sound and holds the same facts
        let restored = try await Vanguard.open(url: "sqlite:" + copy, migrate: false, time: TestDatabase.fixedTime, logger: logger)
        #expect(try await (restored.backend as! SQLiteBackend).integrityOK())
        #expect(try await restored.organizations.get(city.city.id, as: .system()).counters.subtreeMembers == 1)
        #expect(try await restored.verifier.differences().isEmpty)
        try await restored.close()
    }

    @Test("损坏的备份文件不能通过完整性检查")
    func corruptBackupIsRefused() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vanguard-corrupt-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("broken.sqlite").path
        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: path))
        await #expect(throws: (any Error).self) {
            let backend = try await SQLiteBackend.open(path: path, readers: 1, logger: Logger(label: "test"))
            let ok = try await backend.integrityOK()
            try await backend.close()
            if !ok { throw VanguardError.invalid("损坏", "corrupt") }
        }
    }
}
