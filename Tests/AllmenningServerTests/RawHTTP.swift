import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 exchange written byte for byte over a socket: URLSession would tidy up paths
/// such as /git/../x before sending them, and these tests need the server to see them as an
/// attacker sends them (and bodies framed exactly as git frames them).
enum RawHTTP {
    /// As `exchange`, on a thread of its own: the socket calls block, and the server's
    /// handlers need Swift's cooperative threads (two on a two-core machine) to answer.
    static func send(port: Int, head: String, body: Data = Data(), chunked: Bool = false) async throws -> Answer {
        try await offCooperativeThreads { try exchange(port: port, head: head, body: body, chunked: chunked) }
    }

    struct Answer {
        var status: Int
        var headers: [(String, String)]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends `head` (request line and header lines, without the blank line; Connection: close
    /// is added) and `body`, then reads the answer to the end. With `chunked` the body goes in
    /// chunks of 16 KiB, as a client streaming it would send it.
    static func exchange(port: Int, head: String, body: Data = Data(), chunked: Bool = false) throws -> Answer {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: \(errno)") }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect: \(errno)") }

        var request = Data((head + "\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n").utf8)
        if chunked {
            request.append(Data("Transfer-Encoding: chunked\r\n\r\n".utf8))
            var offset = 0
            while offset < body.count {
                let piece = body[offset..<min(offset + 16_384, body.count)]
                request.append(Data("\(String(piece.count, radix: 16))\r\n".utf8))
                request.append(piece)
                request.append(Data("\r\n".utf8))
                offset += piece.count
            }
            request.append(Data("0\r\n\r\n".utf8))
        } else {
            if !body.isEmpty { request.append(Data("Content-Length: \(body.count)\r\n".utf8)) }
            request.append(Data("\r\n".utf8))
            request.append(body)
        }
        // The server may answer (413) and stop reading before the whole body is sent; what it
        // said is still there to read.
        _ = request.withUnsafeBytes { bytes -> Int in
            var sent = 0
            while sent < bytes.count {
                let count = Glibc.send(socket, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
                if count <= 0 { break }
                sent += count
            }
            return sent
        }
        var answer = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            answer.append(contentsOf: buffer[0..<count])
        }
        return try parse(answer)
    }

    static func parse(_ data: Data) throws -> Answer {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else {
            throw Failure(description: "no complete answer: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        let lines = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(lines[0])") }
        var headers: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var body = Data(data[end.upperBound...])
        if headers.contains(where: { $0.0.lowercased() == "transfer-encoding" && $0.1.lowercased().contains("chunked") }) {
            body = dechunk(body)
        }
        return Answer(status: status, headers: headers, body: body)
    }

    static func dechunk(_ data: Data) -> Data {
        var result = Data()
        var rest = data[...]
        while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
            let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            let size = Int(sizeText, radix: 16) ?? 0
            if size == 0 { break }
            let start = lineEnd.upperBound
            guard rest.endIndex >= start + size else { break }
            result.append(rest[start..<(start + size)])
            rest = rest[min(rest.endIndex, start + size + 2)...]
        }
        return result
    }
}

/// Runs blocking work (a socket, a git client talking to the server under test) on a thread
/// of its own and waits for it without holding one of Swift's cooperative threads, which the
/// server in the same process needs to answer.
func offCooperativeThreads<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}
