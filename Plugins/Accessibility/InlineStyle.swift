import AllmenningCore
import Foundation

/// One declaration of a `style` attribute: `letter-spacing: 0.1em !important`.
struct StyleDeclaration: Sendable, Equatable {
    /// In lower case.
    var property: String
    /// As written, trimmed, without `!important`.
    var value: String
    var important: Bool
}

/// What static checks can read of CSS: the declarations of `style` attributes and the values
/// of the few properties the text-spacing rules need. No style sheet is read: where one could
/// change the answer, the answer is "cannot tell" (nil), never a guess.
enum InlineStyle {
    /// The declarations of a `style` attribute, in order, as CSS splits a declaration list:
    /// at semicolons outside strings, brackets and comments.
    static func declarations(_ text: String) -> [StyleDeclaration] {
        var result: [StyleDeclaration] = []
        var current = ""
        var depth = 0
        var quote: Character?
        let characters = Array(text)
        var index = 0
        func flush() {
            defer { current = "" }
            guard let colon = current.firstIndex(of: ":") else { return }
            let property = current[..<colon].trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            guard !property.isEmpty, property.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return }
            var value = current[current.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            var important = false
            if value.lowercased().hasSuffix("important") {
                let rest = value.dropLast("important".count).trimmingCharacters(in: .whitespacesAndNewlines)
                if rest.hasSuffix("!") {
                    important = true
                    value = rest.dropLast().trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
            guard !value.isEmpty else { return }
            result.append(StyleDeclaration(property: property, value: value, important: important))
        }
        while index < characters.count {
            let character = characters[index]
            if let open = quote {
                current.append(character)
                if character == "\\", index + 1 < characters.count {
                    current.append(characters[index + 1])
                    index += 2
                    continue
                }
                if character == open { quote = nil }
                index += 1
                continue
            }
            if character == "/", index + 1 < characters.count, characters[index + 1] == "*" {
                var end = index + 2
                while end + 1 < characters.count, !(characters[end] == "*" && characters[end + 1] == "/") { end += 1 }
                index = end + 2
                current.append(" ")
                continue
            }
            switch character {
            case "\"", "'": quote = character
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth = max(0, depth - 1)
            case ";" where depth == 0:
                flush()
                index += 1
                continue
            default: break
            }
            current.append(character)
            index += 1
        }
        flush()
        return result
    }

    /// The declaration that wins the cascade among `declarations` of one `style` attribute for
    /// `property`: the last important one, else the last one. Only declarations `isValid`
    /// accepts take part: CSS drops the others when it parses them.
    static func winning(_ property: String, in declarations: [StyleDeclaration],
                        isValid: (String) -> Bool) -> StyleDeclaration? {
        let valid = declarations.filter { $0.property == property && isValid($0.value) }
        return valid.last { $0.important } ?? valid.last
    }

    // MARK: Values

    /// A CSS number, length or percentage as the text-spacing rules can use it.
    enum Quantity: Equatable {
        case px(Double)
        case em(Double)
        case rem(Double)
        case percent(Double)
        case number(Double)
        /// A valid value this checker cannot resolve: `calc()`, `var()`, viewport or font-relative units other than em.
        case unresolvable
    }

    static let globalKeywords: Set<String> = ["inherit", "initial", "unset", "revert", "revert-layer"]

    /// Pixels per unit for CSS's absolute lengths.
    private static let absoluteUnits: [String: Double] = [
        "px": 1, "pt": 4.0 / 3.0, "pc": 16, "in": 96, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6,
    ]
    private static let unresolvableUnits: Set<String> = [
        "ex", "ch", "cap", "ic", "lh", "rlh", "vw", "vh", "vi", "vb", "vmin", "vmax", "svw", "svh", "lvw", "lvh", "dvw", "dvh",
        "cqw", "cqh", "cqi", "cqb", "cqmin", "cqmax", "rex", "rch", "rcap", "ric",
    ]

    /// `value` as a number, length or percentage; nil when it is none of them (a keyword, or
    /// invalid).
    static func quantity(_ value: String) -> Quantity? {
        let text = value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if ["calc(", "var(", "env(", "min(", "max(", "clamp(", "attr("].contains(where: text.hasPrefix) { return .unresolvable }
        let scalars = Array(text.unicodeScalars)
        var end = 0
        if end < scalars.count, scalars[end] == "+" || scalars[end] == "-" { end += 1 }
        let digitsStart = end
        while end < scalars.count, ("0"..."9").contains(scalars[end]) { end += 1 }
        var digits = end - digitsStart
        if end < scalars.count, scalars[end] == "." {
            let afterDot = end + 1
            var fraction = afterDot
            while fraction < scalars.count, ("0"..."9").contains(scalars[fraction]) { fraction += 1 }
            if fraction > afterDot {
                digits += fraction - afterDot
                end = fraction
            }
        }
        guard digits > 0 else { return nil }
        // An exponent only when digits follow it: in "2em" the e starts the unit.
        if end < scalars.count, scalars[end] == "e" {
            var exponent = end + 1
            if exponent < scalars.count, scalars[exponent] == "+" || scalars[exponent] == "-" { exponent += 1 }
            let exponentDigits = exponent
            while exponent < scalars.count, ("0"..."9").contains(scalars[exponent]) { exponent += 1 }
            if exponent > exponentDigits { end = exponent }
        }
        guard let number = Double(String(String.UnicodeScalarView(scalars[..<end]))) else { return nil }
        let unit = String(String.UnicodeScalarView(scalars[end...]))
        switch unit {
        case "": return .number(number)
        case "%": return .percent(number)
        case "em": return .em(number)
        case "rem": return .rem(number)
        default:
            if let pixels = absoluteUnits[unit] { return .px(number * pixels) }
            return unresolvableUnits.contains(unit) ? .unresolvable : nil
        }
    }

    /// `letter-spacing` and `word-spacing`: normal, a length or (CSS Text 4) a percentage of the
    /// font size. A bare number is only valid as 0.
    static func isValidSpacing(_ value: String) -> Bool {
        let text = value.lowercased()
        if text == "normal" || globalKeywords.contains(text) { return true }
        switch quantity(text) {
        case .number(let number): return number == 0
        case .some: return true
        case nil: return false
        }
    }

    /// `line-height`: normal, or a number, length or percentage that is not negative.
    static func isValidLineHeight(_ value: String) -> Bool {
        let text = value.lowercased()
        if text == "normal" || globalKeywords.contains(text) { return true }
        switch quantity(text) {
        case .px(let number), .em(let number), .rem(let number), .percent(let number), .number(let number): return number >= 0
        case .unresolvable: return true
        case nil: return false
        }
    }

    static let fontSizeKeywords: [String: Double] = [
        "xx-small": 9, "x-small": 10, "small": 13, "medium": 16, "large": 18, "x-large": 24, "xx-large": 32, "xxx-large": 48,
    ]

    static func isValidFontSize(_ value: String) -> Bool {
        let text = value.lowercased()
        if fontSizeKeywords[text] != nil || ["smaller", "larger", "math"].contains(text) || globalKeywords.contains(text) { return true }
        switch quantity(text) {
        case .number(let number): return number == 0
        case .px(let number), .em(let number), .rem(let number), .percent(let number): return number >= 0
        case .unresolvable: return true
        case nil: return false
        }
    }

    /// The `font` shorthand sets font-size and line-height (to normal when it names none): its
    /// declarations as those two longhands, so that the cascade sees them in place.
    static func expandingFontShorthand(_ declarations: [StyleDeclaration]) -> [StyleDeclaration] {
        declarations.flatMap { declaration -> [StyleDeclaration] in
            guard declaration.property == "font" else { return [declaration] }
            let value = declaration.value.lowercased()
            if globalKeywords.contains(value) {
                return ["font-size", "line-height"].map { StyleDeclaration(property: $0, value: value, important: declaration.important) }
            }
            // The size is the last token before the family; "16px/1.5" also names the line height.
            let tokens = value.replacingOccurrences(of: " / ", with: "/").replacingOccurrences(of: "/ ", with: "/")
                .replacingOccurrences(of: " /", with: "/").split(whereSeparator: \.isWhitespace).map(String.init)
            for token in tokens {
                let parts = token.split(separator: "/", maxSplits: 1).map(String.init)
                guard let size = parts.first, isValidFontSize(size), !globalKeywords.contains(size) else { continue }
                if case .number = quantity(size) { continue }
                let lineHeight = parts.count > 1 ? parts[1] : "normal"
                return [StyleDeclaration(property: "font-size", value: size, important: declaration.important),
                        StyleDeclaration(property: "line-height", value: lineHeight, important: declaration.important)]
            }
            return []
        }
    }
}
