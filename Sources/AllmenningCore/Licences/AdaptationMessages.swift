import Foundation

/// The texts of the licence gate, in bokmål and English, for a teacher: which licence, where,
/// what it means for the adaptation, and what to do. The Norwegian names of the licence
/// elements are Creative Commons' own (Navngivelse, DelPåSammeVilkår, IkkeKommersiell,
/// IngenBearbeidelse).
enum AdaptationMessages {
    /// Names the places a licence comes from; knows the titles of upstream resources.
    struct Names {
        var titles: [String: String] = [:]

        private func title(_ id: String) -> String { titles[id] ?? id }

        /// "The resource is under X", "worksheet.pdf is under X", …
        func isUnder(_ subject: AdaptationProblem.Subject, _ licence: String) -> LocalizedText {
            switch subject {
            case .resource:
                LocalizedText(nb: "Ressursen har lisensen \(licence)", en: "The resource is under \(licence)")
            case let .file(path):
                LocalizedText(nb: "Filen «\(path)» har lisensen \(licence)", en: "\(path) is under \(licence)")
            case let .upstream(id):
                LocalizedText(nb: "«\(title(id))», som ressursen bygger på, har lisensen \(licence)",
                              en: "\"\(title(id))\", which this resource is adapted from, is under \(licence)")
            case .proposedLicence:
                LocalizedText(nb: "Lisensen du ba om, er \(licence)", en: "The licence you asked for is \(licence)")
            }
        }

        /// "this resource", "worksheet.pdf", "\"Title\"" — for lists.
        func place(_ subject: AdaptationProblem.Subject) -> LocalizedText {
            switch subject {
            case .resource: LocalizedText(nb: "ressursen", en: "this resource")
            case let .file(path): LocalizedText(nb: "«\(path)»", en: path)
            case let .upstream(id): LocalizedText(nb: "«\(title(id))», som ressursen bygger på", en: "\"\(title(id))\", which this resource is adapted from")
            case .proposedLicence: LocalizedText(nb: "lisensen du ba om", en: "the licence you asked for")
            }
        }

        /// What the teacher can do when the licence of `subject` does not allow an adaptation.
        func useAsItIs(_ subject: AdaptationProblem.Subject) -> LocalizedText {
            switch subject {
            case .resource, .proposedLicence:
                LocalizedText(nb: "Bruk ressursen slik den er, eller spør rettighetshaveren om lov til å bearbeide den.",
                              en: "Use the resource as it is, or ask the rights holder for permission to adapt it.")
            case let .file(path):
                LocalizedText(nb: "Bruk ressursen slik den er, eller spør rettighetshaveren til «\(path)» om lov.",
                              en: "Use the resource as it is, or ask the rights holder of \(path) for permission.")
            case let .upstream(id):
                LocalizedText(nb: "Bruk ressursen slik den er, eller spør rettighetshaveren til «\(title(id))» om lov.",
                              en: "Use the resource as it is, or ask the rights holder of \"\(title(id))\" for permission.")
            }
        }

        func unreadable(_ subject: AdaptationProblem.Subject, _ written: String, _ error: LicenceExpressionError) -> LocalizedText {
            let reason = error.message
            if subject == .proposedLicence {
                return LocalizedText(nb: "«\(written)» kan ikke brukes som lisens for bearbeidingen: \(reason.nb)",
                                     en: "\"\(written)\" cannot be used as the adaptation's licence: \(reason.en)")
            }
            let place = place(subject)
            return LocalizedText(
                nb: "Allmenning kan ikke lese lisensen «\(written)» for \(place.nb): \(reason.nb) Før den er rettet i resource.yaml, kan ikke Allmenning avgjøre om ressursen kan bearbeides.",
                en: "Allmenning cannot read the licence \"\(written)\" of \(place.en): \(reason.en) Until it is corrected in resource.yaml, Allmenning cannot tell whether the resource may be adapted.")
        }

        func noDerivatives(_ subject: AdaptationProblem.Subject, _ written: String, blocking: [String]) -> LocalizedText {
            let under = isUnder(subject, written)
            let text: LocalizedText = if blocking == [written] {
                LocalizedText(nb: "\(under.nb) (IngenBearbeidelse): lisensen tillater ikke å dele bearbeidede versjoner.",
                              en: "\(under.en) (NoDerivatives): its licence does not allow sharing adapted versions.")
            } else {
                LocalizedText(nb: "\(under.nb): \(list(blocking, and: "og")) (IngenBearbeidelse) tillater ikke å dele bearbeidede versjoner.",
                              en: "\(under.en): \(list(blocking, and: "and")) (NoDerivatives) \(blocking.count == 1 ? "does" : "do") not allow sharing adapted versions.")
            }
            return text.appending(useAsItIs(subject))
        }

