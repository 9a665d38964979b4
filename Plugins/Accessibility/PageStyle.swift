import AllmenningCore
import Foundation

/// A font size as far as static reading knows it: `factor` pixels when `base` is nil, else
/// `factor` times the font size of element `base`, which a style sheet may set.
struct FontSize: Equatable {
    var factor: Double
    var base: Int?

    static let medium = FontSize(factor: 16, base: nil)

    func scaled(_ by: Double) -> FontSize { FontSize(factor: factor * by, base: base) }

    /// `self / other` when both are known in the same terms.
    func ratio(to other: FontSize) -> Double? {
        guard base == other.base, other.factor > 0 else { return nil }
        return factor / other.factor
    }
}

/// What the style attributes of a page say about every element, computed in one pass from the
/// root down (a parent's index is always smaller than its children's), so that deep documents
/// cost linear time: whether it is rendered, its font size, whether its text can wrap.
struct PageStyle: Sendable {
    let tree: HTMLTree
    /// The element's own `style` declarations, `font` expanded.
    private(set) var declarations: [[StyleDeclaration]]
    /// Not rendered: display:none, hidden, visibility hidden, or inside head, script, template …
    private(set) var notRendered: [Bool]
    private(set) var fontSize: [FontSize]
    /// white-space lets lines wrap (not nowrap or pre).
    private(set) var wraps: [Bool]
    /// Inside svg or math: not an HTML element.
    private(set) var foreign: [Bool]
    /// A style sheet (a style element, or a linked one we cannot read) may set font sizes: font
    /// sizes then stay relative to the element whose size is unknown.
    let styleSheetsMaySetFonts: Bool
    /// The page's own style elements.
    let sheet: StyleSheet
    private let hasLinkedStyleSheet: Bool

    private static let neverRendered: Set<String> = ["head", "script", "style", "template", "noscript", "title", "meta", "link", "base"]
    /// The user agent style sheet's font sizes (HTML's rendering section), relative to the parent's.
    private static let defaultFontScale: [String: Double] = [
        "h1": 2, "h2": 1.5, "h3": 1.17, "h5": 0.83, "h6": 0.67, "small": 1 / 1.2, "sub": 1 / 1.2, "sup": 1 / 1.2, "big": 1.2,
    ]

