/// The languages the aim suggester reads. Bokmål and nynorsk are searched against the aims'
/// own Norwegian texts; Swedish and Danish against the same Scandinavian index (they share
/// most content words with Norwegian once spelling is bridged); English against the aims'
/// English texts.
public enum NordicLanguage: String, Sendable, CaseIterable, Codable {
    case bokmål = "nb"
    case nynorsk = "nn"
    case swedish = "sv"
    case danish = "da"
    case english = "en"

    /// From a BCP 47 tag: `nb`, `nn`, `no` (read as bokmål), `sv`, `da`, `en`, with any region
    /// or script subtags (`nb-NO`, `en-GB`). Other languages have no analyser: nil.
    public init?(tag: String) {
        let primary = tag.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        switch primary {
        case "nb", "no", "nob", "nor": self = .bokmål
        case "nn", "nno": self = .nynorsk
        case "sv", "swe": self = .swedish
        case "da", "dan": self = .danish
        case "en", "eng": self = .english
        default: return nil
        }
    }

    /// The index a text in this language is searched against.
    public var isScandinavian: Bool { self != .english }

    /// A guess from the words of a text: the language whose characteristic function words
    /// occur most often. Used where a text's language is not declared (a body in a
    /// resource that lists several languages, free text given to the suggester). Falls back
    /// to bokmål for text with no telling word.
    public static func guess(_ text: String, among candidates: [NordicLanguage] = []) -> NordicLanguage {
        let allowed = candidates.isEmpty ? NordicLanguage.allCases : candidates
        var counts: [NordicLanguage: Int] = [:]
        var seen = 0
        for token in Tokeniser.words(in: NordicNormaliser.fold(text.prefix(20_000))) {
            seen += 1
            for (language, words) in characteristicWords where words.contains(token) {
                counts[language, default: 0] += 1
            }
            if seen > 3_000 { break }
        }
        let order = [NordicLanguage.bokmål, .nynorsk, .swedish, .danish, .english].filter(allowed.contains)
        var best = order.first ?? .bokmål
        var bestCount = 0
        for language in order where counts[language, default: 0] > bestCount {
            best = language
            bestCount = counts[language, default: 0]
        }
        return best
    }

    /// Frequent words that tell the five languages apart (folded: ä→æ, ö→ø). Words the
    /// languages share (og, i, på, det, som) are left out on purpose.
    static let characteristicWords: [NordicLanguage: Set<String>] = [
        .bokmål: ["ikke", "hva", "hvordan", "hvorfor", "jeg", "en", "et", "av", "være", "mye", "noen", "hvis", "dere",
                  "fra", "også", "bare", "elevene", "hver", "meg", "nå", "hvilke", "blir", "eleven", "gjør", "mer"],
        .nynorsk: ["ikkje", "kva", "korleis", "kvifor", "eg", "ein", "eit", "vere", "mykje", "nokre", "nokon", "viss",
                   "dykk", "frå", "òg", "berre", "elevane", "kvar", "meir", "kjem", "dei", "blir", "gjer", "kven", "ho"],
        .swedish: ["och", "inte", "vad", "hur", "varfør", "jag", "ett", "att", "ær", "mycket", "några", "från",
                   "också", "bara", "ska", "eleverna", "varje", "mig", "nu", "hær", "blir", "gør", "sig", "ej"],
        .danish: ["ikke", "hvad", "hvordan", "hvorfor", "jeg", "en", "et", "af", "være", "meget", "nogle", "hvis",
                  "fra", "også", "kun", "eleverne", "hver", "mig", "nu", "blev", "bliver", "gør", "hvilke", "mere"],
        .english: ["the", "and", "of", "to", "is", "are", "what", "how", "why", "you", "with", "for", "this", "that",
                   "from", "pupils", "students", "they", "their", "will", "be", "it", "an", "on"],
    ]
}
