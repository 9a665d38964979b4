import Accessibility
import AllmenningCatalogue
import AllmenningCore
import AllmenningServer
import Foundation
import GitTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A running server over a catalogue of real Content/ resources (each a git repository made
/// by the git command line, indexed with the accessibility plugin and the LK20 pack), on a
/// free port of 127.0.0.1.
final class ServerFixture: @unchecked Sendable {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let content = packageRoot.appendingPathComponent("Content")

    let folder: TemporaryFolder
    let catalogue: SQLiteCatalogue
    let curricula: CurriculumCatalogue
    let data: DataFolder
    let port: Int
    private let task: Task<Void, Error>

    static let resources = ["brok-med-pizza", "brok-med-pizza-nynorsk", "photosynthesis-explained", "fotosyntesen-forklarad", "elevforsok-plantevekst"]

    init(resources: [String] = ServerFixture.resources) async throws {
        folder = try TemporaryFolder()
        data = DataFolder(explicit: folder.appending("data").path)
        catalogue = try SQLiteCatalogue(file: data.catalogue)
        curricula = try CurriculumCatalogue.load(directory: Self.content.appendingPathComponent("curricula"))
        let host = PluginHost(plugins: [AccessibilityPlugin()], cache: nil)
        let indexer = Indexer(store: catalogue, checks: IndexingChecks(host: host, curricula: curricula, configuration: InstallationConfiguration()))
        for name in resources {
            let repository = data.url.appendingPathComponent("repositories/\(name).git")
            try Self.copyFolder(Self.content.appendingPathComponent(name), to: repository)
            try GitCommandLine.run(["init", "-q", "-b", "main"], in: repository)
            try GitCommandLine.run(["add", "-A"], in: repository)
            try GitCommandLine.run(["commit", "-q", "-m", "Første versjon"], in: repository)
            _ = indexer.index(repository: repository)
        }
        let setup = ServerSetup(catalogue: catalogue, curricula: curricula, data: data, publicURL: "http://127.0.0.1:0")
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        task = Task { try await WebServer.run(setup, host: "127.0.0.1", port: 0) { continuation.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else { throw FixtureError.serverDidNotStart }
        port = bound
    }

    enum FixtureError: Error { case serverDidNotStart }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    static func copyFolder(_ source: URL, to destination: URL) throws {
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: destination)
    }

    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
        func json() throws -> [String: Any] { try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:] }
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        // URLSession sends the process's locale otherwise; the pages' words are asserted in bokmål.
        request.setValue("nb", forHTTPHeaderField: "Accept-Language")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let session = URLSession(configuration: .ephemeral)
        let (body, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields["\(name)"] = "\(value)" }
        return Answer(status: http.statusCode, headers: fields, body: body)
    }

    /// The accessibility plugin's errors on one of our own pages.
    static func accessibilityErrors(_ html: Data, path: String = "page.html") -> [Finding] {
        let plugin = AccessibilityPlugin()
        let check = plugin.checkFile(PluginFile(path: path, data: html), context: PluginContext(manifest: nil))
        return check.findings.filter { $0.severity == .error }
    }
}
