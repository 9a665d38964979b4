// The role and attribute tables of
//   Accessible Rich Internet Applications (WAI-ARIA) 1.2, W3C Recommendation 6 June 2023,
//   https://www.w3.org/TR/wai-aria-1.2/ (sections 5.4 Definition of Roles, 6.6 Definitions of
//   States and Properties, 6.4 Global States and Properties),
// with the roles of WAI-ARIA Graphics Module 1.0 (https://www.w3.org/TR/graphics-aria-1.0/) and
// Digital Publishing WAI-ARIA Module 1.1 (https://www.w3.org/TR/dpub-aria-1.1/).
// Copyright © World Wide Web Consortium, used under the W3C Document License
// (https://www.w3.org/copyright/document-license-2023/). Transcribed as data; the prose of the
// specifications is not reproduced.

/// WAI-ARIA 1.2 as data: which roles exist, what they inherit, require, support and prohibit,
/// where they must live and what they must own; which states and properties exist and what
/// values they take.
enum ARIAData {
    // MARK: States and properties

    /// The value type of a state or property (WAI-ARIA 1.2, 6.3 Value types).
    enum ValueType: Sendable, Equatable {
        case trueFalse
        case tristate
        case trueFalseUndefined
        case idReference
        case idReferenceList
        case integer
        case number
        case string
        /// One of these tokens.
        case token([String])
        /// A space-separated list of these tokens.
        case tokenList([String])
    }

    struct Attribute: Sendable {
        var type: ValueType
        /// Allowed on every role (6.4), unless the role prohibits it.
        var isGlobal: Bool
    }

    /// Every state and property of WAI-ARIA 1.2. Global ones whose global use 1.2 deprecates
    /// (aria-disabled, aria-errormessage, aria-haspopup, aria-invalid) are still global in 1.2.
    static let attributes: [String: Attribute] = [
        "aria-activedescendant": Attribute(type: .idReference, isGlobal: false),
        "aria-atomic": Attribute(type: .trueFalse, isGlobal: true),
        "aria-autocomplete": Attribute(type: .token(["inline", "list", "both", "none"]), isGlobal: false),
        "aria-busy": Attribute(type: .trueFalse, isGlobal: true),
        "aria-checked": Attribute(type: .tristate, isGlobal: false),
        "aria-colcount": Attribute(type: .integer, isGlobal: false),
        "aria-colindex": Attribute(type: .integer, isGlobal: false),
        "aria-colspan": Attribute(type: .integer, isGlobal: false),
        "aria-controls": Attribute(type: .idReferenceList, isGlobal: true),
        "aria-current": Attribute(type: .token(["page", "step", "location", "date", "time", "true", "false"]), isGlobal: true),
        "aria-describedby": Attribute(type: .idReferenceList, isGlobal: true),
        "aria-details": Attribute(type: .idReference, isGlobal: true),
        "aria-disabled": Attribute(type: .trueFalse, isGlobal: true),
        "aria-dropeffect": Attribute(type: .tokenList(["copy", "execute", "link", "move", "none", "popup"]), isGlobal: true),
        "aria-errormessage": Attribute(type: .idReference, isGlobal: true),
        "aria-expanded": Attribute(type: .trueFalseUndefined, isGlobal: false),
        "aria-flowto": Attribute(type: .idReferenceList, isGlobal: true),
        "aria-grabbed": Attribute(type: .trueFalseUndefined, isGlobal: true),
        "aria-haspopup": Attribute(type: .token(["false", "true", "menu", "listbox", "tree", "grid", "dialog"]), isGlobal: true),
        "aria-hidden": Attribute(type: .trueFalseUndefined, isGlobal: true),
        "aria-invalid": Attribute(type: .token(["grammar", "false", "spelling", "true"]), isGlobal: true),
        "aria-keyshortcuts": Attribute(type: .string, isGlobal: true),
        "aria-label": Attribute(type: .string, isGlobal: true),
        "aria-labelledby": Attribute(type: .idReferenceList, isGlobal: true),
        "aria-level": Attribute(type: .integer, isGlobal: false),
        "aria-live": Attribute(type: .token(["assertive", "off", "polite"]), isGlobal: true),
        "aria-modal": Attribute(type: .trueFalse, isGlobal: false),
        "aria-multiline": Attribute(type: .trueFalse, isGlobal: false),
        "aria-multiselectable": Attribute(type: .trueFalse, isGlobal: false),
        "aria-orientation": Attribute(type: .token(["horizontal", "undefined", "vertical"]), isGlobal: false),
        "aria-owns": Attribute(type: .idReferenceList, isGlobal: true),
        "aria-placeholder": Attribute(type: .string, isGlobal: false),
        "aria-posinset": Attribute(type: .integer, isGlobal: false),
        "aria-pressed": Attribute(type: .tristate, isGlobal: false),
        "aria-readonly": Attribute(type: .trueFalse, isGlobal: false),
        "aria-relevant": Attribute(type: .tokenList(["additions", "all", "removals", "text"]), isGlobal: true),
        "aria-required": Attribute(type: .trueFalse, isGlobal: false),
        "aria-roledescription": Attribute(type: .string, isGlobal: true),
        "aria-rowcount": Attribute(type: .integer, isGlobal: false),
        "aria-rowindex": Attribute(type: .integer, isGlobal: false),
        "aria-rowspan": Attribute(type: .integer, isGlobal: false),
        "aria-selected": Attribute(type: .trueFalseUndefined, isGlobal: false),
        "aria-setsize": Attribute(type: .integer, isGlobal: false),
        "aria-sort": Attribute(type: .token(["ascending", "descending", "none", "other"]), isGlobal: false),
        "aria-valuemax": Attribute(type: .number, isGlobal: false),
        "aria-valuemin": Attribute(type: .number, isGlobal: false),
        "aria-valuenow": Attribute(type: .number, isGlobal: false),
        "aria-valuetext": Attribute(type: .string, isGlobal: false),
    ]

