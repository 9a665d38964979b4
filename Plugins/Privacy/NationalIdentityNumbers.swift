/// Checks for the Nordic national identity numbers the Privacy plugin looks for. Each takes the
/// digits only (no spaces or hyphens) and says whether, and as what, they are a valid number.
/// Pure arithmetic: nothing here knows about text, context or confidence.

/// Digits of an ASCII string, or nil when it has anything but 0-9.
func digitValues(_ digits: String) -> [Int]? {
    var values: [Int] = []
    values.reserveCapacity(digits.utf8.count)
    for byte in digits.utf8 {
        guard byte >= 0x30, byte <= 0x39 else { return nil }
        values.append(Int(byte - 0x30))
    }
    return values
}

/// Days in a month of the Gregorian calendar; 0 for a month outside 1...12.
func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 1, 3, 5, 7, 8, 10, 12: 31
    case 4, 6, 9, 11: 30
    case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
    default: 0
    }
}

func isValidDate(day: Int, month: Int, year: Int) -> Bool {
    day >= 1 && day <= daysIn(month: month, year: year)
}

/// Norwegian fødselsnummer, D-number and H-number: 11 digits DDMMYY III K1 K2, where both check
/// digits are mod-11 sums (weights 3 7 6 1 8 9 4 5 2 and 5 4 3 2 7 6 5 4 3 2).
///
/// - D-number (issued to people who are not registered as resident): 4 is added to the first
///   digit of the day (41-71).
/// - H-number (a health-service help number): 4 is added to the first digit of the month (41-52).
///   NAV's synthetic test persons use the same +40 on the month, so an H-number may be synthetic.
/// - Synthetic numbers from Skatteetaten's test environment "Tenor" (since 2017) add 8 to the
///   first digit of the month (81-92). They never belong to a real person, so `classify` reports
///   them as `.tenorSynthetic` and the text scanner does not flag them.
///
/// The K2 weights are the same as those of the mod-11 check of an 11-digit Norwegian bank account
/// number, so every valid fødselsnummer is also a valid account number. What tells them apart is
/// K1 and the date; the text scanner also reads the layout (4.2.5 is an account) and nearby words.
///
/// Numbers issued under the rules announced for 2032 (no gender digit, relaxed K1) are not
/// recognised yet.
public enum NorwegianNationalID {
    public enum Variant: String, Sendable, Equatable, CaseIterable {
        case birthNumber       // fødselsnummer
        case dNumber           // D-nummer
        case hNumber           // H-nummer
        case tenorSynthetic    // Skatteetaten's synthetic test number (month + 80): not a person
    }

    /// The variant of a valid number, or nil when the 11 digits are not one (wrong length, a check
    /// digit that does not match, an impossible date).
    public static func classify(_ digits: String) -> Variant? {
        guard let d = digitValues(digits), d.count == 11 else { return nil }
        guard checkDigitsAreValid(d) else { return nil }
        var day = d[0] * 10 + d[1]
        var month = d[2] * 10 + d[3]
        let yearInCentury = d[4] * 10 + d[5]
        var variant = Variant.birthNumber
        if day > 40 { day -= 40; variant = .dNumber }
        if month > 80 {
            month -= 80
            variant = .tenorSynthetic
        } else if month > 40 {
            month -= 40
            if variant == .birthNumber { variant = .hNumber } else { return nil }
        }
        let individual = d[6] * 100 + d[7] * 10 + d[8]
        let year = (century(individual: individual, yearInCentury: yearInCentury) ?? 2000) + yearInCentury
        guard isValidDate(day: day, month: month, year: year) else { return nil }
        return variant
    }

    /// Both mod-11 check digits, nothing else.
    public static func checkDigitsAreValid(_ digits: String) -> Bool {
        guard let d = digitValues(digits), d.count == 11 else { return false }
        return checkDigitsAreValid(d)
    }

    static func checkDigitsAreValid(_ d: [Int]) -> Bool {
        guard let k1 = mod11CheckDigit(d[0..<9], weights: [3, 7, 6, 1, 8, 9, 4, 5, 2]), k1 == d[9] else { return false }
        guard let k2 = mod11CheckDigit(d[0..<10], weights: [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]), k2 == d[10] else { return false }
        return true
    }

