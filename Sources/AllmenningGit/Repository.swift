import CGit2
import Foundation

/// A git repository opened through libgit2. The repository handle is owned by this object
/// and freed when it goes away; every other libgit2 object is freed inside the method that
/// made it. Not safe to share between threads (libgit2 repositories are not).
public final class Repository {
    let pointer: OpaquePointer

    init(adopting pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_repository_free(pointer)
    }

    /// Opens the repository at `url`: a working folder (with .git inside) or a bare repository.
    /// Folders above it are not searched: a resource inside someone else's repository is not
    /// a resource repository.
    public static func open(at url: URL) throws(GitError) -> Repository {
        Libgit2.ensureInitialised()
        var repository: OpaquePointer?
        let flags = GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue
        try check(git_repository_open_ext(&repository, url.path, flags, nil), "open the repository at \(url.path)")
        return Repository(adopting: repository!)
    }

    /// Creates a repository whose first branch is `main`. For a working folder, the folder may
    /// already hold files; they are not added.
    public static func create(at url: URL, bare: Bool = false, initialBranch: String = "main") throws(GitError) -> Repository {
        Libgit2.ensureInitialised()
        var options = git_repository_init_options()
        try check(git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)), "prepare to create a repository")
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
            | (bare ? GIT_REPOSITORY_INIT_BARE.rawValue : 0)
        var repository: OpaquePointer?
        let code = initialBranch.withCString { branch -> Int32 in
            options.initial_head = branch
            return git_repository_init_ext(&repository, url.path, &options)
        }
        try check(code, "create a repository at \(url.path)")
        return Repository(adopting: repository!)
    }

    /// Also reads objects from `folder` (an `objects` folder): in a pre-receive hook, the
    /// pushed objects wait in git's quarantine folder until the hook accepts them.
    public func addObjectAlternate(_ folder: URL) throws(GitError) {
        var database: OpaquePointer?
        try check(git_repository_odb(&database, pointer), "open the object database")
        defer { git_odb_free(database) }
        try check(git_odb_add_disk_alternate(database, folder.path), "read objects from \(folder.path)")
    }

    /// Whether `url` is the top of a git repository (working folder or bare).
    public static func exists(at url: URL) -> Bool {
        (try? open(at: url)) != nil
    }

    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }

    /// The working folder, or nil for a bare repository.
    public var workingDirectory: URL? {
        git_repository_workdir(pointer).map { URL(fileURLWithPath: String(cString: $0), isDirectory: true) }
    }

    /// The .git folder (or the bare repository itself).
    public var gitDirectory: URL {
        URL(fileURLWithPath: String(cString: git_repository_path(pointer)), isDirectory: true)
    }

    // MARK: References

    /// The commit HEAD points to, or nil when the branch has no commit yet.
    public func headCommit() throws(GitError) -> ObjectID? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, pointer, "HEAD")
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EUNBORNBRANCH.rawValue { return nil }
        try check(code, "read HEAD")
        return ObjectID(oid)
    }

    /// The full name of the branch HEAD points to (refs/heads/main), also when it has no commit.
    public func headBranch() throws(GitError) -> String? {
        var reference: OpaquePointer?
        let code = git_reference_lookup(&reference, pointer, "HEAD")
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "read HEAD")
        defer { git_reference_free(reference) }
        guard git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(reference) else { return nil }
        return String(cString: target)
    }

    /// The commit a revision names: a ref, a branch, a tag, a (short) id, `HEAD~2`, …
    public func resolveCommit(_ revision: String) throws(GitError) -> ObjectID {
        var object: OpaquePointer?
        try check(git_revparse_single(&object, pointer, revision), "find the revision \(revision)")
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "find the commit that \(revision) names")
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit))
    }

    /// The id a reference points to, or nil when there is no such reference.
    public func referenceTarget(_ name: String) throws(GitError) -> ObjectID? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, pointer, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "read the reference \(name)")
        return ObjectID(oid)
    }

    /// Points `name` at `target`, creating or moving it.
    public func setReference(_ name: String, to target: ObjectID, message: String) throws(GitError) {
        var reference: OpaquePointer?
        var oid = target.oid
        try check(git_reference_create(&reference, pointer, name, &oid, 1, message), "set \(name) to \(target.short)")
        git_reference_free(reference)
    }

    public func deleteReference(_ name: String) throws(GitError) {
        var reference: OpaquePointer?
        let code = git_reference_lookup(&reference, pointer, name)
        if code == GIT_ENOTFOUND.rawValue { return }
        try check(code, "find the reference \(name)")
        defer { git_reference_free(reference) }
        try check(git_reference_delete(reference), "delete the reference \(name)")
    }

    /// Names of the references that start with `prefix` (refs/tags/, refs/heads/, …).
    public func references(prefixed prefix: String) throws(GitError) -> [String] {
        var names = git_strarray()
        try check(git_reference_list(&names, pointer), "list references")
        defer { git_strarray_dispose(&names) }
        return names.strings(prefixed: prefix)
    }

    // MARK: State

    public enum State: Sendable, Equatable {
        case clean
        case merging
        /// A rebase, cherry-pick, revert or bisect that someone started with another tool.
        case otherOperation
    }

    public var state: State {
        switch git_repository_state(pointer) {
        case Int32(GIT_REPOSITORY_STATE_NONE.rawValue): .clean
        case Int32(GIT_REPOSITORY_STATE_MERGE.rawValue): .merging
        default: .otherOperation
        }
    }

    /// Forgets an operation in progress (MERGE_HEAD, MERGE_MSG, …), not touching files.
    public func cleanUpState() throws(GitError) {
        try check(git_repository_state_cleanup(pointer), "clean up the merge state")
    }
}

extension git_strarray {
    func strings(prefixed prefix: String = "") -> [String] {
        (0..<count).compactMap { index in
            guard let string = strings[index] else { return nil }
            let text = String(cString: string)
            return text.hasPrefix(prefix) ? text : nil
        }
    }
}

/// A git_strarray over Swift strings for the duration of `body`.
func withStringArray<T>(_ strings: [String], _ body: (UnsafePointer<git_strarray>) throws(GitError) -> T) throws(GitError) -> T {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    var mutableCopies = copies
    return try mutableCopies.withUnsafeMutableBufferPointer { (buffer) throws(GitError) -> T in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return try body(&array)
    }
}
