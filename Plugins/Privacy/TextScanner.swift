import AllmenningCore

/// Finds national identity numbers, phone numbers and e-mail addresses in text, line by line.
///
/// Numbers are read as *chains*: digit groups joined by one separator (a space, a hyphen or dash,
/// a dot, `+`, or `(0)` after a country code), like `+47 912 34 567` or `010190 12480`. A rule
/// matches a whole chain, or a part of one that stands apart from the rest (an unbroken number
/// after a date such as `01.01.1990 01019012480`), never a slice of a longer number: the `12 345
/// 678` in `12 345 678 901` is not a phone number. A chain glued to letters, to `/`, `=` or `#`
/// (URLs, CSS colours, file names), or to a decimal comma is not read at all.
///
/// Words near a number decide the unclear cases. They are read on the same line, up to 48
/// characters before the number, and the nearest telling word wins:
/// - identifier words (`kontonummer`, `ordrenummer`, `ISBN`, `faktura`, `pris`, `kr` …): the
///   number is something else, nothing is flagged;
/// - national-id words (`fødselsnummer`, `fnr`, `personnummer`, `CPR` …) raise the confidence;
/// - phone words (`tlf`, `telefon`, `mobil`, `ring`, `sms`, `Vipps`, `Swish` …) let any 8-digit
///   number in a phone layout through;
/// - arithmetic words (`tallet`, `regn ut`, `avrund`, `million` …) and operators next to the
///   number (`=`, `×`, `+` between numbers) stop the phone rule, but no checksum rule;
/// - a unit or currency right after the number (`kr`, `,-`, `km`, `innbyggere`) stops every rule.
///
/// Judgement calls:
/// - **Norwegian numbers vs. bank accounts.** The second check digit of a fødselsnummer uses the
///   same weights as the check digit of an 11-digit bank account, so *every* valid fødselsnummer
///   is a valid account number and that coincidence says nothing. What is informative is the first
///   check digit and the date (about 1 % of random valid account numbers pass both), the layout
///   (`1503.12.34567` is an account and never matches) and the words nearby (`konto` suppresses).
///   An unbroken 11-digit number valid as both, with no word either way, is flagged with `medium`
///   confidence; in the `DDMMYY IIIKK` layout or after `fnr` with `high`. An account number that
///   is not a valid fødselsnummer is never flagged.
/// - **Danish CPR.** Denmark stopped issuing numbers that pass the mod-11 check in 2007, so a
///   CPR number has no checksum left, and about one 10-digit number in twenty-seven has a valid
///   DDMMYY date. To keep precision, a CPR number is flagged only in its own layout
///   `DDMMYY-NNNN` (a valid date, `medium`; `high` with a keyword) or, unbroken or with a space,
///   when `CPR`, `cpr-nr`, `personnummer` or the like stands nearby.
/// - **Swedish or Danish?** `YYMMDD-NNNN` and `DDMMYY-NNNN` look the same. A number that passes
///   the Swedish date and Luhn checks is Swedish (one in ten random numbers passes Luhn); one that
///   fails is Danish if its date is valid. A nearby `CPR` reverses the order.
/// - **Tenor test numbers** (month + 80) are valid but belong to nobody; they are not flagged.
/// - **Phones without a country code**: Norwegian mobiles (first digit 4 or 9) grouped the way
///   people write them (`912 34 567`, `91 23 45 67`, `9123 4567`) and Swedish 07x mobiles are
///   flagged on their own. An unbroken `91234567` with no phone word nearby is only a `low`
///   hint: it is as often a code, a count or an order number. After a phone word any grouping in
///   twos to fours counts, and landlines and Danish numbers need a country code or a phone word.
///   The thousands layout (`12 345 678`) never matches, even after `ring` (which is also "circle"
///   in Norwegian exercises), and Norwegian 8xx numbers are businesses' service numbers.
/// - Other countries' numbers with `+` and 8-15 digits are flagged with `medium` confidence.
enum TextScanner {
    /// Every match in `text`, with line and column (both from 1).
    static func scan(_ text: String) -> [PersonalDataMatch] {
        var matches: [PersonalDataMatch] = []
        var line: [Unicode.Scalar] = []
        var lineNumber = 1
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if previousWasCR { previousWasCR = false; continue }
                matches += scanLine(line, lineNumber: lineNumber)
                line.removeAll(keepingCapacity: true)
                lineNumber += 1
            } else if scalar == "\r" {
                matches += scanLine(line, lineNumber: lineNumber)
                line.removeAll(keepingCapacity: true)
                lineNumber += 1
                previousWasCR = true
                continue
            } else {
                line.append(scalar)
            }
            previousWasCR = false
        }
        matches += scanLine(line, lineNumber: lineNumber)
        return matches
    }

    /// Matches in one line; `lineNumber` nil for text without lines (image comments).
    static func scanLine(_ line: [Unicode.Scalar], lineNumber: Int?) -> [PersonalDataMatch] {
        guard line.contains(where: { $0.isASCIIDigit || $0 == "@" || $0 == "[" || $0 == "(" }) else { return [] }
        let emails = EmailScanner.scan(line, lineNumber: lineNumber)
        let taken = emails.ranges
        var matches = emails.matches
        matches += NumberScanner(line: line, lineNumber: lineNumber, taken: taken).scan()
        return matches.sorted { ($0.column ?? 0) < ($1.column ?? 0) }
    }
}

