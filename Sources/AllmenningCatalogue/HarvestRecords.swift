import AllmenningCore
import Foundation

/// What a harvester (OAI-PMH) asks for: records, live and deleted, in datestamp order.
public struct HarvestQuery: Sendable, Equatable {
    /// The earliest datestamp wanted, inclusive (the catalogue keeps seconds).
    public var from: Date?
    /// The latest datestamp wanted, inclusive.
    public var until: Date?
    /// A subject code as the catalogue stores it (MAT01-06): only resources whose current
    /// version declares it.
    public var subject: String?
    /// Continue after this record (the last one of the previous page).
    public var after: HarvestCursor?
    public var limit: Int

    public init(from: Date? = nil, until: Date? = nil, subject: String? = nil, after: HarvestCursor? = nil, limit: Int) {
        self.from = from
        self.until = until
        self.subject = subject
        self.after = after
        self.limit = limit
    }
}

/// A place in the harvest order, (datestamp, resource id): stable while records change, since
/// a record that changes gets a newer datestamp and moves to the end.
public struct HarvestCursor: Sendable, Hashable, Codable {
    public var datestamp: Date
    public var resourceID: String

    public init(datestamp: Date, resourceID: String) {
        self.datestamp = datestamp
        self.resourceID = resourceID
    }
}

public struct HarvestPage: Sendable {
    public var records: [HarvestRecord]
    /// The records that match the query without its cursor.
    public var total: Int
    /// Of those, the ones before the cursor (what earlier pages returned).
    public var offset: Int
    /// More records follow this page.
    public var hasMore: Bool

    public init(records: [HarvestRecord], total: Int, offset: Int, hasMore: Bool) {
        self.records = records
        self.total = total
        self.offset = offset
        self.hasMore = hasMore
    }
}

/// One resource as a harvester sees it.
public struct HarvestRecord: Sendable {
    public var resourceID: String
    /// When the resource last got a new version or was deleted (UTC, to the second).
    public var datestamp: Date
    public var deleted: Bool
    /// The subject codes its current (for a deleted resource: its last) version declares.
    public var subjects: [String]
    /// The current version; nil for a deleted resource.
    public var version: HarvestedVersion?

    public init(resourceID: String, datestamp: Date, deleted: Bool, subjects: [String], version: HarvestedVersion?) {
        self.resourceID = resourceID
        self.datestamp = datestamp
        self.deleted = deleted
        self.subjects = subjects
        self.version = version
    }
}

public struct HarvestedVersion: Sendable {
    /// The declared metadata (students by pseudonym only); nil when the stored manifest cannot
    /// be read by this version of Allmenning (a catalogue written by another version), so the
    /// record cannot be disseminated.
    public var manifest: Manifest?
    public var commit: String
    public var committedAt: Date
    /// The repository's absolute path on this machine (not for publishing as it is).
    public var repository: String
    /// The bytes of all the version's files.
    public var bytes: Int

    public init(manifest: Manifest?, commit: String, committedAt: Date, repository: String, bytes: Int) {
        self.manifest = manifest
        self.commit = commit
        self.committedAt = committedAt
        self.repository = repository
        self.bytes = bytes
    }
}

/// A set for harvesters: a subject some resource (live or deleted) declares.
public struct HarvestSet: Sendable, Equatable {
    public var subject: String
    /// The subject's name per language, from the curricula; nil when they do not know it.
    public var names: LanguageMap?
    /// The curriculum's address (Udir's), when the curricula give it.
    public var uri: String?

    public init(subject: String, names: LanguageMap?, uri: String?) {
        self.subject = subject
        self.names = names
        self.uri = uri
    }
}
