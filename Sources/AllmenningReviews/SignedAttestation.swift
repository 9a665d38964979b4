import AllmenningCore
import Crypto
import Foundation

/// An attestation with the installation's Ed25519 signature over its canonical JSON, and the
/// public key that made it. One line of a review note:
/// `{"attestation":{…},"key":"ed25519:…","signature":"…"}` (canonical JSON too).
public struct SignedAttestation: Sendable, Equatable {
    public var attestation: Attestation
    /// `ed25519:` and the base64 of the public key.
    public var key: String
    /// Base64 of the 64-byte Ed25519 signature of `attestation.json.canonicalData`.
    public var signature: String

    public init(attestation: Attestation, key: String, signature: String) {
        self.attestation = attestation
        self.key = key
        self.signature = signature
    }

    /// The line kept in the note.
    public var line: String {
        JSONValue.object(["attestation": attestation.json, "key": .string(key), "signature": .string(signature)]).canonicalString
    }

    /// Reads a note's line without checking it (see `ReviewVerifier`).
    public init(line: String) throws(AttestationProblem) {
        let value: JSONValue
        do { value = try JSONValue(parsing: Data(line.utf8)) } catch { throw .malformed("not JSON") }
        guard let object = value.objectValue, Set(object.keys) == ["attestation", "key", "signature"],
              let key = object["key"]?.stringValue, let signature = object["signature"]?.stringValue, let attestation = object["attestation"] else {
            throw .malformed("not a signed attestation (attestation, key and signature)")
        }
        self.init(attestation: try Attestation(json: attestation), key: key, signature: signature)
    }
}

/// Why a note's attestation is not believed.
public enum AttestationProblem: Error, Sendable, Equatable {
    /// The line is not an attestation this build can read.
    case malformed(String)
    /// Written by a newer Allmenning.
    case unsupportedFormat(Int)
    /// Signed by a key the installation does not trust.
    case unknownKey(String)
    /// The signature does not match the attestation: it was changed after signing.
    case badSignature
    /// The note is attached to another commit than the one the attestation is about.
    case wrongCommit(attested: String, attachedTo: String)
    /// The attestation is about another resource than the repository's.
    case wrongResource(attested: String, expected: String)
    /// The commit the note is attached to is not in the repository.
    case missingCommit(String)
    /// Signed, but breaks a rule no honest installation signs (an approval without scores).
    case invalid(LocalizedText)

    public var message: LocalizedText {
        switch self {
        case let .malformed(detail):
            LocalizedText(nb: "Linja er ikke en vurdering Allmenning kan lese (\(detail)).", en: "The line is not a review Allmenning can read (\(detail)).")
        case let .unsupportedFormat(format):
            LocalizedText(nb: "Vurderingen har format \(format), som denne versjonen av Allmenning ikke kjenner. Oppdater Allmenning.",
                          en: "The review has format \(format), which this version of Allmenning does not know. Update Allmenning.")
        case let .unknownKey(key):
            LocalizedText(nb: "Vurderingen er signert med en nøkkel installasjonen ikke stoler på (\(key.prefix(20))…). Er den fra en annen installasjon, legg nøkkelen i reviews.trustedKeys i config.yaml.",
                          en: "The review is signed with a key this installation does not trust (\(key.prefix(20))…). If it comes from another installation, add the key to reviews.trustedKeys in config.yaml.")
        case .badSignature:
            LocalizedText(nb: "Signaturen stemmer ikke med innholdet: vurderingen er endret etter at den ble signert.",
                          en: "The signature does not match the content: the review was changed after it was signed.")
        case let .wrongCommit(attested, attachedTo):
            LocalizedText(nb: "Vurderingen gjelder versjon \(attested.prefix(10)), men ligger på versjon \(attachedTo.prefix(10)). En vurdering gjelder bare versjonen den ble gitt for.",
                          en: "The review is about version \(attested.prefix(10)) but is attached to version \(attachedTo.prefix(10)). A review holds only for the version it was given for.")
        case let .wrongResource(attested, expected):
            LocalizedText(nb: "Vurderingen gjelder ressursen \(attested), ikke \(expected).", en: "The review is about the resource \(attested), not \(expected).")
        case let .missingCommit(commit):
            LocalizedText(nb: "Versjonen \(commit.prefix(10)) som vurderingen ligger på, finnes ikke i repositoriet.",
                          en: "The version \(commit.prefix(10)) the review is attached to is not in the repository.")
        case let .invalid(reason):
            LocalizedText(nb: "Vurderingen er signert, men ugyldig: \(reason.nb)", en: "The review is signed but not valid: \(reason.en)")
        }
    }

    /// A stable word for machines (JSON output).
    public var code: String {
        switch self {
        case .malformed: "malformed"
        case .unsupportedFormat: "unsupported-format"
        case .unknownKey: "unknown-key"
        case .badSignature: "bad-signature"
        case .wrongCommit: "wrong-commit"
        case .wrongResource: "wrong-resource"
        case .missingCommit: "missing-commit"
        case .invalid: "invalid"
        }
    }
}

/// Which keys' signatures are believed, and the check of one note line.
public struct ReviewVerifier: Sendable, Equatable {
    public var trustedKeys: Set<String>

    public init(trustedKeys: some Sequence<String>) {
        self.trustedKeys = Set(trustedKeys)
    }

    /// The attestation on a note line attached to `commit`, when it is signed by a trusted
    /// key, unchanged since, about that commit and (when given) about `resource`.
    public func verify(line: String, attachedTo commit: String, resource: String?) throws(AttestationProblem) -> SignedAttestation {
        let signed = try SignedAttestation(line: line)
        guard trustedKeys.contains(signed.key) else { throw .unknownKey(signed.key) }
        guard let publicKey = ReviewSigningKey.publicKey(signed.key), let signature = Data(base64Encoded: signed.signature),
              publicKey.isValidSignature(signature, for: signed.attestation.json.canonicalData) else {
            throw .badSignature
        }
        guard signed.attestation.commit == commit else { throw .wrongCommit(attested: signed.attestation.commit, attachedTo: commit) }
        if let resource, signed.attestation.resource != resource {
            throw .wrongResource(attested: signed.attestation.resource, expected: resource)
        }
        if let problem = signed.attestation.problem() { throw .invalid(problem) }
        return signed
    }
}
