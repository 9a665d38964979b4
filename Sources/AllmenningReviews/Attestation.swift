import AllmenningCore
import Foundation

/// What one person decided about one exact version (commit) of one resource: submitted it for
/// review, asked for changes, or approved it, with the rubric used and a score and comment per
/// criterion. Signed by the installation (`SignedAttestation`) and kept as a git note on the
/// commit, so that an approval can never be mistaken for one of another version.
public struct Attestation: Sendable, Equatable {
    /// The attestation format this build writes and reads.
    public static let format = 1

    public enum Decision: String, Sendable, CaseIterable, Codable {
        case submittedForReview = "submitted-for-review"
        case changesRequested = "changes-requested"
        case approved
    }

    /// The person who decided: for a submission, who submitted; otherwise the reviewer. A
    /// plain value: the caller has checked who they are and that they may decide.
    public struct Person: Sendable, Equatable {
        /// The account's user name.
        public var user: String
        /// The name shown with the decision.
        public var name: String
        /// The school or municipality they decide for, as text.
        public var organisation: String?

        public init(user: String, name: String, organisation: String? = nil) {
            self.user = user
            self.name = name
            self.organisation = organisation
        }
    }

    /// A criterion of the rubric used, with its scale, as the attestation records it: what the
    /// scores meant then, whatever the rubric file says later.
    public struct Criterion: Sendable, Equatable {
        public var id: String
        public var minimum: Int
        public var maximum: Int

        public init(id: String, minimum: Int, maximum: Int) {
            self.id = id
            self.minimum = minimum
            self.maximum = maximum
        }
    }

    public struct Rubric: Sendable, Equatable {
        public var id: String
        public var criteria: [Criterion]

        public init(id: String, criteria: [Criterion]) {
            self.id = id
            self.criteria = criteria
        }

        public init(_ rubric: ReviewRubric) {
            self.init(id: rubric.id, criteria: rubric.criteria.map { Criterion(id: $0.id, minimum: $0.scale.minimum, maximum: $0.scale.maximum) })
        }
    }

    /// One criterion's assessment: a score on its scale, a comment, or both.
    public struct Score: Sendable, Equatable {
        public var criterion: String
        public var score: Int?
        public var comment: String?

        public init(criterion: String, score: Int? = nil, comment: String? = nil) {
            self.criterion = criterion
            self.score = score
            self.comment = comment
        }
    }

    /// The resource's manifest id.
    public var resource: String
    /// The commit, all 40 hexadecimal characters.
    public var commit: String
    public var decision: Decision
    public var reviewer: Person
    public var date: Date
    /// When an approval stops counting and the review is due; approvals only.
    public var expires: Date?
    public var rubric: Rubric
    public var scores: [Score]
    /// The overall comment.
    public var comment: String?

    public init(resource: String, commit: String, decision: Decision, reviewer: Person, date: Date, expires: Date? = nil,
                rubric: Rubric, scores: [Score] = [], comment: String? = nil) {
        self.resource = resource
        self.commit = commit
        self.decision = decision
        self.reviewer = reviewer
        // Times are recorded to the second; holding them so keeps a read attestation equal to
        // the one that was written.
        self.date = Self.wholeSeconds(date)
        self.expires = expires.map(Self.wholeSeconds)
        self.rubric = rubric
        self.scores = scores
        self.comment = comment
    }

    /// Whether an approval counts at `date`.
    public func isExpired(at date: Date) -> Bool {
        guard let expires else { return false }
        return expires <= date
    }

    // MARK: Rules