// MARK: - Numbers

enum SeparatorKind: Equatable {
    case space, hyphen, dot, plus, spacedDash, trunkZero, closingParenthesis
}

struct NumberCandidate {
    var groups: [String]
    var separators: [SeparatorKind]
    var plus: Bool
    var start: Int
    var end: Int

    var digits: String { groups.joined() }
    var lengths: [Int] { groups.map(\.count) }
}

struct NumberScanner {
    let line: [Unicode.Scalar]
    let lineNumber: Int?
    let taken: [Range<Int>]

    private struct Chain {
        var groups: [Range<Int>] = []
        var separators: [SeparatorKind] = []
        var plus = false
        var start = 0
        var end = 0
    }

    /// Windows longer than this many groups are never tried (no rule needs more than 6).
    private static let maximumWindow = 6

    func scan() -> [PersonalDataMatch] {
        var matches: [PersonalDataMatch] = []
        var index = 0
        while index < line.count {
            guard line[index].isASCIIDigit, index == 0 || !line[index - 1].isASCIIDigit else { index += 1; continue }
            let chain = readChain(from: index)
            index = max(chain.end, index + 1)
            guard !taken.contains(where: { $0.overlaps(chain.start..<chain.end) }) else { continue }
            guard boundaryBeforeIsClear(chain.start), boundaryAfterIsClear(chain.end) else { continue }
            matches += matchesIn(chain)
        }
        return matches
    }

    private func matchesIn(_ chain: Chain) -> [PersonalDataMatch] {
        let count = chain.groups.count
        if let match = detect(in: chain, 0..<count) { return [match] }
        var matches: [PersonalDataMatch] = []
        var start = 0
        while start < count {
            var found = false
            for end in stride(from: min(count, start + Self.maximumWindow), through: start + 1, by: -1) {
                if start == 0 && end == count { continue }
                guard windowStandsApart(chain, start..<end), let match = detect(in: chain, start..<end) else { continue }
                matches.append(match)
                start = end
                found = true
                break
            }
            if !found { start += 1 }
        }
        return matches
    }

    /// A part of a chain counts as a number of its own when the separators around it are
    /// spaces or spaced dashes and it has no plain space inside (unless spaced dashes set it apart).
    private func windowStandsApart(_ chain: Chain, _ window: Range<Int>) -> Bool {
        let left = window.lowerBound > 0 ? chain.separators[window.lowerBound - 1] : nil
        let right = window.upperBound < chain.groups.count ? chain.separators[window.upperBound - 1] : nil
        for boundary in [left, right].compactMap({ $0 }) where boundary != .space && boundary != .spacedDash {
            return false
        }
        let inner = chain.separators[window.lowerBound..<(window.upperBound - 1)]
        if inner.contains(.space) {
            return [left, right].allSatisfy { $0 == nil || $0 == .spacedDash }
        }
        return true
    }

