import AllmenningCore
import Foundation

/// A resource as the catalogue holds it: what pages, the API and harvesters show.
public struct StoredResource: Sendable {
    public var resourceID: String
    /// The repository's absolute path on this machine.
    public var repository: String
    public var branch: String
    public var createdAt: Date
    /// A new version or a deletion.
    public var updatedAt: Date
    public var deletedAt: Date?
    public var current: StoredVersion?
}

/// One published version in full.
public struct StoredVersion: Sendable {
    public var commit: String
    public var committedAt: Date
    public var commitSummary: String
    public var indexedAt: Date
    /// Declared (students by pseudonym only).
    public var manifest: Manifest
    /// Inferred: plugin → path ("" for the resource) → tag → value.
    public var inferred: [String: [String: [String: TagValue]]]
    public var findings: [Finding]
    public var files: [StoredFile]
    public var documents: Int
    public var words: Int
    /// Facet values the plugins inferred (aims suggested with a score, features verified).
    public var inferredFacets: [FacetValue]
    public var approved: Bool
}

public struct PublishedFiles: Sendable {
    /// The repository's absolute path on this machine.
    public var repository: String
    public var commit: String
    public var committedAt: Date
    public var files: [StoredFile]
}

public struct StoredFile: Sendable, Equatable {
    public var path: String
    public var blobID: String
    public var size: Int
}

public struct VersionSummary: Sendable, Equatable {
    public var commit: String
    public var committedAt: Date
    public var commitSummary: String
    public var indexedAt: Date
    public var errors: Int
    public var warnings: Int
    public var isCurrent: Bool
}

/// Enough about a live resource to link to it.
public struct ResourceLink: Sendable, Equatable {
    public var resourceID: String
    public var title: LanguageMap
    public var commit: String
    public var languages: [String]
    public var levels: [String]
    /// For an adaptation: the source commit its derivedFrom names, if any.
    public var derivedFromCommit: String?
}

public struct AimResources: Sendable, Equatable {
    public var declaring: [ResourceLink]
    public var suggested: [(link: ResourceLink, score: Double?)]

    public static func == (lhs: AimResources, rhs: AimResources) -> Bool {
        lhs.declaring == rhs.declaring && lhs.suggested.map(\.link) == rhs.suggested.map(\.link)
            && lhs.suggested.map(\.score) == rhs.suggested.map(\.score)
    }
}
