import Foundation
import GitTestSupport
import Testing

/// A source repository made by git and a fork of it made by `allmenning fork`.
func makeFork(in folder: URL, licence: String = "CC-BY-SA-4.0") throws -> (source: URL, fork: URL) {
    let source = try makeResourceRepository(in: folder, manifest: validManifest().replacingOccurrences(of: "CC-BY-SA-4.0", with: licence), commits: 2)
    let fork = folder.appendingPathComponent("fork")
    expectExit(try Allmenning.run(["fork", source.path, fork.path]), 0)
    return (source, fork)
}

func head(_ repository: URL, _ revision: String = "HEAD") throws -> String {
    try GitCommandLine.run(["rev-parse", revision], in: repository).trimmingCharacters(in: .newlines)
}

@Suite("allmenning sync")
struct SyncCommandTests {
    @Test("sync merges a commit that git made upstream and records the upstream commit in derivedFrom")
    func pullsUpstreamCommit() throws {
        try withTemporaryDirectory { folder in
            let (source, fork) = try makeFork(in: folder)
            try fork.appendingPathComponent("tilpasning.md").write("Vår tilpasning\n")
            try GitCommandLine.run(["add", "-A"], in: fork)
            try GitCommandLine.run(["commit", "-q", "-m", "Tilpasning"], in: fork)
            try source.appendingPathComponent("oppgaver.md").write("# Oppgaver\n\nRettet fasit i oppgave 3.\n")
            try GitCommandLine.run(["commit", "-q", "-am", "Rett fasit"], in: source)
            let upstreamHead = try head(source)

            let result = try Allmenning.run(["sync", fork.path, "--format", "json"])
            expectExit(result, 0)
            let json = try result.json()
            #expect(json["outcome"] as? String == "merged")
            #expect(json["upstream"] as? String == upstreamHead)
            #expect(try fork.appendingPathComponent("oppgaver.md").read().contains("Rettet fasit"))
            #expect(try fork.appendingPathComponent("tilpasning.md").read() == "Vår tilpasning\n")
            #expect(try GitCommandLine.run(["merge-base", "--is-ancestor", upstreamHead, "HEAD"], in: fork, allowFailure: false).isEmpty)
            #expect(try GitCommandLine.run(["rev-list", "--parents", "-1", "HEAD"], in: fork).split(separator: " ").count == 3)
            #expect(try fork.appendingPathComponent("resource.yaml").read().contains("commit: \"\(upstreamHead)\"")
                    || fork.appendingPathComponent("resource.yaml").read().contains("commit: \(upstreamHead)"))
            #expect(try GitCommandLine.run(["status", "--porcelain"], in: fork).isEmpty)
            try GitCommandLine.run(["fsck", "--strict", "--no-dangling"], in: fork)
            expectExit(try Allmenning.run(["validate", fork.path]), 0)

            let again = try Allmenning.run(["sync", fork.path])
            expectExit(again, 0)
            #expect(again.stdout.contains("already has everything"))
        }
    }

    @Test("a conflict lists the file, keeps both versions recoverable, and --abort returns to the state before")
    func conflictAbortAndContinue() throws {
        try withTemporaryDirectory { folder in
            let (source, fork) = try makeFork(in: folder)
            try source.appendingPathComponent("index.md").write("# Brøk med pizza\n\nOriginalens nye innledning.\n")
            try GitCommandLine.run(["commit", "-q", "-am", "Ny innledning"], in: source)
            try fork.appendingPathComponent("index.md").write("# Brøk med pizza\n\nVår egen innledning.\n")
            try GitCommandLine.run(["commit", "-q", "-am", "Egen innledning"], in: fork)
            let before = try head(fork)

            let conflict = try Allmenning.run(["sync", fork.path])
            expectExit(conflict, 1)
            #expect(conflict.stdout.contains("index.md"), "\(conflict)")
            #expect(conflict.stdout.contains("sync --continue"))
            #expect(try GitCommandLine.run(["show", ":2:index.md"], in: fork).contains("Vår egen innledning."))
            #expect(try GitCommandLine.run(["show", ":3:index.md"], in: fork).contains("Originalens nye innledning."))
            let marked = try fork.appendingPathComponent("index.md").read()
            #expect(marked.contains("Vår egen innledning.") && marked.contains("Originalens nye innledning."))
            #expect(try Allmenning.run(["publish", "--folder", fork.path, "file:///nowhere"]).status == 1, "publish waits for the merge")

            let tooEarly = try Allmenning.run(["sync", "--continue", fork.path])
            expectExit(tooEarly, 1)
            #expect(tooEarly.stderr.contains("index.md"))

            expectExit(try Allmenning.run(["sync", "--abort", fork.path]), 0)
            #expect(try head(fork) == before)
            #expect(try GitCommandLine.run(["status", "--porcelain", "--untracked-files=all"], in: fork).isEmpty)
            #expect(try fork.appendingPathComponent("index.md").read() == "# Brøk med pizza\n\nVår egen innledning.\n")

            expectExit(try Allmenning.run(["sync", fork.path]), 1)
            try fork.appendingPathComponent("index.md").write("# Brøk med pizza\n\nVår egen innledning, med originalens nye innledning.\n")
            let resolved = try Allmenning.run(["sync", "--continue", fork.path, "--format", "json"])
            expectExit(resolved, 0)
            #expect(try GitCommandLine.run(["rev-list", "--parents", "-1", "HEAD"], in: fork).split(separator: " ").count == 3)
            #expect(try GitCommandLine.run(["status", "--porcelain"], in: fork).isEmpty)
            #expect(try fork.appendingPathComponent("resource.yaml").read().contains(try head(source)))
            try GitCommandLine.run(["fsck", "--strict", "--no-dangling"], in: fork)
        }
    }

    @Test("sync does not start over uncommitted changes, and leaves them as they are")
    func refusesUncommittedChanges() throws {
        try withTemporaryDirectory { folder in
            let (source, fork) = try makeFork(in: folder)
            try source.appendingPathComponent("oppgaver.md").write("Ny\n")
            try GitCommandLine.run(["commit", "-q", "-am", "Ny"], in: source)
            try fork.appendingPathComponent("index.md").write("Ulagret arbeid\n")
            let result = try Allmenning.run(["sync", fork.path])
            expectExit(result, 1)
            #expect(result.stderr.contains("index.md"))
            #expect(try fork.appendingPathComponent("index.md").read() == "Ulagret arbeid\n")
        }
    }

    @Test("an upstream that changed to a NoDerivatives licence is not merged")
    func upstreamBecameNoDerivatives() throws {
        try withTemporaryDirectory { folder in
            let (source, fork) = try makeFork(in: folder)
            let manifest = try source.appendingPathComponent("resource.yaml").read()
            try source.appendingPathComponent("resource.yaml").write(manifest.replacingOccurrences(of: "CC-BY-SA-4.0", with: "CC-BY-ND-4.0"))
            try GitCommandLine.run(["commit", "-q", "-am", "ND nå"], in: source)
            let before = try head(fork)
            let result = try Allmenning.run(["sync", fork.path])
            expectExit(result, 1)
            #expect(result.stderr.contains("CC-BY-ND-4.0"), "\(result)")
            #expect(try head(fork) == before)
            #expect(try GitCommandLine.run(["status", "--porcelain"], in: fork).isEmpty)
        }
    }

    @Test("sync in a resource that is not a fork says so")
    func notAFork() throws {
        try withTemporaryDirectory { folder in
            let source = try makeResourceRepository(in: folder, manifest: validManifest())
            let result = try Allmenning.run(["sync", source.path])
            expectExit(result, 2)
            #expect(result.stderr.contains("not a fork"))
        }
    }
}

