import AllmenningCore
import Foundation
import Licensing
import Testing

@Suite struct FileLicencesTests {
    let manifest = LicensingRules.exampleManifest(licence: "CC-BY-4.0")

    @Test func precedenceOfTheSources() {
        let resource = TestResource(manifest: manifest + "files:\n  kart.svg: { licence: CC0-1.0 }\n", files: [
            "kart.svg": "<svg>\n<!-- SPDX-License-Identifier: CC-BY-SA-4.0 -->\n</svg>\n",
            "bilde.png": "PNG",
            "bilde.png.license": "SPDX-License-Identifier: CC-BY-NC-4.0\n",
            "tekst.md": "<!-- SPDX-License-Identifier: MIT -->\n",
            "tekst.md.license": "SPDX-License-Identifier: CC-BY-SA-4.0\n",
            "index.md": "# Hei\n",
        ])
        let licences = resource.licences
        // The manifest's files map: Allmenning's own declaration wins; REUSE's view is kept apart.
        #expect(licences["kart.svg"]?.expression == "CC0-1.0")
        #expect(licences["kart.svg"]?.origin == .manifest)
        #expect(licences["kart.svg"]?.reuse.map(\.expression) == ["CC-BY-SA-4.0"])
        #expect(licences["kart.svg"]?.declarations.first?.sourcePath == "resource.yaml")
        #expect(licences["kart.svg"]?.declarations.first?.line == 10)
        // A sidecar replaces the file's own header.
        #expect(licences["bilde.png"]?.expression == "CC-BY-NC-4.0")
        #expect(licences["bilde.png"]?.origin == .sidecar)
        #expect(licences["tekst.md"]?.expression == "CC-BY-SA-4.0")
        #expect(licences["tekst.md"]?.declarations.first?.sourcePath == "tekst.md.license")
        // Nothing else: the resource's licence.
        #expect(licences["index.md"]?.expression == "CC-BY-4.0")
        #expect(licences["index.md"]?.origin == .resource)
        #expect(licences["index.md"]?.reuse == [])
        #expect(licences["resource.yaml"]?.origin == .resource)
        // Sidecars themselves are not files with a licence.
        #expect(licences["bilde.png.license"] == nil)
    }

    @Test func ignoredFiles() {
        for path in ["LICENSE", "LICENCE.md", "LICENSE-MIT", "COPYING", "COPYING.txt", "a.png.license", "REUSE.toml", "LICENSES/CC-BY-4.0.txt",
                     ".reuse/dep5", ".git/config", "sub/.git/HEAD", "doc.spdx", "doc.spdx.json", "media/LICENSE-bilde.png.txt"] {
            #expect(FileLicences.isIgnored(path), "\(path)")
        }
        for path in ["LICENSED.md", "licence.md", "COPYINGS", "index.md", "media/LICENCES.md", "reuse.toml.txt"] {
            #expect(!FileLicences.isIgnored(path), "\(path)")
        }
        let resource = TestResource(manifest: manifest, files: ["tom.txt": "", "LICENCE.md": "CC BY 4.0"])
        #expect(resource.licences["tom.txt"] == nil, "empty files are not covered, as in REUSE")
        #expect(resource.licences["LICENCE.md"] == nil)
    }

