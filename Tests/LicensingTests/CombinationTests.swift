import AllmenningCore
import Foundation
import Licensing
import Testing

/// The remix and adaptation verdicts on the CC 4.0 set, cell by cell, against a table written
/// out here and against the facts sheet (Schemas/cc-compatibility.json) itself.
@Suite struct CombinationTests {
    static let licences = ["CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0", "CC-BY-NC-ND-4.0"]

    /// A file under the row's licence in an adaptation licensed as the column: "-" nothing,
    /// "w" licensing.remix-not-recommended, "E" licensing.remix-forbidden.
    static let remixTable: [String: String] = [
        "CC0-1.0":         "- - - - - - -",
        "CC-BY-4.0":       "w - - - - - -",
        "CC-BY-SA-4.0":    "E E - E E E E",
        "CC-BY-NC-4.0":    "w w E - - w -",
        "CC-BY-NC-SA-4.0": "E E E E - E E",
        "CC-BY-ND-4.0":    "E E E E E E E",
        "CC-BY-NC-ND-4.0": "E E E E E E E",
    ]

    /// A `derivedFrom` source under the row's licence, the resource licensed as the column:
    /// "w" licensing.upstream-not-recommended, "E" licensing.upstream-incompatible.
    static let adaptationTable: [String: String] = [
        "CC0-1.0":         "- - - - - - -",
        "CC-BY-4.0":       "w - - - - - -",
        "CC-BY-SA-4.0":    "E E - E E E E",
        "CC-BY-NC-4.0":    "w w w - - w -",
        "CC-BY-NC-SA-4.0": "E E E E - E E",
        "CC-BY-ND-4.0":    "E E E E E E E",
        "CC-BY-NC-ND-4.0": "E E E E E E E",
    ]

    static let pairs: [(String, String)] = licences.flatMap { material in licences.map { (material, $0) } }

    static func expected(_ table: [String: String], _ material: String, _ resource: String) -> String {
        let row = table[material]!.split(separator: " ").map(String.init)
        return row[licences.firstIndex(of: resource)!]
    }

    static func verdict(_ findings: [Finding], error: String, warning: String) -> String {
        if findings.contains(where: { $0.code == error && $0.severity == .error }) { return "E" }
        if findings.contains(where: { $0.code == warning && $0.severity == .warning }) { return "w" }
        return "-"
    }

