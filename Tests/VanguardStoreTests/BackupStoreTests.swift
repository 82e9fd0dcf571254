import Foundation
import Logging
import SQLKit
import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("备份与恢复（SQLite）")
struct BackupStoreTests {
    static let logger = Logger(label: "test")
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array("走访照片".utf8)
    static let dec31 = CalendarDay(year: 2026, month: 12, day: 31)!

    /// A folder of its own, removed afterwards.
    static func inFolder(_ body: (URL) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vanguard-backup-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try await body(dir)
    }

    /// A live database with a city, a member and a commitment with one uploaded photo; returns the photo's file id.
    static func city(at path: String) async throws -> (Vanguard, SmallCity, evidenceID: Int64) {
        let v = try await Vanguard.open(url: "sqlite:" + path, time: TestDatabase.fixedTime, logger: logger)
        let c = try await SmallCity.make(v)
        let m = try await v.members.create(sampleMember("B1", name: "刘芳"), organizationID: c.village1.id, as: .system())
        let secretary = caller(.branchSecretary, on: c.village1)
        let item = CommitmentItemDraft(content: "走访困难户", responsibility: "本人", deadline: dec31, expectedResult: "群众满意")
        let commitment = try await v.commitments.createForMember(m.id, kind: .annual, year: 2026, items: [item], as: secretary)
        for a in [CommitmentAction.submit, .approve, .publish] { _ = try await v.commitments.act(commitment.id, a, as: secretary) }
        let reported = try await v.fulfilment.report(
            commitment.id, itemPosition: 1, text: "已走访", fulfils: true, files: [EvidenceUpload(name: "走访.jpg", bytes: jpeg)], as: secretary)
        let fileID = try #require(try await v.fulfilment.progress(reported.id, as: secretary).first?.files.first?.id)
        return (v, c, fileID)
    }

    static func size(_ path: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1 }

    @Test("在线备份是一个归档：数据库快照、上传的佐证材料和校验清单；恢复后事实与文件都相同")
    func onlineBackupAndRestore() async throws {
        try await Self.inFolder { dir in
            let live = dir.appendingPathComponent("live.sqlite").path
            let archive = dir.appendingPathComponent("city.vgbackup").path
            let target = dir.appendingPathComponent("restored/vanguard.sqlite").path
            let (v, c, fileID) = try await Self.city(at: live)
            // backed up while the database is open (as under a running server)
            let manifest = try await BackupArchive.create(databasePath: live, destination: archive, logger: Self.logger)
            try await v.close()
            #expect(manifest.schemaVersion == allMigrations.last!.version && manifest.evidenceFiles == 1 && manifest.evidenceBytes == Int64(Self.jpeg.count))
            #expect(!FileManager.default.fileExists(atPath: archive + ".partial") && !FileManager.default.fileExists(atPath: archive + ".snapshot"))
            // The system's tar lists the two entries.
            let tar = Process()
            tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            tar.arguments = ["tar", "tf", archive]
            let pipe = Pipe()
            tar.standardOutput = pipe
            try tar.run()
            tar.waitUntilExit()
            #expect(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "vanguard.sqlite\nmanifest.json\n")
            #expect(try await BackupArchive.check(archive, logger: Self.logger) == manifest)
            try await BackupArchive.restore(archive, databasePath: target, logger: Self.logger)
            let restored = try await Vanguard.open(url: "sqlite:" + target, migrate: false, time: TestDatabase.fixedTime, logger: Self.logger)
            #expect(try await restored.organizations.get(c.city.id, as: .system()).counters.subtreeMembers == 1)
            #expect(try await restored.fulfilment.evidence(fileID, as: .system()).bytes == Self.jpeg)
            #expect(try await restored.verifier.differences().isEmpty)
            try await restored.close()
        }
    }

