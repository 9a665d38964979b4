import AllmenningCore
import Foundation

/// What the Creative Commons charts say about putting material under one licence into an
/// adaptation that carries another.
enum CombinationVerdict: Equatable {
    case fine
    /// Allmenning cannot judge it (a licence outside Creative Commons); said as information.
    case unchecked(LocalizedText)
    /// Technically permitted, not recommended (a yellow cell of the chart).
    case notRecommended(LocalizedText)
    /// Not allowed (a dark grey cell, or material the remix chart says cannot be combined).
    case forbidden(LocalizedText)

    var badness: Int {
        switch self {
        case .fine: 0
        case .unchecked: 1
        case .notRecommended: 2
        case .forbidden: 3
        }
    }
}

/// The licence elements of the seven licences of the official charts.
struct ChartLicence: Equatable {
    let id: String
    let nonCommercial: Bool
    let noDerivatives: Bool
    let shareAlike: Bool
    let isCC0: Bool

    init?(_ id: String) {
        guard CreativeCommonsCompatibility.tableLicences.contains(id) else { return nil }
        self.id = id
        nonCommercial = id.contains("-NC")
        noDerivatives = id.contains("-ND")
        shareAlike = id.contains("-SA")
        isCC0 = id == "CC0-1.0"
    }
}

/// Judges licence pairs with the official charts, as carried in Schemas/cc-compatibility.json:
///
/// - The remix chart (`remix[a][b]`): can material under a and material under b be combined
///   into one adaptation, and which adapter's licences are recommended for the result. It is
///   derived here from the adapter's-licence chart exactly as the facts sheet derives it (the
///   licences green for both; combinable when there is one), and a test checks that derivation
///   against the sheet's `remix` table for all 49 pairs.
/// - The adapter's-licence chart (`adaptation[material][adapter]`): green fine, yellow
///   technically permitted but not recommended, dark grey not allowed.
/// - Pairs outside the seven 4.0/CC0 licences (older versions, ports, ShareAlike-compatible
///   licences): Allmenning's licence gate (`AdaptationLicensing`), whose refusals for a dropped
///   NonCommercial or attribution correspond to the chart's yellow cells. Licences outside
///   Creative Commons cannot be judged and give `unchecked`.
enum LicenceCombination {
    /// The licences green for both `a` and `b`, in the chart's order (the facts sheet's
    /// `adapterLicencesRecommended`).
    static func recommendedAdapterLicences(_ a: String, _ b: String) -> [String] {
        CreativeCommonsCompatibility.tableLicences.filter { candidate in
            CreativeCommonsCompatibility.cell(material: a, proposed: candidate)?.chart == .green
                && CreativeCommonsCompatibility.cell(material: b, proposed: candidate)?.chart == .green
        }
    }

    /// The facts sheet's `remix[a][b].combinable`; nil outside the chart.
    static func combinable(_ a: String, _ b: String) -> Bool? {
        guard ChartLicence(a) != nil, ChartLicence(b) != nil else { return nil }
        return !recommendedAdapterLicences(a, b).isEmpty
    }

    /// Material under `material` (a file's licence) combined into an adaptation licensed
    /// `resource`. The remix chart first (unless the resource's licence is NoDerivatives: then it
    /// is only the adapter's choice for the whole, not material that refuses adaptation), then
    /// whether the chart allows `resource` as the adapter's licence for the material.
    static func remix(material: String, resource: String) -> CombinationVerdict {
        evaluate(material, resource) { materialID, resourceID in
            if let chartMaterial = ChartLicence(materialID), let chartResource = ChartLicence(resourceID),
               !chartResource.noDerivatives, combinable(materialID, resourceID) == false {
                return .forbidden(Explanation.notCombinable(chartMaterial, chartResource,
                                                            alternatives: alternatives(for: materialID)))
            }
            return pair(material: materialID, adapter: resourceID, remix: true)
        }
    }

    /// Material under `material` (a `derivedFrom` source's licence) adapted into a resource
    /// licensed `adapter`: the adapter's-licence chart.
    static func adaptation(material: String, adapter: String) -> CombinationVerdict {
        evaluate(material, adapter) { pair(material: $0, adapter: $1, remix: false) }
    }

    /// Licences that every part of `material` allows as the adapter's licence (green).
    private static func alternatives(for material: String) -> [String] {
        CreativeCommonsCompatibility.tableLicences.filter { CreativeCommonsCompatibility.cell(material: material, proposed: $0)?.chart == .green }
    }

