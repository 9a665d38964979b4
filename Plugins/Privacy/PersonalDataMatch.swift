import AllmenningCore

/// One place where a file seems to hold personal data.
///
/// `matchedText` is masked for display (`010190 *****`, `k***@skolen.no`): a report must not
/// publish again what it warns about. Lines and columns count from 1; columns count Unicode
/// scalars. Both are nil for image metadata, and `line` is nil for a match found only in an HTML
/// or Markdown file's rendered text that could not be traced back to its source line.
/// Codable, so that the host can cache a blob's matches.
public struct PersonalDataMatch: Sendable, Equatable, Codable {
    public var kind: PersonalDataKind
    public var line: Int?
    public var column: Int?
    /// Length of the matched text in the file, in Unicode scalars (0 for image metadata).
    public var length: Int
    public var matchedText: String
    public var confidence: Confidence
    /// Why the detector believes this, in English, for logs and for people tuning the rules
    /// ("both mod-11 check digits valid; D-number (day + 40)").
    public var reason: String
    /// What was found (masked) and what to do, for the pupil or teacher who owns the file.
    public var message: LocalizedText

    public init(kind: PersonalDataKind, line: Int?, column: Int?, length: Int, matchedText: String,
                confidence: Confidence, reason: String, message: LocalizedText) {
        self.kind = kind
        self.line = line
        self.column = column
        self.length = length
        self.matchedText = matchedText
        self.confidence = confidence
        self.reason = reason
        self.message = message
    }

    /// The finding code, `privacy.…`.
    public var code: String { kind.code }

    /// The match as a finding at `path`, with the severity the host chose for it (the library
    /// decides no severity).
    public func finding(path: String, severity: Severity, plugin: String = "privacy") -> Finding {
        Finding(plugin: plugin, code: code, severity: severity, location: SourceLocation(path: path, line: line, column: column),
                message: message)
    }
}

/// Hides the part of a match that identifies a person while keeping enough to find it again.
enum Masking {
    /// Keeps the first `keeping` digits and every non-digit; later digits become `*`.
    static func digits(_ text: String, keeping: Int) -> String {
        var kept = 0
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCIIDigit {
                result.unicodeScalars.append(kept < keeping ? scalar : "*")
                kept += 1
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `k***@skolen.no`: the first letter of the mailbox and the domain, which is an
    /// organisation's and helps the owner find the address.
    static func email(local: String, domain: String) -> String {
        (local.first.map(String.init) ?? "") + "***@" + domain
    }

    /// `K*** N***`: the first letter of each word.
    static func name(_ text: String) -> String {
        text.split(separator: " ").prefix(4).map { ($0.first.map(String.init) ?? "") + "***" }.joined(separator: " ")
    }

    /// `01***`: the first two characters.
    static func serial(_ text: String) -> String {
        String(text.prefix(2)) + "***"
    }
}

extension Unicode.Scalar {
    var isASCIIDigit: Bool { value >= 0x30 && value <= 0x39 }
    var isLetterOrDigit: Bool { properties.isAlphabetic || properties.numericType != nil }
    var isSpaceLike: Bool { value == 0x20 || value == 0xA0 || value == 0x202F || value == 0x2009 || value == 0x2007 || value == 0x09 }
}
