import Foundation

/// A JSON value with whole numbers only: what attestations are made of. Signatures cover the
/// canonical text of a value, so the text must follow from the value alone: keys sorted, no
/// whitespace, numbers as integers, strings with only the escapes JSON requires. For values
/// with ASCII keys and integer numbers this is RFC 8785's JSON Canonicalization Scheme, so
/// other tools can check a signature without Allmenning.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The canonical text as UTF-8 bytes.
    public var canonicalData: Data {
        var bytes: [UInt8] = []
        write(into: &bytes)
        return Data(bytes)
    }

    public var canonicalString: String { String(decoding: canonicalData, as: UTF8.self) }

    private func write(into bytes: inout [UInt8]) {
        switch self {
        case .null: bytes += Array("null".utf8)
        case let .bool(value): bytes += Array((value ? "true" : "false").utf8)
        case let .integer(value): bytes += Array(String(value).utf8)
        case let .string(value): Self.write(value, into: &bytes)
        case let .array(values):
            bytes.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                value.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case let .object(members):
            bytes.append(UInt8(ascii: "{"))
            // RFC 8785 orders keys by UTF-16 code units; for the ASCII keys attestations use,
            // that is the order of their bytes.
            for (index, key) in members.keys.sorted(by: { Array($0.utf16).lexicographicallyPrecedes(Array($1.utf16)) }).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                Self.write(key, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                members[key]!.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Quotes, backslashes and control characters escaped, everything else as its UTF-8 bytes
    /// (scalars unchanged: no normalisation, so what was signed is what is checked).
    private static func write(_ string: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": bytes += Array("\\\"".utf8)
            case "\\": bytes += Array("\\\\".utf8)
            case "\u{08}": bytes += Array("\\b".utf8)
            case "\u{0C}": bytes += Array("\\f".utf8)
            case "\n": bytes += Array("\\n".utf8)
            case "\r": bytes += Array("\\r".utf8)
            case "\t": bytes += Array("\\t".utf8)
            case let control where control.value < 0x20:
                bytes += Array(String(format: "\\u%04x", control.value).utf8)
            default: bytes += Array(String(scalar).utf8)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Reads JSON text. Numbers that are not whole, or too large for an integer, are refused:
    /// no attestation has them, and their canonical form would be ambiguous.
    public init(parsing data: Data) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }

    public var objectValue: [String: JSONValue]? { if case let .object(value) = self { value } else { nil } }
    public var arrayValue: [JSONValue]? { if case let .array(value) = self { value } else { nil } }
    public var stringValue: String? { if case let .string(value) = self { value } else { nil } }
    public var integerValue: Int? { if case let .integer(value) = self { value } else { nil } }
}

extension JSONValue: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a value an attestation can hold (a number that is not whole?)")
        }
    }
}
