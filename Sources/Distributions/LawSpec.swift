import Foundation

/// A law written as text, the same on the command line and in scenario YAML:
/// `name(key=value, …)`, values being numbers, words (`row`), shapes (`64x64`) or nested specs
/// (`mixture(scale=lognormal(0, 0.5), by=row)`).
///
/// ```
/// spec  := name [ '(' [ arg (',' arg)* ] ')' ]
/// arg   := [ key '=' ] value
/// value := number | 'inf' | '-inf' | word | spec
/// ```
public struct LawSpec: Sendable, Equatable, CustomStringConvertible {
    /// One argument: a key (nil for positional) and its value.
    public struct Argument: Sendable, Equatable {
        public var key: String?
        public var value: Value
        /// Character offset of the argument in the text.
        public var offset: Int
    }

    /// An argument value.
    public indirect enum Value: Sendable, Equatable, CustomStringConvertible {
        case number(Double)
        case word(String)
        case spec(LawSpec)

        public var description: String {
            switch self {
            case let .number(v): return LawSpec.format(v)
            case let .word(w): return w
            case let .spec(s): return s.description
            }
        }
    }

    public var name: String
    public var arguments: [Argument]

    public var description: String {
        "\(name)(" + arguments.map { ($0.key.map { "\($0)=" } ?? "") + $0.value.description }.joined(separator: ", ") + ")"
    }

