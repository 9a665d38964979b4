import Foundation

/// Universally unique, lexicographically sortable identifiers (ULID): 48 bits of
/// milliseconds since 1970 and 80 random bits, in Crockford's base 32. A resource's id.
public enum ULID {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    public static func make(date: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(date: date, using: &generator)
    }

    public static func make(date: Date, using generator: inout some RandomNumberGenerator) -> String {
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000)) & 0xFFFF_FFFF_FFFF
        let randomHigh = UInt64.random(in: 0...0xFFFF, using: &generator)   // 16 bits
        let randomLow = UInt64.random(in: 0...UInt64.max, using: &generator) // 64 bits
        var characters: [Character] = []
        // 128 bits in 26 characters of 5 bits (130 bits, the top two always zero).
        let high = (milliseconds << 16) | randomHigh // time (48 bits) and random (16 bits)
        for index in 0..<26 {
            let lowestBit = 130 - 5 * (index + 1)
            var value: UInt64 = 0
            for bit in 0..<5 {
                let position = lowestBit + bit
                guard position < 128 else { continue }
                let set = position >= 64 ? (high >> UInt64(position - 64)) & 1 : (randomLow >> UInt64(position)) & 1
                value |= set << UInt64(bit)
            }
            characters.append(alphabet[Int(value)])
        }
        return String(characters)
    }
}
