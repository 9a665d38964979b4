import Foundation

/// An SPDX licence expression as a resource may declare it: one licence id, or ids joined by
/// AND and OR with parentheses. `WITH` exceptions belong to software and are not accepted.
public indirect enum LicenceExpression: Sendable, Equatable, CustomStringConvertible {
    case licence(id: String, orLater: Bool)
    /// A licence written by the rights holder, not on the SPDX list (`LicenseRef-…`).
    case reference(String)
    case and(LicenceExpression, LicenceExpression)
    case or(LicenceExpression, LicenceExpression)

    public var description: String {
        switch self {
        case let .licence(id, orLater): id + (orLater ? "+" : "")
        case let .reference(name): name
        case let .and(left, right): "(\(left) AND \(right))"
        case let .or(left, right): "(\(left) OR \(right))"
        }
    }

    /// Every licence id and reference named in the expression, in order, as written
    /// (with "+" for "or a later version").
    public var identifiers: [String] {
        switch self {
        case let .licence(id, orLater): [id + (orLater ? "+" : "")]
        case let .reference(name): [name]
        case let .and(left, right), let .or(left, right): left.identifiers + right.identifiers
        }
    }
}

public enum LicenceExpressionError: Error, Equatable, Sendable {
    case empty
    case unknownLicence(String, suggestions: [String])
    case exceptionsNotSupported
    case lowercaseOperator(String)
    case unexpectedToken(String)
    case missingOperand(after: String)
    case unbalancedParentheses
    /// More licences or deeper parentheses than any real resource has; refused so that a
    /// hostile manifest cannot exhaust the stack of the recursive parser.
    case tooComplex
}

extension LicenceExpression {
    public static let maximumLicences = 32
    public static let maximumNesting = 8

    public static func parse(_ text: String) throws(LicenceExpressionError) -> LicenceExpression {
        let tokens = tokenize(text)
        guard !tokens.isEmpty else { throw .empty }
        // A text of several words with no operator is one name written out, such as
        // "Creative Commons" or "CC BY-SA": suggest an id for the whole of it.
        if tokens.count > 1, !tokens.contains(where: { ["AND", "OR", "WITH", "and", "or", "with", "(", ")"].contains($0) }) {
            throw .unknownLicence(text, suggestions: SPDXLicenceList.suggestions(for: text))
        }
        var depth = 0
        for token in tokens {
            if token == "(" { depth += 1 } else if token == ")" { depth -= 1 }
            if depth > maximumNesting { throw .tooComplex }
        }
        guard tokens.filter({ !["AND", "OR", "(", ")"].contains($0) }).count <= maximumLicences else { throw .tooComplex }
        var parser = Parser(tokens: tokens)
        let expression = try parser.parseOr()
        if let extra = parser.peek() {
            throw extra == ")" ? .unbalancedParentheses : .unexpectedToken(extra)
        }
        return expression
    }

    private static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        for character in text {
            if character == "(" || character == ")" || character.isWhitespace {
                if !current.isEmpty { tokens.append(current); current = "" }
                if !character.isWhitespace { tokens.append(String(character)) }
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    private struct Parser {
        let tokens: [String]
        var position = 0

        init(tokens: [String]) { self.tokens = tokens }

        func peek() -> String? { position < tokens.count ? tokens[position] : nil }

        mutating func parseOr() throws(LicenceExpressionError) -> LicenceExpression {
            var left = try parseAnd()
            while peek() == "OR" {
                position += 1
                left = .or(left, try parseAnd(after: "OR"))
            }
            return left
        }

        mutating func parseAnd(after previous: String? = nil) throws(LicenceExpressionError) -> LicenceExpression {
            var left = try parseOperand(after: previous)
            while peek() == "AND" {
                position += 1
                left = .and(left, try parseOperand(after: "AND"))
            }
            return left
        }

        mutating func parseOperand(after previous: String?) throws(LicenceExpressionError) -> LicenceExpression {
            guard let token = peek() else {
                if let previous { throw .missingOperand(after: previous) }
                throw .empty
            }
            position += 1
            switch token {
            case "(":
                let inner = try parseOr()
                guard peek() == ")" else { throw .unbalancedParentheses }
                position += 1
                return inner
            case ")":
                throw .unbalancedParentheses
            case "AND", "OR":
                throw .missingOperand(after: previous ?? token)
            case "WITH":
                throw .exceptionsNotSupported
            case "and", "or", "with":
                throw .lowercaseOperator(token)
            default:
                let expression = try Self.licence(token)
                if peek() == "WITH" { throw .exceptionsNotSupported }
                if let next = peek(), ["and", "or", "with"].contains(next) { throw .lowercaseOperator(next) }
                return expression
            }
        }

        static func licence(_ token: String) throws(LicenceExpressionError) -> LicenceExpression {
            if token.hasPrefix("LicenseRef-"), token.count > "LicenseRef-".count,
               token.dropFirst("LicenseRef-".count).allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) {
                return .reference(token)
            }
            let orLater = token.hasSuffix("+")
            let id = orLater ? String(token.dropLast()) : token
            guard SPDXLicenceList.licence(withID: id) != nil else {
                throw .unknownLicence(token, suggestions: SPDXLicenceList.suggestions(for: token))
            }
            return .licence(id: id, orLater: orLater)
        }
    }
}

extension LicenceExpressionError {
    /// What is wrong with the expression and how to write it, for a teacher.
    public var message: LocalizedText {
        switch self {
        case .empty:
            LocalizedText(nb: "Lisensen er tom.", en: "The licence is empty.")
        case let .unknownLicence(token, suggestions):
            LocalizedText(nb: "«\(token)» er ikke en lisens-id fra SPDX-lista. Skriv id-en nøyaktig, for eksempel CC-BY-4.0, CC-BY-SA-4.0 eller CC0-1.0.",
                          en: "\"\(token)\" is not a licence id from the SPDX list. Write the id exactly, for example CC-BY-4.0, CC-BY-SA-4.0 or CC0-1.0.")
                .appending(ManifestMessages.didYouMean(suggestions))
        case .exceptionsNotSupported:
            LocalizedText(nb: "Lisensunntak (WITH) hører til programvare og brukes ikke for læringsressurser.",
                          en: "Licence exceptions (WITH) belong to software and are not used for learning resources.")
        case let .lowercaseOperator(word):
            LocalizedText(nb: "Skriv «\(word.uppercased())» med store bokstaver mellom lisenser.",
                          en: "Write \"\(word.uppercased())\" in capitals between licences.")
        case let .unexpectedToken(token):
            LocalizedText(nb: "«\(token)» hører ikke hjemme her. Flere lisenser skilles med AND eller OR.",
                          en: "\"\(token)\" does not belong here. Join licences with AND or OR.")
        case let .missingOperand(after):
            LocalizedText(nb: "Det mangler en lisens etter «\(after)».", en: "A licence is missing after \"\(after)\".")
        case .unbalancedParentheses:
            LocalizedText(nb: "Parentesene er ikke balansert.", en: "The parentheses do not balance.")
        case .tooComplex:
            LocalizedText(nb: "Uttrykket er for sammensatt (mer enn \(LicenceExpression.maximumLicences) lisenser eller \(LicenceExpression.maximumNesting) nivåer med parenteser). Velg én lisens, eller noen få.",
                          en: "The expression is too complex (more than \(LicenceExpression.maximumLicences) licences or \(LicenceExpression.maximumNesting) levels of parentheses). Choose one licence, or a few.")
        }
    }
}