    static func format(_ v: Double) -> String {
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    /// Parses `text`; errors give the character offset.
    public static func parse(_ text: String) throws(DistributionError) -> LawSpec {
        var p = Parser(chars: Array(text))
        let spec = try p.spec()
        p.skip()
        guard p.i == p.chars.count else { throw .syntax("unexpected '\(p.chars[p.i])' after the spec", offset: p.i) }
        return spec
    }

    private struct Parser {
        let chars: [Character]
        var i = 0

        mutating func skip() { while i < chars.count, chars[i].isWhitespace { i += 1 } }

        mutating func word() -> String {
            let start = i
            while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "." || chars[i] == "-" || chars[i] == "+" {
                // A sign belongs to a word only as an exponent sign (1e-3) or at its start (-2).
                if (chars[i] == "-" || chars[i] == "+"), i > start, !(chars[i - 1] == "e" || chars[i - 1] == "E") { break }
                i += 1
            }
            return String(chars[start..<i])
        }

        mutating func spec() throws(DistributionError) -> LawSpec {
            skip()
            let start = i
            let name = word()
            guard !name.isEmpty, name.first!.isLetter else {
                throw .syntax(i < chars.count ? "expected a law name, found '\(chars[i])'" : "expected a law name", offset: start)
            }
            skip()
            guard i < chars.count, chars[i] == "(" else { return LawSpec(name: name.lowercased(), arguments: []) }
            i += 1
            var args: [Argument] = []
            skip()
            if i < chars.count, chars[i] == ")" { i += 1; return LawSpec(name: name.lowercased(), arguments: []) }
            while true {
                skip()
                let argStart = i
                var key: String?
                let save = i
                let w = word()
                skip()
                if !w.isEmpty, w.first!.isLetter, i < chars.count, chars[i] == "=" {
                    key = w.lowercased()
                    i += 1
                } else {
                    i = save
                }
                let value = try self.value()
                args.append(Argument(key: key, value: value, offset: argStart))
                skip()
                guard i < chars.count else { throw .syntax("missing ')'", offset: i) }
                if chars[i] == "," { i += 1; continue }
                if chars[i] == ")" { i += 1; break }
                throw .syntax("expected ',' or ')', found '\(chars[i])'", offset: i)
            }
            return LawSpec(name: name.lowercased(), arguments: args)
        }

        mutating func value() throws(DistributionError) -> Value {
            skip()
            let start = i
            guard i < chars.count else { throw .syntax("expected a value", offset: i) }
            let w = word()
            guard !w.isEmpty else { throw .syntax("expected a value, found '\(chars[i])'", offset: start) }
            let lower = w.lowercased()
            if lower == "inf" || lower == "+inf" { return .number(.infinity) }
            if lower == "-inf" { return .number(-.infinity) }
            if let v = Double(w), v.isFinite { return .number(v) }
            skip()
            if w.first!.isLetter, i < chars.count, chars[i] == "(" {
                i = start
                return .spec(try spec())
            }
            if w.first!.isLetter || w.first!.isNumber { return .word(lower) }
            throw .syntax("cannot read '\(w)' as a value", offset: start)
        }
    }

    // MARK: Building laws

    /// The law this spec names.
    public func makeDistribution() throws(DistributionError) -> any Distribution {
        var args = try Arguments(self)
        let law: any Distribution
        switch name {
        case "gaussian", "normal":
            try args.declare(["sigma", "mean"])
            law = try Gaussian(mean: try args.number("mean", default: 0), sigma: try args.number("sigma"))
        case "truncated", "truncnorm":
            try args.declare(["sigma", "c", "a", "b", "mean"])
            let sigma = try args.number("sigma"), mean = try args.number("mean", default: 0)
            if args.has("c") {
                if args.has("a") || args.has("b") { throw .invalidParameter("c", "cannot be combined with a and b; give either c or a and b") }
                law = try TruncatedGaussian.symmetric(mean: mean, sigma: sigma, c: try args.number("c"))
            } else {
                law = try TruncatedGaussian(mean: mean, sigma: sigma, lower: try args.number("a"), upper: try args.number("b"))
            }
        case "laplace":
            try args.declare(["scale", "mean"])
            law = try Laplace(mean: try args.number("mean", default: 0), scale: try args.number("scale"))
        case "gennorm", "exppow":
            try args.declare(["beta", "scale", "mean"])
            law = try GeneralizedGaussian(beta: try args.number("beta"), scale: try args.number("scale"), mean: try args.number("mean", default: 0))
        case "studentt", "t":
            try args.declare(["nu", "scale", "mean"])
            law = try StudentT(nu: try args.number("nu"), scale: try args.number("scale", default: 1), mean: try args.number("mean", default: 0))
        case "weibull":
            try args.declare(["k", "lambda"])
            law = try Weibull(k: try args.number("k"), lambda: try args.number("lambda"))
        case "mixture":
            try args.declare(["scale", "by", "block", "sigma"])
            let scale = try LawSpec.scaleLaw(try args.spec("scale"))
            let by = try args.word("by", default: "element")
            let grouping: ScaleGrouping
            switch by {
            case "element": grouping = .element
            case "row": grouping = .row
            case "column", "col": grouping = .column
            case "block":
                let text = try args.word("block")
                let parts: [Int]
                do { parts = try ShapeText.parse(text, rank: 2) } catch { throw .invalidParameter("block", "must look like 64x64, got '\(text)' (\(error))") }
                grouping = .block(rows: parts[0], columns: parts[1])
            default:
                throw .invalidParameter("by", "must be element, row, column or block, got '\(by)'")
            }
            if by != "block", args.has("block") {
                throw .invalidParameter("block", "applies only with by=block")
            }
            law = try ScaleMixture(scale: scale, grouping: grouping, sigma: try args.number("sigma", default: 1))
        case "wstar", "optimal":
            try args.declare(["sigma", "c", "sparsity", "outliers", "outlier_scale", "outlier_law"])
            let outliers = try args.number("outliers", default: 0)
            var magnitude = OutlierMagnitude.fixed(8)
            if args.has("outlier_law") {
                if args.has("outlier_scale") { throw .invalidParameter("outlier_law", "cannot be combined with outlier_scale; give one of them") }
                let s = try args.spec("outlier_law")
                guard s.name == "uniform" else { throw .invalidParameter("outlier_law", "must be uniform(lo, hi), got \(s.name)") }
                var inner = try Arguments(s)
                try inner.declare(["lo", "hi"])
                magnitude = .uniform(lo: try inner.number("lo"), hi: try inner.number("hi"))
            } else if args.has("outlier_scale") || outliers > 0 {
                magnitude = .fixed(try args.number("outlier_scale"))
            }
            law = try OptimalWeights(sigma: try args.number("sigma"), c: try args.number("c"),
                                     sparsity: try args.number("sparsity", default: 0), outliers: outliers,
                                     outlierMagnitude: magnitude)
        default:
            let known = ["gaussian", "normal", "truncated", "laplace", "gennorm", "studentt", "t", "weibull", "mixture", "wstar", "optimal"]
            throw .unknownLaw(name, suggestion: Suggestion.closest(to: name, among: known))
        }
        return law
    }

    /// A scale law: `twopoint(s1, s2, p)`, `uniform(lo, hi)`, `lognormal(mu, sigma)`, `gamma(shape, scale)`.
    static func scaleLaw(_ spec: LawSpec) throws(DistributionError) -> ScaleLaw {
        var args = try Arguments(spec)
        let law: ScaleLaw
        switch spec.name {
        case "twopoint":
            try args.declare(["s1", "s2", "p"])
            law = .twoPoint(s1: try args.number("s1"), s2: try args.number("s2"), p: try args.number("p", default: 0.5))
        case "uniform":
            try args.declare(["lo", "hi"])
            law = .uniform(lo: try args.number("lo"), hi: try args.number("hi"))
        case "lognormal":
            try args.declare(["mu", "sigma"])
            law = .lognormal(mu: try args.number("mu", default: 0), sigma: try args.number("sigma"))
        case "gamma":
            try args.declare(["shape", "scale"])
            law = .gamma(shape: try args.number("shape"), scale: try args.number("scale", default: 1))
        default:
            throw .unknownLaw(spec.name, suggestion: Suggestion.closest(to: spec.name, among: ["twopoint", "uniform", "lognormal", "gamma"]))
        }
        return try law.validated()
    }

    /// Arguments bound to a law's declared keys: positional ones take the keys in order.
    struct Arguments {
        let spec: LawSpec
        var keyed: [String: Value] = [:]
        var positional: [Value] = []
        var declared: [String] = []

        init(_ spec: LawSpec) throws(DistributionError) {
            self.spec = spec
            for a in spec.arguments {
                if let k = a.key {
                    guard keyed[k] == nil else { throw .invalidParameter(k, "is given twice") }
                    keyed[k] = a.value
                } else {
                    guard keyed.isEmpty else { throw .syntax("positional argument after a keyword argument", offset: a.offset) }
                    positional.append(a.value)
                }
            }
        }

        /// Binds positional arguments to `keys` in order and rejects keys the law does not take.
        mutating func declare(_ keys: [String]) throws(DistributionError) {
            declared = keys
            for k in keyed.keys.sorted() where !keys.contains(k) {
                throw .unknownParameter(law: spec.name, key: k, suggestion: Suggestion.closest(to: k, among: keys))
            }
            if positional.count > keys.count {
                throw .invalidParameter(spec.name, "takes at most \(keys.count) positional arguments, got \(positional.count)")
            }
            for (k, v) in zip(keys, positional) {
                guard keyed[k] == nil else { throw .invalidParameter(k, "is given both by position and by name") }
                keyed[k] = v
            }
        }

        func has(_ key: String) -> Bool { keyed[key] != nil }

        mutating func value(_ key: String) throws(DistributionError) -> Value {
            guard let v = keyed[key] else { throw .missingParameter(law: spec.name, key: key) }
            return v
        }

        mutating func number(_ key: String, default d: Double? = nil) throws(DistributionError) -> Double {
            if keyed[key] == nil, let d { return d }
            guard case let .number(v) = try value(key) else { throw .invalidParameter(key, "must be a number, got '\(keyed[key]!)'") }
            return v
        }

        mutating func word(_ key: String, default d: String? = nil) throws(DistributionError) -> String {
            if keyed[key] == nil, let d { return d }
            switch try value(key) {
            case let .word(w): return w
            case let .number(v): return LawSpec.format(v)
            case let .spec(s): throw .invalidParameter(key, "must be a word, got '\(s)'")
            }
        }

        mutating func spec(_ key: String) throws(DistributionError) -> LawSpec {
            switch try value(key) {
            case let .spec(s): return s
            case let .word(w): return LawSpec(name: w, arguments: [])
            case let .number(v): throw .invalidParameter(key, "must be a law such as lognormal(0, 0.5), got \(v)")
            }
        }
    }
}

/// Parses a law spec such as `wstar(sigma=0.02, c=2.5, sparsity=0.5)` into a law.
public func parseLaw(_ text: String) throws(DistributionError) -> any Distribution {
    try LawSpec.parse(text).makeDistribution()
}
