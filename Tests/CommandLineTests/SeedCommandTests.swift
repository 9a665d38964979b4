import Foundation
import GitTestSupport
import Testing

/// Two originals from Content/ and their adaptations: the pizza lesson (drawings) and the
/// photosynthesis lesson (a video, binary, and WebVTT captions).
private let originalsAndAdaptations = [
    ("brok-med-pizza", "brok-med-pizza-nynorsk"),
    ("photosynthesis-explained", "fotosyntesen-forklarad"),
]

/// Copies Content/ folders into `folder/resources` and returns that folder.
private func copyContent(_ names: [String], into folder: URL) throws -> URL {
    let resources = folder.appendingPathComponent("resources")
    try FileManager.default.createDirectory(at: resources, withIntermediateDirectories: true)
    for name in names {
        try FileManager.default.copyItem(at: Allmenning.contentFolder.appendingPathComponent(name), to: resources.appendingPathComponent(name))
    }
    return resources
}

private func seed(_ resources: URL, data: URL, format: String = "json") throws -> CommandResult {
    try Allmenning.run(["seed", resources.path, "--data", data.path, "--curricula", Allmenning.curriculaFolder.path, "--format", format],
                       timeout: 120)
}

/// The JSON lines of `seed --format json`, keyed by folder, and the summary line.
private func events(_ result: CommandResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> (byFolder: [String: [String: Any]], summary: [String: Any]) {
    let lines = result.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    let objects = try lines.map { try #require($0, "every line is a JSON object:\n\(result)", sourceLocation: sourceLocation) }
    let summary = try #require(objects.last, sourceLocation: sourceLocation)
    #expect(summary["event"] as? String == "summary", sourceLocation: sourceLocation)
    var byFolder: [String: [String: Any]] = [:]
    for object in objects.dropLast() {
        #expect(object["event"] as? String == "resource", sourceLocation: sourceLocation)
        byFolder[object["folder"] as? String ?? ""] = object
    }
    return (byFolder, summary)
}

private func repository(_ name: String, in data: URL) -> URL {
    data.appendingPathComponent("repositories/\(name).git")
}

private func git(_ arguments: [String], in directory: URL) throws -> String {
    try GitCommandLine.run(arguments, in: directory).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// What the catalogue shows a reader: every resource, and the statistics.
private func catalogueView(_ data: URL) throws -> String {
    let search = try Allmenning.run(["search", "--data", data.path, "--format", "json", "--limit", "100"])
    expectExit(search, 0)
    let stats = try Allmenning.run(["stats", "--data", data.path, "--format", "json"])
    expectExit(stats, 0)
    return search.stdout + stats.stdout
}

/// Every reference of every seeded repository with what it points to, and the hooks' text.
private func repositoriesView(_ data: URL) throws -> String {
    let folder = data.appendingPathComponent("repositories")
    return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { name in
        let bare = folder.appendingPathComponent(name)
        let hooks = try ["pre-receive", "post-receive"].map { try bare.appendingPathComponent("hooks/\($0)").read() }
        return name + "\n" + (try git(["for-each-ref"], in: bare)) + "\n" + hooks.joined()
    }.joined(separator: "\n")
}

@Suite("allmenning seed: resource folders become hooked, indexed repositories; adaptations are forks", .serialized)
struct SeedCommandTests {
    @Test("originals and adaptations become bare repositories with the hooks; an adaptation's history contains its original's commit; all are found, and a clone gives the folder byte for byte")
    func seedsOriginalsAndForks() throws {
        try withTemporaryDirectory { folder in
            let resources = try copyContent(originalsAndAdaptations.flatMap { [$0.0, $0.1] }, into: folder)
            let data = folder.appendingPathComponent("data")
            let result = try seed(resources, data: data)
            expectExit(result, 0)
            let (byFolder, summary) = try events(result)
            #expect(byFolder.count == 4)
            #expect(summary["created"] as? Int == 4)
            #expect(summary["published"] as? Int == 4)
            let order = result.stdout.split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["folder"] as? String
            }

            for (original, adaptation) in originalsAndAdaptations {
                #expect(order.firstIndex(of: original)! < order.firstIndex(of: adaptation)!, "the original is seeded first: \(order)")
                for name in [original, adaptation] {
                    let event = try #require(byFolder[name])
                    #expect(event["status"] as? String == "created")
                    #expect(event["published"] as? Bool == true)
                    #expect(event["hooksInstalled"] as? Bool == true)
                    let bare = repository(name, in: data)
                    #expect(event["repository"] as? String == bare.path)
                    #expect(try git(["rev-parse", "--is-bare-repository"], in: bare) == "true")
                    #expect(try git(["rev-parse", "main"], in: bare) == event["commit"] as? String)
                    #expect(try git(["log", "-1", "--format=%an <%ae>"], in: bare) == "Allmenning-redaksjonen <redaksjonen@allmenning.invalid>")
                    for hook in ["pre-receive", "post-receive"] {
                        let script = bare.appendingPathComponent("hooks/\(hook)")
                        #expect(FileManager.default.isExecutableFile(atPath: script.path))
                        let text = try script.read()
                        #expect(text.contains("'hooks' 'run' '\(hook)' '--data' '\(data.path)'"), "\(text)")
                        #expect(text.contains("'--curricula' '\(Allmenning.curriculaFolder.standardizedFileURL.path)'"), "\(text)")
                    }
                    try GitCommandLine.run(["fsck", "--strict", "--no-dangling"], in: bare)
                }

                let originalBare = repository(original, in: data), adaptationBare = repository(adaptation, in: data)
                let originalCommit = try git(["rev-parse", "main"], in: originalBare)
                try GitCommandLine.run(["fetch", "-q", originalBare.path, "main:refs/test/original"], in: adaptationBare)
                let shared = try GitCommandLine.execute(["merge-base", "--is-ancestor", originalCommit, "main"], in: adaptationBare)
                #expect(shared.status == 0, "the adaptation's history contains the original's commit")
                let adaptationCommit = try git(["rev-parse", "main"], in: adaptationBare)
                let reverse = try GitCommandLine.execute(["merge-base", "--is-ancestor", adaptationCommit, "refs/test/original"], in: adaptationBare)
                #expect(reverse.status == 1, "and not the other way round")
                #expect(try git(["merge-base", "main", "refs/test/original"], in: adaptationBare) == originalCommit)
                #expect(try git(["rev-parse", "main^"], in: adaptationBare) == originalCommit, "the adaptation is one commit on top")
                #expect(try git(["remote", "get-url", "upstream"], in: adaptationBare) == originalBare.path)
                let upstream = try #require(byFolder[adaptation]?["upstream"] as? [String: Any])
                #expect(upstream["commit"] as? String == originalCommit)
                #expect(upstream["repository"] as? String == originalBare.path)
            }

            let pizza = try Allmenning.run(["search", "--data", data.path, "pizza", "--format", "json"]).json()
            let pizzaHits = try #require(pizza["results"] as? [[String: Any]])
            #expect(Set(pizzaHits.compactMap { $0["repository"] as? String })
                    == Set(["brok-med-pizza", "brok-med-pizza-nynorsk"].map { repository($0, in: data).path }))
            let photosynthesis = try Allmenning.run(["search", "--data", data.path, "fotosyntes", "--format", "json"]).json()
            let photosynthesisHits = try #require(photosynthesis["results"] as? [[String: Any]])
            #expect(Set(photosynthesisHits.compactMap { $0["repository"] as? String })
                    == Set(["photosynthesis-explained", "fotosyntesen-forklarad"].map { repository($0, in: data).path }))

            for name in byFolder.keys {
                let clone = folder.appendingPathComponent("clones/\(name)")
                try FileManager.default.createDirectory(at: clone.deletingLastPathComponent(), withIntermediateDirectories: true)
                try GitCommandLine.run(["clone", "-q", repository(name, in: data).path, clone.path], in: folder)
                let cloned = try snapshot(of: clone).filter { !$0.key.hasPrefix(".git/") }
                let original = try snapshot(of: resources.appendingPathComponent(name))
                #expect(cloned == original, "\(name): a clone has the folder's files, byte for byte")
                #expect(cloned.keys.contains { $0.hasSuffix(".mp4") } == (name.hasPrefix("fotosyntes") || name.hasPrefix("photosynthesis")))
            }
        }
    }

    @Test("seeding again reports unchanged and changes nothing; a changed file becomes a new version on top; a repository pushed to since is kept")
    func reseeding() throws {
        try withTemporaryDirectory { folder in
            let resources = try copyContent(["brok-med-pizza", "brok-med-pizza-nynorsk"], into: folder)
            let data = folder.appendingPathComponent("data")
            expectExit(try seed(resources, data: data), 0)
            let catalogueBefore = try catalogueView(data)
            let repositoriesBefore = try repositoriesView(data)

            let again = try seed(resources, data: data, format: "text")
            expectExit(again, 0)
            let lines = again.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 3, "\(again)")
            #expect(lines[0].hasPrefix("unchanged  brok-med-pizza  01M82EZD6DXN085RY0X6RECPA6  published ("), "\(again)")
            #expect(lines[1].hasPrefix("unchanged  brok-med-pizza-nynorsk  01M82EZDBNQ0DNSR8HDEYJS0HX  published ("), "\(again)")
            #expect(lines[1].contains("adaptation of 01M82EZD6DXN085RY0X6RECPA6"), "\(again)")
            #expect(lines[2].hasPrefix("2 resources in "), "\(again)")
            #expect(lines[2].hasSuffix("0 created, 0 updated, 2 unchanged, 0 kept, 0 refused; 2 published in the catalogue."), "\(again)")
            #expect(try catalogueView(data) == catalogueBefore, "the catalogue is byte for byte the same")
            #expect(try repositoriesView(data) == repositoriesBefore, "no reference moved and the hooks are the same")

            let pizza = repository("brok-med-pizza", in: data)
            let firstCommit = try git(["rev-parse", "main"], in: pizza)
            let page = resources.appendingPathComponent("brok-med-pizza/index.html")
            try page.write(try page.read().replacingOccurrences(of: "</main>", with: "<p>Ekstraoppgave: del en pizza i tolv biter.</p>\n</main>"))
            let changed = try seed(resources, data: data)
            expectExit(changed, 0)
            let (byFolder, summary) = try events(changed)
            #expect(byFolder["brok-med-pizza"]?["status"] as? String == "updated")
            #expect(byFolder["brok-med-pizza-nynorsk"]?["status"] as? String == "unchanged")
            #expect(summary["updated"] as? Int == 1 && summary["unchanged"] as? Int == 1)
            let secondCommit = try git(["rev-parse", "main"], in: pizza)
            #expect(secondCommit != firstCommit)
            #expect(byFolder["brok-med-pizza"]?["commit"] as? String == secondCommit)
            #expect(try git(["rev-parse", "main^"], in: pizza) == firstCommit, "the new version is a commit on top")
            #expect(try git(["diff", "--name-only", firstCommit, secondCommit], in: pizza) == "index.html")
            let found = try Allmenning.run(["search", "--data", data.path, "tolv", "--format", "json"]).json()
            let hit = try #require((found["results"] as? [[String: Any]])?.first)
            #expect(hit["commit"] as? String == secondCommit, "the new version is the one in the catalogue")
            let stats = try Allmenning.run(["stats", "--data", data.path, "--format", "json"]).json()
            #expect(stats["resources"] as? Int == 2)
            #expect(stats["versions"] as? Int == 3)

            // A teacher pushes a new version through the hooks; the folder then changes too.
            let work = folder.appendingPathComponent("work")
            try GitCommandLine.run(["clone", "-q", pizza.path, work.path], in: folder)
            try work.appendingPathComponent("index.html").write(try work.appendingPathComponent("index.html").read()
                .replacingOccurrences(of: "</main>", with: "<p>Lærerens egen oppgave.</p>\n</main>"))
            try GitCommandLine.run(["commit", "-q", "-am", "Egen oppgave"], in: work)
            let pushed = try GitCommandLine.execute(["push", "origin", "main"], in: work)
            #expect(pushed.status == 0, "\(pushed.errors)")
            let pushedCommit = try git(["rev-parse", "main"], in: pizza)
            #expect(pushedCommit == (try git(["rev-parse", "HEAD"], in: work)))
            try page.write(try page.read().replacingOccurrences(of: "tolv biter", with: "seksten biter"))
            let kept = try seed(resources, data: data)
            expectExit(kept, 0)
            let keptEvent = try #require(try events(kept).byFolder["brok-med-pizza"])
            #expect(keptEvent["status"] as? String == "kept")
            #expect((keptEvent["message"] as? String ?? "").contains("pushed after it was seeded"), "\(keptEvent)")
            #expect(try git(["rev-parse", "main"], in: pizza) == pushedCommit, "the pushed version stays")
            #expect(keptEvent["published"] as? Bool == true)
        }
    }

    @Test("a broken manifest, an unknown original, a circle of adaptations and an adaptation of a refused folder are refused with reasons; the rest is seeded")
    func refusals() throws {
        try withTemporaryDirectory { folder in
            let resources = try copyContent(["brok-med-pizza"], into: folder)
            let broken = "manifest: 1\nid: 01M82FH\ntitle: { nb: [oops\n"
            try makeResource(in: resources, named: "broken", manifest: broken)
            func adaptation(id: String, of original: String) -> String {
                validManifest(id: id, extra: "derivedFrom:\n  - { id: \(original), licence: CC-BY-SA-4.0, title: { nb: Originalen } }\n")
            }
            try makeResource(in: resources, named: "orphan", manifest: adaptation(id: "01M82FGXV1GADSC78Z5PVSGC10", of: "01M82FGXV1GADSC78Z5PVSGCZZ"))
            try makeResource(in: resources, named: "orphan-adaptation", manifest: adaptation(id: "01M82FGXV1GADSC78Z5PVSGC11", of: "01M82FGXV1GADSC78Z5PVSGC10"))
            try makeResource(in: resources, named: "ring-a", manifest: adaptation(id: "01M82FGXV1GADSC78Z5PVSGC20", of: "01M82FGXV1GADSC78Z5PVSGC21"))
            try makeResource(in: resources, named: "ring-b", manifest: adaptation(id: "01M82FGXV1GADSC78Z5PVSGC21", of: "01M82FGXV1GADSC78Z5PVSGC20"))
            try FileManager.default.createDirectory(at: resources.appendingPathComponent("notes-without-manifest"), withIntermediateDirectories: true)
            let data = folder.appendingPathComponent("data")

            let result = try seed(resources, data: data)
            expectExit(result, 1)
            let (byFolder, summary) = try events(result)
            #expect(Set(byFolder.keys) == ["brok-med-pizza", "broken", "orphan", "orphan-adaptation", "ring-a", "ring-b"], "a folder without resource.yaml is not a resource")
            #expect(byFolder["brok-med-pizza"]?["status"] as? String == "created")
            #expect(byFolder["brok-med-pizza"]?["published"] as? Bool == true)
            #expect(summary["refused"] as? Int == 5 && summary["created"] as? Int == 1)

            let brokenEvent = try #require(byFolder["broken"])
            #expect(brokenEvent["status"] as? String == "refused")
            let finding = try #require((brokenEvent["findings"] as? [[String: Any]])?.first)
            #expect(finding["path"] as? String == "broken/resource.yaml")
            #expect(finding["line"] as? Int == 3)
            #expect((byFolder["orphan"]?["message"] as? String ?? "").contains("01M82FGXV1GADSC78Z5PVSGCZZ"), "\(byFolder["orphan"] ?? [:])")
            #expect((byFolder["orphan-adaptation"]?["message"] as? String ?? "").contains("The original orphan"), "\(byFolder["orphan-adaptation"] ?? [:])")
            #expect((byFolder["ring-a"]?["message"] as? String ?? "").contains("ring-a → ring-b → ring-a"), "\(byFolder["ring-a"] ?? [:])")
            #expect((byFolder["ring-b"]?["message"] as? String ?? "").contains("ring-b → ring-a → ring-b"), "\(byFolder["ring-b"] ?? [:])")
            let written = try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("repositories").path)
            #expect(written == ["brok-med-pizza.git"], "nothing is written for a refused folder")

            let text = try seed(resources, data: data, format: "text")
            expectExit(text, 1)
            #expect(text.stdout.contains("refused    broken\n"), "\(text)")
            #expect(text.stdout.contains("broken/resource.yaml:3"), "the file and line: \(text)")
        }
    }

    @Test("an adaptation of a resource seeded earlier from another folder is a fork of that resource's repository")
    func originalFromTheCatalogue() throws {
        try withTemporaryDirectory { folder in
            let first = try copyContent(["brok-med-pizza"], into: folder.appendingPathComponent("first"))
            let second = try copyContent(["brok-med-pizza-nynorsk"], into: folder.appendingPathComponent("second"))
            let data = folder.appendingPathComponent("data")
            expectExit(try seed(first, data: data), 0)
            let result = try seed(second, data: data)
            expectExit(result, 0)
            let event = try #require(try events(result).byFolder["brok-med-pizza-nynorsk"])
            #expect(event["status"] as? String == "created")
            let original = repository("brok-med-pizza", in: data)
            let upstream = try #require(event["upstream"] as? [String: Any])
            #expect(upstream["repository"] as? String == original.path)
            #expect(try git(["rev-parse", "main^"], in: repository("brok-med-pizza-nynorsk", in: data)) == (try git(["rev-parse", "main"], in: original)))
        }
    }

    @Test("hooks name the program's own file also when it was started by a bare name found through PATH")
    func hooksThroughPath() throws {
        try withTemporaryDirectory { folder in
            _ = try copyContent(["brok-med-pizza"], into: folder)
            let data = folder.appendingPathComponent("data")
            let executable = try Allmenning.executable.get()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["allmenning", "seed", "resources", "--data", "data", "--curricula", Allmenning.curriculaFolder.path]
            var environment = Allmenning.baseEnvironment()
            environment["PATH"] = executable.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            process.environment = environment
            process.currentDirectoryURL = folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let hook = try repository("brok-med-pizza", in: data).appendingPathComponent("hooks/post-receive").read()
            #expect(hook.contains("exec '\(executable.path)' 'hooks' 'run' 'post-receive' '--data' '\(data.path)'"), "\(hook)")
        }
    }

    @Test("a folder that does not exist, or holds no resource folder, is a command that could not run")
    func couldNotRun() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            let missing = try seed(folder.appendingPathComponent("missing"), data: data)
            expectExit(missing, 2)
            #expect(missing.stderr.contains("There is no folder"), "\(missing)")
            let empty = try seed(folder, data: data)
            expectExit(empty, 2)
            #expect(empty.stderr.contains("Found no resource folders"), "\(empty)")
        }
    }
}

