import AllmenningCore
import Foundation

/// The CompetenceAims plugin's rules: whether the declared aims and prerequisites fit the
/// resource's subjects and school years, and whether its text supports its aims. Their
/// examples use aims of LK20 as shipped in Content/curricula, so they run with that pack.
enum AimRules {
    static let outsideSubjects = "aims.outside-subjects"
    static let laterStage = "aims.later-stage"
    static let earlierStage = "aims.earlier-stage"
    static let prerequisiteLater = "aims.prerequisite-later"
    static let prerequisiteAlsoAim = "aims.prerequisite-also-aim"
    static let notSupported = "aims.not-supported"

    // MARK: Checks

    static func fit(manifest: Manifest, curricula: CurriculumCatalogue, suggester: AimSuggester, lines: DeclaredLines) -> [Finding] {
        var findings: [Finding] = []
        let subjects = manifest.subjects ?? []
        let years = (manifest.level ?? []).compactMap(AimSuggester.ordinal)
        let levels = (manifest.level ?? []).joined(separator: ", ")
        let aims = manifest.aims ?? []
        for code in aims {
            guard let aim = curricula.aim(code) else { continue }
            if !subjects.isEmpty, !subjects.contains(aim.curriculum) {
                findings.append(finding(outsideSubjects, .warning, lines.location(aim: code), LocalizedText(
                    nb: "Kompetansemålet \(code) hører til læreplanen \(aim.curriculum), som ikke står i subjects (\(subjects.joined(separator: ", "))). Legg \(aim.curriculum) til i subjects, eller velg et mål fra faget ressursen er for.",
                    en: "The competence aim \(code) belongs to the curriculum \(aim.curriculum), which is not in subjects (\(subjects.joined(separator: ", "))). Add \(aim.curriculum) to subjects, or choose an aim of the subject the resource is for.")))
            }
            switch placement(of: aim, years: years, suggester: suggester) {
            case .later:
                findings.append(finding(laterStage, .warning, lines.location(aim: code), LocalizedText(
                    nb: "Kompetansemålet \(code) er et mål etter \(yearName(aim.afterYear, .nb)), men ressursen er for trinn \(levels). Sjekk level, eller velg et mål for trinnet.",
                    en: "The competence aim \(code) is an aim after \(yearName(aim.afterYear, .en)), but the resource is for level \(levels). Check level, or choose an aim of that stage.")))
            case .earlier:
                findings.append(finding(earlierStage, .info, lines.location(aim: code), LocalizedText(
                    nb: "Kompetansemålet \(code) er et mål etter \(yearName(aim.afterYear, .nb)), et tidligere trinn enn ressursens (\(levels)). Det passer til repetisjon; ellers bør level eller målet rettes.",
                    en: "The competence aim \(code) is an aim after \(yearName(aim.afterYear, .en)), an earlier stage than the resource's (\(levels)). That suits revision; otherwise correct level or the aim.")))
            case .fits, .unknown:
                break
            }
        }
        for code in manifest.prerequisites ?? [] {
            guard let aim = curricula.aim(code) else { continue }
            if aims.contains(code) {
                findings.append(finding(prerequisiteAlsoAim, .warning, lines.location(prerequisite: code), LocalizedText(
                    nb: "\(code) står både under aims og prerequisites. En forkunnskap er noe elevene skal kunne før de begynner; fjern den fra en av listene.",
                    en: "\(code) is listed under both aims and prerequisites. A prerequisite is what pupils should master before they start; remove it from one of the lists.")))
            } else if placement(of: aim, years: years, suggester: suggester) == .later {
                findings.append(finding(prerequisiteLater, .warning, lines.location(prerequisite: code), LocalizedText(
                    nb: "Forkunnskapen \(code) er et mål etter \(yearName(aim.afterYear, .nb)), senere enn trinnet ressursen er for (\(levels)). En forkunnskap bør være lært før; sjekk koden og level.",
                    en: "The prerequisite \(code) is an aim after \(yearName(aim.afterYear, .en)), later than the level the resource is for (\(levels)). A prerequisite should be learnt before; check the code and level.")))
            }
        }
        return findings
    }

