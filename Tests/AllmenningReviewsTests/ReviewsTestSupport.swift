import AllmenningCore
import AllmenningGit
import AllmenningReviews
import Foundation
import GitTestSupport

let resourceID = "01M82FGXV1GADSC78Z5PVSGCYE"
let reviewer = Attestation.Person(user: "ola", name: "Ola Nordmann", organisation: "Eksempel kommune")
let day: TimeInterval = 86_400
let start = Date(timeIntervalSince1970: 1_767_000_000)

/// A resource repository made by the git command line, with `commits` versions on main.
func makeResource(at url: URL, id: String = resourceID, commits: Int = 1) throws -> [String] {
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    try GitCommandLine.run(["init", "-q", "-b", "main"], in: url)
    try GitCommandLine.write("""
        manifest: 1
        id: \(id)
        title: { nb: Brøk med pizza }
        language: [nb]
        kind: teacher
        licence: CC-BY-SA-4.0
        """, to: "resource.yaml", in: url)
    var ids: [String] = []
    for number in 1...commits {
        try GitCommandLine.write("# Brøk\n\nVersjon \(number).\n", to: "index.md", in: url)
        try GitCommandLine.run(["add", "-A"], in: url)
        try GitCommandLine.run(["commit", "-q", "-m", "Version \(number)"], in: url)
        ids.append(try GitCommandLine.run(["rev-parse", "HEAD"], in: url).trimmingCharacters(in: .whitespacesAndNewlines))
    }
    return ids
}

/// Scores for every criterion of the built-in rubric.
func fullScores(_ score: Int = 3) -> [Attestation.Score] {
    ReviewRubric.builtIn.criteria.map { Attestation.Score(criterion: $0.id, score: score, comment: "Greit for \($0.id).") }
}

func approval(of commit: String, at date: Date = start, validFor days: Double = 365) -> Attestation {
    Attestation(resource: resourceID, commit: commit, decision: .approved, reviewer: reviewer, date: date,
                expires: date.addingTimeInterval(days * day), rubric: Attestation.Rubric(ReviewRubric.builtIn),
                scores: fullScores(), comment: "Godt faglig opplegg.")
}
