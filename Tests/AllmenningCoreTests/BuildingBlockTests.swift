import AllmenningCore
import Foundation
import Testing

@Suite struct LicenceExpressionTests {
    @Test func parsesIdsAndCompoundExpressions() throws {
        #expect(try LicenceExpression.parse("CC-BY-4.0").identifiers == ["CC-BY-4.0"])
        #expect(try LicenceExpression.parse("GPL-2.0+ OR MIT").identifiers == ["GPL-2.0+", "MIT"])
        let compound = try LicenceExpression.parse("(MIT OR Apache-2.0) AND CC-BY-SA-4.0")
        #expect(compound.identifiers == ["MIT", "Apache-2.0", "CC-BY-SA-4.0"])
        #expect(compound.description == "((MIT OR Apache-2.0) AND CC-BY-SA-4.0)")
        #expect(try LicenceExpression.parse("LicenseRef-Kommune-1") == .reference("LicenseRef-Kommune-1"))
        #expect(try LicenceExpression.parse("GPL-2.0+") == .licence(id: "GPL-2.0", orLater: true))
    }

    @Test(arguments: [
        ("", LicenceExpressionError.empty),
        ("MIT OR", .missingOperand(after: "OR")),
        ("(MIT OR CC0-1.0", .unbalancedParentheses),
        ("MIT)", .unbalancedParentheses),
        ("MIT and CC0-1.0", .lowercaseOperator("and")),
        ("GPL-2.0-or-later WITH Classpath-exception-2.0", .exceptionsNotSupported),
        ("(MIT) CC0-1.0", .unexpectedToken("CC0-1.0")),
        (String(repeating: "(", count: 5000) + "MIT" + String(repeating: ")", count: 5000), .tooComplex),
        (Array(repeating: "MIT", count: 25_000).joined(separator: " OR "), .tooComplex),
    ])
    func rejectsMalformedExpressions(text: String, expected: LicenceExpressionError) {
        #expect(throws: expected) { try LicenceExpression.parse(text) }
    }

    @Test func suggestsIdsForWhatTeachersWrite() {
        #expect(SPDXLicenceList.suggestions(for: "cc-by-4.0") == ["CC-BY-4.0"])
        #expect(SPDXLicenceList.suggestions(for: "CC BY-SA 4.0") == ["CC-BY-SA-4.0"])
        #expect(SPDXLicenceList.suggestions(for: "CC-BY-SA").first == "CC-BY-SA-4.0")
        #expect(throws: LicenceExpressionError.unknownLicence("CC BY-SA 4.0", suggestions: ["CC-BY-SA-4.0"])) {
            try LicenceExpression.parse("CC BY-SA 4.0")
        }
        #expect(SPDXLicenceList.replacement(forDeprecated: "GPL-2.0") == "GPL-2.0-only")
        #expect(SPDXLicenceList.entries.count == 699)
    }

    @Test func legalCodeAddresses() {
        #expect(ResourceScaffold.legalCodeURL(for: "CC-BY-SA-4.0") == "https://creativecommons.org/licenses/by-sa/4.0/legalcode")
        #expect(ResourceScaffold.legalCodeURL(for: "CC-BY-3.0-NO") == "https://creativecommons.org/licenses/by/3.0/no/legalcode")
        #expect(ResourceScaffold.legalCodeURL(for: "CC0-1.0") == "https://creativecommons.org/publicdomain/zero/1.0/legalcode")
        #expect(ResourceScaffold.legalCodeURL(for: "MIT") == "https://spdx.org/licenses/MIT.html")
    }
}

@Suite struct LanguageTagTests {
    @Test(arguments: ["nb", "nn", "se", "sma", "sv", "da", "en", "nb-NO", "en-GB", "sr-Latn-RS", "fkv", "zxx", "de-CH-1996"])
    func acceptsCanonicalTags(tag: String) {
        #expect(LanguageTag.check(tag) == nil)
    }

    @Test func rejectsOthersWithAReason() {
        #expect(LanguageTag.check("nb-no") == .notCanonical(canonical: "nb-NO"))
        #expect(LanguageTag.check("EN") == .notCanonical(canonical: "en"))
        #expect(LanguageTag.check("xx") == .unknownLanguage("xx"))
        #expect(LanguageTag.check("norsk") == .malformed)
        #expect(LanguageTag.check("en-US-") == .malformed)
        #expect(LanguageTag.check("nb_NO") == .malformed)
        #expect(LanguageTag.check("") == .malformed)
    }
}

@Suite struct DurationTests {
    @Test func parsesLessonDurations() throws {
        let duration = try #require(ISO8601Duration("PT1H30M"))
        #expect(duration.hours == 1 && duration.minutes == 30)
        #expect(ISO8601Duration("P2W")?.weeks == 2)
        #expect(ISO8601Duration("P1DT2H")?.days == 1)
    }

