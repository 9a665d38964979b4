@testable import Accessibility
import AllmenningCore
import Foundation
import Testing

@Suite("HTMLTree: raw HTML in Markdown")
struct RawHTMLLineTests {
    @Test("elements written as HTML in a Markdown file carry the Markdown lines they are on")
    func rawBlockLines() {
        let markdown = """
        # Vatnet

        Tekst.

        <figure>
          <audio controls src="lyd.mp3">
            Nettlesaren kan ikkje spele lyden. <a href="lyd.mp3">Last ned</a>
          </audio>
          <figcaption title="a <b> c">Opplesing</figcaption>
        </figure>

        <!-- <img src="gammel.png"> -->
        <script>if (a <b) {}</script>
        <p>Slutt</p>
        """
        let tree = HTMLTree.markdown(Data(markdown.utf8))
        func line(_ name: String) -> Int? { tree.elements(named: name).first.map { tree[$0].line } }
        #expect(line("h1") == 1)
        #expect(line("figure") == 5)
        #expect(line("audio") == 6)
        #expect(line("a") == 7)
        #expect(line("figcaption") == 9)
        #expect(tree.elements(named: "img").isEmpty)
        #expect(tree.elements(named: "b").isEmpty)
        #expect(line("p") == 3)
        #expect(tree.elements(named: "p").map { tree[$0].line } == [3, 14])
        #expect(tree.elements.allSatisfy { !tree[$0].has("data-sourcepos") })
    }
}
