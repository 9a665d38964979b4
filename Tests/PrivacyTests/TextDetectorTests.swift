import AllmenningCore
import Foundation
@testable import Privacy
import Testing

func kinds(_ text: String, minimum: Confidence = .low) -> [PersonalDataKind] {
    PrivacyScanner.scanText(text).filter { $0.confidence >= minimum }.map(\.kind)
}

func only(_ text: String) -> PersonalDataMatch? {
    let matches = PrivacyScanner.scanText(text)
    return matches.count == 1 ? matches[0] : nil
}

@Suite struct RuleExampleTests {
    static let textKinds: [PersonalDataKind] = [.nationalIDNorway, .nationalIDSweden, .nationalIDDenmark, .email, .phone]

    @Test(arguments: textKinds)
    func triggeringExamplesTrigger(kind: PersonalDataKind) {
        for example in kind.triggeringExamples {
            #expect(kinds(example, minimum: .medium) == [kind], "\(example)")
        }
    }

    @Test(arguments: textKinds)
    func nonTriggeringExamplesDoNot(kind: PersonalDataKind) {
        for example in kind.nonTriggeringExamples {
            #expect(!kinds(example).contains(kind), "\(example)")
        }
    }

    @Test func everyKindDescribesItselfInBothLanguages() {
        for kind in PersonalDataKind.allCases {
            #expect(kind.code.hasPrefix("privacy."))
            #expect(!kind.title.nb.isEmpty && !kind.title.en.isEmpty)
            #expect(!kind.ruleDescription.nb.isEmpty && !kind.ruleDescription.en.isEmpty)
            #expect(!kind.triggeringExamples.isEmpty && !kind.nonTriggeringExamples.isEmpty)
        }
        #expect(PersonalDataKind.allCases.map(\.code) == [
            "privacy.national-id-no", "privacy.national-id-se", "privacy.national-id-dk", "privacy.email", "privacy.phone",
            "privacy.photo-location", "privacy.photo-owner",
        ])
    }
}

@Suite struct NationalIDInTextTests {
    @Test func norwegianLayoutsAndMasking() throws {
        let match = try #require(only("Fødselsnummeret mitt er 010190 12480."))
        #expect(match.kind == .nationalIDNorway)
        #expect(match.matchedText == "010190 *****")
        #expect(match.confidence == .high)
        #expect(match.line == 1 && match.column == 25 && match.length == 12)
        #expect(match.message.nb.contains("010190 *****") && match.message.en.contains("010190 *****"))
        #expect(!match.message.nb.contains("12480") && !match.message.en.contains("12480"))
        #expect(only("01019012480")?.matchedText == "010190*****")
        #expect(only("010190-12480")?.kind == .nationalIDNorway)
        #expect(only("Født 01.01.1990 01019012480")?.kind == .nationalIDNorway)
        #expect(only("D-nummer 41019012393")?.message.nb.contains("D-nummer") == true)
    }

    @Test func bankAccountsAndSyntheticNumbers() {
        let both = "01019012480"     // a valid fødselsnummer, so also a valid account number
        #expect(only(both)?.confidence == .medium)
        #expect(only("fnr \(both)")?.confidence == .high)
        #expect(kinds("Kontonummer: \(both)").isEmpty)
        #expect(kinds("Betal til konto \(both)").isEmpty)
        #expect(kinds("0101.90.12480").isEmpty)                  // account layout
        #expect(kinds("Kontonr: 1503.12.34562").isEmpty)
        #expect(kinds("15031234562").isEmpty)                    // valid account, not a fødselsnummer
        #expect(kinds("01819012365").isEmpty)                    // Tenor: month + 80
        let hNumber = SyntheticNumbers.norwegian(datePrefix: "014190")
        #expect(only(hNumber)?.confidence == .medium)
        #expect(kinds("01019012481").isEmpty)
        #expect(kinds("ISBN 01019012480").isEmpty)
        #expect(kinds("Ordrenummer 010190 12480").isEmpty)
    }

