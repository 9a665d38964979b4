import AllmenningCore
import Foundation

/// A competence aim suggested for a resource. `score` is the BM25 score summed over the
/// indexes the query was searched in (Scandinavian and English): comparable between the
/// suggestions for one resource, not between resources.
public struct AimSuggestion: Sendable, Equatable, Codable {
    public var code: String
    public var score: Double
    public var curriculum: String
    /// The aim's text in the query's language where the aim has it (nb, nn or en), else bokmål.
    public var text: String

    public init(code: String, score: Double, curriculum: String, text: String) {
        self.code = code
        self.score = score
        self.curriculum = curriculum
        self.text = text
    }
    /// The languages to show an aim's text in, best first, for a resource in `languages`
    /// read by someone who prefers `reader`: the resource's own (the packs have nb, nn and
    /// en), bokmål for Swedish and Danish resources (closer to them than English is), then
    /// the reader's.
    public static func textLanguages(resource languages: [String], reader: String? = nil) -> [String] {
        let scandinavian = languages.contains { ["sv", "da"].contains(NordicLanguage(tag: $0)?.rawValue ?? "") }
        return languages + (scandinavian ? ["nb"] : []) + (reader.map { [$0] } ?? []) + ["nb", "nn", "en"]
    }
}

/// How well a resource's text supports one aim: the share of the aim's content words, each
/// weighted by its IDF, that the text contains (0…1), and whether that reaches the threshold.
public struct AimSupport: Sendable, Equatable, Codable {
    public var code: String
    public var score: Double
    public var supported: Bool
}

/// Which of the resource's declarations narrow the suggestions.
public struct AimFilters: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Only aims of the curricula in `AimQuery.subjects` (ignored when none of them is known).
    public static let subject = AimFilters(rawValue: 1)
    /// Only aims of the stage each declared school year belongs to (see `AimSuggester.stages`).
    public static let level = AimFilters(rawValue: 2)
    public static let declared: AimFilters = [.subject, .level]
    public static let none: AimFilters = []
}

/// Suggests the competence aims of the loaded curriculum packs that fit a resource's text,
/// with Okapi BM25 over the aims' texts. Every aim is indexed in two indexes: the
/// Scandinavian one holds its bokmål and nynorsk texts (one document each; an aim scores
/// its better one), the English one its English text, or its Norwegian text where it has
/// no English one (so that an English query can still meet loan words in PRG01-02, whose
/// aims exist only in bokmål). Bokmål, nynorsk, Swedish and Danish text is searched in the
/// Scandinavian index, English text in the English one; a resource with both adds the two.
public struct AimSuggester: Sendable {
    public var parameters: BM25Parameters
    /// Query weight per field: a word in the title says more about the aims than one in the body.
    public var fieldWeights: [AimQuery.Field: Double] = [.title: 3, .keywords: 3, .headings: 2, .description: 2, .body: 1]
    /// `supported(…)` is true from this IDF-weighted coverage on. Chosen on the evaluation set
    /// where labelled aims and the other aims of the same subject and stage are best told apart
    /// (Youden's J): at 0.10, 87 % of labelled aims count as supported and 36 % of the others.
    public var supportThreshold = 0.10

    public let aims: [CompetenceAim]
    private let indexByCode: [String: Int]
    private let curricula: [String: Curriculum]
    private let scandinavian: BM25Index
    private let scandinavianOwner: [Int]
    private let english: BM25Index
    private let englishOwner: [Int]
    /// Aim index → the index of the same aim (same text, same year) in the newer version of
    /// its curriculum (MAT01-05 → MAT01-06).
    private let successor: [Int: Int]
    /// Per curriculum, the ordinals (1…10, vg1 = 11 …) of the years it has aims after.
    private let stagesByCurriculum: [String: [Int]]
    private let scandinavianDocumentsOfAim: [[Int]]
    private let englishDocumentsOfAim: [[Int]]
    private let decompounder: Decompounder
    var decompounderForTests: Decompounder { decompounder }

    /// The Scandinavian sound correspondences the analysis applies (fixed when the index is built).
    public let sounds: NordicNormaliser.SoundRules

    public init(catalogue: CurriculumCatalogue, parameters: BM25Parameters = .tuned, sounds: NordicNormaliser.SoundRules = .standard) {
        self.init(packs: catalogue.packs, parameters: parameters, sounds: sounds)
    }

