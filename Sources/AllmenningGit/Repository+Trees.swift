import CGit2
import Foundation

/// One file of a tree to be written: where it goes, its bytes, and whether git records it as
/// executable (mode 100755) rather than as a plain file (100644).
public struct TreeFile: Sendable, Equatable {
    /// Slash-separated, relative to the top of the tree.
    public var path: String
    public var data: Data
    public var isExecutable: Bool

    public init(path: String, data: Data, isExecutable: Bool = false) {
        self.path = path
        self.data = data
        self.isExecutable = isExecutable
    }
}

extension Repository {
    /// Writes `files` as blobs and the folders that hold them as trees into the object
    /// database, and returns the id of the top tree: the tree a commit of exactly these files
    /// has. No working folder or index file is involved, so this works in a bare repository
    /// and leaves any checkout alone. Each file's bytes can be released once its blob is
    /// written, so a lazy sequence keeps memory to one file at a time.
    ///
    /// A path that git would refuse or that would escape the tree (empty, absolute, with `.`,
    /// `..` or `.git` as a component), a path given twice, and a file where another path needs
    /// a folder are errors, checked before anything is written for that path.
    public func writeTree(_ files: some Sequence<TreeFile>) throws(GitError) -> ObjectID {
        var index: OpaquePointer?
        // An index that lives in memory only: the repository's own index (if it has one) is
        // never touched.
        try check(git_index_new(&index), "prepare a tree")
        defer { git_index_free(index) }
        var paths = TreePathSet()
        for file in files {
            try paths.insert(file.path)
            var blob = git_oid()
            let written = file.data.withUnsafeBytes { bytes in
                git_blob_create_from_buffer(&blob, pointer, bytes.baseAddress, bytes.count)
            }
            try check(written, "store \(file.path)")
            var entry = git_index_entry()
            entry.mode = file.isExecutable ? GIT_FILEMODE_BLOB_EXECUTABLE.rawValue : GIT_FILEMODE_BLOB.rawValue
            entry.id = blob
            entry.file_size = UInt32(truncatingIfNeeded: file.data.count)
            let added = file.path.withCString { path in
                entry.path = path
                return git_index_add(index, &entry)
            }
            try check(added, "record \(file.path) in the tree")
        }
        var tree = git_oid()
        try check(git_index_write_tree_to(&tree, index, pointer), "write the tree")
        return ObjectID(tree)
    }
}

/// The paths of a tree being built. libgit2's index silently replaces an entry with the same
/// path, and removes `a/b` when `a` is added as a file; both would lose a file without a word,
/// so they are refused here instead.
private struct TreePathSet {
    private var files: Set<String> = []
    private var folders: Set<String> = []

    mutating func insert(_ path: String) throws(GitError) {
        let operation = "record \(path) in the tree"
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        for component in components {
            if component.isEmpty || component == "." || component == ".." || component.lowercased() == ".git" || component.contains("\0") {
                throw GitError(operation: operation, message: "\"\(path)\" is not a path git can store inside a tree")
            }
        }
        if files.contains(path) {
            throw GitError(operation: operation, message: "\"\(path)\" is given twice", kind: .exists)
        }
        if folders.contains(path) {
            throw GitError(operation: operation, message: "\"\(path)\" is a folder of other files and cannot also be a file", kind: .conflict)
        }
        var folder = ""
        for component in components.dropLast() {
            folder += folder.isEmpty ? String(component) : "/" + component
            if files.contains(folder) {
                throw GitError(operation: operation, message: "\"\(folder)\" is a file and cannot also be a folder", kind: .conflict)
            }
            folders.insert(folder)
        }
        files.insert(path)
    }
}