    /// The facts sheet.
    nonisolated(unsafe) static let sheet: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Schemas/cc-compatibility.json")
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }()

    static func sheetCell(_ material: String, _ proposed: String) -> [String: Any] {
        ((sheet["adaptation"] as! [String: Any])[material] as! [String: Any])[proposed] as! [String: Any]
    }

    static func sheetRemix(_ a: String, _ b: String) -> (combinable: Bool, recommended: [String]) {
        let entry = ((sheet["remix"] as! [String: Any])[a] as! [String: Any])[b] as! [String: Any]
        return (entry["combinable"] as! Bool, entry["adapterLicencesRecommended"] as! [String])
    }

    /// The facts sheet's verdict for a file under `material` in an adaptation licensed
    /// `resource`: the remix chart (unless the resource's licence is ND, which is then only the
    /// adapter's choice), then the adapter's-licence cell.
    static func sheetRemixVerdict(_ material: String, _ resource: String) -> String {
        let remix = sheetRemix(material, resource)
        if !resource.contains("-ND"), !remix.combinable { return "E" }
        if material == resource && !material.contains("-ND") { return "-" }
        if remix.recommended.contains(resource) { return "-" }
        switch sheetCell(material, resource)["chart"] as! String {
        case "green": return "-"
        case "yellow": return "w"
        default: return "E"
        }
    }

    @Test(arguments: pairs)
    func remix(material: String, resource: String) {
        let manifest = LicensingRules.exampleManifest(licence: resource, LicensingRules.exampleProvenance(licence: resource))
        let findings = TestResource(manifest: manifest, files: ["media/fil.png": "PNG", "media/fil.png.license": "SPDX-License-Identifier: \(material)\n"]).findings
            .filter { $0.location.path == "media/fil.png.license" }
        let expected = Self.expected(Self.remixTable, material, resource)
        #expect(Self.verdict(findings, error: LicensingCheck.Code.remixForbidden, warning: LicensingCheck.Code.remixNotRecommended) == expected)
        #expect(Self.sheetRemixVerdict(material, resource) == expected, "the table here must say what the facts sheet says")
        expectBilingual(findings)
        #expect(findings.allSatisfy { $0.location.line == 1 })
    }

    @Test(arguments: pairs)
    func adaptation(material: String, resource: String) {
        let manifest = LicensingRules.exampleManifest(licence: resource, LicensingRules.exampleProvenance(licence: material))
        let findings = TestResource(manifest: manifest).findings
        let expected = Self.expected(Self.adaptationTable, material, resource)
        #expect(Self.verdict(findings, error: LicensingCheck.Code.upstreamIncompatible, warning: LicensingCheck.Code.upstreamNotRecommended) == expected)
        let colour = Self.sheetCell(material, resource)["chart"] as! String
        #expect(["green": "-", "yellow": "w", "darkgray": "E"][colour] == expected, "the table here must say what the facts sheet says")
        expectBilingual(findings)
        for finding in findings where finding.code.hasPrefix("licensing.upstream") {
            #expect(finding.location == AllmenningCore.SourceLocation(path: "resource.yaml", line: 10))
            #expect(finding.rule == material)
        }
    }

    /// The sheet's remix table is what Allmenning derives from the adapter's-licence chart:
    /// combinable exactly when some licence is green for both, recommended = those licences.
    @Test func remixFactsAgreeWithTheAdaptationChart() {
        for (a, b) in Self.pairs {
            let green = Self.licences.filter { candidate in
                Self.sheetCell(a, candidate)["chart"] as? String == "green" && Self.sheetCell(b, candidate)["chart"] as? String == "green"
            }
            let remix = Self.sheetRemix(a, b)
            #expect(remix.combinable == !green.isEmpty, "\(a) + \(b)")
            #expect(remix.recommended == green, "\(a) + \(b)")
            #expect(CreativeCommonsCompatibility.cell(material: a, proposed: b)?.chart.rawValue.lowercased() == (Self.sheetCell(a, b)["chart"] as! String))
        }
    }

    @Test func warningsExplainWhy() {
        let manifest = LicensingRules.exampleManifest(licence: "CC-BY-4.0", LicensingRules.exampleProvenance(licence: "CC-BY-4.0"))
        let findings = TestResource(manifest: manifest, files: ["a.png": "x", "a.png.license": "SPDX-License-Identifier: CC-BY-NC-4.0\n"]).findings
        let warning = try! #require(findings.first { $0.code == LicensingCheck.Code.remixNotRecommended })
        #expect(warning.message.en.contains("NonCommercial") && warning.message.en.contains("commercially"))
        #expect(warning.message.en.contains("chart: yellow"), "the chart's own reason is given")
        #expect(warning.message.nb.contains("IkkeKommersiell") && warning.message.nb.contains("kommersielt"))
        #expect(warning.message.en.contains("CC-BY-NC-4.0 or CC-BY-NC-SA-4.0"), "and what to choose instead")

        let cc0 = TestResource(manifest: LicensingRules.exampleManifest(licence: "CC0-1.0", LicensingRules.exampleProvenance(licence: "CC-BY-4.0"))).findings
        let attribution = try! #require(cc0.first { $0.code == LicensingCheck.Code.upstreamNotRecommended })
        #expect(attribution.message.en.contains("still requires attribution"))
    }

    /// A file or resource licence that is an expression: AND means every part must fit, OR lets
    /// the adapter follow the best alternative.
    @Test func expressions() {
        func remixVerdict(file: String, resource: String) -> String {
            let manifest = LicensingRules.exampleManifest(licence: resource, LicensingRules.exampleProvenance(licence: "CC-BY-4.0"))
            let findings = TestResource(manifest: manifest, files: ["a.md": "<!-- SPDX-License-Identifier: \(file) -->\n"]).findings
            return Self.verdict(findings, error: LicensingCheck.Code.remixForbidden, warning: LicensingCheck.Code.remixNotRecommended)
        }
        #expect(remixVerdict(file: "CC-BY-ND-4.0 OR CC-BY-4.0", resource: "CC-BY-4.0") == "-")
        #expect(remixVerdict(file: "CC-BY-4.0 AND CC-BY-NC-4.0", resource: "CC-BY-4.0") == "w")
        #expect(remixVerdict(file: "CC-BY-4.0 AND CC-BY-ND-4.0", resource: "CC-BY-4.0") == "E")
        #expect(remixVerdict(file: "CC-BY-SA-4.0", resource: "CC-BY-SA-4.0 OR CC-BY-4.0") == "-")
        #expect(remixVerdict(file: "CC-BY-SA-4.0", resource: "CC-BY-SA-4.0 AND CC-BY-4.0") == "E")
    }

    /// Outside the seven: older versions and ports by Allmenning's licence gate, licences outside
    /// Creative Commons as information.
    @Test func outsideTheChart() {
        func findings(file: String, resource: String) -> [Finding] {
            let manifest = LicensingRules.exampleManifest(licence: resource, LicensingRules.exampleProvenance(licence: resource))
            return TestResource(manifest: manifest, files: ["a.md": "<!-- SPDX-License-Identifier: \(file) -->\n"]).findings
                .filter { $0.location.path == "a.md" }
        }
        #expect(findings(file: "CC-BY-SA-3.0", resource: "CC-BY-SA-4.0").isEmpty, "a later ShareAlike version")
        #expect(findings(file: "CC-BY-3.0-AT", resource: "CC-BY-4.0").isEmpty)
        #expect(codes(findings(file: "CC-BY-NC-3.0", resource: "CC-BY-4.0")) == [LicensingCheck.Code.remixNotRecommended])
        #expect(codes(findings(file: "CC-BY-ND-3.0", resource: "CC-BY-4.0")) == [LicensingCheck.Code.remixForbidden])
        #expect(codes(findings(file: "CC-BY-ND-4.0", resource: "CC-BY-ND-4.0")) == [LicensingCheck.Code.remixForbidden], "ND material is not adapted under its own licence either")
        #expect(codes(findings(file: "CC-BY-SA-4.0", resource: "CC-BY-SA-3.0")) == [LicensingCheck.Code.remixForbidden])
        #expect(codes(findings(file: "MIT", resource: "CC-BY-4.0")) == [LicensingCheck.Code.remixUnchecked])
        #expect(findings(file: "MIT", resource: "CC-BY-4.0").first?.severity == .info)
        #expect(findings(file: "CC0-1.0", resource: "MIT").isEmpty)

        let gpl = TestResource(manifest: LicensingRules.exampleManifest(licence: "GPL-3.0-only", LicensingRules.exampleProvenance(licence: "CC-BY-SA-4.0"))).findings
        #expect(!gpl.contains { $0.code.hasPrefix("licensing.upstream") }, "GPLv3 is a BY-SA compatible licence")
    }

    /// Not an adaptation (no derivedFrom): files under other licences stand beside the teacher's
    /// own work, as a collection, and the remix chart does not apply.
    @Test func collectionsAreNotRemixes() {
        let findings = TestResource(manifest: LicensingRules.exampleManifest(licence: "CC-BY-4.0"),
                                    files: ["a.pdf": "x", "a.pdf.license": "SPDX-License-Identifier: CC-BY-ND-4.0\n"]).findings
        #expect(!findings.contains { $0.code.hasPrefix("licensing.remix") })
    }
}
