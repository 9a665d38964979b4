import AllmenningCore
import AllmenningGit
import Foundation

/// `allmenning fork`: a copy of someone's resource, with its full history, that the teacher
/// may adapt and publish, carrying the source's credit and the licence its terms require.
public struct Forking {
    public var source: String
    public var destination: URL?
    public var author: Author
    public var proposedLicence: String?

    /// Where the fork appends its attribution of the source (made by `init` in every resource).
    static let licenceFileName = "LICENCE.md"

    public init(source: String, destination: URL?, author: Author, proposedLicence: String?) {
        self.source = source
        self.destination = destination
        self.author = author
        self.proposedLicence = proposedLicence
    }

    public struct Result: Sendable {
        public var folder: URL
        public var id: String
        public var licence: String
        public var source: Manifest.Provenance
        public var commit: ObjectID
        public var notes: [AdaptationProblem]
    }

    /// Clones into a hidden folder beside the destination, decides from git's objects whether
    /// the licence allows the fork, and only then writes files (the manifest, and the source's
    /// attribution appended to LICENCE.md) and renames the folder into place: a refused or
    /// failed fork leaves nothing behind.
    public func run() throws(AuthoringFailure) -> Result {
        let address = try resolvedAddress()
        let destination = self.destination ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent(Self.folderName(for: address))
        if FileManager.default.fileExists(atPath: destination.path) {
            throw AuthoringFailure(.couldNotRun, LocalizedText(
                nb: "\(destination.path) finnes allerede. Velg en annen mappe: allmenning fork \(source) NY-MAPPE",
                en: "\(destination.path) already exists. Choose another folder: allmenning fork \(source) NEW-FOLDER"))
        }
        let parent = destination.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw AuthoringFailure(.couldNotRun, LocalizedText(nb: "Kan ikke lage \(parent.path).", en: "Cannot create \(parent.path)."))
        }
        let staging = parent.appendingPathComponent(".\(destination.lastPathComponent).allmenning-fork-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: staging) }

        let repository: Repository
        do {
            repository = try Repository.clone(from: address, to: staging, checkout: false)
        } catch {
            throw AuthoringFailure(.couldNotRun, LocalizedText(
                nb: "Fikk ikke hentet \(address). Sjekk adressen og nettforbindelsen.",
                en: "Could not fetch \(address). Check the address and the network connection."),
                details: [LocalizedText(nb: "git sier: \(error.message)", en: "git says: \(error.message)")])
        }
        let head = try gitStep(LocalizedText(nb: "Kunne ikke lese \(address).", en: "Could not read \(address).")) { () throws(GitError) in
            try repository.headCommit()
        }
        guard let head else {
            throw AuthoringFailure(.refused, LocalizedText(nb: "\(address) har ingen commits ennå.", en: "\(address) has no commits yet."))
        }
        let (manifest, manifestData) = try ResourceRepository.manifest(in: repository, at: head, describedAs: address)

        let decision = AdaptationLicensing.decide(AdaptationRequest(manifest: manifest, proposedLicence: proposedLicence))
        guard decision.isAllowed, let licence = decision.licence else {
            throw AuthoringFailure(.refused, LocalizedText(
                nb: "Lisensen tillater ikke at «\(manifest.title(preferring: ["nb", "nn", "en"]))» blir tilpasset og delt slik. Ingenting er skrevet.",
                en: "The licence does not allow \"\(manifest.title(preferring: ["en", "nb"]))\" to be adapted and shared like this. Nothing was written."),
                details: decision.refusals.map(\.message))
        }

        let provenance = Manifest.Provenance(id: manifest.id, repository: address, commit: head.hex, licence: manifest.licence,
                                             title: manifest.title, authors: manifest.authors)
        let id = ULID.make()
        let alreadyAuthor = (manifest.authors ?? []).contains { $0.name == author.name }
        let edited = try ResourceRepository.edit(manifestData) { (editor) throws(ManifestEditor.Failure) in
            try editor.setScalar("id", to: id)
            if licence != manifest.licence { try editor.setScalar("licence", to: licence) }
            if !alreadyAuthor {
                try editor.append(YAMLOutput(Manifest.Author(name: author.name, role: "teacher", org: author.organisation)), toSequence: "authors")
            }
            try editor.append(YAMLOutput(provenance, languageOrder: manifest.language), toSequence: "derivedFrom")
        }
        let forked = try ResourceRepository.checkedManifest(edited, describedAs: "resource.yaml")
        guard forked.id == id, forked.licence == licence, forked.derivedFrom?.last == provenance else {
            throw AuthoringFailure(.couldNotRun, LocalizedText(nb: "Det endrede manifestet ble ikke som forventet; ingenting er skrevet.",
                                                               en: "The changed manifest did not come out as expected; nothing was written."))
        }

        let saving = LocalizedText(nb: "Kunne ikke lagre forken.", en: "Could not save the fork.")
        try gitStep(saving) { () throws(GitError) in try repository.checkoutHead() }
        try ResourceRepository.write(edited, to: staging.appendingPathComponent(ResourceRepository.manifestPath))
        let licenceFile = staging.appendingPathComponent(Self.licenceFileName)
        let existing = (try? Data(contentsOf: licenceFile)) ?? Data("# Licence / Lisens\n".utf8)
        let notice = AdaptationNotice.text(source: provenance, adapter: author.name, licence: licence)
        try ResourceRepository.write(existing + Data(notice.utf8), to: licenceFile)
        let title = manifest.title(preferring: manifest.language)
        let message = "Fork of \(title) (\(manifest.id)) at \(head.short)\n\nSource: \(address)\nLicence of the source: \(manifest.licence); of this fork: \(licence)\n"
        let commit = try gitStep(saving) { () throws(GitError) -> ObjectID? in
            try repository.removeRemote("origin")
            try repository.setRemote("upstream", url: address)
            return try repository.commitWorkingChanges(only: [ResourceRepository.manifestPath, Self.licenceFileName], message: message, author: author.identity)
        }
        guard let commit else {
            throw AuthoringFailure(.couldNotRun, LocalizedText(nb: "Forken endret ingenting; ingenting er skrevet.", en: "The fork changed nothing; nothing was written."))
        }

        // The destination was free when we started; check again in case it appeared meanwhile.
        guard !FileManager.default.fileExists(atPath: destination.path), rename(staging.path, destination.path) == 0 else {
            throw AuthoringFailure(.couldNotRun, LocalizedText(nb: "Kunne ikke flytte forken til \(destination.path).",
                                                               en: "Could not move the fork to \(destination.path)."))
        }
        return Result(folder: destination, id: id, licence: licence, source: provenance, commit: commit, notes: decision.notes)
    }

