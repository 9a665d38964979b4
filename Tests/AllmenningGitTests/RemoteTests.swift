import AllmenningGit
import Foundation
import GitTestSupport
import Testing

@Suite("AllmenningGit: clone, fetch and push against repositories made by git")
struct RemoteTests {
    @Test("clone from a path and from a file:// URL keeps the whole history", arguments: [false, true])
    func cloneLocal(asURL: Bool) throws {
        let folder = try TemporaryFolder()
        let source = folder.appending("source")
        try GitCommandLine.makeRepository(at: source, commits: 4)
        let address = asURL ? "file://" + source.path : source.path
        let copy = try Repository.clone(from: address, to: folder.appending("copy"))
        #expect(try copy.headCommit()?.hex == (try GitCommandLine.run(["rev-parse", "HEAD"], in: source)).trimmingCharacters(in: .newlines))
        #expect(try GitCommandLine.run(["rev-list", "--count", "HEAD"], in: folder.appending("copy")) == "4\n")
        #expect(try String(contentsOf: folder.appending("copy/notes.md"), encoding: .utf8) == "Revision 4\n")
        #expect(try copy.remoteURL("origin") == address)
        try GitCommandLine.run(["fsck", "--strict", "--no-dangling"], in: folder.appending("copy"))
    }

    @Test("a clone without checkout can be read from objects before any file is written")
    func cloneWithoutCheckout() throws {
        let folder = try TemporaryFolder()
        try GitCommandLine.makeRepository(at: folder.appending("source"), commits: 2)
        let copy = try Repository.clone(from: folder.appending("source").path, to: folder.appending("copy"), checkout: false)
        let head = try #require(try copy.headCommit())
        #expect(try copy.file(at: "notes.md", in: head) == Data("Revision 2\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: folder.appending("copy/notes.md").path))
        try copy.checkoutHead()
        #expect(FileManager.default.fileExists(atPath: folder.appending("copy/notes.md").path))
    }

    @Test("fetch brings a commit that git made upstream; push sends ours to a bare repository")
    func fetchAndPush() throws {
        let folder = try TemporaryFolder()
        let upstream = folder.appending("upstream")
        try GitCommandLine.makeRepository(at: upstream, commits: 1)
        let copy = try Repository.clone(from: upstream.path, to: folder.appending("copy"))
        try GitCommandLine.write("Upstream fix\n", to: "notes.md", in: upstream)
        try GitCommandLine.run(["commit", "-q", "-am", "Fix upstream"], in: upstream)
        let upstreamHead = try GitCommandLine.run(["rev-parse", "HEAD"], in: upstream).trimmingCharacters(in: .newlines)
        try copy.fetch(from: "origin", refspecs: ["+refs/heads/main:refs/remotes/origin/main"])
        #expect(try copy.referenceTarget("refs/remotes/origin/main")?.hex == upstreamHead)
        #expect(try copy.remoteDefaultBranch("origin") == "refs/heads/main")
        #expect(try copy.remoteDefaultBranch(upstream.path) == "refs/heads/main")

        let bare = folder.appending("published.git")
        try GitCommandLine.run(["init", "-q", "--bare", "-b", "main", bare.path], in: folder.url)
        try copy.setRemote("catalogue", url: "file://" + bare.path)
        #expect(try copy.remoteNames().sorted() == ["catalogue", "origin"])
        try copy.push(to: "catalogue", refspecs: ["refs/heads/main:refs/heads/main"])
        #expect(try GitCommandLine.run(["rev-parse", "main"], in: bare) == (try copy.headCommit()!.hex) + "\n")
        try GitCommandLine.run(["fsck", "--strict", "--no-dangling"], in: bare)
    }