    /// Walks both expressions: for the material, AND means every part must fit (the worst
    /// verdict counts) and OR lets the adapter follow the best alternative; for the resource's
    /// licence the same.
    private static func evaluate(_ material: String, _ adapter: String,
                                 _ judge: (String, String) -> CombinationVerdict) -> CombinationVerdict {
        guard let materialExpression = try? LicenceExpression.parse(material),
              let adapterExpression = try? LicenceExpression.parse(adapter) else { return .fine }
        func overAdapter(_ materialID: String, _ expression: LicenceExpression) -> CombinationVerdict {
            switch expression {
            case let .licence(id, orLater): judge(materialID, id + (orLater ? "+" : ""))
            case let .reference(name): judge(materialID, name)
            case let .and(left, right): worst(overAdapter(materialID, left), overAdapter(materialID, right))
            case let .or(left, right): best(overAdapter(materialID, left), overAdapter(materialID, right))
            }
        }
        func overMaterial(_ expression: LicenceExpression) -> CombinationVerdict {
            switch expression {
            case let .licence(id, orLater): overAdapter(id + (orLater ? "+" : ""), adapterExpression)
            case let .reference(name): overAdapter(name, adapterExpression)
            case let .and(left, right): worst(overMaterial(left), overMaterial(right))
            case let .or(left, right): best(overMaterial(left), overMaterial(right))
            }
        }
        return overMaterial(materialExpression)
    }

    private static func worst(_ a: CombinationVerdict, _ b: CombinationVerdict) -> CombinationVerdict { b.badness > a.badness ? b : a }
    private static func best(_ a: CombinationVerdict, _ b: CombinationVerdict) -> CombinationVerdict { b.badness < a.badness ? b : a }

    static func isCreativeCommons(_ id: String) -> Bool {
        id.hasPrefix("CC-") || id.hasPrefix("CC0-")
    }

    static func isPublicDomain(_ id: String) -> Bool {
        ["CC0-1.0", "CC-PDDC", "CC-PDM-1.0"].contains(id)
    }

    /// One licence against one licence.
    private static func pair(material: String, adapter: String, remix: Bool) -> CombinationVerdict {
        // NoDerivatives material is never adapted, not even into an adaptation under the same licence.
        if isPublicDomain(material) || material == adapter && !material.contains("-ND") { return .fine }
        if let chartMaterial = ChartLicence(material), let chartAdapter = ChartLicence(adapter),
           let cell = CreativeCommonsCompatibility.cell(material: material, proposed: adapter) {
            let others = alternatives(for: material)
            switch cell.chart {
            case .green:
                return .fine
            case .yellow:
                return .notRecommended(Explanation.yellow(chartMaterial, chartAdapter, reason: cell.reason, alternatives: others))
            case .darkGray:
                return .forbidden(Explanation.darkGray(chartMaterial, chartAdapter, reason: cell.reason, alternatives: others))
            }
        }
        return gate(material: material, adapter: adapter)
    }

    private static let gateCache = GateCache()

    /// Pairs outside the chart, by Allmenning's licence gate.
    private static func gate(material: String, adapter: String) -> CombinationVerdict {
        if let cached = gateCache.value(material, adapter) { return cached }
        let verdict: CombinationVerdict
        let decision = AdaptationLicensing.decide(AdaptationRequest(resourceLicence: material, proposedLicence: adapter))
        if decision.isAllowed {
            verdict = .fine
        } else if !isCreativeCommons(material) || !isCreativeCommons(adapter) {
            verdict = .unchecked(Explanation.unchecked(material, adapter))
        } else {
            let codes = Set(decision.refusals.map(\.code))
            let message = decision.refusals.first.map(\.message) ?? LocalizedText(nb: "", en: "")
            if codes.isSubset(of: [AdaptationProblem.Code.nonCommercial, AdaptationProblem.Code.attribution]) {
                verdict = .notRecommended(Explanation.permittedNotRecommended(material, adapter).appending(message))
            } else {
                verdict = .forbidden(message)
            }
        }
        gateCache.store(verdict, material, adapter)
        return verdict
    }

    private final class GateCache: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [String: CombinationVerdict] = [:]

        func value(_ a: String, _ b: String) -> CombinationVerdict? {
            lock.lock(); defer { lock.unlock() }
            return values[a + "\u{0}" + b]
        }

        func store(_ verdict: CombinationVerdict, _ a: String, _ b: String) {
            lock.lock(); defer { lock.unlock() }
            if values.count < 10_000 { values[a + "\u{0}" + b] = verdict }
        }
    }
}

/// The why of each verdict, for a teacher, in bokmål and English (the chart's own reason, in
/// English, is added to the English text).
enum Explanation {
    static func list(_ ids: [String], _ word: String) -> String {
        switch ids.count {
        case 0: ""
        case 1: ids[0]
        default: ids.dropLast().joined(separator: ", ") + " \(word) " + ids[ids.count - 1]
        }
    }

    static func choose(_ alternatives: [String]) -> LocalizedText {
        let useful = alternatives.filter { !$0.contains("-ND") }
        guard !useful.isEmpty else { return LocalizedText(nb: "", en: "") }
        return LocalizedText(nb: "Lisenser som passer: \(list(useful, "eller")).", en: "Licences that fit: \(list(useful, "or")).")
    }

