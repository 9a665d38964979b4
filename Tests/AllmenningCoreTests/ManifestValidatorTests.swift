import AllmenningCore
import Foundation
import Testing

/// A valid manifest to break one field at a time.
let validManifest = """
manifest: 1
id: 01JD3M6Z8Q7T2V4X5Y6Z7A8B9C
title: { nb: Brøk med pizza, en: Fractions with pizza }
description:
  nb: Elevene deler pizzaer og finner likeverdige brøker.
language: [nb]
kind: teacher
type: [lesson, exercise]
level: [5, "6"]
subjects: [MAT01-06]
didactics: { grouping: [pair, group], duration: PT45M }
authors:
  - { name: Allmenning-redaksjonen, role: teacher, org: Allmenning }
  - { pseudonym: Elev 9B-3, role: student }
licence: CC-BY-SA-4.0
accessibility:
  features: [alternativeText, structuralNavigation]
  hazards: [none]
  accessModes: [textual, visual]
requires: { devices: [tablet], internet: false }
entry: index.html
files:
  media/pizza.svg: { licence: CC-BY-4.0, attribution: "Tegning: Allmenning" }

"""

func validate(_ yaml: String, curricula: CurriculumCatalogue? = nil) -> ManifestReading {
    ManifestValidator(curricula: curricula).validate(data: Data(yaml.utf8), path: "resource.yaml")
}

func errors(_ reading: ManifestReading) -> [Finding] { reading.findings.filter { $0.severity == .error } }

@Suite struct ManifestValidatorTests {
    @Test func validManifestHasNoFindingsAndDecodes() throws {
        let reading = validate(validManifest)
        #expect(reading.findings.isEmpty, "\(reading.findings.map(\.message.en))")
        let manifest = try #require(reading.manifest)
        #expect(manifest.title["nb"] == "Brøk med pizza")
        #expect(manifest.level == ["5", "6"])
        #expect(manifest.authors?.count == 2)
        #expect(manifest.files?["media/pizza.svg"]?.licence == "CC-BY-4.0")
        #expect(reading.references.map(\.path).sorted() == ["index.html", "media/pizza.svg"])
    }

    @Test func missingRequiredFieldIsAnErrorOnTheMappingsLine() {
        let reading = validate(validManifest.replacingOccurrences(of: "kind: teacher\n", with: ""))
        let error = errors(reading)
        #expect(error.count == 1)
        #expect(error.first?.code == "manifest.missing-field")
        #expect(error.first?.message.en.contains("\"kind\"") == true)
        #expect(error.first?.message.nb.contains("«kind»") == true)
        #expect(reading.manifest == nil)
    }

    @Test func unknownFieldIsAWarningWithASuggestion() {
        let reading = validate(validManifest + "titel: { nb: x }\n")
        #expect(errors(reading).isEmpty)
        let warning = reading.findings.first { $0.code == "manifest.unknown-field" }
        #expect(warning?.severity == .warning)
        #expect(warning?.message.en.contains("Did you mean \"title\"") == true)
        #expect(warning?.location.line == 24)
        #expect(reading.manifest != nil)
    }

    @Test func wrongTypeNamesFieldLineAndFix() {
        let reading = validate(validManifest.replacingOccurrences(of: "language: [nb]", with: "language: nb"))
        let error = errors(reading).first
        #expect(error?.code == "manifest.wrong-type")
        #expect(error?.location.line == 6)
        #expect(error?.location.column == 11)
        #expect(error?.message.en.contains("[nb]") == true)
    }

    @Test func norwegianLanguageCodeNoStaysText() {
        // Under YAML 1.1 `no` is false; the manifest reads YAML 1.2, where it is the code for Norwegian.
        let reading = validate(validManifest.replacingOccurrences(of: "language: [nb]", with: "language: [no]"))
        #expect(errors(reading).isEmpty)
        #expect(reading.manifest?.language == ["no"])
    }

