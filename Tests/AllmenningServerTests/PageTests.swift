import AllmenningCatalogue
import AllmenningCore
import Foundation
import Testing

@Suite(.serialized) struct PageTests {
    static let pizza = "01M82EZD6DXN085RY0X6RECPA6"
    static let pizzaNynorsk = "01M82EZDBNQ0DNSR8HDEYJS0HX"

    @Test func searchPageFindsAndCountsFacets() async throws {
        let server = try await ServerFixture()
        defer { Task { await server.stop() } }
        let page = try await server.get("/?q=pizza")
        #expect(page.status == 200)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        #expect(page.text.contains("href=\"/resources/\(Self.pizza)\""))
        #expect(page.text.contains("href=\"/resources/\(Self.pizzaNynorsk)\""))
        #expect(!page.text.contains("fotosyntes"), "a resource without the word is not a hit")
        #expect(page.text.contains("2 ressurser"))
        // The subject facet counts both, named from the curriculum.
        #expect(page.text.contains("Matematikk (MAT01-06) <span class=\"count\">(2)</span>"))
        #expect(!page.text.contains("nil") && !page.text.contains("false"), "a missing value renders as nothing")

        let filtered = try await server.get("/?q=&language=nn")
        #expect(filtered.text.contains(Self.pizzaNynorsk))
        #expect(!filtered.text.contains("href=\"/resources/\(Self.pizza)\""))
        #expect(filtered.text.contains("id=\"f-language-0\" name=\"language\" value=\"nn\" checked"))
    }

    @Test func interfaceLanguageFromHeaderAndSwitch() async throws {
        let server = try await ServerFixture(resources: ["brok-med-pizza"])
        defer { Task { await server.stop() } }
        let english = try await server.get("/", headers: ["Accept-Language": "en-GB,en;q=0.9,nb;q=0.5"])
        #expect(english.text.contains("<html lang=\"en\">"))
        #expect(english.text.contains("Find learning resources"))
        let nynorsk = try await server.get("/?lang=nn")
        #expect(nynorsk.text.contains("<html lang=\"nn\">"))
        #expect(nynorsk.text.contains("Finn læringsressursar"))
        #expect(nynorsk.header("Set-Cookie")?.hasPrefix("lang=nn;") == true)
        let remembered = try await server.get("/", headers: ["Cookie": "lang=nn", "Accept-Language": "en"])
        #expect(remembered.text.contains("<html lang=\"nn\">"))
        let swedish = try await server.get("/", headers: ["Accept-Language": "sv-SE"])
        #expect(swedish.text.contains("<html lang=\"nb\">"), "Swedish readers get bokmål, the closest interface")
    }

    @Test func resourcePageShowsWhatATeacherNeeds() async throws {
        let server = try await ServerFixture()
        defer { Task { await server.stop() } }
        let page = try await server.get("/resources/\(Self.pizza)")
        #expect(page.status == 200)
        let html = page.text
        #expect(html.contains("<h1>Brøk med pizza</h1>"))
        #expect(html.contains("KM13277"))
        #expect(html.contains("lage og løse problemer med desimaltall, brøk og prosent"), "the aim's text from the curriculum")
        #expect(html.contains("rel=\"license\">CC BY-SA 4.0</a>"))
        #expect(html.contains("«Brøk med pizza» av Allmenning-redaksjonen"), "the attribution text to copy")
        #expect(html.contains("href=\"/resources/\(Self.pizzaNynorsk)\""), "the original links to its adaptation")
        #expect(html.contains("git clone http://127.0.0.1:0/git/brok-med-pizza.git"))
        #expect(html.contains("href=\"/resources/\(Self.pizza)/download.zip\""))
        #expect(html.contains("<th scope=\"row\">alternative text</th><td>ja</td><td>ja</td>"), "declared and verified side by side")

        let adaptation = try await server.get("/resources/\(Self.pizzaNynorsk)")
        #expect(adaptation.text.contains("href=\"/resources/\(Self.pizza)\""), "the adaptation links to its source")
        #expect(adaptation.text.contains("<h1 lang=\"nn\">"))
        // The source's title is in the reader's language (bokmål), so it carries no lang of its
        // own; it must not take the page's nynorsk from the surrounding context.
        #expect(adaptation.text.contains("<a href=\"/resources/\(Self.pizza)\">Brøk med pizza</a>"))
    }

