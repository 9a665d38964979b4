import AllmenningCore
import Foundation
import Testing

/// The manifest editor changes only what it is asked to change: every other byte, comment and
/// blank line stays, and every value it writes reads back as exactly that text.
@Suite struct ManifestEditorTests {
    // MARK: Helpers

    func author(name: String? = nil, pseudonym: String? = nil, role: String? = "teacher", org: String? = nil) -> Manifest.Author {
        var fields: [String: String] = [:]
        fields["name"] = name
        fields["pseudonym"] = pseudonym
        fields["role"] = role
        fields["org"] = org
        let data = try! JSONSerialization.data(withJSONObject: fields)
        return try! JSONDecoder().decode(Manifest.Author.self, from: data)
    }

    func provenance(id: String, repository: String?, commit: String?, licence: String, title: LanguageMap,
                    authors: [Manifest.Author]?) -> Manifest.Provenance {
        var fields: [String: Any] = ["id": id, "licence": licence, "title": title]
        fields["repository"] = repository
        fields["commit"] = commit
        if let authors {
            fields["authors"] = authors.map { author -> [String: String] in
                var fields: [String: String] = [:]
                fields["name"] = author.name
                fields["pseudonym"] = author.pseudonym
                fields["role"] = author.role
                fields["org"] = author.org
                return fields
            }
        }
        let data = try! JSONSerialization.data(withJSONObject: fields)
        return try! JSONDecoder().decode(Manifest.Provenance.self, from: data)
    }

    func appended(_ item: YAMLOutput, to key: String, in text: String) throws -> String {
        var editor = try ManifestEditor(text: text)
        try editor.append(item, toSequence: key)
        return editor.text
    }

    /// The failure an edit ends in; the text must be unchanged when it fails.
    func failure(_ text: String, _ edit: (inout ManifestEditor) throws -> Void) -> ManifestEditor.Failure? {
        var editor: ManifestEditor
        do {
            editor = try ManifestEditor(text: text)
        } catch {
            return error
        }
        do {
            try edit(&editor)
            Issue.record("the edit should have failed")
            return nil
        } catch {
            #expect(editor.text == text)
            return error as? ManifestEditor.Failure
        }
    }

    func validate(_ text: String) -> ManifestReading {
        ManifestValidator().validate(data: Data(text.utf8), path: "resource.yaml")
    }

    static let kari = YAMLOutput.mapping([("name", .string("Kari Nordmann")), ("role", .string("teacher")), ("org", .string("Eksempel skole"))])
    static let commit = "8f3c2a1b9d0e4f5a6b7c8d9e0f1a2b3c4d5e6f70"
    static let otherCommit = "1234567e0123456789012345678901234567890a"

    // MARK: Setting a field