    private func detect(in chain: Chain, _ window: Range<Int>) -> PersonalDataMatch? {
        let groups = chain.groups[window]
        // No rule matches fewer than 7 digits (a +46 number) or more than 15 (E.164).
        let digitCount = groups.reduce(0) { $0 + $1.count }
        guard (7...15).contains(digitCount) else { return nil }
        let start = window.lowerBound == 0 ? chain.start : groups.first!.lowerBound
        let candidate = NumberCandidate(
            groups: groups.map { String(String.UnicodeScalarView(line[$0])) },
            separators: Array(chain.separators[window.lowerBound..<(window.upperBound - 1)]),
            plus: window.lowerBound == 0 && chain.plus,
            start: start,
            end: groups.last!.upperBound)
        let context = NumberContext(line: line, start: candidate.start, end: candidate.end)
        let rules: [(NumberCandidate, NumberContext) -> Detection?] = digitCount == 10 && context.nearest(among: [.danishID, .nationalID]) == .danishID
            ? [NumberRules.norwegianID, NumberRules.danishCPR, NumberRules.swedishID, NumberRules.phone]
            : [NumberRules.norwegianID, NumberRules.swedishID, NumberRules.danishCPR, NumberRules.phone]
        for rule in rules {
            if let detection = rule(candidate, context) {
                // A unit or currency next to the number vetoes every rule.
                if context.unitOrCurrencyFollows { return nil }
                let original = String(String.UnicodeScalarView(line[candidate.start..<candidate.end]))
                return PersonalDataMatch(kind: detection.kind, line: lineNumber, column: lineNumber == nil ? nil : candidate.start + 1,
                                         length: candidate.end - candidate.start,
                                         matchedText: Masking.digits(original, keeping: detection.keptDigits),
                                         confidence: detection.confidence, reason: detection.reason,
                                         message: detection.message(Masking.digits(original, keeping: detection.keptDigits)))
            }
        }
        return nil
    }

    // MARK: Reading chains

    private func readChain(from first: Int) -> Chain {
        var chain = Chain()
        chain.plus = first > 0 && line[first - 1] == "+"
        let openedWithParenthesis = chain.plus && first > 1 && line[first - 2] == "("
        chain.start = first - (chain.plus ? 1 : 0) - (openedWithParenthesis ? 1 : 0)
        var index = first
        while true {
            let groupStart = index
            while index < line.count, line[index].isASCIIDigit { index += 1 }
            chain.groups.append(groupStart..<index)
            chain.end = index
            guard chain.groups.count < 64,
                  let (separator, next) = separator(at: index, afterFirstGroup: chain.groups.count == 1 && openedWithParenthesis)
            else { break }
            chain.separators.append(separator)
            index = next
        }
        return chain
    }

    private func spaces(from index: Int) -> Int {
        var count = 0
        while index + count < line.count, line[index + count].isSpaceLike, count < 3 { count += 1 }
        return count
    }

    private func isDigit(at index: Int) -> Bool { index < line.count && line[index].isASCIIDigit }

    /// The separator at `index` and where the next digit group starts, or nil where the chain ends.
    private func separator(at index: Int, afterFirstGroup: Bool) -> (SeparatorKind, Int)? {
        guard index < line.count else { return nil }
        let before = spaces(from: index)
        guard before <= 2 else { return nil }
        var position = index + before
        guard position < line.count else { return nil }
        let scalar = line[position]
        if scalar == "(", position + 2 < line.count, line[position + 1] == "0", line[position + 2] == ")" {
            position += 3
            let after = spaces(from: position)
            guard after <= 2, isDigit(at: position + after) else { return nil }
            return (.trunkZero, position + after)
        }
        if scalar == ")", afterFirstGroup, before == 0 {
            position += 1
            let after = spaces(from: position)
            guard after <= 2, isDigit(at: position + after) else { return nil }
            return (.closingParenthesis, position + after)
        }
        if ["-", "\u{2013}", "\u{2011}", "\u{2212}", ".", "+"].contains(scalar) {
            position += 1
            let after = spaces(from: position)
            guard after <= 2, isDigit(at: position + after) else { return nil }
            switch scalar {
            case ".": return before == 0 && after == 0 ? (.dot, position) : nil
            case "+": return before == 0 && after == 0 ? (.plus, position) : nil
            default:
                if before == 0 && after == 0 { return (.hyphen, position) }
                if before > 0 && after > 0 { return (.spacedDash, position + after) }
                return nil
            }
        }
        if before > 0, scalar.isASCIIDigit { return (.space, position) }
        return nil
    }

    // MARK: Boundaries

    private static let blockingBefore: Set<Unicode.Scalar> = ["_", "\\", "=", "?", "&", "#", "@", "$", "€", "£", "%", "^"]
    private static let blockingAfter: Set<Unicode.Scalar> = ["_", "\\", "%", "@", "°", "‰", "²", "³", "^"]

