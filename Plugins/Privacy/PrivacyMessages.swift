import AllmenningCore

/// The messages a pupil or teacher reads: what was found (masked) and what to do. Written for a
/// pupil in years 5-10 as much as for a teacher.
enum PrivacyMessages {
    static func nationalIDNorway(_ masked: String, variant: NorwegianNationalID.Variant) -> LocalizedText {
        let (nb, en) = switch variant {
        case .dNumber: ("et norsk D-nummer", "a Norwegian D-number")
        case .hNumber: ("et norsk H-nummer", "a Norwegian H-number")
        case .birthNumber, .tenorSynthetic: ("et norsk fødselsnummer", "a Norwegian national identity number (fødselsnummer)")
        }
        return nationalID(masked, nb: nb, en: en)
    }

    static func nationalIDSweden(_ masked: String, variant: SwedishNationalID.Variant) -> LocalizedText {
        switch variant {
        case .personnummer: nationalID(masked, nb: "et svensk personnummer", en: "a Swedish personal identity number (personnummer)")
        case .samordningsnummer: nationalID(masked, nb: "et svensk samordningsnummer", en: "a Swedish coordination number (samordningsnummer)")
        }
    }

    static func nationalIDDenmark(_ masked: String) -> LocalizedText {
        nationalID(masked, nb: "et dansk CPR-nummer", en: "a Danish CPR number")
    }

    private static func nationalID(_ masked: String, nb: String, en: String) -> LocalizedText {
        LocalizedText(
            nb: "Dette ser ut som \(nb) (\(masked)). Et slikt nummer viser hvem en person er, og skal aldri publiseres. Slett det fra fila før ressursen deles. Står det der som et eksempel, bruk et oppdiktet nummer som ikke er gyldig.",
            en: "This looks like \(en) (\(masked)). Such a number identifies a person and must never be published. Delete it from the file before the resource is shared. If it is there as an example, use a made-up number that is not valid.")
    }

    static func email(_ masked: String) -> LocalizedText {
        LocalizedText(
            nb: "Her står en e-postadresse (\(masked)). Fjern den før ressursen publiseres, eller bytt den ut med skolens felles adresse eller en eksempeladresse som navn@example.org.",
            en: "There is an e-mail address here (\(masked)). Remove it before the resource is published, or replace it with the school's shared address or an example address such as name@example.org.")
    }

    static func phone(_ masked: String) -> LocalizedText {
        LocalizedText(
            nb: "Dette ser ut som et telefonnummer (\(masked)). Fjern det før ressursen publiseres, eller bytt det ut med skolens sentralbordnummer. Er det et tall i en oppgave, kan du se bort fra denne meldingen.",
            en: "This looks like a phone number (\(masked)). Remove it before the resource is published, or replace it with the school's switchboard number. If it is a number in an exercise, you can ignore this message.")
    }

    static func photoLocation(_ masked: String, video: Bool = false) -> LocalizedText {
        if video {
            return LocalizedText(
                nb: "Videoen har en GPS-posisjon i metadataene (\(masked)). Alle som laster den ned kan se hvor den ble tatt opp, for eksempel hjemme hos noen. Eksporter videoen på nytt uten posisjon (slå av «Inkluder posisjon» eller fjern metadata), og last den opp igjen.",
                en: "The video has a GPS position in its metadata (\(masked)). Anyone who downloads it can see where it was recorded, at someone's home, say. Export the video again without location (turn off \"Include location\" or remove metadata), and upload it again.")
        }
        return LocalizedText(
            nb: "Bildet har en GPS-posisjon i metadataene (\(masked)). Alle som laster ned bildet kan se hvor det ble tatt, for eksempel hjemme hos noen. Lagre eller eksporter bildet på nytt uten posisjon og metadata (i mange programmer: «Fjern posisjon» eller «Fjern egenskaper og personlig informasjon»), og last det opp igjen.",
            en: "The photo has a GPS position in its metadata (\(masked)). Anyone who downloads it can see where it was taken, at someone's home, say. Save or export the photo again without location and metadata (in many programs: \"Remove location\" or \"Remove properties and personal information\"), and upload it again.")
    }

    static func photoOwner(_ masked: String, fieldNB: String, fieldEN: String) -> LocalizedText {
        LocalizedText(
            nb: "Bildets metadata har \(fieldNB) (\(masked)). Det kan vise hvem som tok bildet, eier kameraet eller er med på bildet. Lagre eller eksporter bildet på nytt uten metadata før det publiseres; skal fotografen krediteres, skriv det i resource.yaml.",
            en: "The photo's metadata has \(fieldEN) (\(masked)). It can show who took the photo, owns the camera or is in the photo. Save or export the photo again without metadata before it is published; to credit the photographer, write it in resource.yaml.")
    }
}
