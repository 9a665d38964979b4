import Foundation

public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case error
    case warning
    case info

    private var rank: Int {
        switch self {
        case .error: 2
        case .warning: 1
        case .info: 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// Where in a resource a finding points: a path relative to the resource root, and a line
/// and column (both from 1) when the finding is about one place in a text file.
public struct SourceLocation: Sendable, Equatable, Codable {
    public var path: String
    public var line: Int?
    public var column: Int?

    public init(path: String, line: Int? = nil, column: Int? = nil) {
        self.path = path
        self.line = line
        self.column = column
    }
}

/// One thing a check found. `code` is Allmenning's stable id of the check
/// (`manifest.unknown-field`); `rule` is the id of a public rule the check implements, where
/// one exists (an ACT rule id, an SPDX licence id), else nil; `wcag` the WCAG success
/// criteria it is about ("1.1.1"), where the check is an accessibility check.
public struct Finding: Sendable, Equatable, Codable {
    public var plugin: String
    public var code: String
    public var rule: String?
    public var severity: Severity
    public var location: SourceLocation
    public var message: LocalizedText
    /// nil and [] both mean none; optional so that results stored before it existed still read.
    public var wcag: [String]?

    public init(plugin: String, code: String, rule: String? = nil, severity: Severity,
                location: SourceLocation, message: LocalizedText, wcag: [String] = []) {
        self.plugin = plugin
        self.code = code
        self.rule = rule
        self.severity = severity
        self.location = location
        self.message = message
        self.wcag = wcag.isEmpty ? nil : wcag
    }
}

extension Array where Element == Finding {
    public var hasErrors: Bool { contains { $0.severity == .error } }

    public func count(of severity: Severity) -> Int { filter { $0.severity == severity }.count }

    /// Errors first, then by file and line, so a reader meets the blocking problems first.
    public func sortedForReading() -> [Finding] {
        enumerated().sorted { left, right in
            let (a, b) = (left.element, right.element)
            if a.severity != b.severity { return a.severity > b.severity }
            if a.location.path != b.location.path { return a.location.path < b.location.path }
            if (a.location.line ?? 0) != (b.location.line ?? 0) { return (a.location.line ?? 0) < (b.location.line ?? 0) }
            return left.offset < right.offset
        }.map(\.element)
    }
}
