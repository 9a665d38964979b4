@testable import Accessibility
import AllmenningCore
import Foundation
import Testing

/// A page from an HTML fragment, and its first element with `id`.
private func parsedPage(_ html: String) -> Page {
    Page(path: "index.html", tree: HTMLTree.html(Data("<html lang=\"nb\"><body>\(html)</body></html>".utf8)))
}

private func name(_ html: String, of id: String = "x") -> String {
    let page = parsedPage(html)
    return page.accessibleName(of: page.tree.element(id: id)!)
}

@Suite("Accessible names: accname 1.2 and HTML-AAM")
struct AccessibleNameTests {
    @Test("aria-labelledby: the referenced texts in the order given, joined by spaces; it wins over aria-label and content")
    func labelledBy() {
        #expect(name("<span id=\"a\">Brøk</span><span id=\"b\">med pizza</span><button id=\"x\" aria-labelledby=\"b a\" aria-label=\"Nei\">Nei</button>") == "med pizza Brøk")
        // Ids that do not exist are skipped; none that exist means no labelledby at all.
        #expect(name("<button id=\"x\" aria-labelledby=\"mangler\">Sjekk</button>") == "Sjekk")
    }

    @Test("aria-labelledby is not followed a second time (accname example 3)")
    func labelledByOnce() {
        let html = "<span id=\"el1\" aria-labelledby=\"el3\"></span><button id=\"x\" aria-labelledby=\"el1\"></button><span id=\"el3\">hei</span>"
        #expect(name(html, of: "el1") == "hei")
        #expect(name(html) == "")
    }

    @Test("an element may name itself by its own id (accname example 5)")
    func selfReference() {
        let html = "<a id=\"fil\" href=\"a.pdf\">Oppgaver.pdf</a><span id=\"x\" role=\"button\" tabindex=\"0\" aria-label=\"Slett\" aria-labelledby=\"x fil\"></span>"
        #expect(name(html) == "Slett Oppgaver.pdf")
    }

    @Test("hidden text counts only when the element aria-labelledby points at is itself hidden")
    func hiddenReferences() {
        #expect(name("<div id=\"l\" hidden>foo <span hidden>bar</span></div><button id=\"x\" aria-labelledby=\"l\">x</button>") == "foo bar")
        #expect(name("<div id=\"l\">foo <span hidden>bar</span></div><button id=\"x\" aria-labelledby=\"l\">x</button>") == "foo")
        #expect(name("<a id=\"x\" href=\"#\">Synlig <span aria-hidden=\"true\">skjult</span><span style=\"display: none\">borte</span></a>") == "Synlig")
    }

    @Test("aria-label of only spaces is no name; the content is used")
    func blankAriaLabel() {
        #expect(name("<button id=\"x\" aria-label=\"  \">Lagre</button>") == "Lagre")
    }

    @Test("images: alt, then title; a presentational image gives a link nothing")
    func images() {
        #expect(name("<img id=\"x\" src=\"a.png\" alt=\"Pizza\" title=\"Tittel\">") == "Pizza")
        #expect(name("<img id=\"x\" src=\"a.png\" title=\"Pizza\">") == "Pizza")
        #expect(name("<a id=\"x\" href=\"#\"><img src=\"a.png\" alt=\"Pizza\" role=\"presentation\"></a>") == "")
        #expect(name("<a id=\"x\" href=\"#\">Se <img src=\"a.png\" alt=\"pizzaen\"> her</a>") == "Se pizzaen her")
    }

    @Test("label elements: for= (first element with the id only), around the field, several joined")
    func labels() {
        #expect(name("<label for=\"x\">Fornavn</label><input id=\"x\">") == "Fornavn")
        #expect(name("<label>Etternavn <input id=\"x\"></label>") == "Etternavn")
        #expect(name("<label for=\"x\">Alder</label><label for=\"x\">i år</label><input id=\"x\">") == "Alder i år")
        // The label's for names the first element with that id, not this one.
        #expect(name("<span id=\"x\"></span><label for=\"x\">Svar</label><input id=\"x\">", of: "x") == "")
        // A label with for does not label the field inside it.
        #expect(name("<label for=\"annet\">Svar <input id=\"x\"></label><input id=\"annet\">") == "")
        // Only native fields have labels.
        #expect(name("<label for=\"x\">Svar</label><div id=\"x\" role=\"textbox\"></div>") == "")
    }

