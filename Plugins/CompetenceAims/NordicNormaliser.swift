/// Turns text into comparable word forms before stemming.
///
/// **Folding.** Lowercase; then every letter loses its accents (é→e, ü→u, ç→c, ñ→n) except
/// that the Nordic vowels are kept apart from their look-alikes:
///
/// - å, æ and ø stay as they are. Folding them to a/ae/o would merge words a Norwegian reader
///   keeps apart (får/far, før/for, lære/lare, også/ogsa), and "for" is a stop word while
///   "før" is not.
/// - ä becomes æ and ö becomes ø. They are the same vowels in Swedish (and in older Danish
///   and in German loans) as æ and ø in Norwegian and Danish: Swedish *växt*, *lära*, *öva*,
///   *mönster* meet Norwegian *vekst*, *lære*, *øve*, *mønster* only this way.
/// - "aa" is *not* turned into å: modern Danish and Norwegian write å, and the pair occurs
///   across word parts in compounds (*sjøaure*, *pizzaautomat*).
/// - ß → ss; ð → d; þ → th; œ → ø (rare, but it keeps the folding total).
///
/// **Scandinavian spelling bridge** (`bridge`), applied to nb, nn, sv and da text alike — the
/// aims as well as the queries — so that the same loan or shared word is spelt one way:
/// -tion → -sjon (sv/da *information* ↔ nb *informasjon*), ck → kk (*socker* ↔ *sukker*),
/// ph → f, c → s before a front vowel (e i y æ ø) and k elsewhere (*procent* ↔ *prosent*,
/// *kod* ↔ *cod*), x → ks (*text* ↔ *tekst*), z → s, w → v, q → k; then three sound
/// correspondences between the written standards: ei → e (nynorsk *eigen*, *leik*, *stein*
/// meet bokmål *egen*, *lek* and Swedish/Danish *sten*), øy → ø (*høyre* ↔ *høre*, Swedish
/// *höra*) and double consonants undoubled (bokmål *sammen*, *tall* ↔ nynorsk *saman*, *tal*;
/// Swedish *vinna* ↔ *vinne*). The bridge works on index terms (stems) only, after stop words
/// are removed, so it never makes a stop word of a content word. English text is not bridged.
public enum NordicNormaliser {
    /// Lowercase and fold as described above. Characters that are neither letters nor digits
    /// are kept for the tokeniser to split on.
    public static func fold<S: StringProtocol>(_ text: S) -> String {
        var output = String.UnicodeScalarView()
        output.reserveCapacity(text.utf8.count)
        // Canonical decomposition separates base letters from combining marks (å = a + ring,
        // ä = a + diaeresis); æ and ø have no decomposition and pass through.
        let decomposed = String(text).lowercased().decomposedStringWithCanonicalMapping
        for scalar in decomposed.unicodeScalars {
            switch scalar.value {
            case 0x030A: // combining ring above: a + ring = å
                if output.last == "a" { output.removeLast(); output.append("å") }
            case 0x0308: // combining diaeresis: ä → æ, ö → ø, others lose it
                if output.last == "a" { output.removeLast(); output.append("æ") }
                else if output.last == "o" { output.removeLast(); output.append("ø") }
            case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F:
                continue // other combining marks: drop
            case 0x00DF: output.append("s"); output.append("s")            // ß
            case 0x00F0: output.append("d")                                // ð
            case 0x00FE: output.append("t"); output.append("h")            // þ
            case 0x0153: output.append("ø")                                // œ
            case 0x0131: output.append("i")                                // dotless i
            case 0x2019, 0x02BC: output.append("'")                        // typographic apostrophes
            default: output.append(scalar)
            }
        }
        return String(output)
    }

