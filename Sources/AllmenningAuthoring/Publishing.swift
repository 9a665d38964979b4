import AllmenningCore
import AllmenningGit
import Foundation

/// `allmenning publish`: checks the resource, commits the working changes and pushes the
/// branch to the catalogue remote. A refused push keeps the commit; nothing is lost.
public struct Publishing {
    /// The remote `publish` uses when none is named; set by `publish URL`.
    public static let catalogueRemote = "catalogue"

    public var folder: URL
    public var author: Author
    public var message: String?
    /// A remote's name or an address; nil: the catalogue remote.
    public var remote: String?
    public var curricula: CurriculumCatalogue?
    /// The validator plugins to run besides the manifest check; the caller chooses them.
    public var plugins: PluginHost?
    /// Which findings stop a publish (`publishing.block`; by default every error).
    public var configuration: InstallationConfiguration

    public init(folder: URL, author: Author, message: String?, remote: String?, curricula: CurriculumCatalogue?,
                plugins: PluginHost? = nil, configuration: InstallationConfiguration = InstallationConfiguration()) {
        self.folder = folder
        self.author = author
        self.message = message
        self.remote = remote
        self.curricula = curricula
        self.plugins = plugins
        self.configuration = configuration
    }

    public struct Result: Sendable {
        public var commit: ObjectID
        /// False when there was nothing new to commit and the existing HEAD was pushed.
        public var committed: Bool
        public var remote: String
        public var branch: String
        public var serverMessages: [String]
        /// What the checks found that does not block publishing (warnings, information).
        public var findings: [Finding]
    }

    public func run() throws(AuthoringFailure) -> Result {
        let repository = try ResourceRepository.open(folder)
        guard repository.state == .clean else {
            throw AuthoringFailure(.refused, LocalizedText(
                nb: "En sammenslåing fra sync er ikke ferdig. Fullfør med allmenning sync --continue eller avbryt med allmenning sync --abort før du publiserer.",
                en: "A merge from sync is not finished. Complete it with allmenning sync --continue or stop it with allmenning sync --abort before publishing."))
        }
        let remoteName = try configuredRemote(in: repository)

        // What is checked is exactly what will be committed: the tree of the working changes,
        // without the files git ignores. Nothing is committed before the checks pass, so a
        // refused version never enters the history that a later publish would push.
        let reading = LocalizedText(nb: "Kunne ikke lese filene i ressursen.", en: "Could not read the resource's files.")
        let (tree, currentBranch) = try gitStep(reading) { () throws(GitError) in
            (try repository.treeOfWorkingChanges(), try repository.headBranch())
        }
        let snapshot = try gitStep(reading) { () throws(GitError) in try CommitSnapshot(repository: repository, commit: tree) }
        var report = ResourceValidator(curricula: curricula).validate(snapshot: snapshot, shownAs: folder.path)
        plugins?.check(snapshot, adding: &report, curricula: curricula)
        let isNew = try gitStep(reading) { () throws(GitError) in
            try Self.isNew(to: remoteName, branch: currentBranch, in: repository)
        }
        let blocking = report.findings.filter { configuration.blocksPublishing($0, resourceIsNew: isNew) }
        guard blocking.isEmpty else {
            throw AuthoringFailure(.refused, LocalizedText(
                nb: "Ressursen er ikke publisert: \(blocking.count) funn stopper publisering (feil, og det installasjonen har valgt å stoppe på). Rett dem og publiser igjen.",
                en: "The resource was not published: \(blocking.count) finding(s) block publishing (errors, and what the installation chose to block). Fix them and publish again."),
                details: Array(blocking.sortedForReading().prefix(10)).map(ResourceRepository.detail))
        }

        let saving = LocalizedText(nb: "Kunne ikke lagre endringene.", en: "Could not commit the changes.")
        let title = report.manifest.map { $0.title(preferring: $0.language) } ?? folder.lastPathComponent
        let made = try gitStep(saving) { () throws(GitError) in
            try repository.commitWorkingChanges(message: message ?? "Update \(title)", author: author.identity)
        }
        let (head, branch) = try gitStep(saving) { () throws(GitError) in (try repository.headCommit(), try repository.headBranch()) }
        guard let head, let branch else {
            throw AuthoringFailure(.refused, LocalizedText(nb: "Ressursen har ingen commits å publisere.", en: "The resource has no commits to publish."))
        }
        do {
            let pushed = try repository.push(to: remoteName, refspecs: ["\(branch):\(branch)"])
            return Result(commit: head, committed: made != nil, remote: remoteName, branch: branch, serverMessages: pushed.messages,
                          findings: report.findings.sortedForReading())
        } catch let rejection as PushRejected {
            let lines = rejection.report.messages.map { LocalizedText(nb: "remote: \($0)", en: "remote: \($0)") }
                + rejection.report.rejectedReferences.map { LocalizedText(nb: "\($0.reference): \($0.reason)", en: "\($0.reference): \($0.reason)") }
            throw AuthoringFailure(.refused, LocalizedText(
                nb: "Katalogen tok ikke imot \(branch) (commit \(head.short)). Commiten er lagret hos deg. Dette sa tjeneren:",
                en: "The catalogue refused \(branch) (commit \(head.short)). The commit is kept on your machine. The server said:"),
                details: lines)
        } catch let error as GitError {
            throw AuthoringFailure(.couldNotRun, LocalizedText(
                nb: "Kunne ikke sende til \(remoteName). Commiten \(head.short) er lagret hos deg; prøv igjen senere.",
                en: "Could not send to \(remoteName). The commit \(head.short) is kept on your machine; try again later."),
                details: [LocalizedText(nb: "git sier: \(error.message)", en: "git says: \(error.message)")])
        } catch {
            throw AuthoringFailure(.couldNotRun, LocalizedText(nb: "Publiseringen feilet: \(error)", en: "Publishing failed: \(error)"))
        }
    }

