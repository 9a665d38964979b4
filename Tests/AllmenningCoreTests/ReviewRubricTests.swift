import AllmenningCore
import Foundation
import Testing

@Suite("The review rubric: criteria and scales as configuration")
struct ReviewRubricTests {
    static let contentFile = packageRoot.appendingPathComponent("Content/review-rubric.yaml")
    static let builtInSource = packageRoot.appendingPathComponent("Sources/AllmenningCore/Reviews/ReviewRubric+BuiltIn.swift")

    @Test("the built-in rubric is Content/review-rubric.yaml")
    func builtInRubric() throws {
        let text = try String(contentsOf: Self.contentFile, encoding: .utf8)
        if ProcessInfo.processInfo.environment["ALLMENNING_WRITE_RUBRIC"] == "1" {
            let source = """
                // Content/review-rubric.yaml as this build carries it; a test keeps the two equal (write this
                // file anew with ALLMENNING_WRITE_RUBRIC=1 swift test --filter builtInRubric).

                extension ReviewRubric {
                    static let builtInText = #\"\"\"

                """ + text + "\n\"\"\"#\n}\n"
            try source.write(to: Self.builtInSource, atomically: true, encoding: .utf8)
        }
        #expect(try ReviewRubric.load(from: Self.contentFile) == ReviewRubric.builtIn,
                "Content/review-rubric.yaml differs from the built-in rubric: run ALLMENNING_WRITE_RUBRIC=1 swift test --filter builtInRubric and rebuild")
    }

    @Test("the default has the six criteria the requirements name, each in bokmål, nynorsk and English, on a scale of 1–4 with every step labelled")
    func defaultCriteria() {
        let rubric = ReviewRubric.builtIn
        #expect(rubric.criteria.map(\.id) == ["subject-quality", "up-to-date", "universal-design", "privacy", "licences-and-attribution", "adapted-learning"])
        for criterion in rubric.criteria {
            for language in ["nb", "nn", "en"] {
                #expect(criterion.label[language]?.isEmpty == false, "\(criterion.id) label \(language)")
                #expect(criterion.description[language]?.isEmpty == false, "\(criterion.id) description \(language)")
            }
            #expect(criterion.scale.minimum == 1 && criterion.scale.maximum == 4)
            #expect(criterion.scale.labels.keys.sorted() == [1, 2, 3, 4])
        }
        #expect(rubric.criterion("privacy")?.label["nn"] == "Personvern")
    }

    @Test("a criterion's own scale replaces the shared one")
    func ownScale() throws {
        let rubric = try ReviewRubric.parse(Data("""
            rubric: 1
            id: kommune-2026
            name: { nb: Vår mal }
            scale: { min: 1, max: 4 }
            criteria:
              - { id: a, label: { nb: A }, description: { nb: Sjekk A } }
              - id: b
                label: { en: B }
                description: { en: Check B }
                scale: { min: 0, max: 2, labels: { 0: { en: No }, 2: { en: Yes } } }
            """.utf8))
        #expect(rubric.criteria.map(\.scale) == [ReviewRubric.Scale(minimum: 1, maximum: 4),
                                                  ReviewRubric.Scale(minimum: 0, maximum: 2, labels: [0: ["en": "No"], 2: ["en": "Yes"]])])
    }

    @Test("mistakes name the line and the fix", arguments: [
        ("id: x\ncriteria: []\n", 1, "rubric: 1"),
        ("rubric: 2\nid: x\n", 1, "only \"rubric: 1\""),
        ("rubric: 1\nid: Faglig Kvalitet\nname: { nb: x }\ncriteria: []\n", 2, "cannot be an id"),
        ("rubric: 1\nid: x\nname: { nb: x }\ncriteria: []\n", 4, "a list of criteria"),
        ("rubric: 1\nid: x\nname: { nb: x }\ncriterias: []\n", 4, "(criteria?)"),
        ("rubric: 1\nid: x\nname: { nb: x }\ncriteria:\n  - { id: a, label: { nb: A }, description: { nb: B } }\n", 5, "has no scale"),
        ("rubric: 1\nid: x\nname: { nb: x }\nscale: { min: 1, max: 4 }\ncriteria:\n  - { id: a, label: { nb: A }, description: { nb: B } }\n  - { id: a, label: { nb: A }, description: { nb: B } }\n", 7, "appears twice"),
        ("rubric: 1\nid: x\nname: { nb: x }\nscale: { min: 4, max: 1 }\ncriteria: []\n", 4, "max must be greater than min"),
        ("rubric: 1\nid: x\nname: { nb: x }\nscale:\n  min: 1\n  max: 4\n  labels:\n    5: { nb: Fem }\ncriteria: []\n", 8, "outside the scale 1–4"),
        ("rubric: 1\nid: x\nname: { nb: x }\nscale: { min: 1, max: 4 }\ncriteria:\n  - { id: a, label: { nb: A } }\n", 6, "\"description\" is missing"),
        ("rubric: 1\nid: x\nname: { nb: x }\nscale: { min: 1, max: 4 }\ncriteria:\n  - { id: a, label: { Norsk: A }, description: { nb: B } }\n", 6, "not a language code"),
        ("rubric: 1\nid: x\nname: { nb: x }\nscale: { min: one, max: 4 }\ncriteria: []\n", 4, "a whole number"),
        ("rubric: [\n", 2, "Not valid YAML"),
    ])
    func mistakes(text: String, line: Int, hint: String) {
        let problem = #expect(throws: ReviewRubric.Problem.self) { try ReviewRubric.parse(Data(text.utf8)) }
        #expect(problem?.line == line, "\(String(describing: problem))")
        #expect(problem?.message.en.contains(hint) == true, "\(String(describing: problem))")
        #expect(problem?.message.nb.isEmpty == false)
    }

    @Test("config.yaml's reviews section: the rubric it names (beside it, or absolute), how long approvals hold, which keys are trusted")
    func configuration() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("allmenning-rubric-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            rubric: 1
            id: kommune-2026
            name: { nb: Vår mal }
            scale: { min: 1, max: 3 }
            criteria:
              - { id: faglig, label: { nb: Faglig }, description: { nb: Er det riktig? } }
            """.write(to: folder.appendingPathComponent("rubric.yaml"), atomically: true, encoding: .utf8)
        let key = "ed25519:" + Data(repeating: 7, count: 32).base64EncodedString()
        let config = folder.appendingPathComponent("config.yaml")
        try "reviews:\n  rubric: rubric.yaml\n  validForDays: 730\n  trustedKeys: [\(key)]\n".write(to: config, atomically: true, encoding: .utf8)
        let loaded = try InstallationConfiguration.load(from: config)
        #expect(loaded.reviews.rubric.id == "kommune-2026")
        #expect(loaded.reviews.rubricFile == "rubric.yaml")
        #expect(loaded.reviews.validForDays == 730)
        #expect(loaded.reviews.trustedKeys == [key])
        #expect(InstallationConfiguration().reviews.validForDays == 365)
        #expect(InstallationConfiguration().reviews.rubric == ReviewRubric.builtIn)

        try "reviews:\n  rubric: \(folder.path)/rubric.yaml\n".write(to: config, atomically: true, encoding: .utf8)
        #expect(try InstallationConfiguration.load(from: config).reviews.rubric.id == "kommune-2026")

        // A mistake in the rubric names the rubric's file and line, not config.yaml's.
        try "rubric: 1\nid: x\nname: { nb: x }\nscale: { min: 1, max: 4 }\ncriteria:\n  - { id: a, label: { nb: A }, descripton: { nb: B } }\n"
            .write(to: folder.appendingPathComponent("rubric.yaml"), atomically: true, encoding: .utf8)
        let broken = #expect(throws: InstallationConfiguration.Problem.self) { try InstallationConfiguration.load(from: config) }
        #expect(broken?.file == folder.appendingPathComponent("rubric.yaml").path)
        #expect(broken?.line == 6)
        #expect(broken?.message.en.contains("(description?)") == true)
        try "reviews:\n  rubric: missing.yaml\n".write(to: config, atomically: true, encoding: .utf8)
        let missing = #expect(throws: InstallationConfiguration.Problem.self) { try InstallationConfiguration.load(from: config) }
        #expect(missing?.file == folder.appendingPathComponent("missing.yaml").path)
        #expect(missing?.message.en.contains("does not exist") == true)
    }

    @Test("mistakes in the reviews section name the line", arguments: [
        ("reviews:\n  validForDays: 0\n", 2, "1 to 3650"),
        ("reviews:\n  validForDays: a year\n", 2, "1 to 3650"),
        ("reviews:\n  trustedKeys: [ssh-ed25519 AAAA]\n", 2, "not a public key"),
        ("reviews:\n  rubrik: x.yaml\n", 2, "(rubric?)"),
    ])
    func reviewMistakes(text: String, line: Int, hint: String) {
        let problem = #expect(throws: InstallationConfiguration.Problem.self) { try InstallationConfiguration.parse(Data(text.utf8)) }
        #expect(problem?.line == line, "\(String(describing: problem))")
        #expect(problem?.message.en.contains(hint) == true, "\(String(describing: problem))")
    }
}
