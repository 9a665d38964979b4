import Foundation

/// Files held in memory: a rule's example, a request from a web form. Their ids are digests
/// of the bytes, not git blob ids, so their cache entries never meet a repository's.
public struct InMemorySnapshot: ResourceSnapshot {
    public var contents: [String: Data]

    public init(contents: [String: Data]) {
        self.contents = contents
    }

    public var files: [SnapshotFile] {
        contents.keys.sorted().map { path in
            let data = contents[path]!
            return SnapshotFile(path: path, blobID: "memory-" + ResultCache.digest(bytes: data), size: data.count)
        }
    }

    public func data(at path: String) throws -> Data {
        guard let data = contents[path] else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        return data
    }
}

/// Runs every rule's examples through its plugin: a triggering example must produce a
/// finding with the rule's id, a non-triggering one must not. The examples are the rules'
/// documentation, and this makes them their first tests too.
public enum RuleExamples {
    /// One line per example that did not behave as its rule says; empty when all did.
    public static func failures(of plugin: any ValidatorPlugin, curricula: CurriculumCatalogue? = nil) -> [String] {
        var failures: [String] = []
        for rule in plugin.rules {
            if rule.triggering.isEmpty { failures.append("\(rule.id): no example that triggers it") }
            for (expected, examples) in [(true, rule.triggering), (false, rule.nonTriggering)] {
                for example in examples {
                    let codes = findings(of: plugin, on: example, curricula: curricula).map(\.code)
                    if codes.contains(rule.id) != expected {
                        failures.append("\(rule.id): \(example.label) should \(expected ? "" : "not ")trigger it; found \(codes)")
                    }
                }
            }
        }
        return failures
    }

    public static func findings(of plugin: any ValidatorPlugin, on example: RuleExample, curricula: CurriculumCatalogue? = nil) -> [Finding] {
        var contents = example.files
        let manifest = example.manifest.flatMap { ManifestValidator(curricula: curricula).validate(data: Data($0.utf8), path: "resource.yaml").manifest }
        if let text = example.manifest { contents[ResourceValidator.manifestFileName] = Data(text.utf8) }
        let resource = PluginResource(snapshot: InMemorySnapshot(contents: contents), manifestText: example.manifest)
        let context = PluginContext(manifest: manifest, curricula: curricula)
        return PluginHost(plugins: [plugin], cache: nil).run(resource, context: context).flatMap(\.findings)
    }
}
