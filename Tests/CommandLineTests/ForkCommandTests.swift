import Foundation
import GitTestSupport
import Testing

/// A resource repository made by the git command line: `commits` commits, the last of which
/// holds `manifest` as resource.yaml.
@discardableResult
func makeResourceRepository(in folder: URL, named name: String = "source", manifest: String, commits: Int = 3) throws -> URL {
    let resource = try makeResource(in: folder, named: name, manifest: manifest)
    try GitCommandLine.run(["init", "-q", "-b", "main"], in: resource)
    for number in 1...commits {
        try resource.appendingPathComponent("oppgaver.md").write("# Oppgaver\n\nVersjon \(number) av oppgavene.\n")
        try GitCommandLine.run(["add", "-A"], in: resource)
        try GitCommandLine.run(["commit", "-q", "-m", "Versjon \(number)"], in: resource)
    }
    return resource
}

func commitCount(_ repository: URL) throws -> Int {
    Int(try GitCommandLine.run(["rev-list", "--count", "HEAD"], in: repository).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
}

/// The names in a folder, hidden ones included: a refused fork must leave no staging folder.
func entries(of folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
}

@Suite("allmenning init and fork: repositories that git accepts")
struct ForkCommandTests {
    @Test("init makes a repository with one commit that passes git fsck --strict and clones with git")
    func initMakesARepository() throws {
        try withTemporaryDirectory { folder in
            let resource = folder.appendingPathComponent("brok")
            let result = try Allmenning.run(["init", resource.path, "--title", "Brøk med pizza", "--format", "json"])
            expectExit(result, 0)
            let commit = try #require(try result.json()["commit"] as? String)
            #expect(try GitCommandLine.run(["rev-parse", "HEAD"], in: resource) == commit + "\n")
            #expect(try commitCount(resource) == 1)
            #expect(try GitCommandLine.run(["log", "-1", "--format=%an <%ae>"], in: resource) == "\(Allmenning.testTeacher) <laerer@example.org>\n")
            #expect(try GitCommandLine.run(["ls-files"], in: resource) == "LICENCE.md\nindex.md\nresource.yaml\n")
            #expect(try resource.appendingPathComponent("resource.yaml").read().contains("- { name: \"\(Allmenning.testTeacher)\", role: teacher }"),
                    "the teacher who made it is credited")
            #expect(try GitCommandLine.run(["status", "--porcelain"], in: resource).isEmpty)
            try GitCommandLine.run(["fsck", "--strict", "--no-dangling"], in: resource)
            try GitCommandLine.run(["clone", "-q", resource.path, folder.appendingPathComponent("clone").path], in: folder)
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("clone/resource.yaml").path))
        }
    }

    @Test("init without a known identity says how to give one and writes nothing")
    func initNeedsAnIdentity() throws {
        try withTemporaryDirectory { folder in
            let resource = folder.appendingPathComponent("r")
            let result = try Allmenning.run(["init", resource.path, "--title", "T"],
                                            environment: ["HOME": Allmenning.emptyHome.path, "GIT_CONFIG_GLOBAL": nil,
                                                          "XDG_CONFIG_HOME": Allmenning.emptyHome.path])
            expectExit(result, 2)
            #expect(result.stderr.contains("--name"), "\(result)")
            #expect(!FileManager.default.fileExists(atPath: resource.path))
            expectExit(try Allmenning.run(["init", resource.path, "--title", "T", "--name", "Kari Nordmann"],
                                          environment: ["HOME": Allmenning.emptyHome.path, "XDG_CONFIG_HOME": Allmenning.emptyHome.path]), 2)
            #expect(!FileManager.default.fileExists(atPath: resource.path))
            expectExit(try Allmenning.run(["init", resource.path, "--title", "T", "--name", "Kari Nordmann", "--email", "kari@example.org"],
                                          environment: ["HOME": Allmenning.emptyHome.path, "XDG_CONFIG_HOME": Allmenning.emptyHome.path]), 0)
            #expect(try GitCommandLine.run(["log", "-1", "--format=%an"], in: resource) == "Kari Nordmann\n")
        }
    }

    @Test("init --no-git writes the files only")
    func initWithoutGit() throws {
        try withTemporaryDirectory { folder in
            let resource = folder.appendingPathComponent("r")
            expectExit(try Allmenning.run(["init", resource.path, "--title", "T", "--no-git"]), 0)
            #expect(try entries(of: resource) == ["LICENCE.md", "index.md", "resource.yaml"])
        }
    }

    @Test("a pupil's resource does not carry the name from git: pupils choose a pseudonym")
    func pupilsAreNotNamed() throws {
        try withTemporaryDirectory { folder in
            let resource = folder.appendingPathComponent("elev")
            expectExit(try Allmenning.run(["init", resource.path, "--title", "Min presentasjon", "--kind", "student"]), 0)
            #expect(try !resource.appendingPathComponent("resource.yaml").read().contains(Allmenning.testTeacher))
        }
    }

    @Test("fork of a repository made by git keeps its history, gets a new id, credits the source and passes git fsck --strict")
    func forkKeepsHistory() throws {
        try withTemporaryDirectory { folder in
            let source = try makeResourceRepository(in: folder, manifest: validManifest(extra: """
                authors:
                  - { name: Kari Nordmann, role: teacher, org: Eksempel skole }
                """), commits: 4)
            let sourceHead = try GitCommandLine.run(["rev-parse", "HEAD"], in: source).trimmingCharacters(in: .newlines)
            let fork = folder.appendingPathComponent("min-brok")
            let result = try Allmenning.run(["fork", source.path, fork.path, "--org", "Nynorskskulen", "--format", "json"])
            expectExit(result, 0)
            let json = try result.json()
            #expect(json["licence"] as? String == "CC-BY-SA-4.0")

            #expect(try commitCount(fork) == 5, "the fork has the source's 4 commits and its own")
            #expect(try GitCommandLine.run(["rev-parse", "HEAD~1"], in: fork) == sourceHead + "\n")
            try GitCommandLine.run(["fsck", "--strict", "--no-dangling"], in: fork)
            #expect(try GitCommandLine.run(["status", "--porcelain"], in: fork).isEmpty)
            #expect(try GitCommandLine.run(["remote", "-v"], in: fork).contains("upstream\t\(source.path)"))
            #expect(try GitCommandLine.run(["log", "-1", "--format=%an|%s"], in: fork).hasPrefix("\(Allmenning.testTeacher)|Fork of Brøk med pizza"))

            let manifest = try fork.appendingPathComponent("resource.yaml").read()
            let newID = try #require(json["id"] as? String)
            #expect(newID != "01M82FGXV1GADSC78Z5PVSGCYE")
            #expect(manifest.contains("id: \(newID)"))
            #expect(manifest.contains("derivedFrom:"))
            #expect(manifest.contains("01M82FGXV1GADSC78Z5PVSGCYE"))
            #expect(manifest.contains(sourceHead))
            #expect(manifest.contains("repository: \(source.path)") || manifest.contains("repository: \"\(source.path)\""))
            #expect(manifest.contains("name: \(Allmenning.testTeacher)") || manifest.contains("name: \"\(Allmenning.testTeacher)\""))
            #expect(manifest.contains("Nynorskskulen"))
            expectExit(try Allmenning.run(["validate", fork.path]), 0)
            let attribution = try fork.appendingPathComponent("LICENCE.md").read()
            #expect(attribution.contains("«Brøk med pizza» — Kari Nordmann (Eksempel skole)"), "\(attribution)")
            #expect(attribution.contains("CC-BY-SA-4.0 (https://creativecommons.org/licenses/by-sa/4.0/legalcode)"))
            #expect(attribution.contains("\(source.path) (commit \(sourceHead.prefix(10)))"))
            #expect(attribution.contains("changed by \(Allmenning.testTeacher)"))

            try GitCommandLine.run(["clone", "-q", fork.path, folder.appendingPathComponent("clone").path], in: folder)
            #expect(try commitCount(folder.appendingPathComponent("clone")) == 5)

            // A fork of the fork: the provenance chain grows and history shows all of it.
            let second = folder.appendingPathComponent("andre")
            expectExit(try Allmenning.run(["fork", fork.path, second.path, "--name", "Ola Nordmann"]), 0)
            let history = try Allmenning.run(["history", second.path, "--format", "json"])
            expectExit(history, 0)
            let chain = try #require(try history.json()["provenance"] as? [[String: Any]])
            #expect(chain.count == 3)
            #expect(chain[1]["id"] as? String == newID)
            #expect(chain[2]["id"] as? String == "01M82FGXV1GADSC78Z5PVSGCYE")
            #expect(chain.allSatisfy { $0["licence"] as? String == "CC-BY-SA-4.0" })
            let originalAuthors = try #require(chain[2]["authors"] as? [[String: String]])
            #expect(originalAuthors.first?["name"] == "Kari Nordmann")
            #expect(try history.json()["totalCommits"] as? Int == 6)
            let text = try Allmenning.run(["history", second.path])
            #expect(text.stdout.contains("derived from \"Brøk med pizza\""), "\(text)")
            #expect(text.stdout.contains("Commits (6)"), "\(text)")
        }
    }

    @Test("fork over file:// and over HTTP from a server running git http-backend",
          .enabled(if: GitHTTPServer.isAvailable, "Tests/Support/git-http-server.py is missing"))
    func forkFromAddresses() throws {
        try withTemporaryDirectory { folder in
            let source = try makeResourceRepository(in: folder, manifest: validManifest(), commits: 2)
            expectExit(try Allmenning.run(["fork", "file://" + source.path, folder.appendingPathComponent("via-file").path]), 0)
            #expect(try commitCount(folder.appendingPathComponent("via-file")) == 3)

            let served = folder.appendingPathComponent("served")
            try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
            try GitCommandLine.run(["clone", "-q", "--bare", source.path, served.appendingPathComponent("brok.git").path], in: folder)
            let server = try GitHTTPServer(serving: served)
            let result = try Allmenning.run(["fork", server.url("brok.git")], in: folder)
            expectExit(result, 0)
            #expect(try commitCount(folder.appendingPathComponent("brok")) == 3)
            #expect(try folder.appendingPathComponent("brok/resource.yaml").read().contains(server.url("brok.git")))
            withExtendedLifetime(server) {}
        }
    }
}

