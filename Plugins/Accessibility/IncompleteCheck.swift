import AllmenningCore
import Foundation

/// A page read only in part (larger or more deeply nested than `HTMLTree` reads) is said to be
/// so, rather than passing the checks it was never fully given.
extension AccessibilityPlugin {
    static let incompleteCheck = PluginRule(
        id: "accessibility.page-not-fully-checked",
        title: LocalizedText(nb: "Siden ble bare delvis sjekket", en: "The page was checked only in part"),
        description: LocalizedText(
            nb: "Siden er større (over \(HTMLTree.maximumBytes >> 20) MiB eller \(HTMLTree.maximumTags) tagger) eller har elementer nøstet dypere (over \(HTMLTree.maximumDepth) nivåer) enn tilgjengelighetssjekken leser. Resten av siden er ikke sjekket. Del siden opp, eller rett opp taggene som aldri lukkes.",
            en: "The page is larger (over \(HTMLTree.maximumBytes >> 20) MiB or \(HTMLTree.maximumTags) tags) or nests elements deeper (over \(HTMLTree.maximumDepth) levels) than the accessibility check reads. The rest of the page was not checked. Split the page, or fix tags that are never closed."),
        severity: .warning,
        triggering: [RuleExample(path: "index.html", content: "<html lang=\"nb\"><body>" + String(repeating: "<b>", count: HTMLTree.maximumDepth + 4) + "Dypt</body></html>")],
        nonTriggering: [RuleExample(path: "index.html", content: "<html lang=\"nb\"><body>" + String(repeating: "<b>", count: 40) + "Grunt</body></html>")])

    /// The finding for a page read in part, at the last line that was read.
    static func incompleteCheckFinding(path: String, tree: HTMLTree) -> Finding {
        Finding(plugin: "accessibility", code: incompleteCheck.id, severity: incompleteCheck.severity,
                location: SourceLocation(path: path, line: tree.nodes.last?.line ?? 1),
                message: LocalizedText(
                    nb: "Bare første del av siden er sjekket: den er større eller dypere nøstet enn sjekken leser (\(HTMLTree.maximumBytes >> 20) MiB, \(HTMLTree.maximumTags) tagger, \(HTMLTree.maximumDepth) nivåer). Del siden opp, eller lukk taggene som står åpne.",
                    en: "Only the first part of the page was checked: it is larger or more deeply nested than the check reads (\(HTMLTree.maximumBytes >> 20) MiB, \(HTMLTree.maximumTags) tags, \(HTMLTree.maximumDepth) levels). Split the page, or close the tags left open."))
    }
}
