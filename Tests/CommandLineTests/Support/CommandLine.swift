import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

// End-to-end tests run the real `allmenning` executable as a subprocess, the way a teacher or
// a CI job does, and look only at what it prints and its exit status.
//
// Where the executable comes from: `swift test` builds every target of the package, the
// executable included, before it runs any test — also when no test target depends on it and
// also with `--filter` (checked with SwiftPM 6.3: after a change to Sources/allmenning,
// `swift test` alone recompiles and relinks the executable). The executable is then a sibling
// of the test bundle, in the products directory (.build/<triple>/debug). So the tests look
// for it there and never build it themselves: running `swift build` from inside `swift test`
// would compete with the outer SwiftPM for the lock on .build and could test a binary built
// with other settings. If it is absent the tests fail with a message that says what to run.
// ALLMENNING_EXECUTABLE overrides the search (for testing an installed or release binary).

enum Allmenning {
    /// The package root: this file is Tests/CommandLineTests/Support/CommandLine.swift.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let contentFolder = packageRoot.appendingPathComponent("Content")
    static let curriculaFolder = contentFolder.appendingPathComponent("curricula")

    /// The executable, or nil with the places searched.
    static let executable: Result<URL, ExecutableNotFound> = locateExecutable()

    struct ExecutableNotFound: Error, CustomStringConvertible {
        var searched: [String]
        var description: String {
            "The allmenning executable was not found (looked in: \(searched.joined(separator: ", "))). "
                + "Run `swift build` (or `swift test`, which builds it) in \(Allmenning.packageRoot.path), "
                + "or set ALLMENNING_EXECUTABLE to its path."
        }
    }

    private static func locateExecutable() -> Result<URL, ExecutableNotFound> {
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["ALLMENNING_EXECUTABLE"], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit))
        } else {
            // Linux: the test "bundle" is an executable in the products directory, and
            // Bundle.main.bundleURL is that directory. macOS: the .xctest bundle is loaded by
            // a runner, so its parent folder is the products directory.
            candidates.append(Bundle.main.bundleURL.appendingPathComponent("allmenning"))
            if let executable = Bundle.main.executableURL {
                candidates.append(executable.deletingLastPathComponent().appendingPathComponent("allmenning"))
            }
            for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
                candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("allmenning"))
            }
            candidates.append(packageRoot.appendingPathComponent(".build/debug/allmenning"))
        }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return .success(candidate.resolvingSymlinksInPath())
        }
        return .failure(ExecutableNotFound(searched: candidates.map(\.path)))
    }

    /// The environment every run starts from: English messages, and a data folder that does
    /// not exist, so that curriculum packs installed on the machine cannot change the results.
    /// Crash backtraces are switched off: a crash shows up as a signal, quickly.
    static func baseEnvironment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "ALLMENNING_DATA", "XDG_DATA_HOME", "ALLMENNING_TOKEN"] {
            environment[name] = nil
        }
        environment["LANG"] = "C.UTF-8"
        environment["ALLMENNING_DATA"] = FileManager.default.temporaryDirectory
            .appendingPathComponent("allmenning-tests-no-data-\(UUID().uuidString)").path
        environment["SWIFT_BACKTRACE"] = "enable=no"
        // git's configuration comes from a home folder of our own: a known identity, and
        // nothing from the machine's user.
        environment["HOME"] = testHome.path
        environment["XDG_CONFIG_HOME"] = testHome.appendingPathComponent(".config").path
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = testHome.appendingPathComponent(".gitconfig").path
        return environment
    }

    static let testTeacher = "Test Lærer"

    /// A home folder whose .gitconfig names `testTeacher`.
    static let testHome: URL = {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("allmenning-tests-home-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try? "[user]\n\tname = \(testTeacher)\n\temail = laerer@example.org\n"
            .write(to: home.appendingPathComponent(".gitconfig"), atomically: true, encoding: .utf8)
        return home
    }()

    /// A home folder with no git configuration: no identity.
    static let emptyHome: URL = {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("allmenning-tests-empty-home-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        return home
    }()

    /// Runs `allmenning` with the arguments and waits for it (at most `timeout` seconds).
    /// - Parameter environment: variables to set (a value) or remove (nil) on top of
    ///   `baseEnvironment()`.
    /// - Parameter input: standard input (a file, as a pipe would give it); none by default.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String?] = [:], input: Data? = nil,
                    timeout: TimeInterval = 30, sourceLocation: SourceLocation = #_sourceLocation) throws -> CommandResult {
        let executable = try executable.get()
        // Output goes to files, not pipes: a pipe's buffer fills up and stalls a child that
        // prints a lot, and reading two pipes in turn can deadlock.
        let outputFolder = FileManager.default.temporaryDirectory
            .appendingPathComponent("allmenning-tests-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outputFolder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outputFolder) }
        let stdoutURL = outputFolder.appendingPathComponent("stdout")
        let stderrURL = outputFolder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
        let stderrHandle = try FileHandle(forWritingTo: stderrURL)

        var fullEnvironment = baseEnvironment()
        for (name, value) in environment { fullEnvironment[name] = value }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = fullEnvironment
        if let input {
            let inputURL = outputFolder.appendingPathComponent("stdin")
            try input.write(to: inputURL)
            process.standardInput = try FileHandle(forReadingFrom: inputURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle
        if let directory { process.currentDirectoryURL = directory }

        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        let start = Date()
        try process.run()
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if finished.wait(timeout: .now() + 5) == .timedOut { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        let duration = Date().timeIntervalSince(start)
        try stdoutHandle.close()
        try stderrHandle.close()

        let result = CommandResult(
            arguments: arguments,
            status: process.terminationStatus,
            killedBySignal: process.terminationReason == .uncaughtSignal,
            timedOut: timedOut,
            stdoutData: try Data(contentsOf: stdoutURL),
            stderrData: try Data(contentsOf: stderrURL),
            duration: duration)
        #expect(!result.timedOut, "allmenning \(arguments.shortDescription) did not finish within \(Int(timeout)) s",
                sourceLocation: sourceLocation)
        return result
    }
}

struct CommandResult: Sendable, CustomStringConvertible {
    var arguments: [String]
    /// The exit code, or the signal number when `killedBySignal`.
    var status: Int32
    var killedBySignal: Bool
    var timedOut: Bool
    var stdoutData: Data
    var stderrData: Data
    var duration: TimeInterval

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    var stderr: String { String(decoding: stderrData, as: UTF8.self) }
    var output: String { stdout + stderr }

    /// Ended by itself with an exit code (not a signal, and not a shell-style 128+n code).
    var exitedNormally: Bool { !killedBySignal && !timedOut && status < 128 }

    var description: String {
        let how = killedBySignal ? "killed by signal \(status)" : "exit \(status)"
        return "allmenning \(arguments.shortDescription) → \(how) after \(String(format: "%.2f", duration)) s\n"
            + "--- stdout ---\n\(stdout.prefix(4000))\n--- stderr ---\n\(stderr.prefix(4000))"
    }

    /// Standard output parsed as a JSON object.
    func json(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: stdoutData)
        return try #require(object as? [String: Any], "stdout is not a JSON object:\n\(self)", sourceLocation: sourceLocation)
    }
}

extension [String] {
    /// Arguments as they would be typed, with long ones cut short.
    var shortDescription: String {
        map { $0.count > 80 ? String($0.prefix(40)) + "…(\($0.count) characters)" : $0 }.joined(separator: " ")
    }
}

/// Expects the command to have ended with `code` by itself, printing the whole result when not.
func expectExit(_ result: CommandResult, _ code: Int32, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.exitedNormally, "the command crashed or was killed:\n\(result)", sourceLocation: sourceLocation)
    #expect(!result.killedBySignal && result.status == code, "expected exit \(code):\n\(result)", sourceLocation: sourceLocation)
}

// MARK: Temporary folders

/// Runs `body` with a fresh temporary folder and removes it afterwards, whatever happens.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("allmenning-cli-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder.resolvingSymlinksInPath())
}

