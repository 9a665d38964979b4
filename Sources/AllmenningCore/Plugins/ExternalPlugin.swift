import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plugin that is a program: it gets a JSON request on standard input and answers a JSON
/// report on standard output (Schemas/plugin-request.schema.json, plugin-report.schema.json).
/// Whatever it does — crash, hang past its time limit, print megabytes of garbage — the host
/// gets a finding that says so, never a crash of its own.
public struct ExternalPlugin: ValidatorPlugin {
    public static let protocolVersion = 1
    /// The most a report may be; a plugin that prints more is cut off.
    public static let maximumReportSize = 4 << 20
    /// File contents sent in one request; larger files are listed without content.
    public static let maximumContentSize = 16 << 20

    public var name: String
    public var command: [String]
    public var timeLimit: TimeInterval
    public var version: String { "external" }
    public var rules: [PluginRule] { [] }

    public init(name: String, command: [String], timeLimit: TimeInterval = 30) {
        self.name = name
        self.command = command
        self.timeLimit = timeLimit
    }

    public func examines(path: String) -> Bool { false }
    public func checkFile(_ file: PluginFile, context: PluginContext) -> FileCheck { FileCheck() }

    public func checkResource(_ resource: PluginResource, context: PluginContext) -> FileCheck {
        let request: Data
        do { request = try Self.request(for: resource, plugin: name) } catch {
            return failure("plugin.request-failed", LocalizedText(nb: "Kunne ikke lage forespørselen: \(error)", en: "Could not build the request: \(error)"))
        }
        let outcome = ChildProcess.run(command, input: request, timeLimit: timeLimit, outputLimit: Self.maximumReportSize)
        switch outcome {
        case .couldNotStart(let reason):
            return failure("plugin.not-started", LocalizedText(nb: "Kunne ikke starte \(command.first ?? ""): \(reason)", en: "Could not start \(command.first ?? ""): \(reason)"))
        case .timedOut:
            return failure("plugin.timed-out", LocalizedText(nb: "Svarte ikke innen \(Int(timeLimit)) sekunder og ble stoppet.", en: "Did not answer within \(Int(timeLimit)) seconds and was stopped."))
        case .outputTooLarge:
            return failure("plugin.answer-too-large", LocalizedText(nb: "Svaret var større enn \(Self.maximumReportSize >> 20) MiB og ble forkastet.", en: "The answer was larger than \(Self.maximumReportSize >> 20) MiB and was discarded."))
        case .signalled(let signal):
            return failure("plugin.crashed", LocalizedText(nb: "Krasjet (signal \(signal)).", en: "Crashed (signal \(signal))."))
        case .exited(let status, let output):
            guard status == 0 else {
                return failure("plugin.failed", LocalizedText(nb: "Avsluttet med kode \(status).", en: "Exited with code \(status)."))
            }
            do {
                return try Self.report(from: output)
            } catch {
                return failure("plugin.invalid-answer", LocalizedText(nb: "Svaret er ikke en gyldig rapport: \(error)", en: "The answer is not a valid report: \(error)"))
            }
        }
    }

    private func failure(_ code: String, _ message: LocalizedText) -> FileCheck {
        FileCheck(findings: [Finding(plugin: name, code: code, severity: .error, location: SourceLocation(path: ""),
                                     message: LocalizedText(nb: "Utvidelsen «\(name)»: ", en: "The plugin \"\(name)\": ").joined(with: message))])
    }

    static func request(for resource: PluginResource, plugin: String) throws -> Data {
        var budget = maximumContentSize
        var files: [[String: Any]] = []
        for file in resource.snapshot.files {
            var entry: [String: Any] = ["path": file.path, "blob": file.blobID, "size": file.size]
            if file.size <= budget, let data = try? resource.snapshot.data(at: file.path) {
                entry["content"] = data.base64EncodedString()
                budget -= file.size
            }
            files.append(entry)
        }
        var object: [String: Any] = ["protocol": protocolVersion, "plugin": plugin, "files": files]
        object["manifest"] = resource.manifestText ?? NSNull()
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    struct InvalidReport: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads `{"findings": [{"code", "severity", "path", "line", "column", "message": {"nb", "en"}, "rule"}], "tags": {…}}`.
    static func report(from data: Data) throws -> FileCheck {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw InvalidReport(description: "not a JSON object")
        }
        var findings: [Finding] = []
        for (index, item) in ((object["findings"] as? [Any]) ?? []).prefix(10_000).enumerated() {
            guard let item = item as? [String: Any], let code = item["code"] as? String, !code.isEmpty,
                  let severity = (item["severity"] as? String).flatMap(Severity.init(rawValue:)),
                  let message = item["message"] as? [String: Any] else {
                throw InvalidReport(description: "finding \(index + 1) lacks code, severity (error, warning, info) or message")
            }
            let en = message["en"] as? String ?? message["nb"] as? String ?? ""
            let nb = message["nb"] as? String ?? en
            guard !en.isEmpty else { throw InvalidReport(description: "finding \(index + 1) has an empty message") }
            findings.append(Finding(plugin: "", code: code, rule: item["rule"] as? String, severity: severity,
                                    location: SourceLocation(path: item["path"] as? String ?? "", line: item["line"] as? Int, column: item["column"] as? Int),
                                    message: LocalizedText(nb: nb, en: en),
                                    wcag: ((item["wcag"] as? [Any]) ?? []).compactMap { $0 as? String }))
        }
        var tags: [String: TagValue] = [:]
        if let raw = object["tags"] {
            let data = try JSONSerialization.data(withJSONObject: raw, options: [.fragmentsAllowed])
            tags = (try? JSONDecoder().decode([String: TagValue].self, from: data)) ?? [:]
        }
        return FileCheck(findings: findings, tags: tags)
    }
}