    @Test("a push that is not a fast-forward is rejected with the reason")
    func nonFastForwardPush() throws {
        let folder = try TemporaryFolder()
        let bare = folder.appending("published.git")
        try GitCommandLine.makeRepository(at: folder.appending("seed"), commits: 1)
        try GitCommandLine.run(["clone", "-q", "--bare", folder.appending("seed").path, bare.path], in: folder.url)
        let repository = try Repository.create(at: folder.appending("other"))
        try GitCommandLine.write("unrelated\n", to: "x.txt", in: folder.appending("other"))
        try repository.commitWorkingChanges(message: "unrelated", author: teacher)
        let error = #expect(throws: PushRejected.self) {
            try repository.push(to: "file://" + bare.path, refspecs: ["refs/heads/main:refs/heads/main"])
        }
        #expect(error?.report.rejectedReferences.first?.reference == "refs/heads/main")
    }

    @Test("an unreachable address is a network error that names the address")
    func unreachable() throws {
        let folder = try TemporaryFolder()
        let error = #expect(throws: GitError.self) {
            try Repository.clone(from: "http://127.0.0.1:9/nothing.git", to: folder.appending("copy"))
        }
        #expect(error?.kind == .network)
        #expect(error?.operation.contains("http://127.0.0.1:9/nothing.git") == true)
        #expect(!FileManager.default.fileExists(atPath: folder.appending("copy").path))
    }

    @Test("clone, fetch and push over HTTP with git http-backend; a pre-receive hook's refusal reaches us with its lines",
          .enabled(if: GitHTTPServer.isAvailable, "Tests/Support/git-http-server.py is missing"))
    func overHTTP() throws {
        let folder = try TemporaryFolder()
        let root = folder.appending("served")
        try GitCommandLine.makeRepository(at: folder.appending("seed"), commits: 3)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try GitCommandLine.run(["clone", "-q", "--bare", folder.appending("seed").path, root.appendingPathComponent("lesson.git").path], in: folder.url)
        let server = try GitHTTPServer(serving: root)

        let copy = try Repository.clone(from: server.url("lesson.git"), to: folder.appending("copy"))
        #expect(try copy.commitCount(from: copy.headCommit()!) == 3)
        try GitCommandLine.write("Changed over HTTP\n", to: "notes.md", in: folder.appending("copy"))
        let ours = try #require(try copy.commitWorkingChanges(message: "Change", author: teacher))
        try copy.push(to: "origin", refspecs: ["refs/heads/main:refs/heads/main"])
        #expect(try GitCommandLine.run(["rev-parse", "main"], in: root.appendingPathComponent("lesson.git")) == ours.hex + "\n")

        let hook = root.appendingPathComponent("lesson.git/hooks/pre-receive")
        try "#!/bin/sh\necho 'resource.yaml:3: the licence is missing'\necho 'Fix the manifest and publish again.'\nexit 1\n"
            .write(to: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        try GitCommandLine.write("Refused change\n", to: "notes.md", in: folder.appending("copy"))
        try copy.commitWorkingChanges(message: "Refused", author: teacher)
        let error = #expect(throws: PushRejected.self) { try copy.push(to: "origin", refspecs: ["refs/heads/main:refs/heads/main"]) }
        #expect(error?.report.messages.contains("resource.yaml:3: the licence is missing") == true, "\(String(describing: error?.report))")
        #expect(error?.report.messages.contains("Fix the manifest and publish again.") == true)
        #expect(error?.report.rejectedReferences.map(\.reference) == ["refs/heads/main"])
        #expect(try GitCommandLine.run(["rev-parse", "main"], in: root.appendingPathComponent("lesson.git")) == ours.hex + "\n")
        withExtendedLifetime(server) {}
    }
}

@Suite("AllmenningGit: merging")
struct MergeTests {
    /// An upstream made by git and a clone of it with one commit of its own.
    func forkedPair(in folder: TemporaryFolder) throws -> (upstream: URL, fork: Repository, forkURL: URL) {
        let upstream = folder.appending("upstream")
        try GitCommandLine.makeRepository(at: upstream, commits: 2)
        let forkURL = folder.appending("fork")
        let fork = try Repository.clone(from: upstream.path, to: forkURL)
        try GitCommandLine.write("Our own page\n", to: "ours.md", in: forkURL)
        try fork.commitWorkingChanges(message: "Our adaptation", author: teacher)
        return (upstream, fork, forkURL)
    }

    /// A fork and its upstream that both changed notes.md; upstream also adds theirs-only.md.
    /// Returns the fork's HEAD before the merge and the fetched upstream commit.
    func conflictingPair(in folder: TemporaryFolder) throws -> (fork: Repository, forkURL: URL, before: ObjectID, theirs: ObjectID) {
        let (upstream, fork, forkURL) = try forkedPair(in: folder)
        try GitCommandLine.write("Their version\n", to: "notes.md", in: upstream)
        try GitCommandLine.write("Their new file\n", to: "theirs-only.md", in: upstream)
        try GitCommandLine.run(["add", "-A"], in: upstream)
        try GitCommandLine.run(["commit", "-q", "-m", "Theirs"], in: upstream)
        try GitCommandLine.write("Our version\n", to: "notes.md", in: forkURL)
        try fork.commitWorkingChanges(message: "Ours", author: teacher)
        let before = try #require(try fork.headCommit())
        try fork.fetch(from: "origin", refspecs: ["+refs/heads/main:refs/remotes/origin/main"])
        let theirs = try #require(try fork.referenceTarget("refs/remotes/origin/main"))
        return (fork, forkURL, before, theirs)
    }

