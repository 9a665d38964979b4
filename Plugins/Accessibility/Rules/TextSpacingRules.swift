import AllmenningCore
import Foundation

/// Text spacing (WCAG 1.4.12): a `style` attribute with `!important` beats every style sheet,
/// also the one a pupil's reading tool adds to widen letters, words and lines. Such values
/// must already be at least as wide as the criterion asks.
enum TextSpacingRules {
    static let all: [AccessibilityRule] = [letterSpacing, wordSpacing, lineHeight]

    static let letterSpacing = rule(
        .letterSpacing, code: "accessibility.letter-spacing-important", act: "24afc2",
        title: LocalizedText(nb: "Låst bokstavavstand er for liten", en: "Locked letter spacing is too small"),
        description: LocalizedText(
            nb: "letter-spacing med !important i et style-attributt kan ikke overstyres av elevens egne innstillinger. Da må verdien være minst 0.12em (0,12 ganger skriftstørrelsen). Ta bort !important, eller bruk minst 0.12em.",
            en: "letter-spacing with !important in a style attribute cannot be overridden by the pupil's own settings. The value must then be at least 0.12em (0.12 times the font size). Remove !important, or use at least 0.12em."),
        triggering: ["<p style=\"letter-spacing: 0.05em !important\">Brøk med pizza</p>",
                     "<div style=\"letter-spacing: normal !important\"><p>Brøk med pizza</p></div>"],
        nonTriggering: ["<p style=\"letter-spacing: 0.12em !important\">Brøk med pizza</p>",
                        "<p style=\"letter-spacing: 0.05em\">Brøk med pizza</p>",
                        "<div style=\"letter-spacing: 0.05em !important\"><p style=\"letter-spacing: 0.2em !important\">Brøk</p></div>"])

    static let wordSpacing = rule(
        .wordSpacing, code: "accessibility.word-spacing-important", act: "9e45ec",
        title: LocalizedText(nb: "Låst ordavstand er for liten", en: "Locked word spacing is too small"),
        description: LocalizedText(
            nb: "word-spacing med !important i et style-attributt kan ikke overstyres av elevens egne innstillinger. Da må verdien være minst 0.16em (0,16 ganger skriftstørrelsen). Ta bort !important, eller bruk minst 0.16em.",
            en: "word-spacing with !important in a style attribute cannot be overridden by the pupil's own settings. The value must then be at least 0.16em (0.16 times the font size). Remove !important, or use at least 0.16em."),
        triggering: ["<p style=\"word-spacing: 0.1em !important\">Brøk med pizza</p>",
                     "<p style=\"font-size: 20px; word-spacing: 3px !important\">Brøk med pizza</p>"],
        nonTriggering: ["<p style=\"word-spacing: 0.2em !important\">Brøk med pizza</p>",
                        "<p style=\"word-spacing: 0.2em !important; word-spacing: 0.1em\">Brøk med pizza</p>",
                        "<p style=\"word-spacing: 0.1em\"><span style=\"word-spacing: inherit !important\">Brøk</span></p>"])

    static let lineHeight = rule(
        .lineHeight, code: "accessibility.line-height-important", act: "78fd32",
        title: LocalizedText(nb: "Låst linjeavstand er for liten", en: "Locked line height is too small"),
        description: LocalizedText(
            nb: "line-height med !important i et style-attributt kan ikke overstyres av elevens egne innstillinger. Da må linjeavstanden være minst 1.5 ganger skriftstørrelsen. Ta bort !important, eller bruk line-height: 1.5 eller mer.",
            en: "line-height with !important in a style attribute cannot be overridden by the pupil's own settings. The line height must then be at least 1.5 times the font size. Remove !important, or use line-height: 1.5 or more."),
        triggering: ["<p style=\"line-height: 1.2 !important\">Brøk med pizza og flere ord</p>",
                     "<p style=\"line-height: normal !important\">Brøk med pizza og flere ord</p>",
                     // The paragraph inherits the div's line height: the style sheet's rule is for body.
                     "<style>body { line-height: 1.6 }</style><div style=\"line-height: 1.1 !important\"><p>Brøk med pizza og flere ord</p></div>"],
        nonTriggering: ["<p style=\"line-height: 1.5 !important\">Brøk med pizza og flere ord</p>",
                        "<p style=\"line-height: 160% !important\">Brøk med pizza og flere ord</p>",
                        "<p style=\"line-height: 1 !important\">Enkeltord</p>",
                        "<p style=\"line-height: 1 !important; display: none\">Skjult tekst med flere ord</p>",
                        // A rule for the paragraph may give it a line height of its own.
                        "<style>.oppgave p { line-height: 1.6 }</style><div style=\"line-height: 1.1 !important\"><p>Brøk med pizza og flere ord</p></div>"])

    // MARK: The check

    enum Property {
        case letterSpacing, wordSpacing, lineHeight

        var name: String {
            switch self {
            case .letterSpacing: "letter-spacing"
            case .wordSpacing: "word-spacing"
            case .lineHeight: "line-height"
            }
        }

        /// The least the property may be, in multiples of the font size.
        var minimum: Double {
            switch self {
            case .letterSpacing: 0.12
            case .wordSpacing: 0.16
            case .lineHeight: 1.5
            }
        }

        var minimumFactor: String {
            switch self {
            case .letterSpacing: "0.12"
            case .wordSpacing: "0.16"
            case .lineHeight: "1.5"
            }
        }

        /// What to write instead.
        var minimumText: String {
            switch self {
            case .letterSpacing: "0.12em"
            case .wordSpacing: "0.16em"
            case .lineHeight: "1.5"
            }
        }

