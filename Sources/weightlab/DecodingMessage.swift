import Foundation

/// A one-line account of a JSON decoding failure: what was wrong and at which key path.
enum DecodingMessage {
    static func describe(_ error: Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        func path(_ c: DecodingError.Context) -> String {
            let p = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "top level" : String(p.drop { $0 == "." })
        }
        switch e {
        case let .keyNotFound(key, c): return "missing key '\(key.stringValue)' at \(path(c))"
        case let .typeMismatch(_, c): return "wrong type at \(path(c)): \(c.debugDescription)"
        case let .valueNotFound(_, c): return "missing value at \(path(c))"
        case let .dataCorrupted(c): return "\(c.debugDescription) at \(path(c))"
        @unknown default: return "\(e)"
        }
    }
}