@Suite("allmenning publish")
struct PublishCommandTests {
    @Test("publish commits the changes and pushes them; the address is remembered as the catalogue")
    func publishesToABareRepository() throws {
        try withTemporaryDirectory { folder in
            let (_, fork) = try makeFork(in: folder)
            let catalogue = folder.appendingPathComponent("catalogue.git")
            try GitCommandLine.run(["init", "-q", "--bare", "-b", "main", catalogue.path], in: folder)
            try fork.appendingPathComponent("index.md").write("# Brøk med pizza\n\nTilpasset for 6. trinn.\n")
            let result = try Allmenning.run(["publish", "--folder", fork.path, "-m", "Tilpasset for 6. trinn", "file://" + catalogue.path, "--format", "json"])
            expectExit(result, 0)
            #expect(try result.json()["committed"] as? Bool == true)
            #expect(try head(catalogue, "main") == (try head(fork)))
            #expect(try GitCommandLine.run(["log", "-1", "--format=%s", "main"], in: catalogue) == "Tilpasset for 6. trinn\n")
            try GitCommandLine.run(["fsck", "--strict", "--no-dangling"], in: catalogue)

            try fork.appendingPathComponent("ekstra.md").write("Ekstraoppgaver\n")
            expectExit(try Allmenning.run(["publish", "--folder", fork.path]), 0)
            #expect(try head(catalogue, "main") == (try head(fork)))
            #expect(try GitCommandLine.run(["show", "main:ekstra.md"], in: catalogue) == "Ekstraoppgaver\n")
        }
    }

