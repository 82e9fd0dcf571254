import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A plain HTTP/1.1 keep-alive client on blocking sockets, one thread per connection: small enough that
/// the benchmark measures the server, the same for every route so ratios between routes are fair.
final class BenchClient: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var body: String?
    }

    struct Outcome: Sendable {
        var seconds: Double
        var latenciesMicros: [Double]
        var statuses: [Int: Int]
        var errors: Int
        /// Seconds from the start to the last answer with each status.
        var lastAnswer: [Int: Double]
    }

    let port: UInt16

    init(port: UInt16) { self.port = port }

    /// What the connections' threads gather, under one lock.
    final class Gathered: @unchecked Sendable {
        let lock = NSLock()
        var latencies: [Double] = []
        var statuses: [Int: Int] = [:]
        var errors = 0
        var lastAnswer: [Int: UInt64] = [:]
        /// The next request not yet taken by a connection.
        var next = 0

        func take(_ count: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < count else { return nil }
            next += 1
            return next - 1
        }
    }

    /// Sends `requests` over `connections` keep-alive connections, each on its own thread so they really
    /// run side by side. A connection takes the next request as soon as it is free, as a crowd of voters
    /// does: with fixed shares (request i on connection i % n) the connections ran out at different times,
    /// and the last voters of a slow connection, fewer than k, each waited out the ballot's timeout.
    func run(_ requests: [Request], connections: Int) -> Outcome {
        let gathered = Gathered()
        let group = DispatchGroup()
        let started = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<connections {
            group.enter()
            let thread = Thread {
                var mine: [Double] = []
                var statuses: [Int: Int] = [:]
                var lastAnswer: [Int: UInt64] = [:]
                var errors = 0
                var fd = self.connect()
                while let i = gathered.take(requests.count) {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    if fd < 0 { fd = self.connect() }
                    if fd >= 0, let status = self.exchange(fd, requests[i]) {
                        let t1 = DispatchTime.now().uptimeNanoseconds
                        statuses[status, default: 0] += 1
                        lastAnswer[status] = t1
                        mine.append(Double(t1 - t0) / 1000)
                    } else {
                        errors += 1
                        if fd >= 0 { close(fd) }
                        fd = -1
                    }
                }
                if fd >= 0 { close(fd) }
                gathered.lock.lock()
                gathered.latencies += mine
                for (k, v) in statuses { gathered.statuses[k, default: 0] += v }
                for (k, t) in lastAnswer { gathered.lastAnswer[k] = max(gathered.lastAnswer[k] ?? 0, t) }
                gathered.errors += errors
                gathered.lock.unlock()
                group.leave()
            }
            thread.start()
        }
        group.wait()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return Outcome(
            seconds: seconds, latenciesMicros: gathered.latencies, statuses: gathered.statuses, errors: gathered.errors,
            lastAnswer: gathered.lastAnswer.mapValues { Double($0 - started) / 1e9 })
    }

    /// `run` on a thread of its own, so no thread of the concurrency pool (which serves the requests) waits.
    func measure(_ requests: [Request], connections: Int) async -> Outcome {
        await withCheckedContinuation { c in
            Thread { c.resume(returning: self.run(requests, connections: connections)) }.start()
        }
    }

    func connect() -> Int32 {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return -1 }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if ok != 0 {
            close(fd)
            return -1
        }
        return fd
    }

    /// Writes one request and reads its response; returns the status, or nil when the connection failed.
    func exchange(_ fd: Int32, _ r: Request) -> Int? {
        let body = Array((r.body ?? "").utf8)
        var head = "\(r.method) \(r.path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
        if r.body != nil { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        head += "\r\n"
        let bytes = Array(head.utf8) + body
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return nil }
            sent += n
        }
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 16384)
        var headerEnd: Int?
        var contentLength = 0
        var status = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return nil }
            buffer += chunk[0..<n]
            if headerEnd == nil, let end = Self.find(buffer, [13, 10, 13, 10]) {
                headerEnd = end + 4
                let text = String(decoding: buffer[0..<end], as: UTF8.self)
                let lines = text.split(separator: "\r\n")
                status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
                for line in lines.dropFirst() where line.lowercased().hasPrefix("content-length:") {
                    contentLength = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let end = headerEnd, buffer.count >= end + contentLength { return status }
        }
    }

    static func find(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle { return i }
        return nil
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
}