    /// What makes an attestation meaningful, checked before signing and again when read: a
    /// full commit id, an approval that scores every criterion on its scale and expires after
    /// it was made, a request for changes that says what to change. Nil when it holds.
    public func problem() -> LocalizedText? {
        if commit.count != 40 || !commit.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) {
            return LocalizedText(nb: "«\(commit.prefix(60))» er ikke en hel commit-id (40 heksadesimale tegn).",
                                 en: "\"\(commit.prefix(60))\" is not a full commit id (40 hexadecimal characters).")
        }
        if resource.trimmingCharacters(in: .whitespaces).isEmpty || resource.count > 100 {
            return LocalizedText(nb: "Ressursens id mangler.", en: "The resource's id is missing.")
        }
        if reviewer.user.trimmingCharacters(in: .whitespaces).isEmpty || reviewer.name.trimmingCharacters(in: .whitespaces).isEmpty {
            return LocalizedText(nb: "Hvem som bestemte (brukernavn og navn) mangler.", en: "Who decided (user name and name) is missing.")
        }
        if rubric.criteria.isEmpty || Set(rubric.criteria.map(\.id)).count != rubric.criteria.count {
            return LocalizedText(nb: "Vurderingsmalen «\(rubric.id)» har ingen kriterier, eller et kriterium to ganger.",
                                 en: "The rubric \"\(rubric.id)\" has no criteria, or a criterion twice.")
        }
        if let bad = rubric.criteria.first(where: { $0.minimum >= $0.maximum }) {
            return LocalizedText(nb: "Kriteriet «\(bad.id)» har ingen gyldig skala.", en: "The criterion \"\(bad.id)\" has no valid scale.")
        }
        var seen: Set<String> = []
        for score in scores {
            guard let criterion = rubric.criteria.first(where: { $0.id == score.criterion }) else {
                return LocalizedText(nb: "«\(score.criterion)» er ikke et kriterium i vurderingsmalen «\(rubric.id)». Kriteriene er: \(rubric.criteria.map(\.id).joined(separator: ", ")).",
                                     en: "\"\(score.criterion)\" is not a criterion of the rubric \"\(rubric.id)\". The criteria are: \(rubric.criteria.map(\.id).joined(separator: ", ")).")
            }
            guard seen.insert(score.criterion).inserted else {
                return LocalizedText(nb: "Kriteriet «\(score.criterion)» er vurdert to ganger.", en: "The criterion \"\(score.criterion)\" is assessed twice.")
            }
            if let value = score.score, !(criterion.minimum...criterion.maximum).contains(value) {
                return LocalizedText(nb: "\(value) for «\(score.criterion)» er utenfor skalaen \(criterion.minimum)–\(criterion.maximum).",
                                     en: "\(value) for \"\(score.criterion)\" is outside the scale \(criterion.minimum)–\(criterion.maximum).")
            }
            if score.score == nil && (score.comment ?? "").isEmpty {
                return LocalizedText(nb: "«\(score.criterion)» har verken poeng eller kommentar.", en: "\"\(score.criterion)\" has neither a score nor a comment.")
            }
        }
        switch decision {
        case .approved:
            let unscored = rubric.criteria.filter { criterion in !scores.contains { $0.criterion == criterion.id && $0.score != nil } }
            if !unscored.isEmpty {
                return LocalizedText(nb: "En godkjenning gir poeng for hvert kriterium; disse mangler: \(unscored.map(\.id).joined(separator: ", ")).",
                                     en: "An approval scores every criterion; these are missing: \(unscored.map(\.id).joined(separator: ", ")).")
            }
            guard let expires, expires > date else {
                return LocalizedText(nb: "En godkjenning trenger en utløpsdato etter datoen den ble gitt.",
                                     en: "An approval needs an expiry date after the date it was given.")
            }
        case .changesRequested:
            if expires != nil {
                return LocalizedText(nb: "Bare en godkjenning har utløpsdato.", en: "Only an approval has an expiry date.")
            }
            if (comment ?? "").isEmpty && !scores.contains(where: { !($0.comment ?? "").isEmpty }) {
                return LocalizedText(nb: "Den som ber om endringer, må si hva som skal endres: skriv en kommentar, samlet eller til et kriterium.",
                                     en: "Whoever asks for changes must say what to change: write a comment, overall or on a criterion.")
            }
        case .submittedForReview:
            if expires != nil {
                return LocalizedText(nb: "Bare en godkjenning har utløpsdato.", en: "Only an approval has an expiry date.")
            }
            if scores.contains(where: { $0.score != nil }) {
                return LocalizedText(nb: "Den som sender inn til vurdering, gir ikke poeng.", en: "A submission for review gives no scores.")
            }
        }
        return nil
    }

    // MARK: JSON

    /// The attestation as the JSON value that is signed. Absent values are left out rather
    /// than null, so that the text has one form.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "format": .integer(Self.format),
            "resource": .string(resource),
            "commit": .string(commit),
            "decision": .string(decision.rawValue),
            "reviewer": .object(["user": .string(reviewer.user), "name": .string(reviewer.name)]
                .merging(reviewer.organisation.map { ["organisation": .string($0)] } ?? [:]) { $1 }),
            "date": .string(Self.timestamp(date)),
            "rubric": .object(["id": .string(rubric.id), "criteria": .array(rubric.criteria.map { criterion in
                .object(["id": .string(criterion.id), "min": .integer(criterion.minimum), "max": .integer(criterion.maximum)])
            })]),
            "scores": .array(scores.map { score in
                var entry: [String: JSONValue] = ["criterion": .string(score.criterion)]
                if let value = score.score { entry["score"] = .integer(value) }
                if let comment = score.comment { entry["comment"] = .string(comment) }
                return .object(entry)
            }),
        ]
        if let expires { object["expires"] = .string(Self.timestamp(expires)) }
        if let comment { object["comment"] = .string(comment) }
        return .object(object)
    }

    /// Reads an attestation from its JSON value. Every field is checked, and unknown fields
    /// are refused: a field this build would drop could not be part of what it verifies.
    public init(json: JSONValue) throws(AttestationProblem) {
        func malformed(_ what: String) -> AttestationProblem { .malformed(what) }
        guard let object = json.objectValue else { throw malformed("not a JSON object") }
        guard let format = object["format"]?.integerValue else { throw malformed("no format") }
        guard format == Self.format else { throw .unsupportedFormat(format) }
        let known: Set<String> = ["format", "resource", "commit", "decision", "reviewer", "date", "expires", "rubric", "scores", "comment"]
        if let unknown = object.keys.first(where: { !known.contains($0) }) { throw malformed("unknown field \(unknown)") }
        func string(_ value: JSONValue?, _ field: String) throws(AttestationProblem) -> String {
            guard let text = value?.stringValue else { throw malformed("\(field) is missing or not a text") }
            return text
        }
        func date(_ value: JSONValue?, _ field: String) throws(AttestationProblem) -> Date {
            let text = try string(value, field)
            guard let parsed = Self.date(text) else { throw malformed("\(field) is not a time like 2025-03-01T10:00:00Z") }
            return parsed
        }
        guard let decision = Decision(rawValue: try string(object["decision"], "decision")) else { throw malformed("unknown decision") }
        guard let reviewer = object["reviewer"]?.objectValue, Set(reviewer.keys).isSubset(of: ["user", "name", "organisation"]) else {
            throw malformed("reviewer is missing or has unknown fields")
        }
        guard let rubric = object["rubric"]?.objectValue, Set(rubric.keys) == ["id", "criteria"], let criteria = rubric["criteria"]?.arrayValue else {
            throw malformed("rubric is missing or malformed")
        }
        var parsedCriteria: [Criterion] = []
        for criterion in criteria {
            guard let fields = criterion.objectValue, Set(fields.keys) == ["id", "min", "max"], let id = fields["id"]?.stringValue,
                  let minimum = fields["min"]?.integerValue, let maximum = fields["max"]?.integerValue else {
                throw malformed("a criterion of the rubric is malformed")
            }
            parsedCriteria.append(Criterion(id: id, minimum: minimum, maximum: maximum))
        }
        guard let scores = object["scores"]?.arrayValue else { throw malformed("scores are missing") }
        var parsedScores: [Score] = []
        for score in scores {
            guard let fields = score.objectValue, Set(fields.keys).isSubset(of: ["criterion", "score", "comment"]),
                  let criterion = fields["criterion"]?.stringValue else { throw malformed("a score is malformed") }
            if let value = fields["score"], value.integerValue == nil { throw malformed("a score is not a whole number") }
            if let value = fields["comment"], value.stringValue == nil { throw malformed("a comment is not a text") }
            parsedScores.append(Score(criterion: criterion, score: fields["score"]?.integerValue, comment: fields["comment"]?.stringValue))
        }
        if let value = reviewer["organisation"], value.stringValue == nil { throw malformed("reviewer.organisation is not a text") }
        self.init(resource: try string(object["resource"], "resource"), commit: try string(object["commit"], "commit"), decision: decision,
                  reviewer: Person(user: try string(reviewer["user"], "reviewer.user"), name: try string(reviewer["name"], "reviewer.name"),
                                   organisation: reviewer["organisation"]?.stringValue),
                  date: try date(object["date"], "date"), expires: try object["expires"].map { value throws(AttestationProblem) in try date(value, "expires") },
                  rubric: Rubric(id: try string(rubric["id"], "rubric.id"), criteria: parsedCriteria), scores: parsedScores,
                  comment: try object["comment"].map { value throws(AttestationProblem) in try string(value, "comment") })
    }

    /// UTC to the second: the form attestations record times in.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    static func date(_ text: String) -> Date? {
        guard let date = try? Date(text, strategy: .iso8601), timestamp(date) == text else { return nil }
        return date
    }
}
