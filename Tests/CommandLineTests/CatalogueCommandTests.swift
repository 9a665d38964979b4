import AllmenningCatalogue
import Foundation
import GitTestSupport
import Testing

/// A bare repository on main with Allmenning's hooks, writing to the catalogue in `data`.
private func hookedRepository(in folder: URL, data: URL) throws -> URL {
    let bare = folder.appendingPathComponent("brok.git")
    try FileManager.default.createDirectory(at: bare, withIntermediateDirectories: true)
    try GitCommandLine.run(["init", "-q", "--bare", "-b", "main"], in: bare)
    let installed = try Allmenning.run(["hooks", "install", bare.path, "--data", data.path, "--curricula", Allmenning.curriculaFolder.path])
    expectExit(installed, 0)
    #expect(installed.stdout.contains("hooks/pre-receive"))
    #expect(installed.stdout.contains("hooks/post-receive"))
    return bare
}

/// Runs the real git client with the tests' environment (the hooks it starts inherit it).
private func git(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String, errors: String) {
    try GitCommandLine.execute(arguments, in: directory)
}

/// What the catalogue shows to a reader: every resource and the statistics.
private func catalogueView(_ data: URL) throws -> String {
    let search = try Allmenning.run(["search", "--data", data.path, "--format", "json", "--limit", "100"])
    expectExit(search, 0)
    let stats = try Allmenning.run(["stats", "--data", data.path, "--format", "json"])
    expectExit(stats, 0)
    return search.stdout + stats.stdout
}

/// Makes `folder` a git repository whose first commit has every file in it.
private func commitFirstVersion(of folder: URL) throws {
    try GitCommandLine.run(["init", "-q", "-b", "main"], in: folder)
    try GitCommandLine.run(["add", "-A"], in: folder)
    try GitCommandLine.run(["commit", "-q", "-m", "Første versjon"], in: folder)
}

/// `count` resource repositories made by git in `folder`, with distinct ids and texts.
private func makeRepositories(_ count: Int, in folder: URL) throws -> [URL] {
    try (0..<count).map { number in
        let id = "01M82FH" + String(format: "%019d", number)
        let resource = try makeResource(in: folder, named: "ressurs-\(number)", manifest: validManifest(id: id))
        try resource.appendingPathComponent("index.md").write("# Ressurs \(number)\n\nOppgave \(number): del en pizza i \(number + 2) biter.\n")
        try commitFirstVersion(of: resource)
        return resource
    }
}

@Suite("Publishing by git push: the hooks check, refuse and index", .serialized)
struct PushHookTests {
    @Test("a valid resource pushed with git lands in the catalogue; a push with a blocking finding is refused with its reasons and changes nothing")
    func pushAndRefuse() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            let bare = try hookedRepository(in: folder, data: data)
            let work = try makeResource(in: folder, named: "arbeid", manifest: validManifest(extra: "aims: [KM13277]\nsubjects: [MAT01-06]"))
            try commitFirstVersion(of: work)
            try GitCommandLine.run(["remote", "add", "origin", bare.path], in: work)

            let pushed = try git(["push", "origin", "main"], in: work)
            #expect(pushed.status == 0, "\(pushed.errors)")
            #expect(pushed.errors.contains("remote: Allmenning: main"), "\(pushed.errors)")
            #expect(pushed.errors.contains("remote: Allmenning: Published in the catalogue: \"Brøk med pizza\""), "\(pushed.errors)")

            let found = try Allmenning.run(["search", "--data", data.path, "pizza", "--format", "json"])
            expectExit(found, 0)
            let json = try found.json()
            #expect(json["total"] as? Int == 1)
            let hit = try #require((json["results"] as? [[String: Any]])?.first)
            #expect(hit["id"] as? String == "01M82FGXV1GADSC78Z5PVSGCYE")
            #expect(hit["commit"] as? String == (try GitCommandLine.run(["rev-parse", "main"], in: bare).trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(try Allmenning.run(["search", "--data", data.path, "--aim", "KM13277", "--format", "json"]).json()["total"] as? Int == 1)

