import CompetenceAims
import Foundation
import Testing

@Suite struct EvaluationTests {
    @Test func theSetHasAtLeastSixtyItemsWithKnownAims() throws {
        let items = try EvaluationSet.all()
        #expect(items.count >= 60)
        for item in items {
            #expect(!item.aims.isEmpty, "\(item.id) has no labels")
            for aim in item.aims { #expect(sharedCatalogue.aim(aim) != nil, "\(item.id): \(aim) is not in the pack") }
        }
        #expect(Set(items.map(\.id)).count == items.count, "ids are unique")
    }

    @Test func contentLabelsAreTheAimsTheManifestsDeclare() throws {
        for item in try EvaluationSet.contentItems() {
            let folder = String(item.id.dropFirst("content-".count))
            let manifest = try EvaluationSet.loadManifest(packageRoot.appendingPathComponent("Content").appendingPathComponent(folder))
            #expect(Set(manifest.aims ?? []) == item.aims, "\(folder): labels differ from the manifest's aims")
        }
    }

    /// The figures: engine and baselines, without filters, with the subject filter and with
    /// subject and level. The floors sit a little under what the engine reaches so that a
    /// regression fails.
    @Test func recallOfEngineAndBaselines() throws {
        let items = try EvaluationSet.all()
        let unfiltered = Evaluation.engine(sharedSuggester, items, filters: .none)
        let subject = Evaluation.engine(sharedSuggester, items, filters: .subject)
        let declared = Evaluation.engine(sharedSuggester, items, filters: .declared)
        let mostFrequent = Evaluation.frequencyBaseline(items, withinSubject: false)
        let mostFrequentInSubject = Evaluation.frequencyBaseline(items, withinSubject: true)
        let mostFrequentInSubjectAndLevel = Evaluation.frequencyBaseline(items, withinSubject: true, withinLevel: true)
        print("Aim suggestions (\(items.count) items): top-1 \(percent(unfiltered.top1Rate)), top-5 \(percent(unfiltered.top5Rate)) without filters; "
              + "baseline (most frequent aims in the set) top-1 \(percent(mostFrequent.top1Rate)), top-5 \(percent(mostFrequent.top5Rate))")
        print("Aim suggestions with subject filter: \(subject); baseline (most frequent within the declared subject): \(mostFrequentInSubject)")
        print("Aim suggestions with subject and level filters: \(declared); baseline (most frequent within subject and level): \(mostFrequentInSubjectAndLevel)")
        for source in [EvaluationItem.Source.content, .written, .realOER] {
            let part = items.filter { $0.source == source }
            print("  \(source.rawValue) (\(part.count)): none \(Evaluation.engine(sharedSuggester, part, filters: .none)); "
                  + "subject \(Evaluation.engine(sharedSuggester, part, filters: .subject)); "
                  + "subject+level \(Evaluation.engine(sharedSuggester, part, filters: .declared))")
        }
        for language in ["nb", "nn", "sv", "da", "en"] {
            let part = items.filter { $0.language.hasPrefix(language) }
            print("  \(language) (\(part.count)): none \(Evaluation.engine(sharedSuggester, part, filters: .none)); "
                  + "subject+level \(Evaluation.engine(sharedSuggester, part, filters: .declared))")
        }
        #expect(unfiltered.top5Rate > mostFrequent.top5Rate)
        #expect(declared.top5Rate > mostFrequentInSubjectAndLevel.top5Rate)
    }

    /// Prints each item's top five under the declared filters; run with
    /// COMPETENCE_AIMS_DETAILS=1 when working on the engine.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["COMPETENCE_AIMS_DETAILS"] != nil))
    func details() throws {
        for item in try EvaluationSet.all() {
            for filters in [AimFilters.none, .declared] {
                let ranked = sharedSuggester.suggest(for: item.query, limit: 5, filters: filters).map(\.code)
                let hit = ranked.firstIndex(where: item.aims.contains).map { "hit@\($0 + 1)" } ?? "miss"
                print("\(item.id) [\(filters == .none ? "none" : "declared")] \(hit): \(ranked.joined(separator: " ")) | want \(item.aims.sorted().joined(separator: " "))")
            }
        }
    }
}