    /// The century of the birth year from the individual number (Skatteetaten's table); nil for
    /// combinations the table leaves out, in which case the date is checked as if 20xx.
    static func century(individual: Int, yearInCentury: Int) -> Int? {
        switch individual {
        case 0...499: 1900
        case 500...749 where yearInCentury >= 54: 1800
        case 500...999 where yearInCentury <= 39: 2000
        case 900...999 where yearInCentury >= 40: 1900
        default: nil
        }
    }
}

/// 11 minus the weighted sum mod 11; 11 gives 0 and 10 means no valid check digit exists.
func mod11CheckDigit(_ digits: ArraySlice<Int>, weights: [Int]) -> Int? {
    var sum = 0
    for (digit, weight) in zip(digits, weights) { sum += digit * weight }
    let check = 11 - sum % 11
    if check == 11 { return 0 }
    if check == 10 { return nil }
    return check
}

/// Norwegian bank account numbers: 11 digits (printed 4.2.5) whose last digit is a mod-11 check
/// with weights 5 4 3 2 7 6 5 4 3 2.
public enum NorwegianBankAccount {
    public static func isValid(_ digits: String) -> Bool {
        guard let d = digitValues(digits), d.count == 11 else { return false }
        return mod11CheckDigit(d[0..<10], weights: [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) == d[10]
    }
}

/// The Luhn (mod-10) check used by Swedish personnummer.
public enum Luhn {
    public static func isValid(_ digits: String) -> Bool {
        guard let d = digitValues(digits), !d.isEmpty else { return false }
        var sum = 0
        for (index, digit) in d.reversed().enumerated() {
            if index % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }
}

/// Swedish personnummer and samordningsnummer: YYMMDD-NNNC (10 digits, `+` instead of `-` for
/// people aged 100 or more) or YYYYMMDDNNNC (12 digits). The last digit is a Luhn check over the
/// 10-digit form. A samordningsnummer adds 60 to the day (61-91). Skatteverket's published test
/// numbers are valid numbers and cannot be told apart here.
public enum SwedishNationalID {
    public enum Variant: String, Sendable, Equatable, CaseIterable {
        case personnummer
        case samordningsnummer
    }

    /// The variant of a valid 10- or 12-digit number, else nil. A 12-digit number must start
    /// with the century 18, 19 or 20.
    public static func classify(_ digits: String) -> Variant? {
        guard let d = digitValues(digits) else { return nil }
        let tenDigits: [Int]
        let year: Int
        switch d.count {
        case 10:
            tenDigits = d
            year = 2000 + d[0] * 10 + d[1]    // only leap years matter here; 1900 is the rare miss
        case 12:
            let centuryDigits = d[0] * 10 + d[1]
            guard (18...20).contains(centuryDigits) else { return nil }
            tenDigits = Array(d[2...])
            year = centuryDigits * 100 + d[2] * 10 + d[3]
        default:
            return nil
        }
        let month = tenDigits[2] * 10 + tenDigits[3]
        var day = tenDigits[4] * 10 + tenDigits[5]
        var variant = Variant.personnummer
        if day > 60 { day -= 60; variant = .samordningsnummer }
        guard isValidDate(day: day, month: month, year: year) else { return nil }
        guard Luhn.isValid(tenDigits.map(String.init).joined()) else { return nil }
        return variant
    }
}

/// Danish CPR numbers: DDMMYY-SSSS. Since 2007 Denmark issues numbers that do not pass the old
/// mod-11 check, so only the date can be checked; see `TextScanner` for why a CPR number is then
/// flagged only in the hyphen form or next to a word such as "CPR".
public enum DanishCPR {
    /// Whether the first six of ten digits are a possible date DDMMYY.
    public static func hasValidDate(_ digits: String) -> Bool {
        guard let d = digitValues(digits), d.count == 10 else { return false }
        let day = d[0] * 10 + d[1]
        let month = d[2] * 10 + d[3]
        let year = 2000 + d[4] * 10 + d[5]
        return isValidDate(day: day, month: month, year: year)
    }

    /// The pre-2007 mod-11 check (weights 4 3 2 7 6 5 4 3 2 1); informative only.
    public static func passesLegacyModulus11(_ digits: String) -> Bool {
        guard let d = digitValues(digits), d.count == 10 else { return false }
        let weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1]
        return zip(d, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11 == 0
    }
}
