import AllmenningAuthoring
import AllmenningCore
import AllmenningGit
import AllmenningReviews
import Foundation

/// The checks a version goes through before the catalogue takes it: the manifest check, the
/// plugins the caller chose (with their result cache), and which findings block publishing.
public struct IndexingChecks: Sendable {
    public var host: PluginHost
    public var curricula: CurriculumCatalogue?
    public var configuration: InstallationConfiguration
    /// Whose signatures on review notes are believed. The configuration's trusted keys; the
    /// caller adds the installation's own (`ReviewSigningKey.verifier(in:configuration:)`),
    /// which lives in the data folder.
    public var reviewVerifier: ReviewVerifier
    /// The installation's own review key (`ReviewSigningKey.publicKey`): decisions signed with
    /// it were made here, and indexing them writes their audit entries (see
    /// `CatalogueStore.replaceReviews`). Nil: no audit entries (a catalogue of mirrors only).
    public var installationKey: String?
    /// Changes when anything that decides a version's findings and tags changes: a version
    /// indexed with other checks is checked again.
    public let fingerprint: String

    /// Bumped when what the indexer itself extracts (texts, facets, search terms) changes.
    static let indexerVersion = "1"

    public init(host: PluginHost, curricula: CurriculumCatalogue?, configuration: InstallationConfiguration) {
        self.host = host
        self.curricula = curricula
        self.configuration = configuration
        reviewVerifier = ReviewVerifier(trustedKeys: configuration.reviews.trustedKeys)
        var parts = ["indexer \(Self.indexerVersion)", "curricula \(curricula?.fingerprint ?? "none")"]
        parts += host.plugins.map { "\($0.name) \($0.version) \($0.cacheKey(for: PluginContext(manifest: nil, curricula: curricula)))" }
        parts += host.settings.sorted { $0.key < $1.key }.map { plugin, values in
            "\(plugin): " + values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        }
        parts += configuration.blocking.map { "block \($0.plugin ?? "*") \($0.severity.rawValue) \($0.newResourcesOnly)" }
        fingerprint = ResultCache.digest(parts.joined(separator: "\n"))
    }

    /// Runs every check over one version; `documentText` gives the text of a document the
    /// caller already has. Also returns what each plugin said (files checked, from the cache).
    func check(_ snapshot: CommitSnapshot, shownAs name: String,
               documentText: ((SnapshotFile) -> String?)? = nil) -> (report: ValidationReport, plugins: [PluginReport]) {
        var report = ResourceValidator(curricula: curricula).validate(snapshot: snapshot, shownAs: name, documentText: documentText)
        let plugins = host.check(snapshot, adding: &report, curricula: curricula)
        return (report, plugins)
    }

    func blocking(_ findings: [Finding], resourceIsNew: Bool) -> [Finding] {
        findings.filter { configuration.blocksPublishing($0, resourceIsNew: resourceIsNew) }
    }
}

/// What indexing one repository came to.
public struct IndexResult: Sendable {
    public enum Status: String, Sendable {
        /// A new version is in the catalogue.
        case published
        /// The catalogue already had this commit, checked the same way.
        case unchanged
        /// The version was not taken: its manifest cannot be read, a finding blocks it, or
        /// its id belongs to another resource. What was published before stays.
        case refused
        /// The repository's published branch or the repository itself is gone.
        case deleted
        /// Nothing to index: no commits yet.
        case empty
        /// The repository could not be read.
        case failed
    }

    public var repository: String
    public var status: Status
    public var resourceID: String?
    public var title: String?
    public var commit: String?
    /// Why a version was refused, or the findings of a published one.
    public var findings: [Finding] = []
    public var message: LocalizedText?
    /// Documents whose text was read from git this time, and those whose text the catalogue
    /// already had from an earlier version (a commit re-reads only what changed).
    public var documentsRead = 0
    public var documentsKnown = 0
    public var pluginFilesChecked = 0
    public var pluginFilesFromCache = 0
    /// What came of the repository's review notes, when the resource is in the catalogue.
    public var reviews: ReviewIndexing?
}

/// What indexing a repository's review notes came to: the attestations the catalogue now
/// holds, and those it did not take, with why.
public struct ReviewIndexing: Sendable {
    public var stored = 0
    /// The catalogue's reviews changed (a new decision, or one no longer there).
    public var changed = false
    public var rejected: [ReviewNotes.Rejected] = []
    /// The notes could not be read or the reviews not stored.
    public var failure: LocalizedText?
}

/// Puts versions of resource repositories into the catalogue: reads the commit from git's
/// objects, runs the checks, extracts the documents' text and writes everything about the
/// version in one transaction.
public struct Indexer: Sendable {
    public var store: any CatalogueStore
    public var checks: IndexingChecks
    /// The clock, for tests.
    public var now: @Sendable () -> Date = { Date() }