    private func boundaryBeforeIsClear(_ start: Int) -> Bool {
        guard start > 0 else { return true }
        let previous = line[start - 1]
        if previous.isLetterOrDigit || Self.blockingBefore.contains(previous) { return false }
        // A slash belongs to a path (`/skole/91234567`) unless it stands between numbers (`91234567/98765432`).
        if previous == "/", !(start > 1 && (line[start - 2].isASCIIDigit || line[start - 2].isSpaceLike)) { return false }
        if start > 1 {
            let earlier = line[start - 2]
            if [".", ",", ":", "-", "\u{2013}"].contains(previous), earlier.isASCIIDigit { return false }
            if previous == "-", earlier.isLetterOrDigit { return false }
        }
        return true
    }

    private func boundaryAfterIsClear(_ end: Int) -> Bool {
        guard end < line.count else { return true }
        let next = line[end]
        if next.isLetterOrDigit || Self.blockingAfter.contains(next) { return false }
        if next == "/", end + 1 < line.count, !(line[end + 1].isASCIIDigit || line[end + 1].isSpaceLike) { return false }
        if end + 1 < line.count {
            let later = line[end + 1]
            if [".", ",", ":"].contains(next), later.isASCIIDigit { return false }
            if ["-", "\u{2013}"].contains(next), later.isLetterOrDigit { return false }
        }
        return true
    }
}

/// What a number rule concluded.
struct Detection {
    var kind: PersonalDataKind
    var confidence: Confidence
    var reason: String
    var keptDigits: Int
    var message: (String) -> LocalizedText
}

/// The words and characters around a number on its line.
final class NumberContext {
    /// In the order in which a word's classes are considered (`cpr-nr` is Danish before national).
    enum Class: Equatable, Hashable, CaseIterable {
        case identifier, danishID, nationalID, phone, arithmetic
    }

    private let line: [Unicode.Scalar]
    private let start: Int
    private let end: Int

    /// Everything is worked out on first use: most candidates are settled by their shape alone.
    init(line: [Unicode.Scalar], start: Int, end: Int) {
        self.line = line
        self.start = start
        self.end = end
    }

    /// Lowercased words before the number (up to 48 characters back), nearest first.
    lazy var wordsBefore: [String] = Self.words(line[max(0, start - 48)..<start]).reversed()
    private lazy var classesBefore: [[Class]] = wordsBefore.map(Self.classes(of:))
    private lazy var after: [Unicode.Scalar] = Array(line[end..<min(line.count, end + 24)])
    private lazy var wordsAfter: [String] = Self.words(after[...])

    /// A unit or currency right after the number (`kr`, `,-`, `km`, `%`), or a currency before it.
    lazy var unitOrCurrencyFollows: Bool = {
        if let first = wordsAfter.first, Self.units.contains(first),
           // The word must follow the number directly (spaces only), not after a comma or dash.
           after.prefix(while: { $0.isSpaceLike }).count == after.prefix(while: { !$0.isLetterOrDigit && $0 != "%" }).count {
            return true
        }
        if after.drop(while: { $0.isSpaceLike }).first == "%" { return true }
        if after.count >= 2, after[0] == ",", after[1] == "-" || after[1] == "\u{2013}" { return true }
        let previous = line[..<start].reversed().drop(while: { $0.isSpaceLike }).first
        if let previous, previous == "$" || previous == "€" || previous == "£" { return true }
        if let word = wordsBefore.first, Self.currencyBefore.contains(word),
           let previous, previous.properties.isAlphabetic || previous == "." {
            return true
        }
        return false
    }()

    lazy var operatorNearby: Bool = Self.operatorBefore(line, start) || Self.operatorAfter(line, end)

    /// An arithmetic word among the three words after the number ("… delelig med 3?").
    lazy var arithmeticFollows: Bool = wordsAfter.prefix(3).contains { Self.classes(of: $0).contains(.arithmetic) }

    /// The class of the nearest word before the number that belongs to one of `classes`.
    func nearest(among classes: Set<Class>) -> Class? {
        for found in classesBefore {
            if let match = found.first(where: classes.contains) { return match }
        }
        return nil
    }

    func hasWord(_ predicate: (String) -> Bool) -> Bool { wordsBefore.contains(where: predicate) }

