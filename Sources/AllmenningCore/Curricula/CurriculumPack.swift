import Foundation

/// A competence aim (kompetansemål) of a curriculum.
public struct CompetenceAim: Sendable, Equatable, Codable {
    public var code: String
    /// The curriculum (læreplan) code the aim belongs to, e.g. MAT01-06.
    public var curriculum: String
    /// The aim set (kompetansemålsett) code, where the source gave it.
    public var set: String?
    public var setTitle: [String: String]?
    /// The school year the aim is to be reached after: "1"…"10", "vg1"…"vg3", or nil where
    /// the curriculum is not tied to a year (foreign languages' levels I and II).
    public var afterYear: String?
    /// The aim's text per language (BCP 47 keys).
    public var text: [String: String]
    public var uri: String?

    public init(code: String, curriculum: String, set: String? = nil, setTitle: [String: String]? = nil,
                afterYear: String?, text: [String: String], uri: String? = nil) {
        self.code = code
        self.curriculum = curriculum
        self.set = set
        self.setTitle = setTitle
        self.afterYear = afterYear
        self.text = text
        self.uri = uri
    }

    /// The text in the first of `languages` it exists in, else in any language.
    public func text(preferring languages: [String]) -> String {
        for language in languages { if let text = text[language] { return text } }
        return text["nb"] ?? text["nn"] ?? text["en"] ?? text.values.sorted().first ?? ""
    }
}

public struct Curriculum: Sendable, Equatable, Codable {
    public var code: String
    /// The subject's name per language.
    public var subject: [String: String]
    public var uri: String?
    public var validFrom: String?
    public var validTo: String?

    public init(code: String, subject: [String: String], uri: String? = nil, validFrom: String? = nil, validTo: String? = nil) {
        self.code = code
        self.subject = subject
        self.uri = uri
        self.validFrom = validFrom
        self.validTo = validTo
    }
}

/// A set of curricula with their aims, loaded from one file: Allmenning's normalised JSON
/// (`"pack": 1`) or Udir's Grep JSON (see `GrepImporter`).
public struct CurriculumPack: Sendable, Equatable, Codable {
    public var pack: Int
    public var id: String
    public var framework: String
    public var title: [String: String]
    public var licence: String?
    public var attribution: [String: String]?
    public var source: String?
    public var curricula: [Curriculum]
    public var aims: [CompetenceAim]

    public init(id: String, framework: String, title: [String: String], licence: String? = nil,
                attribution: [String: String]? = nil, source: String? = nil,
                curricula: [Curriculum], aims: [CompetenceAim]) {
        self.pack = 1
        self.id = id
        self.framework = framework
        self.title = title
        self.licence = licence
        self.attribution = attribution
        self.source = source
        self.curricula = curricula
        self.aims = aims
    }
}

public struct CurriculumLoadError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

extension CurriculumPack {
    public static func load(from url: URL) throws(CurriculumLoadError) -> CurriculumPack {
        var data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CurriculumLoadError(path: url.path, reason: "cannot be read (\(error.localizedDescription))")
        }
        // Udir's JSON-LD files start with a UTF-8 byte order mark.
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data = data.dropFirst(3) }
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data) } catch {
            throw CurriculumLoadError(path: url.path, reason: "is not valid JSON (\(error.localizedDescription))")
        }
        if let object = json as? [String: Any], object["pack"] != nil {
            guard object["pack"] as? Int == 1 else {
                throw CurriculumLoadError(path: url.path, reason: "has pack format \(object["pack"]!), this version reads format 1")
            }
            do {
                return try JSONDecoder().decode(CurriculumPack.self, from: data)
            } catch {
                throw CurriculumLoadError(path: url.path, reason: "is not a valid curriculum pack: \(describe(error))")
            }
        }
        do {
            return try GrepImporter.pack(fromDocuments: [json], name: url.deletingPathExtension().lastPathComponent)
        } catch {
            throw CurriculumLoadError(path: url.path, reason: error.description)
        }
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, context):
            "missing field \"\(key.stringValue)\" at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
             let DecodingError.dataCorrupted(context):
            "\(context.debugDescription) at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default:
            String(describing: error)
        }
    }
}