        func isValid(_ value: String) -> Bool {
            self == .lineHeight ? InlineStyle.isValidLineHeight(value) : InlineStyle.isValidSpacing(value)
        }
    }

    /// Where an element's value of the property comes from.
    private enum Source {
        /// Not from an important declaration of a style attribute (or we cannot tell).
        case other
        /// From `declaration` on element `declaredOn`: a length, a factor of each element's own
        /// font size (unitless line-height, normal), or a value we cannot resolve.
        case important(Value, declaredOn: Int, declaration: StyleDeclaration)
    }

    private enum Value {
        case length(FontSize)
        case factor(Double)
        case unresolvable
    }

    private static func rule(_ property: Property, code: String, act: String, title: LocalizedText, description: LocalizedText,
                             triggering: [String], nonTriggering: [String]) -> AccessibilityRule {
        AccessibilityRule(code: code, act: act, wcag: ["1.4.12"], title: title, description: description,
                          triggering: triggering, nonTriggering: nonTriggering) { page in
            violations(page, property)
        }
    }

    private static func violations(_ page: Page, _ property: Property) -> [AccessibilityRule.Violation] {
        let tree = page.tree
        // Only style attributes can make a finding: a page without one naming the property
        // (or the font shorthand, which sets line-height) has none.
        let names = property == .lineHeight ? [property.name, "font"] : [property.name]
        guard tree.nodes.contains(where: { node in
            node.attribute("style").map { style in names.contains { style.lowercased().contains($0) } } ?? false
        }) else { return [] }
        let style = page.style
        let rootFont = tree.root.map { style.fontSize[$0] } ?? .medium
        // A style sheet rule that sets the property could give an element a value of its own,
        // so inheritance is only assumed where no rule may match the element.
        let sheetMaySet = style.styleSheetsMaySet(property == .lineHeight ? [property.name, "font"] : [property.name])
        var source = [Source](repeating: .other, count: tree.nodes.count)
        var failing: [Int] = []
        var reported = Set<Int>()
        for index in tree.nodes.indices where tree[index].kind == .element {
            let inherited = tree[index].parent.map { source[$0] } ?? .other
            if let declaration = InlineStyle.winning(property.name, in: style.declarations[index], isValid: property.isValid) {
                source[index] = declaration.important
                    ? resolve(declaration, on: index, property: property, style: style, rootFont: rootFont, inherited: inherited)
                    : .other
            } else if case .important = inherited, !sheetMaySet(index) {
                source[index] = inherited
            } else {
                source[index] = .other
            }
            guard case let .important(value, declaredOn, _) = source[index], !reported.contains(declaredOn),
                  style.hasVisibleText(index) else { continue }
            if property == .lineHeight && !mayWrap(index, style: style) { continue }
            let ratio: Double
            switch value {
            case .length(let length):
                if length.factor <= 0 {
                    ratio = 0
                } else if let known = length.ratio(to: style.fontSize[index]) {
                    ratio = known
                } else {
                    continue
                }
            case .factor(let factor): ratio = factor
            case .unresolvable: continue
            }
            // A little slack: 3px on 25px is exactly 0.12 though floating point says less.
            if ratio < property.minimum - 1e-9 {
                failing.append(declaredOn)
                reported.insert(declaredOn)
            }
        }
        return failing.map { element in
            guard case let .important(_, _, declaration) = source[element] else {
                return .init(node: element, message: message(property, value: property.name))
            }
            return .init(node: element, message: message(property, value: "\(property.name): \(declaration.value) !important"))
        }
    }

    private static func resolve(_ declaration: StyleDeclaration, on index: Int, property: Property, style: PageStyle,
                                rootFont: FontSize, inherited: Source) -> Source {
        let value = declaration.value.lowercased()
        if ["inherit", "unset", "revert", "revert-layer"].contains(value) { return inherited }
        let resolved: Value
        if value == "normal" || value == "initial" {
            // normal is no extra spacing, and a line height of about 1.2 (CSS 2's suggestion).
            resolved = property == .lineHeight ? .factor(1.2) : .length(FontSize(factor: 0, base: nil))
        } else {
            switch InlineStyle.quantity(value) {
            case .px(let pixels): resolved = .length(FontSize(factor: pixels, base: nil))
            case .em(let factor): resolved = .length(style.fontSize[index].scaled(factor))
            case .percent(let percent): resolved = .length(style.fontSize[index].scaled(percent / 100))
            case .rem(let factor): resolved = .length(rootFont.scaled(factor))
            case .number(let number): resolved = property == .lineHeight ? .factor(number) : .length(FontSize(factor: number, base: nil))
            case .unresolvable, nil: resolved = .unresolvable
            }
        }
        return .important(resolved, declaredOn: index, declaration: declaration)
    }

    /// Lines can break inside the element's own text: it wraps, and has a space between words.
    private static func mayWrap(_ index: Int, style: PageStyle) -> Bool {
        guard style.wraps[index] else { return false }
        let tree = style.tree
        let text = tree[index].children.filter { tree[$0].kind == .text }.map { tree[$0].text }.joined()
        return text.trimmingCharacters(in: .whitespacesAndNewlines).contains { $0.isWhitespace }
    }

    private static func message(_ property: Property, value: String) -> LocalizedText {
        LocalizedText(
            nb: "\(value) er mindre enn \(property.minimumFactor) ganger skriftstørrelsen, og !important hindrer elevens egne innstillinger i å gjøre den større. Ta bort !important, eller bruk minst \(property.minimumText).",
            en: "\(value) is less than \(property.minimumFactor) times the font size, and !important keeps the pupil's own settings from widening it. Remove !important, or use at least \(property.minimumText).")
    }
}