    private static func words(_ scalars: ArraySlice<Unicode.Scalar>) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            var word = String(current).lowercased()
            while let last = word.last, ".-:".contains(last) { word.removeLast() }
            while let first = word.first, ".-".contains(first) { word.removeFirst() }
            if !word.isEmpty { words.append(word) }
            current = String.UnicodeScalarView()
        }
        for scalar in scalars {
            if scalar.properties.isAlphabetic || scalar.isASCIIDigit || scalar == "." || scalar == "-" || scalar == ":" {
                current.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return words
    }

    private static func operatorBefore(_ line: [Unicode.Scalar], _ start: Int) -> Bool {
        var index = start - 1
        while index >= 0, line[index].isSpaceLike { index -= 1 }
        guard index >= 0 else { return false }
        let symbol = line[index]
        if ["=", "×", "·", "÷", "\u{2212}", "<", ">", "≈", "≤", "≥"].contains(symbol) { return true }
        if ["+", "-", "/", ":", "*"].contains(symbol), index < start - 1 || symbol == "*" {
            var earlier = index - 1
            while earlier >= 0, line[earlier].isSpaceLike { earlier -= 1 }
            return earlier >= 0 && (line[earlier].isASCIIDigit || line[earlier] == ")")
        }
        return false
    }

    private static func operatorAfter(_ line: [Unicode.Scalar], _ end: Int) -> Bool {
        var index = end
        while index < line.count, line[index].isSpaceLike { index += 1 }
        guard index < line.count else { return false }
        let symbol = line[index]
        if ["=", "×", "·", "÷", "\u{2212}", "+", "<", ">", "≈", "≤", "≥"].contains(symbol) { return true }
        if ["-", "/", ":", "*"].contains(symbol) {
            var later = index + 1
            while later < line.count, line[later].isSpaceLike { later += 1 }
            return later < line.count && line[later].isASCIIDigit && (index > end || symbol == "*")
        }
        return false
    }

    // MARK: Vocabulary (nb, nn, sv, da, en)

    static func classes(of word: String) -> [Class] {
        guard let first = word.unicodeScalars.first, word.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { return [] }
        var found: Set<Class> = []
        for (prefix, wordClass) in vocabulary.prefixes[first] ?? [] where !found.contains(wordClass) && word.hasPrefix(prefix) {
            found.insert(wordClass)
        }
        found.formUnion(vocabulary.exact[word] ?? [])
        return Class.allCases.filter(found.contains)
    }

    /// The word lists below indexed by first letter, built once.
    private static let vocabulary: (prefixes: [Unicode.Scalar: [(String, Class)]], exact: [String: [Class]]) = {
        var prefixes: [Unicode.Scalar: [(String, Class)]] = [:]
        var exact: [String: [Class]] = [:]
        let lists: [(Class, [String], Set<String>)] = [
            (.identifier, identifierPrefixes, identifierWords), (.danishID, ["cpr"], []),
            (.nationalID, nationalIDPrefixes, nationalIDWords), (.phone, phonePrefixes, phoneWords),
            (.arithmetic, arithmeticPrefixes, arithmeticWords),
        ]
        for (wordClass, prefixList, words) in lists {
            for prefix in prefixList { prefixes[prefix.unicodeScalars.first!, default: []].append((prefix, wordClass)) }
            for word in words { exact[word, default: []].append(wordClass) }
        }
        return (prefixes, exact)
    }()

    /// Words that, next to `personnummer`-less Danish numbers, make a CPR reading likely.
    static func isDanishKeyword(_ word: String) -> Bool {
        word.hasPrefix("cpr") || word.hasPrefix("personnummer") || word.hasPrefix("personnr")
    }

    private static func matches(_ word: String, prefixes: [String], exact: Set<String>) -> Bool {
        exact.contains(word) || prefixes.contains { word.hasPrefix($0) }
    }

    static let identifierPrefixes = [
        "isbn", "issn", "ordre", "order", "bestilling", "beställning", "faktura", "invoice", "kunde", "kund", "customer",
        "kontonum", "kontonr", "account", "bankkonto", "iban", "org.nr", "orgnr", "org-nr", "organisasjonsnummer", "organisationsn",
        "varenummer", "varenr", "vare-nr", "artikkel", "artikel", "art.nr", "artnr", "saksnummer", "saksnr", "sak.nr",
        "referanse", "referens", "reference", "sporing", "tracking", "sendingsnummer", "kolli", "serienummer", "serienr",
        "serial", "lisens", "license", "licence", "produktnummer", "produktnr", "bilag", "transaksjon", "transaktion",
        "reg.nr", "regnr", "registreringsnummer", "kortnummer", "kortnr", "bankgiro", "plusgiro", "clearing",
        "postnummer", "postnr", "postboks", "billett", "biljett", "ticket", "booking", "kvittering", "kvitto", "receipt",
        "kontrakt", "avtalenummer", "avtalsnummer", "polise", "forsikring", "försäkring", "lånenummer", "strekkode",
        "streckkod", "stregkode", "barcode", "pris", "price", "priset", "beløp", "belopp", "beløb", "budsjett", "budget",
        "kostet", "koster", "kostar", "kostnad", "omsetning", "omsättning", "revenue", "lønn", "lön", "løn", "salary",
        "saldo", "balance", "betal", "innbetal", "overfør", "överför", "verifikasjon", "sjekksum", "checksum", "hash",
        "versjon", "version", "modellnummer", "modellnr", "sku", "passord", "password", "lösenord", "adgangskode",
        "kode", "code", "elevnummer", "elevnr", "studentnummer", "kandidatnummer", "kandidatnr", "medlemsnummer",
        "medlemsnr", "lånekort", "bibliotekkort", "wifi", "wi-fi", "nettverk",
    ]
    static let identifierWords: Set<String> = [
        "ean", "kid", "ref", "cvr", "mva", "moms", "nr.nr", "kr", "nok", "sek", "dkk", "eur", "usd", "kroner", "kronor",
        "vin", "imei", "pin", "id-kort", "konto", "kontoen", "kontot", "kontoens",
    ]
    static let nationalIDPrefixes = [
        "fødselsnum", "fødselsnr", "fodselsnum", "fødselsnumm", "personnum", "personnr", "personnumret", "samordningsnum",
        "d-num", "d-nr", "h-num", "identitetsnum", "id-num", "id-nr", "cpr", "social",
    ]
    static let nationalIDWords: Set<String> = ["fnr", "f.nr", "pnr", "p-nr", "ssn", "identity", "national", "personal"]
    static let phonePrefixes = [
        "telefon", "tlf", "mobil", "phone", "telephone", "kontakt", "contact", "whatsapp", "vipps", "swish", "mobilepay",
        "telefax", "fax", "faks", "ringe", "sms",
    ]
    static let phoneWords: Set<String> = [
        "ring", "ringer", "ringa", "ringes", "tel", "mob", "mobnr", "cell", "call", "nummer", "nummeret", "numret", "nummern",
    ]
    static let arithmeticPrefixes = [
        "regn", "rekn", "räkn", "beräkn", "udregn", "calculat", "comput", "summ", "produkt", "differan", "differens",
        "difference", "delel", "deleleg", "delbar", "divisib", "primtal", "faktoris", "avrund", "afrund", "round", "estim",
        "overslag", "tallet", "talet", "tallene", "tallinj", "siffer", "sifre", "siffr", "ciffer", "cifre", "digit",
        "plassverdi", "posisjonssystem", "million", "milliard", "billion", "innbygg", "invånar", "indbygg", "population",
        "addisjon", "adder", "subtrah", "multipli", "divid", "gange", "gonge", "gånge", "brøk", "bråk", "desimal",
        "decimal", "prosent", "procent", "percent", "likning", "ligning", "ekvation", "equation", "solve",
        "størst", "störst", "smallest", "largest", "greatest", "kvadrat", "potens", "partal", "oddetal", "primtal",
        "jämnt", "udda", "ulige", "divisible",
    ]
    static let arithmeticWords: Set<String> = [
        "sum", "tall", "tal", "talen", "tala", "runde", "rund", "plus", "minus", "ganger", "deler", "delt", "x", "square",
        "root", "rot", "power", "løs", "lös", "minst", "minste",
    ]
    static let units: Set<String> = [
        "kr", "kr.", "kroner", "kronor", "nok", "sek", "dkk", "eur", "euro", "usd", "dollar", "km", "m", "cm", "mm", "kg", "g",
        "mg", "l", "ml", "dl", "liter", "tonn", "ton", "år", "years", "dager", "dagar", "dage", "days", "timer", "timar",
        "sekunder", "minutter", "meter", "mil", "innbyggere", "innbyggjarar", "invånare", "indbyggere", "inhabitants", "people",
        "personer", "mennesker", "stk", "stykker", "prosent", "procent", "percent", "kvm", "kalorier", "kcal", "bytes", "kb",
        "mb", "gb", "poeng", "points", "poäng", "point", "ganger", "gonger", "gånger", "times", "fot", "feet", "lysår",
        "elever", "pupils", "students",
    ]
    static let currencyBefore: Set<String> = ["kr", "kr.", "nok", "sek", "dkk", "eur", "usd"]
}