    @Test func swedishForms() {
        #expect(only("900101-1239")?.kind == .nationalIDSweden)
        #expect(only("900101-1239")?.matchedText == "900101-****")
        #expect(only("19900101-1239")?.matchedText == "19900101-****")
        #expect(only("199001011239")?.confidence == .high)
        #expect(only("9001011239")?.confidence == .medium)
        #expect(only("personnummer 9001011239")?.confidence == .high)
        #expect(only("900161-1236")?.message.en.contains("coordination") == true)
        let plus = SyntheticNumbers.luhn("230412123")
        #expect(only("Min farfar: \(plus.prefix(6))+\(plus.suffix(4))")?.kind == .nationalIDSweden)
        #expect(kinds("900101-1238").isEmpty)                     // Luhn fails, and day 90 is no Danish date
        #expect(kinds("Ordernummer 900101-1239").isEmpty)
    }

    @Test func danishNeedsItsLayoutOrAWord() {
        // 010190-1234 is not a valid Swedish number (Luhn), so the hyphen layout makes it Danish.
        #expect(only("010190-1234")?.kind == .nationalIDDenmark)
        #expect(only("010190-1234")?.confidence == .medium)
        #expect(only("CPR-nr. 010190-1234")?.confidence == .high)
        #expect(only("010190-1234")?.matchedText == "010190-****")
        #expect(kinds("0101901234").isEmpty)
        #expect(kinds("010190 1234").isEmpty)
        #expect(only("CPR 0101901234")?.kind == .nationalIDDenmark)
        #expect(only("cpr-nummer: 010190 1234")?.kind == .nationalIDDenmark)
        #expect(only("Personnummer: 0101901234")?.kind == .nationalIDDenmark)
        #expect(kinds("320190-1234").isEmpty)                     // 32 January
        // Valid as Swedish (date and Luhn) and as a Danish date: Swedish, unless CPR is named.
        let both = SyntheticNumbers.luhn("100190123")   // Danish 10 Jan 1990; Swedish samordningsnummer of 30 Jan 2010
        let hyphenated = "\(both.prefix(6))-\(both.suffix(4))"
        #expect(only(hyphenated)?.kind == .nationalIDSweden)
        #expect(only("CPR: \(hyphenated)")?.kind == .nationalIDDenmark)
    }
}

@Suite struct PhoneTests {
    @Test(arguments: [
        "+47 912 34 567", "+4791234567", "0047 912 34 567", "(+47) 91 23 45 67", "+47 22 33 44 55", "Tlf: 22 33 44 55",
        "912 34 567", "91 23 45 67", "9123 4567", "412 34 567", "912-34-567", "Mobil: 9123 45 67",
        "+46 70 123 45 67", "+46 (0)70-123 45 67", "+46701234567", "0046 70-123 45 67", "070-123 45 67", "073 123 45 67",
        "Tlf 08-123 456 78", "+45 32 34 56 78", "Tlf.: 32 34 56 78", "MobilePay 23 45 67 89", "Vipps 91234567",
        "Swisha till 0701234567", "+44 20 7946 0958", "Ring 91234567/98765432",
    ])
    func phoneNumbers(text: String) {
        #expect(kinds(text, minimum: .medium).contains(.phone), "\(text)")
    }

    @Test(arguments: [
        "12 345 678", "Skriv tallet 91 234 567 med bokstaver.", "98765432 + 1 = ?", "Er 91234567 delelig med 3?",
        "Tallet 91234567 er et partall.", "ISBN 978-82-02-12345-7", "4 999 kr", "Prisen er 91234567 kr.", "91234567,-",
        "Ordrenummer 91234567", "12.03.2024", "2024-03-12", "kl. 09.15–10.00", "Postnumre 4000-4999", "Tlf. 800 12 345",
        "Ring 113", "https://nrk.no/skole/91234567", "?v=91234567", "color: #91234567", "3,91234567", "91234567px",
        "Org.nr. 974 760 673", "299 792 458 m/s", "Koordinatene er 59.9139, 10.7522.", "Ring rundt 12 345 678",
        "Oppgave 4.12.3", "+47 812 34 567", "Passordet er 91234567", "Stockholm har 975 551 invånare", "Tlf 22 33 44",
        "kari91234567@gmail.com", "12 345 678 901",
    ])
    func notPhoneNumbers(text: String) {
        #expect(!kinds(text, minimum: .medium).contains(.phone), "\(text)")
    }

    @Test func unbrokenMobileWithoutContextIsOnlyAHint() throws {
        let match = try #require(only("Fasit: 91234567"))
        #expect(match.kind == .phone && match.confidence == .low)
        #expect(only("Nummeret mitt er 91234567")?.confidence == .high)
        #expect(only("91 23 45 67")?.confidence == .high)
    }

