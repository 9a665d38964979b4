import AllmenningGit
import Foundation
import GitTestSupport
import Testing

let teacher = Identity(name: "Kari Nordmann", email: "kari@example.org", date: Date(timeIntervalSince1970: 1_790_000_000), timeZoneOffset: 60)

@Suite("AllmenningGit: repositories, commits and reading without a checkout")
struct RepositoryTests {
    @Test("a repository created and committed through libgit2 passes git fsck --strict and clones with git")
    func createdRepositoryIsSound() throws {
        let folder = try TemporaryFolder()
        let resource = folder.appending("resource")
        let repository = try Repository.create(at: resource)
        try GitCommandLine.write("manifest: 1\n", to: "resource.yaml", in: resource)
        try GitCommandLine.write("# Brøk\n", to: "lessons/index.md", in: resource)
        let first = try #require(try repository.commitWorkingChanges(message: "First version", author: teacher))
        try GitCommandLine.write("# Brøk med pizza\n", to: "lessons/index.md", in: resource)
        let second = try #require(try repository.commitWorkingChanges(message: "Better title", author: teacher))

        #expect(try repository.headBranch() == "refs/heads/main")
        #expect(try repository.headCommit() == second)
        #expect(try repository.commit(second).parents == [first])
        try GitCommandLine.run(["fsck", "--strict", "--no-dangling"], in: resource)
        #expect(try GitCommandLine.run(["rev-list", "--count", "HEAD"], in: resource) == "2\n")
        #expect(try GitCommandLine.run(["log", "-1", "--format=%an <%ae>|%s"], in: resource) == "Kari Nordmann <kari@example.org>|Better title\n")
        #expect(try GitCommandLine.run(["status", "--porcelain"], in: resource).isEmpty)

        try GitCommandLine.run(["clone", "-q", resource.path, folder.appending("copy").path], in: folder.url)
        #expect(try String(contentsOf: folder.appending("copy/lessons/index.md"), encoding: .utf8) == "# Brøk med pizza\n")
    }

    @Test("nothing to commit gives nil and no new commit")
    func emptyCommit() throws {
        let folder = try TemporaryFolder()
        let repository = try Repository.create(at: folder.url)
        try GitCommandLine.write("a\n", to: "a.txt", in: folder.url)
        let first = try repository.commitWorkingChanges(message: "a", author: teacher)
        #expect(first != nil)
        #expect(try repository.commitWorkingChanges(message: "again", author: teacher) == nil)
        #expect(try repository.headCommit() == first)
    }

    @Test("deleted files are committed as deletions")
    func deletions() throws {
        let folder = try TemporaryFolder()
        let repository = try Repository.create(at: folder.url)
        try GitCommandLine.write("a\n", to: "a.txt", in: folder.url)
        try GitCommandLine.write("b\n", to: "b.txt", in: folder.url)
        let first = try #require(try repository.commitWorkingChanges(message: "two", author: teacher))
        try FileManager.default.removeItem(at: folder.appending("a.txt"))
        #expect(try repository.workingChanges() == [WorkingChange(path: "a.txt", status: .deleted)])
        let second = try #require(try repository.commitWorkingChanges(message: "one", author: teacher))
        #expect(try repository.changedPaths(from: first, to: second) == [PathChange(path: "a.txt", status: .deleted)])
        #expect(try GitCommandLine.run(["ls-files"], in: folder.url) == "b.txt\n")
    }

    @Test("files at any commit are read from git objects, matching git show and git ls-tree")
    func readingWithoutCheckout() throws {
        let folder = try TemporaryFolder()
        try GitCommandLine.makeRepository(at: folder.url, commits: 3)
        try GitCommandLine.write("binary \u{0}\u{1}\u{2}", to: "media/data.bin", in: folder.url)
        try GitCommandLine.run(["add", "-A"], in: folder.url)
        try GitCommandLine.run(["commit", "-q", "-m", "media"], in: folder.url)
        let repository = try Repository.open(at: folder.url)
        let head = try #require(try repository.headCommit())
        let second = try repository.resolveCommit("HEAD~2")
        #expect(second.hex == (try GitCommandLine.run(["rev-parse", "HEAD~2"], in: folder.url)).trimmingCharacters(in: .newlines))

        #expect(try repository.file(at: "notes.md", in: second) == Data("Revision 2\n".utf8))
        #expect(try repository.file(at: "notes.md", in: head) == Data("Revision 3\n".utf8))
        #expect(try repository.file(at: "file-3.txt", in: second) == nil)
        #expect(try repository.file(at: "media", in: head) == nil, "a folder is not a file")
        #expect(try repository.file(at: "media/data.bin", in: head) == Data("binary \u{0}\u{1}\u{2}".utf8))

        let listing = try GitCommandLine.run(["ls-tree", "-r", "-l", "HEAD"], in: folder.url)
        let expected = listing.split(separator: "\n").map { line -> String in
            let parts = line.split(separator: "\t")
            let fields = parts[0].split(separator: " ", omittingEmptySubsequences: true)
            return "\(parts[1]) \(fields[2]) \(fields[3])"
        }.sorted()
        let entries = try repository.files(in: head)
        #expect(entries.map { "\($0.path) \($0.id.hex) \($0.size)" }.sorted() == expected)
    }

