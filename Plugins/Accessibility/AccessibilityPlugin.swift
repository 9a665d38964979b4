import AllmenningCore
import Foundation

/// Accessibility as a validator plugin: static checks of HTML and Markdown pages mapped to
/// the W3C ACT rules. Each page is checked on its own, so results are cached by blob id.
/// It also runs on a folder of pages without a manifest (a page being drafted).
public struct AccessibilityPlugin: ValidatorPlugin {
    public let name = "accessibility"
    /// Changes whenever a rule changes what it reports.
    public let version = "5"

    public init() {}

    public var rules: [PluginRule] { AccessibilityRules.all.map(\.pluginRule) + [Self.incompleteCheck] + AccessibilityRules.resourceRules }

    public var needsManifest: Bool { false }

    public func examines(path: String) -> Bool {
        ["html", "htm", "xhtml", "md", "markdown"].contains((path as NSString).pathExtension.lowercased())
    }

    public func checkFile(_ file: PluginFile, context: PluginContext) -> FileCheck {
        guard let tree = HTMLTree.document(path: file.path, data: file.data) else { return FileCheck() }
        let page = Page(path: file.path, tree: tree)
        var findings: [Finding] = tree.isTruncated ? [Self.incompleteCheckFinding(path: file.path, tree: tree)] : []
        for rule in AccessibilityRules.all {
            for violation in rule.check(page) {
                findings.append(Finding(plugin: name, code: rule.code, rule: rule.act, severity: rule.severity,
                                        location: SourceLocation(path: file.path, line: tree[violation.node].line),
                                        message: violation.message, wcag: rule.wcag))
            }
        }
        // What the whole-resource check needs: the media and their tracks, and what the page
        // is made of for the metadata inference.
        var tags: [String: TagValue] = [PageFacts.tagName: PageFacts(page).tag]
        let media = page.mediaElements()
        if !media.isEmpty { tags[MediaRecord.tagName] = .list(media.map { MediaRecord($0, in: page).tag }) }
        return FileCheck(findings: findings, tags: tags)
    }

    /// Caption files, media files and the accessibility metadata: a function of the files and
    /// the manifest, so cached by the resource's listing.
    public var cachesResourceCheck: Bool { true }

    public func checkResource(_ resource: PluginResource, context: PluginContext) -> FileCheck {
        AccessibilityResourceCheck.check(resource, context: context)
    }
}

/// Every rule the plugin checks, in the order their findings are reported.
public enum AccessibilityRules {
    public static let all: [AccessibilityRule] = DocumentRules.all + PageRules.all + AttributeRules.all + TextSpacingRules.all
        + ARIARules.all + NameRules.all + TableRules.all + MediaRules.all
    /// The rules only the whole resource can decide: caption files, media files, metadata.
    public static let resourceRules: [PluginRule] = CaptionFileRules.all + MetadataRules.all
}