    @Test("without a catalogue remote, publish says how to name one")
    func noRemote() throws {
        try withTemporaryDirectory { folder in
            let (_, fork) = try makeFork(in: folder)
            let result = try Allmenning.run(["publish", "--folder", fork.path])
            expectExit(result, 2)
            #expect(result.stderr.contains("allmenning publish https://"))
        }
    }

    @Test("a resource with errors is not committed or published")
    func refusesErrors() throws {
        try withTemporaryDirectory { folder in
            let (_, fork) = try makeFork(in: folder)
            let before = try head(fork)
            let manifest = try fork.appendingPathComponent("resource.yaml").read()
            try fork.appendingPathComponent("resource.yaml").write(manifest.replacingOccurrences(of: "licence: CC-BY-SA-4.0", with: "licence: CC-BY-SA"))
            let result = try Allmenning.run(["publish", "--folder", fork.path, "file://" + folder.appendingPathComponent("x.git").path])
            expectExit(result, 1)
            #expect(result.stderr.contains("resource.yaml:"), "\(result)")
            #expect(try head(fork) == before)
        }
    }

    @Test("a pupil's e-mail address blocks publishing before anything is committed; a file git ignores is not checked")
    func pluginsBlockBeforeCommitting() throws {
        try withTemporaryDirectory { folder in
            let (_, fork) = try makeFork(in: folder)
            let catalogue = folder.appendingPathComponent("catalogue.git")
            try GitCommandLine.run(["init", "-q", "--bare", "-b", "main", catalogue.path], in: folder)
            let manifest = try fork.appendingPathComponent("resource.yaml").read()
            try fork.appendingPathComponent("resource.yaml").write(manifest.replacingOccurrences(of: "kind: teacher", with: "kind: student"))
            try fork.appendingPathComponent("index.md").write("# Brøk\n\nSpør meg: emma.lind99@gmail.com\n")
            let before = try head(fork)
            let data = folder.appendingPathComponent("data")
            let refused = try Allmenning.run(["publish", "--data", data.path, "--folder", fork.path, "file://" + catalogue.path])
            expectExit(refused, 1)
            #expect(refused.stderr.contains("index.md:3"), "\(refused)")
            #expect(try head(fork) == before, "nothing was committed")
            #expect(throws: (any Error).self) { try head(catalogue, "main") }

            try fork.appendingPathComponent("index.md").write("# Brøk\n\nSpør læreren.\n")
            try fork.appendingPathComponent("private-notes.md").write("emma.lind99@gmail.com\n")
            try fork.appendingPathComponent(".gitignore").write("private-notes.md\n")
            let published = try Allmenning.run(["publish", "--data", data.path, "--folder", fork.path, "file://" + catalogue.path])
            expectExit(published, 0)
            #expect(try head(catalogue, "main") == (try head(fork)))
            #expect(throws: (any Error).self) { try GitCommandLine.run(["show", "main:private-notes.md"], in: catalogue) }
        }
    }