    @Test(arguments: ["", "P", "PT", "45M", "PT45", "PT4.5M", "P1H", "PT30M1H", "P1WT", "PT45M "])
    func rejectsOthers(text: String) {
        #expect(ISO8601Duration(text) == nil)
    }
}

@Suite struct IdentifierTests {
    @Test func ulidsAreValidSortableAndUnique() {
        let earlier = ULID.make(date: Date(timeIntervalSince1970: 1_700_000_000))
        let later = ULID.make(date: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(earlier < later)
        let many = (0..<1000).map { _ in ULID.make() }
        #expect(Set(many).count == 1000)
        for id in many.prefix(50) + [earlier, later] {
            #expect(id.count == 26)
            #expect(validate(validManifest.replacingOccurrences(of: "01JD3M6Z8Q7T2V4X5Y6Z7A8B9C", with: id)).findings.isEmpty)
        }
    }

    @Test func suggestionsFindTypos() {
        #expect(Suggestions.closest(to: "titel", among: ["title", "type", "licence"]) == ["title"])
        #expect(Suggestions.closest(to: "licnese", among: ["licence", "language"]) == ["licence"])
        #expect(Suggestions.closest(to: "zzzzzz", among: ["title"]).isEmpty)
        #expect(Suggestions.editDistance(Array("ab"), Array("ba")) == 1)
    }

    @Test func messageLanguageFromEnvironment() {
        #expect(MessageLanguage.fromEnvironment(["LANG": "nb_NO.UTF-8"]) == .nb)
        #expect(MessageLanguage.fromEnvironment(["LANG": "nn_NO.UTF-8"]) == .nb)
        #expect(MessageLanguage.fromEnvironment(["LC_ALL": "en_GB.UTF-8", "LANG": "nb_NO.UTF-8"]) == .en)
        #expect(MessageLanguage.fromEnvironment(["LC_ALL": "C", "LANG": "nb_NO"]) == .nb)
        #expect(MessageLanguage.fromEnvironment([:]) == .en)
    }

    @Test func dataFolderResolution() {
        #expect(DataFolder(explicit: "/x", environment: ["ALLMENNING_DATA": "/y"]).url.path == "/x")
        #expect(DataFolder(explicit: nil, environment: ["ALLMENNING_DATA": "/y"]).url.path == "/y")
        #expect(DataFolder(explicit: nil, environment: ["XDG_DATA_HOME": "/z"]).url.path == "/z/allmenning")
        #expect(DataFolder(explicit: nil, environment: ["HOME": "/h"]).url.path == "/h/.local/share/allmenning")
    }
}

@Suite struct DocumentTextTests {
    @Test func htmlTextWithoutScriptsOrMarkup() {
        let html = """
        <!DOCTYPE html><html lang="nb"><head><title>Brøk</title><style>p{color:red}</style></head>
        <body><h1>Brøk med pizza</h1><p>Del pizzaen i <b>fire</b> like deler.</p><script>var x = 1;</script></body></html>
        """
        let text = DocumentText.fromHTML(Data(html.utf8))
        #expect(text.contains("Brøk med pizza"))
        #expect(text.contains("fire like deler"))
        #expect(!text.contains("color") && !text.contains("var x"))
        #expect(DocumentText.wordCount(text) == 10)
    }

    @Test func externalEntitiesAreNotLoaded() {
        let html = "<!DOCTYPE html [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><html><body><p>&x;trygg</p></body></html>"
        let text = DocumentText.fromHTML(Data(html.utf8))
        #expect(!text.contains("root:"))
    }

    @Test func markdownIncludingTables() {
        let markdown = "# Vannets kretsløp\n\nVann **fordamper**.\n\n| Ord | Forklaring |\n|---|---|\n| kondens | damp blir vann |\n"
        let text = DocumentText.fromMarkdown(Data(markdown.utf8))
        #expect(text.contains("Vannets kretsløp"))
        #expect(text.contains("damp blir vann"))
        #expect(!text.contains("|") && !text.contains("**"))
        #expect(MarkdownRenderer.html(from: Data(markdown.utf8)).contains("data-sourcepos=\"1:1-1:19\""))
    }

    @Test func wordsNeedALetterOrDigit() {
        #expect(DocumentText.wordCount("  – 3 + 4 = 7 ,  ord ") == 4)
    }
}

@Suite("Language maps")
struct LanguageMapTests {
    @Test("the preferred language first, then the alphabetically first; empty texts do not count")
    func preferredText() {
        #expect(LanguageMaps.text(["sv": "Bråk", "nn": "Brøk"], preferring: ["nb", "nn"]) == "Brøk")
        #expect(LanguageMaps.text(["sv": "Bråk", "da": "Brøk på dansk"], preferring: ["nb"]) == "Brøk på dansk")
        #expect(LanguageMaps.text(["nb": "", "en": "Fractions"], preferring: ["nb"]) == "Fractions")
        #expect(LanguageMaps.text([:], preferring: ["nb"]) == nil)
    }
}
