import AllmenningCatalogue
import AllmenningCore
import Foundation
import GitTestSupport
import GRDB
import Testing

@Suite("Ratings: one per teacher per resource, the policy, hiding a text, the limit on floods")
struct RatingWorkflowTests {
    /// The review fixture's catalogue and resource (owned by kari), with its users.
    static func fixture() throws -> (ReviewWorkflowFixture, RatingWorkflow) {
        let fixture = try ReviewWorkflowFixture()
        return (fixture, RatingWorkflow(store: fixture.store))
    }

    static func failure(_ body: () throws(StewardshipFailure) -> Void) -> StewardshipFailure? {
        do { try body(); return nil } catch { return error }
    }

    @Test("a teacher rates, rates again (replaced, not added); the average and count; students, owners and nobody are refused; scores outside 1–5 are bad input")
    func rateAndEdit() throws {
        let (fixture, ratings) = try Self.fixture()
        let id = ReviewFixture.id, start = ReviewFixture.start
        try ratings.rate(id, score: 2, text: "  Litt tynn.  ", by: try fixture.user("per"), at: start)
        var per = try ratings.rate(id, score: 4, text: "Bedre enn jeg trodde.", by: try fixture.user("per"), at: start.addingTimeInterval(60))
        #expect(per.score == 4 && per.text == "Bedre enn jeg trodde." && per.createdAt == start && per.updatedAt == start.addingTimeInterval(60))
        try ratings.rate(id, score: 5, text: nil, by: try fixture.user("ola"), at: start.addingTimeInterval(120))
        try ratings.rate(id, score: 3, text: "Grei.", by: try fixture.user("ada"), at: start.addingTimeInterval(180))
        var (summary, list) = try ratings.ratings(of: id)
        #expect(summary == RatingSummary(count: 3, average: 4))
        #expect(list.map(\.rater) == ["ada", "ola", "per"], "the latest changed first")
        #expect(list.first?.raterName == "Ada Nordmann" && list.first?.organisation == "Nygård skole")
        // Rating again without a text removes the text: the rating is replaced.
        per = try ratings.rate(id, score: 4, text: nil, by: try fixture.user("per"), at: start.addingTimeInterval(240))
        #expect(per.text == nil)
        (summary, list) = try ratings.ratings(of: id)
        #expect(summary.count == 3)

        #expect(Self.failure { () throws(StewardshipFailure) in try ratings.rate(id, score: 5, text: nil, by: try! fixture.user("elev"), at: start) }?.kind == .refused)
        let own = Self.failure { () throws(StewardshipFailure) in try ratings.rate(id, score: 5, text: nil, by: try! fixture.user("kari"), at: start) }
        #expect(own?.kind == .refused && own?.message.en == "You cannot rate your own resource.")
        #expect(Self.failure { () throws(StewardshipFailure) in try ratings.rate(id, score: 5, text: nil, by: .nobody, at: start) }?.kind == .refused)
        for score in [0, 6, -1] {
            #expect(Self.failure { () throws(StewardshipFailure) in try ratings.rate(id, score: score, text: nil, by: try! fixture.user("per"), at: start) }?.kind == .invalid)
        }
        let long = Self.failure { () throws(StewardshipFailure) in
            try ratings.rate(id, score: 3, text: String(repeating: "ord ", count: 600), by: try! fixture.user("per"), at: start)
        }
        #expect(long?.kind == .invalid)
        #expect(Self.failure { () throws(StewardshipFailure) in try ratings.rate("01NOPE", score: 3, text: nil, by: try! fixture.user("per"), at: start) }?.kind == .notFound)
        // A student's resource is not public yet: nobody rates it.
        try fixture.store.setOwner(ofRepository: Indexer.location(of: fixture.base.repository), to: "elev", by: .installation, at: start)
        let pupils = Self.failure { () throws(StewardshipFailure) in try ratings.rate(id, score: 3, text: nil, by: try! fixture.user("per"), at: start) }
        #expect(pupils?.kind == .refused && pupils?.message.en.contains("not published yet") == true)
        #expect(try ratings.ratings(of: id).summary == RatingSummary(count: 3, average: 4))
        // Once a teacher has approved its publication, it is public and teachers rate it.
        _ = try Publication(store: fixture.store).approve(id, by: try fixture.user("kari"), at: start)
        _ = try ratings.rate(id, score: 4, text: nil, by: try fixture.user("per"), at: start)
    }