    @Test func setScalarReplacesOnlyTheValueAndKeepsTheComment() throws {
        var editor = try ManifestEditor(text: """
        manifest: 1
        id: 01M82EZD6DXN085RY0X6RECPA6   # made by allmenning init
        title: { nb: Brøk med pizza }
        licence: "CC-BY-4.0"  # the school's choice

        """)
        try editor.setScalar("id", to: "01JD3M6Z8Q7T2V4X5Y6Z7A8B9C")
        try editor.setScalar("licence", to: "CC-BY-SA-4.0")
        #expect(editor.text == """
        manifest: 1
        id: 01JD3M6Z8Q7T2V4X5Y6Z7A8B9C   # made by allmenning init
        title: { nb: Brøk med pizza }
        licence: CC-BY-SA-4.0  # the school's choice

        """)
    }

    @Test func setScalarAddsAnAbsentFieldAtTheEnd() throws {
        var withoutFinalNewline = try ManifestEditor(text: "manifest: 1\nid: 01M82EZD6DXN085RY0X6RECPA6")
        try withoutFinalNewline.setScalar("licence", to: "CC-BY-4.0")
        #expect(withoutFinalNewline.text == "manifest: 1\nid: 01M82EZD6DXN085RY0X6RECPA6\nlicence: CC-BY-4.0")

        var withFinalNewline = try ManifestEditor(text: "manifest: 1\n# the end\n")
        try withFinalNewline.setScalar("licence", to: "CC-BY-4.0")
        #expect(withFinalNewline.text == "manifest: 1\n# the end\nlicence: CC-BY-4.0\n")
    }

    @Test func setScalarFillsAnEmptyValue() throws {
        var editor = try ManifestEditor(text: "entry:\nlicence: # to do\nid: ~\n")
        try editor.setScalar("entry", to: "index.html")
        try editor.setScalar("licence", to: "CC0-1.0")
        try editor.setScalar("id", to: "01JD3M6Z8Q7T2V4X5Y6Z7A8B9C")
        #expect(editor.text == "entry: index.html\nlicence: CC0-1.0 # to do\nid: 01JD3M6Z8Q7T2V4X5Y6Z7A8B9C\n")
    }

    @Test func setScalarReplacesABlockScalarKeepingItsHeaderComment() throws {
        var editor = try ManifestEditor(text: "id: | # odd, but valid\n  01M82EZD6DXN085RY0X6RECPA6\n\nlicence: CC-BY-4.0\n")
        try editor.setScalar("id", to: "01JD3M6Z8Q7T2V4X5Y6Z7A8B9C")
        #expect(editor.text == "id: 01JD3M6Z8Q7T2V4X5Y6Z7A8B9C # odd, but valid\n\nlicence: CC-BY-4.0\n")
    }

    @Test func valuesThatYAMLCouldMisreadAreQuoted() throws {
        var editor = try ManifestEditor(text: "a: x\n")
        let cases: [(String, String)] = [
            ("1234567e0", "\"1234567e0\""), ("1e3", "\"1e3\""), ("0x1F", "\"0x1F\""), ("5", "\"5\""),
            ("yes", "\"yes\""), ("no", "\"no\""), ("Off", "\"Off\""), ("null", "\"null\""), ("~", "\"~\""),
            ("", "\"\""), ("2024-05-01", "\"2024-05-01\""), (".inf", "\".inf\""), ("-1", "\"-1\""),
            ("say \"hi\"\n", "\"say \\\"hi\\\"\\n\""), ("a: b", "\"a: b\""), ("x #y", "\"x #y\""),
            ("back\\slash", "\"back\\\\slash\""), ("  leading", "\"  leading\""), ("\u{7F}\u{85}\u{2028}\u{FEFF}", "\"\\x7F\\N\\L\\uFEFF\""),
            ("tab\there", "\"tab\\there\""),
            // Safe as they are: ULIDs, SPDX ids, commit ids that start with a letter, names.
            ("01M82EZD6DXN085RY0X6RECPA6", "01M82EZD6DXN085RY0X6RECPA6"), ("CC-BY-SA-4.0", "CC-BY-SA-4.0"),
            ("abcdef0123456789abcdef0123456789abcdef01", "abcdef0123456789abcdef0123456789abcdef01"),
            ("Kari Nordmann", "Kari Nordmann"), ("Brøk og blåbær", "Brøk og blåbær"), ("🎉 fest", "\"🎉 fest\""),
        ]
        for (value, written) in cases {
            try editor.setScalar("a", to: value)
            #expect(editor.text == "a: \(written)\n", "\(value.debugDescription)")
        }
    }

    // MARK: Appending to a list

    @Test func appendFollowsFlowMappingItems() throws {
        let text = """
        authors:
          - { name: Allmenning-redaksjonen, role: teacher, org: Allmenning }
        licence: CC-BY-SA-4.0

        """
        #expect(try appended(Self.kari, to: "authors", in: text) == """
        authors:
          - { name: Allmenning-redaksjonen, role: teacher, org: Allmenning }
          - { name: Kari Nordmann, role: teacher, org: Eksempel skole }
        licence: CC-BY-SA-4.0

        """)
        // Braces without spaces stay without spaces.
        #expect(try appended(Self.kari, to: "authors", in: "authors:\n  - {name: A}\n") ==
            "authors:\n  - {name: A}\n  - {name: Kari Nordmann, role: teacher, org: Eksempel skole}\n")
    }

    @Test func appendFollowsBlockMappingItemsWithTheDashInTheKeyColumn() throws {
        let text = """
        authors:
        - name: Ola
          role: teacher
        licence: CC-BY-4.0
        """
        #expect(try appended(Self.kari, to: "authors", in: text) == """
        authors:
        - name: Ola
          role: teacher
        - name: Kari Nordmann
          role: teacher
          org: Eksempel skole
        licence: CC-BY-4.0
        """)
    }

    @Test func appendKeepsTheSpacingAfterTheDash() throws {
        let text = "authors:\n    -   name: Ola\n        role: teacher\n"
        #expect(try appended(Self.kari, to: "authors", in: text) ==
            "authors:\n    -   name: Ola\n        role: teacher\n    -   name: Kari Nordmann\n        role: teacher\n        org: Eksempel skole\n")
    }

    @Test func appendKeepsCommentsAndBlankLines() throws {
        let text = """
        # Manifest for Brøk med pizza
        authors:
          # the first author wrote the original
          - { name: A, role: teacher }   # original

          - { name: B, role: editor }
            # B checked the answers
          # - { name: C, role: teacher }   left out on purpose

        # licence chosen by the school
        licence: CC-BY-4.0 # see the school's policy

        """
        #expect(try appended(Self.kari, to: "authors", in: text) == """
        # Manifest for Brøk med pizza
        authors:
          # the first author wrote the original
          - { name: A, role: teacher }   # original

          - { name: B, role: editor }
            # B checked the answers
          - { name: Kari Nordmann, role: teacher, org: Eksempel skole }
          # - { name: C, role: teacher }   left out on purpose

        # licence chosen by the school
        licence: CC-BY-4.0 # see the school's policy

        """)
    }

    @Test func appendToTheLastFieldOfAFileWithoutFinalNewline() throws {
        let text = "manifest: 1\nauthors:\n  - { name: A, role: teacher }  # first"
        #expect(try appended(Self.kari, to: "authors", in: text) ==
            "manifest: 1\nauthors:\n  - { name: A, role: teacher }  # first\n  - { name: Kari Nordmann, role: teacher, org: Eksempel skole }")
    }

    @Test func appendKeepsCRLFLineEndings() throws {
        let text = "manifest: 1\r\nauthors:\r\n- { name: A }\r\n# trailing\r\nlicence: CC-BY-4.0\r\n"
        var editor = try ManifestEditor(text: text)
        try editor.append(.mapping([("name", .string("B"))]), toSequence: "authors")
        try editor.setScalar("licence", to: "CC0-1.0")
        try editor.append(.string("nb"), toSequence: "language")
        #expect(editor.text ==
            "manifest: 1\r\nauthors:\r\n- { name: A }\r\n- { name: B }\r\n# trailing\r\nlicence: CC0-1.0\r\nlanguage:\r\n- nb\r\n")
    }

    @Test func appendToAnEmptyFieldFollowedByACommentLine() throws {
        let text = """
        authors:
        # nobody yet
        licence: CC-BY-4.0
        """
        #expect(try appended(Self.kari, to: "authors", in: text) == """
        authors:
          - { name: Kari Nordmann, role: teacher, org: Eksempel skole }
        # nobody yet
        licence: CC-BY-4.0
        """)
    }

    @Test(arguments: [
        "authors: []\nlicence: X\n",
        "authors: ~\nlicence: X\n",
        "authors: null\nlicence: X\n",
        "authors:\nlicence: X\n",
        "authors:\n  []\nlicence: X\n",
    ])
    func appendToAnEmptyValue(text: String) throws {
        #expect(try appended(.mapping([("name", .string("B"))]), to: "authors", in: text) == "authors:\n  - { name: B }\nlicence: X\n")
    }

    @Test func appendToAnEmptyValueKeepsItsComment() throws {
        #expect(try appended(.string("nb"), to: "language", in: "language: []  # fill in\nkind: teacher\n") ==
            "language:  # fill in\n  - nb\nkind: teacher\n")
    }

    @Test func appendRewritesAFlowListAsABlockList() throws {
        let text = """
        language: [nb]
        authors: [{ name: A, role: teacher }, {name: B}]  # two of us
        licence: CC-BY-4.0
        """
        #expect(try appended(Self.kari, to: "authors", in: text) == """
        language: [nb]
        authors:  # two of us
          - { name: A, role: teacher }
          - {name: B}
          - {name: Kari Nordmann, role: teacher, org: Eksempel skole}
        licence: CC-BY-4.0
        """)
    }

    @Test func appendRewritesAMultiLineFlowListKeepingItsComments() throws {
        let text = """
        authors: [
          { name: A },  # first
          {
            name: B
          }
        ]
        licence: CC-BY-4.0

        """
        #expect(try appended(.mapping([("name", .string("C"))]), to: "authors", in: text) == """
        authors:
          - { name: A }
          # first
          - { name: B }
          - { name: C }
        licence: CC-BY-4.0

        """)
    }

    @Test func appendAddsAnAbsentListInTheManifestsIndentation() throws {
        #expect(try appended(Self.kari, to: "authors", in: "manifest: 1\nlanguage:\n- nb\n") ==
            "manifest: 1\nlanguage:\n- nb\nauthors:\n- { name: Kari Nordmann, role: teacher, org: Eksempel skole }\n")
        #expect(try appended(.string("nb"), to: "language", in: "manifest: 1") == "manifest: 1\nlanguage:\n  - nb")
    }

    @Test func appendScalarItems() throws {
        let text = "level:\n  - \"5\"\n  - \"6\"\n"
        #expect(try appended(.string("7"), to: "level", in: text) == "level:\n  - \"5\"\n  - \"6\"\n  - \"7\"\n")
    }

    @Test func appendAfterAMultiLineFlowItem() throws {
        let text = "authors:\n  - { name: A,\n      role: teacher }\n\nlicence: X\n"
        #expect(try appended(.mapping([("name", .string("B"))]), to: "authors", in: text) ==
            "authors:\n  - { name: A,\n      role: teacher }\n  - { name: B }\n\nlicence: X\n")
    }

    @Test func appendRewritesAFlowListOfQuotedTexts() throws {
        let text = "---\n# languages\nlanguage: [\"nb\", 'n''n', \"a, b]\", don't]\nkind: teacher\n"
        #expect(try appended(.string("sv"), to: "language", in: text) ==
            "---\n# languages\nlanguage:\n  - \"nb\"\n  - 'n''n'\n  - \"a, b]\"\n  - don't\n  - sv\nkind: teacher\n")
    }

    @Test func setScalarReplacesAQuotedTextOverSeveralLines() throws {
        var editor = try ManifestEditor(text: "id: \"01M82EZD6DXN085RY0X6RECPA6\n  continued\"  # odd\nkind: teacher\n")
        try editor.setScalar("id", to: "01JD3M6Z8Q7T2V4X5Y6Z7A8B9C")
        #expect(editor.text == "id: 01JD3M6Z8Q7T2V4X5Y6Z7A8B9C  # odd\nkind: teacher\n")
    }

    @Test func anIndentedManifestStaysIndented() throws {
        var editor = try ManifestEditor(text: "  id: A\n  authors:\n    - { name: A }\n")
        try editor.setScalar("licence", to: "CC0-1.0")
        try editor.append(.mapping([("name", .string("B"))]), toSequence: "authors")
        #expect(editor.text == "  id: A\n  authors:\n    - { name: A }\n    - { name: B }\n  licence: CC0-1.0\n")
    }

    // MARK: Provenance

    static let nynorsk = """
    licence: CC-BY-SA-4.0
    derivedFrom:
      - id: 01M82EZD6DXN085RY0X6RECPA6
        licence: CC-BY-SA-4.0
        title: { nb: Brøk med pizza, en: Fractions with pizza }
        authors:
          - { name: Allmenning-redaksjonen, role: teacher, org: Allmenning }
    accessibility:
      features: [alternativeText]

    """

    @Test func provenanceIsWrittenInFieldOrder() throws {
        let source = provenance(id: "01M82EZD6DXN085RY0X6RECPA6", repository: "https://git.example.no/kari/brok.git",
                                commit: Self.commit, licence: "CC-BY-SA-4.0",
                                title: ["nb": "Brøk med pizza", "en": "Fractions with pizza", "nn": "Brøk med pizza"],
                                authors: [author(name: "Kari Nordmann", org: "Eksempel skole"), author(pseudonym: "Elev 9B-3", role: "student")])
        let output = YAMLOutput(source, languageOrder: ["nb"])
        #expect(output == .mapping([
            ("id", .string("01M82EZD6DXN085RY0X6RECPA6")),
            ("repository", .string("https://git.example.no/kari/brok.git")),
            ("commit", .string(Self.commit)),
            ("licence", .string("CC-BY-SA-4.0")),
            ("title", .mapping([("nb", .string("Brøk med pizza")), ("en", .string("Fractions with pizza")), ("nn", .string("Brøk med pizza"))])),
            ("authors", .sequence([
                .mapping([("name", .string("Kari Nordmann")), ("role", .string("teacher")), ("org", .string("Eksempel skole"))]),
                .mapping([("pseudonym", .string("Elev 9B-3")), ("role", .string("student"))]),
            ])),
        ]))
        #expect(try appended(output, to: "derivedFrom", in: Self.nynorsk) == """
        licence: CC-BY-SA-4.0
        derivedFrom:
          - id: 01M82EZD6DXN085RY0X6RECPA6
            licence: CC-BY-SA-4.0
            title: { nb: Brøk med pizza, en: Fractions with pizza }
            authors:
              - { name: Allmenning-redaksjonen, role: teacher, org: Allmenning }
          - id: 01M82EZD6DXN085RY0X6RECPA6
            repository: "https://git.example.no/kari/brok.git"
            commit: "\(Self.commit)"
            licence: CC-BY-SA-4.0
            title: { nb: Brøk med pizza, en: Fractions with pizza, nn: Brøk med pizza }
            authors:
              - { name: Kari Nordmann, role: teacher, org: Eksempel skole }
              - { pseudonym: Elev 9B-3, role: student }
        accessibility:
          features: [alternativeText]

        """)
    }

    @Test func provenanceInAManifestWithDashesInTheKeyColumnAndALongTitle() throws {
        let text = """
        title:
            nb: Kort
        derivedFrom:
        - id: 01M82EZD6DXN085RY0X6RECPA6
          licence: CC-BY-4.0
          title: { nb: T }
        kind: teacher
        """
        let long = String(repeating: "Brøk med pizza og blåbær ", count: 4) + "til alle"
        let source = provenance(id: "01JD3M6Z8Q7T2V4X5Y6Z7A8B9C", repository: nil, commit: nil, licence: "CC-BY-4.0",
                                title: ["nb": long, "en": "Fractions"], authors: [author(name: "Kari")])
        #expect(try appended(YAMLOutput(source, languageOrder: ["nb"]), to: "derivedFrom", in: text) == """
        title:
            nb: Kort
        derivedFrom:
        - id: 01M82EZD6DXN085RY0X6RECPA6
          licence: CC-BY-4.0
          title: { nb: T }
        - id: 01JD3M6Z8Q7T2V4X5Y6Z7A8B9C
          licence: CC-BY-4.0
          title:
              nb: \(long)
              en: Fractions
          authors:
          - { name: Kari, role: teacher }
        kind: teacher
        """)
    }

    @Test func syncAddsThenReplacesTheCommitOfTheLastProvenance() throws {
        var editor = try ManifestEditor(text: Self.nynorsk)
        try editor.setScalar("commit", to: Self.commit, inLastItemOf: "derivedFrom")
        #expect(editor.text == Self.nynorsk.replacingOccurrences(
            of: "Allmenning }\n", with: "Allmenning }\n    commit: \"\(Self.commit)\"\n"))
        try editor.setScalar("commit", to: "abcdef0123456789abcdef0123456789abcdef01", inLastItemOf: "derivedFrom")
        #expect(editor.text == Self.nynorsk.replacingOccurrences(
            of: "Allmenning }\n", with: "Allmenning }\n    commit: abcdef0123456789abcdef0123456789abcdef01\n"))
    }

    @Test func syncInAFlowMappingItem() throws {
        var editor = try ManifestEditor(text: "derivedFrom:\n  - { id: A, licence: CC-BY-4.0 }\n  - { id: B, licence: CC-BY-4.0, title: { nb: T } }  # newest\n")
        try editor.setScalar("commit", to: Self.otherCommit, inLastItemOf: "derivedFrom")
        #expect(editor.text == "derivedFrom:\n  - { id: A, licence: CC-BY-4.0 }\n  - { id: B, licence: CC-BY-4.0, title: { nb: T }, commit: \"\(Self.otherCommit)\" }  # newest\n")
        try editor.setScalar("commit", to: "abc", inLastItemOf: "derivedFrom")
        #expect(editor.text == "derivedFrom:\n  - { id: A, licence: CC-BY-4.0 }\n  - { id: B, licence: CC-BY-4.0, title: { nb: T }, commit: abc }  # newest\n")
        try editor.setScalar("id", to: "C D", inLastItemOf: "derivedFrom")
        #expect(editor.text == "derivedFrom:\n  - { id: A, licence: CC-BY-4.0 }\n  - { id: C D, licence: CC-BY-4.0, title: { nb: T }, commit: abc }  # newest\n")
    }

    // MARK: Real manifests

    @Test func forkingARealManifestValidatesAndKeepsEverythingElse() throws {
        let url = packageRoot.appendingPathComponent("Content/brok-med-pizza/resource.yaml")
        let original = try String(contentsOf: url, encoding: .utf8)
        let before = try #require(validate(original).manifest)

        let newID = "01JD3M6Z8Q7T2V4X5Y6Z7A8B9C"
        let kari = author(name: "Kari Nordmann", role: "teacher", org: "Eksempel skole")
        let source = provenance(id: before.id, repository: "https://git.example.no/allmenning/brok-med-pizza.git",
                                commit: Self.otherCommit, licence: before.licence, title: before.title, authors: before.authors)
        var editor = try ManifestEditor(text: original)
        try editor.setScalar("id", to: newID)
        try editor.setScalar("licence", to: "CC-BY-SA-4.0")
        try editor.append(YAMLOutput(kari), toSequence: "authors")
        try editor.append(YAMLOutput(source, languageOrder: before.language), toSequence: "derivedFrom")
        try editor.setScalar("commit", to: Self.commit, inLastItemOf: "derivedFrom")

        let reading = validate(editor.text)
        #expect(!reading.findings.hasErrors, "\(reading.findings.map(\.code))")
        let after = try #require(reading.manifest)
        #expect(after.id == newID)
        #expect(after.authors == (before.authors ?? []) + [kari])
        var expectedSource = source
        expectedSource.commit = Self.commit
        #expect(after.derivedFrom == [expectedSource])
        var unchanged = after
        unchanged.id = before.id
        unchanged.authors = before.authors
        unchanged.derivedFrom = before.derivedFrom
        #expect(unchanged == before)

        // Every line of the original is still there, in order, except the id line.
        var remaining = editor.text.components(separatedBy: "\n")[...]
        for line in original.components(separatedBy: "\n") where !line.hasPrefix("id:") {
            let found = try #require(remaining.firstIndex(of: line), "line lost: \(line)")
            remaining = remaining[(found + 1)...]
        }
        #expect(editor.text.contains("\nid: \(newID)\n"))
        #expect(editor.text.hasSuffix("derivedFrom:\n  - id: 01M82EZD6DXN085RY0X6RECPA6\n    repository: \"https://git.example.no/allmenning/brok-med-pizza.git\"\n    commit: \"\(Self.commit)\"\n    licence: CC-BY-SA-4.0\n    title: { nb: Brøk med pizza, en: Fractions with pizza }\n    authors:\n      - { name: Allmenning-redaksjonen, role: teacher, org: Allmenning }\n"))
    }

    @Test func everyContentManifestTakesAForkAndStillValidates() throws {
        let content = packageRoot.appendingPathComponent("Content")
        let folders = try FileManager.default.contentsOfDirectory(atPath: content.path).sorted()
        var checked = 0
        for folder in folders {
            let url = content.appendingPathComponent(folder).appendingPathComponent("resource.yaml")
            guard let original = try? String(contentsOf: url, encoding: .utf8) else { continue }
            let before = try #require(validate(original).manifest, "\(folder)")
            var editor = try ManifestEditor(text: original)
            try editor.setScalar("id", to: "01JD3M6Z8Q7T2V4X5Y6Z7A8B9C")
            try editor.append(YAMLOutput(author(name: "Kari Nordmann")), toSequence: "authors")
            try editor.append(YAMLOutput(provenance(id: before.id, repository: nil, commit: Self.otherCommit, licence: before.licence,
                                                    title: before.title, authors: before.authors)), toSequence: "derivedFrom")
            let after = try #require(validate(editor.text).manifest, "\(folder)")
            #expect(after.derivedFrom?.count == (before.derivedFrom?.count ?? 0) + 1, "\(folder)")
            #expect(after.derivedFrom?.last?.commit == Self.otherCommit, "\(folder)")
            #expect(after.authors?.count == (before.authors?.count ?? 0) + 1, "\(folder)")
            checked += 1
        }
        #expect(checked >= 10)
    }

    // MARK: Odd values

    static let oddValues = [
        "say \"hi\"", "line one\nline two", "a: b", "# not a comment", "x # y", "  leading spaces", "trailing  ",
        "yes", "no", "NO", "Off", "null", "Null", "~", "1e3", "0x1F", "0o17", "1_000", "12:30", "2024-05-01", "5", "-1", "+1",
        ".inf", ".nan", "true", "🎉 fest 👩‍👩‍👧", "back\\slash", "tab\there", "- dash", "? question", "[flow]", "{map}",
        "&anchor", "*alias", "!tag", "%directive", "@at", "`tick`", "|", ">", "'single'", "\"", "æøå ÆØÅ",
        "del\u{7F} nel\u{85} ls\u{2028} bom\u{FEFF} nul\u{0} bell\u{07} esc\u{1B}", "https://example.no/a?b=c#d",
        "CC-BY-4.0 OR MIT", "a,b", "---", "...", "=", "<<", "e\u{301}", "\r\n", "1234567e0",
    ]

    @Test(arguments: oddValues)
    func oddValuesSurviveAsAuthorNames(value: String) throws {
        let text = "manifest: 1\nid: 01JD3M6Z8Q7T2V4X5Y6Z7A8B9C\ntitle: { nb: T }\nlanguage: [nb]\nkind: teacher\nlicence: CC0-1.0\nauthors:\n  - { name: A, role: teacher }\n"
        var editor = try ManifestEditor(text: text)
        try editor.append(YAMLOutput(author(name: value)), toSequence: "authors")
        try editor.append(.mapping([("name", .string(value)), ("role", .string("teacher"))]), toSequence: "newAuthors")
        try editor.setScalar("note", to: value)
        let reading = validate(editor.text)
        if value.allSatisfy(\.isWhitespace) {
            return // the validator refuses blank names, but the editor wrote them faithfully (checked on reading back)
        }
        let manifest = try #require(reading.manifest, "\(reading.findings.map(\.message.en))")
        #expect(manifest.authors?.last?.name == value)
        #expect(editor.text.hasPrefix(text))
    }

    @Test func emptyTextIsWrittenAsEmptyQuotes() throws {
        var editor = try ManifestEditor(text: "a: x\n")
        try editor.setScalar("a", to: "")
        try editor.append(.string(""), toSequence: "b")
        #expect(editor.text == "a: \"\"\nb:\n  - \"\"\n")
    }

    // MARK: Refusals

    @Test func wrongShapesAreRefused() {
        #expect(failure("authors:\n  name: A\n") { try $0.append(Self.kari, toSequence: "authors") }
            == .wrongShape(field: "authors", line: 2, expected: .list))
        #expect(failure("authors: Kari\n") { try $0.append(Self.kari, toSequence: "authors") }
            == .wrongShape(field: "authors", line: 1, expected: .list))
        #expect(failure("id:\n  a: b\n") { try $0.setScalar("id", to: "x") }
            == .wrongShape(field: "id", line: 2, expected: .text))
        #expect(failure("id: [a]\n") { try $0.setScalar("id", to: "x") }
            == .wrongShape(field: "id", line: 1, expected: .text))
        #expect(failure("derivedFrom:\n  - abc\n") { try $0.setScalar("commit", to: "x", inLastItemOf: "derivedFrom") }
            == .wrongShape(field: "derivedFrom[1]", line: 2, expected: .group))
        #expect(failure("derivedFrom: []\n") { try $0.setScalar("commit", to: "x", inLastItemOf: "derivedFrom") }
            == .noItems(field: "derivedFrom"))
        #expect(failure("id: x\n") { try $0.setScalar("commit", to: "x", inLastItemOf: "derivedFrom") }
            == .noItems(field: "derivedFrom"))
    }

    @Test func tagsAnchorsAndOddTopLevelsAreRefused() {
        #expect(failure("authors: !!seq\n  - { name: A }\n") { try $0.append(Self.kari, toSequence: "authors") }
            == .tagged(field: "authors", line: 1))
        #expect(failure("authors:\n  - !who { name: A }\n") { try $0.append(Self.kari, toSequence: "authors") }
            == .tagged(field: "authors", line: 2))
        #expect(failure("id: !custom X\n") { try $0.setScalar("id", to: "Y") } == .tagged(field: "id", line: 1))
        #expect(failure("derivedFrom:\n  - { id: A, commit: !!str abc }\n") { try $0.setScalar("commit", to: "x", inLastItemOf: "derivedFrom") }
            == .tagged(field: "derivedFrom", line: 2))
        #expect(failure("a: &x [1]\nb: *x\n") { _ in } == .unreadable(.anchor(line: 1, column: 4)))
        #expect(failure("{ id: X }\n") { _ in } == .notABlockMapping)
        #expect(failure("- a\n") { _ in } == .notABlockMapping)
        guard case .unreadable(.syntax)? = failure("id: [unclosed\n", { _ in }) else {
            Issue.record("a syntax error should be reported as unreadable")
            return
        }
    }

    @Test func layoutsTheEditorCannotChangeAloneAreRefused() {
        #expect(failure("id: abc\n  def\nlicence: X\n") { try $0.setScalar("id", to: "x") }
            == .unsupportedLayout(field: "id", line: 1))
    }

    @Test func anEditThatWouldNotReadBackIsRefused() {
        // The new field would become part of a block text that has no final line break.
        #expect(failure("description: |\n  text") { try $0.setScalar("licence", to: "CC0-1.0") }
            == .notVerified(field: "licence"))
        // Text after a document end marker is a second document.
        #expect(failure("id: X\n...\n") { try $0.append(Self.kari, toSequence: "authors") }
            == .notVerified(field: "authors"))
    }

    @Test func messagesNameTheFieldInBothLanguages() {
        let failures: [ManifestEditor.Failure] = [
            .unreadable(.anchor(line: 1, column: 4)), .notABlockMapping, .wrongShape(field: "authors", line: 2, expected: .list),
            .tagged(field: "authors", line: 1), .unsupportedLayout(field: "id", line: 1), .noItems(field: "derivedFrom"),
            .notVerified(field: "licence"),
        ]
        for failure in failures {
            #expect(!failure.message.nb.isEmpty && !failure.message.en.isEmpty)
            #expect(failure.message.nb != failure.message.en)
            for field in ["authors", "id", "derivedFrom", "licence"] where "\(failure)".contains("\"\(field)\"") || failure.message.en.contains("\"\(field)\"") {
                #expect(failure.message.nb.contains("«\(field)»"))
            }
        }
        #expect(ManifestEditor.Failure.wrongShape(field: "authors", line: 2, expected: .list).message.en.contains("\"authors\" (line 2)"))
    }
}
