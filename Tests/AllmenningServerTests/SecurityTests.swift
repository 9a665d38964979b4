import Foundation
import GitTestSupport
import Testing

/// Hostile requests, sent with curl exactly as written (`--path-as-is`: no client-side
/// clean-up of `..`), each refused with the right status while the server keeps serving.
@Suite(.serialized) struct SecurityTests {
    static let pizza = PageTests.pizza

    /// Status code and body of one curl request, waited for on a dispatch thread: blocking one
    /// of Swift's few cooperative threads (two on two cores) would starve the server under test
    /// that runs in this process.
    static func curl(_ arguments: [String], port: Int) async throws -> (status: Int, body: String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runCurl(arguments, port: port) })
            }
        }
    }

    static func runCurl(_ arguments: [String], port: Int) throws -> (status: Int, body: String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-s", "--path-as-is", "-o", output.path, "-w", "%{http_code}", "--max-time", "20"] + arguments
            .map { $0.replacingOccurrences(of: "PORT", with: "\(port)") }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let status = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (Int(status) ?? -1, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    @Test func pathTraversalInAnyURL() async throws {
        let server = try await ServerFixture(resources: ["brok-med-pizza"])
        defer { Task { await server.stop() } }
        let attempts = [
            "/../../../../etc/passwd", "/static/../../../../etc/passwd", "/static/..%2f..%2f..%2fPackage.swift",
            "/static/%2e%2e/%2e%2e/etc/passwd", "/resources/\(Self.pizza)/files/../../../../etc/passwd",
            "/resources/\(Self.pizza)/files/..%2f..%2fcatalogue.sqlite", "/resources/\(Self.pizza)/files/%2e%2e/resource.yaml",
            "/resources/..%2f..%2fetc%2fpasswd", "/curricula/..%2f..%2fetc%2fpasswd", "/api/resources/..%2f..%2fetc%2fpasswd",
            "/api/aims/..%2f..%2f..%2fetc%2fpasswd", "/resources/\(Self.pizza)/files/%00resource.yaml",
        ]
        for path in attempts {
            let answer = try await Self.curl(["http://127.0.0.1:PORT\(path)"], port: server.port)
            #expect([400, 404].contains(answer.status), "\(path) answered \(answer.status)")
            #expect(!answer.body.contains("root:x:0:0"), "\(path)")
            #expect(!answer.body.contains("SQLite format"), "\(path)")
        }
        #expect(try await server.get("/").status == 200)
    }

    @Test func oversizedRequests() async throws {
        let server = try await ServerFixture(resources: ["brok-med-pizza"])
        defer { Task { await server.stop() } }
        let folder = try TemporaryFolder()
        let big = folder.appending("big.bin")
        try Data(repeating: 0x41, count: 3 * 1024 * 1024).write(to: big)
        // A body to a page that takes none, and to the read-only API.
        let toPage = try await Self.curl(["-X", "POST", "--data-binary", "@\(big.path)", "http://127.0.0.1:PORT/"], port: server.port)
        #expect([404, 405, 413].contains(toPage.status), "POST / answered \(toPage.status)")
        let toAPI = try await Self.curl(["-X", "POST", "--data-binary", "@\(big.path)", "http://127.0.0.1:PORT/api/search"], port: server.port)
        #expect(toAPI.status == 405)
        // A 100 kB address and a 100 kB header.
        let longQuery = String(repeating: "a", count: 100_000)
        let longURL = try await Self.curl(["http://127.0.0.1:PORT/?q=\(longQuery)"], port: server.port)
        #expect([400, 414, 431].contains(longURL.status), "a 100 kB address answered \(longURL.status)")
        let longHeader = try await Self.curl(["-H", "X-Filler: \(longQuery)", "http://127.0.0.1:PORT/"], port: server.port)
        #expect([400, 431].contains(longHeader.status), "a 100 kB header answered \(longHeader.status)")
        #expect(try await server.get("/?q=pizza").status == 200, "the server keeps serving")
    }

    @Test func xmlAndOtherBodiesInRequests() async throws {
        let server = try await ServerFixture(resources: ["brok-med-pizza"])
        defer { Task { await server.stop() } }
        let entity = """
            <?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>
            """
        for path in ["/api/search", "/api/resources/\(Self.pizza)", "/api/stats"] {
            let answer = try await Self.curl(["-X", "POST", "-H", "Content-Type: application/xml", "--data-binary", entity,
                                        "http://127.0.0.1:PORT\(path)"], port: server.port)
            #expect(answer.status == 405, "\(path)")
            #expect(!answer.body.contains("root:x:0:0"))
        }
        // OAI-PMH takes POSTed forms, never XML: the body is not parsed.
        let posted = try await Self.curl(["-X", "POST", "-H", "Content-Type: application/xml", "--data-binary", entity,
                                          "http://127.0.0.1:PORT/oai"], port: server.port)
        #expect(posted.status == 415)
        #expect(!posted.body.contains("root:x:0:0"))
        // XML in a query is only text to search for, shown escaped.
        let query = try await Self.curl(["-G", "--data-urlencode", "q=<script>alert(1)</script>", "http://127.0.0.1:PORT/"], port: server.port)
        #expect(query.status == 200)
        #expect(!query.body.contains("<script>alert(1)</script>"))
        #expect(query.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(try await server.get("/").status == 200)
    }
}
