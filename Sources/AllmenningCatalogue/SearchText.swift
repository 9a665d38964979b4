import CStemmer
import Foundation

/// How words become search terms, the same way for what is indexed and for what is asked:
/// split into words, lowercased, stemmed with Snowball's stemmer for the text's language
/// (bokmål and nynorsk with the Norwegian one), then folded so that a pupil who types
/// without Nordic letters still finds them: ø, ö and oe become o; æ and ä become ae; å and aa
/// become aa; other accents are dropped (é → e).
///
/// The catalogue keeps the terms, not the text, in its full-text index, so any store (SQLite's
/// FTS5 here, PostgreSQL's `simple` text search configuration later) ranks the same terms.
public enum SearchText {
    /// Words longer than this are not words a pupil types (a base64 image, a hash).
    static let longestWord = 48

    /// The words of `text`, lowercased, in order: runs of letters and digits.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func finish() {
            if !current.isEmpty, current.count <= longestWord { words.append(String(current).lowercased()) }
            current.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil {
                current.append(scalar)
            } else if properties.generalCategory == .nonspacingMark, !current.isEmpty {
                current.append(scalar)
            } else {
                finish()
            }
        }
        finish()
        return words
    }

    /// The terms of a text in `language` (a BCP 47 tag; nil or a language without a stemmer:
    /// folded but not stemmed), separated by spaces: what the full-text index stores.
    public static func terms(_ text: String, language: String?) -> String {
        let stemmer = language.flatMap(Stemmer.for(language:))
        return words(text).map { fold(stemmer?.stem($0) ?? $0) }.joined(separator: " ")
    }

    /// The forms a query word may have in the index: folded as it is, and its stem in each
    /// language the catalogue stems (the query's language is not known).
    public static func queryForms(of word: String) -> [String] {
        var forms = [fold(word)]
        for stemmer in Stemmer.all {
            // Snowball's stems are not stems of themselves (Swedish: fotosyntesen → fotosyntes
            // → fotosynt), so the stem of the stem is a form too: the word the index stemmed
            // may be the query's stem.
            let stem = stemmer.stem(word)
            for form in [fold(stem), fold(stemmer.stem(stem))] where !forms.contains(form) { forms.append(form) }
        }
        return forms
    }

    /// Nordic letters and their spellings without them meet in one form; accents go.
    public static func fold(_ word: String) -> String {
        var result = String.UnicodeScalarView()
        // "oe" becomes "o" as the letters come (the o may itself come from ø or ö).
        var afterO = false
        func append(_ scalar: Unicode.Scalar) {
            if scalar == "e", afterO {
                afterO = false
                return
            }
            result.append(scalar)
            afterO = scalar == "o"
        }
        for scalar in word.unicodeScalars {
            if scalar.isASCII {
                append(scalar)
                continue
            }
            switch scalar {
            case "ø", "ö", "Ø", "Ö": append("o")
            case "æ", "ä", "Æ", "Ä": append("a"); append("e")
            case "å", "Å": append("a"); append("a")
            default:
                // é → e, ü → u: decompose and keep what is not a combining mark.
                for part in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
                where part.properties.generalCategory != .nonspacingMark {
                    append(part)
                }
            }
        }
        return String(result)
    }
}

/// One of Snowball's stemmers. A libstemmer stemmer keeps state between calls, so each is
/// used under its own lock.
final class Stemmer: @unchecked Sendable {
    let algorithm: String
    private let pointer: OpaquePointer
    private let lock = NSLock()

    private init?(algorithm: String) {
        guard let pointer = sb_stemmer_new(algorithm, "UTF_8") else { return nil }
        self.algorithm = algorithm
        self.pointer = pointer
    }

    deinit { sb_stemmer_delete(pointer) }

    func stem(_ word: String) -> String {
        var bytes = Array(word.utf8)
        return lock.withLock {
            guard let stemmed = sb_stemmer_stem(pointer, &bytes, Int32(bytes.count)) else { return word }
            let length = Int(sb_stemmer_length(pointer))
            return String(decoding: UnsafeBufferPointer(start: stemmed, count: length), as: UTF8.self)
        }
    }

    private static let norwegian = Stemmer(algorithm: "norwegian")
    private static let swedish = Stemmer(algorithm: "swedish")
    private static let danish = Stemmer(algorithm: "danish")
    private static let english = Stemmer(algorithm: "english")

    static let all: [Stemmer] = [norwegian, swedish, danish, english].compactMap { $0 }

    /// The stemmer for a language tag's primary language, if the catalogue stems it.
    static func `for`(language: String) -> Stemmer? {
        let primary = language.lowercased().split(separator: "-").first.map(String.init) ?? ""
        switch primary {
        case "nb", "nn", "no": return norwegian
        case "sv": return swedish
        case "da": return danish
        case "en": return english
        default: return nil
        }
    }
}