    @Test("数据库路径写错：备份拒绝，不创建空数据库，也不留下归档")
    func backupOfAMissingDatabaseIsRefused() async throws {
        try await Self.inFolder { dir in
            let missing = dir.appendingPathComponent("typo/vanguard.sqlite").path
            let archive = dir.appendingPathComponent("x.vgbackup").path
            await #expect(throws: BackupArchive.BackupError.self) {
                try await BackupArchive.create(databasePath: missing, destination: archive, logger: Self.logger)
            }
            #expect(!FileManager.default.fileExists(atPath: missing) && !FileManager.default.fileExists(atPath: archive))
        }
    }

    @Test("不是先锋的数据库（或来自更新的版本）：备份与恢复都拒绝，原数据库不变")
    func foreignDatabasesAreRefused() async throws {
        try await Self.inFolder { dir in
            let live = dir.appendingPathComponent("live.sqlite").path
            let (v, _, _) = try await Self.city(at: live)
            try await v.close()
            let before = try Data(contentsOf: URL(fileURLWithPath: live))
            // a one-table SQLite file that passes integrity_check
            let foreign = dir.appendingPathComponent("foreign.sqlite").path
            let other = try await SQLiteBackend.open(path: foreign, readers: 1, logger: Self.logger)
            try await other.write { db in try await db.exec("CREATE TABLE notes (body TEXT)") }
            #expect(try await other.integrityOK())
            try await other.close()
            await #expect(throws: SchemaCheck.SchemaError.self) { try await BackupArchive.restore(foreign, databasePath: live, logger: Self.logger) }
            await #expect(throws: SchemaCheck.SchemaError.self) {
                try await BackupArchive.create(databasePath: foreign, destination: dir.appendingPathComponent("f.vgbackup").path, logger: Self.logger)
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: live)) == before)
            // a Vanguard database from a newer build
            let newer = dir.appendingPathComponent("newer.sqlite").path
            let (n, _, _) = try await Self.city(at: newer)
            try await n.backend.write { db in
                try await db.raw("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', 0)").run()
            }
            try await n.close()
            await #expect(throws: SchemaCheck.SchemaError.self) { try await BackupArchive.restore(newer, databasePath: live, logger: Self.logger) }
            #expect(try Data(contentsOf: URL(fileURLWithPath: live)) == before)
        }
    }

    @Test("服务器（或任何命令）打开着数据库时拒绝恢复；关闭后可以恢复")
    func restoreUnderARunningServerIsRefused() async throws {
        try await Self.inFolder { dir in
            let live = dir.appendingPathComponent("live.sqlite").path
            let archive = dir.appendingPathComponent("city.vgbackup").path
            let (v, _, _) = try await Self.city(at: live)
            try await BackupArchive.create(databasePath: live, destination: archive, logger: Self.logger)
            await #expect(throws: DatabaseLock.LockError.self) { try await BackupArchive.restore(archive, databasePath: live, logger: Self.logger) }
            #expect(try await v.organizations.scopeRoots(as: .system()).count == 1)  // still serving, untouched
            try await v.close()
            let done = try await BackupArchive.restore(archive, databasePath: live, logger: Self.logger)
            // The replaced database is kept aside, whole, never deleted.
            let previous = try #require(done.previous)
            #expect(FileManager.default.fileExists(atPath: previous) && done.manifest != nil)
            // …and while a restore holds it, nothing opens the database.
            let lock = try DatabaseLock.take(.exclusive, databasePath: live)
            await #expect(throws: DatabaseLock.LockError.self) { _ = try await SQLiteBackend.open(path: live, readers: 1, logger: Self.logger) }
            lock.release()
        }
    }

    @Test("改动、截断、夹带文件或佐证材料损坏的归档都被拒绝，原数据库不变")
    func tamperedArchivesAreRefused() async throws {
        try await Self.inFolder { dir in
            let live = dir.appendingPathComponent("live.sqlite").path
            let archive = dir.appendingPathComponent("city.vgbackup").path
            let (v, _, _) = try await Self.city(at: live)
            try await BackupArchive.create(databasePath: live, destination: archive, logger: Self.logger)
            let good = try Data(contentsOf: URL(fileURLWithPath: archive))
            var flipped = good
            flipped[512 + 4096 + 10] ^= 0x01  // a byte inside the database's second page
            let truncated = good.prefix(good.count / 2)
            var extra = Data()
            extra.append(Data(TarArchive.header(name: "../../etc/passwd", size: 0, mtime: 0)))
            extra.append(good)
            var manifestEdited = good
            let manifestText = Data("\"evidenceFiles\" : 1".utf8)
            let at = try #require(manifestEdited.range(of: manifestText))
            manifestEdited.replaceSubrange(at, with: Data("\"evidenceFiles\" : 0".utf8))
            for (name, bytes) in [("flipped", flipped), ("truncated", Data(truncated)), ("extra", extra), ("manifest", manifestEdited)] {
                let path = dir.appendingPathComponent(name + ".vgbackup").path
                try bytes.write(to: URL(fileURLWithPath: path))
                await #expect(throws: (any Error).self, "\(name)") { try await BackupArchive.check(path, logger: Self.logger) }
            }
            // A damaged uploaded file inside an otherwise sound database is found by its hash.
            try await v.backend.write { db in try await db.raw("UPDATE evidence_blobs SET bytes = \(bind: Data([0, 1, 2]))").run() }
            let damaged = dir.appendingPathComponent("damaged.vgbackup").path
            try await BackupArchive.create(databasePath: live, destination: damaged, logger: Self.logger)
            try await v.close()
            let before = try Data(contentsOf: URL(fileURLWithPath: live))
            await #expect(throws: BackupArchive.BackupError.self) { try await BackupArchive.restore(damaged, databasePath: live, logger: Self.logger) }
            #expect(try Data(contentsOf: URL(fileURLWithPath: live)) == before)
            #expect(!FileManager.default.fileExists(atPath: live + ".restoring"))
        }
    }
}
