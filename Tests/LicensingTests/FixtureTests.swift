import AllmenningCore
import Foundation
import Licensing
import Testing

/// The fixture folders, read from disk as the plugin reads a resource: what each file's licence
/// is, where it comes from, and what the check says.
@Suite struct FixtureTests {
    /// Each fixture's findings as "severity code path:line".
    static let expectedFindings: [String: [String]] = [
        "adaptation": [
            "error licensing.remix-forbidden media/plakat.pdf.license:2",
            "error licensing.upstream-incompatible resource.yaml:17",
            "error licensing.remix-forbidden resource.yaml:21",
            "warning licensing.remix-not-recommended media/ikon.svg:2",
            "warning licensing.upstream-not-recommended resource.yaml:10",
            "warning licensing.attribution-incomplete resource.yaml:17",
            "warning licensing.attribution-incomplete resource.yaml:21",
        ],
        "comment-syntaxes": [],
        "dep5": [],
        "disagreement": [
            "warning licensing.declaration-mismatch resource.yaml:10",
            "warning licensing.declaration-mismatch resource.yaml:11",
        ],
        "ignore-crlf-utf16": [],
        "invalid-expressions": [
            "error licensing.invalid-expression a.md:1",
            "error licensing.unknown-licence b.py:1",
            "error licensing.invalid-expression c.js:1",
            "error licensing.unknown-licence f.md:1",
            "error licensing.unknown-licence g.svg:1",
            "warning licensing.licence-exception d.txt:1",
            "warning licensing.deprecated-licence e.css:1",
        ],
        "manifest-files": [],
        "missing-licence": [
            "warning licensing.missing-licence bilde.png:0",
            "warning licensing.missing-licence notater.txt:0",
        ],
        "reuse-toml": [],
        "reuse-toml-nested": [],
        "sidecars": [],
    ]

    /// path → "expression (origin)" for each fixture, as Allmenning reads it.
    static let expectedLicences: [String: [String: String]] = [
        "comment-syntaxes": [
            "README.md": "CC-BY-SA-4.0 (resource)", "ark.tex": "CC-BY-SA-4.0 (file-header)", "blokk.c": "CC0-1.0 (file-header)",
            "figur.svg": "CC-BY-4.0 (file-header)", "index.html": "CC-BY-SA-4.0 (file-header)", "mal.hbs": "CC-BY-4.0 (file-header)",
            "notater.md": "CC-BY-4.0 (file-header)", "oppgave.py": "CC-BY-4.0 (file-header)", "resource.yaml": "CC-BY-SA-4.0 (resource)",
            "skript.js": "MIT (file-header)", "stil.css": "CC0-1.0 (file-header)",
        ],
        "sidecars": [
            "index.md": "CC-BY-4.0 (resource)", "media/bilde.png": "CC-BY-SA-4.0 (dot-license)", "media/kart.svg": "CC0-1.0 (dot-license)",
            "media/lyd.mp3": "CC-BY-4.0 (resource)", "resource.yaml": "CC-BY-4.0 (resource)",
        ],
        "reuse-toml": [
            "docs/dypt/liste.txt": "CC0-1.0 (reuse-toml)", "docs/dypt/notat.md": "CC-BY-4.0 (resource)", "docs/veiledning.md": "CC0-1.0 (reuse-toml)",
            "extra/tillegg.md": "CC-BY-SA-4.0 AND CC-BY-4.0 (reuse-toml)", "index.md": "CC-BY-4.0 (resource)", "media/foto.jpg": "CC-BY-4.0 (reuse-toml)",
            "media/tegning.svg": "CC-BY-SA-4.0 (file-header)", "media/under/ark.txt": "CC-BY-4.0 (reuse-toml)", "resource.yaml": "CC-BY-4.0 (resource)",
        ],
        "reuse-toml-nested": [
            "index.md": "CC-BY-4.0 (reuse-toml)", "kapittel/a.md": "CC-BY-SA-4.0 (reuse-toml)", "kapittel/b.txt": "CC-BY-4.0 (reuse-toml)",
            "kapittel/c.md": "CC0-1.0 (file-header)", "laast/d.md": "CC-BY-NC-4.0 (reuse-toml)", "resource.yaml": "CC-BY-4.0 (reuse-toml)",
        ],
        "manifest-files": [
            "index.md": "CC-BY-SA-4.0 (resource)", "media/kart.png": "CC0-1.0 (manifest)", "media/vulkan.jpg": "CC-BY-2.0 (manifest)",
            "resource.yaml": "CC-BY-SA-4.0 (resource)",
        ],
        "missing-licence": ["bilde.png": "none", "lisensiert.md": "CC-BY-4.0 (file-header)", "notater.txt": "none"],
        "disagreement": [
            "media/bilde.png": "CC-BY-4.0 (manifest)", "media/kart.svg": "CC-BY-4.0 (manifest)", "media/logo.svg": "CC0-1.0 (manifest)",
            "resource.yaml": "CC-BY-4.0 (resource)",
        ],
        "dep5": [
            "index.md": "CC-BY-4.0 (resource)", "media/a.txt": "CC-BY-4.0 AND MIT (dep5)", "media/spesiell.txt": "CC0-1.0 (dep5)",
            "media/under/b.txt": "CC-BY-4.0 (dep5)", "resource.yaml": "CC-BY-4.0 (resource)",
        ],
        "ignore-crlf-utf16": [
            "crlf.md": "CC-BY-SA-4.0 (file-header)", "flere.md": "CC-BY-4.0 AND MIT (file-header)", "ignorert.md": "CC0-1.0 (file-header)",
            "resource.yaml": "CC-BY-4.0 (resource)", "utf16.txt": "CC-BY-NC-4.0 (file-header)",
        ],
    ]

