import Foundation
import Testing

/// The first aims of MAT01-06 in Content/curricula/lk20.json, and every aim code there.
struct CurriculumFixture {
    var firstMathematicsAim: String
    var firstMathematicsAimText: String
    var allAimCodes: Set<String>

    static func load() throws -> CurriculumFixture {
        let url = Allmenning.curriculaFolder.appendingPathComponent("lk20.json")
        let pack = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any],
                                "cannot read \(url.path)")
        let aims = try #require(pack["aims"] as? [[String: Any]], "no aims in \(url.path)")
        let mathematics = try #require(aims.first { $0["curriculum"] as? String == "MAT01-06" }, "no MAT01-06 aim")
        return CurriculumFixture(
            firstMathematicsAim: try #require(mathematics["code"] as? String),
            firstMathematicsAimText: try #require((mathematics["text"] as? [String: String])?["nb"]),
            allAimCodes: Set(aims.compactMap { $0["code"] as? String }))
    }

    /// A well-formed aim code close to a real one that is not in the pack.
    var unknownAimCode: String {
        (0...9).lazy.map { firstMathematicsAim + String($0) }.first { !allAimCodes.contains($0) } ?? "KM999999999"
    }
}

@Suite("validate: findings")
struct ValidateFindingsTests {
    @Test("an unknown field is a warning that suggests the right name; nothing else wrong means exit 0")
    func unknownFieldSuggestsName() throws {
        try withTemporaryDirectory { folder in
            let manifest = validManifest(extra: "titel: Brøk\n")
            try makeResource(in: folder, manifest: manifest)
            let result = try Allmenning.run(["validate", "--format", "json", "resource"], in: folder)
            expectExit(result, 0)
            let found = findings(in: try result.json())
            #expect(found.count == 1, "\(found)")
            let warning = try #require(found.first { $0.code == "manifest.unknown-field" }, "\(found)")
            #expect(warning.severity == "warning")
            #expect(warning.path == "resource.yaml")
            #expect(warning.line == lineNumber(of: "titel:", in: manifest))
            #expect(warning.message.contains("\"titel\""), "\(warning)")
            #expect(warning.message.contains("Did you mean \"title\"?"), "\(warning)")

            let text = try Allmenning.run(["validate", "resource"], in: folder)
            expectExit(text, 0)
            #expect(text.stdout.contains("OK  resource"), "\(text)")
            #expect(text.stdout.contains("warning"), "\(text)")
        }
    }

    @Test("with --curricula, an unknown aim is an error that lists the closest codes")
    func unknownAimWithCurricula() throws {
        let curricula = try CurriculumFixture.load()
        let unknown = curricula.unknownAimCode
        try withTemporaryDirectory { folder in
            let manifest = validManifest(extra: "subjects: [MAT01-06]\naims: [\(unknown)]\n")
            try makeResource(in: folder, manifest: manifest)
            let result = try Allmenning.run(["validate", "--format", "json", "--curricula", Allmenning.curriculaFolder.path,
                                             "resource"], in: folder)
            expectExit(result, 1)
            let found = findings(in: try result.json())
            let error = try #require(found.first { $0.code == "manifest.unknown-aim" }, "\(found)")
            #expect(error.severity == "error")
            #expect(error.line == lineNumber(of: "aims:", in: manifest))
            #expect(error.message.contains("\"\(unknown)\""), "\(error)")
            #expect(error.message.contains("Closest codes:"), "\(error)")
            // The suggestions are real codes from the pack, and the one the typo came from is among them.
            let suggested = error.message.matches(of: /KM\d+/).map { String($0.output) }.filter { $0 != unknown }
            #expect(!suggested.isEmpty, "\(error)")
            #expect(suggested.allSatisfy(curricula.allAimCodes.contains), "\(suggested)")
            #expect(suggested.contains(curricula.firstMathematicsAim), "\(suggested)")
        }
    }