    @Test func resourcePageCarriesLRMIJSONLD() async throws {
        let server = try await ServerFixture()
        defer { Task { await server.stop() } }
        let html = try await server.get("/resources/\(Self.pizzaNynorsk)").text
        let start = try #require(html.range(of: "<script type=\"application/ld+json\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8)) as? [String: Any])
        #expect(object["@context"] as? String == "https://schema.org")
        #expect(object["license"] as? String == "https://creativecommons.org/licenses/by-sa/4.0/legalcode")
        let alignments = try #require(object["educationalAlignment"] as? [[String: Any]])
        let aim = try #require(alignments.first { $0["targetName"] as? String == "KM13266" })
        #expect(aim["educationalFramework"] as? String == "LK20")
        #expect(aim["alignmentType"] as? String == "teaches")
        #expect(aim["targetUrl"] as? String == "http://psi.udir.no/kl06/KM13266")
        let basedOn = try #require(object["isBasedOn"] as? [[String: Any]])
        #expect(basedOn.first?["identifier"] as? String == Self.pizza)
        #expect(basedOn.first?["url"] as? String == "http://127.0.0.1:0/resources/\(Self.pizza)")
        #expect(object["accessibilityFeature"] as? [String] == ["alternativeText", "structuralNavigation"])
        #expect(object["accessMode"] as? [String] == ["textual", "visual"])
        #expect(object["accessModeSufficient"] != nil)
        #expect(object["accessibilityHazard"] as? [String] == ["none"])
        #expect(object["accessibilitySummary"] != nil)
        #expect(object["learningResourceType"] as? [String] == ["lesson", "exercise"])
        #expect(object["typicalAgeRange"] as? String == "10-11")
        #expect((object["educationalLevel"] as? [[String: Any]])?.first?["termCode"] as? String == "5")
    }

    @Test func curriculumPageShowsResourcesAndGaps() async throws {
        let server = try await ServerFixture()
        defer { Task { await server.stop() } }
        let list = try await server.get("/curricula")
        #expect(list.text.contains("href=\"/curricula/MAT01-06\""))
        let page = try await server.get("/curricula/MAT01-06")
        #expect(page.status == 200)
        #expect(page.text.contains("id=\"KM13277\""))
        #expect(page.text.contains("href=\"/resources/\(Self.pizza)\""))
        #expect(page.text.contains("Ingen ressurs ennå"), "aims nobody covers are marked as gaps")
        let missing = try await server.get("/curricula/XYZ99-99")
        #expect(missing.status == 404)
        #expect(missing.text.contains("XYZ99-99"))
    }

    @Test func ourOwnPagesPassOurAccessibilityChecks() async throws {
        let server = try await ServerFixture()
        defer { Task { await server.stop() } }
        for path in ["/", "/?q=fotosyntese&lang=en", "/?q=zzzzqqq", "/resources/\(Self.pizza)", "/resources/\(Self.pizzaNynorsk)?lang=nn",
                     "/curricula", "/curricula/NAT01-05", "/resources/NOPE", "/login", "/login?lang=nn"] {
            let page = try await server.get(path)
            let errors = ServerFixture.accessibilityErrors(page.body)
            #expect(errors.isEmpty, "\(path): \(errors.map { "\($0.code) line \($0.location.line ?? 0): \($0.message.en)" })")
        }
    }

    @Test func filesAndZip() async throws {
        let server = try await ServerFixture(resources: ["brok-med-pizza"])
        defer { Task { await server.stop() } }
        let entry = try await server.get("/resources/\(Self.pizza)/files/index.html")
        #expect(entry.status == 200)
        #expect(entry.header("Content-Security-Policy")?.hasPrefix("sandbox") == true, "a resource's own HTML runs sandboxed")
        #expect(entry.body == (try Data(contentsOf: ServerFixture.content.appendingPathComponent("brok-med-pizza/index.html"))))
        let image = try await server.get("/resources/\(Self.pizza)/files/media/pizza-deler.svg")
        #expect(image.header("Content-Type") == "image/svg+xml")
        let missing = try await server.get("/resources/\(Self.pizza)/files/media/nope.svg")
        #expect(missing.status == 404)
        let zip = try await server.get("/resources/\(Self.pizza)/download.zip")
        #expect(zip.status == 200)
        #expect(zip.header("Content-Type") == "application/zip")
        #expect(zip.body.prefix(2) == Data("PK".utf8))
        #expect(zip.text.contains("media/pizza-deler.svg"))
    }
}

@Test func theAccessibilityCheckOfOurPagesCanFail() {
    let broken = Data("<!DOCTYPE html><html><head><title>x</title></head><body><form><input type=\"text\"></form><img src=\"a.png\"></body></html>".utf8)
    #expect(!ServerFixture.accessibilityErrors(broken).isEmpty)
}