    @Test("a reviewer hides an abusive text: kept in the table with who, when and why, in the audit log, not shown; the rater can change the score but not the text; teachers may not hide; hiding what is hidden or absent is a conflict")
    func hideText() throws {
        let (fixture, ratings) = try Self.fixture()
        let id = ReviewFixture.id, start = ReviewFixture.start
        try ratings.rate(id, score: 1, text: "Forfatteren er en idiot.", by: try fixture.user("per"), at: start)
        let byTeacher = Self.failure { () throws(StewardshipFailure) in
            try ratings.hideText(of: id, rater: "per", reason: "Krenkende.", by: try! fixture.user("kari"), at: start)
        }
        #expect(byTeacher?.kind == .refused && byTeacher?.message.en.contains("Only reviewers and administrators may hide") == true)
        #expect(Self.failure { () throws(StewardshipFailure) in try ratings.hideText(of: id, rater: "per", reason: " ", by: try! fixture.user("ola"), at: start) }?.kind == .invalid)
        #expect(Self.failure { () throws(StewardshipFailure) in try ratings.hideText(of: id, rater: "ada", reason: "x", by: try! fixture.user("ola"), at: start) }?.kind == .notFound)

        let hidden = try ratings.hideText(of: id, rater: "per", reason: "Personangrep.", by: try fixture.user("ola"), at: start.addingTimeInterval(60))
        #expect(hidden.hidden?.at == start.addingTimeInterval(60) && hidden.hidden?.by == "ola" && hidden.hidden?.reason == "Personangrep.")
        #expect(hidden.text == "Forfatteren er en idiot." && hidden.shownText == nil)
        let row = try DatabaseQueue(path: fixture.store.file.path).read { db in
            try Row.fetchOne(db, sql: "SELECT text, hidden_reason, hidden_by FROM ratings")
        }
        #expect(row?["text"] as String? == "Forfatteren er en idiot." && row?["hidden_reason"] as String? == "Personangrep.")
        let entry = try #require(try fixture.store.auditEntries(since: nil, limit: nil).last)
        #expect(entry.action == "rating.hide" && entry.actor == "ola" && entry.subject == id)
        #expect(entry.details["rater"] == "per" && entry.details["reason"] == "Personangrep.")
        #expect(Self.failure { () throws(StewardshipFailure) in
            try ratings.hideText(of: id, rater: "per", reason: "Igjen.", by: try! fixture.user("ada"), at: start)
        }?.kind == .conflict, "hidden already")

        // The rater may change the score; a new text would put the hidden one out of sight.
        let newText = Self.failure { () throws(StewardshipFailure) in
            try ratings.rate(id, score: 2, text: "Ny tekst.", by: try! fixture.user("per"), at: start.addingTimeInterval(120))
        }
        #expect(newText?.kind == .refused)
        let rescored = try ratings.rate(id, score: 2, text: nil, by: try fixture.user("per"), at: start.addingTimeInterval(180))
        #expect(rescored.score == 2 && rescored.text == "Forfatteren er en idiot." && rescored.hidden != nil)
        #expect(try ratings.ratings(of: id).summary == RatingSummary(count: 1, average: 2), "a hidden text's score counts")
        try ratings.rate(id, score: 4, text: nil, by: try fixture.user("ada"), at: start)
        #expect(Self.failure { () throws(StewardshipFailure) in
            try ratings.hideText(of: id, rater: "ada", reason: "Ingen tekst.", by: try! fixture.user("ola"), at: start)
        }?.kind == .conflict, "no text to hide")
    }

    @Test("a flood from one account: the 21st rating write within an hour is refused with when to try again, counted in the catalogue across workflows; others are not held back; after the hour it works")
    func flood() throws {
        let (fixture, _) = try Self.fixture()
        let id = ReviewFixture.id, start = ReviewFixture.start
        let per = try fixture.user("per")
        // Two workflows over one catalogue file: the command line and the server, say.
        let first = RatingWorkflow(store: fixture.store)
        let second = RatingWorkflow(store: try SQLiteCatalogue(file: fixture.store.file))
        for minute in 0..<RatingLimit.standard.writes {
            try (minute.isMultiple(of: 2) ? first : second).rate(id, score: minute % 5 + 1, text: "Forsøk \(minute)", by: per, at: start.addingTimeInterval(Double(minute) * 60))
        }
        let refused = Self.failure { () throws(StewardshipFailure) in try second.rate(id, score: 5, text: nil, by: per, at: start.addingTimeInterval(30 * 60)) }
        #expect(refused?.kind == .tooMany)
        #expect(refused?.message.en == "You have written 20 ratings in the last hour, which is the limit. Try again in 30 minutes.", "\(String(describing: refused))")
        let retryAfter = try #require(refused?.retryAfter, "a refusal for too many says when to try again")
        #expect(abs(retryAfter - 30 * 60) < 0.001, "the first write leaves the window at minute 60, 30 minutes on: \(retryAfter)")
        #expect(try first.ratings(of: id).ratings.first?.text == "Forsøk 19", "the refused write changed nothing")
        // Someone else is not held back.
        try first.rate(id, score: 4, text: nil, by: try fixture.user("ola"), at: start.addingTimeInterval(30 * 60))
        // An hour after the first write, one more is allowed, and then the limit holds again.
        try first.rate(id, score: 3, text: nil, by: per, at: start.addingTimeInterval(3600))
        #expect(Self.failure { () throws(StewardshipFailure) in try first.rate(id, score: 3, text: nil, by: per, at: start.addingTimeInterval(3601)) }?.kind == .tooMany)
        // Old writes are not kept beyond the window.
        let kept = try DatabaseQueue(path: fixture.store.file.path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM rating_writes") }
        #expect(kept == 21, "per's 20 within the hour and ola's 1")
    }
}

@Suite("Ratings: the API description says the rules the workflow applies")
struct RatingRulesInTheAPIDescriptionTests {
    /// schemathesis sends every reason the pattern matches expecting it taken, and others
    /// expecting them refused: the pattern's "not only white space" must be Foundation's.
    @Test("a hiding's reason is refused as empty exactly when the API description's pattern finds nothing but white space")
    func reasonPatternIsTheTrimmedSet() throws {
        let description = try String(contentsOf: CatalogueSchemaTests.packageRoot.appendingPathComponent("Schemas/openapi.yaml"), encoding: .utf8)
        let lines = description.split(separator: "\n", omittingEmptySubsequences: false)
        let reason = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "reason:" })
        let line = try #require(lines[reason...].first { $0.contains("pattern: '") })
        let regex = try NSRegularExpression(pattern: String(line.drop { $0 != "'" }.dropFirst().dropLast()))
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            let matched = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            #expect(matched == !CharacterSet.whitespacesAndNewlines.contains(scalar), "U+\(String(value, radix: 16, uppercase: true))")
        }
    }
}