    @Test func atLeastEightFixtures() {
        #expect(Fixtures.names.count >= 8)
        #expect(Set(Fixtures.names) == Set(Self.expectedFindings.keys))
    }

    @Test(arguments: Array(expectedFindings.keys).sorted())
    func findings(fixture: String) {
        let (manifest, files) = Fixtures.load(fixture)
        let findings = LicensingCheck.check(manifest: manifest, files: files)
        let shown = findings.sortedForReading().map { "\($0.severity) \($0.code) \($0.location.path):\($0.location.line ?? 0)" }
        #expect(shown == Self.expectedFindings[fixture])
        expectBilingual(findings)
    }

    @Test(arguments: Array(expectedLicences.keys).sorted())
    func licences(fixture: String) {
        let (manifest, files) = Fixtures.load(fixture)
        let licences = FileLicences.detect(files: files, manifest: manifest)
        let shown = licences.mapValues { detected in detected.expression.map { "\($0) (\(detected.origin!.rawValue))" } ?? "none" }
        #expect(shown == Self.expectedLicences[fixture])
    }

    @Test func theFixturesUseEveryWayOfDeclaring() {
        var origins = Set<LicenceOrigin>()
        for name in Fixtures.names {
            let (manifest, files) = Fixtures.load(name)
            for detected in FileLicences.detect(files: files, manifest: manifest).values {
                origins.formUnion(detected.declarations.map(\.origin))
                origins.formUnion(detected.reuse.map(\.origin))
            }
        }
        #expect(origins == Set(LicenceOrigin.allCases))
    }

    @Test func attributionNamesWhatIsMissing() {
        let (manifest, files) = Fixtures.load("adaptation")
        let findings = LicensingCheck.check(manifest: manifest, files: files).filter { $0.code == LicensingCheck.Code.attributionIncomplete }
        #expect(findings.map(\.message.en).contains { $0.contains("\"Brøkvegg\"") && $0.contains("lacks author and source") })
        #expect(findings.map(\.message.nb).contains { $0.contains("«media/foto.jpg»") && $0.contains("mangler tittel og opphavsperson") })
    }

    @Test func mismatchSaysWhichIsUsed() {
        let (manifest, files) = Fixtures.load("disagreement")
        let finding = LicensingCheck.check(manifest: manifest, files: files).first { $0.location.line == 11 }!
        #expect(finding.message.en == "The manifest says \"media/bilde.png\" is licensed CC-BY-4.0, but \"media/bilde.png.license\" says CC-BY-NC-4.0. Allmenning, `fork` and the catalogue use the manifest. Find out which licence is right and correct the other.")
    }
}
