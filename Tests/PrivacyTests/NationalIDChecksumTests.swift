import Foundation
@testable import Privacy
import Testing

/// Valid numbers made here, independently of the detectors, from the published rules.
enum SyntheticNumbers {
    static func mod11(_ digits: [Int], _ weights: [Int]) -> Int? {
        let check = 11 - zip(digits, weights).map(*).reduce(0, +) % 11
        return check == 11 ? 0 : check == 10 ? nil : check
    }

    /// Appends both Norwegian check digits to nine digits, or nil when none exist.
    static func norwegian(_ first9: String) -> String? {
        let digits = first9.map { Int(String($0))! }
        guard let k1 = mod11(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2]),
              let k2 = mod11(digits + [k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) else { return nil }
        return first9 + "\(k1)\(k2)"
    }

    /// A valid Norwegian number for a date prefix (DDMMYY), trying individual numbers from `from`.
    static func norwegian(datePrefix: String, from: Int = 123) -> String {
        for individual in from..<1000 {
            if let number = norwegian(datePrefix + String(format: "%03d", individual)) { return number }
        }
        fatalError("no valid number for \(datePrefix)")
    }

    /// Appends a Luhn digit.
    static func luhn(_ first9: String) -> String {
        for check in 0...9 where Luhn.isValid(first9 + "\(check)") { return first9 + "\(check)" }
        fatalError()
    }

    static func account(_ first10: String) -> String? {
        let digits = first10.map { Int(String($0))! }
        return mod11(digits, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]).map { first10 + "\($0)" }
    }
}

@Suite struct NorwegianNationalIDTests {
    @Test func variants() {
        #expect(NorwegianNationalID.classify("01019012480") == .birthNumber)
        #expect(NorwegianNationalID.classify("41019012393") == .dNumber)
        #expect(NorwegianNationalID.classify(SyntheticNumbers.norwegian(datePrefix: "014190")) == .hNumber)
        #expect(NorwegianNationalID.classify("01819012365") == .tenorSynthetic)
        #expect(NorwegianNationalID.classify(SyntheticNumbers.norwegian(datePrefix: "418190")) == .tenorSynthetic)
    }

    @Test func rejectsWrongCheckDigitsDatesAndShapes() {
        #expect(NorwegianNationalID.classify("01019012481") == nil)        // K2 off by one
        #expect(NorwegianNationalID.classify("01019012580") == nil)        // K1 off by one
        #expect(NorwegianNationalID.classify(SyntheticNumbers.norwegian(datePrefix: "310490")) == nil)   // 31 April
        #expect(NorwegianNationalID.classify(SyntheticNumbers.norwegian(datePrefix: "290201", from: 500)) == nil)  // 2001 not leap
        #expect(NorwegianNationalID.classify(SyntheticNumbers.norwegian(datePrefix: "290200", from: 500)) == .birthNumber)
        #expect(NorwegianNationalID.classify(SyntheticNumbers.norwegian(datePrefix: "011390")) == nil)   // month 13
        #expect(NorwegianNationalID.classify(SyntheticNumbers.norwegian(datePrefix: "415390")) == nil)   // D and H at once
        #expect(NorwegianNationalID.classify("0101901248") == nil)
        #expect(NorwegianNationalID.classify("010190124800") == nil)
        #expect(NorwegianNationalID.classify("0101901248a") == nil)
        #expect(NorwegianNationalID.classify("") == nil)
    }

    /// The second check digit of a fødselsnummer is the bank-account check, so every valid
    /// fødselsnummer is a valid account number; the converse fails for most account numbers.
    @Test func everyValidNumberIsAlsoAValidAccountNumber() {
        var valid = 0
        for seed in 0..<3000 {
            let day = 1 + seed % 28, month = 1 + (seed / 28) % 12, year = seed % 100
            let prefix = String(format: "%02d%02d%02d%03d", day, month, year, (seed * 7) % 500)
            guard let number = SyntheticNumbers.norwegian(prefix) else { continue }
            valid += 1
            #expect(NorwegianNationalID.classify(number) == .birthNumber)
            #expect(NorwegianBankAccount.isValid(number))
        }
        #expect(valid > 2000)
        let account = SyntheticNumbers.account("1503123456")!
        #expect(NorwegianBankAccount.isValid(account))
        let wrong = String(account.dropLast()) + String((Int(String(account.last!))! + 1) % 10)
        #expect(!NorwegianBankAccount.isValid(wrong))
        #expect(NorwegianNationalID.classify(account) == nil)     // 15.03.12 with a K1 that does not match
    }
}

@Suite struct SwedishAndDanishIDTests {
    @Test func swedishForms() {
        #expect(SwedishNationalID.classify("9001011239") == .personnummer)
        #expect(SwedishNationalID.classify("199001011239") == .personnummer)
        #expect(SwedishNationalID.classify("9001611236") == .samordningsnummer)
        #expect(SwedishNationalID.classify("9001011238") == nil)              // Luhn
        #expect(SwedishNationalID.classify("219001011239") == nil)            // no such century
        #expect(SwedishNationalID.classify(SyntheticNumbers.luhn("900230123")) == nil)   // 30 February
        #expect(SwedishNationalID.classify(SyntheticNumbers.luhn("000229123")) == .personnummer)  // 2000 was leap
        #expect(SwedishNationalID.classify(SyntheticNumbers.luhn("900192123")) == nil)   // day 92 = 32 + 60
        #expect(SwedishNationalID.classify("900101123") == nil)
    }

    @Test func luhn() {
        #expect(Luhn.isValid("79927398713"))
        #expect(!Luhn.isValid("79927398710"))
        #expect(!Luhn.isValid(""))
        #expect(!Luhn.isValid("12a4"))
    }

    @Test func danishDates() {
        #expect(DanishCPR.hasValidDate("0101901234"))
        #expect(DanishCPR.hasValidDate("2902001234"))        // 2000 was a leap year
        #expect(!DanishCPR.hasValidDate("2902011234"))
        #expect(!DanishCPR.hasValidDate("3201901234"))
        #expect(!DanishCPR.hasValidDate("0113901234"))
        #expect(!DanishCPR.hasValidDate("010190123"))
        #expect(DanishCPR.passesLegacyModulus11("0707614285"))
    }
}