            let before = try catalogueView(data)
            let acceptedHead = try GitCommandLine.run(["rev-parse", "main"], in: bare)
            try work.appendingPathComponent("resource.yaml").write(validManifest().replacingOccurrences(of: "licence: CC-BY-SA-4.0", with: "licence: CC-BY-SA-9.9"))
            try GitCommandLine.run(["commit", "-q", "-am", "Feil lisens"], in: work)
            let refused = try git(["push", "origin", "main"], in: work)
            #expect(refused.status != 0)
            #expect(refused.errors.contains("remote: Allmenning: main"), "\(refused.errors)")
            #expect(refused.errors.contains("was not accepted"), "\(refused.errors)")
            let licenceLine = try #require(lineNumber(of: "licence:", in: try work.appendingPathComponent("resource.yaml").read()))
            #expect(refused.errors.contains("remote: Allmenning:   resource.yaml:\(licenceLine) [manifest.invalid-licence]"), "the file and line are shown: \(refused.errors)")
            #expect(refused.errors.contains("pre-receive hook declined"), "\(refused.errors)")
            #expect(try GitCommandLine.run(["rev-parse", "main"], in: bare) == acceptedHead)
            #expect(try catalogueView(data) == before)
        }
    }

    @Test("deleting the published branch removes the resource from search; another branch is not published")
    func branchDeletion() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            let bare = try hookedRepository(in: folder, data: data)
            try GitCommandLine.run(["config", "receive.denyDeleteCurrent", "ignore"], in: bare)
            let work = try makeResourceRepository(in: folder, named: "arbeid", manifest: validManifest(), commits: 1)
            try GitCommandLine.run(["remote", "add", "origin", bare.path], in: work)
            #expect(try git(["push", "origin", "main", "main:utkast"], in: work).status == 0)
            #expect(try Allmenning.run(["search", "--data", data.path, "--format", "json"]).json()["total"] as? Int == 1)

            let deleted = try git(["push", "origin", ":main"], in: work)
            #expect(deleted.status == 0, "\(deleted.errors)")
            #expect(deleted.errors.contains("removed from the catalogue's search"), "\(deleted.errors)")
            #expect(try Allmenning.run(["search", "--data", data.path, "--format", "json"]).json()["total"] as? Int == 0)
            let stats = try Allmenning.run(["stats", "--data", data.path, "--format", "json"]).json()
            #expect(stats["deleted"] as? Int == 1)
        }
    }
}