/// The git side of seed with small resources and no curriculum packs: the competence-aims
/// plugin's index of every aim takes minutes under AddressSanitizer, so this is the suite
/// Scripts/leak-check.sh runs to check seed's libgit2 calls (create, clone, commit on top).
@Suite("allmenning seed: the git layer with small resources (run under the sanitizers too)", .serialized)
struct SeedGitLayerTests {
    @Test("an original and its adaptation are created, seeding again changes nothing, a change is a commit on top")
    func createForkUpdate() throws {
        try withTemporaryDirectory { folder in
            let resources = folder.appendingPathComponent("resources")
            let originalID = "01M82FGXV1GADSC78Z5PVSGC30"
            try makeResource(in: resources, named: "original", manifest: validManifest(id: originalID))
            try makeResource(in: resources, named: "adaptation", manifest: validManifest(
                id: "01M82FGXV1GADSC78Z5PVSGC31",
                extra: "derivedFrom:\n  - { id: \(originalID), licence: CC-BY-SA-4.0, title: { nb: Brøk med pizza } }\n"))
            let data = folder.appendingPathComponent("data")
            func seed() throws -> CommandResult {
                try Allmenning.run(["seed", resources.path, "--data", data.path, "--format", "json"], timeout: 120)
            }

            let first = try seed()
            expectExit(first, 0)
            #expect(try events(first).summary["created"] as? Int == 2)
            let original = repository("original", in: data), adaptation = repository("adaptation", in: data)
            let originalCommit = try git(["rev-parse", "main"], in: original)
            #expect(try git(["rev-parse", "main^"], in: adaptation) == originalCommit)

            let again = try seed()
            expectExit(again, 0)
            #expect(try events(again).summary["unchanged"] as? Int == 2)
            #expect(try git(["rev-parse", "main"], in: original) == originalCommit)

            try resources.appendingPathComponent("original/index.md").write("# Brøk med pizza\n\nNå med tolv biter.\n")
            let changed = try seed()
            expectExit(changed, 0)
            #expect(try events(changed).byFolder["original"]?["status"] as? String == "updated")
            #expect(try git(["rev-parse", "main^"], in: original) == originalCommit)
            try GitCommandLine.run(["fsck", "--strict", "--no-dangling"], in: original)
            try GitCommandLine.run(["fsck", "--strict", "--no-dangling"], in: adaptation)
        }
    }
}
