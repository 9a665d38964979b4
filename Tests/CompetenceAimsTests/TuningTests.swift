@testable import CompetenceAims
import Foundation
import Testing

/// The grid the BM25 parameters and field weights were chosen from. Not part of the normal
/// run: COMPETENCE_AIMS_TUNE=1 swift test --filter CompetenceAimsTests.TuningTests
@Suite struct TuningTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["COMPETENCE_AIMS_TUNE"] != nil))
    func grid() throws {
        let items = try EvaluationSet.all()
        var suggester = sharedSuggester
        let analysed = items.map { suggester.analyse($0.query) }
        func measure(_ suggester: AimSuggester) -> [Recall] {
            [AimFilters.none, .subject, .declared].map { filters in
                var recall = Recall()
                for (item, query) in zip(items, analysed) {
                    recall.add(suggester.suggest(for: query, limit: 5, filters: filters).map(\.code), correct: item.aims)
                }
                return recall
            }
        }
        var rows: [(Double, String)] = []
        for k1 in ProcessInfo.processInfo.environment["COMPETENCE_AIMS_QUICK"] != nil ? [1.2] : [0.3, 0.6, 0.9, 1.2, 1.6, 2.0] {
            for b in ProcessInfo.processInfo.environment["COMPETENCE_AIMS_QUICK"] != nil ? [0.75] : [0.0, 0.25, 0.5, 0.75, 0.9, 1.0] {
                for k3 in [1.0, 3.0, 8.0, 1000.0] {
                    suggester.parameters = BM25Parameters(k1: k1, b: b, k3: k3)
                    let r = measure(suggester)
                    let objective = r.reduce(0) { $0 + Double($1.top1 + $1.top5) }
                    rows.append((objective, "k1 \(k1) b \(b) k3 \(k3): none \(r[0].top1)/\(r[0].top5) subject \(r[1].top1)/\(r[1].top5) declared \(r[2].top1)/\(r[2].top5) sum \(Int(objective))"))
                }
            }
        }
        for row in rows.sorted(by: { $0.0 > $1.0 }).prefix(25) { print("grid", row.1) }

        // Two-fold check of the choice: pick the best grid point on the even items, measure it on
        // the odd ones, and the other way round, next to the textbook values on the same halves.
        let grid = [0.3, 0.6, 0.9, 1.2, 1.6, 2.0].flatMap { k1 in [0.0, 0.25, 0.5, 0.75, 0.9, 1.0].flatMap { b in
            [1.0, 3.0, 8.0, 1000.0].map { k3 in BM25Parameters(k1: k1, b: b, k3: k3) } } }
        func objective(_ suggester: AimSuggester, _ keep: (Int) -> Bool) -> Int {
            [AimFilters.none, .subject, .declared].reduce(0) { sum, filters in
                var recall = Recall()
                for (index, (item, query)) in zip(items, analysed).enumerated() where keep(index) {
                    recall.add(suggester.suggest(for: query, limit: 5, filters: filters).map(\.code), correct: item.aims)
                }
                return sum + recall.top1 + recall.top5
            }
        }
        for (name, train, test) in [("even→odd", { (i: Int) in i % 2 == 0 }, { (i: Int) in i % 2 == 1 }),
                                    ("odd→even", { (i: Int) in i % 2 == 1 }, { (i: Int) in i % 2 == 0 })] {
            var best = (score: -1, parameters: BM25Parameters.textbook)
            for parameters in grid {
                suggester.parameters = parameters
                let score = objective(suggester, train)
                if score > best.score { best = (score, parameters) }
            }
            suggester.parameters = best.parameters
            let tuned = objective(suggester, test)
            suggester.parameters = .textbook
            let textbook = objective(suggester, test)
            print("fold \(name): chose k1 \(best.parameters.k1) b \(best.parameters.b) k3 \(best.parameters.k3); on the held-out half top-1+top-5 hits summed over the three filter settings: chosen \(tuned), textbook \(textbook)")
        }
        suggester.parameters = .textbook
        let textbook = measure(suggester)
        print("grid textbook (1.2, 0.75, k3 8): none \(textbook[0]) subject \(textbook[1]) declared \(textbook[2])")
        suggester.parameters = .tuned
        let standard = NordicNormaliser.SoundRules.standard
        let toggles: [(String, NordicNormaliser.SoundRules)] = [
            ("nothing", []), ("ei", .diphthongEi), ("øy", .diphthongOey), ("au", .diphthongAu), ("initial hv", .initialHv),
            ("undouble", .undouble), ("æ→e", .aeToE),
        ]
        for (name, toggle) in toggles + [("all off", standard)] {
            let variant = AimSuggester(catalogue: sharedCatalogue, sounds: standard.symmetricDifference(toggle))
            let variantQueries = items.map { variant.analyse($0.query) }
            let r = [AimFilters.none, .subject, .declared].map { filters in
                var recall = Recall()
                for (item, query) in zip(items, variantQueries) {
                    recall.add(variant.suggest(for: query, limit: 5, filters: filters).map(\.code), correct: item.aims)
                }
                return recall
            }
            print("sound rules, toggling \(name): none \(r[0].top1)/\(r[0].top5) subject \(r[1].top1)/\(r[1].top5) declared \(r[2].top1)/\(r[2].top5)")
        }
        for weights in [(3.0, 3.0, 2.0, 2.0), (1.0, 1.0, 1.0, 1.0), (2.0, 2.0, 1.5, 1.5), (5.0, 5.0, 3.0, 3.0), (3.0, 3.0, 1.0, 2.0), (3.0, 3.0, 3.0, 2.0), (2.0, 2.0, 2.0, 1.0), (3.0, 2.0, 2.0, 1.0)] {
            suggester.fieldWeights = [.title: weights.0, .keywords: weights.1, .headings: weights.2, .description: weights.3, .body: 1]
            let r = measure(suggester)
            print("weights title \(weights.0) keywords \(weights.1) headings \(weights.2) description \(weights.3): none \(r[0].top1)/\(r[0].top5) subject \(r[1].top1)/\(r[1].top5) declared \(r[2].top1)/\(r[2].top5)")
        }
    }
}