    @Test("with --curricula, a real aim code passes")
    func knownAimWithCurricula() throws {
        let curricula = try CurriculumFixture.load()
        try withTemporaryDirectory { folder in
            try makeResource(in: folder, manifest: validManifest(
                extra: "subjects: [MAT01-06]\naims: [\(curricula.firstMathematicsAim)]\n"))
            let result = try Allmenning.run(["validate", "--curricula", Allmenning.curriculaFolder.path, "resource"], in: folder)
            expectExit(result, 0)
            #expect(result.stdout.contains("0 errors, 0 warnings"), "\(result)")
        }
    }

    @Test("without curriculum packs, aims give the warning manifest.aims-not-checked, not an error")
    func aimsWithoutCurricula() throws {
        let curricula = try CurriculumFixture.load()
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            let manifest = validManifest(extra: "subjects: [MAT01-06]\naims: [\(curricula.unknownAimCode)]\n")
            try makeResource(in: folder, manifest: manifest)
            let result = try Allmenning.run(["validate", "--format", "json", "--data", data.path, "resource"], in: folder,
                                            environment: ["ALLMENNING_DATA": data.path])
            expectExit(result, 0)
            let found = findings(in: try result.json())
            #expect(found.map(\.code) == ["manifest.aims-not-checked"], "\(found)")
            #expect(found.first?.severity == "warning")
            #expect(found.first?.line == lineNumber(of: "aims:", in: manifest))
            #expect(found.first?.message.contains("--curricula") == true)
        }
    }

    @Test("the data folder's curricula/ is used when --curricula is not given")
    func curriculaFromDataFolder() throws {
        let curricula = try CurriculumFixture.load()
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            try FileManager.default.createDirectory(at: data.appendingPathComponent("curricula"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Allmenning.curriculaFolder.appendingPathComponent("lk20.json"),
                                             to: data.appendingPathComponent("curricula/lk20.json"))
            try makeResource(in: folder, manifest: validManifest(extra: "subjects: [MAT01-06]\naims: [\(curricula.unknownAimCode)]\n"))
            let result = try Allmenning.run(["validate", "--format", "json", "resource"], in: folder,
                                            environment: ["ALLMENNING_DATA": data.path])
            expectExit(result, 1)
            #expect(findings(in: try result.json()).map(\.code) == ["manifest.unknown-aim"],
                    "a wrong aim code alone; the plugins still know the licence from the rest of the manifest")
        }
    }

    @Test("a manifest that names a missing entry file gives resource.missing-file at the manifest line")
    func missingEntryFile() throws {
        try withTemporaryDirectory { folder in
            let manifest = validManifest().replacingOccurrences(of: "entry: index.md", with: "entry: leksjon.md")
            let resource = try makeResource(in: folder, manifest: manifest)
            let entryLine = try #require(lineNumber(of: "entry:", in: manifest))

            let result = try Allmenning.run(["validate", "--format", "json", "resource"], in: folder)
            expectExit(result, 1)
            let found = findings(in: try result.json())
            let missing = try #require(found.first { $0.code == "resource.missing-file" }, "\(found)")
            #expect(missing.severity == "error")
            #expect(missing.path == "resource.yaml")
            #expect(missing.line == entryLine)
            #expect(missing.message.contains("\"leksjon.md\""), "\(missing)")

            let text = try Allmenning.run(["validate", "resource"], in: folder)
            expectExit(text, 1)
            #expect(text.stdout.contains("resource.yaml:\(entryLine)"), "\(text)")
            #expect(text.stdout.contains("[resource.missing-file]"), "\(text)")

            // Giving the manifest's own path checks the folder around it the same way.
            let viaManifest = try Allmenning.run(["validate", "--format", "json",
                                                  resource.appendingPathComponent("resource.yaml").path])
            expectExit(viaManifest, 1)
            #expect(findings(in: try viaManifest.json()).contains { $0.code == "resource.missing-file" && $0.line == entryLine })
        }
    }

    @Test("a folder without resource.yaml gives manifest.not-found")
    func folderWithoutManifest() throws {
        try withTemporaryDirectory { folder in
            let plain = folder.appendingPathComponent("just-files")
            try plain.appendingPathComponent("index.md").write("# Not a resource yet\n")
            let result = try Allmenning.run(["validate", "--format", "json", plain.path])
            expectExit(result, 1)
            let found = findings(in: try result.json())
            #expect(found.map(\.code) == ["manifest.not-found"], "\(found)")
            #expect(found.first?.path == "resource.yaml")
            #expect(found.first?.message.contains("allmenning init") == true)

            let text = try Allmenning.run(["validate", plain.path])
            expectExit(text, 1)
            #expect(text.stdout.contains("[manifest.not-found]"), "\(text)")
        }
    }

    @Test("validate with no path checks the current folder")
    func currentFolderByDefault() throws {
        try withTemporaryDirectory { folder in
            let resource = try makeResource(in: folder, manifest: validManifest())
            let result = try Allmenning.run(["validate"], in: resource)
            expectExit(result, 0)
            #expect(result.stdout.contains("OK  ."), "\(result)")
        }
    }

    @Test("validate --plugin with an unknown check exits 2 and lists the checks there are")
    func unknownPlugin() throws {
        try withTemporaryDirectory { folder in
            try makeResource(in: folder, manifest: validManifest())
            let result = try Allmenning.run(["validate", "--plugin", "nonexistent", "resource"], in: folder)
            expectExit(result, 2)
            #expect(result.stderr.contains("\"nonexistent\""), "\(result)")
            #expect(result.stderr.contains("manifest"), "\(result)")
            #expect(result.stdout.isEmpty, "nothing should be validated:\n\(result)")

            expectExit(try Allmenning.run(["validate", "--plugin", "manifest", "resource"], in: folder), 0)
        }
    }

    @Test("an unreadable --curricula folder exits 2")
    func badCurriculaFolder() throws {
        try withTemporaryDirectory { folder in
            try makeResource(in: folder, manifest: validManifest())
            let result = try Allmenning.run(["validate", "--curricula", folder.appendingPathComponent("nope").path, "resource"],
                                            in: folder)
            expectExit(result, 2)
            #expect(result.stderr.contains("curriculum"), "\(result)")
        }
    }
}

