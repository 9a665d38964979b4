import AllmenningCore
import Foundation

/// Accessibility as a validator plugin: static checks of HTML and Markdown pages mapped to
/// the W3C ACT rules. Each page is checked on its own, so results are cached by blob id.
/// It also runs on a folder of pages without a manifest (a page being drafted).
public struct AccessibilityPlugin: ValidatorPlugin {
    public let name = "accessibility"
    /// Changes whenever a rule changes what it reports.
    public let version = "1"

    public init() {}

    public var rules: [PluginRule] { AccessibilityRules.all.map(\.pluginRule) }

    public var needsManifest: Bool { false }

    public func examines(path: String) -> Bool {
        ["html", "htm", "xhtml", "md", "markdown"].contains((path as NSString).pathExtension.lowercased())
    }

    public func checkFile(_ file: PluginFile, context: PluginContext) -> FileCheck {
        guard let tree = HTMLTree.document(path: file.path, data: file.data) else { return FileCheck() }
        let page = Page(path: file.path, tree: tree)
        var findings: [Finding] = []
        for rule in AccessibilityRules.all {
            for violation in rule.check(page) {
                findings.append(Finding(plugin: name, code: rule.code, rule: rule.act, severity: rule.severity,
                                        location: SourceLocation(path: file.path, line: tree[violation.node].line),
                                        message: violation.message, wcag: rule.wcag))
            }
        }
        return FileCheck(findings: findings)
    }
}

/// Every rule the plugin checks, in the order their findings are reported.
public enum AccessibilityRules {
    public static let all: [AccessibilityRule] = DocumentRules.all
        + ARIARules.all
}
