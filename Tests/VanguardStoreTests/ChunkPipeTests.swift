import Testing

@testable import VanguardStore

/// The hand-off an export reads through while it writes: order kept, memory bounded, and neither side
/// left waiting when the other fails.
@Suite("导出的读写交接")
struct ChunkPipeTests {
    struct Broken: Error {}

    @Test("读写同时进行：次序不变，读的一方在管道满时等待")
    func orderAndBound() async throws {
        let pipe = ChunkPipe<Int>(capacity: 2)
        async let received: [Int] = {
            var out: [Int] = []
            while let n = try await pipe.next() {
                out.append(n)
                await Task.yield()
            }
            return out
        }()
        for n in 0..<500 { try await pipe.send(n) }
        await pipe.close()
        #expect(try await received == Array(0..<500))
    }

    @Test("写的一方出错：等待中的读方不再等待，收到错误；读的一方出错：写方看到同一个错误")
    func failures() async throws {
        let pipe = ChunkPipe<Int>(capacity: 1)
        try await pipe.send(1)
        let sending = Task { try await pipe.send(2) }  // waits: the pipe is full
        await pipe.close(throwing: Broken())  // the writer gives up
        await #expect(throws: Broken.self) { try await sending.value }

        let other = ChunkPipe<Int>(capacity: 1)
        let next = Task { try await other.next() }
        await other.close(throwing: Broken())  // the reader failed
        await #expect(throws: Broken.self) { try await next.value }
    }
}
