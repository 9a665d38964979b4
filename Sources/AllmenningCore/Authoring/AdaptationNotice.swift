import Foundation

/// The attribution a fork adds to LICENCE.md, so that whoever opens the files sees what
/// Creative Commons licences ask for: the source's title, author, where it is and its
/// licence, that it was changed and by whom, and the adaptation's own licence.
public enum AdaptationNotice {
    public static func text(source: Manifest.Provenance, adapter: String, licence: String) -> String {
        let title = LanguageMaps.text(source.title, preferring: ["nb", "nn", "en"]) ?? source.id
        let authors = (source.authors ?? []).compactMap { author -> String? in
            guard let who = author.name ?? author.pseudonym else { return nil }
            return author.org.map { "\(who) (\($0))" } ?? who
        }
        let by = authors.isEmpty ? "" : " — \(authors.joined(separator: ", "))"
        let sourceLicences = (try? LicenceExpression.parse(source.licence).identifiers) ?? [source.licence]
        let licences = sourceLicences.map { "\($0) (\(ResourceScaffold.legalCodeURL(for: $0)))" }.joined(separator: ", ")
        var lines = [
            "",
            "## Bearbeidet fra / Adapted from",
            "",
            "«\(title)»\(by). Lisens / licence: \(licences).",
        ]
        if let repository = source.repository {
            lines.append("Kilde / source: \(repository)\(source.commit.map { " (commit \($0.prefix(10)))" } ?? "").")
        }
        lines.append("Endret av / changed by \(adapter).")
        if licence != source.licence {
            lines.append("Bearbeidingen er lisensiert / the adaptation is licensed \(licence) (\(ResourceScaffold.legalCodeURL(for: licence))); "
                         + "originalens lisens gjelder fortsatt for det originale innholdet / the original's licence still applies to the original material.")
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }
}
