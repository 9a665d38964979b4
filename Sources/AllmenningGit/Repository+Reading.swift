import CGit2
import Foundation

public struct TreeEntry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case file, executable, symbolicLink, submodule }
    /// Slash-separated, relative to the top of the tree.
    public var path: String
    public var id: ObjectID
    public var kind: Kind
    public var size: Int
}

public struct PathChange: Sendable, Equatable {
    public enum Status: String, Sendable { case added, deleted, modified, typeChanged }
    public var path: String
    public var status: Status

    public init(path: String, status: Status) {
        self.path = path
        self.status = status
    }
}

public struct CommitInfo: Sendable, Equatable {
    public var id: ObjectID
    public var parents: [ObjectID]
    public var tree: ObjectID
    public var author: Identity
    public var committer: Identity
    public var message: String
    /// The first line of the message.
    public var summary: String { String(message.prefix { $0 != "\n" }) }
}

extension Repository {
    /// The bytes of the file at `path` in `commit`, read from git's objects (no checkout), or
    /// nil when the commit has no such file.
    public func file(at path: String, in commit: ObjectID) throws(GitError) -> Data? {
        try withTree(of: commit) { (tree) throws(GitError) -> Data? in
            var entry: OpaquePointer?
            let code = git_tree_entry_bypath(&entry, tree, path)
            if code == GIT_ENOTFOUND.rawValue { return nil }
            try check(code, "find \(path) in commit \(commit.short)")
            defer { git_tree_entry_free(entry) }
            guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
            return try blob(ObjectID(git_tree_entry_id(entry)))
        }
    }

    /// The bytes of a blob.
    public func blob(_ id: ObjectID) throws(GitError) -> Data {
        var blob: OpaquePointer?
        var oid = id.oid
        try check(git_blob_lookup(&blob, pointer, &oid), "read the file object \(id.short)")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let content = git_blob_rawcontent(blob) else { return Data() }
        return Data(bytes: content, count: size)
    }