    static func notSupported(_ support: AimSupport, lines: DeclaredLines) -> Finding {
        let percent = Int((support.score * 100).rounded())
        return finding(notSupported, .info, lines.location(aim: support.code), LocalizedText(
            nb: "Teksten i ressursen nevner lite av det kompetansemålet \(support.code) handler om (\(percent) % av målets vektede ord). Sjekk at målet passer, eller skriv i beskrivelsen hvordan ressursen arbeider med det.",
            en: "The resource's text mentions little of what the competence aim \(support.code) is about (\(percent) % of the aim's weighted words). Check that the aim fits, or say in the description how the resource works towards it."))
    }

    enum Placement { case fits, earlier, later, unknown }

    /// Where an aim's year stands against the stages the resource's school years belong to
    /// in the aim's curriculum (see `AimSuggester.stage(for:among:)`): in one of them, before
    /// all of them, or after all of them.
    static func placement(of aim: CompetenceAim, years: [Int], suggester: AimSuggester) -> Placement {
        guard let aimYear = aim.afterYear.flatMap(AimSuggester.ordinal), !years.isEmpty else { return .unknown }
        let stages = suggester.stages(of: aim.curriculum)
        let allowed = years.compactMap { AimSuggester.stage(for: $0, among: stages) }
        guard let lowest = allowed.min(), let highest = allowed.max() else { return .unknown }
        if allowed.contains(aimYear) { return .fits }
        if aimYear > highest { return .later }
        if aimYear < lowest { return .earlier }
        return .fits
    }

    static func yearName(_ year: String?, _ language: MessageLanguage) -> String {
        guard let year else { return language == .nb ? "et ukjent trinn" : "an unknown year" }
        if year.lowercased().hasPrefix("vg") { return "Vg" + year.dropFirst(2) }
        return language == .nb ? "\(year). trinn" : "year \(year)"
    }

    static func finding(_ code: String, _ severity: Severity, _ location: SourceLocation, _ message: LocalizedText) -> Finding {
        Finding(plugin: "competence-aims", code: code, severity: severity, location: location, message: message)
    }

    // MARK: Descriptions and examples

    static func manifest(_ lines: String) -> String {
        """
        manifest: 1
        id: 01JD3M6Z8Q7T2V4X5Y6Z7A8B9C
        title: { nb: Brøk og prosent i hverdagen }
        description: { nb: "Elevene lager og løser problemer med desimaltall, brøk og prosent fra handleturen og argumenterer for egne løsninger." }
        language: [nb]
        kind: teacher
        authors:
          - { name: Kari Nordmann, role: teacher }
        licence: CC-BY-4.0

        """ + lines
    }

    static let lesson = RuleExample(
        path: "index.md",
        content: "# Brøk, desimaltall og prosent\n\nElevene lager og løser problemer med brøk, desimaltall og prosent fra tilbudsaviser og argumenterer for egne løsninger.\n")

    static func example(_ lines: String) -> RuleExample {
        RuleExample(files: lesson.files, manifest: manifest(lines))
    }