    @Test("publishing.block can make a warning block, and newResourcesOnly only until the first publish")
    func configuredBlocking() throws {
        try withTemporaryDirectory { folder in
            let (_, fork) = try makeFork(in: folder)
            let catalogue = folder.appendingPathComponent("catalogue.git")
            try GitCommandLine.run(["init", "-q", "--bare", "-b", "main", catalogue.path], in: folder)
            let data = folder.appendingPathComponent("data")
            try data.appendingPathComponent("config.yaml").write("""
                publishing:
                  block:
                    - { severity: error }
                    - { plugin: privacy, severity: warning, newResourcesOnly: true }
                """)
            let withAddress = "# Brøk\n\nSpør meg: emma.lind99@gmail.com\n"
            try fork.appendingPathComponent("index.md").write(withAddress)
            let refused = try Allmenning.run(["publish", "--data", data.path, "--folder", fork.path, "file://" + catalogue.path])
            expectExit(refused, 1)
            #expect(refused.stderr.contains("index.md:3"), "a teacher's address is a warning, blocked by config.yaml: \(refused)")

            try fork.appendingPathComponent("index.md").write("# Brøk\n\nTilpasset.\n")
            expectExit(try Allmenning.run(["publish", "--data", data.path, "--folder", fork.path, "file://" + catalogue.path]), 0)

            try fork.appendingPathComponent("index.md").write(withAddress)
            let again = try Allmenning.run(["publish", "--data", data.path, "--folder", fork.path])
            expectExit(again, 0)
            #expect(again.stdout.contains("[privacy.email]"), "the warning is shown but no longer blocks: \(again)")
            #expect(try head(catalogue, "main") == (try head(fork)))
        }
    }

    @Test("a push refused by the server's pre-receive hook shows the server's lines and keeps the commit",
          .enabled(if: GitHTTPServer.isAvailable, "Tests/Support/git-http-server.py is missing"))
    func serverRefusal() throws {
        try withTemporaryDirectory { folder in
            let (_, fork) = try makeFork(in: folder)
            let served = folder.appendingPathComponent("served")
            try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
            let catalogue = served.appendingPathComponent("brok.git")
            try GitCommandLine.run(["init", "-q", "--bare", "-b", "main", catalogue.path], in: folder)
            let hook = catalogue.appendingPathComponent("hooks/pre-receive")
            try hook.write("#!/bin/sh\necho 'resource.yaml:7: lisensen mangler kreditering'\necho 'Rett manifestet og publiser igjen.'\nexit 1\n")
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
            let server = try GitHTTPServer(serving: served)

            try fork.appendingPathComponent("index.md").write("# Brøk\n\nEndret.\n")
            let result = try Allmenning.run(["publish", "--folder", fork.path, "-m", "Endret", server.url("brok.git")])
            expectExit(result, 1)
            #expect(result.stderr.contains("remote: resource.yaml:7: lisensen mangler kreditering"), "\(result)")
            #expect(result.stderr.contains("remote: Rett manifestet og publiser igjen."))
            #expect(try GitCommandLine.run(["log", "-1", "--format=%s"], in: fork) == "Endret\n", "the commit is kept")
            #expect(try GitCommandLine.run(["rev-parse", "--verify", "-q", "main"], in: catalogue, allowFailure: true).isEmpty)
            withExtendedLifetime(server) {}
        }
    }
}