    /// Indexes the aims of the packs (a code in several packs: the last one wins).
    public init(packs: [CurriculumPack], parameters: BM25Parameters = .tuned, sounds: NordicNormaliser.SoundRules = .standard) {
        self.parameters = parameters
        self.sounds = sounds
        var aims: [CompetenceAim] = []
        var indexByCode: [String: Int] = [:]
        var curricula: [String: Curriculum] = [:]
        for pack in packs {
            for curriculum in pack.curricula { curricula[curriculum.code] = curriculum }
            for aim in pack.aims {
                if let existing = indexByCode[aim.code] { aims[existing] = aim; continue }
                indexByCode[aim.code] = aims.count
                aims.append(aim)
            }
        }
        self.aims = aims
        self.indexByCode = indexByCode
        self.curricula = curricula

        // First the plain terms, whose stems are the vocabulary compounds are split into;
        // then the documents again with the parts of their compounds.
        var vocabulary = Set<String>()
        for aim in aims {
            for language in ["nb", "no", "nn"] {
                if let text = aim.text[language] { vocabulary.formUnion(TextAnalyser.terms(text, language: .bokmål, sounds: sounds)) }
            }
        }
        let decompounder = Decompounder(vocabulary: vocabulary, sounds: sounds)
        self.decompounder = decompounder
        var scandinavianDocuments: [[String]] = [], scandinavianOwner: [Int] = []
        var englishDocuments: [[String]] = [], englishOwner: [Int] = []
        for (index, aim) in aims.enumerated() {
            var norwegian: [(String, NordicLanguage)] = []
            if let text = aim.text["nb"] ?? aim.text["no"] { norwegian.append((text, .bokmål)) }
            if let text = aim.text["nn"] { norwegian.append((text, .nynorsk)) }
            for (text, language) in norwegian {
                scandinavianDocuments.append(TextAnalyser.terms(text, language: language, decompounder: decompounder, sounds: sounds))
                scandinavianOwner.append(index)
            }
            if let text = aim.text["en"] {
                englishDocuments.append(TextAnalyser.terms(text, language: .english))
                englishOwner.append(index)
            } else if let (text, language) = norwegian.first {
                englishDocuments.append(TextAnalyser.terms(text, language: language, decompounder: decompounder, sounds: sounds))
                englishOwner.append(index)
            }
        }
        scandinavian = BM25Index(documents: scandinavianDocuments)
        self.scandinavianOwner = scandinavianOwner
        english = BM25Index(documents: englishDocuments)
        self.englishOwner = englishOwner

        var scandinavianDocumentsOfAim = [[Int]](repeating: [], count: aims.count)
        for (document, aim) in scandinavianOwner.enumerated() { scandinavianDocumentsOfAim[aim].append(document) }
        var englishDocumentsOfAim = [[Int]](repeating: [], count: aims.count)
        for (document, aim) in englishOwner.enumerated() { englishDocumentsOfAim[aim].append(document) }
        self.scandinavianDocumentsOfAim = scandinavianDocumentsOfAim
        self.englishDocumentsOfAim = englishDocumentsOfAim

        successor = Self.successors(of: aims)
        var stages: [String: Set<Int>] = [:]
        for aim in aims {
            if let year = aim.afterYear.flatMap(Self.ordinal) { stages[aim.curriculum, default: []].insert(year) }
        }
        stagesByCurriculum = stages.mapValues { $0.sorted() }
    }

    // MARK: Suggesting

    /// The aims that fit the query best, best first, at most `limit`, only those with a
    /// positive score. `filters` says which declarations of the query narrow the candidates.
    public func suggest(for query: AimQuery, limit: Int = 5, filters: AimFilters = .declared) -> [AimSuggestion] {
        suggest(for: analyse(query), limit: limit, filters: filters)
    }

