import AllmenningCore
import AllmenningGit
import Foundation

/// Making the bare repositories the server hosts: a teacher or a pupil needs one to push to
/// before anything of theirs can be published (a pupil's then waits for approval).
public struct HostedRepositories: Sendable {
    public let administration: AccountAdministration
    /// DATA/repositories.
    public let folder: URL
    /// What the hooks run (see `HookInstaller`).
    public let hookExecutable: String
    public let hookArguments: [String]

    public init(administration: AccountAdministration, folder: URL, hookExecutable: String, hookArguments: [String]) {
        self.administration = administration
        self.folder = folder
        self.hookExecutable = hookExecutable
        self.hookArguments = hookArguments
    }

    /// A name for a hosted repository: what `/git/NAME.git` can serve (letters a–z, digits,
    /// `. _ -`, not starting with a dot), at most 100 characters.
    public static func isAcceptableName(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 100, !name.hasPrefix("."), !name.hasSuffix(".git") else { return false }
        return name.unicodeScalars.allSatisfy { "abcdefghijklmnopqrstuvwxyz0123456789._-".unicodeScalars.contains($0) }
    }

    /// Makes `folder/NAME.git`: an empty bare repository (first branch `main`) with the push
    /// hooks, belonging to `owner` (nil: no user), recorded in the catalogue and the audit log.
    /// Administrators only. Made under a temporary name and renamed, so a repository is either
    /// there whole, with its hooks and owner, or not at all. Returns its location.
    public func add(named rawName: String, owner: String?, by acting: Acting, at date: Date) throws(AccountFailure) -> URL {
        try administration.authorise(.manageUsers, by: acting)
        let name = rawName.hasSuffix(".git") ? String(rawName.dropLast(4)) : rawName
        guard Self.isAcceptableName(name) else {
            throw .failed(CatalogueError(LocalizedText(
                nb: "«\(rawName)» kan ikke være navnet på et repositorium: bruk små bokstaver a–z, sifre og . _ - (for eksempel elev-9b-3-presentasjon).",
                en: "\"\(rawName)\" cannot be a repository's name: use lower-case letters a–z, digits and . _ - (for example pupil-9b-3-presentation).")))
        }
        if let owner {
            let user: User?
            do { user = try administration.store.user(named: owner) } catch { throw .failed(error) }
            guard let user, !user.isRevoked else {
                throw .failed(CatalogueError(LocalizedText(nb: "Brukeren «\(owner)» finnes ikke eller er tilbakekalt. Se brukerne med allmenning users list.",
                                                           en: "The user \"\(owner)\" does not exist or is revoked. See the users with allmenning users list.")))
            }
        }
        let target = folder.appendingPathComponent(name + ".git")
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw .failed(CatalogueError(LocalizedText(nb: "\(target.path) finnes allerede. Velg et annet navn, eller gi det en eier med allmenning repositories owner.",
                                                       en: "\(target.path) already exists. Choose another name, or give it an owner with allmenning repositories owner.")))
        }
        let staging = folder.appendingPathComponent(".\(name).git.tmp-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            _ = try Repository.create(at: staging, bare: true)
            _ = try HookInstaller.install(in: staging, executable: hookExecutable, arguments: hookArguments)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            let detail = (error as? GitError)?.message ?? (error as? CatalogueError)?.message.en ?? "\(error)"
            throw .failed(CatalogueError(LocalizedText(nb: "Repositoriet \(target.path) kunne ikke lages: \(detail)",
                                                       en: "The repository \(target.path) could not be made: \(detail)")))
        }
        // rename(2) does not replace a folder that appeared meanwhile with content.
        guard rename(staging.path, target.path) == 0 else {
            try? FileManager.default.removeItem(at: staging)
            throw .failed(CatalogueError(LocalizedText(nb: "\(target.path) kunne ikke lages (finnes den allerede?).",
                                                       en: "\(target.path) could not be made (does it exist already?).")))
        }
        do {
            try administration.store.addRepository(at: Indexer.location(of: target), owner: owner, by: acting.auditActor, at: date)
        } catch {
            // Empty and unrecorded: taken away again, so that nothing is half-made.
            try? FileManager.default.removeItem(at: target)
            throw .failed(error)
        }
        return target
    }
}
