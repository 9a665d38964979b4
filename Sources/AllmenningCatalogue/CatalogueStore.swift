import AllmenningCore
import AllmenningReviews
import Foundation

/// Where the catalogue keeps what it knows. The indexer, the hooks and the commands use only
/// this protocol, so a PostgreSQL store for a county or a nation can take SQLite's place
/// without touching them.
public protocol CatalogueStore: Sendable {
    /// What is published from the repository at `location` (an absolute path), if anything.
    func publishedState(ofRepository location: String) throws(CatalogueError) -> PublishedState?
    /// The repository a live resource with this manifest id comes from, if any.
    func repository(holding resourceID: String) throws(CatalogueError) -> String?
    /// The readable texts kept for these blobs (documents of earlier versions).
    func documentTexts(blobIDs: [String]) throws(CatalogueError) -> [String: String]
    /// Publishes one version in one transaction: the version and everything about it is
    /// there afterwards, or nothing is. Publishing the current version again changes nothing.
    func publish(_ version: VersionRecord) throws(CatalogueError)
    /// Marks the resource of a repository (or of its branch) deleted: it leaves search and
    /// stays as a deleted record for harvesters; `repositoryGone` records that the repository
    /// itself was removed. False when nothing was published from it.
    @discardableResult
    func markDeleted(repository location: String, at date: Date, repositoryGone: Bool) throws(CatalogueError) -> Bool
    /// The live resources' repositories under a folder (to notice ones that are gone).
    func repositories(under folder: String) throws(CatalogueError) -> [String]
    func search(_ query: SearchQuery) throws(CatalogueError) -> SearchResults
    /// A resource by its manifest id, live or deleted, with its current version in full.
    func resource(_ resourceID: String) throws(CatalogueError) -> StoredResource?
    /// The files of a live resource's current version and where to read them: what serving a
    /// file or a zip needs, without the version's manifest, tags and findings. With
    /// `publicOnly`, nil for a resource that is not public (a pupil's before approval); without,
    /// for a caller that has asked `ResourceVisibility` whether the viewer may see it.
    func publishedFiles(of resourceID: String, publicOnly: Bool) throws(CatalogueError) -> PublishedFiles?
    /// The versions of a resource the catalogue has published, newest first.
    func versions(of resourceID: String) throws(CatalogueError) -> [VersionSummary]
    /// One published version of a resource in full, by commit (a full id or a prefix of at
    /// least 7 characters).
    func version(of resourceID: String, commit: String) throws(CatalogueError) -> StoredVersion?
    /// The live resources whose current version names `resourceID` in derivedFrom.
    func adaptations(of resourceID: String) throws(CatalogueError) -> [ResourceLink]
    /// Live resources by manifest id (those the catalogue knows; deleted ones are left out).
    func links(to resourceIDs: [String]) throws(CatalogueError) -> [String: ResourceLink]
    /// For each aim, the live resources that declare it and those whose text it was only
    /// suggested for (with the score), best first.
    func resources(forAims aims: [String]) throws(CatalogueError) -> [String: AimResources]
    func statistics(curricula: CurriculumCatalogue?) throws(CatalogueError) -> CatalogueStatistics
    /// Problems the store finds in itself (SQLite's integrity check, dangling versions); empty
    /// when it is whole.
    func integrityProblems() throws(CatalogueError) -> [String]
    /// The oldest datestamp of any resource, live or deleted (OAI-PMH's earliestDatestamp);
    /// nil when the catalogue has none.
    func earliestDatestamp() throws(CatalogueError) -> Date?
    /// Resources, live and deleted, ordered by (datestamp, resource id), that match the query:
    /// a page of at most `limit` after the query's cursor, with the size of the whole list.
    func harvestRecords(_ query: HarvestQuery) throws(CatalogueError) -> HarvestPage
    /// One resource, live or deleted, by its manifest id.
    func harvestRecord(resourceID: String) throws(CatalogueError) -> HarvestRecord?
    /// Makes the reviews the catalogue holds for a resource exactly these (checked ones, from
    /// its repository's notes), in one transaction. False when they were that already, and
    /// nothing was written; an error when the catalogue has no such resource.
    ///
    /// `decidedHere`: the installation's own public key. A decision signed with it was made on
    /// this installation and belongs in the audit log (`review.submit`, `review.approve`,
    /// `review.request-changes`); one the log lacks is appended in the same transaction. The
    /// note in git is written first and is the record; this transaction brings the decision
    /// into the catalogue and the log together, so a process that stops between the two leaves
    /// a note that the next indexing of the repository's notes puts in both.
    @discardableResult
    func replaceReviews(of resourceID: String, with reviews: [IndexedReview], decidedHere: String?) throws(CatalogueError) -> Bool
    /// The reviews the catalogue holds for a resource, oldest first.
    func reviews(of resourceID: String) throws(CatalogueError) -> [IndexedReview]
    /// A resource's ratings, the latest changed first (hidden texts included: whoever shows
    /// them leaves those out, see `Rating.shownText`).
    func ratings(of resourceID: String) throws(CatalogueError) -> [Rating]
    /// The average and count of a resource's ratings (a hidden text's score counts).
    func ratingSummary(of resourceID: String) throws(CatalogueError) -> RatingSummary
    /// The subjects resources (live or deleted) declare, in code order, with their names from
    /// the curricula where they know them.
    func harvestSets(curricula: CurriculumCatalogue?) throws(CatalogueError) -> [HarvestSet]
}

