import Foundation

/// One rule a plugin checks, described well enough to explain it to a teacher
/// (`allmenning plugins explain RULE`) and to test it: its examples are files that must and
/// must not trigger it.
public struct PluginRule: Sendable, Equatable {
    /// The stable code its findings carry (`privacy.email`).
    public var id: String
    public var title: LocalizedText
    public var description: LocalizedText
    /// The public rule it implements, where one exists (an ACT rule id, an SPDX id).
    public var publicRule: String?
    public var severity: Severity
    public var triggering: [RuleExample]
    public var nonTriggering: [RuleExample]

    public init(id: String, title: LocalizedText, description: LocalizedText, publicRule: String? = nil, severity: Severity,
                triggering: [RuleExample], nonTriggering: [RuleExample]) {
        self.id = id
        self.title = title
        self.description = description
        self.publicRule = publicRule
        self.severity = severity
        self.triggering = triggering
        self.nonTriggering = nonTriggering
    }
}

/// A small resource that a rule's example is about: one file or a few, and the manifest
/// around them where the rule looks at it.
public struct RuleExample: Sendable, Equatable {
    public var files: [String: Data]
    /// The manifest the example's resource has (YAML), when the rule looks at it.
    public var manifest: String?

    public init(path: String, content: String, manifest: String? = nil) {
        self.init(files: [path: Data(content.utf8)], manifest: manifest)
    }

    public init(path: String, bytes: Data, manifest: String? = nil) {
        self.init(files: [path: bytes], manifest: manifest)
    }

    public init(files: [String: Data], manifest: String? = nil) {
        self.files = files
        self.manifest = manifest
    }

    /// How the example is named in a failure: its files' paths.
    public var label: String { files.isEmpty ? "resource.yaml" : files.keys.sorted().joined(separator: "+") }
}
