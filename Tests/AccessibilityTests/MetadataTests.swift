@testable import Accessibility
import AllmenningCore
import Foundation
import Testing

@Suite("Accessibility metadata: what the content shows, and the manifest's declaration against it")
struct MetadataTests {
    func texts(_ tag: TagValue?) -> [String] {
        guard case let .list(list)? = tag else { return [] }
        return list.compactMap { if case let .text(text) = $0 { text } else { nil } }
    }

    func facts(_ body: String) -> PageFacts {
        PageFacts(Page(path: "index.html", tree: HTMLTree.html(Data(page(body).utf8))))
    }

    let words = String(repeating: "Brøk er deler av en hel. ", count: 12)

    @Test("what a page is made of: images and their text alternatives, headings, landmarks, a table of contents, MathML, ARIA")
    func pageFacts() {
        let facts = facts("""
        <header><p>Matte</p></header>
        <nav aria-label="Innhold"><ol><li><a href="#a">Deler</a></li><li><a href="#b">Brøk</a></li><li><a href="oppgaver.html">Oppgaver</a></li></ol></nav>
        <main>
        <h1 id="a">Brøk</h1>
        <img src="a.png" alt="En pizza delt i fire">
        <img src="pynt.png" alt="">
        <img src="b.png">
        <img src="c.png" aria-hidden="true">
        <svg role="img"><title>Tallinje</title></svg>
        <svg><path d="M0 0"/></svg>
        <input type="image" src="ok.png" alt="Send">
        <div role="img"></div>
        <img src="d.png" alt="Graf" aria-describedby="lang">
        <p id="lang">Grafen stiger jevnt.</p>
        <h2 id="b">Formler</h2>
        <math alttext="3/4"><mfrac><mn>3</mn><mn>4</mn></mfrac></math>
        <math><mn>2</mn></math>
        <canvas></canvas>
        <section aria-label="Oppgaver"><p>Gjør oppgavene.</p></section>
        </main>
        <footer><p>CC BY-SA</p></footer>
        <script>var ignored = "many words here";</script>
        """)
        #expect(facts.namedImages == 4)
        #expect(facts.decorativeImages == 2)
        #expect(facts.unnamedImages == 2)
        #expect(facts.firstUnnamedImageLine == 11)
        #expect(facts.otherVisual == 1)
        #expect(facts.headings == 2)
        #expect(facts.landmarks == 5)
        #expect(facts.tableOfContentsLine == 6)
        #expect(facts.math == 2 && facts.describedMath == 1 && facts.firstUndescribedMathLine == 21)
        #expect(facts.longDescriptions == 1)
        #expect(facts.aria >= 5)
        #expect(!facts.tag.summary.isEmpty)
        #expect(PageFacts(tag: facts.tag) == facts)
    }

    @Test("a list of links to nowhere on the page, or of two links, is not a table of contents")
    func notTableOfContents() {
        #expect(facts("<ul><li><a href=\"#x\">X</a></li><li><a href=\"#y\">Y</a></li><li><a href=\"#z\">Z</a></li></ul>").tableOfContentsLine == nil)
        #expect(facts("<nav><a href=\"#a\">A</a> <a href=\"#b\">B</a></nav><h2 id=\"a\">A</h2><h2 id=\"b\">B</h2>").tableOfContentsLine == nil)
        #expect(facts("<ul><li><a href=\"https://udir.no\">Udir</a></li><li><a href=\"#a\">A</a></li><li><a href=\"#a\">A</a></li></ul><h2 id=\"a\">A</h2>").tableOfContentsLine == nil)
    }

    @Test("features, access modes and the sets of modes that are enough, inferred for the whole resource")
    func inference() {
        let result = check([
            "index.html": page("<h1>Brøk</h1><p>\(words)</p><img src=\"a.png\" alt=\"En pizza\"><audio src=\"lyd.mp3\" controls></audio><p><a href=\"lyd.md\">Les transkripsjonen</a></p>"),
            "lyd.md": "# Transkripsjon\n\nHei.\n", "lyd.mp3": "",
        ])
        #expect(texts(result.tags[""]?["accessibilityFeature"]) == ["alternativeText", "transcript", "structuralNavigation"])
        #expect(texts(result.tags[""]?["accessMode"]) == ["textual", "visual", "auditory"])
        #expect(texts(result.tags[""]?["accessModeSufficient"]) == ["textual", "textual,visual", "textual,auditory", "textual,visual,auditory"])
    }

    @Test("a captioned video without a transcript: enough with sight, not with text or hearing alone")
    func videoSufficiency() {
        let result = check(["index.html": page("<p>Se filmen.</p><video src=\"f.mp4\" controls><track kind=\"captions\" src=\"f.vtt\"></video>"),
                            "f.vtt": captions])
        #expect(texts(result.tags[""]?["accessModeSufficient"]) == ["textual,visual", "textual,visual,auditory"])
        #expect(texts(result.tags[""]?["accessibilityFeature"]) == ["captions"])
    }

    @Test("a draft folder without resource.yaml gets the inferred tags and no findings about declarations")
    func draft() {
        let result = check(["index.html": page("<img src=\"a.png\">")])
        #expect(result.findings.places(Set(MetadataRules.all.map(\.id))) == [])
        #expect(texts(result.tags[""]?["accessMode"]) == ["visual"])
    }

