import AllmenningCore
import Foundation
import Licensing
import Testing

/// Each rule's own examples: the triggering ones give its code at its severity, the others do not.
@Suite struct RuleExampleTests {
    static let rules = LicensingRules.all

    @Test(arguments: rules.map(\.code))
    func examples(code: String) {
        let rule = Self.rules.first { $0.code == code }!
        #expect(!rule.triggering.isEmpty && !rule.nonTriggering.isEmpty, "\(code) needs examples of both kinds")
        #expect(!rule.description.nb.isEmpty && !rule.description.en.isEmpty)
        for (index, example) in rule.triggering.enumerated() {
            let findings = TestResource(example: example).findings
            let matching = findings.filter { $0.code == code }
            #expect(!matching.isEmpty, "triggering example \(index) of \(code) gave \(codes(findings))")
            #expect(matching.allSatisfy { $0.severity == rule.severity }, "\(code) must be \(rule.severity)")
            expectBilingual(findings)
        }
        for (index, example) in rule.nonTriggering.enumerated() {
            let findings = TestResource(example: example).findings
            #expect(!findings.contains { $0.code == code }, "non-triggering example \(index) of \(code) gave \(findings.filter { $0.code == code }.map(\.message.en))")
            expectBilingual(findings)
        }
    }

    @Test func everyCodeHasARule() {
        let all = [LicensingCheck.Code.invalidExpression, LicensingCheck.Code.unknownLicence, LicensingCheck.Code.licenceException,
                   LicensingCheck.Code.deprecatedLicence, LicensingCheck.Code.reuseTomlInvalid, LicensingCheck.Code.dep5Invalid,
                   LicensingCheck.Code.reuseConflict, LicensingCheck.Code.declarationMismatch, LicensingCheck.Code.missingLicence,
                   LicensingCheck.Code.remixForbidden, LicensingCheck.Code.remixNotRecommended, LicensingCheck.Code.remixUnchecked,
                   LicensingCheck.Code.upstreamIncompatible, LicensingCheck.Code.upstreamNotRecommended,
                   LicensingCheck.Code.attributionIncomplete, LicensingCheck.Code.tooManyTags]
        #expect(Set(Self.rules.map(\.code)) == Set(all))
        #expect(Self.rules.count == all.count)
        #expect(all.allSatisfy { $0.hasPrefix("licensing.") })
    }
}