/// A child process with its standard input given, its output read up to a limit, and a time
/// limit. It runs in a process group of its own, so that stopping it also stops whatever it
/// started (a shell script's pipeline keeps the output open otherwise).
enum ChildProcess {
    enum Outcome: Equatable {
        case couldNotStart(String)
        case timedOut
        case outputTooLarge
        case signalled(Int32)
        case exited(Int32, Data)
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc 2.34's posix_spawn_file_actions_addclosefrom_np, which Swift's Glibc module does
    /// not import; found at run time, and skipped on a C library without it.
    private static let closeFrom: CloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: CloseFrom.self) }

    private static func closeInheritedDescriptors(in actions: inout posix_spawn_file_actions_t) {
        _ = closeFrom?(&actions, 3)
    }

    static func run(_ command: [String], input: Data, timeLimit: TimeInterval, outputLimit: Int) -> Outcome {
        guard !command.isEmpty else { return .couldNotStart("no command") }
        // A plugin that exits without reading its input must give us EPIPE, not kill us.
        signal(SIGPIPE, SIG_IGN)
        var inputPipe: [Int32] = [0, 0], outputPipe: [Int32] = [0, 0]
        guard pipe(&inputPipe) == 0 else { return .couldNotStart(String(cString: strerror(errno))) }
        guard pipe(&outputPipe) == 0 else {
            close(inputPipe[0]); close(inputPipe[1])
            return .couldNotStart(String(cString: strerror(errno)))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        for descriptor in inputPipe + outputPipe { posix_spawn_file_actions_addclose(&actions, descriptor) }
        // A plugin gets its three standard streams and nothing else of ours: no sockets of a
        // server, no files another thread happens to have open.
        closeInheritedDescriptors(in: &actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        var pid: pid_t = 0
        let arguments = command.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var spawned = posix_spawn(&pid, command[0], &actions, &attributes, arguments, environ)
        // "Text file busy": another thread of this process briefly holds the program open for
        // writing (a fork between its open and close); it passes within milliseconds.
        for _ in 0..<20 where spawned == ETXTBSY {
            usleep(50_000)
            spawned = posix_spawn(&pid, command[0], &actions, &attributes, arguments, environ)
        }
        close(inputPipe[0])
        close(outputPipe[1])
        guard spawned == 0 else {
            close(inputPipe[1]); close(outputPipe[0])
            return .couldNotStart(String(cString: strerror(spawned)))
        }

        let requestEnd = inputPipe[1]
        let writer = Thread {
            input.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(requestEnd, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    if written <= 0 { break }
                    offset += written
                }
            }
            close(requestEnd)
        }
        writer.start()

        let deadline = Date().addingTimeInterval(timeLimit)
        var output = Data()
        var tooLarge = false
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { timedOut = true; break }
            var poller = pollfd(fd: outputPipe[0], events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(remaining, 1) * 1000))
            if ready < 0 && errno != EINTR { break }
            if ready <= 0 { continue }
            let count = read(outputPipe[0], &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            if output.count + count > outputLimit { tooLarge = true; break }
            output.append(contentsOf: buffer[0..<count])
        }
        if timedOut || tooLarge { kill(-pid, SIGKILL) }
        close(outputPipe[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if timedOut { return .timedOut }
        if tooLarge { return .outputTooLarge }
        // WIFSIGNALED / WEXITSTATUS, which Swift does not import.
        let signal = status & 0x7f
        if signal != 0 && signal != 0x7f { return .signalled(signal) }
        return .exited((status >> 8) & 0xff, output)
    }
}
