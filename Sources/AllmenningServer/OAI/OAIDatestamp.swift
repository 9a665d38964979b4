import Foundation

/// OAI-PMH's UTC datestamps: YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, nothing else (no offsets,
/// no fractions), read strictly so that a wrong date is refused rather than guessed at.
enum OAIDatestamp {
    enum Granularity: Equatable {
        case day, second
    }

    /// The instant a datestamp argument names: the start of the day for a day, or the second.
    static func parse(_ text: String) -> (date: Date, granularity: Granularity)? {
        let characters = Array(text.utf8)
        guard characters.count == 10 || characters.count == 20 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(characters[index]) else { return nil }
                value = value * 10 + Int(characters[index] - UInt8(ascii: "0"))
            }
            return value
        }
        guard characters[4] == UInt8(ascii: "-"), characters[7] == UInt8(ascii: "-"),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), year >= 1 else { return nil }
        var components = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        var granularity = Granularity.day
        if characters.count == 20 {
            guard characters[10] == UInt8(ascii: "T"), characters[13] == UInt8(ascii: ":"), characters[16] == UInt8(ascii: ":"),
                  characters[19] == UInt8(ascii: "Z"),
                  let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19) else { return nil }
            components.hour = hour
            components.minute = minute
            components.second = second
            granularity = .second
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // The calendar rolls 2024-02-30 over into March; only a date that reads back the same
        // is a real one.
        guard let date = calendar.date(from: components) else { return nil }
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        guard back.year == components.year, back.month == components.month, back.day == components.day,
              back.hour == components.hour, back.minute == components.minute, back.second == components.second else { return nil }
        return (date, granularity)
    }

    /// The last second a datestamp argument covers: the day's last second for a day.
    static func end(of date: Date, granularity: Granularity) -> Date {
        granularity == .day ? date.addingTimeInterval(86_399) : date
    }

    /// YYYY-MM-DDThh:mm:ssZ
    static func string(_ date: Date) -> String {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)).formatted(.iso8601)
    }

    /// YYYY-MM-DD
    static func day(_ date: Date) -> String {
        String(string(date).prefix(10))
    }
}