@Suite("aims show")
struct AimsCommandTests {
    @Test("aims show prints a real aim: code, curriculum and text")
    func showsAnAim() throws {
        let curricula = try CurriculumFixture.load()
        let code = curricula.firstMathematicsAim
        let text = try Allmenning.run(["aims", "show", code, "--curricula", Allmenning.curriculaFolder.path])
        expectExit(text, 0)
        #expect(text.stdout.hasPrefix(code), "\(text)")
        #expect(text.stdout.contains("MAT01-06"), "\(text)")
        #expect(text.stdout.contains(curricula.firstMathematicsAimText), "\(text)")

        let json = try Allmenning.run(["aims", "show", code, "--format", "json", "--curricula", Allmenning.curriculaFolder.path])
        expectExit(json, 0)
        let aim = try json.json()
        #expect(aim["code"] as? String == code)
        #expect(aim["curriculum"] as? String == "MAT01-06")
        #expect((aim["text"] as? [String: String])?["nb"] == curricula.firstMathematicsAimText)
    }

    @Test("aims show with an unknown code exits 1 and suggests close codes")
    func unknownAim() throws {
        let curricula = try CurriculumFixture.load()
        let unknown = curricula.unknownAimCode
        let result = try Allmenning.run(["aims", "show", unknown, "--curricula", Allmenning.curriculaFolder.path])
        expectExit(result, 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\"\(unknown)\""), "\(result)")
        #expect(result.stderr.contains(curricula.firstMathematicsAim), "no suggestion:\n\(result)")
    }

    @Test("aims show without any curriculum packs exits 2 and says where to find them")
    func noCurricula() throws {
        try withTemporaryDirectory { folder in
            let result = try Allmenning.run(["aims", "show", "KM3133", "--data", folder.path],
                                            environment: ["ALLMENNING_DATA": folder.path])
            expectExit(result, 2)
            #expect(result.stderr.contains("--curricula"), "\(result)")
        }
    }
}