    @Test func reuseTomlPrecedence() {
        let toml = """
        version = 1

        [[annotations]]
        path = "media/**"
        SPDX-FileCopyrightText = "2024 Kari Nordmann"
        SPDX-License-Identifier = "CC-BY-4.0"

        [[annotations]]
        path = ["media/laast/*", "docs/*.md"]
        precedence = "override"
        SPDX-License-Identifier = "CC0-1.0"

        [[annotations]]
        path = 'extra/**'
        precedence = "aggregate"
        SPDX-License-Identifier = ["CC-BY-SA-4.0"]

        """
        let resource = TestResource(manifest: manifest, files: [
            "REUSE.toml": toml,
            "media/a.jpg": "x",
            "media/deep/b.md": "<!-- SPDX-License-Identifier: MIT -->\n",
            "media/c.md": "SPDX-FileCopyrightText: 2020 Ola\n",
            "media/laast/d.md": "SPDX-License-Identifier: MIT\n",
            "docs/e.md": "x",
            "docs/sub/f.md": "x",
            "extra/g.md": "SPDX-License-Identifier: MIT\n",
        ])
        let licences = resource.licences
        #expect(licences["media/a.jpg"]?.expression == "CC-BY-4.0")
        #expect(licences["media/a.jpg"]?.origin == .reuseToml)
        #expect(licences["media/a.jpg"]?.declarations.first?.line == 3)
        #expect(licences["media/a.jpg"]?.copyrightNotices == ["2024 Kari Nordmann"])
        // closest: the file's own licence wins …
        #expect(licences["media/deep/b.md"]?.expression == "MIT")
        #expect(licences["media/deep/b.md"]?.copyrightNotices == ["2024 Kari Nordmann"], "… and the copyright it lacks comes from REUSE.toml")
        // … and a file with only a copyright takes the licence from REUSE.toml.
        #expect(licences["media/c.md"]?.expression == "CC-BY-4.0")
        // override: the file is not read; the last matching annotation wins.
        #expect(licences["media/laast/d.md"]?.expression == "CC0-1.0")
        #expect(licences["docs/e.md"]?.expression == "CC0-1.0")
        #expect(licences["docs/sub/f.md"]?.origin == .resource, "* does not cross /")
        // aggregate: both.
        #expect(Set(licences["extra/g.md"]?.reuse.map(\.expression) ?? []) == ["CC-BY-SA-4.0", "MIT"])
        #expect(licences["extra/g.md"]?.expression == "CC-BY-SA-4.0 AND MIT")
    }

    @Test func nestedReuseToml() {
        let resource = TestResource(manifest: manifest, files: [
            "REUSE.toml": "version = 1\n[[annotations]]\npath = \"**\"\nSPDX-License-Identifier = \"CC-BY-4.0\"\n[[annotations]]\npath = \"b/**\"\nprecedence = \"override\"\nSPDX-License-Identifier = \"CC-BY-NC-4.0\"\n",
            "a/REUSE.toml": "version = 1\n[[annotations]]\npath = \"*.md\"\nSPDX-License-Identifier = \"CC-BY-SA-4.0\"\n",
            "b/REUSE.toml": "version = 1\n[[annotations]]\npath = \"**\"\nSPDX-License-Identifier = \"CC0-1.0\"\n",
            "a/x.md": "x", "a/y.txt": "y", "b/z.md": "z",
        ])
        #expect(resource.licences["a/x.md"]?.expression == "CC-BY-SA-4.0", "the deepest REUSE.toml is closest")
        #expect(resource.licences["a/x.md"]?.declarations.first?.sourcePath == "a/REUSE.toml")
        #expect(resource.licences["a/y.txt"]?.expression == "CC-BY-4.0")
        #expect(resource.licences["b/z.md"]?.expression == "CC-BY-NC-4.0", "an outer override wins over nested files")
    }

    @Test func globs() {
        let cases: [(pattern: String, path: String, matches: Bool)] = [
            ("*.md", "a.md", true), ("*.md", "d/a.md", false), ("**/*.md", "a.md", true), ("**/*.md", "d/e/a.md", true),
            ("media/**", "media/a/b.png", true), ("media/**", "mediax/a.png", false), ("a\\*b", "a*b", true), ("a\\*b", "axxb", false),
            ("**", "anything/at/all", true), ("d/*/x", "d/e/x", true), ("d/*/x", "d/e/f/x", false), ("?.md", "a.md", false),
        ]
        for (pattern, path, matches) in cases {
            let toml = "version = 1\n[[annotations]]\npath = \"\(pattern.replacingOccurrences(of: "\\", with: "\\\\"))\"\nSPDX-License-Identifier = \"CC0-1.0\"\n"
            let resource = TestResource(manifest: nil, files: ["REUSE.toml": toml, path: "x"])
            #expect((resource.licences[path]?.expression == "CC0-1.0") == matches, "\(pattern) ~ \(path)")
        }
    }