        func partsExcludeEachOther(_ subject: AdaptationProblem.Subject, _ written: String, parts: [String]) -> LocalizedText {
            let under = isUnder(subject, written)
            return LocalizedText(
                nb: "\(under.nb), og ingen lisens oppfyller vilkårene til \(parts.count == 2 ? "både" : "alle disse:") \(list(parts, and: "og")). Derfor kan en bearbeidet versjon ikke deles med noen lisens.",
                en: "\(under.en), and no licence meets the conditions of \(parts.count == 2 ? "both" : "all of") \(list(parts, and: "and")), so an adapted version could not be shared under any licence.")
                .appending(useAsItIs(subject))
        }

        func noCommonLicence(_ items: [(AdaptationProblem.Subject, String)]) -> LocalizedText {
            let described = items.map { subject, written in
                let place = place(subject)
                let conditions = AdaptationMessages.conditions(written)
                return LocalizedText(nb: "\(written) (\(place.nb)\(conditions.nb))", en: "\(written) (\(place.en)\(conditions.en))")
            }
            let nbList = list(described.map(\.nb), and: "og")
            let enList = list(described.map(\.en), and: "and")
            return LocalizedText(
                nb: "Ingen lisens oppfyller vilkårene til \(items.count == 2 ? "både" : "alle disse:") \(nbList), så en bearbeidet versjon kan ikke deles med noen lisens. Bruk ressursen slik den er, eller spør rettighetshaverne om lov.",
                en: "No licence meets the conditions of \(items.count == 2 ? "both" : "all of") \(enList), so an adapted version could not be shared under any licence. Use the resource as it is, or ask the rights holders for permission.")
        }

        func possibleLicences(_ licences: [String]) -> LocalizedText {
            switch licences.count {
            case 0: LocalizedText(nb: "", en: "")
            case 1: LocalizedText(nb: "Mulig lisens for denne bearbeidingen: \(licences[0]).", en: "Possible licence for this adaptation: \(licences[0]).")
            default: LocalizedText(nb: "Mulige lisenser for denne bearbeidingen: \(licences.joined(separator: ", ")).",
                                   en: "Possible licences for this adaptation: \(licences.joined(separator: ", ")).")
            }
        }

        /// Why `material` does not allow the adaptation to carry `proposed`.
        func refusal(_ refusal: AdaptationRefusal, subject: AdaptationProblem.Subject, material: LicenceTerm, proposed: String) -> LocalizedText {
            let under = isUnder(subject, material.token)
            let licence = material.token
            switch refusal {
            case .noDerivatives:
                return LocalizedText(nb: "\(under.nb) (IngenBearbeidelse): den lisensen tillater ikke å dele bearbeidede versjoner.",
                                     en: "\(under.en) (NoDerivatives): that licence does not allow sharing adapted versions.")
            case .shareAlike:
                let required = AdaptationMessages.required(material)
                return LocalizedText(nb: "\(under.nb) (DelPåSammeVilkår): en bearbeidet versjon må deles med \(required.nb), så \(proposed) er ikke mulig.",
                                     en: "\(under.en) (ShareAlike): an adapted version must be shared under \(required.en), so \(proposed) is not possible.")
            case let .nonCommercial(chartReason):
                var text = LocalizedText(nb: "\(under.nb) (IkkeKommersiell): en bearbeidet versjon må fortsatt være ikke-kommersiell, så \(proposed) er ikke mulig.",
                                         en: "\(under.en) (NonCommercial): an adapted version must stay NonCommercial, so \(proposed) is not possible.")
                if let chartReason {
                    text = text.appending(LocalizedText(
                        nb: "Creative Commons fraråder det også: \(proposed) ville bare gjelde dine egne endringer, og originalen kan fortsatt ikke brukes kommersielt.",
                        en: "Creative Commons' chart: \(chartReason)"))
                }
                return text
            case let .attribution(chartReason):
                var text = LocalizedText(nb: "\(under.nb) (Navngivelse): de som laget originalen, skal fortsatt navngis, så bearbeidingen kan ikke få \(proposed).",
                                         en: "\(under.en) (Attribution): the creators of the original must still be credited, so the adaptation cannot be given \(proposed).")
                if let chartReason {
                    text = text.appending(LocalizedText(
                        nb: "Creative Commons fraråder det også: \(proposed) ville bare gjelde dine egne endringer.",
                        en: "Creative Commons' chart: \(chartReason)"))
                }
                return text
            case .otherCreativeCommons:
                return LocalizedText(nb: "\(under.nb): Allmenning lar deg bearbeide den med \(licence) eller en 4.0-lisens som beholder vilkårene, ikke med \(proposed).",
                                     en: "\(under.en): Allmenning lets you adapt it under \(licence) itself or a 4.0 licence that keeps its conditions, not under \(proposed).")
            case let .notCreativeCommons(reason):
                var text = LocalizedText(
                    nb: "\(under.nb): Allmenning kan bare kontrollere lisensbytter mellom Creative Commons-lisenser, så \(proposed) er ikke mulig. Behold \(licence), eller spør rettighetshaveren.",
                    en: "\(under.en): Allmenning can only check licence changes between Creative Commons licences, so \(proposed) is not possible. Keep \(licence), or ask the rights holder.")
                if let reason {
                    text = text.appending(LocalizedText(nb: "Ifølge Creative Commons er dette heller ikke tillatt.", en: "Creative Commons: \(reason)"))
                }
                return text
            case let .unverifiable(reason):
                var text = LocalizedText(
                    nb: "\(under.nb): Allmenning kan bare kontrollere lisensbytter mellom Creative Commons-lisenser og kan ikke bekrefte at \(proposed) er tillatt.",
                    en: "\(under.en): Allmenning can only check licence changes between Creative Commons licences and cannot confirm that \(proposed) is allowed.")
                if let reason {
                    text = text.appending(LocalizedText(nb: "Kildene Allmenning bygger på, avklarer ikke dette.", en: reason))
                }
                return text
            case .publicDomainMark:
                return AdaptationMessages.publicDomainMark(proposed)
            }
        }

