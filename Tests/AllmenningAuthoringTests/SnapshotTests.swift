import AllmenningAuthoring
import AllmenningCore
import AllmenningGit
import Foundation
import GitTestSupport
import Testing

@Suite("Snapshots: a working folder and a commit give the same files and blob ids")
struct SnapshotTests {
    @Test("blob ids agree with git hash-object, and the working folder agrees with the commit")
    func blobIDs() throws {
        let folder = try TemporaryFolder()
        try GitCommandLine.makeRepository(at: folder.url, commits: 2)
        try GitCommandLine.write("Binært \u{0}\u{1}\n", to: "media/data.bin", in: folder.url)
        try GitCommandLine.write("# Leksjon\n", to: "unit/lesson.md", in: folder.url)
        try GitCommandLine.run(["add", "-A"], in: folder.url)
        try GitCommandLine.run(["commit", "-q", "-m", "more"], in: folder.url)

        let working = try WorkingFolderSnapshot(folder: folder.url)
        #expect(working.files.map(\.path) == ["file-1.txt", "file-2.txt", "media/data.bin", "notes.md", "unit/lesson.md"])
        for file in working.files {
            let expected = try GitCommandLine.run(["hash-object", file.path], in: folder.url).trimmingCharacters(in: .newlines)
            #expect(file.blobID == expected, "\(file.path)")
        }
        let repository = try Repository.open(at: folder.url)
        let committed = try CommitSnapshot(repository: repository, commit: try #require(try repository.headCommit()))
        #expect(committed.files == working.files)
        #expect(try committed.data(at: "media/data.bin") == working.data(at: "media/data.bin"))
        #expect(throws: (any Error).self) { try committed.data(at: "no-such-file") }
    }
}

@Suite("Snapshots: reading the head of a file")
struct SnapshotHeadTests {
    @Test("data(at:upTo:) gives the first bytes from a working folder and from a commit")
    func head() throws {
        let folder = try TemporaryFolder()
        try GitCommandLine.makeRepository(at: folder.url, commits: 1)
        let working = try WorkingFolderSnapshot(folder: folder.url)
        #expect(try working.data(at: "notes.md", upTo: 4) == Data("Revi".utf8))
        #expect(try working.data(at: "notes.md", upTo: 1000) == Data("Revision 1\n".utf8))
        let repository = try Repository.open(at: folder.url)
        let committed = try CommitSnapshot(repository: repository, commit: try #require(try repository.headCommit()))
        #expect(try committed.data(at: "notes.md", upTo: 4) == Data("Revi".utf8))
    }
}
