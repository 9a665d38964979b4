import _CryptoExtras
import AllmenningCore
import Crypto
import Foundation

/// Passwords are kept as scrypt hashes (RFC 7914, BoringSSL's implementation through
/// swift-crypto's _CryptoExtras), written in the PHC string format
/// `$scrypt$ln=15,r=8,p=1$SALT$HASH` (base64 without padding), so that the cost can be raised
/// later and old hashes still verify with the parameters they were made with.
public struct PasswordHash: Sendable, Equatable {
    /// scrypt's cost: N = 2^logRounds, block size r, parallelism p. Memory is 128 · r · N bytes.
    public struct Cost: Sendable, Equatable {
        public var logRounds: Int
        public var blockSize: Int
        public var parallelism: Int

        public init(logRounds: Int, blockSize: Int, parallelism: Int) {
            self.logRounds = logRounds
            self.blockSize = blockSize
            self.parallelism = parallelism
        }

        /// N = 2^15, r = 8, p = 1: 32 MiB per hash, twice the work scrypt's paper suggested
        /// for interactive logins (2^14). Dear enough that a stolen catalogue file yields few
        /// guesses per second per core; cheap enough that a school's morning logins do not
        /// queue. Not measured on a release build here: `make benchmark` has no figure for it.
        public static let standard = Cost(logRounds: 15, blockSize: 8, parallelism: 1)

        /// What any stored hash may ask for: a forged catalogue row must not make a login
        /// allocate gigabytes.
        static let ceiling = Cost(logRounds: 20, blockSize: 16, parallelism: 4)
    }

    public var cost: Cost
    public var salt: Data
    public var hash: Data

    static let saltBytes = 16
    static let hashBytes = 32

    /// Hashes a password with a fresh random salt.
    public static func make(_ password: String, cost: Cost = .standard) throws(CatalogueError) -> PasswordHash {
        var generator = SystemRandomNumberGenerator()
        let salt = Data((0..<saltBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        return PasswordHash(cost: cost, salt: salt, hash: try derive(password, salt: salt, cost: cost, length: hashBytes))
    }

    /// Whether `password` is the one this hash was made from, compared in constant time.
    public func verifies(_ password: String) -> Bool {
        guard let derived = try? Self.derive(password, salt: salt, cost: cost, length: hash.count) else { return false }
        return TokenSecret.constantTimeEqual(derived, hash)
    }

    static func derive(_ password: String, salt: Data, cost: Cost, length: Int) throws(CatalogueError) -> Data {
        do {
            let key = try KDF.Scrypt.deriveKey(from: Data(password.utf8), salt: salt, outputByteCount: length,
                                               rounds: 1 << cost.logRounds, blockSize: cost.blockSize, parallelism: cost.parallelism)
            return key.withUnsafeBytes { Data($0) }
        } catch {
            throw CatalogueError(LocalizedText(nb: "Passordet kunne ikke hashes (scrypt): \(error)", en: "The password could not be hashed (scrypt): \(error)"))
        }
    }

    /// The PHC string kept in the catalogue.
    public var encoded: String {
        "$scrypt$ln=\(cost.logRounds),r=\(cost.blockSize),p=\(cost.parallelism)$\(Self.base64(salt))$\(Self.base64(hash))"
    }

    /// Reads a PHC string; nil when it is not one this code made, or asks for more than the
    /// ceiling.
    public init?(encoded: String) {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "scrypt" else { return nil }
        var values: [String: Int] = [:]
        for pair in parts[2].split(separator: ",") {
            let nameValue = pair.split(separator: "=", maxSplits: 1)
            guard nameValue.count == 2, let value = Int(nameValue[1]) else { return nil }
            values[String(nameValue[0])] = value
        }
        guard let logRounds = values["ln"], let blockSize = values["r"], let parallelism = values["p"],
              (1...Cost.ceiling.logRounds).contains(logRounds), (1...Cost.ceiling.blockSize).contains(blockSize),
              (1...Cost.ceiling.parallelism).contains(parallelism),
              let salt = Self.data(base64: parts[3]), salt.count >= 8, let hash = Self.data(base64: parts[4]), hash.count >= 16 else { return nil }
        self.init(cost: Cost(logRounds: logRounds, blockSize: blockSize, parallelism: parallelism), salt: salt, hash: hash)
    }

    public init(cost: Cost, salt: Data, hash: Data) {
        self.cost = cost
        self.salt = salt
        self.hash = hash
    }

    private static func base64(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    private static func data(base64 text: Substring) -> Data? {
        let padded = String(text) + String(repeating: "=", count: (4 - text.count % 4) % 4)
        return Data(base64Encoded: padded)
    }
}

/// What a password must be. Length is what makes a password hard to guess (NIST SP 800-63B):
/// no rules about kinds of characters, which only make people write them down.
public enum PasswordRules {
    public static let minimumLength = 10
    /// Above this, hashing it is work an attacker could ask for in bulk, and nobody types it.
    public static let maximumBytes = 1024

    /// Why the password will not do, or nil when it will.
    public static func problem(with password: String, userName: String) -> LocalizedText? {
        if password.count < minimumLength {
            return LocalizedText(nb: "Passordet må ha minst \(minimumLength) tegn. Lange passord er lettest å huske: bruk gjerne noen ord etter hverandre.",
                                 en: "The password must have at least \(minimumLength) characters. Long passwords are easiest to remember: a few words in a row will do.")
        }
        if password.utf8.count > maximumBytes {
            return LocalizedText(nb: "Passordet er for langt (mer enn \(maximumBytes) byte).", en: "The password is too long (more than \(maximumBytes) bytes).")
        }
        if password.lowercased().contains(userName.lowercased()) {
            return LocalizedText(nb: "Passordet kan ikke inneholde brukernavnet.", en: "The password may not contain the user name.")
        }
        return nil
    }
}
