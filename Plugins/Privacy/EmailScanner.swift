/// Finds e-mail addresses in one line of text.
///
/// The pattern is RFC 5322's dot-atom, restricted to what people type: a mailbox of letters
/// (any script), digits and `. _ % + - '`, an `@`, and a domain of at least two labels whose last
/// label is letters only. Written-out forms `kari [at] skolen.no` and `kari(at)skolen.no` count too.
///
/// Not flagged (judgement calls):
/// - placeholder domains: the reserved `example.com/.org/.net`, any domain with a label
///   `example`, `eksempel` or `exempel`, and the reserved top-level names `.example`, `.test`,
///   `.invalid`, `.localhost`, `.local`;
/// - template mailboxes that name no one: `navn@`, `fornavn.etternavn@`, `firstname.lastname@`,
///   `ola.nordmann@`, `kari.nordmann@` (the Norwegian placeholder names) and the like;
/// - shared role mailboxes of an organisation: `post@`, `postmottak@`, `kontakt@`, `info@`,
///   `support@`, `noreply@` …; they reach an office, not a person;
/// - file names with an `@` (`logo@2x.png`): a "domain" that ends in a file extension.
enum EmailScanner {
    struct Result {
        var matches: [PersonalDataMatch] = []
        /// Every address seen, flagged or not, so that the number rules leave their digits alone.
        var ranges: [Range<Int>] = []
    }

    static func scan(_ line: [Unicode.Scalar], lineNumber: Int?) -> Result {
        var result = Result()
        var index = 0
        while index < line.count {
            var atStart = index, atEnd = index + 1
            var written = false
            if line[index] == "@" {
                // a plain @
            } else if let length = writtenAt(line, index) {
                atEnd = index + length
                written = true
                if atStart > 0, line[atStart - 1] == " " { atStart -= 1 }
                if atEnd < line.count, line[atEnd] == " " { atEnd += 1 }
            } else {
                index += 1
                continue
            }
            guard let found = address(line, atStart: atStart, atEnd: atEnd) else { index += 1; continue }
            result.ranges.append(found.range)
            index = max(found.range.upperBound, index + 1)
            if notPersonal(local: found.local, domain: found.domain) != nil { continue }
            let masked = Masking.email(local: found.local, domain: found.domain)
            result.matches.append(PersonalDataMatch(
                kind: .email, line: lineNumber, column: lineNumber == nil ? nil : found.range.lowerBound + 1,
                length: found.range.count, matchedText: masked, confidence: .high,
                reason: written ? "e-mail address written with (at)" : "e-mail address",
                message: PrivacyMessages.email(masked)))
        }
        return result
    }

    /// The length of `[at]`, `(at)` or `{at}` at `index`, any case.
    private static func writtenAt(_ line: [Unicode.Scalar], _ index: Int) -> Int? {
        let close: Unicode.Scalar
        switch line[index] {
        case "[": close = "]"
        case "(": close = ")"
        case "{": close = "}"
        default: return nil
        }
        guard index + 3 < line.count else { return nil }
        let a = line[index + 1].properties.lowercaseMapping, t = line[index + 2].properties.lowercaseMapping
        guard a == "a", t == "t", line[index + 3] == close else { return nil }
        return 4
    }

    private static func isMailboxCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.isASCIIDigit || ["." , "_", "%", "+", "-", "'"].contains(scalar)
    }

    private static func isDomainCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.isASCIIDigit || scalar == "-" || scalar == "."
    }

    private static func address(_ line: [Unicode.Scalar], atStart: Int, atEnd: Int)
        -> (range: Range<Int>, local: String, domain: String)? {
        var start = atStart
        while start > 0, isMailboxCharacter(line[start - 1]), atStart - start < 64 { start -= 1 }
        while start < atStart, [".", "'", "-", "+"].contains(line[start]) { start += 1 }
        var end = atEnd
        while end < line.count, isDomainCharacter(line[end]), end - atEnd < 253 { end += 1 }
        while end > atEnd, [".", "-"].contains(line[end - 1]) { end -= 1 }
        guard start < atStart, end > atEnd else { return nil }
        let local = String(String.UnicodeScalarView(line[start..<atStart])).trimmingSpaces
        let domain = String(String.UnicodeScalarView(line[atEnd..<end])).trimmingSpaces
        guard !local.isEmpty, !local.hasSuffix("."), !local.contains("..") else { return nil }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
              let top = labels.last, top.count >= 2, top.allSatisfy(\.isLetter)
        else { return nil }
        guard !fileExtensions.contains(top.lowercased()) else { return nil }
        return (start..<end, local, domain)
    }

    /// Why an address is not flagged, or nil when it is personal.
    static func notPersonal(local: String, domain: String) -> String? {
        let local = local.lowercased(), domain = domain.lowercased()
        let labels = domain.split(separator: ".").map(String.init)
        if placeholderDomains.contains(domain) || labels.contains(where: placeholderLabels.contains)
            || reservedTopLevel.contains(labels.last ?? "") {
            return "placeholder domain"
        }
        if templateMailboxes.contains(local) { return "template mailbox" }
        if roleMailboxes.contains(local) { return "shared role mailbox" }
        return nil
    }

    static let placeholderDomains: Set<String> = ["domain.com", "domene.no", "domän.se", "doman.se", "domæne.dk"]
    static let placeholderLabels: Set<String> = ["example", "eksempel", "exempel", "eksempelskole", "exempelskolan"]
    static let reservedTopLevel: Set<String> = ["example", "test", "invalid", "localhost", "local"]
    static let templateMailboxes: Set<String> = [
        "navn", "namn", "name", "fornavn", "etternavn", "fornavn.etternavn", "fornamn.etternamn", "förnamn.efternamn",
        "fornavn.efternavn", "firstname.lastname", "first.last", "firstname", "lastname", "din.epost", "dinepost",
        "din-epost", "epost", "e-post", "email", "e-mail", "mail", "din.mail", "dittnavn", "ditt.navn", "ditt_navn",
        "dittnamn", "ditt.namn", "your.name", "yourname", "you", "your", "brukernavn", "username", "user", "användare",
        "brugernavn", "elevnavn", "lærernavn", "ola.nordmann", "kari.nordmann", "olanordmann", "karinordmann",
        "sven.svensson", "anna.andersson", "jens.hansen", "john.doe", "jane.doe", "xxx", "abc",
    ]
    static let roleMailboxes: Set<String> = [
        "post", "postmottak", "postmaster", "kontakt", "contact", "info", "firmapost", "servicetorget", "support",
        "noreply", "no-reply", "donotreply", "kundeservice", "kundservice", "ekspedisjon", "sentralbord", "webmaster",
        "redaksjon", "redaktion", "admin", "office", "kontoret", "skolekontoret", "registrator", "arkiv", "personvern",
        "personvernombud", "privacy", "dpo", "abuse", "security", "hostmaster", "hei", "hej", "hello",
    ]
    static let fileExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "heic", "bmp", "ico", "tif", "tiff", "css", "js", "mjs", "json",
        "html", "htm", "pdf", "mp4", "mp3", "webm", "ogg", "wav", "vtt", "srt", "md", "txt", "zip", "xml",
    ]
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " { scalars.removeFirst() }
        while let last = scalars.last, last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
