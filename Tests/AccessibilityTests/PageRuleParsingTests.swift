@testable import Accessibility
import AllmenningCore
import Foundation
import Testing

@Suite("The small parsers of the page and attribute rules")
struct PageRuleParsingTests {
    @Test("meta refresh content is read as HTML's declarative refresh steps read it")
    func refreshDelay() {
        #expect(Page.refreshDelay("0") == 0)
        #expect(Page.refreshDelay("  30") == 30)
        #expect(Page.refreshDelay("5; url=neste.html") == 5)
        #expect(Page.refreshDelay("5,neste.html") == 5)
        #expect(Page.refreshDelay("5.9 neste.html") == 5)
        #expect(Page.refreshDelay(".5; neste.html") == 0)
        #expect(Page.refreshDelay("99999999999999999999999") == Int.max)
        for ignored in ["", " ", "; 30", "+5", "-1", "0: neste.html", "foo", "5x"] {
            #expect(Page.refreshDelay(ignored) == nil, "\(ignored)")
        }
    }

    @Test("HTML integers: ASCII white space (CR LF too) and a sign before the digits; the rest ignored; too long keeps its sign")
    func integers() {
        #expect(Page.htmlInteger("\r\n\t 3") == 3)
        #expect(Page.htmlInteger("+5px") == 5)
        #expect(Page.htmlInteger("-1") == -1)
        #expect(Page.htmlInteger("-99999999999999999999999") == -Int.max)
        #expect(Page.htmlInteger("99999999999999999999999") == Int.max)
        #expect(Page.htmlInteger("\u{00A0}3") == nil)
        #expect(Page.htmlInteger("x1") == nil)
        #expect(Page.htmlInteger("") == nil)
    }

    @Test("style sheet rules: the subject of each selector is compared by type, classes and id; what cannot be decided may match")
    func styleSheetSubjects() {
        let tree = HTMLTree.html(Data("<body><div class=\"oppgave\"><p id=\"a\" class=\"x y\">tekst</p><span>mer</span></div></body>".utf8))
        let paragraph = tree.elements.first { tree[$0].name == "p" }!
        let span = tree.elements.first { tree[$0].name == "span" }!
        let sheet = StyleSheet("/* body { line-height: 2 } */ body { line-height: 1.6 } .oppgave p.x { line-height: 2 } @media print { #b { line-height: 3 } }")
        let subjects = sheet.subjects(declaring: ["line-height"])
        #expect(subjects.mayMatch(paragraph, in: tree))
        #expect(!subjects.mayMatch(span, in: tree))
        #expect(sheet.rules.count == 3)
        #expect(StyleSheet("span:hover { line-height: 2 }").subjects(declaring: ["line-height"]).mayMatch(span, in: tree))
        #expect(StyleSheet("[lang] { line-height: 2 }").subjects(declaring: ["line-height"]).mayMatch(span, in: tree))
        #expect(!StyleSheet("p.z { line-height: 2 }").subjects(declaring: ["line-height"]).mayMatch(paragraph, in: tree))
        #expect(!StyleSheet("p { letter-spacing: 2px }").subjects(declaring: ["line-height"]).mayMatch(paragraph, in: tree))
    }

    @Test("viewport content splits at white space, commas and semicolons; the last of a key wins")
    func viewport() {
        #expect(Page.viewportProperties("width=device-width, initial-scale=1") == ["width": "device-width", "initial-scale": "1"])
        #expect(Page.viewportProperties("User-Scalable = NO; maximum-scale=2 maximum-scale=1") == ["user-scalable": "no", "maximum-scale": "1"])
        #expect(Page.viewportProperties("user-scalable") == ["user-scalable": ""])
        #expect(PageRules.allowsUserScaling("yes") && PageRules.allowsUserScaling("5") && PageRules.allowsUserScaling("-1"))
        #expect(!PageRules.allowsUserScaling("no") && !PageRules.allowsUserScaling("0.5") && !PageRules.allowsUserScaling("invalid"))
        #expect(PageRules.allowsZoomTo200Percent("2.0") && PageRules.allowsZoomTo200Percent("-1") && PageRules.allowsZoomTo200Percent("device-width"))
        #expect(!PageRules.allowsZoomTo200Percent("1.5") && !PageRules.allowsZoomTo200Percent("yes") && !PageRules.allowsZoomTo200Percent(""))
    }

    @Test("autofill detail tokens in the order HTML gives them")
    func autofill() {
        for valid in ["email", "Street-Address", "work email", "section-a shipping work tel", "billing cc-number", "current-password webauthn", "section- name"] {
            #expect(AutofillTokens.isValid(valid), "\(valid)")
        }
        for invalid in ["badname", "work photo", "work shipping email", "work,email", "shipping", "work", "email invalid",
                        "address-line1 address-line2", "webauthn", "on email", "email\u{00A0}webauthn"] {
            #expect(!AutofillTokens.isValid(invalid), "\(invalid)")
        }
    }

    @Test("style attributes: declarations, !important, comments, strings and the font shorthand")
    func inlineStyle() {
        let declarations = InlineStyle.declarations("Letter-Spacing: 0.1em!IMPORTANT; content: 'a;b' ; /* x; y */ line-height : 2 ! important;;bad")
        #expect(declarations == [
            StyleDeclaration(property: "letter-spacing", value: "0.1em", important: true),
            StyleDeclaration(property: "content", value: "'a;b'", important: false),
            StyleDeclaration(property: "line-height", value: "2", important: true),
        ])
        #expect(InlineStyle.quantity("2em") == .em(2) && InlineStyle.quantity("1e1px") == .px(10) && InlineStyle.quantity(".5") == .number(0.5))
        #expect(InlineStyle.quantity("12pt") == .px(16) && InlineStyle.quantity("150%") == .percent(150) && InlineStyle.quantity("calc(1em)") == .unresolvable)
        #expect(InlineStyle.quantity("em") == nil && InlineStyle.quantity("1.em") == nil)
        #expect(!InlineStyle.isValidSpacing("5") && InlineStyle.isValidSpacing("0") && !InlineStyle.isValidLineHeight("-1"))
        let font = InlineStyle.expandingFontShorthand([StyleDeclaration(property: "font", value: "bold 12px/1.2 Arial", important: true)])
        #expect(font == [StyleDeclaration(property: "font-size", value: "12px", important: true),
                         StyleDeclaration(property: "line-height", value: "1.2", important: true)])
    }

    @Test("font sizes follow style attributes, headings and keywords; a style sheet makes them unknown")
    func fontSizes() {
        let page = Page(path: "x.html", tree: HTMLTree.html(Data("<div style=\"font-size: 20px\"><h1>a</h1><small>b</small><p style=\"font-size: 50%\">c</p></div>".utf8)))
        let style = PageStyle(page)
        let size = { (name: String) in style.fontSize[page.tree.elements(named: name).first!] }
        #expect(size("h1") == FontSize(factor: 40, base: nil) && size("p") == FontSize(factor: 10, base: nil))
        #expect(abs(size("small").factor - 20 / 1.2) < 1e-9)
        let styled = Page(path: "x.html", tree: HTMLTree.html(Data("<style>p { font-size: 2em }</style><p>a</p>".utf8)))
        let paragraph = styled.tree.elements(named: "p").first!
        #expect(PageStyle(styled).fontSize[paragraph].base == paragraph)
    }
}
