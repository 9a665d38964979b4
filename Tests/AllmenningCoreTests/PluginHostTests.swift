import AllmenningCore
import Foundation
import Testing

typealias MemorySnapshot = InMemorySnapshot

/// Flags every line containing "secret" and counts how often it is asked to check a file.
final class CountingPlugin: ValidatorPlugin, @unchecked Sendable {
    let name = "counting"
    var version = "1"
    var rules: [PluginRule] = [PluginRule(
        id: "counting.secret", title: LocalizedText(nb: "Hemmelig", en: "Secret"),
        description: LocalizedText(nb: "Linjer med «secret».", en: "Lines with \"secret\"."), severity: .warning,
        triggering: [RuleExample(path: "a.md", content: "a secret\n")],
        nonTriggering: [RuleExample(path: "a.md", content: "public\n"), RuleExample(path: "secret.txt", content: "secret\n")])]
    private let lock = NSLock()
    private var checked: [String] = []
    var invocations: [String] { lock.withLock { checked } }

    func examines(path: String) -> Bool { path.hasSuffix(".md") }

    func checkFile(_ file: PluginFile, context: PluginContext) -> FileCheck {
        lock.withLock { checked.append(file.path) }
        let lines = String(decoding: file.data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let findings = lines.enumerated().filter { $0.element.contains("secret") }.map { index, _ in
            Finding(plugin: "", code: "counting.secret", severity: .warning, location: SourceLocation(path: "", line: index + 1),
                    message: LocalizedText(nb: "hemmelig", en: "secret"))
        }
        return FileCheck(findings: findings, tags: ["lines": .number(Double(lines.count))])
    }

    func cacheKey(for context: PluginContext) -> String { context.manifest?.kind ?? "" }
}

@Suite("Plugin host: per-file results cached by blob id")
struct PluginHostTests {
    func cacheFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("allmenning-cache-\(UUID().uuidString)")
    }

    func resource(_ files: [String: String]) -> PluginResource {
        PluginResource(snapshot: MemorySnapshot(contents: files.mapValues { Data($0.utf8) }), manifestText: nil)
    }

    @Test("an unchanged resource is served from the cache for every file; a one-file change re-checks one file")
    func cacheHitsAndMisses() throws {
        let folder = cacheFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plugin = CountingPlugin()
        let files = ["a.md": "one\nsecret\n", "b.md": "two\n", "c.md": "three\n", "image.png": "\u{89}PNG"]

        let first = PluginHost(plugins: [plugin], cache: ResultCache(folder: folder)).run(resource(files), context: PluginContext(manifest: nil))
        #expect(plugin.invocations.sorted() == ["a.md", "b.md", "c.md"])
        #expect(first[0].filesChecked == 3 && first[0].filesFromCache == 0)
        #expect(first[0].findings.map { "\($0.plugin) \($0.code) \($0.location.path):\($0.location.line ?? 0)" } == ["counting counting.secret a.md:2"])
        #expect(first[0].tags["b.md"]?["lines"] == .number(2))

        // A new host and cache object on the same folder: as in the next run of the command.
        let second = PluginHost(plugins: [plugin], cache: ResultCache(folder: folder)).run(resource(files), context: PluginContext(manifest: nil))
        #expect(plugin.invocations.count == 3, "nothing was re-checked")
        #expect(second[0].filesFromCache == 3)
        #expect(second[0].findings == first[0].findings)
        #expect(second[0].tags == first[0].tags)

        var changed = files
        changed["b.md"] = "two\nsecret here\n"
        let third = PluginHost(plugins: [plugin], cache: ResultCache(folder: folder)).run(resource(changed), context: PluginContext(manifest: nil))
        #expect(plugin.invocations.count == 4)
        #expect(plugin.invocations.last == "b.md")
        #expect(third[0].filesChecked == 1 && third[0].filesFromCache == 2)
        #expect(third[0].findings.map(\.location.path).sorted() == ["a.md", "b.md"])
    }

