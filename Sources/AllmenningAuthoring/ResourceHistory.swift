import AllmenningCore
import AllmenningGit
import Foundation

/// `allmenning history`: where a resource comes from (its provenance chain, as `fork` and
/// `sync` recorded it) and its commits.
public struct ResourceHistory: Sendable {
    public struct Link: Sendable {
        public var id: String
        public var title: LanguageMap
        public var licence: String
        public var authors: [Manifest.Author]
        public var repository: String?
        public var commit: String?
    }

    /// This resource first, then what it was derived from, nearest first.
    public var chain: [Link]
    /// Newest first; empty when the folder is not a git repository.
    public var commits: [CommitInfo]
    public var totalCommits: Int

    public static func read(folder: URL, limit: Int?) throws(AuthoringFailure) -> ResourceHistory {
        let (manifest, _) = try ResourceRepository.workingManifest(in: folder)
        var chain = [Link(id: manifest.id, title: manifest.title, licence: manifest.licence, authors: manifest.authors ?? [],
                          repository: nil, commit: nil)]
        for source in (manifest.derivedFrom ?? []).reversed() {
            chain.append(Link(id: source.id, title: source.title, licence: source.licence, authors: source.authors ?? [],
                              repository: source.repository, commit: source.commit))
        }
        guard Repository.exists(at: folder) else { return ResourceHistory(chain: chain, commits: [], totalCommits: 0) }
        let repository = try ResourceRepository.open(folder)
        let reading = LocalizedText(nb: "Kunne ikke lese historikken.", en: "Could not read the history.")
        return try gitStep(reading) { () throws(GitError) -> ResourceHistory in
            guard let head = try repository.headCommit() else { return ResourceHistory(chain: chain, commits: [], totalCommits: 0) }
            chain[0].commit = head.hex
            return ResourceHistory(chain: chain, commits: try repository.log(from: head, limit: limit),
                                   totalCommits: try repository.commitCount(from: head))
        }
    }
}