    @Test("changed paths between two commits agree with git diff --name-status")
    func changedPaths() throws {
        let folder = try TemporaryFolder()
        try GitCommandLine.makeRepository(at: folder.url, commits: 2)
        try FileManager.default.removeItem(at: folder.appending("file-1.txt"))
        try GitCommandLine.write("new\n", to: "sub/new.md", in: folder.url)
        try GitCommandLine.write("Revision X\n", to: "notes.md", in: folder.url)
        try GitCommandLine.run(["add", "-A"], in: folder.url)
        try GitCommandLine.run(["commit", "-q", "-m", "change"], in: folder.url)
        let repository = try Repository.open(at: folder.url)
        let changes = try repository.changedPaths(from: repository.resolveCommit("HEAD~1"), to: repository.resolveCommit("HEAD"))
        let letter: [PathChange.Status: String] = [.added: "A", .deleted: "D", .modified: "M", .typeChanged: "T"]
        let ours = changes.map { "\(letter[$0.status]!)\t\($0.path)" }.sorted()
        let theirs = try GitCommandLine.run(["diff", "--no-renames", "--name-status", "HEAD~1", "HEAD"], in: folder.url)
            .split(separator: "\n").map(String.init).sorted()
        #expect(ours == theirs)
        #expect(try repository.changedPaths(from: nil, to: repository.resolveCommit("HEAD~1")).count == 3)
    }

    @Test("the log lists every commit newest first, as git rev-list does")
    func log() throws {
        let folder = try TemporaryFolder()
        try GitCommandLine.makeRepository(at: folder.url, commits: 5)
        let repository = try Repository.open(at: folder.url)
        let head = try #require(try repository.headCommit())
        let log = try repository.log(from: head)
        let revList = try GitCommandLine.run(["rev-list", "HEAD"], in: folder.url).split(separator: "\n").map(String.init)
        #expect(log.map(\.id.hex) == revList)
        #expect(log.first?.summary == "Commit 5")
        #expect(log.first?.author.name == "Git Command Line")
        #expect(try repository.commitCount(from: head) == 5)
        #expect(try repository.log(from: head, limit: 2).count == 2)
        #expect(try repository.isAncestor(log[3].id, of: head))
        #expect(try !repository.isAncestor(head, of: log[3].id))
    }

    @Test("the log from one commit without another's history lists what git rev-list A ^B lists, merges included")
    func logExcluding() throws {
        let folder = try TemporaryFolder()
        try GitCommandLine.makeRepository(at: folder.url, commits: 3)
        let approved = try GitCommandLine.run(["rev-parse", "HEAD"], in: folder.url).trimmingCharacters(in: .whitespacesAndNewlines)
        // A side branch from before the approved commit, merged after it: its commits are
        // not in the approved commit's history, so they are new since then too.
        try GitCommandLine.run(["checkout", "-q", "-b", "side", "HEAD~2"], in: folder.url)
        try GitCommandLine.write("side\n", to: "side.md", in: folder.url)
        try GitCommandLine.run(["add", "-A"], in: folder.url)
        try GitCommandLine.run(["commit", "-q", "-m", "Side"], in: folder.url)
        try GitCommandLine.run(["checkout", "-q", "main"], in: folder.url)
        try GitCommandLine.write("Revision 4\n", to: "notes.md", in: folder.url)
        try GitCommandLine.run(["commit", "-q", "-am", "Commit 4"], in: folder.url)
        try GitCommandLine.run(["merge", "-q", "--no-edit", "side"], in: folder.url)
        let repository = try Repository.open(at: folder.url)
        let head = try #require(try repository.headCommit())
        let approvedID = try #require(ObjectID(hex: approved))
        let ours = try repository.log(from: head, excluding: [approvedID]).map(\.id.hex)
        let theirs = try GitCommandLine.run(["rev-list", "HEAD", "^\(approved)"], in: folder.url).split(separator: "\n").map(String.init)
        #expect(Set(ours) == Set(theirs))
        #expect(ours.count == 3, "commit 4, the side commit and the merge")
        #expect(ours.first == head.hex, "newest first")
        #expect(try repository.log(from: approvedID, excluding: [approvedID]).isEmpty)
        #expect(try repository.log(from: head, excluding: [approvedID], limit: 1).map(\.id) == [head])
    }

    @Test("opening a folder that is not a repository names the folder and libgit2's reason")
    func notARepository() throws {
        let folder = try TemporaryFolder()
        let error = #expect(throws: GitError.self) { try Repository.open(at: folder.url) }
        #expect(error?.kind == .notFound)
        #expect(error?.operation.contains(folder.url.path) == true)
        #expect(error?.message.isEmpty == false)
    }

