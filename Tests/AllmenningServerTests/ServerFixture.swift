import Accessibility
import AllmenningCatalogue
import AllmenningCore
import AllmenningReviews
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
    let setup: ServerSetup
    /// The checks the fixture indexed with, believing the data folder's review key.
    let checks: IndexingChecks
    private let task: Task<Void, Error>

    static let resources = ["brok-med-pizza", "brok-med-pizza-nynorsk", "photosynthesis-explained", "fotosyntesen-forklarad", "elevforsok-plantevekst"]

    /// `hosted`: Content/ resources that become bare repositories in DATA/repositories with
    /// Allmenning's hooks (running the allmenning executable with this data folder), as
    /// `allmenning seed` makes them, so that git can push to them through the server.
    /// `configuration`: the installation's, written to DATA/config.yaml as `configurationText`.
    /// `now`: the time the server and its catalogue judge approvals at.
    init(resources: [String] = ServerFixture.resources, hosted: [String] = [], configurationText: String? = nil,
         maxPushBytes: Int = ServerSetup.defaultMaxPushBytes, now: (@Sendable () -> Date)? = nil) async throws {
        folder = try TemporaryFolder()
        data = DataFolder(explicit: folder.appending("data").path)
        catalogue = try SQLiteCatalogue(file: data.catalogue, now: now ?? { Date() })
        curricula = try CurriculumCatalogue.load(directory: Self.content.appendingPathComponent("curricula"))
        var configuration = InstallationConfiguration()
        if let configurationText {
            try FileManager.default.createDirectory(at: data.url, withIntermediateDirectories: true)
            try configurationText.write(to: data.configuration, atomically: true, encoding: .utf8)
            configuration = try InstallationConfiguration.load(from: data.configuration)
        }
        let host = PluginHost(plugins: [AccessibilityPlugin()], cache: nil)
        var checks = IndexingChecks(host: host, curricula: curricula, configuration: configuration)
        // The installation's review key exists from the start, so that its notes are believed.
        _ = try ReviewSigningKey.loadOrCreate(in: data)
        checks.reviewVerifier = try ReviewSigningKey.verifier(in: data, configuration: configuration)
        self.checks = checks
        // git and the indexer block: off the cooperative threads, which the servers of the
        // tests running meanwhile answer on.
        let (catalogue, data, scratch, indexing) = (self.catalogue, self.data, self.folder.url, checks)
        try await offCooperativeThreads {
            let indexer = Indexer(store: catalogue, checks: indexing)
            for name in resources {
                let repository = data.url.appendingPathComponent("repositories/\(name).git")
                try Self.copyFolder(Self.content.appendingPathComponent(name), to: repository)
                try GitCommandLine.run(["init", "-q", "-b", "main"], in: repository)
                try GitCommandLine.run(["add", "-A"], in: repository)
                try GitCommandLine.run(["commit", "-q", "-m", "Første versjon"], in: repository)
                _ = indexer.index(repository: repository)
            }
            for name in hosted {
                let repository = try Self.bareRepository(of: name, at: data.url.appendingPathComponent("repositories/\(name).git"), scratch: scratch)
                _ = try HookInstaller.install(in: repository, executable: try Self.executable().path,
                                              arguments: ["--data", data.url.path, "--lang", "en", "--curricula", Self.content.appendingPathComponent("curricula").path])
                _ = indexer.index(repository: repository)
            }
        }
        var configured = ServerSetup(catalogue: catalogue, curricula: curricula, data: data, publicURL: "http://127.0.0.1:0",
                                     checks: checks, configuration: configuration, maxPushBytes: maxPushBytes)
        if let now { configured.now = now }
        setup = configured
        let setup = configured
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        task = Task { try await WebServer.run(setup, host: "127.0.0.1", port: 0) { continuation.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else { throw FixtureError.serverDidNotStart }
        port = bound
    }

    /// A bare repository at `destination` whose one commit on main has the Content/ resource
    /// `name`, made by the git command line.
    static func bareRepository(of name: String, at destination: URL, scratch: TemporaryFolder) throws -> URL {
        try bareRepository(of: name, at: destination, scratch: scratch.url)
    }

    static func bareRepository(of name: String, at destination: URL, scratch: URL) throws -> URL {
        let work = scratch.appendingPathComponent("work-\(UUID().uuidString)")
        try copyFolder(content.appendingPathComponent(name), to: work)
        try GitCommandLine.run(["init", "-q", "-b", "main"], in: work)
        try GitCommandLine.run(["add", "-A"], in: work)
        try GitCommandLine.run(["commit", "-q", "-m", "Første versjon"], in: work)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try GitCommandLine.run(["clone", "-q", "--bare", work.path, destination.path], in: scratch)
        try FileManager.default.removeItem(at: work)
        return destination
    }

    /// The allmenning executable, which the hooks run. `swift test` builds every product
    /// before testing, the executable included, into the folder the test bundle is in (see
    /// Tests/CommandLineTests/Support/CommandLine.swift); ALLMENNING_EXECUTABLE overrides.
    static func executable() throws -> URL {
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["ALLMENNING_EXECUTABLE"], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("allmenning"))
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("allmenning"))
        }
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("allmenning"))
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/allmenning"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw FixtureError.noExecutable(candidates.map(\.path))
        }
        return found.resolvingSymlinksInPath()
    }

    enum FixtureError: Error { case serverDidNotStart, noExecutable([String]) }

    deinit { task.cancel() }

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