    @Test("a declaration the content contradicts is an error, on the manifest's features line, naming where")
    func contradictions() {
        let manifest = MetadataRules.manifest("""
        accessibility:
          features: [alternativeText, captions, transcript, structuralNavigation, MathML, describedMath]
          accessModes: [textual, visual, auditory]

        """)
        let result = check([
            "index.html": page("<h1>Brøk</h1><p>\(words)</p><img src=\"a.png\" alt=\"Pizza\">\n<img src=\"b.png\">\n<video src=\"f.mp4\" controls></video>\n<audio src=\"l.mp3\" controls></audio>"),
            "del-2.md": "\(words)\n",
        ], manifest: manifest)
        let contradicted = result.findings.filter { $0.code == "accessibility.feature-contradicted" }
        #expect(contradicted.count == 5)
        #expect(contradicted.allSatisfy { $0.severity == .error && $0.location == SourceLocation(path: "resource.yaml", line: 8) })
        let messages = contradicted.map(\.message.en)
        #expect(messages.contains { $0.contains("\"alternativeText\"") && $0.contains("index.html:6") })
        #expect(messages.contains { $0.contains("\"captions\"") && $0.contains("index.html:7") })
        #expect(messages.contains { $0.contains("\"transcript\"") && $0.contains("index.html:8") })
        #expect(messages.contains { $0.contains("\"structuralNavigation\"") && $0.contains("del-2.md") })
        #expect(messages.contains { $0.contains("\"MathML\"") })
        #expect(contradicted.map { $0.wcag ?? [] }.sorted { $0.joined() < $1.joined() } == [[], ["1.1.1"], ["1.2.1"], ["1.2.2"], ["1.3.1"]])
        // describedMath with no MathML at all: not contradicted, not found.
        #expect(result.findings.places(["accessibility.feature-not-found"]) == ["accessibility.feature-not-found resource.yaml:8"])
    }

    @Test("declared but not found is a warning; found but not declared is an info finding and a tag")
    func notFoundAndUndeclared() {
        let manifest = MetadataRules.manifest("accessibility:\n  features: [tableOfContents, captions, signLanguage]\n  accessModes: [textual]\n")
        let result = check(["index.html": page("<p>Brøk.</p><img src=\"a.png\" alt=\"Pizza\">")], manifest: manifest)
        #expect(result.findings.places(["accessibility.feature-not-found", "accessibility.feature-undeclared"])
                == ["accessibility.feature-not-found resource.yaml:8", "accessibility.feature-not-found resource.yaml:8",
                    "accessibility.feature-undeclared resource.yaml:8"])
        #expect(result.findings.first { $0.code == "accessibility.feature-undeclared" }?.severity == .info)
        #expect(texts(result.tags[""]?["accessibilityFeature.undeclared"]) == ["alternativeText"])
        // The image makes the content visual, which accessModes does not say.
        #expect(result.findings.places(["accessibility.access-mode-undeclared"]) == ["accessibility.access-mode-undeclared resource.yaml:9"])
    }

    @Test("access modes: declared but absent is an error; a visual sub-mode counts as visual")
    func accessModes() {
        let manifest = MetadataRules.manifest("accessibility: { accessModes: [textual, colorDependent, auditory] }\n")
        let result = check(["index.html": page("<p>Rød og blå.</p><img src=\"a.png\" alt=\"Rød sirkel\">")], manifest: manifest)
        #expect(result.findings.places(["accessibility.access-mode-contradicted", "accessibility.access-mode-undeclared"])
                == ["accessibility.access-mode-contradicted resource.yaml:7"])
        #expect(result.findings.first { $0.code == "accessibility.access-mode-contradicted" }?.message.en.contains("\"auditory\"") == true)
    }

    @Test("a manifest without accessibility: each feature found is undeclared; nothing found, nothing said")
    func missing() {
        let result = check(["index.html": page("<h1>Brøk</h1><h2>Pizza</h2><img src=\"a.png\" alt=\"Pizza\">")], manifest: MetadataRules.manifest(""))
        #expect(result.findings.places(Set(MetadataRules.all.map(\.id)))
                == ["accessibility.feature-undeclared resource.yaml:-", "accessibility.feature-undeclared resource.yaml:-"])
        #expect(texts(result.tags[""]?["accessibilityFeature.undeclared"]) == ["alternativeText", "structuralNavigation"])
        let plain = check(["index.html": page("<p>Brøk med pizza.</p>")], manifest: MetadataRules.manifest(""))
        #expect(plain.findings.places(Set(MetadataRules.all.map(\.id))) == [])
        #expect(texts(plain.tags[""]?["accessMode"]) == ["textual"])
    }

    @Test("closedCaptions declared and captions found agree")
    func closedCaptions() {
        let manifest = MetadataRules.manifest("accessibility: { features: [closedCaptions], accessModes: [textual, visual, auditory] }\n")
        let result = check(["index.html": page("<p>Se filmen.</p><video src=\"f.mp4\" controls><track kind=\"captions\" src=\"f.vtt\"></video>"),
                            "f.vtt": captions], manifest: manifest)
        #expect(result.findings.places() == [])
    }
}
