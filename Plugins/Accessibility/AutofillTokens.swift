import Foundation

/// The autofill detail tokens of the `autocomplete` attribute.
/// Source: WHATWG HTML Living Standard, section 4.10.18.7 "Autofill"
/// (https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#autofill-field),
/// the field names of its autofill table and the order of the tokens. Licence of the
/// specification: Creative Commons Attribution 4.0 International (© WHATWG).
enum AutofillTokens {
    /// Field names that are not about a contact.
    static let fieldNames: Set<String> = [
        "name", "honorific-prefix", "given-name", "additional-name", "family-name", "honorific-suffix", "nickname",
        "username", "new-password", "current-password", "one-time-code", "organization-title", "organization",
        "street-address", "address-line1", "address-line2", "address-line3", "address-level4", "address-level3",
        "address-level2", "address-level1", "country", "country-name", "postal-code", "cc-name", "cc-given-name",
        "cc-additional-name", "cc-family-name", "cc-number", "cc-exp", "cc-exp-month", "cc-exp-year", "cc-csc", "cc-type",
        "transaction-currency", "transaction-amount", "language", "bday", "bday-day", "bday-month", "bday-year", "sex",
        "url", "photo",
    ]

    /// Field names about a contact: only these may follow home, work, mobile, fax or pager.
    static let contactFieldNames: Set<String> = [
        "tel", "tel-country-code", "tel-national", "tel-area-code", "tel-local", "tel-local-prefix", "tel-local-suffix",
        "tel-extension", "email", "impp",
    ]

    static let contactTypes: Set<String> = ["home", "work", "mobile", "fax", "pager"]

    /// The tokens make an autofill detail list, in order: section-*, shipping or billing, a
    /// contact type before a contact field, exactly one field name, webauthn; compared without
    /// regard to case, separated by ASCII white space only.
    static func isValid(_ value: String) -> Bool {
        let tokens = value.split { ["\t", "\n", "\u{0C}", "\r", " "].contains($0) }.map { $0.lowercased() }
        var index = 0
        if index < tokens.count, tokens[index].hasPrefix("section-") { index += 1 }
        if index < tokens.count, tokens[index] == "shipping" || tokens[index] == "billing" { index += 1 }
        var contact = false
        if index < tokens.count, contactTypes.contains(tokens[index]) {
            contact = true
            index += 1
        }
        guard index < tokens.count else { return false }
        let field = tokens[index]
        guard contactFieldNames.contains(field) || (!contact && fieldNames.contains(field)) else { return false }
        index += 1
        if index < tokens.count, tokens[index] == "webauthn" { index += 1 }
        return index == tokens.count
    }
}
