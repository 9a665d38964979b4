import Foundation
import Hummingbird
import HTTPTypes
#if canImport(Glibc)
import Glibc
#endif

/// One run of a CGI program (git http-backend) for one request: the request body goes to its
/// standard input as it arrives, and its standard output (CGI headers, then the body) comes
/// back in pieces. Neither side is held whole in memory, so a clone of a large repository
/// costs the server a few buffers, not the pack.
///
/// Pipe reads and writes block, so they run on threads of their own, never on Swift's
/// cooperative ones (of which a two-core machine has two).
final class CGIProcess: @unchecked Sendable {
    let process = Process()
    private let input: Int32
    let output: PipeReader
    private let errors: PipeReader
    private let writer = DispatchQueue(label: "allmenning.cgi.stdin")
    private let exited: Task<Int32, Never>

    /// Output the program has written ahead of the reader: beyond this the reading thread
    /// waits, and with it the program, until the answer has been sent on.
    static let bufferedOutput = 1 << 20

    private static let ignoreBrokenPipes: Void = {
        // A program that exits without reading its input makes our next write to it fail with
        // EPIPE; without this the signal would end the whole server.
        signal(SIGPIPE, SIG_IGN)
    }()

    init(executable: URL, arguments: [String], environment: [String: String]) throws {
        _ = Self.ignoreBrokenPipes
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let (statuses, continuation) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { process in
            continuation.yield(process.terminationStatus)
            continuation.finish()
        }
        try process.run()
        // Our copies of the child's ends are closed now, so that its exit is seen as EOF.
        input = fcntl(stdin.fileHandleForWriting.fileDescriptor, F_DUPFD_CLOEXEC, 0)
        try? stdin.fileHandleForWriting.close()
        try? stdin.fileHandleForReading.close()
        try? stdout.fileHandleForWriting.close()
        try? stderr.fileHandleForWriting.close()
        output = PipeReader(descriptor: fcntl(stdout.fileHandleForReading.fileDescriptor, F_DUPFD_CLOEXEC, 0), highWater: Self.bufferedOutput)
        errors = PipeReader(descriptor: fcntl(stderr.fileHandleForReading.fileDescriptor, F_DUPFD_CLOEXEC, 0), highWater: 1 << 16, keepsOnly: 1 << 16)
        try? stdout.fileHandleForReading.close()
        try? stderr.fileHandleForReading.close()
        exited = Task {
            var iterator = statuses.makeAsyncIterator()
            return await iterator.next() ?? -1
        }
    }

    /// A run whose answer was never read to the end (the connection failed before its body
    /// began) must not leave the program waiting to write, nor its reading threads.
    deinit {
        if process.isRunning { process.terminate() }
        output.cancel()
        errors.cancel()
    }

    enum FeedOutcome: Equatable {
        /// All of the body went in.
        case complete
        /// The program stopped reading (it answered without needing the body).
        case closedByProgram
        /// The body passed `limit` bytes; the program's input was cut short.
        case tooLarge
    }

    /// Writes the request body to the program's input, then closes it. Past `limit` bytes
    /// it stops and closes the input early, which makes git's receive-pack give up on the
    /// incomplete pack and remove what it had stored of it.
    func feed(_ body: RequestBody, limit: Int) async throws -> FeedOutcome {
        var total = 0
        var outcome = FeedOutcome.complete
        do {
            for try await buffer in body {
                total += buffer.readableBytes
                if total > limit {
                    outcome = .tooLarge
                    break
                }
                if outcome == .closedByProgram { continue }
                if await !write(buffer) { outcome = .closedByProgram }
            }
        } catch {
            await closeInput()
            throw error
        }
        await closeInput()
        return outcome
    }

    private func write(_ buffer: ByteBuffer) async -> Bool {
        let descriptor = input
        return await withCheckedContinuation { continuation in
            writer.async {
                let written = buffer.withUnsafeReadableBytes { bytes -> Bool in
                    var offset = 0
                    while offset < bytes.count {
                        let count = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                        if count < 0 {
                            if errno == EINTR { continue }
                            return false
                        }
                        offset += count
                    }
                    return true
                }
                continuation.resume(returning: written)
            }
        }
    }

    private func closeInput() async {
        let descriptor = input
        await withCheckedContinuation { continuation in
            writer.async {
                close(descriptor)
                continuation.resume()
            }
        }
    }

    /// The CGI header block: the status (from `Status:`, else 200) and the other fields.
    struct Head {
        var status: HTTPResponse.Status
        var fields: HTTPFields
        /// Body bytes that came in the same read as the end of the headers.
        var bodyStart: Data
    }

    /// Reads the header block; nil when the program wrote none (it failed) or wrote too
    /// much before the blank line.
    func readHead() async -> Head? {
        var data = Data()
        while true {
            if let end = Self.endOfHeaders(in: data) {
                return Self.parseHead(data[..<end.headers], bodyStart: Data(data[end.body...]))
            }
            guard data.count < 64 * 1024, let chunk = await output.next() else { return nil }
            data.append(chunk)
        }
    }

