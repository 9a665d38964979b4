import Foundation
import Yams

/// What a reviewer checks before approving a version, and the scale each criterion is scored
/// on: configuration, read from a YAML file (Content/review-rubric.yaml is the default, built
/// in as `ReviewRubric.builtIn`; an installation names its own in config.yaml).
///
/// ```yaml
/// rubric: 1
/// id: allmenning-2025
/// name: { nb: …, nn: …, en: … }
/// scale: { min: 1, max: 4, labels: { 1: { nb: …, en: … }, … } }   # for criteria without their own
/// criteria:
///   - { id: subject-quality, label: { nb: …, en: … }, description: { nb: …, en: … }, scale: … }
/// ```
public struct ReviewRubric: Sendable, Equatable {
    public struct Scale: Sendable, Equatable, Codable {
        public var minimum: Int
        public var maximum: Int
        /// What a score means, by score (not every score needs a label).
        public var labels: [Int: LanguageMap]

        public init(minimum: Int, maximum: Int, labels: [Int: LanguageMap] = [:]) {
            self.minimum = minimum
            self.maximum = maximum
            self.labels = labels
        }

        public func contains(_ score: Int) -> Bool { (minimum...maximum).contains(score) }
    }

    public struct Criterion: Sendable, Equatable {
        /// Stable: approvals record it.
        public var id: String
        public var label: LanguageMap
        /// What the reviewer checks.
        public var description: LanguageMap
        public var scale: Scale
    }

    /// Stable: approvals record it, so a changed rubric gets a new id.
    public var id: String
    public var name: LanguageMap
    public var criteria: [Criterion]

    public func criterion(_ id: String) -> Criterion? { criteria.first { $0.id == id } }

    /// A mistake in a rubric file: the file (when known), the line, and what to write instead.
    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public var file: String?
        public var line: Int
        public var message: LocalizedText
        public var description: String { "\(file ?? "rubric"):\(line): \(message.en)" }
    }

    /// The rubric in the file at `url`.
    public static func load(from url: URL) throws(Problem) -> ReviewRubric {
        let data: Data
        do { data = try ManifestSource.read(url) } catch {
            let reason = switch error {
            case .notAFile: LocalizedText(nb: "Fila finnes ikke (eller er ikke en fil).", en: "The file does not exist (or is not a file).")
            case let .tooLarge(bytes): LocalizedText(nb: "Fila er for stor (\(bytes) byte).", en: "The file is too large (\(bytes) bytes).")
            default: LocalizedText(nb: "Fila kan ikke leses (\(error)).", en: "The file cannot be read (\(error)).")
            }
            throw Problem(file: url.path, line: 1, message: reason)
        }
        do { return try parse(data) } catch {
            var problem = error
            problem.file = url.path
            throw problem
        }
    }

    /// What is wrong with a rubric's or an assessment's YAML, for its "Not valid YAML (…)".
    static func yamlProblem(_ error: ManifestSource.Problem) -> String {
        switch error {
        case let .syntax(_, column, problem): "column \(column): \(problem)"
        case let .duplicateKey(_, _, key): "\(key) appears twice"
        case .empty: "the file is empty"
        default: "\(error)"
        }
    }

    public static func parse(_ data: Data) throws(Problem) -> ReviewRubric {
        let root: Node
        do { root = try ManifestSource.parse(data) } catch {
            let detail = ReviewRubric.yamlProblem(error)
            throw Problem(line: error.line, message: LocalizedText(nb: "Ikke gyldig YAML (\(detail)).", en: "Not valid YAML (\(detail))."))
        }
        let reader = Reader()
        let top = try reader.mapping(root, "the rubric", allowed: ["rubric", "id", "name", "scale", "criteria"])
        guard let format = top["rubric"] else {
            throw Problem(line: Reader.line(root), message: LocalizedText(
                nb: "Fila mangler «rubric: 1» øverst, som sier at den er en vurderingsmal (og hvilken versjon av formatet).",
                en: "The file lacks \"rubric: 1\" at the top, which says it is a review rubric (and which version of the format)."))
        }
        guard try reader.text(format, "rubric") == "1" else {
            throw Problem(line: Reader.line(format), message: LocalizedText(
                nb: "Denne versjonen av Allmenning leser bare «rubric: 1».", en: "This version of Allmenning reads only \"rubric: 1\"."))
        }
        let id = try reader.identifier(top["id"], "id", in: root)
        let name = try reader.languageMap(top["name"], "name", in: root)
        let shared = try top["scale"].map { node throws(Problem) in try reader.scale(node, "scale") }
        guard let criteriaNode = top["criteria"] else { throw reader.missing("criteria", in: root) }
        guard let items = criteriaNode.sequence, !items.isEmpty else {
            throw Reader.expected("criteria", "a list of criteria", at: criteriaNode)
        }
        var criteria: [Criterion] = []
        for item in items {
            let fields = try reader.mapping(item, "a criterion", allowed: ["id", "label", "description", "scale"])
            let criterionID = try reader.identifier(fields["id"], "id", in: item)
            if criteria.contains(where: { $0.id == criterionID }) {
                throw Problem(line: Reader.line(fields["id"]!), message: LocalizedText(
                    nb: "Kriteriet «\(criterionID)» står to ganger. Hvert kriterium trenger sin egen id.",
                    en: "The criterion \"\(criterionID)\" appears twice. Each criterion needs an id of its own."))
            }
            let scale: Scale
            if let node = fields["scale"] {
                scale = try reader.scale(node, "scale")
            } else if let shared {
                scale = shared
            } else {
                throw Problem(line: Reader.line(item), message: LocalizedText(
                    nb: "Kriteriet «\(criterionID)» har ingen skala: gi det «scale: { min: 1, max: 4 }», eller gi hele malen en «scale» øverst.",
                    en: "The criterion \"\(criterionID)\" has no scale: give it \"scale: { min: 1, max: 4 }\", or give the whole rubric a \"scale\" at the top."))
            }
            criteria.append(Criterion(id: criterionID, label: try reader.languageMap(fields["label"], "label", in: item),
                                      description: try reader.languageMap(fields["description"], "description", in: item), scale: scale))
        }
        return ReviewRubric(id: id, name: name, criteria: criteria)
    }

    /// Content/review-rubric.yaml, as this build carries it.
    public static let builtIn: ReviewRubric = {
        do { return try parse(Data(builtInText.utf8)) } catch {
            preconditionFailure("The built-in review rubric does not parse: \(error)")
        }
    }()
}

