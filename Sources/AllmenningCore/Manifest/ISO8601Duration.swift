import Foundation

/// An ISO 8601 duration as lessons use it: PT45M, PT1H30M, P2W, P1DT2H. Whole numbers only.
public struct ISO8601Duration: Sendable, Equatable {
    public var years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0

    public init?(_ text: String) {
        guard text.first == "P", text.count > 1 else { return nil }
        var rest = Substring(text.dropFirst())
        var inTime = false
        var number = ""
        var seen: [Character] = []
        // The order designators must appear in, before and after T.
        let dateOrder: [Character] = ["Y", "M", "W", "D"]
        let timeOrder: [Character] = ["H", "M", "S"]
        var sawTimeComponent = false
        while let character = rest.first {
            rest = rest.dropFirst()
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            if character == "T" {
                guard !inTime, number.isEmpty else { return nil }
                inTime = true
                seen = []
                continue
            }
            let order = inTime ? timeOrder : dateOrder
            guard !number.isEmpty, let position = order.firstIndex(of: character),
                  seen.allSatisfy({ order.firstIndex(of: $0)! < position }),
                  let value = Int(number) else { return nil }
            seen.append(character)
            number = ""
            switch (inTime, character) {
            case (false, "Y"): years = value
            case (false, "M"): months = value
            case (false, "W"): weeks = value
            case (false, "D"): days = value
            case (true, "H"): hours = value; sawTimeComponent = true
            case (true, "M"): minutes = value; sawTimeComponent = true
            case (true, "S"): seconds = value; sawTimeComponent = true
            default: return nil
            }
        }
        guard number.isEmpty else { return nil }
        if inTime && !sawTimeComponent { return nil }
        if !inTime && seen.isEmpty { return nil }
    }
}
