// Measures the accessibility plugin in-process, without the command line's start-up, for
// Scripts/benchmark-accessibility.sh and Scripts/axe-comparison.py:
//
//   allmenning-accessibility-benchmark throughput DIR [ROUNDS]
//       every .html/.htm file under DIR read into memory first, then parsed and checked one
//       after another on one thread: MB/s (10^6 bytes) of libxml2's HTML parser alone (the
//       limit), of HTMLTree.html (libxml2 and the flat tree the rules read) and of
//       AccessibilityPlugin().checkFile (tree and every rule); the median of ROUNDS passes,
//       by the thread's CPU time (per core) and by the wall clock.
//   allmenning-accessibility-benchmark pages [ROUNDS] < LIST
//       for each folder in LIST (one a line: a resource, or a draft folder without
//       resource.yaml) one JSON line: the median seconds of ROUNDS runs of the plugin host
//       with the accessibility plugin alone and no cache (every page's checkFile, then the
//       whole-resource check of caption and media files), and the findings. The folder's files
//       are read into memory and its manifest parsed before the timing.
//   allmenning-accessibility-benchmark render FILE.md
//       the HTML the plugin checks for a Markdown file (cmark-gfm, as HTMLTree.markdown).
import Accessibility
import AllmenningCore
import CLibXML2
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("allmenning-accessibility-benchmark: \(message)\n".utf8))
    exit(2)
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The CPU time this thread spent: on a shared machine other processes take the core away
/// for part of the wall time, and per-core throughput is what the thread did while it ran.
func threadCPUSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// (wall seconds, CPU seconds of this thread) of one call.
func timed(_ body: () -> Void) -> (wall: Double, cpu: Double) {
    let cpu = threadCPUSeconds()
    let wall = seconds(body)
    return (wall, threadCPUSeconds() - cpu)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

/// The options HTMLTree parses with, so the bare parse does the same work libxml2 does there.
let parseOptions = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                         | HTML_PARSE_NOBLANKS.rawValue)

/// Parses and frees the document; the element count of the root's children keeps the work
/// observable so the optimiser cannot drop it.
func libxml2Parse(_ data: Data) -> Int {
    let document = data.withUnsafeBytes { buffer -> htmlDocPtr? in
        guard let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
        return htmlReadMemory(base, Int32(clamping: buffer.count), nil, "UTF-8", parseOptions)
    }
    guard let document else { return 0 }
    defer { xmlFreeDoc(document) }
    return xmlDocGetRootElement(document) == nil ? 0 : 1
}

func throughput(directory: String, rounds: Int) {
    let root = URL(fileURLWithPath: directory)
    guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
        fail("cannot read \(directory)")
    }
    var files: [(path: String, data: Data)] = []
    for case let url as URL in walker where ["html", "htm"].contains(url.pathExtension.lowercased()) {
        guard let data = try? Data(contentsOf: url) else { fail("cannot read \(url.path)") }
        files.append((url.path, data))
    }
    guard !files.isEmpty else { fail("no .html files under \(directory)") }
    let bytes = files.reduce(0) { $0 + $1.data.count }
    let megabytes = Double(bytes) / 1e6
    xmlInitParser()
    let plugin = AccessibilityPlugin()
    let context = PluginContext(manifest: nil)

    var observed = 0
    let modes: [(name: String, pass: () -> Void)] = [
        ("libxml2 htmlReadMemory (bare parse)", { for file in files { observed &+= libxml2Parse(file.data) } }),
        ("HTMLTree.html (libxml2 + flat tree)", { for file in files { observed &+= HTMLTree.html(file.data).nodes.count } }),
        ("AccessibilityPlugin.checkFile (tree + \(AccessibilityRules.all.count) rules)", {
            for file in files {
                observed &+= plugin.checkFile(PluginFile(path: file.path, data: file.data), context: context).findings.count
            }
        }),
    ]
    print(String(format: "%d pages, %.1f MB of HTML (mean %.1f kB a page), one thread, median of %d rounds;",
                 files.count, megabytes, megabytes * 1000 / Double(files.count), rounds))
    print("MB/s per core = MB / the thread's CPU time (what one core does while it runs); wall-clock MB/s beside it:")
    var rates: [Double] = []
    for mode in modes {
        mode.pass()  // warms caches and the allocator; not timed
        let timings = (0..<rounds).map { _ in timed(mode.pass) }
        let cpu = median(timings.map(\.cpu))
        let wall = median(timings.map(\.wall))
        rates.append(megabytes / cpu)
        let label = mode.name.padding(toLength: max(mode.name.count, 50), withPad: " ", startingAt: 0)
        print("  " + label + String(format: " %7.1f MB/s per core  %7.0f pages/s   wall %7.1f MB/s (%.2f s a pass)",
                                    megabytes / cpu, Double(files.count) / cpu, megabytes / wall, wall))
    }
    print("  (checkFile is the per-page work; the whole-resource check of caption and media files is not in these rates)")
    print(String(format: "  the plugin runs at %.0f %% of libxml2's bare parsing rate (libxml2 and the tree: %.0f %%)",
                 100 * rates[2] / rates[0], 100 * rates[1] / rates[0]))
    // Printed so the passes have an observable result.
    print("  (checksum \(observed))")
}

