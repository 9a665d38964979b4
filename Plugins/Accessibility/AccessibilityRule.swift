import AllmenningCore
import Foundation

/// One accessibility rule: what it checks (with the W3C ACT rule it implements, where one
/// exists, and the WCAG success criteria), examples that do and do not trigger it, and the
/// check itself over one page.
public struct AccessibilityRule: Sendable {
    /// The stable code of its findings: `accessibility.image-name`.
    public var code: String
    /// The ACT rule id (`23a2a8`), nil for a check of our own.
    public var act: String?
    /// WCAG success criteria, "1.1.1".
    public var wcag: [String]
    public var severity: Severity
    public var title: LocalizedText
    public var description: LocalizedText
    /// Whole pages or fragments (HTML, as in `index.html`) that must trigger the rule…
    public var triggering: [String]
    /// …and that must not.
    public var nonTriggering: [String]
    public var check: @Sendable (Page) -> [Violation]

    public init(code: String, act: String?, wcag: [String], severity: Severity = .error, title: LocalizedText,
                description: LocalizedText, triggering: [String], nonTriggering: [String],
                check: @escaping @Sendable (Page) -> [Violation]) {
        self.code = code
        self.act = act
        self.wcag = wcag
        self.severity = severity
        self.title = title
        self.description = description
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.check = check
    }

    /// What one element does wrong: the element (its line is the finding's line) and what to
    /// do about it, for a teacher.
    public struct Violation: Sendable {
        public var node: Int
        public var message: LocalizedText

        public init(node: Int, message: LocalizedText) {
            self.node = node
            self.message = message
        }
    }

    /// The rule as the plugin host describes it (`plugins explain`), its examples as
    /// `index.html` files.
    var pluginRule: PluginRule {
        PluginRule(id: code, title: title, description: description, publicRule: act, severity: severity,
                   triggering: triggering.map { RuleExample(path: "index.html", content: $0) },
                   nonTriggering: nonTriggering.map { RuleExample(path: "index.html", content: $0) })
    }
}