/// The number rules. Each returns a detection or nil; the scanner tries them in order.
enum NumberRules {
    static func norwegianID(_ candidate: NumberCandidate, _ context: NumberContext) -> Detection? {
        guard !candidate.plus else { return nil }
        let layoutIsPersonal = candidate.lengths == [6, 5] && [.space, .hyphen].contains(candidate.separators[0])
        guard candidate.lengths == [11] || layoutIsPersonal else { return nil }
        guard let variant = NorwegianNationalID.classify(candidate.digits), variant != .tenorSynthetic else { return nil }
        let word = context.nearest(among: [.identifier, .nationalID, .danishID])
        if word == .identifier { return nil }
        let confidence: Confidence = variant == .hNumber ? .medium : (layoutIsPersonal || word != nil ? .high : .medium)
        let reason = switch variant {
        case .dNumber: "D-number (day + 40): valid date and both mod-11 check digits"
        case .hNumber: "H-number (month + 40; NAV's synthetic numbers use the same range): valid date and both mod-11 check digits"
        default: "fødselsnummer: valid date and both mod-11 check digits"
        }
        return Detection(kind: .nationalIDNorway, confidence: confidence,
                         reason: reason + (layoutIsPersonal ? "; DDMMYY IIIKK layout" : "") + (word != nil ? "; id word nearby" : ""),
                         keptDigits: 6, message: { PrivacyMessages.nationalIDNorway($0, variant: variant) })
    }