        func chosen(_ licence: String, resourceLicence: String, cannotKeep: Bool, others: [String]) -> LocalizedText {
            var text: LocalizedText = if cannotKeep {
                LocalizedText(nb: "Bearbeidingen kan ikke beholde ressursens lisens \(resourceLicence), så Allmenning valgte \(licence).",
                              en: "The adaptation cannot keep the resource's licence \(resourceLicence), so Allmenning chose \(licence).")
            } else {
                LocalizedText(nb: "Ressursen har lisensen \(resourceLicence); Allmenning valgte \(licence) for bearbeidingen.",
                              en: "The resource is under \(resourceLicence); Allmenning chose \(licence) for the adaptation.")
            }
            if !others.isEmpty {
                text = text.appending(LocalizedText(nb: "Du kan også velge \(list(others, and: "eller")).",
                                                    en: "You can also choose \(list(others, and: "or"))."))
            }
            return text
        }

        func alternativeChosen(_ subject: AdaptationProblem.Subject, _ written: String, followed: String, blocking: [String]) -> LocalizedText {
            let under = isUnder(subject, written)
            var text = LocalizedText(nb: "\(under.nb), så bearbeidingen kan følge én av lisensene; den følger \(followed).",
                                     en: "\(under.en), so the adaptation may follow any one of the licences; it follows \(followed).")
            if !blocking.isEmpty {
                text = text.appending(LocalizedText(
                    nb: "\(list(blocking, and: "og")) (IngenBearbeidelse) tillater ikke bearbeiding.",
                    en: "\(list(blocking, and: "and")) (NoDerivatives) \(blocking.count == 1 ? "does" : "do") not allow adaptations."))
            }
            return text
        }

        func shareAlikeNote(_ subject: AdaptationProblem.Subject, _ term: LicenceTerm) -> LocalizedText {
            let under = isUnder(subject, term.token)
            let required = AdaptationMessages.required(term)
            return LocalizedText(nb: "\(under.nb) (DelPåSammeVilkår), så bearbeidingen må deles med \(required.nb).",
                                 en: "\(under.en) (ShareAlike), so the adaptation must be shared under \(required.en).")
        }

        func nonCommercialNote(_ subject: AdaptationProblem.Subject, _ term: LicenceTerm) -> LocalizedText {
            let under = isUnder(subject, term.token)
            return LocalizedText(nb: "\(under.nb) (IkkeKommersiell), så bearbeidingen forblir ikke-kommersiell: verken den eller originalen kan brukes kommersielt.",
                                 en: "\(under.en) (NonCommercial), so the adaptation stays NonCommercial: neither it nor the original may be used commercially.")
        }

