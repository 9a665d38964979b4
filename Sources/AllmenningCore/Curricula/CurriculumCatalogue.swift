import Foundation

/// The curricula an installation knows, from one or more packs: looks up aims and curricula
/// by code and suggests codes for misspelt ones.
public struct CurriculumCatalogue: Sendable {
    public private(set) var packs: [CurriculumPack] = []
    private var aimsByCode: [String: CompetenceAim] = [:]
    private var curriculaByCode: [String: Curriculum] = [:]
    /// Changes when any pack's aims, years or texts change: results that depend on the
    /// curricula (cached plugin results) carry it.
    public private(set) var fingerprint = ""

    public init(packs: [CurriculumPack] = []) {
        for pack in packs { add(pack) }
    }

    public mutating func add(_ pack: CurriculumPack) {
        packs.append(pack)
        for aim in pack.aims { aimsByCode[aim.code] = aim }
        for curriculum in pack.curricula { curriculaByCode[curriculum.code] = curriculum }
        var content = [fingerprint, pack.id]
        for aim in pack.aims {
            content += [aim.code, aim.curriculum, aim.afterYear ?? ""] + aim.text.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        }
        fingerprint = ResultCache.digest(content.joined(separator: "\u{0}"))
    }

    public var isEmpty: Bool { aimsByCode.isEmpty }
    public var aimCount: Int { aimsByCode.count }

    public func aim(_ code: String) -> CompetenceAim? { aimsByCode[code] }
    public func curriculum(_ code: String) -> Curriculum? { curriculaByCode[code] }

    /// Aim codes close to an unknown one, preferring aims of the curricula the resource
    /// declares: a teacher who typed KM3131 for KM3133 is usually in the right subject.
    public func closestAimCodes(to code: String, inCurricula subjects: [String] = [], limit: Int = 3) -> [String] {
        let preferred = subjects.isEmpty ? [] : aimsByCode.values.filter { subjects.contains($0.curriculum) }.map(\.code)
        let inSubjects = Suggestions.closest(to: code, among: preferred, limit: limit)
        if inSubjects.count >= limit { return inSubjects }
        let anywhere = Suggestions.closest(to: code, among: aimsByCode.keys, limit: limit)
        return Array((inSubjects + anywhere.filter { !inSubjects.contains($0) }).prefix(limit))
    }

    /// Loads every `*.json` pack in a folder, in name order.
    public static func load(directory: URL) throws(CurriculumLoadError) -> CurriculumCatalogue {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            throw CurriculumLoadError(path: directory.path, reason: "is not a readable folder of curriculum packs")
        }
        var catalogue = CurriculumCatalogue()
        for name in names {
            catalogue.add(try CurriculumPack.load(from: directory.appendingPathComponent(name)))
        }
        return catalogue
    }
}