    static func swedishID(_ candidate: NumberCandidate, _ context: NumberContext) -> Detection? {
        guard !candidate.plus else { return nil }
        let lengths = candidate.lengths
        let separator = candidate.separators.first
        let confidence: Confidence
        switch lengths {
        case [10]: confidence = .medium
        case [12]: confidence = .high
        case [6, 4]:
            switch separator {
            case .hyphen, .plus: confidence = .high
            case .space: confidence = .medium
            default: return nil
            }
        case [8, 4]:
            guard separator == .hyphen || separator == .space || separator == .plus else { return nil }
            confidence = .high
        default: return nil
        }
        guard let variant = SwedishNationalID.classify(candidate.digits) else { return nil }
        let word = context.nearest(among: [.identifier, .nationalID, .danishID])
        if word == .identifier || word == .danishID { return nil }
        return Detection(kind: .nationalIDSweden, confidence: word == .nationalID ? .high : confidence,
                         reason: "\(variant == .samordningsnummer ? "samordningsnummer (day + 60)" : "personnummer"): valid date and Luhn check digit"
                            + (word != nil ? "; id word nearby" : ""),
                         keptDigits: lengths.reduce(0, +) == 12 ? 8 : 6,
                         message: { PrivacyMessages.nationalIDSweden($0, variant: variant) })
    }

    static func danishCPR(_ candidate: NumberCandidate, _ context: NumberContext) -> Detection? {
        guard !candidate.plus else { return nil }
        let lengths = candidate.lengths
        let hyphenated = lengths == [6, 4] && candidate.separators[0] == .hyphen
        guard hyphenated || lengths == [10] || (lengths == [6, 4] && candidate.separators[0] == .space) else { return nil }
        guard DanishCPR.hasValidDate(candidate.digits) else { return nil }
        if context.nearest(among: [.identifier, .nationalID, .danishID]) == .identifier { return nil }
        let keyword = context.hasWord(NumberContext.isDanishKeyword)
        guard hyphenated || keyword else { return nil }
        return Detection(kind: .nationalIDDenmark, confidence: keyword ? .high : .medium,
                         reason: "CPR number: valid DDMMYY date" + (hyphenated ? " in the DDMMYY-NNNN layout" : "")
                            + (keyword ? "; CPR word nearby" : "") + " (no checksum since 2007)",
                         keptDigits: 6, message: PrivacyMessages.nationalIDDenmark)
    }

    private static let typicalNorwegianLayouts: [[Int]] = [[8], [3, 2, 3], [2, 2, 2, 2], [4, 4]]