    static let all: [PluginRule] = [
        PluginRule(
            id: outsideSubjects,
            title: LocalizedText(nb: "Kompetansemål fra et fag ressursen ikke oppgir", en: "Competence aim from a subject the resource does not declare"),
            description: LocalizedText(
                nb: "Hvert kompetansemål under aims hører til en læreplan. Når ressursen oppgir fag (subjects), skal målenes læreplaner være blant dem; ellers finner ikke lærere ressursen når de søker i faget.",
                en: "Every competence aim under aims belongs to a curriculum. When the resource declares subjects, the aims' curricula must be among them; otherwise teachers searching the subject do not find the resource."),
            severity: .warning,
            triggering: [example("level: [6]\nsubjects: [NOR01-07]\naims: [KM13277]\n")],
            nonTriggering: [example("level: [6]\nsubjects: [MAT01-06]\naims: [KM13277]\n"), example("level: [6]\naims: [KM13277]\n")]),
        PluginRule(
            id: laterStage,
            title: LocalizedText(nb: "Kompetansemål for et senere trinn", en: "Competence aim of a later stage"),
            description: LocalizedText(
                nb: "Et mål «etter 10. trinn» på en ressurs for 3. trinn er nesten alltid en feil i koden eller i level. Trinnet regnes innen målets læreplan: i en læreplan med mål etter 2., 4., 7. og 10. trinn hører 5. trinn til målene etter 7. trinn.",
                en: "An aim \"after year 10\" on a resource for year 3 is almost always a mistake in the code or in level. The stage is counted within the aim's curriculum: in a curriculum with aims after years 2, 4, 7 and 10, year 5 belongs to the aims after year 7."),
            severity: .warning,
            triggering: [example("level: [3]\nsubjects: [MAT01-06]\naims: [KM13328]\n")],
            nonTriggering: [example("level: [6]\nsubjects: [MAT01-06]\naims: [KM13277]\n"), example("subjects: [MAT01-06]\naims: [KM13328]\n")]),
        PluginRule(
            id: earlierStage,
            title: LocalizedText(nb: "Kompetansemål for et tidligere trinn", en: "Competence aim of an earlier stage"),
            description: LocalizedText(
                nb: "Et mål fra et tidligere trinn enn ressursens kan være riktig (repetisjon, tilpasset opplæring), så dette er bare informasjon.",
                en: "An aim of an earlier stage than the resource's can be right (revision, adapted teaching), so this is information only."),
            severity: .info,
            triggering: [example("level: [10]\nsubjects: [MAT01-06]\naims: [KM13277]\n")],
            nonTriggering: [example("level: [6]\nsubjects: [MAT01-06]\naims: [KM13277]\n")]),
        PluginRule(
            id: prerequisiteLater,
            title: LocalizedText(nb: "Forkunnskap fra et senere trinn", en: "Prerequisite from a later stage"),
            description: LocalizedText(
                nb: "Under prerequisites står mål elevene bør kunne før de begynner. Et mål fra et senere trinn enn ressursens kan ikke være lært før.",
                en: "prerequisites lists aims pupils should master before they start. An aim of a later stage than the resource's cannot have been learnt before."),
            severity: .warning,
            triggering: [example("level: [6]\nsubjects: [MAT01-06]\naims: [KM13277]\nprerequisites: [KM13328]\n")],
            nonTriggering: [example("level: [6]\nsubjects: [MAT01-06]\naims: [KM13277]\nprerequisites: [KM13256]\n")]),
        PluginRule(
            id: prerequisiteAlsoAim,
            title: LocalizedText(nb: "Samme mål som forkunnskap og mål", en: "The same aim as prerequisite and aim"),
            description: LocalizedText(
                nb: "Et mål er enten noe ressursen arbeider mot (aims) eller noe elevene bør kunne fra før (prerequisites), ikke begge.",
                en: "An aim is either what the resource works towards (aims) or what pupils should master already (prerequisites), not both."),
            severity: .warning,
            triggering: [example("level: [6]\nsubjects: [MAT01-06]\naims: [KM13277]\nprerequisites: [KM13277]\n")],
            nonTriggering: [example("level: [6]\nsubjects: [MAT01-06]\naims: [KM13277]\nprerequisites: [KM13256]\n")]),
        PluginRule(
            id: notSupported,
            title: LocalizedText(nb: "Kompetansemål teksten ikke støtter", en: "Competence aim the text does not support"),
            description: LocalizedText(
                nb: "Tittel, beskrivelse, nøkkelord, overskrifter og brødtekst sammenlignes med målets ord (med bøyning, sammensatte ord og nordiske stavemåter tatt med). Når teksten nevner under 10 % av målets vektede ord, kan målet være feil; det kan også være riktig, så dette er bare informasjon.",
                en: "Title, description, keywords, headings and body text are compared with the aim's words (inflection, compounds and Nordic spellings included). When the text mentions under 10 % of the aim's weighted words, the aim may be wrong; it may also be right, so this is information only."),
            severity: .info,
            triggering: [example("level: [10]\nsubjects: [MAT01-06]\naims: [KM13327]\n")],
            nonTriggering: [example("level: [6]\nsubjects: [MAT01-06]\naims: [KM13277]\n")]),
    ]
}