    @Test("a commit that git made upstream merges cleanly into the fork")
    func cleanMerge() throws {
        let folder = try TemporaryFolder()
        let (upstream, fork, forkURL) = try forkedPair(in: folder)
        try GitCommandLine.write("Upstream correction\n", to: "file-1.txt", in: upstream)
        try GitCommandLine.run(["commit", "-q", "-am", "Correction"], in: upstream)
        try fork.fetch(from: "origin", refspecs: ["+refs/heads/main:refs/remotes/origin/main"])
        let theirs = try #require(try fork.referenceTarget("refs/remotes/origin/main"))
        let before = try #require(try fork.headCommit())
        #expect(try fork.merge(theirs) == .readyToCommit)
        #expect(fork.state == .merging)
        let merge = try #require(try fork.commitWorkingChanges(message: "Merge upstream", author: teacher))
        #expect(try fork.commit(merge).parents == [before, theirs])
        #expect(fork.state == .clean)
        #expect(try String(contentsOf: forkURL.appendingPathComponent("file-1.txt"), encoding: .utf8) == "Upstream correction\n")
        #expect(try String(contentsOf: forkURL.appendingPathComponent("ours.md"), encoding: .utf8) == "Our own page\n")
        #expect(try GitCommandLine.run(["status", "--porcelain"], in: forkURL).isEmpty)
        try GitCommandLine.run(["fsck", "--strict", "--no-dangling"], in: forkURL)
        #expect(try fork.merge(theirs) == .upToDate)
    }

    @Test("a conflict leaves ours, theirs and the ancestor recoverable, and abort returns to the state before")
    func conflictAndAbort() throws {
        let folder = try TemporaryFolder()
        let (fork, forkURL, before, theirs) = try conflictingPair(in: folder)

        #expect(try fork.merge(theirs) == .conflicts(["notes.md"]))
        #expect(try fork.conflictedPaths() == ["notes.md"])
        #expect(try GitCommandLine.run(["show", ":2:notes.md"], in: forkURL) == "Our version\n")
        #expect(try GitCommandLine.run(["show", ":3:notes.md"], in: forkURL) == "Their version\n")
        #expect(try GitCommandLine.run(["show", ":1:notes.md"], in: forkURL) == "Revision 2\n")
        #expect(try GitCommandLine.run(["rev-parse", "MERGE_HEAD"], in: forkURL) == theirs.hex + "\n")
        let marked = try String(contentsOf: forkURL.appendingPathComponent("notes.md"), encoding: .utf8)
        #expect(marked.contains("<<<<<<<") && marked.contains("Our version") && marked.contains("Their version"))
        #expect(throws: GitError.self) { try fork.commitWorkingChanges(message: "too early", author: teacher) }
        #expect(throws: GitError.self) { try fork.merge(theirs) }

        try fork.abortMerge()
        #expect(throws: GitError.self) { try fork.abortMerge() }
        #expect(fork.state == .clean)
        #expect(try fork.headCommit() == before)
        #expect(try GitCommandLine.run(["status", "--porcelain", "--untracked-files=all"], in: forkURL).isEmpty)
        #expect(try String(contentsOf: forkURL.appendingPathComponent("notes.md"), encoding: .utf8) == "Our version\n")
        #expect(!FileManager.default.fileExists(atPath: forkURL.appendingPathComponent("theirs-only.md").path))
    }

    @Test("conflicts resolved by hand are committed as a merge with both parents")
    func resolveAndCommit() throws {
        let folder = try TemporaryFolder()
        let (fork, forkURL, before, theirs) = try conflictingPair(in: folder)
        #expect(try fork.merge(theirs) == .conflicts(["notes.md"]))
        try GitCommandLine.write("Both versions, combined\n", to: "notes.md", in: forkURL)
        try fork.markResolved(["notes.md"])
        #expect(try fork.conflictedPaths().isEmpty)
        let merge = try #require(try fork.commitWorkingChanges(message: "Merge", author: teacher))
        #expect(try fork.commit(merge).parents == [before, theirs])
        #expect(try GitCommandLine.run(["show", "HEAD:notes.md"], in: forkURL) == "Both versions, combined\n")
        try GitCommandLine.run(["fsck", "--strict", "--no-dangling"], in: forkURL)
    }

    @Test("a merge does not start over uncommitted changes")
    func refusesDirtyFolder() throws {
        let folder = try TemporaryFolder()
        let (upstream, fork, forkURL) = try forkedPair(in: folder)
        try GitCommandLine.write("Upstream\n", to: "file-2.txt", in: upstream)
        try GitCommandLine.run(["commit", "-q", "-am", "Upstream"], in: upstream)
        try fork.fetch(from: "origin", refspecs: ["+refs/heads/main:refs/remotes/origin/main"])
        try GitCommandLine.write("Unsaved work\n", to: "ours.md", in: forkURL)
        let error = #expect(throws: GitError.self) { try fork.merge(try fork.referenceTarget("refs/remotes/origin/main")!) }
        #expect(error?.kind == .uncommittedChanges)
        #expect(try String(contentsOf: forkURL.appendingPathComponent("ours.md"), encoding: .utf8) == "Unsaved work\n")
        #expect(fork.state == .clean)
    }
}