    /// A URL as given; a local path made absolute, so that the provenance and the upstream
    /// remote still work from another folder.
    func resolvedAddress() throws(AuthoringFailure) -> String {
        if source.contains("://") { return source }
        var isDirectory: ObjCBool = false
        let url = URL(fileURLWithPath: source).standardizedFileURL
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            guard Repository.exists(at: url) else {
                throw AuthoringFailure(.couldNotRun, LocalizedText(
                    nb: "\(source) er en mappe, men ikke et git-repositorium. Bare ressurser i git kan forkes, slik at historikken og kreditten følger med. Lag en med allmenning init.",
                    en: "\(source) is a folder but not a git repository. Only resources in git can be forked, so that their history and credit come along. Make one with allmenning init."))
            }
            return url.path
        }
        if source.wholeMatch(of: /[0-9A-HJKMNP-TV-Z]{26}/) != nil {
            throw AuthoringFailure(.couldNotRun, LocalizedText(
                nb: "\(source) ser ut som en ressurs-id, men katalogen finnes ikke ennå. Oppgi ressursens adresse eller mappe.",
                en: "\(source) looks like a resource id, but the catalogue is not built yet. Give the resource's address or folder."))
        }
        throw AuthoringFailure(.couldNotRun, LocalizedText(nb: "Finner ikke \(source): ingen slik mappe, og ikke en adresse (https://…).",
                                                           en: "Cannot find \(source): no such folder, and not an address (https://…)."))
    }

    static func folderName(for address: String) -> String {
        var name = address.split(separator: "/").last.map(String.init) ?? "resource"
        if name.hasSuffix(".git") { name.removeLast(4) }
        return name.isEmpty ? "resource" : name
    }
}
