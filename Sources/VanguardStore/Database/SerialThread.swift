import Foundation

/// A thread of its own that runs the jobs of the tasks that prefer it (`withTaskExecutorPreference`), one
/// after another. `SQLiteDirect` blocks in SQLite — statements, the commit's fsync, a checkpoint — and this
/// keeps that off Swift's cooperative pool, whose two threads on a two-core host serve the requests.
final class SerialThread: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false

    init(name: String) {
        let thread = Thread { [self] in loop() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        guard !stopping else {
            condition.unlock()
            // The thread has ended or is ending (its database closed): a task still preferring it (a batch
            // queued behind the close) runs elsewhere and meets the closed database, instead of never running.
            DispatchQueue.global().async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
            return
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread end once the jobs already queued have run (until then it holds this object).
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
