import AllmenningCore
import Foundation
import Testing

@Suite("HTMLTree: what libxml2 leaves in head")
struct HTMLTreeHeadTests {
    @Test("an element that cannot be in head ends it: it and what follows go to body, as in a browser")
    func bodyContentAfterStyle() {
        let tree = HTMLTree.html(Data("<style>p{}</style><meta charset=\"utf-8\"><button>Lagre</button><nav>Meny</nav>".utf8))
        let head = tree.elements(named: "head").first!
        let body = tree.elements(named: "body").first!
        #expect(tree[head].children.map { tree[$0].name } == ["style", "meta"])
        #expect(tree[body].children.map { tree[$0].name } == ["button", "nav"])
        #expect(tree.ancestors(of: tree.elements(named: "button").first!).contains(body))
    }

    @Test("an existing body gets the moved elements first")
    func existingBody() {
        let tree = HTMLTree.html(Data("<html><head><title>t</title><input id=\"a\"></head><body><p>x</p></body></html>".utf8))
        let body = tree.elements(named: "body").first!
        #expect(tree[body].children.map { tree[$0].name } == ["input", "p"])
        #expect(tree[tree.elements(named: "head").first!].children.map { tree[$0].name } == ["title"])
    }
}