    public init(store: any CatalogueStore, checks: IndexingChecks) {
        self.store = store
        self.checks = checks
    }

    /// The repositories a path stands for: the path itself when it is a repository, else the
    /// repositories directly inside it (a folder of bare `*.git` repositories, or of clones).
    public static func repositories(at path: URL) -> [URL] {
        if Repository.exists(at: path) { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path.path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.map { path.appendingPathComponent($0) }.filter { Repository.exists(at: $0) }
    }

    /// The absolute path the catalogue knows a repository by.
    public static func location(of repository: URL) -> String {
        repository.standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Indexes `revision` (default: the tip of the branch HEAD names) of the repository at
    /// `url` as its resource's current version.
    public func index(repository url: URL, revision: String? = nil) -> IndexResult {
        let location = Self.location(of: url)
        var result = IndexResult(repository: location, status: .failed)
        do {
            let repository: Repository
            do { repository = try Repository.open(at: url) } catch {
                result.message = LocalizedText(nb: "\(location) er ikke et git-repositorium.", en: "\(location) is not a git repository.")
                return result
            }
            let branch = try repository.headBranch() ?? "HEAD"
            let commit: ObjectID
            if let revision {
                commit = try repository.resolveCommit(revision)
            } else if let head = try repository.headCommit() {
                commit = head
            } else {
                result.status = .empty
                result.message = LocalizedText(nb: "Repositoriet har ingen versjoner ennå.", en: "The repository has no versions yet.")
                return result
            }
            return try index(commit, of: repository, branch: branch, location: location)
        } catch let error as GitError {
            result.message = LocalizedText(nb: "git: \(error.message)", en: "git: \(error.message)")
        } catch let error as CatalogueError {
            result.message = error.message
        } catch {
            result.message = LocalizedText(nb: "\(error)", en: "\(error)")
        }
        return result
    }

    private func index(_ commit: ObjectID, of repository: Repository, branch: String, location: String) throws -> IndexResult {
        var result = IndexResult(repository: location, status: .refused, commit: commit.hex)
        let state = try store.publishedState(ofRepository: location)
        if let state, !state.deleted, state.commit == commit.hex, state.checks == checks.fingerprint {
            result.status = .unchanged
            result.resourceID = state.resourceID
            result.reviews = indexReviews(of: repository, resourceID: state.resourceID)
            return result
        }
        let snapshot = try CommitSnapshot(repository: repository, commit: commit)

        // Texts of documents the catalogue has from earlier versions (or other resources) are
        // not read again.
        let documents = snapshot.files.filter { DocumentText.isDocument($0.path) && $0.size <= ResourceValidator.maximumDocumentSize }
        var texts = try store.documentTexts(blobIDs: Array(Set(documents.map(\.blobID))))
        result.documentsKnown = documents.filter { texts[$0.blobID] != nil }.count
        var newTexts: [String: String] = [:]
        for document in documents where texts[document.blobID] == nil {
            guard let data = try? snapshot.data(at: document.path), let text = DocumentText.readable(data, path: document.path) else { continue }
            texts[document.blobID] = text
            newTexts[document.blobID] = text
            result.documentsRead += 1
        }

        let (report, pluginReports) = checks.check(snapshot, shownAs: "\(location)@\(commit.short)") { texts[$0.blobID] }
        result.pluginFilesChecked = pluginReports.map(\.filesChecked).reduce(0, +)
        result.pluginFilesFromCache = pluginReports.map(\.filesFromCache).reduce(0, +)
        result.findings = report.findings.sortedForReading()
        guard let manifest = report.manifest else {
            result.findings = result.findings.filter { $0.severity == .error }
            result.message = LocalizedText(nb: "Manifestet (resource.yaml) mangler eller har feil, så versjonen er ikke tatt inn i katalogen. Rett det som står under.",
                                           en: "The manifest (resource.yaml) is missing or has errors, so the version was not taken into the catalogue. Fix what is listed below.")
            return result
        }
        result.resourceID = manifest.id
        result.title = manifest.title(preferring: manifest.language)
        if let state, !state.deleted, state.resourceID != manifest.id {
            result.message = LocalizedText(
                nb: "Id-en i resource.yaml er endret fra \(state.resourceID) til \(manifest.id). En ressurs beholder id-en sin; sett den tilbake.",
                en: "The id in resource.yaml changed from \(state.resourceID) to \(manifest.id). A resource keeps its id; put it back.")
            return result
        }
        if let publication = store as? any PublicationStore, try publication.publicationState(of: manifest.id)?.withdrawal != nil {
            result.message = Publication.withdrawnMessage(manifest.id)
            return result
        }
        if let holder = try store.repository(holding: manifest.id), holder != location {
            result.message = LocalizedText(
                nb: "Id-en \(manifest.id) brukes allerede av \(holder). En kopi må ha sin egen id: lag den med allmenning fork.",
                en: "The id \(manifest.id) is already used by \(holder). A copy needs its own id: make it with allmenning fork.")
            return result
        }
        let blocking = checks.blocking(report.findings, resourceIsNew: state == nil || state!.deleted)
        guard blocking.isEmpty else {
            result.findings = blocking.sortedForReading()
            result.message = LocalizedText(nb: "\(blocking.count) funn stopper publisering.", en: "\(blocking.count) finding(s) block publishing.")
            return result
        }

        let information = try repository.commit(commit)
        let record = VersionRecord(
            repository: location, branch: branch, commit: information.id.hex, committedAt: information.committer.date,
            commitSummary: information.summary, indexedAt: now(), checks: checks.fingerprint, manifest: manifest,
            inferred: report.inferred, tags: report.tags, findings: report.findings, files: snapshot.files,
            documentTexts: texts, newTexts: newTexts, curricula: checks.curricula)
        try store.publish(record)
        result.status = .published
        result.reviews = indexReviews(of: repository, resourceID: manifest.id)
        return result
    }

    /// Reads the review notes of the repository at `url` into the catalogue, without looking
    /// at its versions: what to run after a review is written (a note is not a commit, so no
    /// hook sees it). Status `unchanged` (the version is untouched) with `reviews` set, or
    /// `failed` when the repository cannot be read or has no resource in the catalogue.
    public func indexReviews(repository url: URL) -> IndexResult {
        let location = Self.location(of: url)
        var result = IndexResult(repository: location, status: .failed)
        do {
            guard let state = try store.publishedState(ofRepository: location) else {
                result.message = LocalizedText(nb: "Katalogen har ingen ressurs fra \(location); indekser repositoriet først.",
                                               en: "The catalogue has no resource from \(location); index the repository first.")
                return result
            }
            let repository = try Repository.open(at: url)
            result.resourceID = state.resourceID
            result.commit = state.commit
            result.reviews = indexReviews(of: repository, resourceID: state.resourceID)
            result.status = result.reviews?.failure == nil ? .unchanged : .failed
            result.message = result.reviews?.failure
        } catch let error as GitError {
            result.message = LocalizedText(nb: "\(location) kan ikke leses: git: \(error.message)", en: "\(location) cannot be read: git: \(error.message)")
        } catch {
            result.message = (error as? CatalogueError)?.message ?? LocalizedText(nb: "\(error)", en: "\(error)")
        }
        return result
    }

    /// Checks every attestation in the repository's review notes (trusted key, unchanged,
    /// about the commit it is on and about this resource) and makes the catalogue's reviews of
    /// the resource exactly the ones that pass, in one transaction.
    func indexReviews(of repository: Repository, resourceID: String) -> ReviewIndexing {
        var indexing = ReviewIndexing()
        do {
            let reading = try ReviewNotes.read(repository, verifier: checks.reviewVerifier, resource: resourceID)
            indexing.rejected = reading.rejected
            indexing.stored = reading.verified.count
            let reviews = reading.verified.map { IndexedReview(commit: $0.commit.hex, position: $0.position, signed: $0.signed) }
            // Most repositories' notes are as they were: a read tells, without taking the
            // catalogue's one writer for every repository of a bulk index.
            let order = { (a: IndexedReview, b: IndexedReview) in (a.commit, a.position) < (b.commit, b.position) }
            if try store.reviews(of: resourceID).sorted(by: order) != reviews.sorted(by: order) {
                indexing.changed = try store.replaceReviews(of: resourceID, with: reviews, decidedHere: checks.installationKey)
            }
        } catch let error as GitError {
            indexing.failure = LocalizedText(nb: "Vurderingene kan ikke leses: git: \(error.message)", en: "The reviews cannot be read: git: \(error.message)")
        } catch {
            indexing.failure = (error as? CatalogueError)?.message ?? LocalizedText(nb: "\(error)", en: "\(error)")
        }
        return indexing
    }

    /// Marks the resource of a repository deleted (its published branch or the repository is
    /// gone).
    public func delete(repository url: URL) -> IndexResult {
        let location = Self.location(of: url)
        do {
            let marked = try store.markDeleted(repository: location, at: now(),
                                               repositoryGone: !FileManager.default.fileExists(atPath: location))
            return IndexResult(repository: location, status: marked ? .deleted : .unchanged)
        } catch {
            return IndexResult(repository: location, status: .failed, message: error.message)
        }
    }
}
