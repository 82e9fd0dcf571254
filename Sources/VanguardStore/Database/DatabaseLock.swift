import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#endif

/// Who has an SQLite database open: every process that opens it (a server, a CLI command) holds a
/// shared `flock` on `<database>.lock` for as long as it is open; `vanguard restore` takes it
/// exclusively and without waiting, so it refuses while anything still has the database open. The
/// kernel drops the lock when a process dies, kill -9 included, so a crash never leaves it stuck.
/// (A lock file of its own, because closing any descriptor of the database file itself would drop
/// SQLite's POSIX locks.)
public final class DatabaseLock: Sendable {
    private let fd: Int32
    private let held = NIOLockedValueBox(true)

    private init(fd: Int32) { self.fd = fd }

    public enum Mode: Sendable { case shared, exclusive }

    public static func path(for databasePath: String) -> String { databasePath + ".lock" }

    /// Takes the lock or throws at once (never waits).
    public static func take(_ mode: Mode, databasePath: String) throws -> DatabaseLock {
        let fd = Glibc.open(path(for: databasePath), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LockError.cannotOpen(path(for: databasePath), errno) }
        guard flock(fd, (mode == .shared ? LOCK_SH : LOCK_EX) | LOCK_NB) == 0 else {
            Glibc.close(fd)
            throw mode == .shared ? LockError.beingRestored(databasePath) : LockError.inUse(databasePath)
        }
        return DatabaseLock(fd: fd)
    }

    /// Releases the lock (also released when the process ends). Once only: a second call would close
    /// a descriptor number the process may have reused for another file.
    public func release() {
        let first = held.withLockedValue { h in
            defer { h = false }
            return h
        }
        guard first else { return }
        flock(fd, LOCK_UN)
        Glibc.close(fd)
    }

    public enum LockError: Error, CustomStringConvertible {
        case cannotOpen(String, Int32), inUse(String), beingRestored(String)

        public var description: String {
            switch self {
            case .cannotOpen(let p, let e): "无法打开锁文件 / cannot open the lock file \(p) (errno \(e))"
            case .inUse(let p):
                "数据库正被服务器或其他命令使用，请先停止 / \(p) is open in a running server or another vanguard command; stop it first"
            case .beingRestored(let p): "数据库正在恢复，请稍后 / \(p) is being restored; try again when the restore has finished"
            }
        }
    }
}
