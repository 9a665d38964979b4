import AllmenningCore
import Foundation

/// The Licensing checks as a validator plugin. They look at the resource as a whole — a
/// REUSE.toml or a sidecar file decides another file's licence, and the manifest's `files`
/// map and `derivedFrom` bind them together — so the work is in `checkResource`, and only the
/// first bytes of each file are read, where licence headers are.
public struct LicensingPlugin: ValidatorPlugin {
    public let name = LicensingCheck.plugin
    public let version = LicensingCheck.version

    public init() {}

    public var rules: [PluginRule] {
        LicensingRules.all.map { rule in
            PluginRule(id: rule.code, title: LocalizedText(nb: Self.firstSentence(rule.description.nb), en: Self.firstSentence(rule.description.en)),
                       description: rule.description,
                       severity: rule.severity,
                       triggering: rule.triggering.map(Self.example), nonTriggering: rule.nonTriggering.map(Self.example))
        }
    }

    public func examines(path: String) -> Bool { false }
    public func checkFile(_ file: PluginFile, context: PluginContext) -> FileCheck { FileCheck() }

    public func checkResource(_ resource: PluginResource, context: PluginContext) -> FileCheck {
        let files = resource.snapshot.files.compactMap { file -> (path: String, data: Data)? in
            guard let data = try? resource.snapshot.data(at: file.path, upTo: ResourceFolder.limit(for: file.path)) else { return nil }
            return (file.path, data)
        }
        let report = LicensingCheck.run(manifest: context.manifest, files: files)
        var licences: [String: TagValue] = [:]
        for (path, detected) in report.licences {
            if let expression = detected.expression { licences[path] = .text(expression) }
        }
        return FileCheck(findings: report.findings, tags: licences.isEmpty ? [:] : ["licences": .object(licences)])
    }

    /// A rule's description starts with what it checks; that sentence is its title.
    static func firstSentence(_ text: String) -> String {
        guard let end = text.range(of: ". ") else { return text }
        return String(text[..<end.lowerBound])
    }

    private static func example(_ example: LicensingExample) -> RuleExample {
        RuleExample(files: example.files.mapValues { Data($0.utf8) }, manifest: example.manifest)
    }
}
