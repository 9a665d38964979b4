import Foundation

/// The two faces of a validation report: JSON for machines (its shape is documented in
/// README.md and stays stable) and text for people.
public enum ReportRendering {
    public static func json(_ reports: [ValidationReport], language: MessageLanguage) -> String {
        let objects = reports.map { jsonObject($0, language: language) }
        let root: [String: Any] = reports.count == 1 ? objects[0] : ["resources": objects]
        let data = (try? JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func jsonObject(_ report: ValidationReport, language: MessageLanguage) -> [String: Any] {
        let findings = report.findings.sortedForReading().map { jsonObject($0, language: language) }
        let inferred = report.inferred.mapValues { byPath -> [String: Any] in
            ["resource": (byPath[""] ?? [:]).mapValues(\.jsonObject),
             "files": byPath.filter { !$0.key.isEmpty }.mapValues { $0.mapValues(\.jsonObject) }]
        }
        return [
            "resource": report.resource,
            "findings": findings,
            "inferred": inferred,
            "tags": [
                "files": report.tags.files,
                "bytes": report.tags.bytes,
                "documents": report.tags.documents,
                "words": report.tags.words,
            ],
        ]
    }

    /// One finding as the JSON reports write it.
    public static func jsonObject(_ finding: Finding, language: MessageLanguage) -> [String: Any] {
        [
            "plugin": finding.plugin,
            "rule": finding.rule as Any? ?? NSNull(),
            "code": finding.code,
            "severity": finding.severity.rawValue,
            "path": finding.location.path,
            "line": finding.location.line as Any? ?? NSNull(),
            "column": finding.location.column as Any? ?? NSNull(),
            "message": finding.message.text(in: language),
            "wcag": finding.wcag ?? [],
        ]
    }

    /// One finding as the text reports write it: severity, place, code and message.
    public static func line(_ finding: Finding, language: MessageLanguage) -> String {
        var place = finding.location.path
        if let line = finding.location.line { place += ":\(line)" }
        if let column = finding.location.column { place += ":\(column)" }
        return "\(label(finding.severity, language)) \(place) [\(finding.code)] \(finding.message.text(in: language))"
    }

    public static func text(_ reports: [ValidationReport], language: MessageLanguage) -> String {
        var lines: [String] = []
        for report in reports {
            let errors = report.findings.count(of: .error)
            let warnings = report.findings.count(of: .warning)
            let title = report.manifest.map { " — " + $0.title(preferring: [language.rawValue]) } ?? ""
            let verdict = errors == 0 ? "OK" : (language == .nb ? "FEIL" : "ERRORS")
            lines.append("\(verdict)  \(report.resource)\(title)")
            let counts = language == .nb
                ? "     \(errors) feil, \(warnings) advarsler; \(report.tags.words) ord i \(report.tags.documents) dokumenter, \(report.tags.files) filer"
                : "     \(errors) errors, \(warnings) warnings; \(report.tags.words) words in \(report.tags.documents) documents, \(report.tags.files) files"
            lines.append(counts)
            for finding in report.findings.sortedForReading() {
                lines.append("     " + line(finding, language: language))
            }
            for (plugin, byPath) in report.inferred.sorted(by: { $0.key < $1.key }) {
                for (tag, value) in (byPath[""] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    lines.append("     \(language == .nb ? "funnet" : "inferred"):  [\(plugin)] \(tag): \(value.summary)")
                }
            }
        }
        if reports.count > 1 {
            let failed = reports.filter(\.hasErrors).count
            lines.append(language == .nb
                ? "\(reports.count) ressurser sjekket: \(reports.count - failed) uten feil, \(failed) med feil."
                : "\(reports.count) resources checked: \(reports.count - failed) without errors, \(failed) with errors.")
        }
        return lines.joined(separator: "\n")
    }

    private static func label(_ severity: Severity, _ language: MessageLanguage) -> String {
        switch (severity, language) {
        case (.error, .nb): "feil:     "
        case (.warning, .nb): "advarsel: "
        case (.info, .nb): "info:     "
        case (.error, .en): "error:    "
        case (.warning, .en): "warning:  "
        case (.info, .en): "info:     "
        }
    }
}
