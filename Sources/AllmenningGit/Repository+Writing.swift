import CGit2
import Foundation

public struct WorkingChange: Sendable, Equatable {
    public enum Status: String, Sendable { case added, modified, deleted, renamed, typeChanged, conflicted }
    public var path: String
    public var status: Status

    public init(path: String, status: Status) {
        self.path = path
        self.status = status
    }
}

extension Repository {
    /// Files in the working folder that differ from HEAD (staged or not), including new files
    /// that are not ignored.
    public func workingChanges() throws(GitError) -> [WorkingChange] {
        var options = git_status_options()
        try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)), "prepare to read the status")
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
            | GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
        var list: OpaquePointer?
        try check(git_status_list_new(&list, pointer, &options), "read the status of the working folder")
        defer { git_status_list_free(list) }
        return (0..<git_status_list_entrycount(list)).compactMap { index in
            guard let entry = git_status_byindex(list, index)?.pointee else { return nil }
            let flags = entry.status.rawValue
            func has(_ flag: git_status_t) -> Bool { flags & flag.rawValue != 0 }
            let status: WorkingChange.Status =
                has(GIT_STATUS_CONFLICTED) ? .conflicted
                : has(GIT_STATUS_INDEX_NEW) || has(GIT_STATUS_WT_NEW) ? .added
                : has(GIT_STATUS_INDEX_DELETED) || has(GIT_STATUS_WT_DELETED) ? .deleted
                : has(GIT_STATUS_INDEX_RENAMED) || has(GIT_STATUS_WT_RENAMED) ? .renamed
                : has(GIT_STATUS_INDEX_TYPECHANGE) || has(GIT_STATUS_WT_TYPECHANGE) ? .typeChanged
                : .modified
            let delta = entry.index_to_workdir ?? entry.head_to_index
            guard let delta else { return nil }
            let file = status == .deleted ? delta.pointee.old_file : delta.pointee.new_file
            return WorkingChange(path: String(cString: file.path), status: status)
        }
    }

    /// Stages every change in the working folder (new, changed and deleted files; ignored
    /// files stay out), or only the files at `paths`, and commits on the current branch.
    /// During a merge, the commit gets MERGE_HEAD as its second parent and the merge state is
    /// cleared. Returns nil when there is nothing to commit.
    @discardableResult
    public func commitWorkingChanges(only paths: [String]? = nil, message: String, author: Identity, committer: Identity? = nil) throws(GitError) -> ObjectID? {
        guard !isBare else {
            throw GitError(operation: "commit the working folder", message: "a bare repository has no working folder")
        }
        let index = try openIndex()
        defer { git_index_free(index) }
        // Staging everything would record conflict markers as the resolution.
        if git_index_has_conflicts(index) == 1 {
            throw GitError(operation: "commit the working folder", message: "some files still have merge conflicts", kind: .conflict)
        }
        if let paths {
            try stage(paths, in: index)
        } else {
            try withStringArray(["*"]) { (everything) throws(GitError) in
                try check(git_index_add_all(index, everything, GIT_INDEX_ADD_DEFAULT.rawValue, nil, nil), "stage the new and changed files")
                try check(git_index_update_all(index, everything, nil, nil), "stage the deleted files")
            }
        }
        try check(git_index_write(index), "write the index")
        var treeOID = git_oid()
        try check(git_index_write_tree(&treeOID, index), "record the folder's files")
        let tree = ObjectID(treeOID)
        var parents: [ObjectID] = []
        if let head = try headCommit() { parents.append(head) }
        if state == .merging, let mergeHead = try referenceTarget("MERGE_HEAD") { parents.append(mergeHead) }
        if parents.count == 1, try commit(parents[0]).tree == tree { return nil }
        let id = try createCommit(tree: tree, parents: parents, message: message, author: author, committer: committer ?? author, updating: "HEAD")
        if state == .merging { try cleanUpState() }
        return id
    }

    /// The tree `commitWorkingChanges()` would commit now: every file of the working folder
    /// that git would stage (ignored files stay out), written to the object database, with
    /// the index on disk left as it was. What a check before committing must look at.
    public func treeOfWorkingChanges() throws(GitError) -> ObjectID {
        guard !isBare else {
            throw GitError(operation: "read the working folder", message: "a bare repository has no working folder")
        }
        let index = try openIndex()
        defer { git_index_free(index) }
        // The repository's index object is shared: put it back to what is on disk whatever happens.
        defer { git_index_read(index, 1) }
        try withStringArray(["*"]) { (everything) throws(GitError) in
            try check(git_index_add_all(index, everything, GIT_INDEX_ADD_DEFAULT.rawValue, nil, nil), "read the new and changed files")
            try check(git_index_update_all(index, everything, nil, nil), "read the deleted files")
        }
        var treeOID = git_oid()
        try check(git_index_write_tree(&treeOID, index), "record the folder's files")
        return ObjectID(treeOID)
    }

    /// Records the working files at `paths` as the resolution of their merge conflicts (a
    /// path whose file was deleted is resolved as deleted).
    public func markResolved(_ paths: [String]) throws(GitError) {
        let index = try openIndex()
        defer { git_index_free(index) }
        try stage(paths, in: index)
        try check(git_index_write(index), "write the index")
    }

    /// Puts the working files at `paths` in the index, or takes them out where the file is gone.
    private func stage(_ paths: [String], in index: OpaquePointer?) throws(GitError) {
        guard let folder = workingDirectory else { return }
        for path in paths {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path) {
                try check(git_index_add_bypath(index, path), "stage \(path)")
            } else {
                try check(git_index_remove_bypath(index, path), "stage the removal of \(path)")
            }
        }
    }

    /// Creates a commit object and, when `reference` is given, moves that reference to it.
    @discardableResult
    public func createCommit(tree: ObjectID, parents: [ObjectID], message: String, author: Identity, committer: Identity,
                             updating reference: String?) throws(GitError) -> ObjectID {
        var treeObject: OpaquePointer?
        var treeOID = tree.oid
        try check(git_tree_lookup(&treeObject, pointer, &treeOID), "read the tree \(tree.short)")
        defer { git_tree_free(treeObject) }
        var parentObjects: [OpaquePointer?] = []
        defer { parentObjects.forEach { git_commit_free($0) } }
        for parent in parents {
            var object: OpaquePointer?
            var oid = parent.oid
            try check(git_commit_lookup(&object, pointer, &oid), "read the parent commit \(parent.short)")
            parentObjects.append(object)
        }
        return try author.withSignature { (authorSignature) throws(GitError) -> ObjectID in
            try committer.withSignature { (committerSignature) throws(GitError) -> ObjectID in
                var oid = git_oid()
                let code = parentObjects.withUnsafeMutableBufferPointer { parents in
                    git_commit_create(&oid, pointer, reference, authorSignature, committerSignature, "UTF-8", message,
                                      treeObject, parents.count, parents.baseAddress)
                }
                try check(code, "create a commit")
                return ObjectID(oid)
            }
        }
    }

    /// Makes the working folder and index match `commit` exactly and points the current
    /// branch at it. Uncommitted changes to tracked files are discarded; untracked files stay.
    public func resetHard(to commit: ObjectID) throws(GitError) {
        var object: OpaquePointer?
        var oid = commit.oid
        try check(git_object_lookup(&object, pointer, &oid, GIT_OBJECT_COMMIT), "read commit \(commit.short)")
        defer { git_object_free(object) }
        try check(git_reset(pointer, object, GIT_RESET_HARD, nil), "reset the working folder to \(commit.short)")
    }

    /// Writes the files of HEAD into the working folder, replacing what is there.
    public func checkoutHead(force: Bool = true) throws(GitError) {
        var options = git_checkout_options()
        try check(git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "prepare a checkout")
        options.checkout_strategy = force ? GIT_CHECKOUT_FORCE.rawValue : GIT_CHECKOUT_SAFE.rawValue
        try check(git_checkout_head(pointer, &options), "write the files of HEAD to the working folder")
    }

    // MARK: Tags

    /// An annotated tag `name` on `target`.
    @discardableResult
    public func createTag(_ name: String, on target: ObjectID, message: String, tagger: Identity) throws(GitError) -> ObjectID {
        var object: OpaquePointer?
        var oid = target.oid
        try check(git_object_lookup(&object, pointer, &oid, GIT_OBJECT_ANY), "find \(target.short) to tag")
        defer { git_object_free(object) }
        return try tagger.withSignature { (signature) throws(GitError) -> ObjectID in
            var tagOID = git_oid()
            try check(git_tag_create(&tagOID, pointer, name, object, signature, message, 0), "create the tag \(name)")
            return ObjectID(tagOID)
        }
    }

    public func tagNames() throws(GitError) -> [String] {
        var names = git_strarray()
        try check(git_tag_list(&names, pointer), "list tags")
        defer { git_strarray_dispose(&names) }
        return names.strings()
    }

    // MARK: Notes

    /// Attaches `text` to `object` under the notes reference `reference` (refs/notes/…).
    /// With `replacing` false an existing note is an error of kind `.exists`.
    @discardableResult
    public func writeNote(_ text: String, on object: ObjectID, reference: String, author: Identity, replacing: Bool = false) throws(GitError) -> ObjectID {
        try author.withSignature { (signature) throws(GitError) -> ObjectID in
            var noteOID = git_oid()
            var target = object.oid
            try check(git_note_create(&noteOID, pointer, reference, signature, signature, &target, text, replacing ? 1 : 0),
                      "write a note on \(object.short) under \(reference)")
            return ObjectID(noteOID)
        }
    }

    /// The note on `object` under `reference`, or nil.
    public func note(on object: ObjectID, reference: String) throws(GitError) -> String? {
        var note: OpaquePointer?
        var target = object.oid
        let code = git_note_read(&note, pointer, reference, &target)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "read the note on \(object.short) under \(reference)")
        defer { git_note_free(note) }
        return git_note_message(note).map { String(cString: $0) } ?? ""
    }

    /// The objects that have a note under `reference`.
    public func annotatedObjects(reference: String) throws(GitError) -> [ObjectID] {
        final class Collector { var ids: [ObjectID] = [] }
        let collector = Collector()
        let callback: git_note_foreach_cb = { _, annotated, payload in
            Unmanaged<Collector>.fromOpaque(payload!).takeUnretainedValue().ids.append(ObjectID(annotated!))
            return 0
        }
        let code = git_note_foreach(pointer, reference, callback, Unmanaged.passUnretained(collector).toOpaque())
        if code == GIT_ENOTFOUND.rawValue { return [] }
        try check(code, "list the notes under \(reference)")
        return collector.ids.sorted()
    }

    public func removeNote(on object: ObjectID, reference: String, author: Identity) throws(GitError) {
        try author.withSignature { (signature) throws(GitError) in
            var target = object.oid
            try check(git_note_remove(pointer, reference, signature, signature, &target), "remove the note on \(object.short)")
        }
    }

    func openIndex() throws(GitError) -> OpaquePointer? {
        var index: OpaquePointer?
        try check(git_repository_index(&index, pointer), "open the index")
        return index
    }
}
