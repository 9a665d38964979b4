import AllmenningCore
import AllmenningGit
import Foundation

/// The files of a working folder, with the blob ids git would give them. The .git folder is
/// left out, and so are symbolic links (a link can point outside the resource).
public struct WorkingFolderSnapshot: ResourceSnapshot {
    public let folder: URL
    public let files: [SnapshotFile]

    public init(folder: URL) throws {
        self.folder = folder.standardizedFileURL
        var files: [SnapshotFile] = []
        let root = self.folder.path
        let keys: [URLResourceKey] = [.isRegularFileKey, .isSymbolicLinkKey, .fileSizeKey]
        guard let walker = FileManager.default.enumerator(at: self.folder, includingPropertiesForKeys: keys, options: []) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: root])
        }
        for case let url as URL in walker {
            let relative = String(url.standardizedFileURL.path.dropFirst(root.count + 1))
            if relative == ".git" { walker.skipDescendants(); continue }
            let values = try url.resourceValues(forKeys: Set(keys))
            guard values.isRegularFile == true, values.isSymbolicLink != true else { continue }
            let data = try Data(contentsOf: url)
            files.append(SnapshotFile(path: relative, blobID: ObjectID.blob(for: data).hex, size: data.count))
        }
        self.files = files.sorted { $0.path < $1.path }
    }

    public func data(at path: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(path))
    }

    public func data(at path: String, upTo limit: Int) throws -> Data {
        let handle = try FileHandle(forReadingFrom: folder.appendingPathComponent(path))
        defer { try? handle.close() }
        return try handle.read(upToCount: limit) ?? Data()
    }
}

/// The files of a commit (or of a tree), read from git's objects: what a pre-receive hook or
/// the indexer checks, with no checkout, and what `publish` is about to commit.
public final class CommitSnapshot: ResourceSnapshot, @unchecked Sendable {
    // libgit2 repositories must not be used from two threads at once.
    private let lock = NSLock()
    private let repository: Repository
    private let blobs: [String: ObjectID]
    public let commit: ObjectID
    public let files: [SnapshotFile]

    public init(repository: Repository, commit: ObjectID) throws(GitError) {
        self.repository = repository
        self.commit = commit
        let entries = try repository.files(in: commit).filter { $0.kind == .file || $0.kind == .executable }
        files = entries.map { SnapshotFile(path: $0.path, blobID: $0.id.hex, size: $0.size) }.sorted { $0.path < $1.path }
        blobs = Dictionary(entries.map { ($0.path, $0.id) }, uniquingKeysWith: { first, _ in first })
    }

    public func data(at path: String) throws -> Data {
        guard let id = blobs[path] else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        return try lock.withLock { try repository.blob(id) }
    }
}

extension CommitSnapshot {
    /// The files of `revision` (a branch, a tag, a commit id, HEAD~2) in the repository at
    /// `folder`, bare or not.
    public static func at(_ revision: String, in folder: URL) throws(AuthoringFailure) -> CommitSnapshot {
        let repository = try ResourceRepository.open(folder)
        let commit: ObjectID
        do { commit = try repository.resolveCommit(revision) } catch {
            throw AuthoringFailure(.couldNotRun, LocalizedText(
                nb: "Finner ikke versjonen «\(revision)» i \(folder.path). Se versjonene med allmenning history.",
                en: "There is no version \"\(revision)\" in \(folder.path). See the versions with allmenning history."),
                details: [LocalizedText(nb: "git sier: \(error.message)", en: "git says: \(error.message)")])
        }
        do { return try CommitSnapshot(repository: repository, commit: commit) } catch {
            throw AuthoringFailure.git(error, while: LocalizedText(nb: "Kunne ikke lese filene i \(revision).", en: "Could not read the files of \(revision)."))
        }
    }
}
