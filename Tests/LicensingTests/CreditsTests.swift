import AllmenningCore
import Foundation
import Licensing
import Testing

@Suite struct CreditsTests {
    static let yaml = LicensingRules.exampleManifest(licence: "CC-BY-SA-4.0", """
        derivedFrom:
          - id: 01JC0000000000000000000000
            repository: https://example.org/ola/pizza.git
            commit: 0123456789abcdef0123456789abcdef01234567
            licence: CC-BY-4.0
            title: { nb: Pizza-brøk, en: Pizza fractions }
            authors:
              - { name: Ola Nordmann, role: teacher, org: Nordby skole }
              - { pseudonym: Elev 9B-3, role: student }
        files:
          media/vulkan.jpg: { licence: CC-BY-2.0, attribution: "«Vulkan» av Per Hansen", source: "https://example.org/vulkan" }
          media/kart.png: { attribution: "Kart: Kartverket", source: "https://kartverket.no" }

        """)

    static let resource = TestResource(manifest: yaml, files: [
        "media/vulkan.jpg": "JPG", "media/kart.png": "PNG", "media/kart.png.license": "SPDX-FileCopyrightText: 2024 Kartverket\nSPDX-License-Identifier: CC-BY-4.0\n",
        "media/figur.svg": "<svg>\n<!-- SPDX-FileCopyrightText: 2023 Eva *Stjerne* -->\n<!-- SPDX-License-Identifier: CC0-1.0 -->\n</svg>\n",
        "index.md": "# Hei\n",
    ])

    @Test func entries() {
        let credits = Credits(manifest: Self.resource.manifest!, files: Self.resource.files)
        #expect(credits.entries.map(\.kind) == [.resource, .source, .file, .file, .file])
        #expect(credits.entries[0] == Credits.Entry(kind: .resource, title: "Brøk med pizza", authors: ["Kari Nordmann"], licence: "CC-BY-SA-4.0"))
        #expect(credits.entries[1].authors == ["Ola Nordmann (Nordby skole)", "Elev 9B-3"], "a pupil by pseudonym, never a name")
        #expect(credits.entries[1].source == "https://example.org/ola/pizza.git")
        #expect(credits.entries[2].path == "media/kart.png")
        #expect(credits.entries[2].licence == "CC-BY-4.0", "the licence from the file's .license when the manifest gives none")
        #expect(credits.entries[3].path == "media/vulkan.jpg")
        #expect(credits.entries[4].path == "media/figur.svg", "a file whose own REUSE information licenses it differently")
        #expect(credits.entries[4].authors == ["SPDX-FileCopyrightText: 2023 Eva *Stjerne*"])
        let english = Credits(manifest: Self.resource.manifest!, files: Self.resource.files, languages: ["en"])
        #expect(english.entries[1].title == "Pizza fractions")
    }

    @Test func markdownInBokmål() {
        let text = Credits(manifest: Self.resource.manifest!, files: Self.resource.files).markdown(in: .nb)
        #expect(text == """
            ## Kreditering

            «Brøk med pizza» av Kari Nordmann er lisensiert [CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/).

            ### Bearbeidet fra

            - «Pizza-brøk» av Ola Nordmann (Nordby skole) og Elev 9B-3, lisensiert [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/). Kilde: <https://example.org/ola/pizza.git> (commit 0123456789).

            ### Innhold fra andre

            - `media/kart.png`: Kart: Kartverket, lisensiert [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/). Kilde: <https://kartverket.no>.
            - `media/vulkan.jpg`: «Vulkan» av Per Hansen, lisensiert [CC BY 2.0](https://creativecommons.org/licenses/by/2.0/). Kilde: <https://example.org/vulkan>.
            - `media/figur.svg`: SPDX-FileCopyrightText: 2023 Eva \\*Stjerne\\*, lisensiert [CC0 1.0](https://creativecommons.org/publicdomain/zero/1.0/).

            """)
    }

    @Test func plainTextInEnglish() {
        let text = Credits(manifest: Self.resource.manifest!, files: Self.resource.files, languages: ["en"]).plainText(in: .en)
        #expect(text == """
            Credits

            “Brøk med pizza” by Kari Nordmann is licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/).

            Adapted from

            - “Pizza fractions” by Ola Nordmann (Nordby skole) and Elev 9B-3, licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). Source: https://example.org/ola/pizza.git (commit 0123456789).

            Material by others

            - media/kart.png: Kart: Kartverket, licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). Source: https://kartverket.no.
            - media/vulkan.jpg: «Vulkan» av Per Hansen, licensed CC BY 2.0 (https://creativecommons.org/licenses/by/2.0/). Source: https://example.org/vulkan.
            - media/figur.svg: SPDX-FileCopyrightText: 2023 Eva *Stjerne*, licensed CC0 1.0 (https://creativecommons.org/publicdomain/zero/1.0/).

            """)
    }

    @Test func anAuthorInTwoRolesIsNamedOnce() throws {
        let yaml = LicensingRules.exampleManifest(licence: "CC-BY-4.0", "")
            .replacingOccurrences(of: "authors:\n", with: "authors:\n  - { name: Kari Nordmann, role: translator }\n  - { name: Ola Nordmann, role: teacher, org: Nordby skole }\n")
        let manifest = try #require(TestResource(manifest: yaml, files: [:]).manifest, "\(yaml)")
        #expect(Credits(manifest: manifest).entries[0].authors == ["Kari Nordmann", "Ola Nordmann (Nordby skole)"])
    }

    @Test func expressionsAndUnknowns() {
        #expect(Credits.Entry(kind: .file).licence == nil)
        let credits = Credits(entries: [
            Credits.Entry(kind: .resource, title: "[Lenke](javascript:x) <b>", licence: "CC-BY-4.0 OR MIT"),
            Credits.Entry(kind: .file, path: "a.png"),
        ])
        let markdown = credits.markdown(in: .en)
        #expect(markdown.contains("“\\[Lenke\\](javascript:x) \\<b\\>” is licensed [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/) or [MIT](https://spdx.org/licenses/MIT.html)."))
        #expect(markdown.contains("- `a.png`: Unknown author (the licence is not given)."))
        #expect(credits.plainText(in: .nb).contains("- a.png: Ukjent opphav (lisensen er ikke oppgitt)."))
    }
}
