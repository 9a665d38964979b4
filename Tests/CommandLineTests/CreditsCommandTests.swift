import Foundation
import Testing

@Suite("allmenning credits")
struct CreditsCommandTests {
    /// A resource whose manifest credits a photo by someone else.
    static let thirdPartyManifest = validManifest(extra: """
        files:
          media/kart.png:
            licence: CC-BY-2.0
            attribution: "Kart: Ola Nordmann"
            source: https://commons.wikimedia.org/wiki/File:Kart.png
        """)

    @Test("an adaptation in Content/: the resource and its source, with title, authors and licence, in English and in bokmål")
    func adaptationInContent() throws {
        let english = try Allmenning.run(["credits", "--lang", "en", "Content/brok-med-pizza-nynorsk"], in: Allmenning.packageRoot)
        expectExit(english, 0)
        let lines = english.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "## Credits", "\(english)")
        let licence = "[CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/)"
        // The editors are both teacher and translator: named once.
        #expect(lines.contains("“Fractions with pizza (year 5, Nynorsk)” by Allmenning-redaksjonen (Allmenning) is licensed \(licence)."),
                "\(english)")
        let heading = try #require(lines.firstIndex(of: "### Adapted from"), "\(english)")
        #expect(lines[(heading + 1)...].contains("- “Fractions with pizza” by Allmenning-redaksjonen (Allmenning), licensed \(licence)."),
                "\(english)")
        #expect(!english.stdout.contains("Material by others"), "the resource has no third-party files:\n\(english)")
        #expect(english.stderr.isEmpty, "\(english)")

        // The language from LANG; titles in the resource's own language when there is none in bokmål.
        let bokmål = try Allmenning.run(["credits", "Content/brok-med-pizza-nynorsk"], in: Allmenning.packageRoot,
                                        environment: ["LANG": "nb_NO.UTF-8"])
        expectExit(bokmål, 0)
        #expect(bokmål.stdout.hasPrefix("## Kreditering\n"), "\(bokmål)")
        #expect(bokmål.stdout.contains("«Brøk med pizza (5. trinn, nynorsk)» av Allmenning-redaksjonen (Allmenning) er lisensiert \(licence)."), "\(bokmål)")
        #expect(bokmål.stdout.contains("### Bearbeidet fra\n\n- «Brøk med pizza» av Allmenning-redaksjonen (Allmenning), lisensiert \(licence)."),
                "\(bokmål)")
    }

    @Test("a third-party file in the manifest's files map is credited with its attribution, licence and source; plain text, from resource.yaml or the current folder")
    func thirdPartyFile() throws {
        try withTemporaryDirectory { folder in
            let resource = try makeResource(in: folder, manifest: Self.thirdPartyManifest)
            try resource.appendingPathComponent("media/kart.png").write(bytes: [0x89, 0x50, 0x4E, 0x47])

            let markdown = try Allmenning.run(["credits", "--lang", "en", resource.appendingPathComponent("resource.yaml").path])
            expectExit(markdown, 0)
            #expect(markdown.stdout.contains("""
                ### Material by others

                - `media/kart.png`: Kart: Ola Nordmann, licensed [CC BY 2.0](https://creativecommons.org/licenses/by/2.0/). \
                Source: <https://commons.wikimedia.org/wiki/File:Kart.png>.
                """), "\(markdown)")
            #expect(markdown.stdout.contains("“Brøk med pizza” is licensed [CC BY-SA 4.0]"), "\(markdown)")

            let text = try Allmenning.run(["credits", "--format", "text", "--lang", "nb"], in: resource)
            expectExit(text, 0)
            #expect(text.stdout.hasPrefix("Kreditering\n"), "\(text)")
            #expect(text.stdout.contains("""
                Innhold fra andre

                - media/kart.png: Kart: Ola Nordmann, lisensiert CC BY 2.0 (https://creativecommons.org/licenses/by/2.0/). \
                Kilde: https://commons.wikimedia.org/wiki/File:Kart.png.
                """), "\(text)")
            #expect(!text.stdout.contains("]("), "plain text has no Markdown links:\n\(text)")
        }
    }

    @Test("--format json is the credits' entries: kind, path, title, authors, attribution, source, licence")
    func json() throws {
        try withTemporaryDirectory { folder in
            let resource = try makeResource(in: folder, manifest: Self.thirdPartyManifest)
            try resource.appendingPathComponent("media/kart.png").write(bytes: [0x89, 0x50, 0x4E, 0x47])
            let result = try Allmenning.run(["credits", "--format", "json", resource.path])
            expectExit(result, 0)
            let root = try result.json()
            #expect(Set(root.keys) == ["entries"], "\(result)")
            let entries = try #require(root["entries"] as? [[String: Any]], "\(result)")
            try #require(entries.count == 2, "\(result)")
            #expect(entries[0]["kind"] as? String == "resource")
            #expect(entries[0]["title"] as? String == "Brøk med pizza")
            #expect(entries[0]["licence"] as? String == "CC-BY-SA-4.0")
            #expect(entries[0]["authors"] as? [String] == [])
            #expect(entries[1]["kind"] as? String == "file")
            #expect(entries[1]["path"] as? String == "media/kart.png")
            #expect(entries[1]["attribution"] as? String == "Kart: Ola Nordmann")
            #expect(entries[1]["source"] as? String == "https://commons.wikimedia.org/wiki/File:Kart.png")
            #expect(entries[1]["licence"] as? String == "CC-BY-2.0")
            let allowed: Set<String> = ["kind", "path", "title", "authors", "attribution", "source", "commit", "licence"]
            for entry in entries { #expect(Set(entry.keys).isSubset(of: allowed), "\(entry)") }
        }
    }

    @Test("a missing folder exits 2, a file that is not a resource.yaml exits 2")
    func cannotRun() throws {
        try withTemporaryDirectory { folder in
            let missing = try Allmenning.run(["credits", folder.appendingPathComponent("finnes-ikke").path])
            expectExit(missing, 2)
            #expect(missing.stderr.contains("Cannot find"), "\(missing)")
            #expect(missing.stdout.isEmpty)

            let other = folder.appendingPathComponent("notat.txt")
            try other.write("Ikke et manifest.")
            let notManifest = try Allmenning.run(["credits", other.path])
            expectExit(notManifest, 2)
            #expect(notManifest.stderr.contains("neither a folder nor a resource.yaml"), "\(notManifest)")
        }
    }

    @Test("a manifest that cannot be read exits 1 naming resource.yaml and the line; a folder without one exits 1")
    func brokenManifest() throws {
        try withTemporaryDirectory { folder in
            // `licence` has a list where an SPDX expression belongs: the manifest cannot be read at all.
            let manifest = validManifest().replacingOccurrences(of: "licence: CC-BY-SA-4.0", with: "licence: [CC-BY-SA-4.0]")
            let line = try #require(lineNumber(of: "licence:", in: manifest))
            let resource = try makeResource(in: folder, manifest: manifest)
            let result = try Allmenning.run(["credits", "--lang", "en"], in: resource)
            expectExit(result, 1)
            #expect(result.stdout.isEmpty, "\(result)")
            #expect(result.stderr.contains("resource.yaml cannot be read"), "\(result)")
            #expect(result.stderr.contains("resource.yaml:\(line):"), "the finding names the file and the line \(line):\n\(result)")

            let yaml = try makeResource(in: folder, named: "yaml", manifest: "manifest: 1\ntitle: { nb: Brøk\n")
            let syntax = try Allmenning.run(["credits", "--lang", "nb", yaml.path])
            expectExit(syntax, 1)
            #expect(syntax.stderr.contains("kan ikke leses"), "\(syntax)")
            #expect(syntax.stderr.range(of: #"feil: +\S*yaml/resource\.yaml:\d+"#, options: .regularExpression) != nil, "\(syntax)")

            let empty = folder.appendingPathComponent("tom")
            try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
            let noManifest = try Allmenning.run(["credits", empty.path])
            expectExit(noManifest, 1)
            #expect(noManifest.stderr.contains("resource.yaml does not exist"), "\(noManifest)")
        }
    }

    @Test("a manifest with an error elsewhere still gives credits, with a note on standard error")
    func manifestWithErrors() throws {
        try withTemporaryDirectory { folder in
            let manifest = validManifest(extra: "level: [\"13\"]")
            let resource = try makeResource(in: folder, manifest: manifest)
            let result = try Allmenning.run(["credits", "--lang", "en", resource.path])
            expectExit(result, 0)
            #expect(result.stdout.contains("“Brøk med pizza” is licensed [CC BY-SA 4.0]"), "\(result)")
            #expect(result.stderr.contains("has errors"), "\(result)")
        }
    }
}
