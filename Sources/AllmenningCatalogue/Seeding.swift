import AllmenningCore
import AllmenningGit
import Foundation

/// What seeding one resource folder came to.
public struct SeedResult: Sendable {
    public enum Status: String, Sendable, CaseIterable {
        /// A new repository holds the folder's files.
        case created
        /// The folder changed since it was seeded: its files are a new commit on top.
        case updated
        /// The repository's current version has exactly the folder's files.
        case unchanged
        /// The repository has versions pushed after it was seeded. The folder was not applied,
        /// so that nothing a teacher pushed is replaced.
        case kept
        /// Nothing was written: the manifest has errors, another folder has the same id, the
        /// folder holds something that is not a file, or the original it adapts cannot be
        /// found or seeded.
        case refused
    }

    /// The folder's name inside the seeded folder.
    public var folder: String
    public var status: Status
    public var resourceID: String?
    public var title: String?
    /// Where the repository is (`DATA/repositories/NAME.git`); nil when refused.
    public var repository: String?
    /// The tip of the repository's published branch after seeding.
    public var commit: String?
    /// For an adaptation: the original's id and repository, and (when the repository was
    /// created in this run) the original's commit the adaptation was committed on top of.
    public var upstream: Upstream?
    /// Why it was refused or kept, or what went wrong with the hooks.
    public var message: LocalizedText?
    /// The manifest's errors, for a refused folder (paths relative to the seeded folder).
    public var findings: [Finding] = []
    public var hooksInstalled = false
    /// What the indexer made of the repository's current version; nil when refused.
    public var index: IndexResult?

    public struct Upstream: Sendable, Equatable {
        public var resourceID: String
        public var repository: String
        public var commit: String?
    }

    /// The catalogue holds the repository's current version.
    public var isPublished: Bool {
        index?.status == .published || index?.status == .unchanged
    }

    /// Something the operator must act on: a refused folder, a version the catalogue did not
    /// take, or hooks that could not be installed.
    public var needsAttention: Bool {
        status == .refused || !isPublished || !hooksInstalled
    }
}

/// `allmenning seed`: turns a folder of resource folders into the installation's bare
/// repositories — adaptations as real forks that share their original's history — with the
/// push hooks installed, and puts each repository's current version into the catalogue.
/// Running it again reuses what exists: an unchanged folder writes nothing new, a changed one
/// becomes a new commit, and a repository someone pushed to since is left as it is.
public struct Seeder: Sendable {
    public var indexer: Indexer
    /// Where the repositories go: `DataFolder.repositories`.
    public var repositories: URL
    /// The author and committer of the seeded commits.
    public var author: (name: String, email: String)
    /// The hooks run `hookExecutable hooks run NAME hookArguments…` (see `HookInstaller`).
    public var hookExecutable: String
    public var hookArguments: [String]
    /// The clock, for tests.
    public var now: @Sendable () -> Date = { Date() }

    /// The content team named as the author of Content/'s resources.
    public static let contentTeam = (name: "Allmenning-redaksjonen", email: "redaksjonen@allmenning.invalid")

    /// The last commit seed wrote. While the published branch still points at it, nobody has
    /// pushed since, and a changed folder may be committed on top without replacing anyone's
    /// work. Not under refs/heads or refs/tags, so clones and pushes do not carry it.
    public static let seededReference = "refs/allmenning/seeded"

    /// The remote that records which repository a fork's original is, as `allmenning fork` does.
    public static let upstreamRemote = "upstream"

    public init(indexer: Indexer, repositories: URL, author: (name: String, email: String) = Seeder.contentTeam,
                hookExecutable: String, hookArguments: [String]) {
        self.indexer = indexer
        self.repositories = repositories
        self.author = author
        self.hookExecutable = hookExecutable
        self.hookArguments = hookArguments
    }

