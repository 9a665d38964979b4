import AllmenningCore
import AllmenningGit
import Foundation

/// What someone decided, before it is checked, signed and stored: the caller (the command
/// line or the server) has established who `by` is and that they may decide this.
public struct ReviewRequest: Sendable, Equatable {
    public var resourceID: String
    /// A full commit id, a prefix of one, or any revision git understands (`main`, `HEAD~1`).
    public var revision: String
    public var decision: Attestation.Decision
    public var by: Attestation.Person
    public var scores: [Attestation.Score]
    public var comment: String?

    public init(resourceID: String, revision: String, decision: Attestation.Decision, by: Attestation.Person,
                scores: [Attestation.Score] = [], comment: String? = nil) {
        self.resourceID = resourceID
        self.revision = revision
        self.decision = decision
        self.by = by
        self.scores = scores
        self.comment = comment
    }
}

/// Records review decisions: checks the request against the repository and the rubric, signs
/// it with the installation's key and appends it to the commit's review note. The catalogue
/// learns of it when the repository's notes are indexed next (`Indexer.indexReviews`).
public struct ReviewRecorder: Sendable {
    public var key: ReviewSigningKey
    public var settings: InstallationConfiguration.Reviews

    public init(key: ReviewSigningKey, settings: InstallationConfiguration.Reviews) {
        self.key = key
        self.settings = settings
    }

    /// With the data folder's key (made now if it has none) and the configuration's rubric and
    /// period of validity.
    public init(data: DataFolder, configuration: InstallationConfiguration) throws(ReviewError) {
        self.init(key: try ReviewSigningKey.loadOrCreate(in: data), settings: configuration.reviews)
    }

    /// Signs and stores the decision about a version of the resource in the repository at
    /// `url`. The version must be on the repository's published branch (HEAD's), and be the
    /// resource `request.resourceID` (its resource.yaml says so).
    @discardableResult
    public func record(_ request: ReviewRequest, in url: URL, at date: Date) throws(ReviewError) -> SignedAttestation {
        let commit: ObjectID
        do {
            let repository = try Repository.open(at: url)
            do { commit = try repository.resolveCommit(request.revision) } catch {
                throw ReviewError(LocalizedText(nb: "Versjonen «\(request.revision)» finnes ikke i \(url.path).",
                                                en: "The version \"\(request.revision)\" does not exist in \(url.path)."))
            }
            guard let head = try repository.headCommit(), try repository.isAncestor(commit, of: head) else {
                throw ReviewError(LocalizedText(
                    nb: "Versjonen \(commit.short) er ikke på den publiserte grenen (\(try repository.headBranch() ?? "HEAD")). Bare publiserte versjoner kan vurderes.",
                    en: "The version \(commit.short) is not on the published branch (\(try repository.headBranch() ?? "HEAD")). Only published versions can be reviewed."))
            }
            guard let data = try repository.file(at: ResourceValidator.manifestFileName, in: commit) else {
                throw ReviewError(LocalizedText(nb: "Versjonen \(commit.short) har ingen resource.yaml.", en: "The version \(commit.short) has no resource.yaml."))
            }
            let manifest = ManifestValidator().validate(data: data, path: ResourceValidator.manifestFileName).manifestAsRead
            guard let manifest, manifest.id == request.resourceID else {
                throw ReviewError(LocalizedText(
                    nb: "Versjonen \(commit.short) er ikke ressursen \(request.resourceID) (resource.yaml sier \(manifest?.id ?? "ingen id")).",
                    en: "The version \(commit.short) is not the resource \(request.resourceID) (resource.yaml says \(manifest?.id ?? "no id"))."))
            }
        } catch let error as ReviewError {
            throw error
        } catch {
            throw ReviewError(LocalizedText(nb: "Repositoriet \(url.path) kan ikke leses: \(error)", en: "The repository \(url.path) cannot be read: \(error)"))
        }
        let expires = request.decision == .approved ? date.addingTimeInterval(TimeInterval(settings.validForDays) * 86_400) : nil
        let attestation = Attestation(resource: request.resourceID, commit: commit.hex, decision: request.decision, reviewer: request.by,
                                      date: date, expires: expires, rubric: Attestation.Rubric(settings.rubric),
                                      scores: request.scores, comment: request.comment.flatMap { $0.isEmpty ? nil : $0 })
        let signed = try key.sign(attestation)
        try ReviewNotes.append(signed, to: url, at: date)
        return signed
    }
}
