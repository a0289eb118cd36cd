import Foundation

/// A small arithmetic expression over named variables, for the expected values of claims:
/// `3 + 6/r`, `sqrt(sigma0^2 + sigma_delta^2)`, `0.5`, `theory.excess_kurtosis`.
///
/// Grammar (precedence climbing; `^` is right-associative):
/// ```
/// expr   := term (('+' | '-') term)*
/// term   := factor (('*' | '/') factor)*
/// factor := '-' factor | atom ('^' factor)?
/// atom   := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
/// functions: sqrt, log, exp, abs, min, max, pow
/// ```
public indirect enum Expression: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case variable(String)
    case unary(Character, Expression)
    case binary(Character, Expression, Expression)
    case call(String, [Expression])

    /// An error with the character offset where parsing stopped.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let message: String
        public let offset: Int
        public var description: String { "\(message) at character \(offset + 1)" }
    }

    static let functions: [String: Int] = ["sqrt": 1, "log": 1, "exp": 1, "abs": 1, "min": 2, "max": 2, "pow": 2]

    /// Parses `text`.
    public static func parse(_ text: String) throws(ParseError) -> Expression {
        var parser = Parser(chars: Array(text))
        let e = try parser.expression()
        parser.skipSpace()
        guard parser.index == parser.chars.count else { throw ParseError(message: "unexpected '\(parser.chars[parser.index])'", offset: parser.index) }
        return e
    }

    /// The variable names the expression reads.
    public var variables: Set<String> {
        switch self {
        case .number: return []
        case let .variable(name): return [name]
        case let .unary(_, e): return e.variables
        case let .binary(_, a, b): return a.variables.union(b.variables)
        case let .call(_, args): return args.reduce(into: Set<String>()) { $0.formUnion($1.variables) }
        }
    }

    /// The value with `variables` bound; an unbound name evaluates to NaN (validation catches
    /// unbound names before a run starts).
    public func evaluate(_ values: [String: Double]) -> Double {
        switch self {
        case let .number(v): return v
        case let .variable(name): return values[name] ?? .nan
        case let .unary(_, e): return -e.evaluate(values)
        case let .binary(op, a, b):
            let x = a.evaluate(values), y = b.evaluate(values)
            switch op {
            case "+": return x + y
            case "-": return x - y
            case "*": return x * y
            case "/": return x / y
            default: return Foundation.pow(x, y)
            }
        case let .call(name, args):
            let v = args.map { $0.evaluate(values) }
            switch name {
            case "sqrt": return v[0].squareRoot()
            case "log": return Foundation.log(v[0])
            case "exp": return Foundation.exp(v[0])
            case "abs": return Swift.abs(v[0])
            case "min": return Swift.min(v[0], v[1])
            case "max": return Swift.max(v[0], v[1])
            default: return Foundation.pow(v[0], v[1])
            }
        }
    }

    public var description: String {
        switch self {
        case let .number(v): return v == v.rounded() && Swift.abs(v) < 1e15 ? String(Int(v)) : String(v)
        case let .variable(name): return name
        case let .unary(_, e): return "-\(e)"
        case let .binary(op, a, b): return "(\(a) \(op) \(b))"
        case let .call(name, args): return "\(name)(\(args.map(\.description).joined(separator: ", ")))"
        }
    }

    private struct Parser {
        let chars: [Character]
        var index = 0

        mutating func skipSpace() { while index < chars.count, chars[index].isWhitespace { index += 1 } }

        mutating func peek() -> Character? {
            skipSpace()
            return index < chars.count ? chars[index] : nil
        }

        mutating func expression() throws(ParseError) -> Expression {
            var left = try term()
            while let c = peek(), c == "+" || c == "-" {
                index += 1
                left = .binary(c, left, try term())
            }
            return left
        }

        mutating func term() throws(ParseError) -> Expression {
            var left = try factor()
            while let c = peek(), c == "*" || c == "/" {
                index += 1
                left = .binary(c, left, try factor())
            }
            return left
        }

        mutating func factor() throws(ParseError) -> Expression {
            if peek() == "-" {
                index += 1
                return .unary("-", try factor())
            }
            let base = try atom()
            if peek() == "^" {
                index += 1
                return .binary("^", base, try factor())
            }
            return base
        }

        mutating func atom() throws(ParseError) -> Expression {
            guard let c = peek() else { throw ParseError(message: "unexpected end of expression", offset: index) }
            if c == "(" {
                index += 1
                let e = try expression()
                guard peek() == ")" else { throw ParseError(message: "expected ')'", offset: index) }
                index += 1
                return e
            }
            if c.isNumber || c == "." {
                let start = index
                while index < chars.count, chars[index].isNumber || chars[index] == "." { index += 1 }
                if index < chars.count, chars[index] == "e" || chars[index] == "E" {
                    var j = index + 1
                    if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
                    if j < chars.count, chars[j].isNumber {
                        index = j
                        while index < chars.count, chars[index].isNumber { index += 1 }
                    }
                }
                guard let v = Double(String(chars[start..<index])) else { throw ParseError(message: "bad number", offset: start) }
                return .number(v)
            }
            if c.isLetter || c == "_" {
                let start = index
                while index < chars.count, chars[index].isLetter || chars[index].isNumber || chars[index] == "_" || chars[index] == "." { index += 1 }
                let name = String(chars[start..<index])
                if peek() == "(" {
                    guard let arity = Expression.functions[name] else {
                        throw ParseError(message: "unknown function '\(name)'", offset: start)
                    }
                    index += 1
                    var args: [Expression] = [try expression()]
                    while peek() == "," {
                        index += 1
                        args.append(try expression())
                    }
                    guard peek() == ")" else { throw ParseError(message: "expected ')'", offset: index) }
                    index += 1
                    guard args.count == arity else {
                        throw ParseError(message: "\(name) takes \(arity) argument\(arity == 1 ? "" : "s")", offset: start)
                    }
                    return .call(name, args)
                }
                if name == "inf" { return .number(.infinity) }
                return .variable(name)
            }
            throw ParseError(message: "unexpected '\(c)'", offset: index)
        }
    }
}
