import Foundation
import Testing

@Suite("allmenning aims suggest")
struct AimsSuggestCommandTests {
    let curricula = Allmenning.packageRoot.appendingPathComponent("Content/curricula").path

    func suggestions(_ result: CommandResult) throws -> [[String: Any]] {
        try #require(try result.json()["suggestions"] as? [[String: Any]], "\(result)")
    }

    @Test("a resource folder: the manifest's subject and level narrow the suggestions; JSON has code, score, curriculum, text, best first")
    func resourceFolder() throws {
        let result = try Allmenning.run(["aims", "suggest", "--format", "json", "--curricula", curricula, "Content/brok-med-pizza"],
                                        in: Allmenning.packageRoot)
        expectExit(result, 0)
        let items = try suggestions(result)
        #expect(items.count == 5)
        for item in items {
            #expect(Set(item.keys) == ["code", "score", "curriculum", "text"])
            #expect(item["curriculum"] as? String == "MAT01-06")
        }
        let scores = items.compactMap { $0["score"] as? Double }
        #expect(scores.count == 5 && scores == scores.sorted(by: >))
        #expect(items.contains { $0["code"] as? String == "KM13277" }, "the aim the resource declares: \(items)")
    }

    @Test("a folder of documents without a manifest, and a single file, with --subject, --level and --limit")
    func folderAndFile() throws {
        try withTemporaryDirectory { folder in
            let lessons = folder.appendingPathComponent("lessons")
            try lessons.appendingPathComponent("fotosyntese.md").write("""
                # Fotosyntese

                Plantene lager sukker av karbondioksid og vann med energi fra sollyset. Oksygen er et avfallsstoff.
                Celleåndingen bryter ned sukkeret igjen og gir energi til alt levende i karbonkretsløpet.
                """)
            try lessons.appendingPathComponent("bilde.png").write(bytes: [0x89, 0x50, 0x4E, 0x47])
            let fromFolder = try Allmenning.run(["aims", "suggest", "--format", "json", "--curricula", curricula, lessons.path])
            expectExit(fromFolder, 0)
            #expect(try suggestions(fromFolder).first?["code"] as? String == "KM13870", "\(fromFolder.stdout)")

            let file = lessons.appendingPathComponent("fotosyntese.md")
            let fromFile = try Allmenning.run(["aims", "suggest", "--format", "json", "--curricula", curricula, "--limit", "2",
                                               "--subject", "NAT01-04", "--level", "7", file.path])
            expectExit(fromFile, 0)
            let items = try suggestions(fromFile)
            #expect(items.count == 2)
            #expect(items.allSatisfy { $0["curriculum"] as? String == "NAT01-04" }, "\(items)")

            let plain = folder.appendingPathComponent("notat.txt")
            try plain.write("Vi øver på brøk, desimaltall og prosent og løser problemer fra handleturen.")
            let fromText = try Allmenning.run(["aims", "suggest", "--curricula", curricula, "--subject", "MAT01-06", plain.path])
            expectExit(fromText, 0)
            #expect(fromText.stdout.hasPrefix("1. KM"), "\(fromText)")
        }
    }

    @Test("an unknown subject, a wrong level, a missing path and a binary file exit 2 saying what to give")
    func badInput() throws {
        try withTemporaryDirectory { folder in
            let unknown = try Allmenning.run(["aims", "suggest", "--curricula", curricula, "--subject", "MAT01-07", folder.path])
            expectExit(unknown, 2)
            #expect(unknown.stderr.contains("MAT01-06"), "\(unknown)")
            let level = try Allmenning.run(["aims", "suggest", "--curricula", curricula, "--level", "11", folder.path])
            expectExit(level, 2)
            #expect(level.stderr.contains("vg1"))
            let missing = try Allmenning.run(["aims", "suggest", "--curricula", curricula, folder.appendingPathComponent("nothing").path])
            expectExit(missing, 2)
            #expect(missing.stderr.contains("does not exist"))
            let binary = folder.appendingPathComponent("data.bin")
            try binary.write(bytes: [0, 1, 2, 255])
            let notText = try Allmenning.run(["aims", "suggest", "--curricula", curricula, binary.path])
            expectExit(notText, 2)
            #expect(notText.stderr.contains("not a text file"))
            let noPacks = try Allmenning.run(["aims", "suggest", folder.path])
            expectExit(noPacks, 2)
            #expect(noPacks.stderr.contains("--curricula"))
        }
    }
}