    @Test("a control inside another control's label stands for its value (accname 2C)")
    func embeddedControls() {
        #expect(name("<label for=\"x\">Blink skjermen <input type=\"text\" value=\"5\"> ganger</label><input type=\"checkbox\" id=\"x\">") == "Blink skjermen 5 ganger")
        #expect(name("<label><input type=\"checkbox\" id=\"x\">Blink <select><option>3</option><option selected>5</option></select> ganger</label>") == "Blink 5 ganger")
        #expect(name("<label><input type=\"checkbox\" id=\"x\">Styrke <span role=\"slider\" aria-valuenow=\"7\" aria-valuetext=\"sju\"></span></label>") == "Styrke sju")
    }

    @Test("input buttons: value, the browser's default for submit and reset, the default Submit Query for image buttons")
    func inputButtons() {
        let page = parsedPage("<input type=\"submit\" id=\"s\"><input type=\"reset\" id=\"r\" value=\"Tøm\"><input type=\"image\" id=\"i\" src=\"a.png\"><input type=\"button\" id=\"b\">")
        let names = PageNames(page)
        #expect(names.nameComputation(of: page.tree.element(id: "s")!) == AccessibleName(text: "Submit", isBrowserDefault: true))
        #expect(names.nameComputation(of: page.tree.element(id: "r")!) == AccessibleName(text: "Tøm", isBrowserDefault: false))
        #expect(names.nameComputation(of: page.tree.element(id: "i")!) == AccessibleName(text: "Submit Query", isBrowserDefault: true))
        #expect(names.accessibleName(of: page.tree.element(id: "b")!) == "")
        // value on a button element is not its name.
        #expect(name("<button id=\"x\" value=\"Les mer\"></button>") == "")
    }

    @Test("fieldset, table and figure are named by their legend, caption and figcaption; SVG by its title child")
    func hostLanguageElements() {
        #expect(name("<fieldset id=\"x\"><legend>Kontaktinfo</legend><input></fieldset>") == "Kontaktinfo")
        #expect(name("<table id=\"x\"><caption>Timeplan</caption><tr><td>1</td></tr></table>") == "Timeplan")
        #expect(name("<figure id=\"x\"><img src=\"a.png\" alt=\"\"><figcaption>Figur 1</figcaption></figure>") == "Figur 1")
        #expect(name("<svg id=\"x\" role=\"img\"><title>Sirkel</title><text>ikke dette</text></svg>") == "Sirkel")
        #expect(name("<svg id=\"x\" role=\"img\"><text>Tekst teller ikke</text></svg>") == "")
        #expect(name("<svg id=\"x\" role=\"img\" aria-labelledby=\"t d\"><title id=\"t\">Sirkel</title><desc id=\"d\">gul</desc></svg>") == "Sirkel gul")
    }

    @Test("the title attribute comes last, and a text field's placeholder after it")
    func tooltip() {
        #expect(name("<a id=\"x\" href=\"#\" title=\"Tittel\">Tekst</a>") == "Tekst")
        #expect(name("<a id=\"x\" href=\"#\" title=\"Tittel\"></a>") == "Tittel")
        #expect(name("<input id=\"x\" placeholder=\"Søk\">") == "Søk")
        #expect(name("<input id=\"x\" placeholder=\"Søk\" title=\"Søkefelt\">") == "Søkefelt")
        #expect(name("<iframe id=\"x\" title=\"Video\" name=\"ikke\"></iframe>") == "Video")
    }

    @Test("content: block elements are separate words, scripts and styles are not text, roles that are not named from content get nothing")
    func content() {
        #expect(name("<a id=\"x\" href=\"#\"><div>Brøk</div><div>med pizza</div></a>") == "Brøk med pizza")
        #expect(name("<button id=\"x\">Lag<b>re</b><script>var a = 1</script><style>b{}</style></button>") == "Lagre")
        #expect(name("<div id=\"x\" role=\"textbox\">innhold</div>") == "")
        #expect(name("<nav id=\"x\">Meny</nav>") == "")
        #expect(name("<details><summary id=\"x\">Vis <em>svaret</em></summary></details>") == "Vis svaret")
    }

