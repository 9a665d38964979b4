import Foundation

public struct SPDXLicence: Sendable, Equatable {
    public let id: String
    public let name: String
    public let isDeprecated: Bool
    public let isOSIApproved: Bool
}

/// The SPDX License List, as shipped in Schemas/spdx-licenses.json (see the generated data file
/// for its version and credit).
public enum SPDXLicenceList {
    private static let byID: [String: SPDXLicence] = Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    private static let byLowercasedID: [String: SPDXLicence] = Dictionary(entries.map { ($0.id.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })

    public static func licence(withID id: String) -> SPDXLicence? { byID[id] }

    /// Ids that someone who wrote `text` probably meant: a case-insensitive match, then ids
    /// that are equal once spaces, dashes and dots are ignored ("CC BY-SA 4.0"), then typos.
    public static func suggestions(for text: String) -> [String] {
        if let exact = byLowercasedID[text.lowercased()] { return [exact.id] }
        let squeezed = squeeze(text)
        let sameLetters = entries.filter { !$0.isDeprecated && squeeze($0.id) == squeezed }.map(\.id)
        if !sameLetters.isEmpty { return sameLetters }
        let current = entries.filter { !$0.isDeprecated }.map(\.id)
        let prefixed = current.filter { squeeze($0).hasPrefix(squeezed) && squeezed.count >= 4 }
        if !prefixed.isEmpty {
            // "CC-BY-SA" without a version: offer the newest versions first.
            return Array(prefixed.sorted { $0.count != $1.count ? $0.count < $1.count : $0 > $1 }.prefix(3))
        }
        return Suggestions.closest(to: text, among: current, normalise: squeeze)
    }

    /// The non-deprecated id that replaces a deprecated one, where SPDX names one by pattern
    /// (GPL-2.0 → GPL-2.0-only, GPL-2.0+ → GPL-2.0-or-later).
    public static func replacement(forDeprecated id: String) -> String? {
        let base = id.hasSuffix("+") ? String(id.dropLast()) : id
        let candidate = id.hasSuffix("+") ? base + "-or-later" : base + "-only"
        return byID[candidate].map(\.id)
    }

    private static func squeeze(_ text: String) -> String {
        String(text.lowercased().filter { $0.isLetter || $0.isNumber })
    }
}