    static func endOfHeaders(in data: Data) -> (headers: Int, body: Int)? {
        let bytes = [UInt8](data)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A {
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { return (index, index + 2) }
                if index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A { return (index, index + 3) }
            }
            index += 1
        }
        return nil
    }

    static func parseHead(_ block: Data.SubSequence, bodyStart: Data) -> Head? {
        var status = HTTPResponse.Status.ok
        var fields = HTTPFields()
        for line in String(decoding: block, as: UTF8.self).split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name.lowercased() == "status" {
                guard let code = Int(value.prefix(3)), (100...599).contains(code) else { return nil }
                status = HTTPResponse.Status(code: code, reasonPhrase: String(value.dropFirst(3)).trimmingCharacters(in: .whitespaces))
            } else if let fieldName = HTTPField.Name(name), !["connection", "transfer-encoding", "content-length"].contains(fieldName.canonicalName) {
                // The server frames the answer itself (chunked); a CGI's own framing would
                // contradict it.
                fields.append(HTTPField(name: fieldName, value: value))
            }
        }
        return Head(status: status, fields: fields, bodyStart: bodyStart)
    }

    /// Stops the program (the client went away, or its input was refused): it gets SIGTERM,
    /// and whatever it still writes is thrown away.
    func terminate() {
        if process.isRunning { process.terminate() }
        output.cancel()
    }

    /// Lets the program end on its own after its input was cut short, throwing away what it
    /// still writes: git's receive-pack then removes the objects it had received so far
    /// (its quarantine) before http-backend, which waits for it, exits. A program that has
    /// not ended after `timeout` seconds is stopped.
    func windDown(timeout: TimeInterval = 30) async -> (status: Int32, errors: String) {
        let deadline = Task { [weak self] in
            try await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
            self?.terminate()
        }
        while await output.next() != nil {}
        let result = await finish()
        deadline.cancel()
        return result
    }

    /// The program's exit status and the end of what it wrote to standard error.
    func finish() async -> (status: Int32, errors: String) {
        let status = await exited.value
        var text = Data()
        while let chunk = await errors.next() { text.append(chunk) }
        output.cancel()
        return (status, String(decoding: text, as: UTF8.self))
    }
}

/// Reads a pipe to its end on a thread of its own and hands the pieces to one async reader.
/// The thread stops reading while more than `highWater` bytes wait, which in turn makes the
/// writing program wait: the pipe's flow control reaches the HTTP connection.
final class PipeReader: @unchecked Sendable {
    private let condition = NSCondition()
    private var chunks: [Data] = []
    private var buffered = 0
    private var ended = false
    private var cancelled = false
    private var waiter: CheckedContinuation<Data?, Never>?
    private let highWater: Int
    /// Keep only the first this many bytes and throw the rest away (standard error).
    private let keepsOnly: Int?
    private var kept = 0

    init(descriptor: Int32, highWater: Int, keepsOnly: Int? = nil) {
        self.highWater = highWater
        self.keepsOnly = keepsOnly
        let thread = Thread { [self] in run(descriptor) }
        thread.name = "allmenning.cgi.pipe"
        thread.start()
    }

    private func run(_ descriptor: Int32) {
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 1)
        defer {
            buffer.deallocate()
            close(descriptor)
        }
        while true {
            let count = read(descriptor, buffer, size)
            if count < 0 && errno == EINTR { continue }
            condition.lock()
            if count <= 0 || cancelled {
                ended = true
                let waiting = waiter
                waiter = nil
                condition.unlock()
                waiting?.resume(returning: nil)
                return
            }
            var chunk = Data(bytes: buffer, count: count)
            if let keepsOnly {
                chunk = chunk.prefix(max(0, keepsOnly - kept))
                kept += chunk.count
                if chunk.isEmpty {
                    condition.unlock()
                    continue
                }
            }
            if let waiting = waiter {
                waiter = nil
                condition.unlock()
                waiting.resume(returning: chunk)
                continue
            }
            chunks.append(chunk)
            buffered += chunk.count
            while buffered > highWater && !cancelled { condition.wait() }
            condition.unlock()
        }
    }

    /// The next piece, or nil at the end.
    func next() async -> Data? {
        await withCheckedContinuation { continuation in
            condition.lock()
            if !chunks.isEmpty {
                let chunk = chunks.removeFirst()
                buffered -= chunk.count
                condition.signal()
                condition.unlock()
                continuation.resume(returning: chunk)
            } else if ended || cancelled {
                condition.unlock()
                continuation.resume(returning: nil)
            } else {
                waiter = continuation
                condition.unlock()
            }
        }
    }

    /// Nobody will read further: the thread stops at its next read, throwing it away.
    func cancel() {
        condition.lock()
        cancelled = true
        chunks.removeAll()
        buffered = 0
        let waiting = waiter
        waiter = nil
        condition.broadcast()
        condition.unlock()
        waiting?.resume(returning: nil)
    }
}
