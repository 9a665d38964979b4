import CGit2
import Foundation

public enum MergeOutcome: Sendable, Equatable {
    /// `theirs` is already part of HEAD's history.
    case upToDate
    /// HEAD had no commits of its own, so it now simply points at `theirs`.
    case fastForwarded(to: ObjectID)
    /// Both sides had new commits; the merge is staged in the index and working folder with no
    /// conflicts, ready to commit.
    case readyToCommit
    /// These paths changed on both sides in ways git cannot combine. The working files hold
    /// conflict markers; the index keeps the common ancestor (stage 1), ours (2) and theirs
    /// (3); MERGE_HEAD names their commit.
    case conflicts([String])
}

extension Repository {
    /// Merges the commit `theirs` into the current branch in the working folder. The caller
    /// commits (`commitWorkingChanges`) or aborts (`abortMerge`). Refuses to start with
    /// uncommitted changes, so that aborting can never lose work.
    public func merge(_ theirs: ObjectID) throws(GitError) -> MergeOutcome {
        guard state == .clean else {
            throw GitError(operation: "merge \(theirs.short)", message: "another merge or operation is in progress", kind: .conflict)
        }
        guard try workingChanges().isEmpty else {
            throw GitError(operation: "merge \(theirs.short)", message: "the working folder has uncommitted changes", kind: .uncommittedChanges)
        }
        var annotated: OpaquePointer?
        var theirOID = theirs.oid
        try check(git_annotated_commit_lookup(&annotated, pointer, &theirOID), "read commit \(theirs.short)")
        defer { git_annotated_commit_free(annotated) }
        var heads: [OpaquePointer?] = [annotated]

        var analysis = GIT_MERGE_ANALYSIS_NONE
        var preference = GIT_MERGE_PREFERENCE_NONE
        let analysisCode = heads.withUnsafeMutableBufferPointer { buffer in
            git_merge_analysis(&analysis, &preference, pointer, buffer.baseAddress, buffer.count)
        }
        try check(analysisCode, "compare HEAD with \(theirs.short)")
        if analysis.rawValue & GIT_MERGE_ANALYSIS_UP_TO_DATE.rawValue != 0 { return .upToDate }
        if analysis.rawValue & GIT_MERGE_ANALYSIS_UNBORN.rawValue != 0 {
            let branch = try headBranch() ?? "refs/heads/main"
            try setReference(branch, to: theirs, message: "allmenning: start from \(theirs.short)")
            try checkoutHead()
            return .fastForwarded(to: theirs)
        }

        var mergeOptions = git_merge_options()
        try check(git_merge_options_init(&mergeOptions, UInt32(GIT_MERGE_OPTIONS_VERSION)), "prepare a merge")
        var checkoutOptions = git_checkout_options()
        try check(git_checkout_options_init(&checkoutOptions, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "prepare a merge")
        checkoutOptions.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue | GIT_CHECKOUT_ALLOW_CONFLICTS.rawValue
            | GIT_CHECKOUT_CONFLICT_STYLE_MERGE.rawValue
        let mergeCode = heads.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: OpaquePointer?.self) { heads in
                git_merge(pointer, heads.baseAddress, heads.count, &mergeOptions, &checkoutOptions)
            }
        }
        try check(mergeCode, "merge \(theirs.short) into the working folder")
        let conflicts = try conflictedPaths()
        return conflicts.isEmpty ? .readyToCommit : .conflicts(conflicts)
    }

    /// Paths the index records as conflicted.
    public func conflictedPaths() throws(GitError) -> [String] {
        let index = try openIndex()
        defer { git_index_free(index) }
        guard git_index_has_conflicts(index) == 1 else { return [] }
        var iterator: OpaquePointer?
        try check(git_index_conflict_iterator_new(&iterator, index), "list the conflicts")
        defer { git_index_conflict_iterator_free(iterator) }
        var paths: [String] = []
        var ancestor: UnsafePointer<git_index_entry>?, ours: UnsafePointer<git_index_entry>?, theirs: UnsafePointer<git_index_entry>?
        while true {
            let code = git_index_conflict_next(&ancestor, &ours, &theirs, iterator)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "list the conflicts")
            if let entry = ours ?? theirs ?? ancestor { paths.append(String(cString: entry.pointee.path)) }
        }
        return paths.sorted()
    }

    /// Ends a merge that `merge` left unfinished: the working folder and index return to HEAD
    /// as it was before the merge, and the merge state is cleared.
    public func abortMerge() throws(GitError) {
        guard state == .merging else {
            throw GitError(operation: "abort the merge", message: "no merge is in progress", kind: .notFound)
        }
        guard let head = try headCommit() else {
            throw GitError(operation: "abort the merge", message: "HEAD has no commit", kind: .unbornBranch)
        }
        try resetHard(to: head)
        try cleanUpState()
    }
}