/// Every regular file under `folder` with its bytes, keyed by relative path.
func snapshot(of folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let root = folder.resolvingSymlinksInPath().path
    guard let enumerator = FileManager.default.enumerator(atPath: root) else { return files }
    while let relative = enumerator.nextObject() as? String {
        var isDirectory: ObjCBool = false
        let path = root + "/" + relative
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
        }
    }
    return files
}

extension URL {
    func write(_ text: String) throws {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: self)
    }

    func write(bytes: [UInt8]) throws {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: self)
    }

    func read() throws -> String { String(decoding: try Data(contentsOf: self), as: UTF8.self) }
}

// MARK: Findings in JSON output

/// One finding of `validate --format json`, read leniently so a test can say what is missing.
struct JSONFinding: CustomStringConvertible {
    var raw: [String: Any]
    var code: String? { raw["code"] as? String }
    var severity: String? { raw["severity"] as? String }
    var path: String? { raw["path"] as? String }
    var line: Int? { raw["line"] as? Int }
    var message: String { raw["message"] as? String ?? "" }
    var description: String {
        "\(severity ?? "?") \(path ?? "?"):\(line.map(String.init) ?? "-") [\(code ?? "?")] \(message)"
    }
}

func findings(in report: [String: Any]) -> [JSONFinding] {
    (report["findings"] as? [[String: Any]] ?? []).map(JSONFinding.init(raw:))
}

/// A minimal manifest that passes the manifest check, to be broken one field at a time.
func validManifest(id: String = "01M82FGXV1GADSC78Z5PVSGCYE", extra: String = "") -> String {
    """
    manifest: 1
    id: \(id)
    title:
      nb: Brøk med pizza
    language: [nb]
    kind: teacher
    licence: CC-BY-SA-4.0
    entry: index.md
    \(extra)
    """
}

/// A resource folder with `manifest` as its resource.yaml and an index.md.
@discardableResult
func makeResource(in folder: URL, named name: String = "resource", manifest: String) throws -> URL {
    let resource = folder.appendingPathComponent(name)
    try resource.appendingPathComponent("resource.yaml").write(manifest)
    try resource.appendingPathComponent("index.md").write("# Brøk med pizza\n\nEn pizza delt i åtte biter.\n")
    return resource
}

/// The 1-based number of the first line of `text` that starts with `prefix`.
func lineNumber(of prefix: String, in text: String) -> Int? {
    text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix(prefix) }.map { $0 + 1 }
}
