@testable import Accessibility
import AllmenningCore
import Foundation
import Testing

@Suite("Accessibility rules: every example triggers its rule or not, as the rule says")
struct RuleExampleTests {
    @Test("the plugin's rule examples")
    func examples() {
        #expect(RuleExamples.failures(of: AccessibilityPlugin()) == [])
    }

    @Test("codes are unique and namespaced; ACT ids and WCAG criteria are well formed")
    func ruleMetadata() {
        let codes = AccessibilityRules.all.map(\.code)
        #expect(Set(codes).count == codes.count)
        for rule in AccessibilityRules.all {
            #expect(rule.code.hasPrefix("accessibility."), "\(rule.code)")
            #expect(rule.act.map { $0.count == 6 && $0.allSatisfy { $0.isLetter || $0.isNumber } } ?? true, "\(rule.code)")
            #expect(rule.wcag.allSatisfy { $0.split(separator: ".").count == 3 }, "\(rule.code)")
            // An ACT rule that maps to no success criterion (46ca7f) is advisory: a warning.
            #expect(!rule.wcag.isEmpty || rule.severity != .error, "\(rule.code)")
        }
    }
}

@Suite("HTMLTree: pages and Markdown as checks read them")
struct HTMLTreeTests {
    @Test("elements, attributes and lines of an HTML page")
    func htmlLines() {
        let tree = HTMLTree.html(Data("<html lang=\"nb\">\n<head><title>Brøk</title></head>\n<body>\n<p>Pizza</p>\n<IMG SRC=\"a.png\" Alt=\"\">\n</body></html>".utf8))
        let image = tree.elements(named: "img").first!
        #expect(tree[image].attribute("alt") == "")
        #expect(tree[image].attribute("src") == "a.png")
        #expect(tree[image].line == 5)
        #expect(tree.textContent(of: tree.elements(named: "title").first!) == "Brøk")
        #expect(!tree.isFragment)
    }

    @Test("Markdown is rendered, and its elements carry the Markdown lines")
    func markdownLines() {
        let tree = HTMLTree.markdown(Data("# Brøk\n\nTekst.\n\n![](pizza.png)\n".utf8))
        #expect(tree.isFragment)
        let image = tree.elements(named: "img").first!
        #expect(tree[image].line == 5)
        #expect(tree[image].attribute("alt") == "")
        #expect(tree.elements.allSatisfy { !tree[$0].has("data-sourcepos") })
    }
}

@Suite("HTMLTree: HTML5 elements libxml2 does not know")
struct HTML5ElementTests {
    @Test("source and track are void: what follows them is their sibling, not their child")
    func voidElements() {
        let tree = HTMLTree.html(Data("<html><body><video><source src=\"a.mp4\"><track kind=\"captions\" src=\"a.vtt\"></video><p>x</p></body></html>".utf8))
        let video = tree.elements(named: "video").first!
        #expect(tree[video].children.map { tree[$0].name } == ["source", "track"])
        #expect(tree.elements.allSatisfy { !HTMLTree.voidElements.contains(tree[$0].name) || tree[$0].children.isEmpty })
        #expect(tree[tree.elements(named: "p").first!].parent == tree.elements(named: "body").first)
    }
}
