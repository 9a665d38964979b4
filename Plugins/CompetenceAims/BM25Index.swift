/// The terms of a text for one of the indexes: folded, tokenised, stop words out, stemmed,
/// and (for the Scandinavian languages) spelt through the bridge; with a decompounder, the
/// parts of a compound follow the compound itself.
public enum TextAnalyser {
    public static func terms(_ text: String, language: NordicLanguage, decompounder: Decompounder? = nil,
                             sounds: NordicNormaliser.SoundRules = .standard) -> [String] {
        var terms: [String] = []
        for word in Tokeniser.words(in: NordicNormaliser.fold(text)) where !StopWords.contains(word, language: language) {
            let term = self.term(word, language: language, sounds: sounds)
            guard term.count >= 2 else { continue }
            terms.append(term)
            if language.isScandinavian, let decompounder, let parts = decompounder.split(word, language: language) {
                terms += parts
            }
        }
        return terms
    }

    /// One folded word as an index term.
    public static func term(_ word: String, language: NordicLanguage, sounds: NordicNormaliser.SoundRules = .standard) -> String {
        let stem = NordicStemmer.stem(word, language: language)
        return language.isScandinavian ? NordicNormaliser.bridge(stem, sounds: sounds) : stem
    }
}

/// Splits Scandinavian compounds into two parts that are both words of the aims:
/// *karbonkretsløpet* → *karbon* + *kretsløp*, *førstehjelp* → *første* + *hjelp*, so that a
/// text about "vannets kretsløp" meets an aim about "karbonkretsløpet" and the other way
/// round. Both parts must be at least four letters and known to the vocabulary (the stems
/// of the aims' own words); a linking -s- or -e- between them is allowed (*samfunnsfag*).
/// Of several possible splits, the most balanced wins.
public struct Decompounder: Sendable {
    public let vocabulary: Set<String>
    public let sounds: NordicNormaliser.SoundRules
    public static let minimumPart = 4

    /// `vocabulary`: index terms as `TextAnalyser.term` makes them with the same `sounds`.
    public init(vocabulary: Set<String>, sounds: NordicNormaliser.SoundRules = .standard) {
        self.vocabulary = vocabulary.filter { $0.count >= Self.minimumPart - 1 }
        self.sounds = sounds
    }

    /// The two parts' terms, or nil when the word is no compound of known words.
    public func split(_ word: String, language: NordicLanguage) -> [String]? {
        let letters = Array(word)
        let minimum = Self.minimumPart
        guard letters.count >= 2 * minimum + 1 else { return nil }
        var best: (balance: Int, parts: [String])?
        for cut in minimum...(letters.count - minimum) {
            let right = TextAnalyser.term(String(letters[cut...]), language: language, sounds: sounds)
            guard right.count >= minimum - 1, vocabulary.contains(right) else { continue }
            var lefts = [String(letters[..<cut])]
            if cut - 1 >= minimum, letters[cut - 1] == "s" || letters[cut - 1] == "e" { lefts.append(String(letters[..<(cut - 1)])) }
            for left in lefts where left.count >= minimum {
                let leftTerm = NordicNormaliser.bridge(left, sounds: sounds)
                let leftStem = TextAnalyser.term(left, language: language, sounds: sounds)
                let known = vocabulary.contains(leftTerm) ? leftTerm : vocabulary.contains(leftStem) ? leftStem : nil
                guard let known else { continue }
                let balance = min(left.count, letters.count - cut)
                if best == nil || balance > best!.balance { best = (balance, [known, right]) }
            }
        }
        return best?.parts
    }
}

/// BM25 parameters. `k1` sets how fast a term's weight saturates with its frequency in an
/// aim; `b` how much an aim's length discounts it; `k3` the same saturation for the query
/// side, where a term can occur many times in a long resource.
public struct BM25Parameters: Sendable, Equatable, Codable {
    public var k1: Double
    public var b: Double
    public var k3: Double

    public init(k1: Double, b: Double, k3: Double) {
        self.k1 = k1
        self.b = b
        self.k3 = k3
    }

    /// Chosen on the evaluation set by a grid over k1 ∈ {0.3 … 2.0}, b ∈ {0 … 1}, k3 ∈ {1, 3, 8,
    /// 1000} (Tests/CompetenceAimsTests/Evaluation/README.md has the figures). The landscape is
    /// flat in k1; what helps is strong length normalisation (b 0.9: aims are one sentence
    /// each, and a long aim matches many texts by its length alone) and strong saturation on
    /// the query side (k3 1: a word a resource repeats forty times is not forty times the
    /// evidence of a word it uses once).
    public static let tuned = BM25Parameters(k1: 1.6, b: 0.9, k3: 1)
    /// The usual Okapi defaults (Robertson et al.): k1 1.2, b 0.75.
    public static let textbook = BM25Parameters(k1: 1.2, b: 0.75, k3: 8)
}

/// An Okapi BM25 inverted index over short documents. IDF is the non-negative form
/// ln(1 + (N − n + 0.5) / (n + 0.5)), so a term in more than half the documents still counts
/// a little instead of subtracting.
struct BM25Index: Sendable {
    struct Posting: Sendable {
        var document: Int32
        var frequency: Float
    }

    private(set) var postings: [String: [Posting]] = [:]
    private(set) var lengths: [Double] = []
    private(set) var averageLength: Double = 1
    private(set) var termsOfDocument: [Set<String>] = []

    var documentCount: Int { lengths.count }

    init(documents: [[String]]) {
        for (index, terms) in documents.enumerated() {
            var counts: [String: Int] = [:]
            for term in terms { counts[term, default: 0] += 1 }
            for (term, count) in counts {
                postings[term, default: []].append(Posting(document: Int32(index), frequency: Float(count)))
            }
            lengths.append(Double(terms.count))
            termsOfDocument.append(Set(terms))
        }
        let total = lengths.reduce(0, +)
        averageLength = documents.isEmpty ? 1 : max(1, total / Double(documents.count))
    }

    func idf(_ term: String) -> Double {
        let n = Double(postings[term]?.count ?? 0)
        let total = Double(documentCount)
        return log(1 + (total - n + 0.5) / (n + 0.5))
    }

    func contains(_ term: String) -> Bool { postings[term] != nil }

    /// Adds each document's score for the weighted query terms to `scores`. The query
    /// weights come saturated already (see `AimSuggester.weighted`).
    func score(_ query: [String: Double], parameters: BM25Parameters, into scores: inout [Double]) {
        let k1 = parameters.k1, b = parameters.b
        for (term, queryWeight) in query {
            guard let list = postings[term] else { continue }
            let idf = idf(term)
            for posting in list {
                let document = Int(posting.document)
                let frequency = Double(posting.frequency)
                let norm = k1 * (1 - b + b * lengths[document] / averageLength)
                scores[document] += idf * frequency * (k1 + 1) / (frequency + norm) * queryWeight
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
