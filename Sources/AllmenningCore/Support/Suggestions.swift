import Foundation

/// "Did you mean …?" for misspelt field names, vocabulary terms, licence ids and aim codes.
public enum Suggestions {
    /// The candidates closest to `word`, best first, among those within a distance that
    /// still reads as a typo (about a third of the word's length).
    public static func closest(to word: String, among candidates: some Sequence<String>, limit: Int = 3,
                               normalise: (String) -> String = { $0.lowercased() }) -> [String] {
        let target = Array(normalise(word))
        let allowed = max(1, min(4, (target.count + 2) / 3))
        var scored: [(candidate: String, distance: Int)] = []
        for candidate in candidates {
            let normalised = Array(normalise(candidate))
            if abs(normalised.count - target.count) > allowed { continue }
            let distance = editDistance(target, normalised)
            if distance <= allowed { scored.append((candidate, distance)) }
        }
        return scored.sorted { ($0.distance, $0.candidate) < ($1.distance, $1.candidate) }
            .prefix(limit).map(\.candidate)
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// two neighbouring characters each cost one.
    public static func editDistance<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
