import Foundation
import Privacy
import Testing

/// Precision and recall of the detectors on the labelled corpus written by
/// Scripts/make-privacy-corpus.py: sentences in Corpus/lines.tsv and images in Corpus/images.
/// The figures are printed; a floor makes regressions fail. A match counts as a detection at
/// `medium` confidence or above; `low` hints are counted and printed apart.
@Suite struct CorpusEvaluationTests {
    struct Tally {
        var truePositives = 0
        var falsePositives = 0
        var falseNegatives = 0

        var precision: Double { truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives) }
        var recall: Double { truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives) }
        var support: Int { truePositives + falseNegatives }
    }

    struct Mistake: CustomStringConvertible {
        var item: String
        var expected: Set<PersonalDataKind>
        var found: Set<PersonalDataKind>
        var description: String {
            "\(item)\n    expected \(expected.sorted().map(\.code)), found \(found.sorted().map(\.code))"
        }
    }

    static func corpusURL() throws -> URL {
        try #require(Bundle.module.url(forResource: "Corpus", withExtension: nil))
    }

    static func kinds(_ field: String) throws -> Set<PersonalDataKind> {
        if field == "none" { return [] }
        return Set(try field.split(separator: ",").map { code in
            try #require(PersonalDataKind(rawValue: String(code)), "unknown kind \(code)")
        })
    }

    typealias Result = (item: String, expected: Set<PersonalDataKind>, found: Set<PersonalDataKind>, hints: Set<PersonalDataKind>)

    static func split(_ matches: [PersonalDataMatch]) -> (found: Set<PersonalDataKind>, hints: Set<PersonalDataKind>) {
        (Set(matches.filter { $0.confidence >= .medium }.map(\.kind)), Set(matches.filter { $0.confidence < .medium }.map(\.kind)))
    }

    /// Expected kinds, detections and low-confidence hints for every line and every image.
    static func evaluate() throws -> [Result] {
        let corpus = try corpusURL()
        var results: [Result] = []
        let lines = try String(contentsOf: corpus.appendingPathComponent("lines.tsv"), encoding: .utf8)
        for line in lines.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            try #require(fields.count == 2, "malformed corpus line: \(line)")
            let text = String(fields[0])
            let (found, hints) = split(PrivacyScanner.scanText(text))
            results.append((text, try kinds(String(fields[1])), found, hints))
        }
        let images = try String(contentsOf: corpus.appendingPathComponent("images.tsv"), encoding: .utf8)
        for line in images.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            try #require(fields.count == 3, "malformed image line: \(line)")
            let file = String(fields[0])
            let data = try Data(contentsOf: corpus.appendingPathComponent("images").appendingPathComponent(file))
            let (found, hints) = split(PrivacyScanner.scan(path: file, data: data))
            results.append(("images/" + file, try kinds(String(fields[1])), found, hints))
        }
        return results
    }

    @Test func precisionAndRecallPerKind() throws {
        let results = try Self.evaluate()
        var tallies: [PersonalDataKind: Tally] = [:]
        var overall = Tally()
        var mistakes: [Mistake] = []
        var hintsOnPositives = 0, hintsOnNegatives = 0
        for (item, expected, found, hints) in results {
            for kind in hints.subtracting(found) {
                if expected.contains(kind) { hintsOnPositives += 1 } else { hintsOnNegatives += 1 }
            }
            for kind in PersonalDataKind.allCases {
                switch (expected.contains(kind), found.contains(kind)) {
                case (true, true): tallies[kind, default: Tally()].truePositives += 1; overall.truePositives += 1
                case (false, true): tallies[kind, default: Tally()].falsePositives += 1; overall.falsePositives += 1
                case (true, false): tallies[kind, default: Tally()].falseNegatives += 1; overall.falseNegatives += 1
                case (false, false): break
                }
            }
            if expected != found { mistakes.append(Mistake(item: item, expected: expected, found: found)) }
        }
        let lines = results.filter { !$0.item.hasPrefix("images/") }
        let images = results.count - lines.count
        print("Privacy corpus: \(lines.count) lines (\(lines.filter { !$0.expected.isEmpty }.count) positive), \(images) images")
        for kind in PersonalDataKind.allCases {
            let tally = tallies[kind, default: Tally()]
            print("Privacy corpus: \(kind.code.padding(toLength: 24, withPad: " ", startingAt: 0)) precision \(Self.format(tally.precision))  recall \(Self.format(tally.recall))  (support \(tally.support), false positives \(tally.falsePositives))")
        }
        print("Privacy corpus: precision \(Self.format(overall.precision)) recall \(Self.format(overall.recall)) overall (\(overall.truePositives) true positives, \(overall.falsePositives) false positives, \(overall.falseNegatives) missed)")
        print("Privacy corpus: low-confidence hints (not counted above): \(hintsOnPositives) on lines with that kind, \(hintsOnNegatives) on lines without")
        for mistake in mistakes { print("Privacy corpus mistake: \(mistake)") }

        #expect(lines.count >= 300)
        #expect(overall.precision >= 0.95, "overall precision fell below 0.95")
        #expect(overall.recall >= 0.95, "overall recall fell below 0.95")
        for kind in PersonalDataKind.allCases {
            let tally = tallies[kind, default: Tally()]
            #expect(tally.support >= 8, "\(kind.code) needs more examples in the corpus")
            #expect(tally.precision >= 0.9, "\(kind.code) precision \(tally.precision)")
            #expect(tally.recall >= 0.9, "\(kind.code) recall \(tally.recall)")
        }
    }

    static func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
