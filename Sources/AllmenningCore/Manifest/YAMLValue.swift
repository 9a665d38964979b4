import Foundation
import Yams

/// A YAML scalar resolved by the YAML 1.2 core schema. Under YAML 1.1 `no` would be the
/// boolean false, which turns Norway's language code into "false"; under 1.2 it stays text.
enum YAMLValue: Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)
    case null

    init(_ scalar: Node.Scalar) {
        let text = scalar.string
        switch Tag.Name(rawValue: scalar.tag.rawValue) {
        case .int: self = Int(text).map(YAMLValue.integer) ?? .string(text); return
        case .float: self = Double(text).map(YAMLValue.float) ?? .string(text); return
        case .bool: self = YAMLValue.boolean(text).map(YAMLValue.bool) ?? .string(text); return
        case .null: self = .null; return
        default: break
        }
        guard scalar.style == .plain else { self = .string(text); return }
        if ["", "~", "null", "Null", "NULL"].contains(text) { self = .null; return }
        if let boolean = YAMLValue.boolean(text) { self = .bool(boolean); return }
        if let integer = YAMLValue.integer(text) { self = .integer(integer); return }
        if let float = YAMLValue.float(text) { self = .float(float); return }
        self = .string(text)
    }

    private static func boolean(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    private static func integer(_ text: String) -> Int? {
        if text.hasPrefix("0o") { return Int(text.dropFirst(2), radix: 8) }
        if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16) }
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        // Too large for Int is still a number in YAML; clamp so the type stays right.
        return Int(text) ?? (text.hasPrefix("-") ? Int.min : Int.max)
    }

    private static func float(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        var rest = Substring(text)
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        let mantissaEnd = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) ?? rest.endIndex
        let mantissa = rest[..<mantissaEnd]
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        if parts.allSatisfy(\.isEmpty) { return nil } // "", "." and exponents without digits
        if mantissaEnd != rest.endIndex {
            var exponent = rest[rest.index(after: mantissaEnd)...]
            if exponent.first == "-" || exponent.first == "+" { exponent = exponent.dropFirst() }
            guard !exponent.isEmpty, exponent.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        } else if parts.count == 1 {
            return nil // plain digits are integers
        }
        return Double(text) ?? 0
    }

    var found: ManifestMessages.FoundValue {
        switch self {
        case .string(let text): .text(text)
        case .integer(let number): .number(String(number))
        case .float(let number): .number(String(number))
        case .bool(let value): .yesNo(String(value))
        case .null: .nothing
        }
    }

    /// A key for uniqueness that keeps JSON's distinction between the text "5" and the number 5.
    var identity: String {
        switch self {
        case .string(let text): "s:" + text
        case .integer(let number): "n:\(Double(number))"
        case .float(let number): "n:\(number)"
        case .bool(let value): "b:\(value)"
        case .null: "null"
        }
    }
}