    /// Every file in `commit`'s tree (or in a tree), depth first in git's order, with its blob
    /// id and size.
    public func files(in commit: ObjectID) throws(GitError) -> [TreeEntry] {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, pointer), "open the object database")
        defer { git_odb_free(odb) }
        return try withTree(of: commit) { (tree) throws(GitError) -> [TreeEntry] in
            final class Collector {
                var entries: [(path: String, id: git_oid, mode: git_filemode_t)] = []
            }
            let collector = Collector()
            let walk: git_treewalk_cb = { root, entry, payload in
                let collector = Unmanaged<Collector>.fromOpaque(payload!).takeUnretainedValue()
                let mode = git_tree_entry_filemode(entry)
                guard mode != GIT_FILEMODE_TREE else { return 0 }
                let path = String(cString: root!) + String(cString: git_tree_entry_name(entry))
                collector.entries.append((path, git_tree_entry_id(entry).pointee, mode))
                return 0
            }
            try check(git_tree_walk(tree, GIT_TREEWALK_PRE, walk, Unmanaged.passUnretained(collector).toOpaque()),
                      "list the files of commit \(commit.short)")
            var result: [TreeEntry] = []
            result.reserveCapacity(collector.entries.count)
            for (path, oid, mode) in collector.entries {
                let kind: TreeEntry.Kind = switch mode {
                case GIT_FILEMODE_BLOB_EXECUTABLE: .executable
                case GIT_FILEMODE_LINK: .symbolicLink
                case GIT_FILEMODE_COMMIT: .submodule
                default: .file
                }
                var size = 0
                if kind != .submodule {
                    var oid = oid
                    var type = GIT_OBJECT_ANY
                    try check(git_odb_read_header(&size, &type, odb, &oid), "read the size of \(path)")
                }
                result.append(TreeEntry(path: path, id: ObjectID(oid), kind: kind, size: size))
            }
            return result
        }
    }

    /// Paths that differ between two commits (`from` nil: every path of `to` is added).
    public func changedPaths(from: ObjectID?, to: ObjectID) throws(GitError) -> [PathChange] {
        try withTree(of: to) { (newTree) throws(GitError) -> [PathChange] in
            func diff(_ oldTree: OpaquePointer?) throws(GitError) -> [PathChange] {
                var diff: OpaquePointer?
                try check(git_diff_tree_to_tree(&diff, pointer, oldTree, newTree, nil),
                          "compare \(from?.short ?? "nothing") with \(to.short)")
                defer { git_diff_free(diff) }
                return (0..<git_diff_num_deltas(diff)).compactMap { index in
                    guard let delta = git_diff_get_delta(diff, index) else { return nil }
                    let status: PathChange.Status
                    switch delta.pointee.status {
                    case GIT_DELTA_ADDED: status = .added
                    case GIT_DELTA_DELETED: status = .deleted
                    case GIT_DELTA_TYPECHANGE: status = .typeChanged
                    default: status = .modified
                    }
                    let file = status == .deleted ? delta.pointee.old_file : delta.pointee.new_file
                    return PathChange(path: String(cString: file.path), status: status)
                }
            }
            guard let from else { return try diff(nil) }
            return try withTree(of: from) { (oldTree) throws(GitError) in try diff(oldTree) }
        }
    }

    public func commit(_ id: ObjectID) throws(GitError) -> CommitInfo {
        var commit: OpaquePointer?
        var oid = id.oid
        try check(git_commit_lookup(&commit, pointer, &oid), "read commit \(id.short)")
        defer { git_commit_free(commit) }
        return Self.info(of: commit!)
    }

    static func info(of commit: OpaquePointer) -> CommitInfo {
        let parents = (0..<git_commit_parentcount(commit)).compactMap { git_commit_parent_id(commit, $0).map(ObjectID.init) }
        return CommitInfo(id: ObjectID(git_commit_id(commit)), parents: parents, tree: ObjectID(git_commit_tree_id(commit)),
                          author: Identity(git_commit_author(commit)), committer: Identity(git_commit_committer(commit)),
                          message: git_commit_message(commit).map { String(cString: $0) } ?? "")
    }

    /// The commits reachable from `start`, newest first (parents after children). Commits
    /// reachable from any of `excluding` are left out, as `git rev-list START ^OTHER` does:
    /// what a branch has that an older version does not.
    public func log(from start: ObjectID, excluding: [ObjectID] = [], limit: Int? = nil) throws(GitError) -> [CommitInfo] {
        var walker: OpaquePointer?
        try check(git_revwalk_new(&walker, pointer), "start reading the history")
        defer { git_revwalk_free(walker) }
        try check(git_revwalk_sorting(walker, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue), "sort the history")
        var startOID = start.oid
        try check(git_revwalk_push(walker, &startOID), "read the history from \(start.short)")
        for hidden in excluding {
            var oid = hidden.oid
            try check(git_revwalk_hide(walker, &oid), "leave out the history of \(hidden.short)")
        }
        var result: [CommitInfo] = []
        var oid = git_oid()
        while limit.map({ result.count < $0 }) ?? true {
            let code = git_revwalk_next(&oid, walker)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "read the history from \(start.short)")
            result.append(try commit(ObjectID(oid)))
        }
        return result
    }

    /// How many commits are reachable from `start`.
    public func commitCount(from start: ObjectID) throws(GitError) -> Int {
        var walker: OpaquePointer?
        try check(git_revwalk_new(&walker, pointer), "start reading the history")
        defer { git_revwalk_free(walker) }
        var startOID = start.oid
        try check(git_revwalk_push(walker, &startOID), "read the history from \(start.short)")
        var count = 0
        var oid = git_oid()
        while true {
            let code = git_revwalk_next(&oid, walker)
            if code == GIT_ITEROVER.rawValue { return count }
            try check(code, "read the history from \(start.short)")
            count += 1
        }
    }

    /// Whether `ancestor` is `descendant` or reachable from it.
    public func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws(GitError) -> Bool {
        if ancestor == descendant { return true }
        var a = descendant.oid, b = ancestor.oid
        let code = git_graph_descendant_of(pointer, &a, &b)
        try check(code, "compare \(ancestor.short) with \(descendant.short)")
        return code == 1
    }

    /// Runs `body` with the tree of `revision`: a commit's tree, or the tree itself when
    /// `revision` names a tree (what `treeOfWorkingChanges()` returns).
    func withTree<T>(of revision: ObjectID, _ body: (OpaquePointer?) throws(GitError) -> T) throws(GitError) -> T {
        var object: OpaquePointer?
        var oid = revision.oid
        try check(git_object_lookup(&object, pointer, &oid, GIT_OBJECT_ANY), "read \(revision.short)")
        defer { git_object_free(object) }
        var tree: OpaquePointer?
        try check(git_object_peel(&tree, object, GIT_OBJECT_TREE), "read the files of \(revision.short)")
        defer { git_object_free(tree) }
        return try body(tree)
    }
}
