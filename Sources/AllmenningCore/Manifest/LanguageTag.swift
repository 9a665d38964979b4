import Foundation

/// BCP 47 language tags as the manifest accepts them: a known primary language, then an
/// optional script, region and variants, in canonical case (nb, nb-NO, sr-Latn, se).
public enum LanguageTag {
    /// ISO 639-1 two-letter codes, the ISO 639-3 codes of the Nordic minority and Sami
    /// languages (which have no two-letter code), and BCP 47's special codes mul, und, zxx.
    public static let primaryLanguages: Set<String> = Set("""
        aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy
        da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz
        ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo
        lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps
        pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn
        to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
        sma smj smn sms sju sje fkv fit rmu rmf
        mul und zxx
        """.split(whereSeparator: \.isWhitespace).map(String.init))

    public enum Problem: Equatable, Sendable {
        case malformed
        case unknownLanguage(String)
        /// Well formed and known, but not in canonical case: nb-no → nb-NO.
        case notCanonical(canonical: String)
    }

    public static func check(_ tag: String) -> Problem? {
        let subtags = tag.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let primary = subtags.first, isASCIIAlphanumeric(tag.replacingOccurrences(of: "-", with: "")) else {
            return .malformed
        }
        guard (2...3).contains(primary.count), primary.allSatisfy(\.isLetter) else { return .malformed }

        var canonical = [primary.lowercased()]
        var index = 1
        if index < subtags.count, subtags[index].count == 4, subtags[index].allSatisfy(\.isLetter) {
            canonical.append(subtags[index].prefix(1).uppercased() + subtags[index].dropFirst().lowercased())
            index += 1
        }
        if index < subtags.count, isRegion(subtags[index]) {
            canonical.append(subtags[index].uppercased())
            index += 1
        }
        while index < subtags.count {
            let variant = subtags[index]
            let isVariant = (5...8).contains(variant.count) || (variant.count == 4 && variant.first!.isNumber)
            guard isVariant else { return .malformed }
            canonical.append(variant.lowercased())
            index += 1
        }
        guard primaryLanguages.contains(primary.lowercased()) else { return .unknownLanguage(primary) }
        let canonicalTag = canonical.joined(separator: "-")
        return canonicalTag == tag ? nil : .notCanonical(canonical: canonicalTag)
    }

    // MARK: The IANA registry

    /// Every primary language subtag of the IANA Language Subtag Registry (records of
    /// `Type: language`, deprecated ones included), in lower case. The manifest accepts a
    /// curated part of it (`primaryLanguages`); the accessibility checks of `lang` accept all.
    public static let registeredLanguages: Set<String> = Set(registeredLanguageList.split(whereSeparator: \.isWhitespace).map(String.init))

    /// `subtag` is a primary language subtag of the registry, compared without regard to case.
    public static func isRegisteredLanguage(_ subtag: String) -> Bool {
        let subtag = subtag.lowercased()
        if registeredLanguages.contains(subtag) { return true }
        return registeredLanguageRanges.contains { subtag.count == $0.first.count && subtag.allSatisfy(\.isLetter) && ($0.first...$0.last).contains(subtag) }
    }

    /// The primary language of a `lang` value read as browsers and assistive technology read it
    /// (and as W3C ACT's "known primary language tag" defines it): subtags of ASCII letters and
    /// digits separated by hyphens, the first naming a language of the registry, whatever the
    /// rest says ("de-hello" is German). nil for values that name none: "eng" (ISO 639-2, not a
    /// registered subtag), grandfathered tags such as "i-lux", "#!", "".
    public static func knownPrimaryLanguage(of value: String) -> String? {
        guard value.unicodeScalars.allSatisfy({ $0.isASCII && ($0 == "-" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }),
              let primary = value.split(separator: "-", omittingEmptySubsequences: false).first, !primary.isEmpty,
              isRegisteredLanguage(String(primary)) else { return nil }
        return primary.lowercased()
    }

    private static func isRegion(_ subtag: String) -> Bool {
        (subtag.count == 2 && subtag.allSatisfy(\.isLetter)) || (subtag.count == 3 && subtag.allSatisfy(\.isNumber))
    }

    private static func isASCIIAlphanumeric(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }
}