    /// Seeds every folder directly inside `folder` that has a resource.yaml, originals before
    /// their adaptations, and calls `report` as each is done. Throws only when nothing can be
    /// seeded at all (the folder cannot be read, the repositories' folder cannot be made).
    @discardableResult
    public func seed(folder: URL, report: (SeedResult) -> Void = { _ in }) throws(CatalogueError) -> [SeedResult] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().filter { name in
                var isDirectory: ObjCBool = false
                return !name.hasPrefix(".")
                    && FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory) && isDirectory.boolValue
                    && FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).appendingPathComponent(ResourceValidator.manifestFileName).path)
            }
        } catch {
            throw CatalogueError(LocalizedText(nb: "Kan ikke lese mappa \(folder.path): \(error.localizedDescription)",
                                               en: "Cannot read the folder \(folder.path): \(error.localizedDescription)"))
        }
        guard !names.isEmpty else { return [] }
        do {
            try FileManager.default.createDirectory(at: repositories, withIntermediateDirectories: true)
        } catch {
            throw CatalogueError(LocalizedText(nb: "Kan ikke lage \(repositories.path): \(error.localizedDescription)",
                                               en: "Cannot create \(repositories.path): \(error.localizedDescription)"))
        }

        var results: [SeedResult] = []
        func finish(_ result: SeedResult) {
            results.append(result)
            report(result)
        }
        let plan = plan(names.map { folder.appendingPathComponent($0) })
        plan.refused.forEach(finish)
        // Where each resource's repository is once seeded, by id: what its adaptations clone.
        var seeded: [String: URL] = [:]
        for candidate in plan.ordered {
            var upstream: URL?
            switch candidate.upstream {
            case nil:
                break
            case .inCatalogue(_, let location):
                upstream = URL(fileURLWithPath: location)
            case .inFolder(let id, let name):
                guard let repository = seeded[id] else {
                    finish(refusal(candidate, LocalizedText(
                        nb: "Originalen \(name) (\(id)) ble ikke lagt inn, så tilpasningen kan ikke dele historikk med den. Rett originalen og kjør seed igjen.",
                        en: "The original \(name) (\(id)) was not seeded, so the adaptation cannot share its history. Fix the original and run seed again.")))
                    continue
                }
                upstream = repository
            }
            let result = seed(candidate, upstream: upstream)
            if result.status != .refused, let repository = result.repository { seeded[candidate.manifest.id] = URL(fileURLWithPath: repository) }
            finish(result)
        }
        return results
    }

    // MARK: Reading and ordering the folders

    private struct Candidate {
        enum Upstream {
            /// The original is another folder being seeded (its id and folder name).
            case inFolder(id: String, name: String)
            /// The original is a repository the catalogue already has.
            case inCatalogue(id: String, location: String)
        }

        var name: String
        var folder: URL
        var manifest: Manifest
        var upstream: Upstream?
    }

    private struct Plan {
        /// Originals before their adaptations, each generation in name order.
        var ordered: [Candidate] = []
        var refused: [SeedResult] = []
    }

    /// Reads every folder's manifest and orders the folders so that each original is seeded
    /// before its adaptations. A folder whose manifest has errors, whose id an earlier folder
    /// already has, whose original cannot be found, or that takes part in a cycle of
    /// adaptations is refused; so are the adaptations of a refused folder.
    private func plan(_ folders: [URL]) -> Plan {
        var plan = Plan()
        var byID: [String: Candidate] = [:]
        var readable: [Candidate] = []
        let validator = ManifestValidator(curricula: indexer.checks.curricula)
        for folder in folders {
            let name = folder.lastPathComponent
            let path = "\(name)/\(ResourceValidator.manifestFileName)"
            let reading = validator.validate(fileAt: folder.appendingPathComponent(ResourceValidator.manifestFileName), path: path)
            guard let manifest = reading.manifest else {
                var result = SeedResult(folder: name, status: .refused)
                result.findings = reading.findings.filter { $0.severity == .error }.sortedForReading()
                result.message = LocalizedText(
                    nb: "Manifestet \(path) har feil, så ingenting er skrevet. Rett det som står under (allmenning validate viser alt).",
                    en: "The manifest \(path) has errors, so nothing was written. Fix what is listed below (allmenning validate shows everything).")
                plan.refused.append(result)
                continue
            }
            let candidate = Candidate(name: name, folder: folder, manifest: manifest)
            if let holder = byID[manifest.id] {
                plan.refused.append(refusal(candidate, LocalizedText(
                    nb: "Id-en \(manifest.id) har allerede mappa \(holder.name). En kopi må ha sin egen id: lag den med allmenning fork.",
                    en: "The id \(manifest.id) is already the folder \(holder.name)'s. A copy needs its own id: make it with allmenning fork.")))
                continue
            }
            byID[manifest.id] = candidate
            readable.append(candidate)
        }

        // The original is the last entry of derivedFrom, as for `allmenning sync`.
        var adaptations: [String: [String]] = [:]
        var waitingFor: [String: String] = [:]
        var accepted: [String: Candidate] = [:]
        for var candidate in readable {
            if let original = candidate.manifest.derivedFrom?.last?.id {
                if let folder = byID[original] {
                    candidate.upstream = .inFolder(id: original, name: folder.name)
                    adaptations[original, default: []].append(candidate.manifest.id)
                    waitingFor[candidate.manifest.id] = original
                } else if let location = try? indexer.store.repository(holding: original), FileManager.default.fileExists(atPath: location) {
                    candidate.upstream = .inCatalogue(id: original, location: location)
                } else {
                    plan.refused.append(refusal(candidate, LocalizedText(
                        nb: "derivedFrom sier at dette er en tilpasning av \(original), men ingen av mappene har den id-en, og katalogen kjenner den ikke. Legg originalen i samme mappe, eller rett id-en.",
                        en: "derivedFrom says this adapts \(original), but no folder here has that id and the catalogue does not know it. Put the original beside it, or correct the id.")))
                    continue
                }
            }
            accepted[candidate.manifest.id] = candidate
        }

        // Kahn's algorithm in waves: the originals, then the adaptations of those, and so on,
        // each wave in name order, so that the order is stable and costs one sort per wave.
        var wave = accepted.values.filter { waitingFor[$0.manifest.id] == nil }.map(\.manifest.id)
        var done: Set<String> = []
        while !wave.isEmpty {
            wave.sort { accepted[$0]!.name < accepted[$1]!.name }
            plan.ordered += wave.map { accepted[$0]! }
            done.formUnion(wave)
            wave = wave.flatMap { adaptations[$0] ?? [] }.filter { accepted[$0] != nil }
        }
        let left = accepted.values.filter { !done.contains($0.manifest.id) }.sorted { $0.name < $1.name }
        for candidate in left {
            let ring = Self.cycle(from: candidate.manifest.id, waitingFor: waitingFor)
            if ring.contains(candidate.manifest.id) {
                let names = (ring + [ring[0]]).map { byID[$0]?.name ?? $0 }.joined(separator: " → ")
                plan.refused.append(refusal(candidate, LocalizedText(
                    nb: "derivedFrom går i ring (\(names)): en ressurs kan ikke være en tilpasning av seg selv. Rett derivedFrom i en av dem.",
                    en: "derivedFrom goes round in a circle (\(names)): a resource cannot be an adaptation of itself. Correct derivedFrom in one of them.")))
            } else {
                // Its original is refused, or waits for one that is: that folder's line says why.
                let original = waitingFor[candidate.manifest.id] ?? ""
                let name = byID[original]?.name ?? original
                plan.refused.append(refusal(candidate, LocalizedText(
                    nb: "Originalen \(name) (\(original)) kan ikke legges inn, så tilpasningen kan ikke dele historikk med den.",
                    en: "The original \(name) (\(original)) cannot be seeded, so the adaptation cannot share its history.")))
            }
        }
        return plan
    }

    /// The ids of the cycle that following the originals from `start` runs into.
    private static func cycle(from start: String, waitingFor: [String: String]) -> [String] {
        var path: [String] = []
        var current = start
        while !path.contains(current) {
            path.append(current)
            guard let next = waitingFor[current] else { return [] }
            current = next
        }
        return Array(path[path.firstIndex(of: current)!...])
    }

    private func refusal(_ candidate: Candidate, _ message: LocalizedText) -> SeedResult {
        var result = SeedResult(folder: candidate.name, status: .refused, resourceID: candidate.manifest.id,
                                title: candidate.manifest.title(preferring: candidate.manifest.language))
        result.message = message
        return result
    }

    // MARK: One folder

    struct Refusal: Error {
        var message: LocalizedText
    }

    private func seed(_ candidate: Candidate, upstream: URL?) -> SeedResult {
        let repository = repositories.appendingPathComponent("\(candidate.name).git")
        var result = SeedResult(folder: candidate.name, status: .refused, resourceID: candidate.manifest.id,
                                title: candidate.manifest.title(preferring: candidate.manifest.language))
        do {
            let files = try Self.files(in: candidate.folder)
            let written = FileManager.default.fileExists(atPath: repository.path)
                ? try update(repository, with: files, candidate: candidate, upstream: upstream)
                : try create(repository, with: files, candidate: candidate, upstream: upstream)
            result.status = written.status
            result.commit = written.commit.hex
            result.message = written.message
            result.repository = Indexer.location(of: repository)
        } catch {
            result.message = error.message
            return result
        }
        if let upstream, let id = candidate.manifest.derivedFrom?.last?.id {
            result.upstream = SeedResult.Upstream(resourceID: id, repository: Indexer.location(of: upstream),
                                                  commit: result.status == .created ? (try? Self.parentCommit(of: repository)) : nil)
        }
        do {
            _ = try HookInstaller.install(in: repository, executable: hookExecutable, arguments: hookArguments)
            result.hooksInstalled = true
        } catch {
            result.message = result.message.map { $0.appending(error.message) } ?? error.message
        }
        result.index = indexer.index(repository: repository)
        return result
    }

    /// The first parent of the published branch's tip: for a fork just created, the
    /// original's commit it was made on.
    private static func parentCommit(of repository: URL) throws -> String? {
        let opened = try Repository.open(at: repository)
        guard let head = try opened.headCommit() else { return nil }
        return try opened.commit(head).parents.first?.hex
    }

    private func identity() -> Identity {
        Identity(name: author.name, email: author.email, date: now())
    }

    /// A new bare repository with the folder's files as its first commit; for an adaptation a
    /// clone of the original's repository with the folder's files committed on top, so both
    /// share the original's history. Made under a hidden name and renamed into place, so that
    /// a failure leaves no half-made repository where the catalogue would look.
    private func create(_ url: URL, with files: [TreeFile], candidate: Candidate, upstream: URL?) throws(Refusal) -> (status: SeedResult.Status, commit: ObjectID, message: LocalizedText?) {
        let staging = repositories.appendingPathComponent(".\(candidate.name).git.seeding-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: staging) }
        let writing = LocalizedText(nb: "Kunne ikke lage repositoriet \(url.path).", en: "Could not create the repository \(url.path).")
        let commit = try gitStep(writing) { () throws(GitError) -> ObjectID in
            let repository: Repository
            var parents: [ObjectID] = []
            let title = candidate.manifest.title(preferring: candidate.manifest.language)
            var message = "Seed \(title)\n\nThe folder \(candidate.name), as `allmenning seed` found it.\n"
            if let upstream {
                repository = try Repository.clone(from: upstream.path, to: staging, bare: true, checkout: false)
                guard let original = try repository.headCommit() else {
                    throw GitError(operation: "read the original at \(upstream.path)", message: "it has no commits", kind: .unbornBranch)
                }
                parents = [original]
                try repository.removeRemote("origin")
                try repository.setRemote(Self.upstreamRemote, url: Indexer.location(of: upstream))
                let source = candidate.manifest.derivedFrom?.last
                let sourceTitle = source.flatMap { LanguageMaps.text($0.title, preferring: candidate.manifest.language + ["nb", "nn", "en"]) } ?? ""
                message = "Seed \(title), an adaptation of \(sourceTitle) (\(source?.id ?? ""))\n\nThe folder \(candidate.name), as `allmenning seed` found it, committed on top of\nthe original's \(original.short) so that the adaptation shares its history.\n"
            } else {
                repository = try Repository.create(at: staging, bare: true)
            }
            let tree = try repository.writeTree(files)
            let signature = identity()
            let commit = try repository.createCommit(tree: tree, parents: parents, message: message, author: signature, committer: signature,
                                                     updating: "HEAD")
            try repository.setReference(Self.seededReference, to: commit, message: "allmenning seed")
            return commit
        }
        // The folder was free when we looked; a repository that appeared meanwhile is not replaced.
        guard !FileManager.default.fileExists(atPath: url.path), rename(staging.path, url.path) == 0 else {
            throw Refusal(message: writing)
        }
        return (.created, commit, nil)
    }

    /// An existing repository: left alone when its current version has the folder's files or
    /// when someone pushed to it since seed last wrote it; otherwise the folder's files become
    /// a new commit on top.
    private func update(_ url: URL, with files: [TreeFile], candidate: Candidate, upstream: URL?) throws(Refusal) -> (status: SeedResult.Status, commit: ObjectID, message: LocalizedText?) {
        let repository: Repository
        do { repository = try Repository.open(at: url) } catch {
            throw Refusal(message: LocalizedText(
                nb: "\(url.path) finnes og er ikke et git-repositorium. Flytt den bort og kjør seed igjen.",
                en: "\(url.path) exists and is not a git repository. Move it away and run seed again."))
        }
        guard repository.isBare else {
            throw Refusal(message: LocalizedText(
                nb: "\(url.path) er et repositorium med arbeidsmappe; katalogen bruker bare repositorier (git init --bare). Flytt det bort og kjør seed igjen.",
                en: "\(url.path) is a repository with a working folder; the catalogue uses bare repositories (git init --bare). Move it away and run seed again."))
        }
        let writing = LocalizedText(nb: "Kunne ikke oppdatere repositoriet \(url.path).", en: "Could not update the repository \(url.path).")
        return try gitStep(writing) { () throws(GitError) -> (status: SeedResult.Status, commit: ObjectID, message: LocalizedText?) in
            if let upstream { try repository.setRemote(Self.upstreamRemote, url: Indexer.location(of: upstream)) }
            guard let head = try repository.headCommit() else {
                throw GitError(operation: "read \(url.path)", message: "it has no commits; move it away and run seed again", kind: .unbornBranch)
            }
            let tree = try repository.writeTree(files)
            if try repository.commit(head).tree == tree { return (.unchanged, head, nil) }
            guard try repository.referenceTarget(Self.seededReference) == head else {
                return (.kept, head, LocalizedText(
                    nb: "Repositoriet har versjoner som er sendt inn (git push) etter at det ble lagt inn, så endringene i mappa er ikke tatt med: ingenting noen har sendt inn, blir erstattet. Slå dem sammen med git om de trengs.",
                    en: "The repository has versions pushed after it was seeded, so the folder's changes were not applied: nothing anyone pushed is replaced. Merge them with git if they are needed."))
            }
            let title = candidate.manifest.title(preferring: candidate.manifest.language)
            let signature = identity()
            let commit = try repository.createCommit(tree: tree, parents: [head],
                                                     message: "Update \(title)\n\nThe folder \(candidate.name), as `allmenning seed` found it.\n",
                                                     author: signature, committer: signature, updating: "HEAD")
            try repository.setReference(Self.seededReference, to: commit, message: "allmenning seed")
            return (.updated, commit, nil)
        }
    }

    private func gitStep<T>(_ doing: LocalizedText, _ body: () throws(GitError) -> T) throws(Refusal) -> T {
        do { return try body() } catch {
            throw Refusal(message: doing.appending(LocalizedText(nb: "git sier: \(error.message)", en: "git says: \(error.message)")))
        }
    }

    /// Every file under `folder` as git would record it, without a working copy: the bytes
    /// (mapped, not copied, where the system allows) and the owner's execute bit, which is
    /// the one git keeps. A .git folder is left out; a symbolic link or any other special file
    /// refuses the folder, since a link can point outside the resource and the repository
    /// would then differ from the folder.
    static func files(in folder: URL) throws(Refusal) -> [TreeFile] {
        let root = folder.standardizedFileURL.path
        var files: [TreeFile] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let directory = relative.isEmpty ? root : root + "/" + relative
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
                throw Refusal(message: LocalizedText(nb: "Kan ikke lese \(directory): \(error.localizedDescription)",
                                                     en: "Cannot read \(directory): \(error.localizedDescription)"))
            }
            for name in names where name != ".git" {
                let path = relative.isEmpty ? name : relative + "/" + name
                let full = root + "/" + path
                var status = stat()
                guard lstat(full, &status) == 0 else {
                    throw Refusal(message: LocalizedText(nb: "Kan ikke lese \(full).", en: "Cannot read \(full)."))
                }
                switch status.st_mode & S_IFMT {
                case S_IFDIR:
                    pending.append(path)
                case S_IFREG:
                    do {
                        let data = try Data(contentsOf: URL(fileURLWithPath: full), options: .mappedIfSafe)
                        files.append(TreeFile(path: path, data: data, isExecutable: status.st_mode & S_IXUSR != 0))
                    } catch {
                        throw Refusal(message: LocalizedText(nb: "Kan ikke lese \(full): \(error.localizedDescription)",
                                                             en: "Cannot read \(full): \(error.localizedDescription)"))
                    }
                default:
                    throw Refusal(message: LocalizedText(
                        nb: "\(path) er en symbolsk lenke eller en annen spesialfil, ikke en vanlig fil. En ressurs må inneholde filene selv: legg inn selve fila.",
                        en: "\(path) is a symbolic link or another special file, not a regular file. A resource must hold its files itself: put the file itself there."))
                }
            }
        }
        return files.sorted { $0.path < $1.path }
    }
}
