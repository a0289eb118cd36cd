extension DepthSchedule {
    /// Parses the command-line spelling: a number (constant), `constant(v)`, `linear(a, b)`,
    /// `exponential(a, b)`, `power(a, b, p)`, `list(v0, v1, …)` or
    /// `piecewise(x0:v0, x1:v1, …)`.
    public init(parsing text: String) throws(SimulationError) {
        let t = text.filter { !$0.isWhitespace }
        if let v = Double(t) {
            self = .constant(v)
            return
        }
        guard let open = t.firstIndex(of: "("), t.hasSuffix(")") else {
            throw .invalidSchedule("'\(text)' is not a number or name(values), e.g. linear(0.02, 0.01)")
        }
        let name = String(t[..<open])
        let args = t[t.index(after: open)..<t.index(before: t.endIndex)].split(separator: ",").map(String.init)
        if name == "piecewise" {
            let pairs = args.map { $0.split(separator: ":").compactMap { Double($0) } }
            guard pairs.allSatisfy({ $0.count == 2 }) else { throw .invalidSchedule("piecewise takes x:value pairs, got '\(text)'") }
            self = .piecewise(knots: pairs.map { $0[0] }, values: pairs.map { $0[1] })
            return
        }
        let values = args.compactMap(Double.init)
        guard values.count == args.count else { throw .invalidSchedule("'\(text)': every value must be a number") }
        func need(_ n: Int) throws(SimulationError) {
            guard values.count == n else { throw .invalidSchedule("\(name) takes \(n) numbers, got \(values.count)") }
        }
        switch name {
        case "constant": try need(1); self = .constant(values[0])
        case "linear": try need(2); self = .linear(from: values[0], to: values[1])
        case "exponential": try need(2); self = .exponential(from: values[0], to: values[1])
        case "power": try need(3); self = .power(from: values[0], to: values[1], exponent: values[2])
        case "list": self = .list(values)
        default: throw .invalidSchedule("unknown schedule '\(name)'; use constant, linear, exponential, power, list or piecewise")
        }
    }
}
