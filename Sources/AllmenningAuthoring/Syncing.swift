import AllmenningCore
import AllmenningGit
import Foundation

/// `allmenning sync`: brings the upstream resource's new commits into a fork. The upstream is
/// the last `derivedFrom` entry; its licence is checked again, since an upstream may change it.
public struct Syncing {
    public var folder: URL
    public var author: Author

    /// Where the upstream's commits are kept between fetch and merge.
    public static let upstreamReference = "refs/allmenning/upstream"

    public init(folder: URL, author: Author) {
        self.folder = folder
        self.author = author
    }

    public enum Outcome: Sendable, Equatable {
        case upToDate(upstream: ObjectID)
        case merged(commit: ObjectID, upstream: ObjectID, changedPaths: [String])
        /// Stopped with conflicts: the paths to resolve by hand.
        case conflicts(paths: [String], upstream: ObjectID)
    }

    public func run() throws(AuthoringFailure) -> Outcome {
        let repository = try ResourceRepository.open(folder)
        guard repository.state == .clean else {
            throw AuthoringFailure(.refused, LocalizedText(
                nb: "En sammenslåing er allerede i gang. Løs konfliktene og kjør allmenning sync --continue, eller avbryt med allmenning sync --abort.",
                en: "A merge is already in progress. Resolve the conflicts and run allmenning sync --continue, or stop it with allmenning sync --abort."))
        }
        let changes = try gitStep(LocalizedText(nb: "Kunne ikke lese arbeidsmappa.", en: "Could not read the working folder.")) { () throws(GitError) in
            try repository.workingChanges()
        }
        guard changes.isEmpty else {
            throw AuthoringFailure(.refused, LocalizedText(
                nb: "Du har endringer som ikke er lagret i en commit. Publiser dem (allmenning publish) eller lagre dem først, så ingenting går tapt.",
                en: "You have changes that are not committed. Publish them (allmenning publish) or commit them first, so that nothing is lost."),
                details: changes.prefix(10).map { LocalizedText(nb: "\($0.path) (\($0.status.rawValue))", en: "\($0.path) (\($0.status.rawValue))") })
        }
        let (manifest, _) = try ResourceRepository.workingManifest(in: folder)
        guard let source = manifest.derivedFrom?.last, let address = source.repository else {
            throw AuthoringFailure(.couldNotRun, LocalizedText(
                nb: "Ressursen er ikke en fork: derivedFrom i resource.yaml nevner ikke noe repositorium å hente fra.",
                en: "This resource is not a fork: derivedFrom in resource.yaml names no repository to fetch from."))
        }
        let fetching = LocalizedText(nb: "Fikk ikke hentet fra \(address).", en: "Could not fetch from \(address).")
        let upstream = try gitStep(fetching) { () throws(GitError) -> ObjectID? in
            let branch = try repository.remoteDefaultBranch(address)
            try repository.fetch(from: address, refspecs: ["+\(branch):\(Self.upstreamReference)"])
            return try repository.referenceTarget(Self.upstreamReference)
        }
        guard let upstream else { throw AuthoringFailure(.couldNotRun, fetching) }
        let head = try gitStep(fetching) { () throws(GitError) in try repository.headCommit() }
        if let head, try gitStep(fetching, { () throws(GitError) in try repository.isAncestor(upstream, of: head) }) {
            return .upToDate(upstream: upstream)
        }

        let (upstreamManifest, _) = try ResourceRepository.manifest(in: repository, at: upstream, describedAs: address)
        let decision = AdaptationLicensing.decide(AdaptationRequest(manifest: upstreamManifest, proposedLicence: manifest.licence))
        guard decision.isAllowed else {
            throw AuthoringFailure(.refused, LocalizedText(
                nb: "Den nye versjonen av originalen har en lisens som ikke tillater forken din slik den er lisensiert. Ingenting er endret.",
                en: "The new version of the original has a licence that does not allow your fork as it is licensed. Nothing was changed."),
                details: decision.refusals.map(\.message))
        }

        let merging = LocalizedText(nb: "Kunne ikke slå sammen endringene fra \(address).", en: "Could not merge the changes from \(address).")
        let outcome = try gitStep(merging) { () throws(GitError) in try repository.merge(upstream) }
        switch outcome {
        case .upToDate:
            return .upToDate(upstream: upstream)
        case .conflicts(let paths):
            return .conflicts(paths: paths, upstream: upstream)
        case .readyToCommit, .fastForwarded:
            let commit = try finishMerge(in: repository, upstream: upstream, address: address, title: source.title)
            let changed = try gitStep(merging) { () throws(GitError) in
                try repository.changedPaths(from: head, to: commit).map(\.path)
            }
            return .merged(commit: commit, upstream: upstream, changedPaths: changed)
        }
    }

