import Foundation

/// Reads curriculum data in the shapes Udir's Grep publishes it (data.udir.no/kl06/v201906):
/// the REST JSON of `laereplaner-lk20`, `kompetansemaalsett-lk20` and `kompetansemaal-lk20`
/// elements, single or in lists, and the JSON-LD form with flattened references
/// (`{"uriId": "http://psi.udir.no/kl06/KV116"}`).
///
/// Texts come in three shapes that an importer must all accept: a plain string (in the
/// curriculum's adopted language), a list of `{spraak, verdi}`, or `{tekst: [{spraak, verdi}]}`.
public enum GrepImporter {
    public struct ImportError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    private static let languageTags = ["nob": "nb", "nno": "nn", "eng": "en", "sme": "se", "sma": "sma", "smj": "smj"]

    public static func pack(fromDocuments documents: [Any], name: String) throws(ImportError) -> CurriculumPack {
        var elements: [[String: Any]] = []
        for document in documents {
            if let list = document as? [Any] {
                elements += list.compactMap { $0 as? [String: Any] }
            } else if let element = document as? [String: Any] {
                elements.append(element)
            }
        }
        var curricula: [String: Curriculum] = [:]
        var curriculumOrder: [String] = []
        var sets: [String: (curriculum: String?, afterYear: String?, title: [String: String])] = [:]
        var aimsByCode: [String: CompetenceAim] = [:]
        var aimOrder: [String] = []

        func addCurriculum(_ curriculum: Curriculum) {
            if curricula[curriculum.code] == nil { curriculumOrder.append(curriculum.code) }
            curricula[curriculum.code] = curriculum
        }
        func addAim(_ aim: CompetenceAim) {
            if aimsByCode[aim.code] == nil { aimOrder.append(aim.code) }
            aimsByCode[aim.code] = aim
        }

        var recognised = 0
        for element in elements {
            guard let code = element["kode"] as? String else { continue }
            switch kind(of: element) {
            case "laereplan_lk20":
                recognised += 1
                let validity = element["gyldighetsperiode"] as? [String: Any]
                let validFrom = date((validity?["gyldig-fra"] as? [String: Any])?["dato"]) ?? date(element["gyldig-fra"])
                let validTo = date((validity?["gyldig-til"] as? [String: Any])?["dato"]) ?? date(element["gyldig-til"])
                let subject = texts(element["kortform"]).nonEmpty ?? texts(element["tittel"])
                addCurriculum(Curriculum(code: code, subject: subject, uri: element["uri"] as? String,
                                         validFrom: validFrom, validTo: validTo))
                let chapter = element["kompetansemaal-kapittel"] as? [String: Any]
                for reference in (chapter?["kompetansemaalsett"] ?? element["kompetansemaalsett"]) as? [Any] ?? [] {
                    guard let setCode = referenceCode(reference) else { continue }
                    let title = (reference as? [String: Any]).map { texts($0["tittel"]) } ?? [:]
                    if sets[setCode] == nil {
                        sets[setCode] = (code, yearFromTitle(title.values.first), title)
                    }
                }
            case "kompetansemaalsett_lk20":
                recognised += 1
                let curriculum = referenceCode(element["tilhoerer-laereplan"])
                let afterYear = ((element["etter-aarstrinn"] as? [Any]) ?? []).compactMap(referenceCode).compactMap(year).first
                    ?? yearFromTitle(texts(element["tittel"]).values.first)
                sets[code] = (curriculum, afterYear, texts(element["tittel"]))
                for reference in element["kompetansemaal"] as? [Any] ?? [] {
                    guard let aimCode = referenceCode(reference), aimsByCode[aimCode] == nil else { continue }
                    let text = (reference as? [String: Any]).map { texts($0["tittel"]) } ?? [:]
                    guard !text.isEmpty else { continue }
                    addAim(CompetenceAim(code: aimCode, curriculum: curriculum ?? "", set: code,
                                         afterYear: afterYear, text: text,
                                         uri: (reference as? [String: Any])?["uri"] as? String))
                }
            case "kompetansemaal_lk20":
                recognised += 1
                let setCode = referenceCode(element["tilhoerer-kompetansemaalsett"])
                addAim(CompetenceAim(code: code, curriculum: referenceCode(element["tilhoerer-laereplan"]) ?? "",
                                     set: setCode, afterYear: nil, text: texts(element["tittel"]),
                                     uri: element["uri"] as? String))
            default:
                continue
            }
        }
        guard recognised > 0 else {
            throw ImportError(description: "holds no Grep curriculum, competence aim set or competence aim (no element with a known grep-type)")
        }
        // Aims learn their year and curriculum from their set, which may come later in the input.
        let aims = aimOrder.compactMap { code -> CompetenceAim? in
            guard var aim = aimsByCode[code] else { return nil }
            if let setCode = aim.set, let set = sets[setCode] {
                if aim.afterYear == nil { aim.afterYear = set.afterYear }
                if aim.curriculum.isEmpty, let curriculum = set.curriculum { aim.curriculum = curriculum }
                if aim.setTitle == nil, !set.title.isEmpty { aim.setTitle = set.title }
            }
            return aim
        }
        for aim in aims where curricula[aim.curriculum] == nil && !aim.curriculum.isEmpty {
            addCurriculum(Curriculum(code: aim.curriculum, subject: [:], uri: "http://psi.udir.no/kl06/\(aim.curriculum)"))
        }
        return CurriculumPack(
            id: name, framework: "LK20",
            title: ["nb": "Importert fra Grep: \(name)", "en": "Imported from Grep: \(name)"],
            licence: "NLOD-2.0",
            attribution: ["nb": "Inneholder data under NLOD, tilgjengeliggjort på data.udir.no",
                          "en": "Contains data under NLOD, made available on data.udir.no"],
            source: "Utdanningsdirektoratet, Grep (data.udir.no)",
            curricula: curriculumOrder.compactMap { curricula[$0] },
            aims: aims)
    }