    @Test("a folder inside another repository is not taken for that repository")
    func noSearchUpwards() throws {
        let folder = try TemporaryFolder()
        try GitCommandLine.makeRepository(at: folder.url, commits: 1)
        try FileManager.default.createDirectory(at: folder.appending("inner"), withIntermediateDirectories: true)
        #expect(!Repository.exists(at: folder.appending("inner")))
        #expect(Repository.exists(at: folder.url))
    }

    @Test("an unknown revision is an error of kind notFound")
    func unknownRevision() throws {
        let folder = try TemporaryFolder()
        try GitCommandLine.makeRepository(at: folder.url, commits: 1)
        let repository = try Repository.open(at: folder.url)
        let error = #expect(throws: GitError.self) { try repository.resolveCommit("no-such-branch") }
        #expect(error?.kind == .notFound)
        #expect(try repository.referenceTarget("refs/heads/nothing") == nil)
    }

    @Test("a bare repository can be created, has no working folder and refuses a working-folder commit")
    func bare() throws {
        let folder = try TemporaryFolder()
        let repository = try Repository.create(at: folder.appending("bare.git"), bare: true)
        #expect(repository.isBare)
        #expect(repository.workingDirectory == nil)
        #expect(try repository.headCommit() == nil)
        #expect(throws: GitError.self) { try repository.commitWorkingChanges(message: "x", author: teacher) }
        try GitCommandLine.run(["rev-parse", "--is-bare-repository"], in: folder.appending("bare.git"))
    }
}

@Suite("AllmenningGit: tags and notes")
struct TagAndNoteTests {
    @Test("an annotated tag is seen by git tag and git cat-file")
    func tags() throws {
        let folder = try TemporaryFolder()
        try GitCommandLine.makeRepository(at: folder.url, commits: 2)
        let repository = try Repository.open(at: folder.url)
        let head = try #require(try repository.headCommit())
        let tag = try repository.createTag("v1", on: head, message: "Approved version", tagger: teacher)
        #expect(try GitCommandLine.run(["tag", "-l"], in: folder.url) == "v1\n")
        #expect(try GitCommandLine.run(["cat-file", "-t", tag.hex], in: folder.url) == "tag\n")
        #expect(try GitCommandLine.run(["rev-parse", "v1^{commit}"], in: folder.url) == head.hex + "\n")
        #expect(try repository.tagNames() == ["v1"])
        let again = #expect(throws: GitError.self) { try repository.createTag("v1", on: head, message: "again", tagger: teacher) }
        #expect(again?.kind == .exists)
        try GitCommandLine.run(["fsck", "--strict", "--no-dangling"], in: folder.url)
    }

    @Test("notes written through AllmenningGit are read back by git notes --ref, and the other way round")
    func notes() throws {
        let folder = try TemporaryFolder()
        try GitCommandLine.makeRepository(at: folder.url, commits: 2)
        let repository = try Repository.open(at: folder.url)
        let head = try #require(try repository.headCommit())
        let first = try repository.resolveCommit("HEAD~1")
        let review = "verdict: approved\nreviewer: Ola Nordmann\nvitnemål: «god»\n"
        try repository.writeNote(review, on: head, reference: "refs/notes/allmenning-reviews", author: teacher)
        #expect(try GitCommandLine.run(["notes", "--ref=allmenning-reviews", "show", head.hex], in: folder.url) == review)
        #expect(try GitCommandLine.run(["notes", "--ref=refs/notes/allmenning-reviews", "show", head.hex], in: folder.url) == review)

        try GitCommandLine.run(["notes", "--ref=allmenning-reviews", "add", "-m", "from git", first.hex], in: folder.url)
        #expect(try repository.note(on: first, reference: "refs/notes/allmenning-reviews") == "from git\n")
        #expect(try repository.annotatedObjects(reference: "refs/notes/allmenning-reviews") == [head, first].sorted())
        #expect(try repository.note(on: head, reference: "refs/notes/other") == nil)
        #expect(try repository.annotatedObjects(reference: "refs/notes/other") == [])

        let duplicate = #expect(throws: GitError.self) {
            try repository.writeNote("again", on: head, reference: "refs/notes/allmenning-reviews", author: teacher)
        }
        #expect(duplicate?.kind == .exists)
        try repository.writeNote("replaced\n", on: head, reference: "refs/notes/allmenning-reviews", author: teacher, replacing: true)
        #expect(try GitCommandLine.run(["notes", "--ref=allmenning-reviews", "show", head.hex], in: folder.url) == "replaced\n")
        try repository.removeNote(on: head, reference: "refs/notes/allmenning-reviews", author: teacher)
        #expect(try GitCommandLine.run(["notes", "--ref=allmenning-reviews", "list"], in: folder.url).split(separator: "\n").count == 1)
        try GitCommandLine.run(["fsck", "--strict", "--no-dangling"], in: folder.url)
    }
}