/// Walks a rubric's YAML nodes, turning each mismatch into a problem on its line.
private struct Reader {
    static func line(_ node: Node) -> Int { node.mark?.line ?? 1 }

    static func expected(_ field: String, _ what: String, at node: Node) -> ReviewRubric.Problem {
        let norwegian = ["a mapping": "en samling felt (nøkkel: verdi)", "a text": "en tekst", "a whole number": "et heltall",
                         "a list of criteria": "en liste med kriterier",
                         "texts per language": "tekster per språk ({ nb: …, nn: …, en: … })"][what] ?? what
        return ReviewRubric.Problem(line: line(node), message: LocalizedText(nb: "«\(field)» skal være \(norwegian).", en: "\"\(field)\" must be \(what)."))
    }

    func missing(_ field: String, in node: Node) -> ReviewRubric.Problem {
        ReviewRubric.Problem(line: Self.line(node), message: LocalizedText(nb: "«\(field)» mangler.", en: "\"\(field)\" is missing."))
    }

    func mapping(_ node: Node, _ what: String, allowed: Set<String>) throws(ReviewRubric.Problem) -> [String: Node] {
        guard let pairs = node.mapping else { throw Self.expected(what, "a mapping", at: node) }
        var result: [String: Node] = [:]
        for (key, value) in pairs {
            let name = key.string ?? ""
            guard allowed.contains(name) else {
                let suggestion = Suggestions.closest(to: name, among: Array(allowed)).first.map { " (\($0)?)" } ?? ""
                throw ReviewRubric.Problem(line: Self.line(key), message: LocalizedText(
                    nb: "«\(name)» er ikke et felt i \(what == "the rubric" ? "malen" : what == "a criterion" ? "et kriterium" : what)\(suggestion). Kjente felt: \(allowed.sorted().joined(separator: ", ")).",
                    en: "\"\(name)\" is not a field of \(what)\(suggestion). Known fields: \(allowed.sorted().joined(separator: ", "))."))
            }
            result[name] = value
        }
        return result
    }