    @Test("a new plugin version or a different cache key does not use old results")
    func versionAndKeyInvalidate() throws {
        let folder = cacheFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plugin = CountingPlugin()
        let files = ["a.md": "secret\n"]
        _ = PluginHost(plugins: [plugin], cache: ResultCache(folder: folder)).run(resource(files), context: PluginContext(manifest: nil))
        plugin.version = "2"
        _ = PluginHost(plugins: [plugin], cache: ResultCache(folder: folder)).run(resource(files), context: PluginContext(manifest: nil))
        #expect(plugin.invocations.count == 2)
        var manifest = try #require(ManifestValidator().validate(data: Data("""
            manifest: 1
            id: 01M82FGXV1GADSC78Z5PVSGCYE
            title: { nb: T }
            language: [nb]
            kind: student
            licence: CC-BY-4.0
            """.utf8), path: "resource.yaml").manifest)
        _ = PluginHost(plugins: [plugin], cache: ResultCache(folder: folder)).run(resource(files), context: PluginContext(manifest: manifest))
        #expect(plugin.invocations.count == 3, "kind student is another cache key")
        manifest.kind = "student"
        _ = PluginHost(plugins: [plugin], cache: ResultCache(folder: folder)).run(resource(files), context: PluginContext(manifest: manifest))
        #expect(plugin.invocations.count == 3)
    }

    @Test("rule examples run through the plugin; an example that misbehaves is reported")
    func ruleExamples() {
        let plugin = CountingPlugin()
        #expect(RuleExamples.failures(of: plugin).isEmpty)
        plugin.rules[0].nonTriggering.append(RuleExample(path: "b.md", content: "top secret\n"))
        plugin.rules[0].triggering.append(RuleExample(path: "c.md", content: "nothing\n"))
        #expect(RuleExamples.failures(of: plugin) == [
            "counting.secret: c.md should trigger it; found []",
            "counting.secret: b.md should not trigger it; found [\"counting.secret\"]",
        ])
    }

    @Test("a damaged cache entry is a miss, not an error")
    func damagedEntry() throws {
        let folder = cacheFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plugin = CountingPlugin()
        _ = PluginHost(plugins: [plugin], cache: ResultCache(folder: folder)).run(resource(["a.md": "x\n"]), context: PluginContext(manifest: nil))
        let entries = FileManager.default.enumerator(atPath: folder.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }
        #expect(entries.count == 1)
        for entry in entries { try Data("{garbage".utf8).write(to: folder.appendingPathComponent(entry)) }
        let report = PluginHost(plugins: [plugin], cache: ResultCache(folder: folder)).run(resource(["a.md": "x\n"]), context: PluginContext(manifest: nil))
        #expect(plugin.invocations.count == 2)
        #expect(report[0].filesChecked == 1)
    }
}

/// Counts its whole-resource checks; says how many files the resource has.
final class WholeResourcePlugin: ValidatorPlugin, @unchecked Sendable {
    let name = "whole"
    let version = "1"
    let rules: [PluginRule] = []
    let cachesResourceCheck: Bool
    private let lock = NSLock()
    private var count = 0
    var checks: Int { lock.withLock { count } }

    init(cachesResourceCheck: Bool) { self.cachesResourceCheck = cachesResourceCheck }

    func examines(path: String) -> Bool { false }
    func checkFile(_ file: PluginFile, context: PluginContext) -> FileCheck { FileCheck() }
    func checkResource(_ resource: PluginResource, context: PluginContext) -> FileCheck {
        lock.withLock { count += 1 }
        return FileCheck(tags: ["files": .number(Double(resource.snapshot.files.count))])
    }
}

@Suite("Plugin host: whole-resource results cached by the list of blob ids")
struct WholeResourceCacheTests {
    @Test("an unchanged resource is not checked again; any changed, added or renamed file checks it again")
    func cachedByListing() {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("allmenning-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let plugin = WholeResourcePlugin(cachesResourceCheck: true)
        func run(_ files: [String: String]) -> PluginReport {
            PluginHost(plugins: [plugin], cache: ResultCache(folder: folder))
                .run(PluginResource(snapshot: InMemorySnapshot(contents: files.mapValues { Data($0.utf8) }), manifestText: nil),
                     context: PluginContext(manifest: nil))[0]
        }
        let files = ["a.md": "one", "b.md": "two"]
        let first = run(files)
        #expect(plugin.checks == 1 && !first.resourceFromCache)
        let second = run(files)
        #expect(plugin.checks == 1 && second.resourceFromCache)
        #expect(second.tags[""] == ["files": .number(2)])
        _ = run(["a.md": "one", "b.md": "two!"])
        #expect(plugin.checks == 2)
        _ = run(["a.md": "one", "c.md": "two"])
        #expect(plugin.checks == 3)
        _ = run(["a.md": "one", "b.md": "two", "c.md": ""])
        #expect(plugin.checks == 4)
    }

    @Test("a plugin that does not declare its resource check pure is run every time")
    func notCachedByDefault() {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("allmenning-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let plugin = WholeResourcePlugin(cachesResourceCheck: false)
        for _ in 0..<2 {
            let report = PluginHost(plugins: [plugin], cache: ResultCache(folder: folder))
                .run(PluginResource(snapshot: InMemorySnapshot(contents: ["a.md": Data("x".utf8)]), manifestText: nil),
                     context: PluginContext(manifest: nil))[0]
            #expect(!report.resourceFromCache)
        }
        #expect(plugin.checks == 2)
    }
}

/// Adds up, in its whole-resource check, the "lines" tag its file check gave each file.
final class SummingPlugin: ValidatorPlugin, @unchecked Sendable {
    let name = "summing"
    let version = "1"
    let rules: [PluginRule] = []
    private let lock = NSLock()
    private var seen: [[String: [String: TagValue]]] = []
    var fileTagsSeen: [[String: [String: TagValue]]] { lock.withLock { seen } }

    func examines(path: String) -> Bool { path.hasSuffix(".md") }
    func checkFile(_ file: PluginFile, context: PluginContext) -> FileCheck {
        let lines = String(decoding: file.data, as: UTF8.self).split(separator: "\n").count
        return FileCheck(tags: lines == 0 ? [:] : ["lines": .number(Double(lines))])
    }
    func checkResource(_ resource: PluginResource, context: PluginContext) -> FileCheck {
        lock.withLock { seen.append(resource.fileTags) }
        let total = resource.fileTags.values.compactMap { tags -> Double? in
            if case let .number(lines)? = tags["lines"] { lines } else { nil }
        }.reduce(0, +)
        return FileCheck(tags: ["lines": .number(total)])
    }
}

@Suite("Plugin host: the whole-resource check sees the per-file tags")
struct FileTagsTests {
    @Test("checkResource gets the tags of every examined file, from a fresh check and from the cache alike")
    func fileTagsReachCheckResource() {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("allmenning-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let plugin = SummingPlugin()
        let files = ["a.md": "one\ntwo\n", "b.md": "three\n", "empty.md": "", "notes.txt": "four\nfive\n"]
        func run() -> PluginReport {
            PluginHost(plugins: [plugin], cache: ResultCache(folder: folder))
                .run(PluginResource(snapshot: InMemorySnapshot(contents: files.mapValues { Data($0.utf8) }), manifestText: nil),
                     context: PluginContext(manifest: nil))[0]
        }
        let first = run()
        let second = run()
        #expect(second.filesFromCache == 3)
        let expected: [String: [String: TagValue]] = ["a.md": ["lines": .number(2)], "b.md": ["lines": .number(1)]]
        #expect(plugin.fileTagsSeen == [expected, expected])
        #expect(first.tags[""] == ["lines": .number(3)])
        #expect(second.tags[""] == ["lines": .number(3)])
    }
}
