import Foundation

/// Which licence an adapter may put on an adaptation of Creative Commons material, as Creative
/// Commons states it: the adapter's-licence chart for the seven 4.0/CC0 licences and the rulings
/// for other pairs (later ShareAlike versions, the BY-SA Compatible Licences). The data is
/// generated from Schemas/cc-compatibility.json (see CreativeCommonsCompatibility+Data.swift for
/// its sources and credit); `AdaptationLicensing` applies it.
public enum CreativeCommonsCompatibility {
    public enum Verdict: String, Sendable, Equatable {
        case allowed
        case forbidden
        /// The sources consulted did not settle it; Allmenning treats it as not allowed.
        case unverified
    }

    /// The colour of a cell in the official chart: green = allowed and recommended, yellow =
    /// technically permitted but not recommended, dark grey = not allowed.
    public enum ChartColour: String, Sendable, Equatable {
        case green
        case yellow
        case darkGray
    }

    /// One cell of the adapter's-licence chart.
    public struct AdaptationCell: Sendable, Equatable {
        public let verdict: Verdict
        public let recommended: Bool
        public let chart: ChartColour
        /// Why, in English, as the facts sheet puts it.
        public let reason: String
    }

    /// A ruling for a pair of licences outside the chart.
    public struct OtherRuling: Sendable, Equatable {
        public let material: String
        public let proposed: String
        public let verdict: Verdict
        public let reason: String
    }

    /// The chart's cell for adapting material under `material` with the adapter's licence
    /// `proposed`; nil unless both are among `tableLicences`.
    public static func cell(material: String, proposed: String) -> AdaptationCell? {
        adaptationTable[material]?[proposed]
    }

    /// The ruling for a pair outside the chart, if the facts sheet has one.
    public static func ruling(material: String, proposed: String) -> OtherRuling? {
        otherRulings.first { $0.material == material && $0.proposed == proposed }
    }
}

/// What an SPDX id of the Creative Commons family says, read from the id itself:
/// `CC-BY-NC-SA-2.0-DE` is Attribution, NonCommercial, ShareAlike, version 2.0, German port.
struct CreativeCommonsLicence: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// CC0: the rights holder gives up every right.
        case publicDomainDedication
        /// The Public Domain Mark and the Public Domain Dedication and Certification: they
        /// mark works that are already free of copyright, and carry no conditions.
        case publicDomainMark
        case licence
    }

    let id: String
    let kind: Kind
    let attribution: Bool
    let nonCommercial: Bool
    let noDerivatives: Bool
    let shareAlike: Bool
    /// [4, 0] for 4.0; empty for the public domain tools without a version.
    let version: [Int]
    /// The jurisdiction port ("DE", "UK", …) or "IGO"; nil for the international (unported) licence.
    let port: String?

    init?(id: String) {
        self.id = id
        switch id {
        case "CC0-1.0":
            (kind, attribution, nonCommercial, noDerivatives, shareAlike, version, port) = (.publicDomainDedication, false, false, false, false, [1, 0], nil)
            return
        case "CC-PDDC", "CC-PDM-1.0":
            (kind, attribution, nonCommercial, noDerivatives, shareAlike, version, port) = (.publicDomainMark, false, false, false, false, [], nil)
            return
        default:
            break
        }
        let parts = id.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, parts[0] == "CC",
              let versionIndex = parts.firstIndex(where: { $0.contains(".") }), versionIndex >= 2 else { return nil }
        let elements = Set(parts[1..<versionIndex])
        guard elements.isSubset(of: ["BY", "NC", "ND", "SA"]), elements.count == versionIndex - 1,
              !(elements.contains("ND") && elements.contains("SA")) else { return nil }
        let numbers = parts[versionIndex].split(separator: ".").compactMap { Int($0) }
        guard numbers.count == 2 else { return nil }
        let rest = parts[(versionIndex + 1)...]
        guard rest.count <= 1 else { return nil }
        kind = .licence
        attribution = elements.contains("BY")
        nonCommercial = elements.contains("NC")
        noDerivatives = elements.contains("ND")
        shareAlike = elements.contains("SA")
        version = numbers
        port = rest.first
    }

    var isPublicDomain: Bool { kind != .licence }
    var isIGO: Bool { port == "IGO" }

    /// The licence elements as CC writes them in ids: "BY-NC-SA".
    var elements: String {
        [(attribution, "BY"), (nonCommercial, "NC"), (noDerivatives, "ND"), (shareAlike, "SA")]
            .filter(\.0).map(\.1).joined(separator: "-")
    }

    func hasSameElements(as other: CreativeCommonsLicence) -> Bool {
        kind == other.kind && attribution == other.attribution && nonCommercial == other.nonCommercial
            && noDerivatives == other.noDerivatives && shareAlike == other.shareAlike
    }

    func isLaterVersion(than other: CreativeCommonsLicence) -> Bool { other.version.lexicographicallyPrecedes(version) }
    func isSameOrLaterVersion(than other: CreativeCommonsLicence) -> Bool { !version.lexicographicallyPrecedes(other.version) }

    /// The international 4.0 licence with the same elements (CC-BY-NC-4.0 for CC-BY-NC-3.0-DE),
    /// when the chart has one.
    var fourPointZeroEquivalent: String? {
        guard kind == .licence, attribution else { return nil }
        let id = "CC-\(elements)-4.0"
        return CreativeCommonsCompatibility.tableLicences.contains(id) ? id : nil
    }

    /// Every Creative Commons id on the SPDX list that is not deprecated, in the list's order.
    static let allIDs: [String] = SPDXLicenceList.entries
        .filter { !$0.isDeprecated && CreativeCommonsLicence(id: $0.id) != nil }
        .map(\.id)

    /// The international licences with the same elements and a later version (CC-BY-SA-4.0 for
    /// CC-BY-SA-3.0), for material offered under "this version or later" (`CC-BY-SA-3.0+`).
    var laterInternationalVersions: [String] {
        Self.allIDs.compactMap { CreativeCommonsLicence(id: $0) }
            .filter { $0.port == nil && $0.hasSameElements(as: self) && $0.isLaterVersion(than: self) }
            .map(\.id)
    }
}
