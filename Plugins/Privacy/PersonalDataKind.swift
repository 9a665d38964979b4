import AllmenningCore

/// The kinds of personal data the Privacy plugin finds. The raw value is the stable finding code
/// (`privacy.email`); severity is the plugin host's business (errors for pupils' resources,
/// warnings for teachers'), not this library's.
///
/// Each kind describes itself the way a rule does in Allmenning: a title, a description, and
/// examples that should and should not trigger it. The examples are tested.
public enum PersonalDataKind: String, Sendable, Codable, CaseIterable, Comparable {
    case nationalIDNorway = "privacy.national-id-no"
    case nationalIDSweden = "privacy.national-id-se"
    case nationalIDDenmark = "privacy.national-id-dk"
    case email = "privacy.email"
    case phone = "privacy.phone"
    case photoLocation = "privacy.photo-location"
    case photoOwner = "privacy.photo-owner"

    /// The stable finding code, the same as the raw value.
    public var code: String { rawValue }

    public static func < (lhs: PersonalDataKind, rhs: PersonalDataKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public var title: LocalizedText {
        switch self {
        case .nationalIDNorway: LocalizedText(nb: "Norsk fødselsnummer eller D-nummer", en: "Norwegian national identity number or D-number")
        case .nationalIDSweden: LocalizedText(nb: "Svensk personnummer eller samordningsnummer", en: "Swedish personal identity number or coordination number")
        case .nationalIDDenmark: LocalizedText(nb: "Dansk CPR-nummer", en: "Danish CPR number")
        case .email: LocalizedText(nb: "E-postadresse", en: "E-mail address")
        case .phone: LocalizedText(nb: "Telefonnummer", en: "Phone number")
        case .photoLocation: LocalizedText(nb: "GPS-posisjon i et bilde", en: "GPS position in a photo")
        case .photoOwner: LocalizedText(nb: "Navn eller serienummer i et bildes metadata", en: "Name or serial number in a photo's metadata")
        }
    }

    /// What the rule looks for and what it deliberately leaves alone.
    public var ruleDescription: LocalizedText {
        switch self {
        case .nationalIDNorway: LocalizedText(
            nb: "11 sifre (også «DDMMÅÅ IIIKK») med gyldig dato og to gyldige kontrollsifre: fødselsnummer, D-nummer og H-nummer. Syntetiske testnumre fra Tenor (måned + 80) og kontonumre skrevet 1234.56.78901 eller merket med «konto» flagges ikke.",
            en: "11 digits (also \"DDMMYY IIIKK\") with a valid date and two valid check digits: fødselsnummer, D-number and H-number. Tenor synthetic test numbers (month + 80) and account numbers written 1234.56.78901 or labelled \"account\" are not flagged.")
        case .nationalIDSweden: LocalizedText(
            nb: "ÅÅMMDD-NNNN, ÅÅMMDD+NNNN, ÅÅÅÅMMDDNNNN og lignende med gyldig dato og Luhn-kontrollsiffer; samordningsnummer har dag + 60.",
            en: "YYMMDD-NNNN, YYMMDD+NNNN, YYYYMMDDNNNN and the like with a valid date and Luhn check digit; a coordination number has day + 60.")
        case .nationalIDDenmark: LocalizedText(
            nb: "DDMMÅÅ-NNNN med gyldig dato. Uten bindestrek bare når «CPR» eller «personnummer» står like ved, fordi danske numre siden 2007 ikke har kontrollsiffer.",
            en: "DDMMYY-NNNN with a valid date. Without the hyphen only next to \"CPR\" or \"personnummer\", because Danish numbers have had no check digit since 2007.")
        case .email: LocalizedText(
            nb: "E-postadresser. Eksempeladresser (example.org, eksempel.no, .test), maler som fornavn.etternavn@ og fellesadresser som post@ og postmottak@ flagges ikke.",
            en: "E-mail addresses. Example addresses (example.org, eksempel.no, .test), templates such as firstname.lastname@ and shared addresses such as post@ and info@ are not flagged.")
        case .phone: LocalizedText(
            nb: "Telefonnumre med +47, +46 eller +45 (eller 0047 …), norske mobilnumre (4xx/9xx) skrevet som 912 34 567 eller 91 23 45 67, svenske mobilnumre 07x, og andre 8-sifrede numre når «tlf», «telefon», «mobil» eller «Vipps» står like ved. Et 91234567 uten slikt ord er bare et hint med lav sikkerhet. Tall i regnestykker, beløp, ISBN, ordre- og kontonumre flagges ikke.",
            en: "Phone numbers with +47, +46 or +45 (or 0047 …), Norwegian mobile numbers (4xx/9xx) written 912 34 567 or 91 23 45 67, Swedish 07x mobile numbers, and other 8-digit numbers next to \"phone\", \"tlf\", \"mobil\" or \"Vipps\". A bare 91234567 with no such word is only a low-confidence hint. Numbers in sums, amounts, ISBNs, order and account numbers are not flagged.")
        case .photoLocation: LocalizedText(
            nb: "GPS-breddegrad og -lengdegrad i EXIF (JPEG, PNG, TIFF, WebP, HEIF) eller XMP. Koordinater skrevet i teksten (for eksempel i en geografitime) er ikke bildeposisjon.",
            en: "GPS latitude and longitude in EXIF (JPEG, PNG, TIFF, WebP, HEIF) or XMP. Coordinates written in text (in a geography lesson, say) are not a photo's position.")
        case .photoOwner: LocalizedText(
            nb: "Fotograf eller eier (Artist, CameraOwnerName, dc:creator), serienummer (BodySerialNumber, aux:SerialNumber) og navn på personer merket i bildet. Copyright-feltet er ikke en personopplysning i denne sammenhengen.",
            en: "Photographer or owner (Artist, CameraOwnerName, dc:creator), serial numbers (BodySerialNumber, aux:SerialNumber) and names of people tagged in the photo. The Copyright field is not treated as personal data.")
        }
    }

    /// Text that should trigger the rule (for image kinds: a description of the metadata).
    public var triggeringExamples: [String] {
        switch self {
        case .nationalIDNorway: ["Fødselsnummeret mitt er 01019012480.", "fnr 010190 12480", "D-nummer: 41019012393"]
        case .nationalIDSweden: ["Mitt personnummer är 900101-1239.", "19900101-1239", "Samordningsnummer 900161-1236"]
        case .nationalIDDenmark: ["Mit CPR-nummer er 010190-1234.", "CPR 0101901234"]
        case .email: ["Send oppgaven til kari.nordby@skolen.no", "Min mejl: emma.lind99@gmail.com"]
        case .phone: ["Ring meg på 912 34 567!", "Tlf: +47 22 33 44 55", "Ring mig på 070-123 45 67", "Tlf. +45 32 34 56 78"]
        case .photoLocation: ["EXIF GPSLatitude 59° 54′ 41″ N, GPSLongitude 10° 44′ 1″ E", "XMP exif:GPSLatitude=\"59,54.69N\""]
        case .photoOwner: ["EXIF Artist \"Kari Nordby\"", "XMP aux:SerialNumber=\"0123456789\""]
        }
    }

    /// Text that should not trigger the rule.
    public var nonTriggeringExamples: [String] {
        switch self {
        case .nationalIDNorway: ["Kontonummer: 1503.12.34567", "01019012481 (feil kontrollsiffer)", "Testperson fra Tenor: 01819012365"]
        case .nationalIDSweden: ["Ordernummer 900101-1235", "ISBN 91-29-65732-1"]
        case .nationalIDDenmark: ["0101901234", "Mødet er den 32.01.90 kl. 12:34"]
        case .email: ["Skriv til navn@example.org", "fornavn.etternavn@skolen.no", "Spørsmål? post@skolen.no", "logo@2x.png"]
        case .phone: ["Skriv tallet 12 345 678 med bokstaver.", "ISBN 978-82-02-12345-7", "Sykkelen kostet 4 999 kr.", "Ordrenummer 91234567"]
        case .photoLocation: ["Oslo ligger på 59,91° N og 10,75° Ø.", "EXIF without GPS"]
        case .photoOwner: ["EXIF Copyright \"© Kari Nordby\"", "EXIF Make \"Canon\", Model \"EOS 90D\""]
        }
    }
}

/// How sure a detector is that a match is personal data.
public enum Confidence: String, Sendable, Codable, CaseIterable, Comparable {
    /// A hint worth a look, too uncertain to block publishing: a format that other numbers use as
    /// often (an unbroken 8-digit number starting with 4 or 9, with no phone word nearby). The
    /// corpus evaluation counts `medium` and `high` as detections; the host may show `low` as info.
    case low
    /// A valid number in a format that other kinds of numbers also use.
    case medium
    /// A checksum-valid number in its usual layout or next to a telling word; an e-mail address; a
    /// phone number with a country code; photo metadata.
    case high

    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }

    public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rank < rhs.rank }
}
