@testable import CompetenceAims
import Foundation
import Testing

/// The analysed terms, the labels' terms and the top three of chosen items, for work on the
/// engine: COMPETENCE_AIMS_DEBUG=mat-ekvationer-sv,kro-hlr-sv swift test --filter CompetenceAimsTests.DebugTests
@Suite struct DebugTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["COMPETENCE_AIMS_DEBUG"] != nil))
    func show() throws {
        let ids = (ProcessInfo.processInfo.environment["COMPETENCE_AIMS_DEBUG"] ?? "").split(separator: ",").map(String.init)
        for item in try EvaluationSet.all() where ids.contains(item.id) {
            let analysed = sharedSuggester.analyse(item.query)
            print("== \(item.id)")
            print("scand:", analysed.scandinavian.mapValues { $0.sorted { $0.value > $1.value }.prefix(40).map { "\($0.key)×\(Int($0.value))" }.joined(separator: " ") })
            print("eng:", analysed.english.mapValues { $0.sorted { $0.value > $1.value }.prefix(40).map { "\($0.key)×\(Int($0.value))" }.joined(separator: " ") })
            for code in item.aims.sorted() {
                let aim = sharedCatalogue.aim(code)!
                let text = aim.text["nb"] ?? aim.text["nn"] ?? ""
                print("want \(code):", TextAnalyser.terms(text, language: .bokmål, decompounder: sharedSuggester.decompounderForTests).joined(separator: " "))
            }
            for s in sharedSuggester.suggest(for: item.query, limit: 3, filters: .none) {
                print("got \(s.code) \(String(format: "%.2f", s.score)):", s.text)
            }
        }
    }
}