    /// Whether `value` (not empty) is a value of `type`. Tokens are compared without regard to
    /// case, as most user agents do; ID references need not point anywhere.
    static func isValid(_ value: String, for type: ValueType) -> Bool {
        let trimmed = trimmingASCIIWhitespace(value).lowercased()
        switch type {
        case .trueFalse: return ["true", "false"].contains(trimmed)
        case .tristate: return ["true", "false", "mixed", "undefined"].contains(trimmed)
        case .trueFalseUndefined: return ["true", "false", "undefined"].contains(trimmed)
        case .idReference: return !trimmed.isEmpty && !trimmed.contains { asciiWhitespace.contains($0) }
        case .idReferenceList: return !trimmed.isEmpty
        case .integer: return isInteger(trimmed)
        case .number: return isNumber(trimmed)
        case .string: return true
        case .token(let tokens): return tokens.contains(trimmed)
        case .tokenList(let allowed):
            let parts = tokens(of: trimmed)
            return !parts.isEmpty && parts.allSatisfy(allowed.contains)
        }
    }

    static let asciiWhitespace: Set<Character> = [" ", "\t", "\n", "\r", "\r\n", "\u{0C}"]

    static func trimmingASCIIWhitespace(_ value: String) -> String {
        guard let first = value.first, let last = value.last,
              asciiWhitespace.contains(first) || asciiWhitespace.contains(last) else { return value }
        let start = value.firstIndex { !asciiWhitespace.contains($0) } ?? value.endIndex
        let end = value.lastIndex { !asciiWhitespace.contains($0) }.map(value.index(after:)) ?? start
        return start < end ? String(value[start..<end]) : ""
    }

    static func tokens(of value: String) -> [String] {
        value.split { asciiWhitespace.contains($0) }.map(String.init)
    }

