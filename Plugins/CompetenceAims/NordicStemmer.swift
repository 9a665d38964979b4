/// Light suffix-stripping stemmers, one per language, written for this engine in the manner
/// of the Snowball stemmers (a region R1 that suffixes must lie in; longest matching suffix
/// first; a few clean-up steps), not copied from them. They work on folded words (ä→æ,
/// ö→ø) before the Scandinavian spelling bridge.
///
/// The aim is conflation across the forms teachers and curricula write — *brøk, brøken,
/// brøker, brøkene*; *utforske, utforsker, utforsking*; *fractions, fraction* — and across the
/// Scandinavian languages where the endings differ but the stems agree: bokmål *regler*,
/// nynorsk *reglar*, Swedish *regler*, Danish *reglerne* all give *regl*. Over-stemming is
/// kept in check by R1 (at least three letters stay) and by leaving derivational endings
/// alone except a few that carry no meaning for retrieval (-lig, -ig, -else, -ing).
public enum NordicStemmer {
    public static func stem(_ word: String, language: NordicLanguage) -> String {
        let letters = Array(word)
        guard letters.count > 3 else { return word }
        switch language {
        case .bokmål, .nynorsk: return String(norwegian(letters))
        case .swedish: return String(swedish(letters))
        case .danish: return String(danish(letters))
        case .english: return String(english(letters))
        }
    }

    // MARK: Regions and suffix tables

    static let scandinavianVowels: Set<Character> = ["a", "e", "i", "o", "u", "y", "æ", "ø", "å"]

    /// R1: after the first non-vowel that follows a vowel, but at least three letters in.
    static func r1(_ word: [Character], vowels: Set<Character>) -> Int {
        var index = 1
        while index < word.count {
            if !vowels.contains(word[index]) && vowels.contains(word[index - 1]) { return max(index + 1, 3) }
            index += 1
        }
        return word.count
    }

    /// The longest suffix of `suffixes` that `word` ends with inside R1.
    static func longestSuffix(_ word: [Character], in suffixes: [[Character]], from start: Int) -> [Character]? {
        for suffix in suffixes where suffix.count <= word.count - start {
            if word.suffix(suffix.count).elementsEqual(suffix) { return suffix }
        }
        return nil
    }

    static func table(_ list: [String]) -> [[Character]] {
        list.map(Array.init).sorted { $0.count > $1.count }
    }

    static func endsWith(_ word: [Character], _ suffix: String) -> Bool {
        let suffix = Array(suffix)
        return word.count >= suffix.count && word.suffix(suffix.count).elementsEqual(suffix)
    }

    // MARK: Norwegian (bokmål and nynorsk together)

    /// Noun, verb and adjective endings of both written standards: bokmål -ene, -ers, -ede;
    /// nynorsk -ar, -ane, -ast, -ande; definite forms -en/-et/-a and their plurals; the
    /// verbal noun -ing (nynorsk -inga, -ingar) so that *utforsking* meets *utforske*.
    static let norwegianStep1 = table([
        "hetenes", "hetene", "hetens", "heten", "heter", "hets", "het",
        "ingane", "ingene", "ingar", "inger", "ingen", "inga", "ings", "ing",
        "endes", "andes", "ande", "ende", "edes", "enes", "anes", "ares", "erte", "ert",
        "ane", "ene", "ens", "ers", "ets", "ast", "ede", "ar", "er", "en", "et", "as", "es", "te", "a", "e", "s",
    ])
    static let norwegianStep3 = table(["hetslov", "slov", "elov", "lov", "eleg", "elig", "leg", "lig", "els", "eig", "ig"])

    static func norwegian(_ input: [Character]) -> [Character] {
        var word = input
        let start = r1(word, vowels: scandinavianVowels)
        if let suffix = longestSuffix(word, in: norwegianStep1, from: start) {
            let text = String(suffix)
            switch text {
            case "erte", "ert":
                word.removeLast(suffix.count - 2) // -erte/-ert → -er (then left: *studerte* → *studer*)
            case "s":
                if validNorwegianSEnding(word) { word.removeLast() }
            case "te":
                // Past tense -te only after a consonant cluster it cannot belong to (*lagte*);
                // leave *plante*, *kunnskapte* alone when the stem would end in a vowel.
                if word.count - 2 >= start, let before = word.dropLast(2).last, !scandinavianVowels.contains(before),
                   word.count >= 6 { word.removeLast(2) }
            default:
                word.removeLast(suffix.count)
            }
        }
        // -dt/-vt: *stemt*/*stemdt* style past participles lose the t.
        if word.count - 2 >= start, endsWith(word, "dt") || endsWith(word, "vt") { word.removeLast() }
        if let suffix = longestSuffix(word, in: norwegianStep3, from: start) { word.removeLast(suffix.count) }
        return word
    }

    /// A final s is a genitive or passive ending after most consonants, and part of the
    /// stem after a vowel or s (*hus*, *kurs*, *pris*).
    static func validNorwegianSEnding(_ word: [Character]) -> Bool {
        guard word.count >= 2 else { return false }
        let before = word[word.count - 2]
        if "bcdfghjlmnoprtvyz".contains(before) { return true }
        if before == "k", word.count >= 3, !scandinavianVowels.contains(word[word.count - 3]) { return true }
        return false
    }

    // MARK: Swedish

