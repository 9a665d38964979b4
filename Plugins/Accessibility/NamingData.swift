/// Role and element sets the accessible name computation needs, as the specifications list
/// them. Sources, all under the W3C Software and Document License
/// (https://www.w3.org/copyright/software-license-2023/):
/// - WAI-ARIA 1.2 (https://www.w3.org/TR/wai-aria-1.2/): §5.2.8.4 roles supporting name from
///   content, §5.2.8.6 roles which cannot be named, §6.4 global states and properties,
///   §4.3 widget roles;
/// - DPUB-ARIA 1.1 (https://www.w3.org/TR/dpub-aria-1.1/): the doc-* roles, and those that are
///   subclasses of link;
/// - HTML Living Standard (https://html.spec.whatwg.org/, CC BY 4.0): labelable elements.
enum NamingData {
    /// WAI-ARIA 1.2 §5.2.8.4, with the DPUB-ARIA roles that inherit from link.
    static let nameFromContentRoles: Set<String> = [
        "button", "cell", "checkbox", "columnheader", "gridcell", "heading", "link", "menuitem", "menuitemcheckbox",
        "menuitemradio", "option", "radio", "row", "rowheader", "switch", "tab", "tooltip", "treeitem",
        "doc-backlink", "doc-biblioref", "doc-glossref", "doc-noteref",
    ]

    /// WAI-ARIA 1.2 §5.2.8.6: the name of an element with one of these roles is always "".
    static let namingProhibitedRoles: Set<String> = [
        "caption", "code", "deletion", "emphasis", "generic", "insertion", "paragraph", "presentation", "none", "strong",
        "subscript", "superscript",
    ]

    /// WAI-ARIA 1.2 §6.4 (the four deprecated as global in 1.2 are still global).
    static let globalAttributes: Set<String> = [
        "aria-atomic", "aria-busy", "aria-controls", "aria-current", "aria-describedby", "aria-details", "aria-disabled",
        "aria-dropeffect", "aria-errormessage", "aria-flowto", "aria-grabbed", "aria-haspopup", "aria-hidden", "aria-invalid",
        "aria-keyshortcuts", "aria-label", "aria-labelledby", "aria-live", "aria-owns", "aria-relevant", "aria-roledescription",
    ]

    /// DPUB-ARIA 1.1 roles (deprecated ones included: they are still roles).
    static let dpubRoles: Set<String> = [
        "doc-abstract", "doc-acknowledgments", "doc-afterword", "doc-appendix", "doc-backlink", "doc-biblioentry",
        "doc-bibliography", "doc-biblioref", "doc-chapter", "doc-colophon", "doc-conclusion", "doc-cover", "doc-credit",
        "doc-credits", "doc-dedication", "doc-endnote", "doc-endnotes", "doc-epigraph", "doc-epilogue", "doc-errata",
        "doc-example", "doc-footnote", "doc-foreword", "doc-glossary", "doc-glossref", "doc-index", "doc-introduction",
        "doc-noteref", "doc-notice", "doc-pagebreak", "doc-pagefooter", "doc-pageheader", "doc-pagelist", "doc-part",
        "doc-preface", "doc-prologue", "doc-pullquote", "doc-qna", "doc-subtitle", "doc-tip", "doc-toc",
    ]

    /// DPUB-ARIA roles whose superclass is link: they are links to every rule about links.
    static let linkSubclassRoles: Set<String> = ["doc-backlink", "doc-biblioref", "doc-glossref", "doc-noteref"]

    /// WAI-ARIA 1.2 §4.3.1 widget roles that also support name from content: the widgets whose
    /// visible text is their label (ACT 2ee8b8 lists the same set).
    static let nameFromContentWidgetRoles: Set<String> = [
        "button", "checkbox", "gridcell", "link", "menuitem", "menuitemcheckbox", "menuitemradio", "option", "radio",
        "searchbox", "switch", "tab", "treeitem",
    ]

    /// Roles whose value, not their name, is what they contribute to the name of a widget whose
    /// label they sit in (accname 1.2, step 2C "Embedded Control").
    static let embeddedControlRoles: Set<String> = ["textbox", "searchbox", "combobox", "listbox", "slider", "spinbutton", "scrollbar"]

    /// HTML §4.10.2: elements a label element can label (input unless type=hidden).
    static let labelableElements: Set<String> = ["button", "input", "meter", "output", "progress", "select", "textarea"]
}