public struct CatalogueError: Error, Sendable, CustomStringConvertible {
    public var message: LocalizedText
    /// The change contradicts what is stored (a live token of the same name), rather than the
    /// input being wrong or the store failing: the server answers 409.
    public var isConflict: Bool
    public init(_ message: LocalizedText, isConflict: Bool = false) {
        self.message = message
        self.isConflict = isConflict
    }
    public var description: String { message.en }
}

/// What the catalogue holds for one repository.
public struct PublishedState: Sendable, Equatable {
    public var resourceID: String
    public var commit: String
    /// The plugins, settings and curricula the version was checked with (see `IndexingChecks`).
    public var checks: String
    public var deleted: Bool
    /// The current version's files: path → blob id.
    public var files: [String: String]
}

/// Everything the catalogue keeps about one version, worked out by the indexer.
public struct VersionRecord: Sendable {
    public var repository: String
    public var branch: String
    public var commit: String
    public var committedAt: Date
    public var commitSummary: String
    public var indexedAt: Date
    public var checks: String
    /// Declared: the manifest, with students' names removed.
    public var manifest: Manifest
    /// Inferred: plugin → path ("" for the resource) → tag → value.
    public var inferred: [String: [String: [String: TagValue]]]
    public var tags: ResourceTags
    public var findings: [Finding]
    public var files: [SnapshotFile]
    /// Readable texts of the version's documents, by blob id (new and known ones).
    public var documentTexts: [String: String]
    public var facets: [FacetValue]
    public var searchFields: SearchFields
}

public struct FacetValue: Sendable, Equatable, Hashable {
    public enum Source: String, Sendable { case declared, inferred }
    public var facet: String
    public var value: String
    public var source: Source
    public var score: Double?

    public init(_ facet: String, _ value: String, _ source: Source, score: Double? = nil) {
        self.facet = facet
        self.value = value
        self.source = source
        self.score = score
    }
}

/// The search terms of a version by field (see `SearchText`).
public struct SearchFields: Sendable, Equatable {
    public var title = ""
    public var keywords = ""
    public var description = ""
    public var aims = ""
    public var suggestedAims = ""
    public var body = ""

    public init() {}

    public static let names = ["title", "keywords", "description", "aims", "suggested_aims", "body"]
    public var values: [String] { [title, keywords, description, aims, suggestedAims, body] }
}

// MARK: Search

/// The facets search filters and counts on.
public enum Facet: String, CaseIterable, Sendable {
    case subject, level, aim, licence, language, feature, type, kind, review

    /// A value as the catalogue stores it, so that what is indexed and what is asked meet:
    /// codes in capitals (KM1234, MAT01-05), school years in small letters (vg1), the rest
    /// as it is.
    public func normalised(_ value: String) -> String {
        switch self {
        case .aim, .subject: value.uppercased()
        case .level: value.lowercased()
        default: value
        }
    }
}

public struct SearchQuery: Sendable {
    public var text: String
    /// Facet → accepted values: a resource matches when it has any of them, for every facet
    /// given. `review` takes `approved`.
    public var filters: [Facet: [String]]
    public var limit: Int
    public var offset: Int

    public init(text: String, filters: [Facet: [String]] = [:], limit: Int = 20, offset: Int = 0) {
        self.text = text
        self.filters = filters
        self.limit = limit
        self.offset = offset
    }
}

public struct SearchResults: Sendable {
    public var total: Int
    public var hits: [SearchHit]
    /// Facet → values with the number of matching resources, most first.
    public var facets: [Facet: [FacetCount]]
    /// The counts are estimated from part of the matches (there are very many).
    public var facetsEstimated: Bool
    /// What the search did with the query that the reader should know (words left out, all
    /// words not found together).
    public var notes: [LocalizedText]
}

public struct FacetCount: Sendable, Equatable {
    public var value: String
    public var count: Int

    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}

public struct SearchHit: Sendable {
    public var resourceID: String
    public var repository: String
    public var commit: String
    public var title: LanguageMap
    public var description: LanguageMap?
    public var languages: [String]
    public var levels: [String]
    public var subjects: [String]
    public var licence: String
    public var kind: String
    public var approved: Bool
    /// BM25 (lower is better), nil when the query had no words.
    public var rank: Double?
    public var reasons: [MatchReason]
    /// A few words of the text around the first match in the body.
    public var snippet: String?
}

/// Why a resource matched: the field and the query's words found in it, or the aim filter
/// and whether the aim is declared or suggested.
public struct MatchReason: Sendable, Equatable {
    public var field: String
    public var words: [String]
    public var detail: String?

    public init(field: String, words: [String], detail: String?) {
        self.field = field
        self.words = words
        self.detail = detail
    }
}

// MARK: Statistics

public struct CatalogueStatistics: Sendable {
    public var resources: Int
    public var deleted: Int
    public var versions: Int
    /// Facet → value → live resources (declared values).
    public var declared: [String: [FacetCount]]
    /// Accessibility features the plugins verified: feature → resources.
    public var verifiedFeatures: [FacetCount]
    public var curricula: [CurriculumCoverage]
}

/// How well a curriculum's aims are covered: the aims no resource declares are the gaps.
public struct CurriculumCoverage: Sendable {
    public var curriculum: String
    public var subject: LanguageMap
    public var aims: Int
    public var declared: Int
    /// Aims no resource declares but some resource's text fits (suggested).
    public var onlySuggested: [String]
    public var gaps: [String]
}

extension CatalogueStore {
    /// The files of a live, public resource's current version.
    public func publishedFiles(of resourceID: String) throws(CatalogueError) -> PublishedFiles? {
        try publishedFiles(of: resourceID, publicOnly: true)
    }
}