    /// After conflicts were resolved by hand: checks that no conflict markers are left, then
    /// commits the merge.
    public func continueMerge() throws(AuthoringFailure) -> ObjectID {
        let repository = try ResourceRepository.open(folder)
        guard repository.state == .merging else {
            throw AuthoringFailure(.couldNotRun, LocalizedText(nb: "Ingen sammenslåing er i gang.", en: "No merge is in progress."))
        }
        let reading = LocalizedText(nb: "Kunne ikke lese sammenslåingen.", en: "Could not read the merge.")
        let (conflicted, upstream) = try gitStep(reading) { () throws(GitError) in
            (try repository.conflictedPaths(), try repository.referenceTarget("MERGE_HEAD"))
        }
        let unresolved = conflicted.filter { path in
            guard let text = try? String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8) else { return false }
            return text.split(separator: "\n", omittingEmptySubsequences: false).contains { $0.hasPrefix("<<<<<<< ") || $0.hasPrefix(">>>>>>> ") }
        }
        guard unresolved.isEmpty else {
            throw AuthoringFailure(.refused, LocalizedText(
                nb: "Disse filene har fortsatt konfliktmarkører (<<<<<<< og >>>>>>>). Velg hva som skal stå, slett markørene og prøv igjen.",
                en: "These files still have conflict markers (<<<<<<< and >>>>>>>). Choose what to keep, delete the markers and try again."),
                details: unresolved.map { LocalizedText(nb: $0, en: $0) })
        }
        try gitStep(reading) { () throws(GitError) in try repository.markResolved(conflicted) }
        let (manifest, _) = try ResourceRepository.workingManifest(in: folder)
        guard let upstream, let source = manifest.derivedFrom?.last else {
            throw AuthoringFailure(.couldNotRun, reading)
        }
        return try finishMerge(in: repository, upstream: upstream, address: source.repository ?? "", title: source.title)
    }

    /// Puts the working folder back as it was before `sync` started. Needs no author: it
    /// makes no commit.
    public static func abortMerge(in folder: URL) throws(AuthoringFailure) {
        let repository = try ResourceRepository.open(folder)
        guard repository.state == .merging else {
            throw AuthoringFailure(.couldNotRun, LocalizedText(nb: "Ingen sammenslåing er i gang.", en: "No merge is in progress."))
        }
        try gitStep(LocalizedText(nb: "Kunne ikke avbryte sammenslåingen.", en: "Could not stop the merge.")) { () throws(GitError) in
            try repository.abortMerge()
        }
    }

    /// Records the upstream commit the fork now includes in derivedFrom, then commits the merge.
    private func finishMerge(in repository: Repository, upstream: ObjectID, address: String, title: LanguageMap) throws(AuthoringFailure) -> ObjectID {
        let manifestURL = folder.appendingPathComponent(ResourceRepository.manifestPath)
        let (_, data) = try ResourceRepository.workingManifest(in: folder)
        let edited = try ResourceRepository.edit(data) { (editor) throws(ManifestEditor.Failure) in
            try editor.setScalar("commit", to: upstream.hex, inLastItemOf: "derivedFrom")
        }
        try ResourceRepository.write(edited, to: manifestURL)
        let message = "Merge changes from \(LanguageMaps.text(title, preferring: ["nb", "nn", "en"]) ?? "") at \(upstream.short)\n\nUpstream: \(address)\n"
        let commit = try gitStep(LocalizedText(nb: "Kunne ikke lagre sammenslåingen.", en: "Could not save the merge.")) { () throws(GitError) in
            try repository.commitWorkingChanges(message: message, author: author.identity)
        }
        guard let commit else {
            throw AuthoringFailure(.couldNotRun, LocalizedText(nb: "Sammenslåingen ga ingen endring.", en: "The merge changed nothing."))
        }
        return commit
    }
}