    init(_ page: Page) {
        tree = page.tree
        let count = tree.nodes.count
        var sheets = ""
        var linked = false
        for index in tree.nodes.indices where tree[index].kind == .element {
            let element = tree[index]
            if element.name == "style" { sheets += tree.textContent(of: index) + "\n" }
            if element.name == "link", (element.attribute("rel") ?? "").lowercased().split(whereSeparator: \.isWhitespace).contains("stylesheet") {
                linked = true
            }
        }
        sheet = StyleSheet(sheets)
        hasLinkedStyleSheet = linked
        styleSheetsMaySetFonts = linked || sheet.rules.contains { $0.declarations.contains { ["font-size", "font"].contains($0.property) } }

        declarations = Array(repeating: [], count: count)
        notRendered = Array(repeating: false, count: count)
        fontSize = Array(repeating: .medium, count: count)
        wraps = Array(repeating: true, count: count)
        foreign = Array(repeating: false, count: count)
        // display:none and hidden hide the whole subtree; visibility is inherited, but a
        // descendant may make itself visible again, so the two are kept apart.
        var displayHidden = Array(repeating: false, count: count)
        var visibilityHidden = Array(repeating: false, count: count)
        var rootFontSize = FontSize.medium

        let nodes = tree.nodes
        for index in 0..<count {
            let node = nodes[index]
            let parent = node.parent
            let parentFont = parent.map { fontSize[$0] } ?? .medium
            if node.kind == .text {
                notRendered[index] = parent.map { notRendered[$0] } ?? false
                fontSize[index] = parentFont
                wraps[index] = parent.map { wraps[$0] } ?? true
                foreign[index] = parent.map { foreign[$0] } ?? false
                continue
            }
            let own = node.attribute("style").map { InlineStyle.expandingFontShorthand(InlineStyle.declarations($0)) } ?? []
            declarations[index] = own
            foreign[index] = (parent.map { foreign[$0] } ?? false) || node.name == "svg" || node.name == "math"

            let display = own.isEmpty ? nil : InlineStyle.winning("display", in: own) { !$0.isEmpty }?.value.lowercased()
            let closedDetails = parent.map { nodes[$0].name == "details" && !nodes[$0].has("open") && node.name != "summary" } ?? false
            let hiddenInput = node.name == "input" && (node.attribute("type") ?? "").lowercased().trimmingCharacters(in: .whitespaces) == "hidden"
            displayHidden[index] = (parent.map { displayHidden[$0] } ?? false) || Self.neverRendered.contains(node.name)
                || node.has("hidden") || display == "none" || closedDetails || hiddenInput
            var visibility = parent.map { visibilityHidden[$0] } ?? false
            if !own.isEmpty, let value = InlineStyle.winning("visibility", in: own, isValid: { !$0.isEmpty })?.value.lowercased() {
                switch value {
                case "hidden", "collapse": visibility = true
                case "visible", "initial": visibility = false
                default: break
                }
            }
            visibilityHidden[index] = visibility
            notRendered[index] = displayHidden[index] || visibility

            // Font size.
            var size: FontSize
            if !own.isEmpty, let declaration = InlineStyle.winning("font-size", in: own, isValid: InlineStyle.isValidFontSize) {
                size = Self.resolveFontSize(declaration.value.lowercased(), parent: parentFont, root: rootFontSize, element: index)
            } else if styleSheetsMaySetFonts {
                size = FontSize(factor: 1, base: index)
            } else {
                size = parentFont.scaled(Self.defaultFontScale[node.name] ?? 1)
            }
            if parent == nil { rootFontSize = size }
            fontSize[index] = size

            var wrapping = parent.map { wraps[$0] } ?? true
            if node.name == "pre" || node.name == "nobr" { wrapping = false }
            if !own.isEmpty, let value = InlineStyle.winning("white-space", in: own, isValid: { !$0.isEmpty })?.value.lowercased() {
                switch value {
                case "nowrap", "pre": wrapping = false
                case "normal", "pre-wrap", "pre-line", "break-spaces", "initial": wrapping = true
                default: break
                }
            }
            wraps[index] = wrapping
        }
    }

    private static func resolveFontSize(_ value: String, parent: FontSize, root: FontSize, element: Int) -> FontSize {
        if let pixels = InlineStyle.fontSizeKeywords[value] { return FontSize(factor: pixels, base: nil) }
        switch value {
        case "smaller": return parent.scaled(1 / 1.2)
        case "larger": return parent.scaled(1.2)
        case "inherit", "unset", "revert", "revert-layer", "math": return parent
        case "initial": return .medium
        default: break
        }
        switch InlineStyle.quantity(value) {
        case .px(let pixels): return FontSize(factor: pixels, base: nil)
        case .number(let number): return FontSize(factor: number, base: nil)
        case .em(let factor): return parent.scaled(factor)
        case .percent(let percent): return parent.scaled(percent / 100)
        case .rem(let factor): return root.scaled(factor)
        case .unresolvable, nil: return FontSize(factor: 1, base: element)
        }
    }

    /// Whether a style sheet may give an element a value of one of `properties` (a rule of
    /// the page's style elements whose selector may match it declares one, or a style sheet
    /// is linked that we cannot read): then it cannot be assumed to inherit its parent's value.
    func styleSheetsMaySet(_ properties: [String]) -> (Int) -> Bool {
        if hasLinkedStyleSheet { return { _ in true } }
        let subjects = sheet.subjects(declaring: properties)
        return { [tree] element in subjects.mayMatch(element, in: tree) }
    }

    /// The element is HTML, rendered, and has a text node child with more than white space:
    /// the elements the text-spacing rules look at.
    func hasVisibleText(_ index: Int) -> Bool {
        guard tree[index].kind == .element, !notRendered[index], !foreign[index], fontSize[index].factor > 0 else { return false }
        return tree[index].children.contains { child in
            tree[child].kind == .text && !notRendered[child] && !tree[child].text.allSatisfy(\.isWhitespace)
        }
    }
}
