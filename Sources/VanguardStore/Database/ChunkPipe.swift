/// A hand-off between a reader and a writer running at once (an export reads the next rows from the
/// database while the last are written into the file, one on each core), holding at most `capacity`
/// chunks: the reader waits when the writer falls behind, so memory stays bounded whatever the size.
actor ChunkPipe<Element: Sendable> {
    private let capacity: Int
    private var buffer: [Element] = []
    private var closed = false
    private var failure: (any Error)?
    private var senders: [CheckedContinuation<Void, Never>] = []
    private var receiver: CheckedContinuation<Element?, any Error>?

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Hands a chunk over, waiting while the pipe is full; throws once the writer has given up.
    func send(_ element: Element) async throws {
        while buffer.count >= capacity && !closed { await withCheckedContinuation { senders.append($0) } }
        if closed { throw failure ?? CancellationError() }
        if let r = receiver {
            receiver = nil
            r.resume(returning: element)
        } else {
            buffer.append(element)
        }
    }

    /// The next chunk, nil once the reader has finished; the reader's error if it failed.
    func next() async throws -> Element? {
        if !buffer.isEmpty {
            let element = buffer.removeFirst()
            if !senders.isEmpty { senders.removeFirst().resume() }
            return element
        }
        if closed {
            if let failure { throw failure }
            return nil
        }
        return try await withCheckedThrowingContinuation { receiver = $0 }
    }

    /// No more chunks: the writer drains what is buffered, then sees the end (or `error`). Also called by
    /// a writer that gives up, so that a waiting reader stops.
    func close(throwing error: (any Error)? = nil) {
        guard !closed else { return }
        closed = true
        failure = error
        for s in senders { s.resume() }
        senders = []
        if let r = receiver, buffer.isEmpty {
            receiver = nil
            if let error { r.resume(throwing: error) } else { r.resume(returning: nil) }
        }
    }
}