    static let swedishStep1 = table([
        "heterna", "hetens", "anden", "andes", "andet", "arens", "arnas", "ernas", "ornas", "heten", "heter",
        "ningarna", "ningar", "ningen", "ning",
        "aste", "ande", "arna", "erna", "orna", "ades", "ade", "are", "ast", "ens", "ern", "het", "ad", "ar", "as",
        "at", "en", "er", "es", "et", "or", "a", "e", "s",
    ])
    static let swedishStep3 = table(["lig", "els", "ig"])

    static func swedish(_ input: [Character]) -> [Character] {
        var word = input
        let start = r1(word, vowels: scandinavianVowels)
        if let suffix = longestSuffix(word, in: swedishStep1, from: start) {
            if suffix == ["s"] {
                if word.count >= 2, "bcdfghjklmnoprtvy".contains(word[word.count - 2]) { word.removeLast() }
            } else {
                word.removeLast(suffix.count)
            }
        }
        // Swedish writes double or assimilated consonants where Norwegian has single ones
        // (*vinn*/*vin*), and -dt/-gt/-kt/-tt participles: drop one.
        for ending in ["dd", "gd", "nn", "dt", "gt", "kt", "tt"] where word.count - 2 >= start && endsWith(word, ending) {
            word.removeLast()
            break
        }
        if let suffix = longestSuffix(word, in: swedishStep3, from: start) { word.removeLast(suffix.count) }
        return word
    }

    // MARK: Danish

    static let danishStep1 = table([
        "erendes", "erende", "hedens", "ethed", "erede", "heden", "heder", "endes", "ernes", "erens", "erets",
        "ingerne", "ingens", "inger", "ingen", "ing",
        "ered", "ende", "erne", "eren", "erer", "heds", "enes", "eres", "eret", "hed", "ene", "ere", "ens", "ers",
        "ets", "en", "er", "es", "et", "e", "s",
    ])
    static let danishStep3 = table(["elig", "lig", "els", "ig"])

    static func danish(_ input: [Character]) -> [Character] {
        var word = input
        let start = r1(word, vowels: scandinavianVowels)
        if let suffix = longestSuffix(word, in: danishStep1, from: start) {
            if suffix == ["s"] {
                if word.count >= 2, "abcdfghjklmnoprtvyzå".contains(word[word.count - 2]) { word.removeLast() }
            } else {
                word.removeLast(suffix.count)
            }
        }
        for ending in ["gd", "dt", "gt", "kt"] where word.count - 2 >= start && endsWith(word, ending) {
            word.removeLast()
            break
        }
        if endsWith(word, "igst") { word.removeLast(2) }
        if let suffix = longestSuffix(word, in: danishStep3, from: start) { word.removeLast(suffix.count) }
        return word
    }

    // MARK: English

    static let englishVowels: Set<Character> = ["a", "e", "i", "o", "u", "y"]

    static func containsVowel(_ word: ArraySlice<Character>) -> Bool { word.contains { englishVowels.contains($0) } }

    /// Plurals and -ed/-ing (Porter's first step), -ly, and a few derivational endings mapped
    /// to their base (*-ational* → *-ate*, *-ization* → *-ize*, *-ness* → ∅); a final e
    /// goes, so *create*, *created*, *creating* and *creates* meet in *creat*.
    static func english(_ input: [Character]) -> [Character] {
        var word = input
        // Plurals.
        if endsWith(word, "sses") { word.removeLast(2) }
        else if endsWith(word, "ies"), word.count > 4 { word.removeLast(3); word.append("y") }
        else if endsWith(word, "s"), !endsWith(word, "ss"), !endsWith(word, "us"), !endsWith(word, "is"), word.count > 3 {
            word.removeLast()
        }
        // -ed, -ing.
        var strippedVerbEnding = false
        if endsWith(word, "eed") {
            if word.count > 4 { word.removeLast() }
        } else if endsWith(word, "ed"), containsVowel(word.dropLast(2)), word.count > 4 {
            word.removeLast(2); strippedVerbEnding = true
        } else if endsWith(word, "ing"), containsVowel(word.dropLast(3)), word.count > 5 {
            word.removeLast(3); strippedVerbEnding = true
        }
        if strippedVerbEnding {
            if endsWith(word, "at") || endsWith(word, "bl") || endsWith(word, "iz") {
                word.append("e")
            } else if word.count >= 2, word[word.count - 1] == word[word.count - 2], !"lsz".contains(word[word.count - 1]),
                      !englishVowels.contains(word[word.count - 1]) {
                word.removeLast()
            }
        }
        // Derivational endings, longest first, only where a stem of four letters is left.
        let derivations: [(String, String)] = [
            ("ational", "ate"), ("ization", "ize"), ("fulness", "ful"), ("iveness", "ive"), ("ousness", "ous"),
            ("tional", "tion"), ("ation", "ate"), ("ement", ""), ("ment", ""), ("ness", ""), ("ities", ""), ("ity", ""),
            ("ally", "al"), ("ly", ""), ("ful", ""), ("ical", "ic"), ("ator", "ate"),
        ]
        for (suffix, replacement) in derivations where endsWith(word, suffix) && word.count - suffix.count >= 4 {
            word.removeLast(suffix.count)
            word += Array(replacement)
            break
        }
        // y after a consonant: *study*, *studies*, *studied* → *studi*.
        if word.count > 3, word.last == "y", !englishVowels.contains(word[word.count - 2]) {
            word[word.count - 1] = "i"
        }
        if word.count > 4, word.last == "e" { word.removeLast() }
        return word
    }
}