    func suggest(for query: AnalysedQuery, limit: Int, filters: AimFilters) -> [AimSuggestion] {
        guard limit > 0 else { return [] }
        let scores = scores(for: query)
        let candidates = candidateMask(for: query.subjects, levels: query.levels, filters: filters)
        var ranked: [(index: Int, score: Double)] = []
        for (index, score) in scores.enumerated() where score > 0 && candidates[index] {
            if let newer = successor[index], candidates[newer] { continue }
            ranked.append((index, score))
        }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : aims[$0.index].code < aims[$1.index].code }
        return ranked.prefix(limit).map { entry in
            let aim = aims[entry.index]
            return AimSuggestion(code: aim.code, score: entry.score, curriculum: aim.curriculum,
                                 text: aim.text(preferring: [query.language.rawValue, "nb", "nn", "no", "en"]))
        }
    }

    /// Suggestions for a plain text.
    public func suggest(text: String, language: String? = nil, subjects: [String] = [], levels: [String] = [],
                        limit: Int = 5) -> [AimSuggestion] {
        suggest(for: AimQuery(text: text, language: language, subjects: subjects, levels: levels), limit: limit)
    }

    /// A query's terms, counted per index and field, so that weights and parameters can
    /// change without analysing the text again.
    struct AnalysedQuery: Sendable {
        var scandinavian: [AimQuery.Field: [String: Double]] = [:]
        var english: [AimQuery.Field: [String: Double]] = [:]
        var language: NordicLanguage = .bokmål
        var subjects: [String] = []
        var levels: [String] = []
    }

    func analyse(_ query: AimQuery) -> AnalysedQuery {
        var analysed = AnalysedQuery(subjects: query.subjects, levels: query.levels)
        var characters: [NordicLanguage: Int] = [:]
        for part in query.resolvedParts() {
            characters[part.language, default: 0] += part.text.count
            let terms = TextAnalyser.terms(part.text, language: part.language, decompounder: decompounder, sounds: sounds)
            if part.language.isScandinavian {
                for term in terms { analysed.scandinavian[part.field, default: [:]][term, default: 0] += 1 }
            } else {
                for term in terms { analysed.english[part.field, default: [:]][term, default: 0] += 1 }
            }
        }
        analysed.language = characters.max { $0.value != $1.value ? $0.value < $1.value : $0.key.rawValue > $1.key.rawValue }?.key
            ?? query.languages.first ?? .bokmål
        return analysed
    }

    /// The weighted query vector of one index: per field, a term's count saturates (BM25's
    /// k3: count · (k3 + 1) / (k3 + count)), then the field's weight multiplies it, and the
    /// fields add up. So a word in the title counts three times a word once in the body, and
    /// a word forty times in the body only about twice.
    private func weighted(_ fields: [AimQuery.Field: [String: Double]]) -> [String: Double] {
        let k3 = parameters.k3
        var terms: [String: Double] = [:]
        for (field, counts) in fields {
            let weight = fieldWeights[field] ?? 1
            for (term, count) in counts { terms[term, default: 0] += weight * count * (k3 + 1) / (k3 + count) }
        }
        return terms
    }

    /// The BM25 score of every aim (index as in `aims`).
    func scores(for query: AnalysedQuery) -> [Double] {
        var total = [Double](repeating: 0, count: aims.count)
        for (index, owner, fields) in [(scandinavian, scandinavianOwner, query.scandinavian), (english, englishOwner, query.english)]
        where !fields.isEmpty {
            var documentScores = [Double](repeating: 0, count: index.documentCount)
            index.score(weighted(fields), parameters: parameters, into: &documentScores)
            var best = [Double](repeating: 0, count: aims.count)
            for (document, score) in documentScores.enumerated() where score > best[owner[document]] {
                best[owner[document]] = score
            }
            for aim in 0..<aims.count { total[aim] += best[aim] }
        }
        return total
    }

    // MARK: Filters

    /// The codes of the aims that pass the query's filters, in pack order (twins in an older
    /// curriculum version left out where the newer one passes too).
    public func candidates(for query: AimQuery, filters: AimFilters = .declared) -> [String] {
        let mask = candidateMask(for: query.subjects, levels: query.levels, filters: filters)
        return aims.indices.filter { mask[$0] && !(successor[$0].map { mask[$0] } ?? false) }.map { aims[$0].code }
    }

    /// Which aims pass the query's filters.
    func candidateMask(for subjects: [String], levels: [String], filters: AimFilters) -> [Bool] {
        let knownSubjects = Set(subjects.filter { curricula[$0] != nil || stagesByCurriculum[$0] != nil })
        let bySubject = filters.contains(.subject) && !knownSubjects.isEmpty
        let years = levels.compactMap(Self.ordinal)
        let byLevel = filters.contains(.level) && !years.isEmpty
        var allowedStages: [String: Set<Int>] = [:]
        if byLevel {
            for (curriculum, stages) in stagesByCurriculum {
                allowedStages[curriculum] = Set(years.compactMap { Self.stage(for: $0, among: stages) })
            }
        }
        return aims.map { aim in
            if bySubject && !knownSubjects.contains(aim.curriculum) { return false }
            if byLevel, let year = aim.afterYear.flatMap(Self.ordinal),
               let allowed = allowedStages[aim.curriculum], !allowed.contains(year) { return false }
            return true
        }
    }

    /// The stage a school year belongs to in a curriculum: the first year the curriculum has
    /// aims after that is not before it (year 5 in a curriculum with aims after years 2, 4,
    /// 7 and 10 belongs to the aims after year 7; in mathematics, with aims after every year,
    /// to year 5's own), else the curriculum's last stage (a vg2 class using a curriculum
    /// that ends after year 10).
    public static func stage(for year: Int, among stages: [Int]) -> Int? {
        stages.first { $0 >= year } ?? stages.last
    }

    /// "1"…"10" → 1…10, "vg1"…"vg3" → 11…13; anything else nil.
    public static func ordinal(_ level: String) -> Int? {
        let lower = level.lowercased().trimmingCharacters(in: .whitespaces)
        if let year = Int(lower), (1...10).contains(year) { return year }
        if lower.hasPrefix("vg"), let year = Int(lower.dropFirst(2)), (1...3).contains(year) { return 10 + year }
        return nil
    }

    /// The stages (as ordinals) an aim set has for a curriculum, for callers that show them.
    public func stages(of curriculum: String) -> [Int] { stagesByCurriculum[curriculum] ?? [] }

    // MARK: Support

    /// How well the query's text supports an aim (nil for an unknown code): the IDF-weighted
    /// share of the aim's terms the text contains, in the index of the text's language
    /// (the better of the two when the text has both).
    public func support(aim code: String, in query: AimQuery) -> AimSupport? {
        support(aims: [code], in: query).first
    }

    /// `support(aim:in:)` for several aims, reading the text once; unknown codes are left out.
    public func support(aims codes: [String], in query: AimQuery) -> [AimSupport] {
        var scandinavianTerms = Set<String>(), englishTerms = Set<String>()
        for part in query.resolvedParts() {
            let terms = TextAnalyser.terms(part.text, language: part.language, decompounder: decompounder, sounds: sounds)
            if part.language.isScandinavian { scandinavianTerms.formUnion(terms) } else { englishTerms.formUnion(terms) }
        }
        return codes.compactMap { code in
            guard let aimIndex = indexByCode[code] else { return nil }
            var best = 0.0
            for (index, documents, terms) in [(scandinavian, scandinavianDocumentsOfAim[aimIndex], scandinavianTerms),
                                              (english, englishDocumentsOfAim[aimIndex], englishTerms)] where !terms.isEmpty {
                for document in documents {
                    let aimTerms = index.termsOfDocument[document]
                    let whole = aimTerms.reduce(0.0) { $0 + index.idf($1) }
                    guard whole > 0 else { continue }
                    let covered = aimTerms.intersection(terms).reduce(0.0) { $0 + index.idf($1) }
                    best = max(best, covered / whole)
                }
            }
            return AimSupport(code: code, score: best, supported: best >= supportThreshold)
        }
    }

    /// Whether `text` supports the aim: false for an unknown code.
    public func supported(aim code: String, text: String, language: String? = nil) -> Bool {
        support(aim: code, in: AimQuery(text: text, language: language))?.supported ?? false
    }

    // MARK: Twins in curriculum versions

    /// Aims whose text and year reappear unchanged in a newer version of their curriculum
    /// (same code before the dash, higher number after it) point to that newer aim. Without
    /// a subject filter, or with a filter that admits both versions, only the newer one is
    /// suggested: the two are one aim, and the newer curriculum is the one in force.
    static func successors(of aims: [CompetenceAim]) -> [Int: Int] {
        func family(_ code: String) -> (String, Int)? {
            let pieces = code.split(separator: "-")
            guard pieces.count == 2, let version = Int(pieces[1]) else { return nil }
            return (String(pieces[0]), version)
        }
        func key(_ aim: CompetenceAim) -> String {
            let text = aim.text["nb"] ?? aim.text["no"] ?? aim.text["nn"] ?? aim.text["en"] ?? ""
            return (aim.afterYear ?? "") + "|" + Tokeniser.words(in: NordicNormaliser.fold(text)).joined(separator: " ")
        }
        var newest: [String: (version: Int, index: Int)] = [:]
        for (index, aim) in aims.enumerated() {
            guard let (name, version) = family(aim.curriculum) else { continue }
            let k = name + "|" + key(aim)
            if let current = newest[k], current.version >= version { continue }
            newest[k] = (version, index)
        }
        var result: [Int: Int] = [:]
        for (index, aim) in aims.enumerated() {
            guard let (name, version) = family(aim.curriculum), let newer = newest[name + "|" + key(aim)],
                  newer.version > version else { continue }
            result[index] = newer.index
        }
        return result
    }
}
