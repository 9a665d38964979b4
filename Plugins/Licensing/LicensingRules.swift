import AllmenningCore
import Foundation

/// A small resource that shows a rule: a manifest (nil for none) and files as text.
public struct LicensingExample: Sendable {
    public var manifest: String?
    public var files: [String: String]

    public init(manifest: String?, files: [String: String] = [:]) {
        self.manifest = manifest
        self.files = files
    }
}

/// One rule of the Licensing plugin, self-describing: its code, severity, what it checks, and
/// examples that do and do not trigger it. The examples are the rule's documentation and its
/// first tests (LicensingTests runs every one).
public struct LicensingRule: Sendable {
    public var code: String
    public var severity: Severity
    public var description: LocalizedText
    public var triggering: [LicensingExample]
    public var nonTriggering: [LicensingExample]
}

public enum LicensingRules {
    /// A manifest for examples: a teacher's resource under `licence`, with optional extra lines.
    public static func exampleManifest(licence: String, _ extra: String = "") -> String {
        """
        manifest: 1
        id: 01JD3M6Z8Q7T2V4X5Y6Z7A8B9C
        title: { nb: Brøk med pizza }
        language: [nb]
        kind: teacher
        authors:
          - { name: Kari Nordmann, role: teacher }
        licence: \(licence)

        """ + extra
    }

    /// `derivedFrom` with one complete source under `licence`.
    public static func exampleProvenance(licence: String) -> String {
        """
        derivedFrom:
          - id: 01JC0000000000000000000000
            repository: https://example.org/ola/pizza.git
            commit: 0123456789abcdef0123456789abcdef01234567
            licence: \(licence)
            title: { nb: Pizza-brøk }
            authors:
              - { name: Ola Nordmann, role: teacher }

        """
    }

    typealias Example = LicensingExample

