import AllmenningCore
import Foundation

/// The languages of the web interface. Swedish and Danish readers get bokmål, which they read
/// more easily than English; the resources themselves are shown in their own languages.
public enum InterfaceLanguage: String, CaseIterable, Sendable {
    case nb, nn, en

    static let cookieName = "lang"

    /// The reader's language: an explicit `?lang=` first (the switch), then the cookie the switch
    /// set, then Accept-Language by its q-values, else bokmål.
    static func negotiate(explicit: String?, cookie: String?, acceptLanguage: String?) -> InterfaceLanguage {
        if let explicit, let chosen = InterfaceLanguage(rawValue: explicit.lowercased()) { return chosen }
        if let cookie, let chosen = InterfaceLanguage(rawValue: cookie.lowercased()) { return chosen }
        for tag in preferredTags(acceptLanguage ?? "") {
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            switch primary {
            case "nb", "no", "sv", "da": return .nb
            case "nn": return .nn
            case "en": return .en
            default: continue
            }
        }
        return .nb
    }

    /// Accept-Language's tags, most wanted first; q=0 means "not this one".
    static func preferredTags(_ header: String) -> [String] {
        var weighted: [(tag: String, quality: Double, position: Int)] = []
        for (position, part) in header.split(separator: ",").prefix(32).enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { continue }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            if quality > 0 { weighted.append((tag, quality, position)) }
        }
        return weighted.sorted { ($0.quality, -$0.position) > ($1.quality, -$1.position) }.map(\.tag)
    }

    /// The order in which a resource's language map is read for this reader.
    var contentLanguages: [String] {
        switch self {
        case .nb: ["nb", "no", "nn", "da", "sv", "en"]
        case .nn: ["nn", "nb", "no", "sv", "da", "en"]
        case .en: ["en", "nb", "nn", "no", "sv", "da"]
        }
    }

    /// Findings and other messages exist in bokmål and English; nynorsk readers get bokmål.
    var messageLanguage: MessageLanguage { self == .en ? .en : .nb }

    var nameInItself: String {
        switch self {
        case .nb: "Bokmål"
        case .nn: "Nynorsk"
        case .en: "English"
        }
    }
}
