import AllmenningCore
import Foundation

/// Personal data as a validator plugin. Each file is checked on its own, so results are
/// cached by blob id. What is found is an error in a pupil's resource (it must not be
/// published) and a warning in a teacher's (the teacher decides); a low-confidence hint is
/// only information.
public struct PrivacyPlugin: ValidatorPlugin {
    public let name = "privacy"
    public var version: String { PrivacyScanner.version }

    public init() {}

    public var rules: [PluginRule] {
        PersonalDataKind.allCases.map { kind in
            PluginRule(id: kind.code, title: kind.title, description: kind.ruleDescription, severity: .error,
                       triggering: PhotoExamples.triggering(kind), nonTriggering: PhotoExamples.nonTriggering(kind))
        }
    }

    public func examines(path: String) -> Bool {
        path != ResourceValidator.manifestFileName
    }

    public func cacheKey(for context: PluginContext) -> String { Self.isPupilsWork(context) ? "student" : "other" }

    public func checkFile(_ file: PluginFile, context: PluginContext) -> FileCheck {
        let pupil = Self.isPupilsWork(context)
        let findings = PrivacyScanner.scan(path: file.path, data: file.data).map { match in
            let severity: Severity = match.confidence == .low ? .info : (pupil ? .error : .warning)
            return match.finding(path: file.path, severity: severity, plugin: name)
        }
        return FileCheck(findings: findings)
    }

    /// A pupil's resource, or any resource with a pupil among its authors.
    static func isPupilsWork(_ context: PluginContext) -> Bool {
        guard let manifest = context.manifest else { return false }
        return manifest.kind == "student" || (manifest.authors ?? []).contains { $0.role == "student" }
    }
}
