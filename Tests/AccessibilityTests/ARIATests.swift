@testable import Accessibility
import AllmenningCore
import Foundation
import Testing

private func ariaPage(_ html: String) -> Page {
    Page(path: "index.html", tree: HTMLTree.html(Data(html.utf8)))
}

private func element(_ page: Page, id: String) -> Int {
    page.tree.element(id: id)!
}

@Suite("ARIA data: value types and the role taxonomy of WAI-ARIA 1.2")
struct ARIADataTests {
    @Test("values are checked against their type", arguments: [
        ("true", ARIAData.ValueType.trueFalse, true), ("TRUE ", .trueFalse, true), ("undefined", .trueFalse, false),
        ("mixed", .tristate, true), ("collapsed", .trueFalseUndefined, false), ("a b", .idReference, false),
        ("a b", .idReferenceList, true), ("-1", .integer, true), ("2.5", .integer, false), ("1.5", .number, true),
        ("-.5e3", .number, true), ("1.", .number, false), ("two", .number, false), ("page", .token(["page", "step"]), true),
        ("text removals", .tokenList(["additions", "removals", "text", "all"]), true),
        ("text always", .tokenList(["additions", "removals", "text", "all"]), false),
    ])
    func values(value: String, type: ARIAData.ValueType, valid: Bool) {
        #expect(ARIAData.isValid(value, for: type) == valid)
    }

    @Test("states and properties are inherited through superclasses, and globals are marked")
    func inheritance() {
        #expect(ARIAData.roleSupports("treegrid", attribute: "aria-activedescendant"))
        #expect(ARIAData.roleSupports("columnheader", attribute: "aria-selected"))
        #expect(ARIAData.roleSupports("doc-biblioref", attribute: "aria-expanded"))
        #expect(!ARIAData.roleSupports("button", attribute: "aria-sort"))
        #expect(!ARIAData.roleSupports("cell", attribute: "aria-selected"))
        #expect(ARIAData.attributes["aria-label"]?.isGlobal == true)
        #expect(ARIAData.attributes["aria-checked"]?.isGlobal == false)
        #expect(ARIAData.isProhibited("aria-label", on: "generic"))
        #expect(!ARIAData.isProhibited("aria-label", on: "button"))
    }

    @Test("every superclass, context role and owned role named in the tables exists")
    func tablesAreClosed() {
        for (name, role) in ARIAData.roles {
            for other in role.superclasses + role.requiredContext + role.requiredOwned.flatMap({ [$0.role] + [$0.containing].compactMap { $0 } }) {
                #expect(ARIAData.roles[other] != nil, "\(name) names \(other)")
            }
            for attribute in role.supported + role.required + role.prohibited {
                #expect(ARIAData.attributes[attribute] != nil, "\(name) names \(attribute)")
            }
            #expect(Set(role.required).isSubset(of: role.supported), "\(name)")
        }
        #expect(ARIARoles.known.contains("doc-biblioref") && ARIARoles.known.contains("graphics-symbol"))
        #expect(!ARIARoles.known.contains("widget"))
    }
}

@Suite("Focus: focusable elements and the Tab order")
struct FocusTests {
    @Test("tabindex is parsed as HTML parses integers")
    func tabindex() {
        let parsed = ariaPage("<p id=a tabindex=' 2x'></p><p id=b tabindex='x'></p><p id=c tabindex='-1'></p>")
        #expect(parsed.tabindexValue(of: element(parsed, id: "a")) == 2)
        #expect(parsed.tabindexValue(of: element(parsed, id: "b")) == nil)
        #expect(parsed.tabindexValue(of: element(parsed, id: "c")) == -1)
    }

    @Test("what is focusable, and what the Tab key reaches")
    func focusable() {
        let parsed = ariaPage("""
            <a id=link href="/">x</a><a id=anchor>x</a><button id=minus tabindex="-1">x</button>
            <input id=hiddeninput type=hidden><input id=disabled disabled>
            <fieldset disabled><legend><input id=inlegend></legend><input id=infieldset></fieldset>
            <details><summary id=summary>S</summary><a id=closed href="/">x</a></details>
            <div inert><button id=inert>x</button></div><div style="display: none"><button id=none>x</button></div>
            <div id=editable contenteditable>x</div><video id=video controls></video><span id=span>x</span>
            """)
        let expected: [(String, Bool, Bool)] = [
            ("link", true, true), ("anchor", false, false), ("minus", true, false), ("hiddeninput", false, false),
            ("disabled", false, false), ("inlegend", true, true), ("infieldset", false, false), ("summary", true, true),
            ("closed", false, false), ("inert", false, false), ("none", false, false), ("editable", true, true),
            ("video", true, true), ("span", false, false),
        ]
        let states = parsed.focusStates()
        for (id, focusable, sequential) in expected {
            let node = element(parsed, id: id)
            #expect(parsed.isFocusable(node) == focusable, "\(id)")
            #expect(parsed.isInSequentialFocusNavigation(node) == sequential, "\(id)")
            // The one-pass computation agrees with the one that walks the ancestors.
            #expect(states.focusable[node] == focusable && states.sequential[node] == sequential, "\(id)")
        }
    }
}

@Suite("ARIA tree: semantic roles and ownership")
struct ARIATreeTests {
    @Test("presentational roles give way to focus and global attributes, and are inherited by list items")
    func conflictResolution() {
        let parsed = ariaPage("""
            <button id=button role=none>x</button><div id=div role=none>x</div><div id=labelled role=none aria-label=x>x</div>
            <img id=decorative alt=""><img id=named alt="" aria-label="x"><ul id=list role=presentation><li id=item>x</li></ul>
            <span id=span>x</span><label id=label>x</label>
            """)
        let tree = ARIATree(page: parsed)
        let expected: [(String, String?)] = [
            ("button", "button"), ("div", "none"), ("labelled", "generic"), ("decorative", "presentation"), ("named", "img"),
            ("list", "presentation"), ("item", "none"), ("span", "generic"), ("label", nil),
        ]
        for (id, role) in expected {
            #expect(tree.role(of: element(parsed, id: id)) == role, "\(id)")
        }
    }

    @Test("the tree kept for the rules of one page is never taken for another page with the same path and size")
    func kept() {
        let first = ariaPage("<div id=x role=list></div>")
        let second = ariaPage("<div id=x role=tab></div>")
        #expect(first.tree.nodes.count == second.tree.nodes.count)
        #expect(first.ariaTree.role(of: element(first, id: "x")) == "list")
        #expect(first.ariaTree.role(of: element(first, id: "x")) == "list")
        #expect(second.ariaTree.role(of: element(second, id: "x")) == "tab")
    }

    @Test("aria-owns moves an element to its first owner; wrappers without meaning are looked through")
    func ownership() {
        let parsed = ariaPage("""
            <div id=first role=tabpanel aria-owns=item><div id=second role=list aria-owns=item><div id=item role=listitem>x</div></div></div>
            <div id=list role=list><div><div id=wrapped role=listitem>x</div></div><div role=none>x</div></div>
            """)
        let tree = ARIATree(page: parsed)
        #expect(tree.accessibilityParent(of: element(parsed, id: "item")) == element(parsed, id: "first"))
        #expect(tree.accessibilityChildren(of: element(parsed, id: "second")).elements.isEmpty)
        let children = tree.accessibilityChildren(of: element(parsed, id: "list"))
        #expect(children.elements == [element(parsed, id: "wrapped")])
        #expect(children.text)
        #expect(tree.accessibilityParent(of: element(parsed, id: "wrapped")) == element(parsed, id: "list"))
    }
}