    static func phone(_ candidate: NumberCandidate, _ context: NumberContext) -> Detection? {
        let separators = candidate.separators
        guard !separators.contains(.plus) else { return nil }
        let digits = Array(candidate.digits)
        let groups = candidate.groups
        var nearestWord: NumberContext.Class? { context.nearest(among: [.identifier, .phone, .arithmetic]) }

        // With a country code: +47, +46, +45, 0047, 0046, 0045, or another + number.
        var countryCode: String?
        var national: [Character] = []
        if candidate.plus {
            countryCode = String(digits.prefix(2))
            national = Array(digits.dropFirst(2))
        } else if digits.count >= 10, groups[0].count >= 4, groups[0].hasPrefix("00"),
                  ["47", "46", "45"].contains(String(digits[2..<4])) {
            countryCode = String(digits[2..<4])
            national = Array(digits.dropFirst(4))
        }
        if let code = countryCode {
            if separators.contains(.closingParenthesis), groups[0] != code { return nil }
            let firstGroupIsCode = groups[0].count == code.count || groups[0].count > code.count + 3
                || (groups[0].hasPrefix("00") && groups[0].count == 4)
            if national.first == "0" { national.removeFirst() }
            var valid: Bool
            switch code {
            case "47": valid = national.count == 8 && "2345679".contains(national[0])
            case "45": valid = national.count == 8 && national[0] != "0" && national[0] != "1"
            case "46": valid = (7...9).contains(national.count) && national[0] != "0"
            default: valid = false
            }
            valid = valid && firstGroupIsCode
            if valid {
                return Detection(kind: .phone, confidence: .high, reason: "phone number with the country code +\(code)",
                                 keptDigits: code.count + 3, message: PrivacyMessages.phone)
            }
            guard candidate.plus, (8...15).contains(digits.count), (1...3).contains(groups[0].count),
                  !["47", "46", "45"].contains(groups[0]), nearestWord != .identifier, !context.operatorNearby
            else { return nil }
            return Detection(kind: .phone, confidence: .medium, reason: "international phone number (+\(groups[0]))",
                             keptDigits: groups[0].count + 3, message: PrivacyMessages.phone)
        }
        guard !separators.contains(.trunkZero), !separators.contains(.closingParenthesis), !separators.contains(.spacedDash),
              (8...10).contains(digits.count) else { return nil }
        let word = nearestWord
        if word == .identifier { return nil }
        let phoneWord = word == .phone
        if !phoneWord && (word == .arithmetic || context.operatorNearby || context.arithmeticFollows) { return nil }
        let uniform = Set(separators).count <= 1

        // Swedish mobiles 070, 072, 073, 076, 079; with a phone word also landlines 0xx.
        if digits.first == "0", uniform || separators.first == .hyphen {
            if digits.count == 10, digits[1] == "7", "02369".contains(digits[2]), [3, 4, 10].contains(groups[0].count) {
                return Detection(kind: .phone, confidence: groups.count > 1 || phoneWord ? .high : .medium,
                                 reason: "Swedish mobile number (07x)" + (phoneWord ? "; phone word nearby" : ""),
                                 keptDigits: 3, message: PrivacyMessages.phone)
            }
            if phoneWord, (8...10).contains(digits.count), digits[1] != "0", (2...4).contains(groups[0].count) || groups.count == 1 {
                return Detection(kind: .phone, confidence: .high, reason: "Swedish landline number with area code; phone word nearby",
                                 keptDigits: 3, message: PrivacyMessages.phone)
            }
            return nil
        }

        // Norwegian and Danish 8-digit numbers.
        // After a phone word, any grouping in twos to fours will do, except the thousands layout.
        let typical = Self.typicalNorwegianLayouts.contains(candidate.lengths)
        let looseAfterPhoneWord = phoneWord && candidate.lengths.allSatisfy { (2...4).contains($0) } && candidate.lengths != [2, 3, 3]
        guard digits.count == 8, uniform, typical || looseAfterPhoneWord else { return nil }
        if let separator = separators.first {
            if separator == .dot && candidate.lengths != [2, 2, 2, 2] { return nil }
            if separator == .hyphen && candidate.lengths == [4, 4] { return nil }     // ranges: 4000-4999
        }
        if phoneWord, "2345679".contains(digits[0]) {
            return Detection(kind: .phone, confidence: .high, reason: "8-digit number in a phone layout; phone word nearby",
                             keptDigits: 3, message: PrivacyMessages.phone)
        }
        if "49".contains(digits[0]) {
            // Grouped like a phone number, it is one; unbroken, it may as well be a code or a count.
            return Detection(kind: .phone, confidence: groups.count > 1 ? .high : .low,
                             reason: "Norwegian mobile number (4xx/9xx) in a phone layout",
                             keptDigits: 3, message: PrivacyMessages.phone)
        }
        return nil
    }
}
