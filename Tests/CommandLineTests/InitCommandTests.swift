import Foundation
import Testing

@Suite("allmenning init")
struct InitCommandTests {
    @Test("init creates resource.yaml, index.md and LICENCE.md, and validate accepts the result")
    func createsAValidResource() throws {
        try withTemporaryDirectory { folder in
            let resource = folder.appendingPathComponent("brok")
            let created = try Allmenning.run(["init", resource.path, "--title", "Brøk med pizza", "--language", "nn",
                                              "--licence", "CC-BY-4.0", "--kind", "teacher"])
            expectExit(created, 0)
            let files = try FileManager.default.contentsOfDirectory(atPath: resource.path).sorted()
            #expect(files == [".git", "LICENCE.md", "index.md", "resource.yaml"])

            let manifest = try resource.appendingPathComponent("resource.yaml").read()
            #expect(manifest.contains("nn: \"Brøk med pizza\""))
            #expect(manifest.contains("language: [nn]"))
            #expect(manifest.contains("kind: teacher"))
            #expect(manifest.contains("CC-BY-4.0"))
            #expect(manifest.contains("entry: index.md"))
            let licence = try resource.appendingPathComponent("LICENCE.md").read()
            #expect(licence.contains("CC-BY-4.0"))
            #expect(licence.contains("creativecommons.org/licenses/by/4.0"))
            #expect(try resource.appendingPathComponent("index.md").read().contains("# Brøk med pizza"))

            let validated = try Allmenning.run(["validate", resource.path])
            expectExit(validated, 0)
            #expect(validated.stdout.contains("0 errors"), "\(validated)")
            // No warnings either: a fresh resource should be clean.
            #expect(validated.stdout.contains("0 warnings"), "\(validated)")
        }
    }

    @Test("init --format json prints the new id, a 26-character ULID")
    func jsonPrintsTheID() throws {
        try withTemporaryDirectory { folder in
            let resource = folder.appendingPathComponent("r")
            let result = try Allmenning.run(["init", resource.path, "--title", "T", "--format", "json"])
            expectExit(result, 0)
            let object = try result.json()
            let id = try #require(object["id"] as? String, "no id in \(result.stdout)")
            #expect(id.count == 26)
            #expect(id.wholeMatch(of: /[0-7][0-9A-HJKMNP-TV-Z]{25}/) != nil, "not a ULID: \(id)")
            #expect(object["created"] as? [String] == ["resource.yaml", "index.md", "LICENCE.md"])
            #expect(object["kept"] as? [String] == [])
            #expect(object["resource"] as? String == resource.path)
            // The id in the output is the id in the manifest.
            #expect(try resource.appendingPathComponent("resource.yaml").read().contains("id: \(id)"))
        }
    }

    @Test("two inits make two different ids")
    func idsDiffer() throws {
        try withTemporaryDirectory { folder in
            let first = try Allmenning.run(["init", folder.appendingPathComponent("a").path, "--title", "A", "--format", "json"])
            let second = try Allmenning.run(["init", folder.appendingPathComponent("b").path, "--title", "B", "--format", "json"])
            expectExit(first, 0)
            expectExit(second, 0)
            #expect(try first.json()["id"] as? String != second.json()["id"] as? String)
        }
    }

    @Test("init in a folder that is already a resource exits 2 and changes nothing")
    func secondInitChangesNothing() throws {
        try withTemporaryDirectory { folder in
            let resource = folder.appendingPathComponent("r")
            expectExit(try Allmenning.run(["init", resource.path, "--title", "First"]), 0)
            // Make the entry page the author's own, so a rewrite would show.
            try resource.appendingPathComponent("index.md").write("# My own page\n")
            let before = try snapshot(of: resource)

            let again = try Allmenning.run(["init", resource.path, "--title", "Second", "--licence", "CC0-1.0"])
            expectExit(again, 2)
            #expect(again.stderr.contains("resource.yaml"), "\(again)")
            #expect(again.stderr.contains("already exists"), "\(again)")
            #expect(again.stdout.isEmpty)
            let after = try snapshot(of: resource)
            #expect(after == before, "files changed: \(Set(after.keys).symmetricDifference(before.keys)) or their bytes")
        }
    }

    @Test("init keeps an existing entry page and licence file")
    func keepsExistingFiles() throws {
        try withTemporaryDirectory { folder in
            try folder.appendingPathComponent("index.html").write("<h1>Mine</h1>")
            try folder.appendingPathComponent("LICENCE.md").write("my licence\n")
            let result = try Allmenning.run(["init", folder.path, "--title", "T", "--format", "json"])
            expectExit(result, 0)
            #expect(try result.json()["kept"] as? [String] == ["index.html", "LICENCE.md"])
            #expect(try folder.appendingPathComponent("index.html").read() == "<h1>Mine</h1>")
            #expect(try folder.appendingPathComponent("LICENCE.md").read() == "my licence\n")
            #expect(try folder.appendingPathComponent("resource.yaml").read().contains("entry: index.html"))
        }
    }

    @Test("init with an invalid value exits 2 and writes nothing",
          arguments: [("--licence", "CC BY"), ("--language", "norsk"), ("--kind", "pupil"), ("--title", "  ")])
    func invalidValueWritesNothing(option: String, value: String) throws {
        try withTemporaryDirectory { folder in
            // A folder that does not exist yet must not be created…
            let missing = folder.appendingPathComponent("new-resource")
            var arguments = ["init", missing.path, option, value]
            if option != "--title" { arguments += ["--title", "T"] }
            let result = try Allmenning.run(arguments)
            expectExit(result, 2)
            #expect(!FileManager.default.fileExists(atPath: missing.path), "init created \(missing.path)")
            #expect(result.stderr.contains("Nothing was written"), "\(result)")
            if option != "--title" {
                #expect(result.stderr.contains("\"\(value)\""), "the message does not name the value:\n\(result)")
            }

            // …and an existing empty folder stays empty.
            let empty = folder.appendingPathComponent("empty")
            try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
            arguments[1] = empty.path
            expectExit(try Allmenning.run(arguments), 2)
            #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path) == [])
        }
    }

    @Test("init explains a bad licence in Norwegian with --lang nb")
    func norwegianError() throws {
        try withTemporaryDirectory { folder in
            let result = try Allmenning.run(["init", folder.appendingPathComponent("r").path, "--title", "T",
                                             "--licence", "CC BY", "--lang", "nb"])
            expectExit(result, 2)
            #expect(result.stderr.contains("«CC BY» er ikke en SPDX-lisens"), "\(result)")
            #expect(result.stderr.contains("Ingenting er skrevet"), "\(result)")
        }
    }
}