    @Test func dep5LastParagraphWinsAndAggregates() {
        let dep5 = """
        Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/

        Files: *
        Copyright: 2024 Kari Nordmann
        License: CC-BY-4.0

        Files: media/*.txt
               other/?.md
        Copyright: 2020 Ola Nordmann
         2021 Eva Nordmann
        License: CC0-1.0
         This is the licence text, not read.
        """
        let resource = TestResource(manifest: nil, files: [".reuse/dep5": dep5, "index.md": "SPDX-License-Identifier: MIT\n",
                                                           "media/sub/a.txt": "a", "other/b.md": "b", "other/bb.md": "bb"])
        let licences = resource.licences
        #expect(Set(licences["index.md"]?.reuse.map(\.expression) ?? []) == ["CC-BY-4.0", "MIT"])
        #expect(licences["media/sub/a.txt"]?.expression == "CC0-1.0", "* crosses / in dep5")
        #expect(licences["media/sub/a.txt"]?.copyrightNotices == ["2020 Ola Nordmann", "2021 Eva Nordmann"])
        #expect(licences["other/b.md"]?.expression == "CC0-1.0")
        #expect(licences["other/bb.md"]?.expression == "CC-BY-4.0")
    }

    @Test func reuseTomlSyntax() {
        let good = """
        version = 1 # comment
        [[annotations]]
        path = [
          "a.md",   # first
          'b\\c.md',
        ]
        "SPDX-License-Identifier" = \"\"\"
        CC0-1.0\"\"\"
        SPDX-FileCopyrightText = ["2024 \\u00C6ra"]
        [other]
        key = true
        """
        let resource = TestResource(manifest: nil, files: ["REUSE.toml": good, "a.md": "a"])
        #expect(resource.licences["a.md"]?.expression == "CC0-1.0")
        #expect(resource.licences["a.md"]?.copyrightNotices == ["2024 Æra"])
        #expect(!codes(resource.findings).contains(LicensingCheck.Code.reuseTomlInvalid))

        for bad in ["version = 1\n[[annotations]]\npath = \"a\"\npath = \"b\"\n",
                    "version = 1\n[[annotations]]\nSPDX-License-Identifier = \"MIT\"\n",
                    "version = 1\n[[annotations]]\npath = \"a\"\nprecedence = \"first\"\n",
                    "version = 2\n",
                    "version = 1\n[[annotations]]\npath = \"unterminated\n",
                    "version = 1\n[[annotations]]\npath = [\"a\", 1]\n",
                    "version = 1\n[[annotations]\n"] {
            let findings = TestResource(manifest: nil, files: ["REUSE.toml": bad]).findings
            let invalid = findings.filter { $0.code == LicensingCheck.Code.reuseTomlInvalid }
            #expect(invalid.count == 1, "\(bad)")
            #expect(invalid.first?.location.line != nil)
            expectBilingual(findings)
        }
    }

    @Test func pathsAreNormalised() {
        let resource = TestResource(manifest: nil, files: ["./media//a.png": "x", "./media/a.png.license": "SPDX-License-Identifier: CC0-1.0\n"])
        #expect(resource.licences["media/a.png"]?.expression == "CC0-1.0")
    }

    @Test func anUnreadableTagIsNotAlsoADisagreement() {
        let findings = TestResource(manifest: manifest + "files:\n  a.svg: { licence: CC-BY-4.0 }\n",
                                    files: ["a.svg": "<svg><!-- SPDX-License-Identifier: CC-BY-4.0 --></svg>\n"]).findings
        #expect(codes(findings) == [LicensingCheck.Code.unknownLicence])
        #expect(findings.first?.message.en.contains("put the comment on a line of its own") == true)
    }
}