    static func notCombinable(_ material: ChartLicence, _ resource: ChartLicence, alternatives: [String]) -> LocalizedText {
        if material.noDerivatives {
            return LocalizedText(
                nb: "\(material.id) har IngenBearbeidelse (ND): materialet kan ikke bearbeides og deles, så det kan ikke settes sammen med annet innhold i en bearbeiding. Lenk til originalen i stedet, eller bruk materiale med en annen lisens.",
                en: "\(material.id) has NoDerivatives (ND): the material may not be adapted and shared, so it cannot be combined with other content in an adaptation. Link to the original instead, or use material under another licence.")
        }
        var why = LocalizedText(nb: "", en: "")
        if material.shareAlike && resource.nonCommercial != material.nonCommercial || resource.shareAlike && material.nonCommercial != resource.nonCommercial {
            why = LocalizedText(nb: "DelPåSammeVilkår (SA) krever at bearbeidingen deles med samme lisens, og den lisensen kan ikke samtidig beholde eller fjerne IkkeKommersiell (NC) slik den andre krever.",
                                en: "ShareAlike (SA) requires the adaptation to be shared under the same licence, and that licence cannot keep or drop NonCommercial (NC) as the other one requires.")
        }
        return LocalizedText(
            nb: "Creative Commons' tabell over sammensetting sier at materiale under \(material.id) og materiale under \(resource.id) ikke kan settes sammen i én bearbeiding: ingen lisens oppfyller vilkårene i begge.",
            en: "Creative Commons' remix chart says that material under \(material.id) and material under \(resource.id) cannot be combined into one adaptation: no licence meets the conditions of both.")
            .appending(why)
            .appending(LocalizedText(nb: "Bytt ut fila, eller be rettighetshaveren om en annen lisens.", en: "Replace the file, or ask the rights holder for another licence."))
    }

    static func yellow(_ material: ChartLicence, _ adapter: ChartLicence, reason: String, alternatives: [String]) -> LocalizedText {
        let text: LocalizedText
        if material.nonCommercial && !adapter.nonCommercial {
            text = LocalizedText(
                nb: "Teknisk tillatt, men ikke anbefalt: \(adapter.id) fjerner IkkeKommersiell (NC) bare for din egen del. Materialet under \(material.id) er fortsatt ikke-kommersielt, så ressursen som helhet kan ikke brukes kommersielt selv om lisensen \(adapter.id) ser ut til å tillate det.",
                en: "Technically permitted, but not recommended: \(adapter.id) drops NonCommercial (NC) for your own part only. The material under \(material.id) stays NonCommercial, so the resource as a whole cannot be used commercially even though the licence \(adapter.id) seems to allow it.")
        } else if adapter.isCC0 {
            text = LocalizedText(
                nb: "Teknisk tillatt, men ikke anbefalt: CC0 gjelder bare din egen del. Materialet under \(material.id) krever fortsatt navngivelse, så ressursen kan ikke brukes som om den var uten vilkår.",
                en: "Technically permitted, but not recommended: CC0 covers your own part only. The material under \(material.id) still requires attribution, so the resource cannot be used as if it had no conditions.")
        } else {
            text = LocalizedText(nb: "Teknisk tillatt, men ikke anbefalt av Creative Commons.", en: "Technically permitted, but not recommended by Creative Commons.")
        }
        return text.appending(choose(alternatives)).appending(LocalizedText(nb: "", en: "(Creative Commons: \(reason))"))
    }

    static func darkGray(_ material: ChartLicence, _ adapter: ChartLicence, reason: String, alternatives: [String]) -> LocalizedText {
        let text: LocalizedText
        if material.noDerivatives {
            return notCombinable(material, adapter, alternatives: alternatives)
        } else if material.shareAlike {
            text = LocalizedText(
                nb: "\(material.id) har DelPåSammeVilkår (SA): en bearbeiding må deles med \(material.id) (eller en nyere versjon), ikke med \(adapter.id).",
                en: "\(material.id) has ShareAlike (SA): an adaptation must be shared under \(material.id) (or a later version), not under \(adapter.id).")
        } else {
            text = LocalizedText(nb: "Creative Commons tillater ikke \(adapter.id) for en bearbeiding av materiale under \(material.id).",
                                 en: "Creative Commons does not allow \(adapter.id) for an adaptation of material under \(material.id).")
        }
        return text.appending(choose(alternatives)).appending(LocalizedText(nb: "", en: "(Creative Commons: \(reason))"))
    }

    static func permittedNotRecommended(_ material: String, _ adapter: String) -> LocalizedText {
        LocalizedText(nb: "Teknisk tillatt, men ikke anbefalt: \(adapter) gjelder bare din egen del, og vilkårene i \(material) gjelder fortsatt for originalmaterialet.",
                      en: "Technically permitted, but not recommended: \(adapter) covers your own part only, and the conditions of \(material) still apply to the original material.")
    }

    static func unchecked(_ material: String, _ adapter: String) -> LocalizedText {
        LocalizedText(nb: "Allmenning kan ikke vurdere om materiale under \(material) kan inngå i en bearbeiding med lisensen \(adapter); bare Creative Commons-lisenser vurderes. Les vilkårene i \(material) selv.",
                      en: "Allmenning cannot judge whether material under \(material) may be part of an adaptation licensed \(adapter); only Creative Commons licences are judged. Read the terms of \(material) yourself.")
    }
}
