import AllmenningCore
import Foundation
import Testing

/// Decides and checks what every decision must satisfy: refused exactly when there is no
/// licence, and every message written in both languages.
private func decide(_ resource: String, files: [String: String] = [:], upstream: [UpstreamLicence] = [],
                    proposed: String? = nil) -> AdaptationDecision {
    let decision = AdaptationLicensing.decide(AdaptationRequest(resourceLicence: resource, fileLicences: files,
                                                                upstreamLicences: upstream, proposedLicence: proposed))
    #expect(decision.refusals.isEmpty == (decision.licence != nil))
    for problem in decision.refusals + decision.notes {
        #expect(!problem.message.nb.isEmpty && !problem.message.en.isEmpty && problem.message.nb != problem.message.en,
                "\(problem.code) needs a message in both languages")
    }
    if let licence = decision.licence { #expect(decision.allowedLicences.contains(licence)) }
    return decision
}

private let pizza = UpstreamLicence(id: "01JD3M6Z8Q7T2V4X5Y6Z7A8B9C", title: "Brøk med pizza", licence: "CC-BY-NC-4.0")

@Suite struct AdaptationLicensingTests {
    // MARK: The official chart, cell by cell

    /// Rows = material, columns = the licence asked for, in the order of `columns`. "A" = green
    /// (allowed); otherwise the code of the refusal. Transcribed from the facts sheet's quick table
    /// (yellow cells are refused: "by" = attribution kept, "nc" = NonCommercial kept).
    static let columns = ["CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0", "CC-BY-NC-ND-4.0"]
    static let expectedChart: [String: [String]] = [
        "CC0-1.0": ["A", "A", "A", "A", "A", "A", "A"],
        "CC-BY-4.0": ["by", "A", "A", "A", "A", "A", "A"],
        "CC-BY-SA-4.0": ["sa", "sa", "A", "sa", "sa", "sa", "sa"],
        "CC-BY-NC-4.0": ["nc", "nc", "nc", "A", "A", "nc", "A"],
        "CC-BY-NC-SA-4.0": ["nc", "nc", "nc", "sa", "A", "nc", "sa"],
        "CC-BY-ND-4.0": ["nd", "nd", "nd", "nd", "nd", "nd", "nd"],
        "CC-BY-NC-ND-4.0": ["nd", "nd", "nd", "nd", "nd", "nd", "nd"],
    ]
    static let codes = ["by": "licence.attribution-kept", "sa": "licence.sharealike-forces",
                        "nc": "licence.noncommercial-kept", "nd": "licence.nd-adaptation"]
    static let cells: [(material: String, proposed: String, expected: String)] = columns.flatMap { material in
        columns.enumerated().map { (material, $0.element, expectedChart[material]![$0.offset]) }
    }

    @Test(arguments: cells)
    func chartCell(material: String, proposed: String, expected: String) {
        let decision = decide(material, proposed: proposed)
        if expected == "A" {
            #expect(decision.licence == proposed)
            #expect(decision.refusals.isEmpty)
        } else {
            #expect(decision.licence == nil)
            #expect(decision.refusals.map(\.code) == [Self.codes[expected]!])
            #expect(decision.refusals.map(\.subject) == [.resource])
            #expect(decision.refusals.map(\.licence) == [material])
        }
    }