    /// The sound correspondences `bridge` can apply; `standard` is what the engine uses.
    public struct SoundRules: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// ei → e: nynorsk *eigen*, *stein* ↔ bokmål *egen*, Swedish and Danish *sten*.
        public static let diphthongEi = SoundRules(rawValue: 1)
        /// øy → ø: *høyre* ↔ *høre*, Swedish *höra*.
        public static let diphthongOey = SoundRules(rawValue: 2)
        /// au → ø (*laus* ↔ *løs*). Tried, gained nothing: not standard.
        public static let diphthongAu = SoundRules(rawValue: 4)
        /// Word-initial hv → v (*hvit* ↔ Swedish *vit*). Tried, gained nothing: not standard.
        public static let initialHv = SoundRules(rawValue: 8)
        /// Double consonants undoubled: *sammen* ↔ *saman*, *tall* ↔ *tal*.
        public static let undouble = SoundRules(rawValue: 16)
        /// æ → e (Swedish *hälsa* ↔ *helse*). Tried, gained nothing, and blurs æ: not standard.
        public static let aeToE = SoundRules(rawValue: 32)

        public static let standard: SoundRules = [.diphthongEi, .diphthongOey, .undouble]
        public static let all: SoundRules = [.diphthongEi, .diphthongOey, .diphthongAu, .initialHv, .undouble, .aeToE]
    }

    /// The Scandinavian spelling bridge for one folded, stemmed word.
    public static func bridge(_ word: String, sounds rules: SoundRules = .standard) -> String {
        sounds(spelling(word), rules: rules)
    }

    static func sounds(_ word: String, rules: SoundRules) -> String {
        var letters = Array(word)
        if rules.contains(.initialHv), letters.count > 3, letters[0] == "h", letters[1] == "v" { letters.removeFirst() }
        var result: [Character] = []
        result.reserveCapacity(letters.count)
        var index = 0
        while index < letters.count {
            let letter = letters[index]
            let next: Character? = index + 1 < letters.count ? letters[index + 1] : nil
            if rules.contains(.diphthongEi), letter == "e", next == "i" {
                result.append("e"); index += 2; continue
            }
            if rules.contains(.diphthongOey), letter == "ø", next == "y" {
                result.append("ø"); index += 2; continue
            }
            if rules.contains(.diphthongAu), letter == "a", next == "u", index > 0 {
                result.append("ø"); index += 2; continue
            }
            if rules.contains(.aeToE), letter == "æ" {
                result.append("e"); index += 1; continue
            }
            if rules.contains(.undouble), let last = result.last, last == letter, !"aeiouyæøå".contains(letter) {
                index += 1; continue
            }
            result.append(letter)
            index += 1
        }
        return String(result)
    }

    static func spelling(_ word: String) -> String {
        guard word.unicodeScalars.contains(where: { "cxzwqpt".unicodeScalars.contains($0) }) else { return word }
        var letters = Array(word)
        var result: [Character] = []
        result.reserveCapacity(letters.count + 2)
        var index = 0
        letters.append(" ")
        while index < letters.count - 1 {
            let letter = letters[index]
            let next = letters[index + 1]
            switch letter {
            case "t" where next == "i" && index + 3 < letters.count && letters[index + 2] == "o" && letters[index + 3] == "n":
                result += ["s", "j", "o", "n"]; index += 4; continue
            case "c" where next == "k":
                result += ["k", "k"]; index += 2; continue
            case "p" where next == "h":
                result.append("f"); index += 2; continue
            case "c":
                result.append("eiyæø".contains(next) ? "s" : "k")
            case "x": result += ["k", "s"]
            case "z": result.append("s")
            case "w": result.append("v")
            case "q": result.append("k")
            default: result.append(letter)
            }
            index += 1
        }
        return String(result)
    }
}

/// Splits folded text into words: runs of letters and digits. Hyphens, apostrophes,
/// punctuation and symbols separate words; a run of digits alone is not a word (years,
/// page numbers and quantities say little about which aim a text fits); one-letter words
/// are dropped.
public enum Tokeniser {
    public static func words(in folded: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var hasLetter = false
        func flush() {
            if current.count >= 2 && hasLetter { words.append(String(current)) }
            current = String.UnicodeScalarView()
            hasLetter = false
        }
        for scalar in folded.unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic {
                current.append(scalar)
                hasLetter = true
            } else if properties.numericType != nil && scalar.value < 0x80 {
                current.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return words
    }
}
