import AllmenningCore
import Crypto
import Foundation

/// The installation's Ed25519 key that signs review attestations. Made on first use in
/// DATA/keys/reviews.ed25519 (readable by its owner only); its public half, `ed25519:` and
/// base64, is what anyone who holds a resource's repository needs to check its reviews
/// (`allmenning review key` prints it, and DATA/keys/reviews.ed25519.pub holds it).
public struct ReviewSigningKey: Sendable {
    let privateKey: Curve25519.Signing.PrivateKey

    /// `ed25519:` and the base64 of the 32-byte public key.
    public var publicKey: String { Self.keyPrefix + privateKey.publicKey.rawRepresentation.base64EncodedString() }

    public static let keyPrefix = "ed25519:"
    static let privatePrefix = "ed25519-private:"

    public init() {
        privateKey = Curve25519.Signing.PrivateKey()
    }

    init(privateKey: Curve25519.Signing.PrivateKey) {
        self.privateKey = privateKey
    }

    public func sign(_ attestation: Attestation) throws(ReviewError) -> SignedAttestation {
        if let problem = attestation.problem() { throw ReviewError(problem) }
        let signature: Data
        do { signature = try privateKey.signature(for: attestation.json.canonicalData) } catch {
            throw ReviewError(LocalizedText(nb: "Vurderingen kunne ikke signeres: \(error)", en: "The review could not be signed: \(error)"))
        }
        return SignedAttestation(attestation: attestation, key: publicKey, signature: signature.base64EncodedString())
    }

    /// The public key a `ed25519:…` text names, or nil when it names none.
    public static func publicKey(_ text: String) -> Curve25519.Signing.PublicKey? {
        guard text.hasPrefix(keyPrefix), let bytes = Data(base64Encoded: String(text.dropFirst(keyPrefix.count))), bytes.count == 32 else { return nil }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)
    }

    // MARK: In the data folder

    public static func file(in data: DataFolder) -> URL { data.url.appendingPathComponent("keys/reviews.ed25519") }
    public static func publicFile(in data: DataFolder) -> URL { data.url.appendingPathComponent("keys/reviews.ed25519.pub") }

    /// The installation's key, made now when it has none.
    public static func loadOrCreate(in data: DataFolder) throws(ReviewError) -> ReviewSigningKey {
        if let existing = try load(in: data) { return existing }
        let file = file(in: data), folder = file.deletingLastPathComponent()
        let key = ReviewSigningKey()
        let text = """
        # Allmenning's review signing key (Ed25519, private). It signs every review this
        # installation records; keep it secret, and back it up with the data folder: without it
        # new reviews are signed by a new key, which the catalogue does not trust until its
        # public key is added to reviews.trustedKeys. The public key: \(key.publicKey)
        \(privatePrefix)\(key.privateKey.rawRepresentation.base64EncodedString())

        """
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let temporary = folder.appendingPathComponent(".reviews.ed25519.\(UUID().uuidString).tmp")
            // Made with mode 0600 by open(2) itself, so that the key is never readable by
            // others, not even between writing and a chmod.
            let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path]) }
            defer { unlink(temporary.path) }
            let bytes = Array(text.utf8)
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            let synced = fsync(descriptor)
            close(descriptor)
            guard written == bytes.count, synced == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path]) }
            // link(2), not rename(2): two processes making the key at once must not each sign
            // with a key the other then replaces. The second finds the first's and uses it.
            if link(temporary.path, file.path) != 0 {
                if errno == EEXIST, let existing = try load(in: data) { return existing }
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
            }
            try AtomicFile.write(Data((key.publicKey + "\n").utf8), to: publicFile(in: data))
        } catch let error as ReviewError {
            throw error
        } catch {
            throw ReviewError(LocalizedText(nb: "Kan ikke lage signeringsnøkkelen i \(file.path): \(error.localizedDescription)",
                                            en: "Cannot make the signing key in \(file.path): \(error.localizedDescription)"))
        }
        return key
    }

    /// The installation's key, or nil when it has none yet. A key file others can read is
    /// refused: anyone who can read it can sign approvals.
    public static func load(in data: DataFolder) throws(ReviewError) -> ReviewSigningKey? {
        let file = file(in: data)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path) else { return nil }
        if let permissions = attributes[.posixPermissions] as? Int, permissions & 0o077 != 0 {
            throw ReviewError(LocalizedText(
                nb: "\(file.path) kan leses av andre enn eieren (modus \(String(permissions, radix: 8))). Den som kan lese nøkkelen, kan signere godkjenninger: kjør chmod 600 \(file.path).",
                en: "\(file.path) is readable by others than its owner (mode \(String(permissions, radix: 8))). Whoever can read the key can sign approvals: run chmod 600 \(file.path)."))
        }
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw ReviewError(LocalizedText(nb: "Kan ikke lese \(file.path): \(error.localizedDescription)", en: "Cannot read \(file.path): \(error.localizedDescription)"))
        }
        guard let line = text.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix(privatePrefix) }),
              let bytes = Data(base64Encoded: String(line.dropFirst(privatePrefix.count))),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes) else {
            throw ReviewError(LocalizedText(
                nb: "\(file.path) er ikke en signeringsnøkkel fra Allmenning. Legg tilbake den riktige fra sikkerhetskopien; flytter du den bort, lages en ny nøkkel, og vurderinger signert med den gamle godtas ikke før den gamle offentlige nøkkelen står i reviews.trustedKeys.",
                en: "\(file.path) is not a signing key made by Allmenning. Put the right one back from the backup; if you move it away a new key is made, and reviews signed with the old one are not accepted until the old public key is in reviews.trustedKeys."))
        }
        return ReviewSigningKey(privateKey: key)
    }

    /// The keys whose reviews an installation believes: its own (when it has one) and those
    /// its configuration trusts.
    public static func verifier(in data: DataFolder, configuration: InstallationConfiguration) throws(ReviewError) -> ReviewVerifier {
        let own = try load(in: data).map { [$0.publicKey] } ?? []
        return ReviewVerifier(trustedKeys: own + configuration.reviews.trustedKeys)
    }
}

/// A review that cannot be recorded or read, with what to do.
public struct ReviewError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: LocalizedText
    public init(_ message: LocalizedText) { self.message = message }
    public var description: String { message.en }
}