@Suite("allmenning index: bulk runs, bad input, crash safety", .serialized)
struct IndexCommandTests {
    @Test("a broken manifest and a folder that is no resource are reported and skipped; the rest is published")
    func badInputInBulk() throws {
        try withTemporaryDirectory { folder in
            let repositories = folder.appendingPathComponent("repositories")
            let good = try makeRepositories(2, in: repositories)
            let broken = try makeResource(in: repositories, named: "broken", manifest: "manifest: 1\nid: 01M82FH\ntitle: { nb: [oops\n")
            try commitFirstVersion(of: broken)
            try FileManager.default.createDirectory(at: repositories.appendingPathComponent("empty"), withIntermediateDirectories: true)
            try GitCommandLine.run(["init", "-q", "-b", "main"], in: repositories.appendingPathComponent("empty"))

            let data = folder.appendingPathComponent("data")
            let result = try Allmenning.run(["index", repositories.path, "--data", data.path, "--format", "json"])
            expectExit(result, 1)
            let events = result.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(events.count == 5, "one line per repository and a summary: \(result)")
            var byName: [String: [String: Any]] = [:]
            for event in events.dropLast() { byName[((event["repository"] as? String ?? "") as NSString).lastPathComponent] = event }
            #expect(byName["broken"]?["status"] as? String == "refused")
            let finding = try #require((byName["broken"]?["findings"] as? [[String: Any]])?.first)
            #expect(finding["path"] as? String == "resource.yaml")
            #expect(finding["line"] as? Int == 3)
            #expect(byName["empty"]?["status"] as? String == "empty")
            for repository in good { #expect(byName[repository.lastPathComponent]?["status"] as? String == "published") }
            let summary = try #require(events.last)
            #expect(summary["event"] as? String == "summary")
            #expect(summary["published"] as? Int == 2)
            #expect(summary["refused"] as? Int == 1)
        }
    }

    @Test("killed with SIGKILL in the middle of a bulk run, the catalogue stays whole and a rerun completes the rest")
    func killedMidRun() throws {
        try withTemporaryDirectory { folder in
            let repositories = folder.appendingPathComponent("repositories")
            let count = 30
            _ = try makeRepositories(count, in: repositories)
            let data = folder.appendingPathComponent("data")

            let process = Process()
            process.executableURL = try Allmenning.executable.get()
            process.arguments = ["index", repositories.path, "--data", data.path, "--curricula", Allmenning.curriculaFolder.path, "--format", "json"]
            process.environment = Allmenning.baseEnvironment()
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Kill it once a few repositories are in, while it is writing the next ones.
            var seen = 0
            var buffer = Data()
            while seen < 4 {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                seen = buffer.split(separator: UInt8(ascii: "\n")).count
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            #expect(seen >= 4 && seen < count, "killed after \(seen) of \(count)")

            let store = try SQLiteCatalogue(file: data.appendingPathComponent("catalogue.sqlite"))
            #expect(try store.integrityProblems() == [])
            let afterKill = try store.statistics(curricula: nil)
            #expect(afterKill.resources >= 4 && afterKill.resources < count)
            #expect(afterKill.versions == afterKill.resources, "no version without its resource, none half-written")

            let rerun = try Allmenning.run(["index", repositories.path, "--data", data.path, "--curricula", Allmenning.curriculaFolder.path, "--format", "json"],
                                           timeout: 120)
            expectExit(rerun, 0)
            let lastLine = try #require(rerun.stdout.split(separator: "\n").last)
            let summary = try #require(JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any])
            #expect(summary["unchanged"] as? Int == afterKill.resources)
            #expect(summary["published"] as? Int == count - afterKill.resources)
            #expect(try store.integrityProblems() == [])
            #expect(try store.statistics(curricula: nil).resources == count)
        }
    }

    @Test("stats counts resources per facet and lists a curriculum's aims that no resource declares")
    func statistics() throws {
        try withTemporaryDirectory { folder in
            let resource = try makeResource(in: folder.appendingPathComponent("repositories"), named: "brok",
                                            manifest: validManifest(extra: "aims: [KM13277]\nsubjects: [MAT01-06]\nlevel: [\"6\"]"))
            try commitFirstVersion(of: resource)
            let data = folder.appendingPathComponent("data")
            expectExit(try Allmenning.run(["index", resource.path, "--data", data.path, "--curricula", Allmenning.curriculaFolder.path]), 0)
            let stats = try Allmenning.run(["stats", "--data", data.path, "--curricula", Allmenning.curriculaFolder.path, "--format", "json"]).json()
            #expect(stats["resources"] as? Int == 1)
            let levels = try #require((stats["declared"] as? [String: Any])?["level"] as? [[String: Any]])
            #expect(levels.map { "\($0["value"] ?? "") \($0["count"] ?? "")" } == ["6 1"])
            let curricula = try #require(stats["curricula"] as? [[String: Any]])
            #expect(curricula.map { $0["curriculum"] as? String } == ["MAT01-06"])
            let mathematics = try #require(curricula.first)
            #expect(mathematics["declared"] as? Int == 1)
            let gaps = try #require(mathematics["gaps"] as? [String])
            #expect(!gaps.contains("KM13277"))
            #expect(gaps.contains("KM13278"))
            #expect((mathematics["aims"] as? Int ?? 0) == 1 + gaps.count + ((mathematics["onlySuggested"] as? [String])?.count ?? -1))
            let text = try Allmenning.run(["stats", "--data", data.path, "--curricula", Allmenning.curriculaFolder.path])
            #expect(text.stdout.contains("MAT01-06 Mathematics: 1 of"), "\(text)")
            #expect(text.stdout.contains("after 6: "), "gaps grouped by school year: \(text)")
        }
    }

    @Test("search from the command line: facets and reasons in text, quotes and FTS syntax as plain words")
    func searchCommand() throws {
        try withTemporaryDirectory { folder in
            let repositories = folder.appendingPathComponent("repositories")
            _ = try makeRepositories(3, in: repositories)
            let data = folder.appendingPathComponent("data")
            expectExit(try Allmenning.run(["index", repositories.path, "--data", data.path]), 0)
            let text = try Allmenning.run(["search", "--data", data.path, "biter"])
            expectExit(text, 0)
            #expect(text.stdout.contains("3 resources match"))
            #expect(text.stdout.contains("matched: body: biter"))
            #expect(text.stdout.contains("licence: CC-BY-SA-4.0 (3)"))
            for hostile in ["\"biter", "NEAR(biter pizza, 2)", "biter OR", "title:biter*", String(repeating: "\"(*^:", count: 2500)] {
                let result = try Allmenning.run(["search", "--data", data.path, "--format", "json", "--", hostile])
                expectExit(result, 0)
                #expect(try result.json()["total"] is Int)
            }
        }
    }
}
