import AllmenningCore
import Foundation
import Licensing
import Testing

@Suite("Licensing as a validator plugin")
struct LicensingPluginTests {
    @Test("every rule's examples behave as the rule says when run through the plugin host")
    func ruleExamplesThroughTheHost() {
        let failures = RuleExamples.failures(of: LicensingPlugin())
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(LicensingPlugin().rules.count == LicensingRules.all.count)
    }
}