        func compatibleLicenceNote(_ subject: AdaptationProblem.Subject, _ term: LicenceTerm, licence: String,
                                   ruling: CreativeCommonsCompatibility.OtherRuling) -> LocalizedText {
            let under = isUnder(subject, term.token)
            var text = LocalizedText(nb: "\(under.nb); Creative Commons godtar \(licence) for bearbeidinger av den.",
                                     en: "\(under.en); Creative Commons accepts \(licence) for adaptations of it: \(ruling.reason)")
            if licence.hasPrefix("GPL-") {
                text = text.appending(LocalizedText(nb: "Da må du også følge vilkårene i GPL, blant annet dele filene i en form som kan redigeres.", en: ""))
            }
            return text
        }

        private func list(_ items: [String], and conjunction: String) -> String {
            AdaptationMessages.list(items, and: conjunction)
        }
    }

    static func notSingle(_ written: String, expression: LicenceExpression) -> LocalizedText {
        if let term = LicenceTerm(expression), term.orLater {
            return LocalizedText(nb: "«\(written)» betyr «denne versjonen eller senere»; gi bearbeidingen én versjon, for eksempel \(term.id).",
                                 en: "\"\(written)\" means \"this version or later\"; give the adaptation one version, such as \(term.id).")
        }
        return LocalizedText(nb: "«\(written)» er mer enn én lisens; gi bearbeidingen én lisens, for eksempel CC-BY-SA-4.0.",
                             en: "\"\(written)\" is more than one licence; give the adaptation a single licence, such as CC-BY-SA-4.0.")
    }

    static func publicDomainMark(_ licence: String) -> LocalizedText {
        LocalizedText(nb: "\(licence) merker verk som allerede er fri for opphavsrett, og kan ikke settes på en bearbeiding, som inneholder ditt eget arbeid. Vil du gi fra deg rettighetene til endringene dine, bruk CC0-1.0.",
                      en: "\(licence) marks works that are already free of copyright; it cannot be put on an adaptation, which contains your own work. To give up your rights to your changes, use CC0-1.0.")
    }

    /// What ShareAlike material requires of the adaptation's licence.
    static func required(_ term: LicenceTerm) -> LocalizedText {
        let licence = term.token
        guard let cc = term.creativeCommons else { return LocalizedText(nb: licence, en: licence) }
        if cc.version == [1, 0], !term.orLater {
            return LocalizedText(nb: "nøyaktig \(licence)", en: "exactly \(licence)")
        }
        if cc.isIGO {
            return LocalizedText(nb: "\(licence) eller en senere internasjonal versjon av den", en: "\(licence) or a later international version of it")
        }
        if cc.version == [4, 0] {
            let compatible = CreativeCommonsCompatibility.otherRulings
                .filter { $0.material == term.id && $0.verdict == .allowed && CreativeCommonsLicence(id: $0.proposed) == nil }
                .map(\.proposed)
            var text = LocalizedText(nb: "\(licence) eller en senere versjon", en: "\(licence) or a later version")
            if !compatible.isEmpty {
                text.nb += ", eller en lisens Creative Commons har godkjent som forenlig (\(compatible.joined(separator: ", ")))"
                text.en += ", or a licence Creative Commons lists as compatible (\(compatible.joined(separator: ", ")))"
            }
            return text
        }
        let equivalent = "CC-\(cc.elements)-4.0"
        if CreativeCommonsCompatibility.tableLicences.contains(equivalent) {
            return LocalizedText(nb: "\(licence) eller en senere versjon med de samme vilkårene, for eksempel \(equivalent)",
                                 en: "\(licence) or a later version with the same conditions, such as \(equivalent)")
        }
        return LocalizedText(nb: "\(licence) eller en senere versjon med de samme vilkårene", en: "\(licence) or a later version with the same conditions")
    }

    /// ", ShareAlike", ", NonCommercial", … for a single licence, to say what it demands.
    static func conditions(_ written: String) -> LocalizedText {
        guard let expression = try? LicenceExpression.parse(written), let term = LicenceTerm(expression) else {
            return LocalizedText(nb: "", en: "")
        }
        guard let cc = term.creativeCommons else {
            return LocalizedText(nb: ", ikke Creative Commons", en: ", not Creative Commons")
        }
        var nb: [String] = []
        var en: [String] = []
        if cc.shareAlike { nb.append("DelPåSammeVilkår"); en.append("ShareAlike") }
        if cc.nonCommercial { nb.append("IkkeKommersiell"); en.append("NonCommercial") }
        if nb.isEmpty { return LocalizedText(nb: "", en: "") }
        return LocalizedText(nb: ", " + nb.joined(separator: " og "), en: ", " + en.joined(separator: " and "))
    }

    /// "A", "A and B", "A, B and C".
    static func list(_ items: [String], and conjunction: String) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items[items.count - 1]
    }
}