    @Test func chartDataIsTheOfficialChart() {
        #expect(CreativeCommonsCompatibility.tableLicences == Self.columns)
        var yellow: [String] = []
        for (material, proposed, expected) in Self.cells {
            let cell = CreativeCommonsCompatibility.cell(material: material, proposed: proposed)
            #expect(cell?.recommended == (expected == "A"), "\(material) → \(proposed)")
            if cell?.chart == .yellow { yellow.append("\(material) → \(proposed)") }
            #expect((cell?.verdict == .forbidden) == (cell?.chart == .darkGray))
        }
        #expect(yellow == ["CC-BY-4.0 → CC0-1.0", "CC-BY-NC-4.0 → CC0-1.0", "CC-BY-NC-4.0 → CC-BY-4.0",
                           "CC-BY-NC-4.0 → CC-BY-SA-4.0", "CC-BY-NC-4.0 → CC-BY-ND-4.0"])
        #expect(CreativeCommonsCompatibility.ruling(material: "CC-BY-SA-4.0", proposed: "GPL-3.0-or-later")?.verdict == .unverified)
        #expect(CreativeCommonsCompatibility.ruling(material: "GPL-3.0-only", proposed: "CC-BY-SA-4.0")?.verdict == .forbidden)
    }

    @Test func yellowCellsGiveTheChartsReasonAndAPlainOne() throws {
        let decision = decide("CC-BY-NC-4.0", proposed: "CC-BY-4.0")
        let refusal = try #require(decision.refusals.first)
        #expect(refusal.message.en == "The resource is under CC-BY-NC-4.0 (NonCommercial): an adapted version must stay NonCommercial, so CC-BY-4.0 is not possible. Creative Commons' chart: Technically permitted (chart: yellow) but not recommended: CC-BY-4.0 drops NC for the adapter's part only; the original stays BY-NC, so the adaptation as a whole still cannot be used commercially. Possible licences for this adaptation: CC-BY-NC-4.0, CC-BY-NC-SA-4.0, CC-BY-NC-ND-4.0.")
        #expect(refusal.message.nb.hasPrefix("Ressursen har lisensen CC-BY-NC-4.0 (IkkeKommersiell)"))
        #expect(decision.allowedLicences == ["CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-ND-4.0"])
    }

    // MARK: NoDerivatives

    @Test(arguments: ["CC-BY-ND-4.0", "CC-BY-NC-ND-4.0", "CC-BY-ND-2.5", "CC-BY-NC-ND-3.0-IGO", "CC-BY-NC-ND-3.0-DE", "CC-BY-ND-1.0"])
    func noDerivativesResource(licence: String) {
        let decision = decide(licence)
        #expect(decision == AdaptationDecision(licence: nil, allowedLicences: [], refusals: [decision.refusals[0]], notes: []))
        #expect(decision.refusals[0].code == "licence.nd-adaptation")
        #expect(decision.refusals[0].subject == .resource)
        #expect(decision.refusals[0].licence == licence)
        // The teacher asking for a licence changes nothing.
        #expect(decide(licence, proposed: licence).refusals.map(\.code) == ["licence.nd-adaptation"])
    }

    @Test func noDerivativesFileInAnAttributionResource() {
        let decision = decide("CC-BY-4.0", files: ["worksheet.pdf": "CC-BY-ND-4.0", "media/photo.jpg": "CC-BY-2.0"])
        #expect(decision.licence == nil)
        #expect(decision.refusals.count == 1)
        let refusal = decision.refusals[0]
        #expect(refusal.code == "licence.nd-adaptation")
        #expect(refusal.subject == .file("worksheet.pdf"))
        #expect(refusal.licence == "CC-BY-ND-4.0")
        #expect(refusal.message.en == "worksheet.pdf is under CC-BY-ND-4.0 (NoDerivatives): its licence does not allow sharing adapted versions. Use the resource as it is, or ask the rights holder of worksheet.pdf for permission.")
        #expect(refusal.message.nb == "Filen «worksheet.pdf» har lisensen CC-BY-ND-4.0 (IngenBearbeidelse): lisensen tillater ikke å dele bearbeidede versjoner. Bruk ressursen slik den er, eller spør rettighetshaveren til «worksheet.pdf» om lov.")
    }

    @Test func everyNoDerivativesPlaceIsNamed() {
        let original = UpstreamLicence(id: "01JD3M6Z8Q7T2V4X5Y6Z7A8B9D", title: "Vulkaner", licence: "CC-BY-NC-ND-4.0")
        let decision = decide("CC-BY-NC-4.0", files: ["b.png": "CC-BY-ND-3.0", "a.png": "CC-BY-ND-4.0"], upstream: [original])
        #expect(decision.refusals.map(\.subject) == [.file("a.png"), .file("b.png"), .upstream(original.id)])
        #expect(decision.refusals.allSatisfy { $0.code == "licence.nd-adaptation" })
        #expect(decision.refusals[2].message.en.contains("\"Vulkaner\", which this resource is adapted from, is under CC-BY-NC-ND-4.0"))
    }

    @Test func orWithANoDerivativesAlternative() {
        let decision = decide("CC-BY-ND-4.0 OR CC-BY-4.0")
        #expect(decision.licence == "CC-BY-4.0")
        #expect(decision.notes.map(\.code) == ["licence.alternative-chosen"])
        #expect(decision.notes[0].message.en == "The resource is under CC-BY-ND-4.0 OR CC-BY-4.0, so the adaptation may follow any one of the licences; it follows CC-BY-4.0. CC-BY-ND-4.0 (NoDerivatives) does not allow adaptations.")
        #expect(decide("CC-BY-ND-4.0 OR CC-BY-4.0", proposed: "CC-BY-SA-4.0").licence == "CC-BY-SA-4.0")
        #expect(decide("CC-BY-4.0 OR CC-BY-ND-4.0", files: ["a.png": "CC-BY-NC-ND-4.0 OR CC-BY-SA-4.0"]).licence == "CC-BY-SA-4.0")

        #expect(decide("CC-BY-ND-4.0 OR CC-BY-NC-ND-4.0").refusals.map(\.code) == ["licence.nd-adaptation"])
        // AND: every part applies, so NoDerivatives blocks.
        let both = decide("CC-BY-4.0 AND CC-BY-ND-4.0")
        #expect(both.refusals.map(\.code) == ["licence.nd-adaptation"])
        #expect(both.refusals[0].message.en.hasPrefix("The resource is under CC-BY-4.0 AND CC-BY-ND-4.0: CC-BY-ND-4.0 (NoDerivatives) does not allow"))
    }

    // MARK: ShareAlike

    @Test func shareAlikeForcesTheLicence() {
        let chosen = decide("CC-BY-SA-4.0")
        #expect(chosen.licence == "CC-BY-SA-4.0")
        #expect(chosen.allowedLicences == ["CC-BY-SA-4.0", "LAL-1.3", "GPL-3.0-only"])
        #expect(chosen.notes.map(\.code) == ["licence.sharealike-forces"])
        #expect(chosen.notes[0].message.en == "The resource is under CC-BY-SA-4.0 (ShareAlike), so the adaptation must be shared under CC-BY-SA-4.0 or a later version, or a licence Creative Commons lists as compatible (LAL-1.3, GPL-3.0-only).")

        let refused = decide("CC-BY-SA-4.0", proposed: "CC-BY-4.0")
        #expect(refused.licence == nil)
        #expect(refused.refusals.map(\.code) == ["licence.sharealike-forces"])
        #expect(refused.refusals[0].message.en.hasSuffix("so CC-BY-4.0 is not possible. Possible licences for this adaptation: CC-BY-SA-4.0, LAL-1.3, GPL-3.0-only."))
        #expect(refused.refusals[0].message.nb.hasSuffix("Mulige lisenser for denne bearbeidingen: CC-BY-SA-4.0, LAL-1.3, GPL-3.0-only."))

        let asked = decide("CC-BY-SA-4.0", proposed: "CC-BY-SA-4.0")
        #expect(asked.licence == "CC-BY-SA-4.0")
        #expect(asked.notes.map(\.code) == ["licence.sharealike-forces"])
    }

    @Test func shareAlikeVersions() {
        #expect(decide("CC-BY-SA-3.0", proposed: "CC-BY-SA-4.0").licence == "CC-BY-SA-4.0")
        #expect(decide("CC-BY-SA-3.0").licence == "CC-BY-SA-3.0")
        let downgrade = decide("CC-BY-SA-4.0", proposed: "CC-BY-SA-3.0")
        #expect(downgrade.licence == nil)
        #expect(downgrade.refusals.map(\.code) == ["licence.sharealike-forces"])
        // Material under "3.0 or later" is adapted under 4.0.
        #expect(decide("CC-BY-SA-3.0+").licence == "CC-BY-SA-4.0")
    }

    @Test func shareAlikeInTheChainForcesTheFork() {
        let original = UpstreamLicence(id: "01JD3M6Z8Q7T2V4X5Y6Z7A8B9E", title: "Fotosyntesen", licence: "CC-BY-SA-4.0")
        let decision = decide("CC-BY-4.0", upstream: [original])
        #expect(decision.licence == "CC-BY-SA-4.0")
        #expect(decision.notes.map(\.code) == ["licence.chosen", "licence.sharealike-forces"])
        #expect(decision.notes[0].message.en == "The adaptation cannot keep the resource's licence CC-BY-4.0, so Allmenning chose CC-BY-SA-4.0.")
        // LAL-1.3 would suit the BY-SA original, but not the resource's own CC-BY-4.0 part.
        #expect(decision.allowedLicences == ["CC-BY-SA-4.0"])
        #expect(decision.notes[1].subject == .upstream(original.id))
        #expect(decide("CC-BY-4.0", upstream: [original], proposed: "CC-BY-4.0").refusals.map(\.subject) == [.upstream(original.id)])
    }

    @Test func eachReasonOnceWhenManyFilesShareIt() {
        let decision = decide("CC-BY-SA-4.0", files: ["a.png": "CC-BY-SA-4.0", "b.png": "CC-BY-SA-4.0"], proposed: "CC-BY-4.0")
        #expect(decision.refusals.map(\.subject) == [.resource])
        #expect(decide("CC-BY-SA-4.0", files: ["a.png": "CC-BY-SA-4.0"]).notes.map(\.subject) == [.resource])
    }

    // MARK: NonCommercial

    @Test func nonCommercialKeptThroughTheChain() {
        let chosen = decide("CC-BY-4.0", upstream: [pizza])
        #expect(chosen.licence == "CC-BY-NC-SA-4.0")
        #expect(chosen.allowedLicences == ["CC-BY-NC-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-ND-4.0"])
        #expect(chosen.notes.map(\.code) == ["licence.chosen", "licence.noncommercial-kept"])
        #expect(chosen.notes[1].subject == .upstream(pizza.id))
        #expect(chosen.notes[1].message.en == "\"Brøk med pizza\", which this resource is adapted from, is under CC-BY-NC-4.0 (NonCommercial), so the adaptation stays NonCommercial: neither it nor the original may be used commercially.")
        #expect(chosen.notes[1].message.nb == "«Brøk med pizza», som ressursen bygger på, har lisensen CC-BY-NC-4.0 (IkkeKommersiell), så bearbeidingen forblir ikke-kommersiell: verken den eller originalen kan brukes kommersielt.")

        let refused = decide("CC-BY-4.0", upstream: [pizza], proposed: "CC-BY-4.0")
        #expect(refused.licence == nil)
        #expect(refused.refusals.map(\.code) == ["licence.noncommercial-kept"])
        #expect(refused.refusals.map(\.subject) == [.upstream(pizza.id)])

        let kept = decide("CC-BY-NC-4.0", upstream: [pizza], proposed: "CC-BY-NC-4.0")
        #expect(kept.licence == "CC-BY-NC-4.0")
        #expect(kept.notes.map(\.code) == ["licence.noncommercial-kept"])
        #expect(kept.notes.map(\.subject) == [.resource])
    }

    @Test func shareAlikeAndNonCommercialCannotMeet() {
        let decision = decide("CC-BY-SA-4.0", upstream: [pizza])
        #expect(decision.licence == nil)
        #expect(decision.allowedLicences.isEmpty)
        #expect(decision.refusals.map(\.code) == ["licence.no-common-licence"])
        #expect(decision.refusals[0].subject == .upstream(pizza.id))
        #expect(decision.refusals[0].message.en == "No licence meets the conditions of both CC-BY-SA-4.0 (this resource, ShareAlike) and CC-BY-NC-4.0 (\"Brøk med pizza\", which this resource is adapted from, NonCommercial), so an adapted version could not be shared under any licence. Use the resource as it is, or ask the rights holders for permission.")
        #expect(decide("MIT AND CC-BY-SA-4.0").refusals.map(\.code) == ["licence.no-common-licence"])
        // A wrong proposal does not hide it.
        #expect(decide("CC-BY-SA-4.0", upstream: [pizza], proposed: "CC BY").refusals.map(\.code)
                == ["licence.no-common-licence", "licence.invalid-expression"])
    }

    @Test func theConflictingPairAmongManyFiles() {
        var files = Dictionary(uniqueKeysWithValues: (0..<300).map { ("media/\($0).png", $0.isMultiple(of: 2) ? "CC-BY-2.0" : "CC0-1.0") })
        files["z.png"] = "CC-BY-NC-4.0"
        let decision = decide("CC-BY-SA-4.0", files: files)
        #expect(decision.refusals.map(\.code) == ["licence.no-common-licence"])
        #expect(decision.refusals.map(\.subject) == [.file("z.png")])
        #expect(decision.refusals[0].message.en.hasPrefix("No licence meets the conditions of both CC-BY-SA-4.0 (this resource, ShareAlike) and CC-BY-NC-4.0 (z.png, NonCommercial)"))
    }

    // MARK: Licences outside Creative Commons

    @Test func otherLicencesAreKeptExactly() {
        #expect(decide("MIT") == AdaptationDecision(licence: "MIT", allowedLicences: ["MIT"], refusals: [], notes: []))
        #expect(decide("MIT", proposed: "MIT").licence == "MIT")
        #expect(decide("LicenseRef-Kommune-1").licence == "LicenseRef-Kommune-1")
        #expect(decide("GPL-2.0+").licence == "GPL-2.0+")

        let changed = decide("MIT", proposed: "CC-BY-4.0")
        #expect(changed.licence == nil)
        #expect(changed.refusals.map(\.code) == ["licence.change-not-allowed"])
        #expect(changed.refusals[0].message.en == "The resource is under MIT: Allmenning can only check licence changes between Creative Commons licences, so CC-BY-4.0 is not possible. Keep MIT, or ask the rights holder. Possible licence for this adaptation: MIT.")
        #expect(decide("LicenseRef-Kommune-1", proposed: "CC0-1.0").refusals.map(\.code) == ["licence.change-not-allowed"])

        // And Creative Commons material cannot go under them (except where CC says so).
        #expect(decide("CC-BY-4.0", proposed: "MIT").refusals.map(\.code) == ["licence.unknown-compatibility"])
        // Public domain material can.
        #expect(decide("CC0-1.0", proposed: "MIT").licence == "MIT")
    }

    @Test func gplCompatibilityIsOneWay() {
        let toGPL = decide("CC-BY-SA-4.0", proposed: "GPL-3.0-only")
        #expect(toGPL.licence == "GPL-3.0-only")
        #expect(toGPL.notes.map(\.code) == ["licence.sharealike-forces", "licence.compatible-licence"])
        #expect(toGPL.notes[1].message.nb.contains("følge vilkårene i GPL"))

        let fromGPL = decide("GPL-3.0-only", proposed: "CC-BY-SA-4.0")
        #expect(fromGPL.licence == nil)
        #expect(fromGPL.refusals.map(\.code) == ["licence.change-not-allowed"])
        #expect(fromGPL.refusals[0].message.en.contains("One-way only"))

        let orLater = decide("CC-BY-SA-4.0", proposed: "GPL-3.0-or-later")
        #expect(orLater.refusals.map(\.code) == ["licence.unknown-compatibility"])
        #expect(orLater.refusals[0].message.en.contains("Prefer GPL-3.0-only"))

        #expect(decide("CC-BY-SA-4.0", proposed: "LAL-1.3").licence == "LAL-1.3")
        #expect(decide("LAL-1.3", proposed: "CC-BY-SA-4.0").licence == "CC-BY-SA-4.0")
    }

    // MARK: Older versions, ports and IGO licences

    @Test(arguments: [
        ("CC-BY-SA-2.0", "CC-BY-SA-4.0", "allowed"),
        ("CC-BY-SA-1.0", "CC-BY-SA-4.0", "licence.sharealike-forces"),
        ("CC-BY-SA-1.0", "CC-BY-SA-1.0", "allowed"),
        ("CC-BY-SA-1.0", "CC-BY-SA-2.0", "licence.sharealike-forces"),
        ("CC-BY-NC-SA-1.0", "CC-BY-NC-SA-4.0", "licence.sharealike-forces"),
        ("CC-SA-1.0", "CC-BY-SA-4.0", "licence.sharealike-forces"),
        ("CC-BY-SA-3.0-DE", "CC-BY-SA-4.0", "allowed"),
        ("CC-BY-SA-2.0", "CC-BY-SA-3.0-AT", "allowed"),
        ("CC-BY-SA-4.0", "CC-BY-SA-3.0-DE", "licence.sharealike-forces"),
        ("CC-BY-SA-3.0", "CC-BY-SA-3.0-IGO", "licence.sharealike-forces"),
        ("CC-BY-SA-3.0-IGO", "CC-BY-SA-4.0", "allowed"),
        ("CC-BY-SA-3.0-IGO", "CC-BY-SA-3.0-IGO", "allowed"),
        ("CC-BY-SA-3.0-IGO", "CC-BY-SA-3.0", "licence.sharealike-forces"),
        ("CC-BY-NC-SA-3.0", "CC-BY-NC-SA-4.0", "allowed"),
        ("CC-BY-NC-SA-2.0-UK", "CC-BY-NC-SA-4.0", "allowed"),
        ("CC-BY-NC-SA-3.0", "CC-BY-SA-4.0", "licence.noncommercial-kept"),
        ("CC-BY-2.0", "CC-BY-SA-4.0", "allowed"),
        ("CC-BY-2.0", "CC-BY-2.0", "allowed"),
        ("CC-BY-2.0", "CC0-1.0", "licence.attribution-kept"),
        ("CC-BY-2.0", "CC-BY-3.0", "licence.change-not-allowed"),
        ("CC-BY-4.0", "CC-BY-3.0", "licence.change-not-allowed"),
        ("CC-BY-3.0-IGO", "CC-BY-4.0", "allowed"),
        ("CC-BY-NC-3.0-DE", "CC-BY-NC-4.0", "allowed"),
        ("CC-BY-NC-3.0-DE", "CC-BY-4.0", "licence.noncommercial-kept"),
        ("CC-PDDC", "MIT", "allowed"),
        ("CC0-1.0", "GPL-3.0-only", "allowed"),
    ])
    func otherCreativeCommonsLicences(material: String, proposed: String, expected: String) {
        let decision = decide(material, proposed: proposed)
        if expected == "allowed" {
            #expect(decision.licence == proposed)
        } else {
            #expect(decision.licence == nil)
            #expect(decision.refusals.map(\.code) == [expected])
        }
    }

    // MARK: Choosing for the teacher

    @Test(arguments: [
        ("CC-BY-4.0", [String: String](), "CC-BY-4.0"),
        ("CC-BY-NC-4.0", [:], "CC-BY-NC-4.0"),
        ("CC0-1.0", [:], "CC0-1.0"),
        ("CC-BY-4.0", ["media/photo.jpg": "CC-BY-SA-2.0"], "CC-BY-SA-4.0"),
        ("CC-BY-4.0", ["media/photo.jpg": "CC-BY-NC-2.0"], "CC-BY-NC-SA-4.0"),
        ("MIT OR CC-BY-4.0", [:], "MIT"),
        ("CC-BY-SA-4.0 OR CC-BY-NC-4.0", ["a.png": "CC-BY-NC-2.0"], "CC-BY-NC-4.0"),
        ("CC-PDM-1.0", [:], "CC-BY-SA-4.0"),
    ])
    func chosenLicence(resource: String, files: [String: String], expected: String) {
        #expect(decide(resource, files: files).licence == expected)
    }

    // MARK: What cannot be read

    @Test func unreadableLicencesAreRefused() {
        let resource = decide("CC BY 4.0")
        #expect(resource.refusals.map(\.code) == ["licence.invalid-expression"])
        #expect(resource.refusals[0].message.en.contains("Did you mean \"CC-BY-4.0\"?"))

        let upstream = UpstreamLicence(id: "01JD3M6Z8Q7T2V4X5Y6Z7A8B9F", title: "Vulkaner", licence: "")
        let several = decide("CC-BY-4.0", files: ["a.png": "MIT and CC0-1.0"], upstream: [upstream])
        #expect(several.refusals.map(\.subject) == [.file("a.png"), .upstream(upstream.id)])
        #expect(several.refusals.allSatisfy { $0.code == "licence.invalid-expression" })
    }

    @Test(arguments: [
        ("CC-BY-SA", "licence.invalid-expression"),
        ("", "licence.invalid-expression"),
        ("MIT OR CC0-1.0", "licence.proposal-not-single"),
        ("CC-BY-SA-4.0+", "licence.proposal-not-single"),
        ("CC-PDM-1.0", "licence.proposal-not-a-licence"),
    ])
    func proposalMustBeOneLicence(proposed: String, code: String) {
        let decision = decide("CC-BY-4.0", proposed: proposed)
        #expect(decision.licence == nil)
        #expect(decision.refusals.map(\.code) == [code])
        #expect(decision.refusals[0].subject == .proposedLicence)
        #expect(decision.refusals[0].message.en.hasSuffix("Possible licences for this adaptation: CC-BY-4.0, CC-BY-SA-4.0, CC-BY-NC-SA-4.0, CC-BY-NC-4.0, CC-BY-ND-4.0, CC-BY-NC-ND-4.0."))
    }

    @Test func requestFromAManifest() throws {
        let json = """
            {"manifest": 1, "id": "01JD3M6Z8Q7T2V4X5Y6Z7A8B9G", "title": {"nb": "Brøk"}, "language": ["nb"], "kind": "teacher",
             "licence": "CC-BY-NC-SA-4.0",
             "derivedFrom": [{"id": "\(pizza.id)", "licence": "CC-BY-NC-4.0", "title": {"en": "Fractions with pizza", "nb": "Brøk med pizza"}}],
             "files": {"media/a.png": {"licence": "CC-BY-2.0"}, "captions.vtt": {"attribution": "Kari"}}}
            """
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(json.utf8))
        let request = AdaptationRequest(manifest: manifest, proposedLicence: "CC-BY-NC-SA-4.0", languages: ["nb"])
        #expect(request == AdaptationRequest(resourceLicence: "CC-BY-NC-SA-4.0", fileLicences: ["media/a.png": "CC-BY-2.0"],
                                             upstreamLicences: [pizza], proposedLicence: "CC-BY-NC-SA-4.0"))
        #expect(AdaptationLicensing.decide(request).licence == "CC-BY-NC-SA-4.0")
    }
}