    @Test(arguments: [
        ("level: [5, \"6\"]", "level: [11]", "manifest.invalid-level"),
        ("level: [5, \"6\"]", "level: [vg4]", "manifest.invalid-level"),
        ("level: [5, \"6\"]", "level: [5, 5]", "manifest.duplicate-item"),
        ("duration: PT45M", "duration: 45 min", "manifest.invalid-duration"),
        ("duration: PT45M", "duration: PT", "manifest.invalid-duration"),
        ("grouping: [pair, group]", "grouping: [pairs]", "manifest.unknown-term"),
        ("type: [lesson, exercise]", "type: [leksjon]", "manifest.unknown-term"),
        ("kind: teacher", "kind: laerer", "manifest.unknown-term"),
        ("licence: CC-BY-SA-4.0", "licence: CC BY-SA", "manifest.invalid-licence"),
        ("licence: CC-BY-SA-4.0", "licence: MIT OR", "manifest.invalid-licence"),
        ("licence: CC-BY-SA-4.0", "licence: MIT and CC0-1.0", "manifest.invalid-licence"),
        ("language: [nb]", "language: [nb-no]", "manifest.invalid-language-tag"),
        ("language: [nb]", "language: [norsk]", "manifest.invalid-language-tag"),
        ("id: 01JD3M6Z8Q7T2V4X5Y6Z7A8B9C", "id: 01JD3M6Z8Q7T2V4X5Y6Z7A8B9I", "manifest.invalid-id"),
        ("manifest: 1", "manifest: 2", "manifest.unsupported-version"),
        ("manifest: 1", "manifest: \"1\"", "manifest.wrong-type"),
        ("subjects: [MAT01-06]", "subjects: [MAT0106]", "manifest.invalid-subject"),
        ("entry: index.html", "entry: ../index.html", "manifest.invalid-path"),
        ("entry: index.html", "entry: /index.html", "manifest.invalid-path"),
        ("  - { pseudonym: Elev 9B-3, role: student }", "  - { role: student }", "manifest.author-identity"),
        ("features: [alternativeText, structuralNavigation]", "features: [altText]", "manifest.unknown-term"),
        ("internet: false", "internet: nei", "manifest.wrong-type"),
        ("{ nb: Brøk med pizza, en: Fractions with pizza }", "{ nb: \"  \" }", "manifest.empty-text"),
        ("{ nb: Brøk med pizza, en: Fractions with pizza }", "{}", "manifest.empty-list"),
    ])
    func eachBrokenRuleIsOneErrorWithItsCode(original: String, broken: String, code: String) {
        #expect(validManifest.contains(original))
        let reading = validate(validManifest.replacingOccurrences(of: original, with: broken))
        let found = errors(reading)
        #expect(found.map(\.code) == [code], "\(broken): \(found.map(\.message.en))")
        #expect(found.first?.location.line != nil)
        #expect(found.allSatisfy { !$0.message.nb.isEmpty && !$0.message.en.isEmpty && $0.message.nb != $0.message.en })
    }

    @Test func misspeltLicenceSuggestsTheSPDXId() {
        let reading = validate(validManifest.replacingOccurrences(of: "licence: CC-BY-SA-4.0", with: "licence: CC-BY-SA"))
        let message = errors(reading).first?.message.en ?? ""
        #expect(message.contains("CC-BY-SA-4.0"), "\(message)")
    }

    @Test func deprecatedLicenceIsAWarningNamingTheReplacement() {
        let reading = validate(validManifest.replacingOccurrences(of: "licence: CC-BY-SA-4.0", with: "licence: GPL-2.0+"))
        #expect(errors(reading).isEmpty)
        let warning = reading.findings.first { $0.code == "manifest.deprecated-licence" }
        #expect(warning?.message.en.contains("GPL-2.0-or-later") == true)
    }

    @Test func studentListedByNameIsAWarning() {
        let yaml = validManifest.replacingOccurrences(of: "{ pseudonym: Elev 9B-3, role: student }", with: "{ name: Ola Nordmann, role: student }")
        let reading = validate(yaml)
        #expect(errors(reading).isEmpty)
        #expect(reading.findings.contains { $0.code == "manifest.student-named" && $0.severity == .warning })
    }

    @Test func unknownAimIsAnErrorWithClosestCodes() throws {
        let curricula = CurriculumCatalogue(packs: [CurriculumPack(
            id: "test", framework: "LK20", title: ["en": "test"],
            curricula: [Curriculum(code: "MAT01-06", subject: ["nb": "Matematikk"])],
            aims: [CompetenceAim(code: "KM3133", curriculum: "MAT01-06", afterYear: "6", text: ["nb": "bruke brøk"]),
                   CompetenceAim(code: "KM3134", curriculum: "MAT01-06", afterYear: "6", text: ["nb": "regne med brøk"])])])
        let reading = validate(validManifest + "aims: [KM3133, KM3139]\n", curricula: curricula)
        let error = try #require(errors(reading).first)
        #expect(error.code == "manifest.unknown-aim")
        #expect(error.location.line == 24)
        #expect(error.message.en.contains("KM3133") && error.message.en.contains("KM3134"))
        #expect(validate(validManifest + "aims: [KM3133]\n", curricula: curricula).findings.isEmpty)
    }

    @Test func aimsWithoutCurriculaAreAWarningNotAnError() {
        let reading = validate(validManifest + "aims: [KM3133]\n")
        #expect(errors(reading).isEmpty)
        #expect(reading.findings.map(\.code) == ["manifest.aims-not-checked"])
    }

    @Test func derivedFromNeedsIdTitleAndLicence() {
        let reading = validate(validManifest + "derivedFrom:\n  - { id: 01JD3M6Z8Q7T2V4X5Y6Z7A8B9D, licence: CC-BY-4.0 }\n")
        #expect(errors(reading).map(\.code) == ["manifest.missing-field"])
        #expect(errors(reading).first?.message.en.contains("title") == true)
    }
}
