import Foundation
import Yams

/// A reviewer's scores and comments per criterion of a rubric, as they write them in a file
/// for `allmenning review approve|request-changes --rubric FILE` (a form on the server gives
/// the same values):
///
/// ```yaml
/// subject-quality: 4                                  # a score alone
/// universal-design: { score: 3, comment: Figur 2 mangler alternativ tekst. }
/// privacy: { comment: Ingen personopplysninger. }     # a comment alone
/// ```
///
/// Read against the rubric in force, so that a mistake is reported on its line with what the
/// rubric allows; whether every criterion is scored is the decision's rule, checked by the
/// caller (an approval needs them all, a request for changes does not).
public struct ReviewAssessment: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var criterion: String
        public var score: Int?
        public var comment: String?
        /// Where it is written, for messages about it.
        public var line: Int

        public init(criterion: String, score: Int? = nil, comment: String? = nil, line: Int = 1) {
            self.criterion = criterion
            self.score = score
            self.comment = comment
            self.line = line
        }
    }

    /// In the order written.
    public var entries: [Entry]
    /// The file it was read from, for messages about it.
    public var file: String?

    public init(entries: [Entry], file: String? = nil) {
        self.entries = entries
        self.file = file
    }

    /// The criteria of `rubric` no entry gives a score.
    public func unscored(in rubric: ReviewRubric) -> [ReviewRubric.Criterion] {
        rubric.criteria.filter { criterion in !entries.contains { $0.criterion == criterion.id && $0.score != nil } }
    }

    /// The assessment in the file at `url`, checked against `rubric`.
    public static func load(from url: URL, rubric: ReviewRubric) throws(ReviewRubric.Problem) -> ReviewAssessment {
        let data: Data
        do { data = try ManifestSource.read(url) } catch {
            let reason = switch error {
            case .notAFile: LocalizedText(nb: "Fila finnes ikke (eller er ikke en fil).", en: "The file does not exist (or is not a file).")
            case let .tooLarge(bytes): LocalizedText(nb: "Fila er for stor (\(bytes) byte).", en: "The file is too large (\(bytes) bytes).")
            default: LocalizedText(nb: "Fila kan ikke leses (\(error)).", en: "The file cannot be read (\(error)).")
            }
            throw ReviewRubric.Problem(file: url.path, line: 1, message: reason)
        }
        do {
            var assessment = try parse(data, rubric: rubric)
            assessment.file = url.path
            return assessment
        } catch {
            var problem = error
            problem.file = url.path
            throw problem
        }
    }

    public static func parse(_ data: Data, rubric: ReviewRubric) throws(ReviewRubric.Problem) -> ReviewAssessment {
        let root: Node
        do { root = try ManifestSource.parse(data) } catch {
            let detail = ReviewRubric.yamlProblem(error)
            throw ReviewRubric.Problem(line: error.line, message: LocalizedText(nb: "Ikke gyldig YAML (\(detail)). \(example(rubric).nb)",
                                                                                en: "Not valid YAML (\(detail)). \(example(rubric).en)"))
        }
        guard let pairs = root.mapping else {
            throw ReviewRubric.Problem(line: line(root), message: LocalizedText(
                nb: "Fila skal være kriterier med poeng og kommentar. \(example(rubric).nb)",
                en: "The file must be criteria with a score and a comment. \(example(rubric).en)"))
        }
        let known = rubric.criteria.map(\.id)
        var entries: [Entry] = []
        for (key, value) in pairs {
            let id = key.string ?? ""
            guard let criterion = rubric.criterion(id) else {
                let suggestion = Suggestions.closest(to: id, among: known).first.map { " (\($0)?)" } ?? ""
                throw ReviewRubric.Problem(line: line(key), message: LocalizedText(
                    nb: "«\(id)» er ikke et kriterium i vurderingsmalen «\(rubric.id)»\(suggestion). Kriteriene er: \(known.joined(separator: ", ")).",
                    en: "\"\(id)\" is not a criterion of the rubric \"\(rubric.id)\"\(suggestion). The criteria are: \(known.joined(separator: ", "))."))
            }
            var entry = Entry(criterion: id, line: line(key))
            switch value {
            case .scalar(let scalar):
                entry.score = try score(scalar.string, at: value, for: criterion)
            case .mapping(let fields):
                for (field, fieldValue) in fields {
                    let name = field.string ?? ""
                    guard case .scalar(let scalar) = fieldValue else {
                        throw ReviewRubric.Problem(line: line(fieldValue), message: LocalizedText(
                            nb: "«\(id).\(name)» skal være \(name == "score" ? "et heltall" : "en tekst").",
                            en: "\"\(id).\(name)\" must be \(name == "score" ? "a whole number" : "a text")."))
                    }
                    switch name {
                    case "score": entry.score = try score(scalar.string, at: fieldValue, for: criterion)
                    case "comment":
                        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
                        entry.comment = text.isEmpty ? nil : text
                    default:
                        throw ReviewRubric.Problem(line: line(field), message: LocalizedText(
                            nb: "«\(name)» under «\(id)» er ikke kjent: skriv score (poeng) og comment (kommentar).",
                            en: "\"\(name)\" under \"\(id)\" is not known: write score and comment."))
                    }
                }
                if entry.score == nil && entry.comment == nil {
                    throw ReviewRubric.Problem(line: line(key), message: LocalizedText(
                        nb: "«\(id)» har verken poeng (score) eller kommentar (comment). Gi det ett av dem, eller ta det bort.",
                        en: "\"\(id)\" has neither a score nor a comment. Give it one of them, or leave it out."))
                }
            default:
                throw ReviewRubric.Problem(line: line(value), message: LocalizedText(
                    nb: "«\(id)» skal være poeng (\(criterion.scale.minimum)–\(criterion.scale.maximum)) eller { score: …, comment: … }.",
                    en: "\"\(id)\" must be a score (\(criterion.scale.minimum)–\(criterion.scale.maximum)) or { score: …, comment: … }."))
            }
            entries.append(entry)
        }
        return ReviewAssessment(entries: entries)
    }

    private static func score(_ text: String, at node: Node, for criterion: ReviewRubric.Criterion) throws(ReviewRubric.Problem) -> Int {
        guard let value = Int(text), criterion.scale.contains(value) else {
            throw ReviewRubric.Problem(line: line(node), message: LocalizedText(
                nb: "«\(text)» er ikke poeng for «\(criterion.id)»: skriv et heltall fra \(criterion.scale.minimum) til \(criterion.scale.maximum).",
                en: "\"\(text)\" is not a score for \"\(criterion.id)\": write a whole number from \(criterion.scale.minimum) to \(criterion.scale.maximum)."))
        }
        return value
    }

    private static func line(_ node: Node) -> Int { node.mark?.line ?? 1 }

    /// What a file for this rubric looks like, for messages.
    static func example(_ rubric: ReviewRubric) -> LocalizedText {
        let first = rubric.criteria.first.map(\.id) ?? "subject-quality"
        return LocalizedText(nb: "Skriv for eksempel «\(first): { score: 3, comment: … }», ett kriterium per linje.",
                             en: "Write for example \"\(first): { score: 3, comment: … }\", one criterion a line.")
    }
}