    @Test("roles that cannot be named have no name, even with aria-label")
    func prohibitedNames() {
        #expect(name("<span id=\"x\" role=\"paragraph\" aria-label=\"Avsnitt\">Tekst</span>") == "")
        #expect(name("<span id=\"x\" role=\"presentation\" aria-label=\"\">Tekst</span>") == "")
    }

    @Test("a name is found inside deeply nested content without recursion")
    func deepContent() {
        let depth = 200
        let html = "<a id=\"x\" href=\"#\">" + String(repeating: "<span>", count: depth) + "dypt" + String(repeating: "</span>", count: depth) + "</a>"
        #expect(name(html) == "dypt")
    }

    @Test("label cycles end: each element is consulted once")
    func cycles() {
        #expect(name("<label id=\"l\" for=\"x\">Navn <span aria-labelledby=\"l\">igjen</span></label><input id=\"x\">") == "Navn igjen")
        #expect(name("<span id=\"a\" aria-labelledby=\"b\">A</span><span id=\"b\" aria-labelledby=\"a\">B</span><button id=\"x\" aria-labelledby=\"a\"></button>") == "A")
    }
}

@Suite("Roles after presentational roles conflict resolution")
struct SemanticRoleTests {
    private func role(_ html: String) -> String? {
        let page = parsedPage(html)
        return page.semanticRole(of: page.tree.element(id: "x")!)
    }

    @Test("none/presentation is ignored on focusable elements and elements with global ARIA attributes")
    func conflicts() {
        #expect(role("<button id=\"x\" role=\"none\"></button>") == "button")
        #expect(role("<button id=\"x\" role=\"none\" disabled></button>") == "none")
        #expect(role("<fieldset disabled><button id=\"x\" role=\"none\"></button></fieldset>") == "none")
        #expect(role("<img id=\"x\" role=\"presentation\" src=\"a.png\">") == "presentation")
        #expect(role("<img id=\"x\" role=\"presentation\" tabindex=\"-1\" src=\"a.png\">") == "img")
        #expect(role("<h1 id=\"x\" role=\"none\" aria-label=\"\">Tittel</h1>") == "heading")
        #expect(role("<a id=\"x\" role=\"none\">Tekst</a>") == "none")
    }

    @Test("the first role token that is a role counts, DPUB-ARIA roles included")
    func tokens() {
        #expect(role("<a id=\"x\" href=\"#\" role=\"doc-biblioref\">[1]</a>") == "doc-biblioref")
        #expect(role("<div id=\"x\" role=\"knapp button link\"></div>") == "button")
    }
}

@Suite("Visible text for label in name")
struct VisibleTextTests {
    @Test("rendered text only; aria-hidden text is still visible, alt is not text")
    func visibleText() {
        let page = parsedPage("<button id=\"x\">Neste <span aria-hidden=\"true\">side</span><span hidden>skjult</span><img src=\"a.png\" alt=\"pil\"></button>")
        #expect(page.visibleText(of: page.tree.element(id: "x")!) == "Neste side")
    }

    @Test("text drawn with an icon font is a picture, not a visible label")
    func iconFonts() {
        let page = parsedPage("<style>\n  .ikon, button.stor { font-family: 'Material Symbols Outlined'; }\n  p { font-family: Arial }\n</style>"
            + "<button id=\"a\"><span class=\"ikon\">search</span> Søk</button><button id=\"b\" class=\"stor\">close</button>"
            + "<button id=\"c\"><i class=\"material-icons\">home</i></button><p id=\"d\">Tekst</p>")
        let fonts = NameRules.IconFonts(page)
        func visible(_ id: String) -> String {
            page.visibleText(of: page.tree.element(id: id)!, skipping: { fonts.drawsIcons(node: $0, in: page) })
        }
        #expect(visible("a") == "Søk")
        #expect(visible("b") == "")
        #expect(visible("c") == "")
        #expect(visible("d") == "Tekst")
    }

    @Test("case, whitespace and pictures do not count when the visible label is compared with the name")
    func matching() {
        #expect(NameRules.textForLabelMatching("  Neste\n  SIDE 👉 ") == "neste side")
        #expect(NameRules.isSymbol("x"))
        #expect(!NameRules.isSymbol("5"))
    }
}