struct FolderResult: Encodable {
    struct Found: Encodable {
        var path: String?
        var rule: String?
        var code: String
        var severity: String
        var line: Int?
    }
    var folder: String
    var seconds: Double
    var findings: [Found]
}

/// Every regular file under `folder` but those in hidden folders, by slash-separated path.
func contents(of folder: String) -> [String: Data] {
    let root = URL(fileURLWithPath: folder).standardizedFileURL
    guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                      options: [.skipsHiddenFiles]) else { fail("cannot read \(folder)") }
    var result: [String: Data] = [:]
    for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
        guard let data = try? Data(contentsOf: url) else { fail("cannot read \(url.path)") }
        let path = String(url.standardizedFileURL.path.dropFirst(root.path.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        result[path] = data
    }
    return result
}

func pages(rounds: Int) {
    let host = PluginHost(plugins: [AccessibilityPlugin()], cache: nil)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    while let line = readLine() {
        let folder = line.trimmingCharacters(in: .whitespaces)
        if folder.isEmpty { continue }
        let files = contents(of: folder)
        let manifestText = files[ResourceValidator.manifestFileName].map { String(decoding: $0, as: UTF8.self) }
        let manifest = files[ResourceValidator.manifestFileName].flatMap {
            ManifestValidator(curricula: nil).validate(data: $0, path: ResourceValidator.manifestFileName).manifest
        }
        let resource = PluginResource(snapshot: InMemorySnapshot(contents: files), manifestText: manifestText)
        let context = PluginContext(manifest: manifest)
        var findings: [Finding] = []
        let timings = (0..<rounds).map { _ in seconds { findings = host.run(resource, context: context).flatMap(\.findings) } }
        let result = FolderResult(folder: folder, seconds: median(timings), findings: findings.map {
            FolderResult.Found(path: $0.location.path, rule: $0.rule, code: $0.code, severity: $0.severity.rawValue, line: $0.location.line)
        })
        guard let json = try? encoder.encode(result) else { fail("cannot encode the result for \(folder)") }
        print(String(decoding: json, as: UTF8.self))
    }
}

var arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "throughput":
    guard arguments.count >= 2 else { fail("usage: throughput DIR [ROUNDS]") }
    throughput(directory: arguments[1], rounds: arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3)
case "pages":
    pages(rounds: arguments.count > 1 ? Int(arguments[1]) ?? 5 : 5)
case "render":
    guard arguments.count == 2, let data = FileManager.default.contents(atPath: arguments[1]) else {
        fail("usage: render FILE.md")
    }
    print(MarkdownRenderer.html(from: data), terminator: "")
default:
    fail("usage: allmenning-accessibility-benchmark throughput DIR [ROUNDS] | pages [ROUNDS] < LIST | render FILE.md")
}