@Suite("allmenning fork: refusals write nothing")
struct ForkRefusalTests {
    func expectRefused(_ arguments: [String], in folder: URL, exit code: Int32, mentioning words: [String]) throws {
        let before = try entries(of: folder)
        let result = try Allmenning.run(arguments, in: folder)
        expectExit(result, code)
        for word in words { #expect(result.stderr.contains(word), "\(word) is not in:\n\(result)") }
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(try entries(of: folder) == before, "the fork left something behind")
    }

    @Test("a CC BY-ND resource cannot be forked for adaptation")
    func noDerivatives() throws {
        try withTemporaryDirectory { folder in
            try makeResourceRepository(in: folder, manifest: validManifest().replacingOccurrences(of: "CC-BY-SA-4.0", with: "CC-BY-ND-4.0"))
            try expectRefused(["fork", "source", "copy"], in: folder, exit: 1, mentioning: ["CC-BY-ND-4.0", "Nothing was written"])
        }
    }

    @Test("a resource with one CC BY-ND file cannot be forked, and the message names the file")
    func oneNoDerivativesFile() throws {
        try withTemporaryDirectory { folder in
            let source = try makeResource(in: folder, named: "source", manifest: validManifest().replacingOccurrences(of: "CC-BY-SA-4.0", with: "CC-BY-4.0") + """

                files:
                  arbeidsark.md: { licence: CC-BY-ND-4.0, attribution: "Arbeidsark av Per Hansen" }
                """)
            try source.appendingPathComponent("arbeidsark.md").write("# Arbeidsark\n")
            try GitCommandLine.run(["init", "-q", "-b", "main"], in: source)
            try GitCommandLine.run(["add", "-A"], in: source)
            try GitCommandLine.run(["commit", "-q", "-m", "Første"], in: source)
            try expectRefused(["fork", "source", "copy"], in: folder, exit: 1, mentioning: ["arbeidsark.md", "CC-BY-ND-4.0"])
        }
    }

    @Test("ShareAlike: asking for another licence is refused; without --licence the fork keeps BY-SA")
    func shareAlike() throws {
        try withTemporaryDirectory { folder in
            try makeResourceRepository(in: folder, manifest: validManifest())
            try expectRefused(["fork", "source", "copy", "--licence", "CC-BY-4.0"], in: folder, exit: 1, mentioning: ["CC-BY-SA-4.0", "CC-BY-4.0"])
            try expectRefused(["fork", "source", "copy", "--licence", "CC-BY-NC-SA-4.0"], in: folder, exit: 1, mentioning: ["CC-BY-SA-4.0"])
            let result = try Allmenning.run(["fork", "source", "copy", "--format", "json"], in: folder)
            expectExit(result, 0)
            #expect(try result.json()["licence"] as? String == "CC-BY-SA-4.0")
        }
    }

    @Test("NonCommercial is kept: a CC BY-NC resource cannot become CC BY")
    func nonCommercial() throws {
        try withTemporaryDirectory { folder in
            try makeResourceRepository(in: folder, manifest: validManifest().replacingOccurrences(of: "CC-BY-SA-4.0", with: "CC-BY-NC-4.0"))
            try expectRefused(["fork", "source", "copy", "--licence", "CC-BY-4.0"], in: folder, exit: 1, mentioning: ["CC-BY-NC-4.0"])
            let result = try Allmenning.run(["fork", "source", "copy", "--licence", "CC-BY-NC-SA-4.0", "--format", "json"], in: folder)
            expectExit(result, 0)
            #expect(try folder.appendingPathComponent("copy/resource.yaml").read().contains("licence: CC-BY-NC-SA-4.0"))
            let attribution = try folder.appendingPathComponent("copy/LICENCE.md").read()
            #expect(attribution.contains("the adaptation is licensed CC-BY-NC-SA-4.0"), "\(attribution)")
            #expect(try GitCommandLine.run(["status", "--porcelain"], in: folder.appendingPathComponent("copy")).isEmpty)
        }
    }

    @Test("a folder that is not a repository, an unreachable address, a repository without a manifest, a missing path")
    func notForkable() throws {
        try withTemporaryDirectory { folder in
            try makeResource(in: folder, named: "plain", manifest: validManifest())
            try expectRefused(["fork", "plain", "copy"], in: folder, exit: 2, mentioning: ["not a git repository"])
            try expectRefused(["fork", "http://127.0.0.1:9/brok.git", "copy"], in: folder, exit: 2, mentioning: ["http://127.0.0.1:9/brok.git", "git says"])
            try expectRefused(["fork", "does-not-exist", "copy"], in: folder, exit: 2, mentioning: ["does-not-exist"])

            let bare = folder.appendingPathComponent("no-manifest")
            try GitCommandLine.makeRepository(at: bare, commits: 2)
            try expectRefused(["fork", "no-manifest", "copy"], in: folder, exit: 1, mentioning: ["no resource.yaml"])
            try expectRefused(["fork", "01M82FGXV1GADSC78Z5PVSGCYE", "copy"], in: folder, exit: 2, mentioning: ["catalogue"])
        }
    }

    @Test("a destination that exists is refused and left as it was")
    func destinationExists() throws {
        try withTemporaryDirectory { folder in
            try makeResourceRepository(in: folder, manifest: validManifest())
            try folder.appendingPathComponent("copy/mine.md").write("Mitt\n")
            try expectRefused(["fork", "source", "copy"], in: folder, exit: 2, mentioning: ["already exists"])
            #expect(try folder.appendingPathComponent("copy/mine.md").read() == "Mitt\n")
        }
    }
}
