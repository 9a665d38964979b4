import Foundation

/// Text per language; keys are BCP 47 tags (nb, nn, sv, da, en, se, …).
public typealias LanguageMap = [String: String]

public enum LanguageMaps {
    /// The text in the first of `languages` the map has, else in its alphabetically first
    /// language; empty texts do not count. Nil when the map has no text.
    public static func text(_ map: LanguageMap, preferring languages: [String]) -> String? {
        for language in languages { if let text = map[language], !text.isEmpty { return text } }
        return map.keys.sorted().lazy.compactMap { map[$0] }.first { !$0.isEmpty }
    }
}

/// The manifest of a resource, `resource.yaml`, once it has passed validation.
/// Schemas/resource.schema.json describes the same format; README.md documents each field.
public struct Manifest: Sendable, Equatable, Codable {
    public var manifest: Int
    public var id: String
    public var title: LanguageMap
    public var description: LanguageMap?
    public var keywords: [String: [String]]?
    public var language: [String]
    public var kind: String
    public var type: [String]?
    public var level: [String]?
    public var subjects: [String]?
    public var aims: [String]?
    public var prerequisites: [String]?
    public var didactics: Didactics?
    public var authors: [Author]?
    public var licence: String
    public var derivedFrom: [Provenance]?
    public var accessibility: Accessibility?
    public var requires: Requirements?
    public var entry: String?
    public var files: [String: FileMetadata]?

    public struct Didactics: Sendable, Equatable, Codable {
        public var grouping: [String]?
        public var duration: String?
    }

    public struct Author: Sendable, Equatable, Codable {
        public var name: String?
        public var pseudonym: String?
        public var role: String?
        public var org: String?

        public init(name: String? = nil, pseudonym: String? = nil, role: String? = nil, org: String? = nil) {
            self.name = name
            self.pseudonym = pseudonym
            self.role = role
            self.org = org
        }
    }

    /// One source this resource was adapted from, written by `allmenning fork`.
    public struct Provenance: Sendable, Equatable, Codable {
        public var id: String
        public var repository: String?
        public var commit: String?
        public var licence: String
        public var title: LanguageMap
        public var authors: [Author]?

        public init(id: String, repository: String?, commit: String?, licence: String, title: LanguageMap, authors: [Author]?) {
            self.id = id
            self.repository = repository
            self.commit = commit
            self.licence = licence
            self.title = title
            self.authors = authors
        }
    }

    public struct Accessibility: Sendable, Equatable, Codable {
        public var features: [String]?
        public var hazards: [String]?
        public var accessModes: [String]?
        public var summary: LanguageMap?
    }

    public struct Requirements: Sendable, Equatable, Codable {
        public var devices: [String]?
        public var software: [String]?
        public var equipment: [String]?
        public var internet: Bool?
    }

    /// Per-file metadata: licence and attribution of third-party media, and the caption or
    /// transcript file that goes with a video or audio file.
    public struct FileMetadata: Sendable, Equatable, Codable {
        public var licence: String?
        public var attribution: String?
        public var source: String?
        public var captions: String?
        public var transcript: String?
    }

    /// The title in the first of `languages` it exists in.
    public func title(preferring languages: [String]) -> String {
        LanguageMaps.text(title, preferring: languages + language) ?? id
    }
}