    /// Whether the catalogue has never received this resource from here: the branch has no
    /// remote-tracking reference, which a successful push leaves behind.
    private static func isNew(to remote: String, branch: String?, in repository: Repository) throws(GitError) -> Bool {
        guard let branch else { return true }
        let name = branch.hasPrefix("refs/heads/") ? String(branch.dropFirst("refs/heads/".count)) : branch
        return try repository.referenceTarget("refs/remotes/\(remote)/\(name)") == nil
    }

    /// The remote named on the command line (an address is saved as the catalogue remote for
    /// next time), else the catalogue remote.
    private func configuredRemote(in repository: Repository) throws(AuthoringFailure) -> String {
        let configuring = LocalizedText(nb: "Kunne ikke lese eller lagre fjernlageret.", en: "Could not read or save the remote.")
        if let remote {
            let isAddress = remote.contains("://") || remote.hasPrefix("/")
            if isAddress {
                try gitStep(configuring) { () throws(GitError) in try repository.setRemote(Self.catalogueRemote, url: remote) }
                return Self.catalogueRemote
            }
            guard try gitStep(configuring, { () throws(GitError) in try repository.remoteURL(remote) }) != nil else {
                throw AuthoringFailure(.couldNotRun, LocalizedText(
                    nb: "Fjernlageret «\(remote)» finnes ikke. Oppgi katalogens adresse: allmenning publish https://…",
                    en: "There is no remote \"\(remote)\". Give the catalogue's address: allmenning publish https://…"))
            }
            return remote
        }
        guard try gitStep(configuring, { () throws(GitError) in try repository.remoteURL(Self.catalogueRemote) }) != nil else {
            throw AuthoringFailure(.couldNotRun, LocalizedText(
                nb: "Ingen katalog er satt opp for denne ressursen. Oppgi adressen første gang: allmenning publish https://katalog.example/ressurs.git",
                en: "No catalogue is set up for this resource. Give its address the first time: allmenning publish https://catalogue.example/resource.git"))
        }
        return Self.catalogueRemote
    }
}