    private static func kind(of element: [String: Any]) -> String? {
        let type = (element["grep-type"] as? String) ?? (element["grepType"] as? String)
        if let type { return type.split(separator: "/").last.map(String.init) }
        // List lookups leave out grep-type; the code's prefix tells the kind.
        guard let code = element["kode"] as? String else { return nil }
        if code.hasPrefix("KM") { return "kompetansemaal_lk20" }
        if code.hasPrefix("KV") { return "kompetansemaalsett_lk20" }
        return nil
    }

    /// The code of a referenced element: `{"kode": …}` in REST JSON, `{"uriId": …/KODE}` in JSON-LD.
    private static func referenceCode(_ value: Any?) -> String? {
        guard let reference = value as? [String: Any] else { return nil }
        if let code = reference["kode"] as? String { return code }
        if let uri = (reference["uriId"] ?? reference["uri"]) as? String { return uri.split(separator: "/").last.map(String.init) }
        return nil
    }

    /// Texts per BCP 47 language from any of Grep's three shapes. `default` (the language the
    /// text was adopted in) is kept as `no` when no explicit bokmål or nynorsk text exists.
    static func texts(_ value: Any?) -> [String: String] {
        if let text = value as? String { return text.isEmpty ? [:] : ["no": text] }
        let entries: [Any]
        if let wrapped = value as? [String: Any], let list = wrapped["tekst"] as? [Any] {
            entries = list
        } else if let list = value as? [Any] {
            entries = list
        } else {
            return [:]
        }
        var result: [String: String] = [:]
        var adopted: String?
        for case let entry as [String: Any] in entries {
            guard let language = entry["spraak"] as? String, let text = entry["verdi"] as? String, !text.isEmpty else { continue }
            if language == "default" { adopted = text; continue }
            result[languageTags[language] ?? language] = text
        }
        if let adopted, result["nb"] == nil, result["nn"] == nil { result["no"] = adopted }
        return result
    }

    private static func date(_ value: Any?) -> String? {
        guard let text = value as? String, text.count >= 10 else { return nil }
        return String(text.prefix(10))
    }

    /// "aarstrinn4" → "4", "vg1"/"Vg1" → "vg1".
    private static func year(_ code: String) -> String? {
        let lower = code.lowercased()
        if lower.hasPrefix("aarstrinn"), let number = Int(lower.dropFirst("aarstrinn".count)), (1...10).contains(number) { return String(number) }
        if ["vg1", "vg2", "vg3"].contains(lower) { return lower }
        return nil
    }

    /// Aim sets referenced from a curriculum carry only a title: "Kompetansemål og vurdering 2. trinn", "… vg1 …".
    private static func yearFromTitle(_ title: String?) -> String? {
        guard let title = title?.lowercased() else { return nil }
        for upper in ["vg1", "vg2", "vg3"] where title.contains(upper) { return upper }
        let words = title.split(whereSeparator: { $0 == " " })
        for (index, word) in words.enumerated() where word.hasSuffix(".") {
            if let number = Int(word.dropLast()), (1...10).contains(number),
               index + 1 < words.count, words[index + 1].hasPrefix("trinn") {
                return String(number)
            }
        }
        return nil
    }
}

extension Dictionary {
    var nonEmpty: Self? { isEmpty ? nil : self }
}