    public static let all: [LicensingRule] = [
        LicensingRule(
            code: LicensingCheck.Code.invalidExpression, severity: .error,
            description: LocalizedText(nb: "En SPDX-License-Identifier (i en fil, en .license-fil, REUSE.toml eller .reuse/dep5) må være et gyldig SPDX-lisensuttrykk.",
                                       en: "An SPDX-License-Identifier (in a file, a .license file, REUSE.toml or .reuse/dep5) must be a valid SPDX licence expression."),
            triggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0"), files: ["index.md": "<!-- SPDX-License-Identifier: CC-BY-4.0 OR -->\n# Brøk\n"]),
                         Example(manifest: exampleManifest(licence: "CC-BY-4.0"), files: ["style.css": "/* SPDX-License-Identifier: (CC-BY-4.0 */\nbody {}\n"])],
            nonTriggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0"), files: ["index.md": "<!-- SPDX-License-Identifier: CC-BY-4.0 OR MIT -->\n# Brøk\n"])]),
        LicensingRule(
            code: LicensingCheck.Code.unknownLicence, severity: .error,
            description: LocalizedText(nb: "Lisens-id-ene i en SPDX-License-Identifier må stå på SPDX-lista (eller være LicenseRef-…).",
                                       en: "The licence ids in an SPDX-License-Identifier must be on the SPDX list (or be LicenseRef-…)."),
            triggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0"), files: ["oppgave.py": "# SPDX-License-Identifier: CC-BY-4\nprint(1)\n"])],
            nonTriggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0"), files: ["oppgave.py": "# SPDX-License-Identifier: CC-BY-4.0\nprint(1)\n"]),
                            Example(manifest: exampleManifest(licence: "CC-BY-4.0"), files: ["oppgave.py": "# SPDX-License-Identifier: LicenseRef-Kommune-1\n"])]),
        LicensingRule(
            code: LicensingCheck.Code.licenceException, severity: .warning,
            description: LocalizedText(nb: "Lisensunntak (WITH) hører til programvare; Allmenning vurderer ikke slike uttrykk.",
                                       en: "Licence exceptions (WITH) belong to software; Allmenning does not judge such expressions."),
            triggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0"), files: ["app.js": "// SPDX-License-Identifier: GPL-2.0-or-later WITH Classpath-exception-2.0\n"])],
            nonTriggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0"), files: ["app.js": "// SPDX-License-Identifier: GPL-2.0-or-later\n"])]),
        LicensingRule(
            code: LicensingCheck.Code.deprecatedLicence, severity: .warning,
            description: LocalizedText(nb: "En lisens-id som SPDX-lista har foreldet, bør byttes ut med den nye.",
                                       en: "A licence id the SPDX list has deprecated should be replaced by the current one."),
            triggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0"), files: ["app.js": "// SPDX-License-Identifier: GPL-3.0\n"])],
            nonTriggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0"), files: ["app.js": "// SPDX-License-Identifier: GPL-3.0-only\n"])]),
        LicensingRule(
            code: LicensingCheck.Code.reuseTomlInvalid, severity: .error,
            description: LocalizedText(nb: "REUSE.toml må kunne leses: version = 1 og [[annotations]] med path.",
                                       en: "REUSE.toml must be readable: version = 1 and [[annotations]] with path."),
            triggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0"), files: ["REUSE.toml": "version = 1\n[[annotations]]\npath = media/*\n", "media/a.txt": "a"]),
                         Example(manifest: exampleManifest(licence: "CC-BY-4.0"), files: ["REUSE.toml": "[[annotations]]\npath = \"*\"\nSPDX-License-Identifier = \"CC0-1.0\"\n"])],
            nonTriggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0"),
                                    files: ["REUSE.toml": "version = 1\n\n[[annotations]]\npath = \"media/**\"\nSPDX-License-Identifier = \"CC0-1.0\"\n", "media/a.txt": "a"])]),
        LicensingRule(
            code: LicensingCheck.Code.dep5Invalid, severity: .error,
            description: LocalizedText(nb: ".reuse/dep5 må kunne leses: hvert Files-avsnitt trenger License.",
                                       en: ".reuse/dep5 must be readable: each Files paragraph needs License."),
            triggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0"), files: [".reuse/dep5": "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: media/*\nCopyright: 2024 Kari Nordmann\n"])],
            nonTriggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0"), files: [".reuse/dep5": "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: media/*\nCopyright: 2024 Kari Nordmann\nLicense: CC0-1.0\n"])]),
        LicensingRule(
            code: LicensingCheck.Code.reuseConflict, severity: .warning,
            description: LocalizedText(nb: "REUSE godtar enten REUSE.toml eller .reuse/dep5, ikke begge.",
                                       en: "REUSE accepts either REUSE.toml or .reuse/dep5, not both."),
            triggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0"), files: [
                "REUSE.toml": "version = 1\n", ".reuse/dep5": "Format: x\n\nFiles: *\nCopyright: Kari\nLicense: CC0-1.0\n"])],
            nonTriggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0"), files: ["REUSE.toml": "version = 1\n"])]),
        LicensingRule(
            code: LicensingCheck.Code.declarationMismatch, severity: .warning,
            description: LocalizedText(nb: "Lisensen manifestet oppgir for en fil, må stemme med det fila selv (eller .license-fila, REUSE.toml) sier.",
                                       en: "The licence the manifest gives for a file must agree with what the file itself (or its .license file, REUSE.toml) says."),
            triggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0", "files:\n  kart.svg: { licence: CC-BY-4.0 }\n"),
                                 files: ["kart.svg": "<svg>\n<!-- SPDX-License-Identifier: CC-BY-SA-4.0 -->\n</svg>\n"])],
            nonTriggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0", "files:\n  kart.svg: { licence: CC-BY-SA-4.0 }\n"),
                                    files: ["kart.svg": "<svg>\n<!-- SPDX-License-Identifier: CC-BY-SA-4.0 -->\n</svg>\n"]),
                            Example(manifest: exampleManifest(licence: "CC-BY-4.0", "files:\n  kart.svg: { licence: CC-BY-4.0 OR MIT }\n"),
                                    files: ["kart.svg": "<svg>\n<!-- SPDX-License-Identifier: MIT OR CC-BY-4.0 -->\n</svg>\n"])]),
        LicensingRule(
            code: LicensingCheck.Code.missingLicence, severity: .warning,
            description: LocalizedText(nb: "Uten et gyldig manifest må hver fil ha sin egen lisens.",
                                       en: "Without a valid manifest, each file needs its own licence."),
            triggering: [Example(manifest: nil, files: ["notater.txt": "Hei\n"])],
            nonTriggering: [Example(manifest: nil, files: ["notater.txt": "SPDX-License-Identifier: CC-BY-4.0\nHei\n"]),
                            Example(manifest: exampleManifest(licence: "CC-BY-4.0"), files: ["notater.txt": "Hei\n"])]),
        LicensingRule(
            code: LicensingCheck.Code.remixForbidden, severity: .error,
            description: LocalizedText(nb: "I en bearbeiding må hver fils lisens kunne kombineres med ressursens lisens (Creative Commons' tabell; mørkegrå celle eller «kan ikke kombineres» er feil).",
                                       en: "In an adaptation, each file's licence must combine with the resource's licence (Creative Commons' chart; a dark grey cell or \"cannot be combined\" is an error)."),
            triggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0", exampleProvenance(licence: "CC-BY-4.0")),
                                 files: ["bilde.png": "PNG", "bilde.png.license": "SPDX-License-Identifier: CC-BY-SA-4.0\n"]),
                         Example(manifest: exampleManifest(licence: "CC-BY-SA-4.0", exampleProvenance(licence: "CC-BY-SA-4.0")),
                                 files: ["bilde.png": "PNG", "bilde.png.license": "SPDX-License-Identifier: CC-BY-NC-4.0\n"])],
            nonTriggering: [Example(manifest: exampleManifest(licence: "CC-BY-SA-4.0", exampleProvenance(licence: "CC-BY-SA-4.0")),
                                    files: ["bilde.png": "PNG", "bilde.png.license": "SPDX-License-Identifier: CC-BY-4.0\n"]),
                            Example(manifest: exampleManifest(licence: "CC-BY-4.0"),
                                    files: ["bilde.png": "PNG", "bilde.png.license": "SPDX-License-Identifier: CC-BY-SA-4.0\n"])]),
        LicensingRule(
            code: LicensingCheck.Code.remixNotRecommended, severity: .warning,
            description: LocalizedText(nb: "I en bearbeiding er en kombinasjon som tabellen tillater, men ikke anbefaler (gul celle), en advarsel som forklarer hvorfor.",
                                       en: "In an adaptation, a combination the chart permits but does not recommend (a yellow cell) is a warning that explains why."),
            triggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0", exampleProvenance(licence: "CC-BY-4.0")),
                                 files: ["foto.jpg": "JPG", "foto.jpg.license": "SPDX-License-Identifier: CC-BY-NC-4.0\n"])],
            nonTriggering: [Example(manifest: exampleManifest(licence: "CC-BY-NC-SA-4.0", exampleProvenance(licence: "CC-BY-4.0")),
                                    files: ["foto.jpg": "JPG", "foto.jpg.license": "SPDX-License-Identifier: CC-BY-NC-4.0\n"])]),
        LicensingRule(
            code: LicensingCheck.Code.remixUnchecked, severity: .info,
            description: LocalizedText(nb: "I en bearbeiding kan Allmenning ikke vurdere lisenser utenfor Creative Commons; det sies som informasjon.",
                                       en: "In an adaptation, Allmenning cannot judge licences outside Creative Commons; it says so as information."),
            triggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0", exampleProvenance(licence: "CC-BY-4.0")),
                                 files: ["app.js": "// SPDX-License-Identifier: MIT\n"])],
            nonTriggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0", exampleProvenance(licence: "CC-BY-4.0")),
                                    files: ["app.js": "// SPDX-License-Identifier: CC0-1.0\n"])]),
        LicensingRule(
            code: LicensingCheck.Code.upstreamIncompatible, severity: .error,
            description: LocalizedText(nb: "Ressursens lisens må være en lisens originalen (derivedFrom) tillater for bearbeidinger.",
                                       en: "The resource's licence must be one the original (derivedFrom) allows for adaptations."),
            triggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0", exampleProvenance(licence: "CC-BY-SA-4.0")))],
            nonTriggering: [Example(manifest: exampleManifest(licence: "CC-BY-SA-4.0", exampleProvenance(licence: "CC-BY-SA-4.0"))),
                            Example(manifest: exampleManifest(licence: "CC-BY-SA-4.0", exampleProvenance(licence: "CC-BY-4.0")))]),
        LicensingRule(
            code: LicensingCheck.Code.upstreamNotRecommended, severity: .warning,
            description: LocalizedText(nb: "En lisens som tabellen tillater, men ikke anbefaler for en bearbeiding av originalen (gul celle), gir en advarsel som forklarer hvorfor.",
                                       en: "A licence the chart permits but does not recommend for an adaptation of the original (a yellow cell) gives a warning that explains why."),
            triggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0", exampleProvenance(licence: "CC-BY-NC-4.0"))),
                         Example(manifest: exampleManifest(licence: "CC0-1.0", exampleProvenance(licence: "CC-BY-4.0")))],
            nonTriggering: [Example(manifest: exampleManifest(licence: "CC-BY-NC-4.0", exampleProvenance(licence: "CC-BY-NC-4.0")))]),
        LicensingRule(
            code: LicensingCheck.Code.attributionIncomplete, severity: .warning,
            description: LocalizedText(nb: "Materiale fra andre under en CC BY-lisens (filer med source i manifestet, og derivedFrom) må krediteres med tittel, opphavsperson, kilde og lisens.",
                                       en: "Material by others under a CC BY licence (files with source in the manifest, and derivedFrom) must be credited with title, author, source and licence."),
            triggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0", "files:\n  vulkan.jpg: { licence: CC-BY-2.0, source: \"https://example.org/vulkan\" }\n"),
                                 files: ["vulkan.jpg": "JPG"]),
                         Example(manifest: exampleManifest(licence: "CC-BY-4.0", """
                             derivedFrom:
                               - { id: 01JC0000000000000000000000, licence: CC-BY-4.0, title: { nb: Pizza-brøk } }

                             """))],
            nonTriggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0", "files:\n  vulkan.jpg: { licence: CC-BY-2.0, attribution: \"«Vulkan» av Ola Nordmann\", source: \"https://example.org/vulkan\" }\n"),
                                    files: ["vulkan.jpg": "JPG"]),
                            Example(manifest: exampleManifest(licence: "CC-BY-4.0", "files:\n  vulkan.jpg: { licence: CC0-1.0, source: \"https://example.org/vulkan\" }\n"),
                                    files: ["vulkan.jpg": "JPG"]),
                            Example(manifest: exampleManifest(licence: "CC-BY-4.0", exampleProvenance(licence: "CC-BY-4.0")))]),
        LicensingRule(
            code: LicensingCheck.Code.tooManyTags, severity: .warning,
            description: LocalizedText(nb: "Allmenning leser bare de første \(HeaderScanner.maximumTags) lisens- og opphavsrettslinjene i en fil.",
                                       en: "Allmenning reads only the first \(HeaderScanner.maximumTags) licence and copyright lines of a file."),
            triggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0"),
                                 files: ["a.txt": (1...70).map { "SPDX-FileCopyrightText: \($0) Person \($0)" }.joined(separator: "\n")])],
            nonTriggering: [Example(manifest: exampleManifest(licence: "CC-BY-4.0"),
                                    files: ["a.txt": "SPDX-FileCopyrightText: 2024 Kari Nordmann\nSPDX-License-Identifier: CC-BY-4.0\n"])]),
    ]
}