    func text(_ node: Node, _ field: String) throws(ReviewRubric.Problem) -> String {
        guard case let .scalar(scalar) = node else { throw Self.expected(field, "a text", at: node) }
        return scalar.string
    }

    /// An id recorded in approvals: small letters, digits and hyphens.
    func identifier(_ node: Node?, _ field: String, in parent: Node) throws(ReviewRubric.Problem) -> String {
        guard let node else { throw missing(field, in: parent) }
        let value = try text(node, field)
        guard value.wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) != nil, value.count <= 64 else {
            throw ReviewRubric.Problem(line: Self.line(node), message: LocalizedText(
                nb: "«\(value)» kan ikke brukes som id: bruk små bokstaver a–z, sifre og bindestrek (for eksempel subject-quality), høyst 64 tegn.",
                en: "\"\(value)\" cannot be an id: use small letters a–z, digits and hyphens (for example subject-quality), at most 64 characters."))
        }
        return value
    }

    func languageMap(_ node: Node?, _ field: String, in parent: Node) throws(ReviewRubric.Problem) -> LanguageMap {
        guard let node else { throw missing(field, in: parent) }
        guard let pairs = node.mapping, pairs.count > 0 else { throw Self.expected(field, "texts per language", at: node) }
        var map: LanguageMap = [:]
        for (key, value) in pairs {
            let language = key.string ?? ""
            guard language.wholeMatch(of: /[a-z]{2,3}(-[A-Za-z0-9]{2,8})*/) != nil else {
                throw ReviewRubric.Problem(line: Self.line(key), message: LocalizedText(
                    nb: "«\(language)» i «\(field)» er ikke en språkkode: bruk nb, nn, en, sv, da, se, …",
                    en: "\"\(language)\" in \"\(field)\" is not a language code: use nb, nn, en, sv, da, se, …"))
            }
            let text = try text(value, "\(field).\(language)").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw Self.expected("\(field).\(language)", "a text", at: value) }
            map[language] = text
        }
        return map
    }

    func integer(_ node: Node, _ field: String) throws(ReviewRubric.Problem) -> Int {
        guard let value = Int(try text(node, field)), (-1000...1000).contains(value) else {
            throw Self.expected(field, "a whole number", at: node)
        }
        return value
    }

    func scale(_ node: Node, _ field: String) throws(ReviewRubric.Problem) -> ReviewRubric.Scale {
        let fields = try mapping(node, field, allowed: ["min", "max", "labels"])
        guard let minimumNode = fields["min"], let maximumNode = fields["max"] else {
            throw ReviewRubric.Problem(line: Self.line(node), message: LocalizedText(
                nb: "«\(field)» trenger min og max, for eksempel { min: 1, max: 4 }.",
                en: "\"\(field)\" needs min and max, for example { min: 1, max: 4 }."))
        }
        let minimum = try integer(minimumNode, "\(field).min"), maximum = try integer(maximumNode, "\(field).max")
        guard minimum < maximum, maximum - minimum <= 10 else {
            throw ReviewRubric.Problem(line: Self.line(maximumNode), message: LocalizedText(
                nb: "Skalaen \(minimum)–\(maximum) går ikke: max må være større enn min, og skalaen kan ha høyst 11 trinn.",
                en: "The scale \(minimum)–\(maximum) does not work: max must be greater than min, and a scale has at most 11 steps."))
        }
        var labels: [Int: LanguageMap] = [:]
        if let labelsNode = fields["labels"] {
            guard let pairs = labelsNode.mapping else { throw Self.expected("\(field).labels", "a mapping", at: labelsNode) }
            for (key, value) in pairs {
                let score = try integer(key, "\(field).labels")
                guard (minimum...maximum).contains(score) else {
                    throw ReviewRubric.Problem(line: Self.line(key), message: LocalizedText(
                        nb: "\(score) er utenfor skalaen \(minimum)–\(maximum).", en: "\(score) is outside the scale \(minimum)–\(maximum)."))
                }
                labels[score] = try languageMap(value, "\(field).labels.\(score)", in: labelsNode)
            }
        }
        return ReviewRubric.Scale(minimum: minimum, maximum: maximum, labels: labels)
    }
}
