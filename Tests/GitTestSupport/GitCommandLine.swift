import Foundation

/// The real git command line, the other side in these tests: it makes repositories for
/// AllmenningGit to read and checks what AllmenningGit wrote. It runs without the user's or
/// the system's configuration, with a fixed identity.
public enum GitCommandLine {
    public struct Failure: Error, CustomStringConvertible {
        public var arguments: [String]
        public var status: Int32
        public var output: String
        public var description: String { "git \(arguments.joined(separator: " ")) exited \(status): \(output)" }
    }

    public static let environment: [String: String] = {
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_AUTHOR_NAME"] = "Git Command Line"
        environment["GIT_AUTHOR_EMAIL"] = "git@example.org"
        environment["GIT_COMMITTER_NAME"] = "Git Command Line"
        environment["GIT_COMMITTER_EMAIL"] = "git@example.org"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["LC_ALL"] = "C"
        return environment
    }()

    /// Runs git in `directory` and returns its standard output; a non-zero exit throws with
    /// everything git printed.
    @discardableResult
    public static func run(_ arguments: [String], in directory: URL, allowFailure: Bool = false) throws -> String {
        let (status, output, errors) = try execute(arguments, in: directory)
        if status != 0 && !allowFailure { throw Failure(arguments: arguments, status: status, output: output + errors) }
        return output
    }

    public static func execute(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes to the end before waiting, so that a chatty git cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    /// A repository made by git with `commits` commits on main, each changing notes.md and
    /// adding one file.
    public static func makeRepository(at url: URL, commits: Int, bare: Bool = false) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try run(["init", "-q", "-b", "main"], in: url)
        for number in 1...max(commits, 1) {
            try "Revision \(number)\n".write(to: url.appendingPathComponent("notes.md"), atomically: true, encoding: .utf8)
            try "File \(number)\n".write(to: url.appendingPathComponent("file-\(number).txt"), atomically: true, encoding: .utf8)
            try run(["add", "-A"], in: url)
            try run(["commit", "-q", "-m", "Commit \(number)"], in: url)
        }
    }

    public static func write(_ text: String, to path: String, in repository: URL) throws {
        let url = repository.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}

/// A folder under the system's temporary folder, removed when the test ends.
public final class TemporaryFolder {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("allmenning-git-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func appending(_ path: String) -> URL { url.appendingPathComponent(path) }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// The test HTTP server in Tests/Support: real `git http-backend` behind a small Python
/// server, so that clone, fetch and push cross HTTP with git's own hooks on the other side.
public final class GitHTTPServer {
    let process = Process()
    public let port: Int
    public let root: URL

    static var scriptURL: URL {
        // This file is Tests/GitTestSupport/GitCommandLine.swift.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Support/git-http-server.py")
    }

    public static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: scriptURL.path)
    }

    public init(serving root: URL) throws {
        self.root = root
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.scriptURL.path, root.path, "--port", "0"]
        process.environment = GitCommandLine.environment
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("port "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw GitCommandLine.Failure(arguments: ["git-http-server.py"], status: -1, output: "no port line: \(text)")
        }
        self.port = port
    }

    public func url(_ repository: String) -> String { "http://127.0.0.1:\(port)/\(repository)" }

    deinit {
        // The server keeps no state worth a graceful stop.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
