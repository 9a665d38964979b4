import Foundation

/// A validator plugin: checks one version of a resource and says what it found (findings)
/// and what it learnt (tags). Most of the work is per file and a pure function of the file's
/// bytes and of what `cacheKey(for:)` names, so the host caches it by blob id; a fork, or a
/// commit that touches two files, re-checks only what changed.
public protocol ValidatorPlugin: Sendable {
    /// The plugin's stable name (`privacy`); findings carry it.
    var name: String { get }
    /// Changes whenever a rule changes what it reports; cached results of other versions are
    /// not used.
    var version: String { get }
    var rules: [PluginRule] { get }

    /// Whether `checkFile` has anything to say about the file at `path`.
    func examines(path: String) -> Bool
    /// Findings and tags for one file. Must not read anything but its arguments.
    func checkFile(_ file: PluginFile, context: PluginContext) -> FileCheck
    /// What the per-file results depend on besides the bytes (the resource's kind, the
    /// curriculum packs' versions, …): part of the cache key.
    func cacheKey(for context: PluginContext) -> String
    /// Checks of the resource as a whole (the manifest, several files together).
    func checkResource(_ resource: PluginResource, context: PluginContext) -> FileCheck
    /// True when `checkResource` is a pure function of the snapshot's files and of what
    /// `cacheKey(for:)` names: the host then keeps its result by the list of paths and blob
    /// ids, so an unchanged resource is not read again. False (the default) runs it every time.
    var cachesResourceCheck: Bool { get }
    /// False for a plugin that has something to say about files without a manifest (a page
    /// being drafted): it also runs on a folder without resource.yaml.
    var needsManifest: Bool { get }
}

extension ValidatorPlugin {
    public func cacheKey(for context: PluginContext) -> String { "" }
    public func checkResource(_ resource: PluginResource, context: PluginContext) -> FileCheck { FileCheck() }
    public var cachesResourceCheck: Bool { false }
    public var needsManifest: Bool { true }
}

public struct PluginFile: Sendable {
    public var path: String
    public var data: Data

    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }
}

/// What a plugin may know about the resource besides a file's bytes.
public struct PluginContext: Sendable {
    public var manifest: Manifest?
    public var curricula: CurriculumCatalogue?
    /// The plugin's settings from the installation's configuration.
    public var settings: [String: String]

    public init(manifest: Manifest?, curricula: CurriculumCatalogue? = nil, settings: [String: String] = [:]) {
        self.manifest = manifest
        self.curricula = curricula
        self.settings = settings
    }
}

/// The whole resource, for `checkResource`: the manifest's bytes and every file's path, with
/// its bytes read on demand.
public struct PluginResource: Sendable {
    public var snapshot: any ResourceSnapshot
    public var manifestText: String?
    /// The tags the plugin's own `checkFile` gave each file (by path), filled in by the host
    /// before it calls `checkResource`: what one file found that only the whole resource can
    /// judge (a page's video and the caption file it names) is not worked out twice.
    public var fileTags: [String: [String: TagValue]]

    public init(snapshot: any ResourceSnapshot, manifestText: String?, fileTags: [String: [String: TagValue]] = [:]) {
        self.snapshot = snapshot
        self.manifestText = manifestText
        self.fileTags = fileTags
    }
}

/// What a check found and learnt. Findings' `plugin` is filled in by the host.
public struct FileCheck: Sendable, Equatable, Codable {
    public var findings: [Finding]
    public var tags: [String: TagValue]

    public init(findings: [Finding] = [], tags: [String: TagValue] = [:]) {
        self.findings = findings
        self.tags = tags
    }
}

/// Inferred metadata: accessibility features found, aims suggested with a score, licences
/// detected per file.
public indirect enum TagValue: Sendable, Equatable, Codable {
    case text(String)
    case number(Double)
    case list([TagValue])
    case object([String: TagValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) { self = .text(text) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let list = try? container.decode([TagValue].self) { self = .list(list) }
        else { self = .object(try container.decode([String: TagValue].self)) }
    }

    /// The value as JSONSerialization takes it.
    public var jsonObject: Any {
        switch self {
        case let .text(text): text
        case let .number(number): number
        case let .list(list): list.map(\.jsonObject)
        case let .object(object): object.mapValues(\.jsonObject)
        }
    }

    /// A short form for a line of text: a list of aims shows their codes, a map of files to
    /// licences each licence with its number of files, numbers at most two decimals.
    public var summary: String {
        switch self {
        case let .text(text): text
        case let .number(number): number == number.rounded() ? String(Int(number)) : String(format: "%.2f", number)
        case let .list(list): list.map(\.summary).joined(separator: ", ")
        case let .object(object):
            if let code = object["code"] { code.summary }
            else if object.values.allSatisfy({ if case .text = $0 { true } else { false } }) {
                Dictionary(grouping: object.values.map(\.summary), by: { $0 }).sorted { $0.key < $1.key }
                    .map { "\($0.key) (\($0.value.count))" }.joined(separator: ", ")
            } else { object.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.summary)" }.joined(separator: " ") }
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .text(text): try container.encode(text)
        case let .number(number): try container.encode(number)
        case let .list(list): try container.encode(list)
        case let .object(object): try container.encode(object)
        }
    }
}