    /// An optional sign and digits.
    private static func isInteger(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// A decimal number as HTML writes floating-point numbers: sign, digits, an optional
    /// fraction, an optional exponent ("1.5", "-.5", "2e3").
    private static func isNumber(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        let whole = rest.prefix { $0.isASCII && $0.isNumber }
        rest = rest.dropFirst(whole.count)
        var fraction = Substring("")
        if rest.first == "." {
            rest = rest.dropFirst()
            fraction = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(fraction.count)
            if fraction.isEmpty { return false }
        }
        if whole.isEmpty && fraction.isEmpty { return false }
        if rest.first == "e" {
            rest = rest.dropFirst()
            if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
            let exponent = rest.prefix { $0.isASCII && $0.isNumber }
            if exponent.isEmpty { return false }
            rest = rest.dropFirst(exponent.count)
        }
        return rest.isEmpty
    }

    // MARK: Roles

    /// An element a role must own: `role`, or (`containing` set) a `role` that itself owns
    /// only `containing` ("group → option").
    struct OwnedElement: Sendable, Equatable {
        var role: String
        var containing: String?
    }

    struct Role: Sendable {
        var isAbstract = false
        /// Direct superclasses; inherited states and properties come through them.
        var superclasses: [String]
        /// States and properties the role itself supports (5.2.3), required ones included.
        var supported: [String] = []
        /// Required states and properties (5.2.2) that have no implicit value for the role.
        var required: [String] = []
        /// Required states and properties with an implicit value (5.2.6): they may be left out.
        var requiredWithDefault: [String] = []
        /// Required only while the element is focusable (a focusable separator is a widget).
        var requiredWhenFocusable: [String] = []
        var prohibited: [String] = []
        /// Required context roles (5.2.7).
        var requiredContext: [String] = []
        /// Required owned elements (5.2.8).
        var requiredOwned: [OwnedElement] = []
        /// Children presentational (5.2.9).
        var childrenArePresentational = false
    }

    private static let nameProhibited = ["aria-label", "aria-labelledby"]
    private static let menuOwned: [OwnedElement] = [
        OwnedElement(role: "group", containing: "menuitem"), OwnedElement(role: "group", containing: "menuitemradio"),
        OwnedElement(role: "group", containing: "menuitemcheckbox"), OwnedElement(role: "menuitem"),
        OwnedElement(role: "menuitemcheckbox"), OwnedElement(role: "menuitemradio"),
    ]
    private static let tableOwned: [OwnedElement] = [OwnedElement(role: "row"), OwnedElement(role: "rowgroup", containing: "row")]

    /// The roles of WAI-ARIA 1.2, its abstract roles included (they carry inherited states and
    /// properties).
    static let ariaRoles: [String: Role] = [
        // Abstract roles.
        "roletype": Role(isAbstract: true, superclasses: []),
        "structure": Role(isAbstract: true, superclasses: ["roletype"]),
        "widget": Role(isAbstract: true, superclasses: ["roletype"]),
        "window": Role(isAbstract: true, superclasses: ["roletype"], supported: ["aria-modal"]),
        "command": Role(isAbstract: true, superclasses: ["widget"]),
        "composite": Role(isAbstract: true, superclasses: ["widget"], supported: ["aria-activedescendant", "aria-disabled"]),
        "input": Role(isAbstract: true, superclasses: ["widget"], supported: ["aria-disabled"]),
        "landmark": Role(isAbstract: true, superclasses: ["section"]),
        "range": Role(isAbstract: true, superclasses: ["structure"],
                      supported: ["aria-valuemax", "aria-valuemin", "aria-valuenow", "aria-valuetext"]),
        "section": Role(isAbstract: true, superclasses: ["structure"]),
        "sectionhead": Role(isAbstract: true, superclasses: ["structure"]),
        "select": Role(isAbstract: true, superclasses: ["composite", "group"], supported: ["aria-orientation"]),

        "alert": Role(superclasses: ["section"]),
        "alertdialog": Role(superclasses: ["alert", "dialog"]),
        "application": Role(superclasses: ["structure"],
                            supported: ["aria-activedescendant", "aria-disabled", "aria-errormessage", "aria-expanded",
                                        "aria-haspopup", "aria-invalid"]),
        "article": Role(superclasses: ["document"], supported: ["aria-posinset", "aria-setsize"]),
        "banner": Role(superclasses: ["landmark"]),
        "blockquote": Role(superclasses: ["section"]),
        "button": Role(superclasses: ["command"], supported: ["aria-disabled", "aria-haspopup", "aria-expanded", "aria-pressed"],
                       childrenArePresentational: true),
        "caption": Role(superclasses: ["section"], prohibited: nameProhibited,
                        requiredContext: ["figure", "grid", "table", "treegrid"]),
        "cell": Role(superclasses: ["section"], supported: ["aria-colindex", "aria-colspan", "aria-rowindex", "aria-rowspan"],
                     requiredContext: ["row"]),
        "checkbox": Role(superclasses: ["input"],
                         supported: ["aria-checked", "aria-errormessage", "aria-expanded", "aria-invalid", "aria-readonly",
                                     "aria-required"],
                         required: ["aria-checked"], childrenArePresentational: true),
        "code": Role(superclasses: ["section"], prohibited: nameProhibited),
        "columnheader": Role(superclasses: ["cell", "gridcell", "sectionhead"], supported: ["aria-sort"],
                             requiredContext: ["row"]),
        "combobox": Role(superclasses: ["input"],
                         supported: ["aria-activedescendant", "aria-autocomplete", "aria-controls", "aria-errormessage",
                                     "aria-expanded", "aria-haspopup", "aria-invalid", "aria-readonly", "aria-required"],
                         required: ["aria-controls", "aria-expanded"]),
        "complementary": Role(superclasses: ["landmark"]),
        "contentinfo": Role(superclasses: ["landmark"]),
        "definition": Role(superclasses: ["section"]),
        "deletion": Role(superclasses: ["section"], prohibited: nameProhibited),
        "dialog": Role(superclasses: ["window"]),
        "directory": Role(superclasses: ["list"]),
        "document": Role(superclasses: ["structure"]),
        "emphasis": Role(superclasses: ["section"], prohibited: nameProhibited),
        "feed": Role(superclasses: ["list"], requiredOwned: [OwnedElement(role: "article")]),
        "figure": Role(superclasses: ["section"]),
        "form": Role(superclasses: ["landmark"]),
        "generic": Role(superclasses: ["structure"], prohibited: nameProhibited + ["aria-roledescription"]),
        "grid": Role(superclasses: ["composite", "table"], supported: ["aria-multiselectable", "aria-readonly"],
                     requiredOwned: tableOwned),
        "gridcell": Role(superclasses: ["cell", "widget"],
                         supported: ["aria-disabled", "aria-errormessage", "aria-expanded", "aria-haspopup", "aria-invalid",
                                     "aria-readonly", "aria-required", "aria-selected"],
                         requiredContext: ["row"]),
        "group": Role(superclasses: ["section"], supported: ["aria-activedescendant", "aria-disabled"]),
        "heading": Role(superclasses: ["sectionhead"], supported: ["aria-level"], required: ["aria-level"]),
        "img": Role(superclasses: ["section"], childrenArePresentational: true),
        "insertion": Role(superclasses: ["section"], prohibited: nameProhibited),
        "link": Role(superclasses: ["command"], supported: ["aria-disabled", "aria-expanded", "aria-haspopup"]),
        "list": Role(superclasses: ["section"], requiredOwned: [OwnedElement(role: "listitem")]),
        "listbox": Role(superclasses: ["select"],
                        supported: ["aria-errormessage", "aria-expanded", "aria-invalid", "aria-multiselectable",
                                    "aria-readonly", "aria-required"],
                        requiredOwned: [OwnedElement(role: "group", containing: "option"), OwnedElement(role: "option")]),
        "listitem": Role(superclasses: ["section"], supported: ["aria-level", "aria-posinset", "aria-setsize"],
                         requiredContext: ["directory", "list"]),
        "log": Role(superclasses: ["section"]),
        "main": Role(superclasses: ["landmark"]),
        "marquee": Role(superclasses: ["section"]),
        "math": Role(superclasses: ["section"]),
        "menu": Role(superclasses: ["select"], requiredOwned: menuOwned),
        "menubar": Role(superclasses: ["menu"], requiredOwned: menuOwned),
        "menuitem": Role(superclasses: ["command"],
                         supported: ["aria-disabled", "aria-expanded", "aria-haspopup", "aria-posinset", "aria-setsize"],
                         requiredContext: ["group", "menu", "menubar"]),
        "menuitemcheckbox": Role(superclasses: ["checkbox", "menuitem"], supported: ["aria-checked"], required: ["aria-checked"],
                                 requiredContext: ["group", "menu", "menubar"], childrenArePresentational: true),
        "menuitemradio": Role(superclasses: ["menuitemcheckbox", "radio"], supported: ["aria-checked"], required: ["aria-checked"],
                              requiredContext: ["group", "menu", "menubar"], childrenArePresentational: true),
        "meter": Role(superclasses: ["range"], supported: ["aria-valuenow"], required: ["aria-valuenow"],
                      childrenArePresentational: true),
        "navigation": Role(superclasses: ["landmark"]),
        "none": Role(superclasses: ["structure"], prohibited: nameProhibited),
        "note": Role(superclasses: ["section"]),
        "option": Role(superclasses: ["input"], supported: ["aria-checked", "aria-posinset", "aria-selected", "aria-setsize"],
                       requiredWithDefault: ["aria-selected"], requiredContext: ["group", "listbox"],
                       childrenArePresentational: true),
        "paragraph": Role(superclasses: ["section"], prohibited: nameProhibited),
        "presentation": Role(superclasses: ["structure"], prohibited: nameProhibited),
        "progressbar": Role(superclasses: ["range", "widget"], childrenArePresentational: true),
        "radio": Role(superclasses: ["input"], supported: ["aria-checked", "aria-posinset", "aria-setsize"],
                      required: ["aria-checked"], childrenArePresentational: true),
        "radiogroup": Role(superclasses: ["group"],
                           supported: ["aria-errormessage", "aria-invalid", "aria-readonly", "aria-required"],
                           requiredOwned: [OwnedElement(role: "radio")]),
        "region": Role(superclasses: ["landmark"]),
        "row": Role(superclasses: ["group", "widget"],
                    supported: ["aria-colindex", "aria-expanded", "aria-level", "aria-posinset", "aria-rowindex",
                                "aria-selected", "aria-setsize"],
                    requiredContext: ["grid", "rowgroup", "table", "treegrid"],
                    requiredOwned: ["cell", "columnheader", "gridcell", "rowheader"].map { OwnedElement(role: $0) }),
        "rowgroup": Role(superclasses: ["structure"], requiredContext: ["grid", "table", "treegrid"],
                         requiredOwned: [OwnedElement(role: "row")]),
        "rowheader": Role(superclasses: ["cell", "gridcell", "sectionhead"], supported: ["aria-sort"],
                          requiredContext: ["row"]),
        "scrollbar": Role(superclasses: ["range", "widget"],
                          supported: ["aria-controls", "aria-orientation", "aria-valuemax", "aria-valuemin", "aria-valuenow",
                                      "aria-valuetext"],
                          required: ["aria-controls", "aria-valuenow"], childrenArePresentational: true),
        "search": Role(superclasses: ["landmark"]),
        "searchbox": Role(superclasses: ["textbox"]),
        "separator": Role(superclasses: ["structure"],
                          supported: ["aria-disabled", "aria-orientation", "aria-valuemax", "aria-valuemin", "aria-valuenow",
                                      "aria-valuetext"],
                          requiredWhenFocusable: ["aria-valuenow"], childrenArePresentational: true),
        "slider": Role(superclasses: ["input", "range"],
                       supported: ["aria-errormessage", "aria-haspopup", "aria-invalid", "aria-orientation", "aria-readonly",
                                   "aria-valuemax", "aria-valuemin", "aria-valuenow", "aria-valuetext"],
                       required: ["aria-valuenow"], childrenArePresentational: true),
        "spinbutton": Role(superclasses: ["composite", "input", "range"],
                           supported: ["aria-errormessage", "aria-invalid", "aria-readonly", "aria-required", "aria-valuemax",
                                       "aria-valuemin", "aria-valuenow", "aria-valuetext"]),
        "status": Role(superclasses: ["section"]),
        "strong": Role(superclasses: ["section"], prohibited: nameProhibited),
        "subscript": Role(superclasses: ["section"], prohibited: nameProhibited),
        "superscript": Role(superclasses: ["section"], prohibited: nameProhibited),
        "switch": Role(superclasses: ["checkbox"], supported: ["aria-checked"], required: ["aria-checked"],
                       childrenArePresentational: true),
        "tab": Role(superclasses: ["sectionhead", "widget"],
                    supported: ["aria-disabled", "aria-expanded", "aria-haspopup", "aria-posinset", "aria-selected",
                                "aria-setsize"],
                    requiredContext: ["tablist"], childrenArePresentational: true),
        "table": Role(superclasses: ["section"], supported: ["aria-colcount", "aria-rowcount"], requiredOwned: tableOwned),
        "tablist": Role(superclasses: ["composite"], supported: ["aria-multiselectable", "aria-orientation"],
                        requiredOwned: [OwnedElement(role: "tab")]),
        "tabpanel": Role(superclasses: ["section"]),
        "term": Role(superclasses: ["section"]),
        "textbox": Role(superclasses: ["input"],
                        supported: ["aria-activedescendant", "aria-autocomplete", "aria-errormessage", "aria-haspopup",
                                    "aria-invalid", "aria-multiline", "aria-placeholder", "aria-readonly", "aria-required"]),
        "time": Role(superclasses: ["section"]),
        "timer": Role(superclasses: ["status"]),
        "toolbar": Role(superclasses: ["group"], supported: ["aria-orientation"]),
        "tooltip": Role(superclasses: ["section"]),
        "tree": Role(superclasses: ["select"],
                     supported: ["aria-errormessage", "aria-invalid", "aria-multiselectable", "aria-required"],
                     requiredOwned: [OwnedElement(role: "group", containing: "treeitem"), OwnedElement(role: "treeitem")]),
        "treegrid": Role(superclasses: ["grid", "tree"], requiredOwned: tableOwned),
        "treeitem": Role(superclasses: ["listitem", "option"], supported: ["aria-expanded", "aria-haspopup"],
                         requiredContext: ["group", "tree"]),
    ]

    /// WAI-ARIA Graphics Module 1.0.
    static let graphicsRoles: [String: Role] = [
        "graphics-document": Role(superclasses: ["document"]),
        "graphics-object": Role(superclasses: ["group"]),
        "graphics-symbol": Role(superclasses: ["img"], childrenArePresentational: true),
    ]

    /// Digital Publishing WAI-ARIA Module 1.1 (doc-biblioentry and doc-endnote are deprecated
    /// there, but still defined). Its required context roles are left out, as the ACT rules do.
    static let dpubRoles: [String: Role] = {
        let superclass: [String: String] = [
            "doc-abstract": "section", "doc-acknowledgments": "landmark", "doc-afterword": "landmark",
            "doc-appendix": "landmark", "doc-backlink": "link", "doc-biblioentry": "listitem", "doc-bibliography": "landmark",
            "doc-biblioref": "link", "doc-chapter": "landmark", "doc-colophon": "section", "doc-conclusion": "landmark",
            "doc-cover": "img", "doc-credit": "section", "doc-credits": "landmark", "doc-dedication": "section",
            "doc-endnote": "listitem", "doc-endnotes": "landmark", "doc-epigraph": "section", "doc-epilogue": "landmark",
            "doc-errata": "landmark", "doc-example": "section", "doc-footnote": "section", "doc-foreword": "landmark",
            "doc-glossary": "landmark", "doc-glossref": "link", "doc-index": "navigation", "doc-introduction": "landmark",
            "doc-noteref": "link", "doc-notice": "note", "doc-pagebreak": "separator", "doc-pagefooter": "section",
            "doc-pageheader": "section", "doc-pagelist": "navigation", "doc-part": "landmark", "doc-preface": "landmark",
            "doc-prologue": "landmark", "doc-pullquote": "section", "doc-qna": "section", "doc-subtitle": "sectionhead",
            "doc-tip": "note", "doc-toc": "navigation",
        ]
        return superclass.mapValues { Role(superclasses: [$0], childrenArePresentational: $0 == "separator") }
    }()

    /// Every role of the three specifications, abstract ones included.
    static let roles: [String: Role] = ariaRoles.merging(graphicsRoles) { first, _ in first }.merging(dpubRoles) { first, _ in first }

    /// The roles an author may write: the non-abstract roles of the three specifications.
    static let concreteRoles: Set<String> = Set(roles.filter { !$0.value.isAbstract }.keys)

    /// The non-abstract roles of WAI-ARIA 1.2 itself (the ACT rules on required context and
    /// owned elements are limited to them).
    static let concreteARIA12Roles: Set<String> = Set(ariaRoles.filter { !$0.value.isAbstract }.keys)

    /// The role and all its superclasses, nearest first.
    static func ancestry(of role: String) -> [String] {
        var result: [String] = []
        var queue = [role]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            guard !result.contains(next), let definition = roles[next] else { continue }
            result.append(next)
            queue.append(contentsOf: definition.superclasses)
        }
        return result
    }

    /// Whether `attribute` is required, supported or inherited on `role` (global ones aside).
    static func roleSupports(_ role: String, attribute: String) -> Bool {
        ancestry(of: role).contains { roles[$0].map { $0.supported.contains(attribute) } ?? false }
    }

    static func isProhibited(_ attribute: String, on role: String) -> Bool {
        roles[role]?.prohibited.contains(attribute) ?? false
    }
}