    @Test func maskingKeepsTheLayout() {
        #expect(only("912 34 567")?.matchedText == "912 ** ***")
        #expect(only("+47 912 34 567")?.matchedText == "+47 912 ** ***")
        #expect(only("070-123 45 67")?.matchedText == "070-*** ** **")
        #expect(only("+47 912 34 567")?.message.nb.contains("+47 912 ** ***") == true)
    }

    @Test func twoNumbersOnOneLine() {
        let matches = PrivacyScanner.scanText("Kari: 912 34 567 – Ola: 22 33 44 55 (tlf)")
        #expect(matches.map(\.kind) == [.phone])
        let both = PrivacyScanner.scanText("Tlf 912 34 567 og 913 45 678")
        #expect(both.count == 2)
        #expect(both.map(\.column) == [5, 19])
    }
}

@Suite struct EmailTests {
    @Test func addresses() throws {
        let match = try #require(only("Send oppgaven til kari.nordby@skolen.no innen fredag."))
        #expect(match.kind == .email)
        #expect(match.matchedText == "k***@skolen.no")
        #expect(match.column == 19 && match.length == 21)
        #expect(only("<a href=\"mailto:emma.lind99@gmail.com\">")?.kind == .email)
        #expect(only("Søren.Ås@elev.bergen.kommune.no")?.matchedText == "S***@elev.bergen.kommune.no")
        #expect(only("EMMA.LIND@SKOLA.SE")?.kind == .email)
        #expect(only("kari.nordby [at] skolen.no")?.matchedText == "k***@skolen.no")
        #expect(only("kari.nordby(at)skolen.no")?.kind == .email)
        #expect(only("(kari@skolen.no)")?.kind == .email)
        #expect(only("Skriv til kari@skolen.no.")?.length == 14)
    }

    @Test(arguments: [
        "navn@example.org", "kari@example.com", "ola@mail.example.no", "kari@eksempel.no", "elev@exempel.se", "kari@skolen.test",
        "fornavn.etternavn@skolen.no", "Firstname.Lastname@school.org", "ola.nordmann@skolen.no", "post@skolen.no",
        "postmottak@bergen.kommune.no", "noreply@skolen.no", "logo@2x.png", "icon@3x.webp", "@media print", "@elev_9b",
        "kari@localhost", "kari@", "@skolen.no", "kari@skolen", "kari@skolen.n0", "kari..nordby@skolen.no",
    ])
    func notFlagged(text: String) {
        #expect(!kinds(text).contains(.email), "\(text)")
    }

    @Test func digitsInsideAnAddressAreNotAPhoneNumber() {
        #expect(kinds("91234567@sms.skolen.no") == [.email])
        #expect(kinds("elev.91234567@skolen.no") == [.email])
    }
}

@Suite struct LinesAndColumnsTests {
    @Test func linesCountFromOneWithAnyLineEnding() {
        let text = "Hei!\r\nRing meg på 912 34 567.\rEller skriv til kari@skolen.no\n\nfnr 01019012480"
        let matches = PrivacyScanner.scanText(text)
        #expect(matches.map(\.line) == [2, 3, 5])
        #expect(matches.map(\.column) == [13, 17, 5])
        #expect(matches.map(\.kind) == [.phone, .email, .nationalIDNorway])
    }

    @Test func columnsCountUnicodeScalars() {
        #expect(only("Æøå – ring 912 34 567")?.column == 12)
    }

    @Test func emptyAndHugeInputs() {
        #expect(PrivacyScanner.scanText("").isEmpty)
        #expect(PrivacyScanner.scanText(String(repeating: "1 ", count: 50_000)).isEmpty)
        #expect(PrivacyScanner.scanText(String(repeating: "9", count: 100_000)).isEmpty)
        #expect(PrivacyScanner.scanText(String(repeating: "@", count: 10_000)).isEmpty)
        #expect(PrivacyScanner.scanText(String(repeating: "a@", count: 10_000)).isEmpty)
        let many = (0..<2000).map { _ in "912 34 567" }.joined(separator: ", ")
        #expect(PrivacyScanner.scanText(many).count == 2000)
    }
}
