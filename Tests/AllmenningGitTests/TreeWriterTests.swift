import AllmenningGit
import Foundation
import GitTestSupport
import Testing

/// Files of every kind a resource has: text in nested folders with non-ASCII names, binary
/// media with every byte value (NUL and CR LF included), an empty file and an executable.
private let sampleFiles: [TreeFile] = [
    TreeFile(path: "resource.yaml", data: Data("manifest: 1\ntitle: { nb: Brøk }\n".utf8)),
    TreeFile(path: "index.html", data: Data("<!doctype html>\r\n<title>Brøk</title>\r\n".utf8)),
    TreeFile(path: "media/pizza.bin", data: Data((0...255).map { UInt8($0) } + [0, 13, 10, 0])),
    TreeFile(path: "media/lyd/rytme å.wav", data: Data(repeating: 0x7f, count: 70_000)),
    TreeFile(path: "tom.txt", data: Data()),
    TreeFile(path: "scripts/lag-bilder.sh", data: Data("#!/bin/sh\necho brøk\n".utf8), isExecutable: true),
]

/// Writes the files into a folder, with the execute bit where asked.
private func writeFolder(_ files: [TreeFile], at folder: URL) throws {
    for file in files {
        let url = folder.appendingPathComponent(file.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try file.data.write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: file.isExecutable ? 0o755 : 0o644], ofItemAtPath: url.path)
    }
}

@Suite("AllmenningGit: writing a tree from files, without a working folder")
struct TreeWriterTests {
    @Test("the tree has the id git gives the same files with git add and git write-tree, modes included")
    func sameTreeAsGit() throws {
        let folder = try TemporaryFolder()
        let work = folder.appending("work")
        try writeFolder(sampleFiles, at: work)
        try GitCommandLine.run(["init", "-q", "-b", "main"], in: work)
        try GitCommandLine.run(["add", "-A"], in: work)
        let gitTree = try GitCommandLine.run(["write-tree"], in: work).trimmingCharacters(in: .whitespacesAndNewlines)

        let repository = try Repository.create(at: folder.appending("bare.git"), bare: true)
        let tree = try repository.writeTree(sampleFiles)
        #expect(tree.hex == gitTree)
        #expect(try repository.writeTree(sampleFiles.reversed()) == tree, "the order of the files does not matter")

        var changed = sampleFiles
        changed[5].isExecutable = false
        #expect(try repository.writeTree(changed) != tree, "the execute bit is part of the tree")
    }

    @Test("a commit of the tree in a bare repository passes git fsck --strict and clones byte for byte, with the execute bit")
    func commitAndClone() throws {
        let folder = try TemporaryFolder()
        let bare = folder.appending("bare.git")
        let repository = try Repository.create(at: bare, bare: true)
        let tree = try repository.writeTree(sampleFiles)
        let author = Identity(name: "Allmenning-redaksjonen", email: "redaksjonen@allmenning.invalid", date: Date(timeIntervalSince1970: 1_790_000_000), timeZoneOffset: 60)
        let commit = try repository.createCommit(tree: tree, parents: [], message: "Seed", author: author, committer: author, updating: "HEAD")
        #expect(try repository.headCommit() == commit)
        try GitCommandLine.run(["fsck", "--strict", "--no-dangling"], in: bare)

        let copy = folder.appending("copy")
        try GitCommandLine.run(["clone", "-q", bare.path, copy.path], in: folder.url)
        for file in sampleFiles {
            let url = copy.appendingPathComponent(file.path)
            #expect(try Data(contentsOf: url) == file.data, "\(file.path)")
            let permissions = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
            #expect((permissions & 0o100 != 0) == file.isExecutable, "\(file.path)")
        }
        let listed = try GitCommandLine.run(["ls-files", "-z"], in: copy).split(separator: "\0").map(String.init)
        #expect(listed.sorted() == sampleFiles.map(\.path).sorted())
        #expect(try repository.files(in: commit).map(\.path).sorted() == sampleFiles.map(\.path).sorted())
    }

    @Test("no files give git's empty tree")
    func emptyTree() throws {
        let folder = try TemporaryFolder()
        let repository = try Repository.create(at: folder.appending("bare.git"), bare: true)
        #expect(try repository.writeTree([]).hex == "4b825dc642cb6eb9a060e54bf8d69288fbee4904")
    }

    @Test("a repository with a working folder keeps its index and status: the tree is built in memory")
    func leavesTheIndexAlone() throws {
        let folder = try TemporaryFolder()
        try GitCommandLine.makeRepository(at: folder.url, commits: 2)
        try GitCommandLine.write("staged\n", to: "staged.md", in: folder.url)
        try GitCommandLine.run(["add", "staged.md"], in: folder.url)
        let statusBefore = try GitCommandLine.run(["status", "--porcelain"], in: folder.url)
        let indexBefore = try Data(contentsOf: folder.appending(".git/index"))

        let repository = try Repository.open(at: folder.url)
        let tree = try repository.writeTree([TreeFile(path: "other.md", data: Data("other\n".utf8))])
        #expect(try GitCommandLine.run(["cat-file", "-t", tree.hex], in: folder.url) == "tree\n")
        #expect(try GitCommandLine.run(["ls-tree", "-r", "--name-only", tree.hex], in: folder.url) == "other.md\n")
        #expect(try GitCommandLine.run(["status", "--porcelain"], in: folder.url) == statusBefore)
        #expect(try Data(contentsOf: folder.appending(".git/index")) == indexBefore)
    }

    @Test("paths git refuses or that would leave the tree, a path given twice and a file where a folder is needed are errors",
          arguments: [
              ["../outside.md"], ["/etc/passwd"], ["a//b.md"], ["./a.md"], ["a/./b.md"], ["a/../b.md"], [""], ["a/"],
              [".git/config"], ["media/.GIT/hooks/pre-receive"], ["a\0b"],
              ["same.md", "same.md"], ["media", "media/pizza.svg"], ["media/pizza.svg", "media"], ["a/b/c.md", "a/b"],
          ])
    func refusedPaths(paths: [String]) throws {
        let folder = try TemporaryFolder()
        let repository = try Repository.create(at: folder.appending("bare.git"), bare: true)
        let files = paths.map { TreeFile(path: $0, data: Data("x\n".utf8)) }
        let error = #expect(throws: GitError.self) { try repository.writeTree(files) }
        let named = paths.last!.isEmpty ? "\"\"" : paths.last!
        #expect(error?.description.contains(named) == true, "the error names the path: \(String(describing: error))")
    }
}
