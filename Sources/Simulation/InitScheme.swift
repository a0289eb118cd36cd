import Distributions

/// How one tensor's initial values are drawn, with torch.nn.init's definitions (fan_in = columns,
/// fan_out = rows of an out × in weight):
///
/// ```
/// normal(σ)               N(0, σ²)                       (transformers' LLaMA: σ = initializer_range = 0.02)
/// truncatedNormal(σ,a,b)  N(0, σ²) kept in [a, b]        (trunc_normal_: a, b ABSOLUTE, default ±2)
/// kaimingUniform(a)       U(±√(6/((1 + a²)·fan_in)))     (nn.Linear's default: a = √5 → U(±1/√fan_in))
/// kaimingNormal(a)        N(0, 2/((1 + a²)·fan_in))
/// xavierUniform(g)        U(±g·√(6/(fan_in + fan_out)))
/// xavierNormal(g)         N(0, g²·2/(fan_in + fan_out))
/// orthogonal(g)           g·Q, Q from the QR of a Gaussian matrix with R's diagonal made positive
/// uniform(a, b)           U(a, b)
/// sparse(s, σ)            N(0, σ²), then ⌈s·rows⌉ random entries of every column set to 0
/// constant(c)             c everywhere                    (RMSNorm gains: 1)
/// law(L)                  i.i.d. draws from any Distributions law (W*, mixtures, …) via TensorSampler
/// ```
public enum InitScheme: Sendable, Equatable, CustomStringConvertible {
    case normal(std: Double)
    case truncatedNormal(std: Double, lower: Double, upper: Double)
    case kaimingUniform(a: Double)
    case kaimingNormal(a: Double)
    case xavierUniform(gain: Double)
    case xavierNormal(gain: Double)
    case orthogonal(gain: Double)
    case uniform(lower: Double, upper: Double)
    case sparse(sparsity: Double, std: Double)
    case constant(Double)
    case law(ParsedLaw)

    /// Transformers' default for LLaMA's linear and embedding weights.
    public static let huggingFace = InitScheme.normal(std: 0.02)
    /// nn.Linear's default (a = √5).
    public static let torchLinear = InitScheme.kaimingUniform(a: 5.0.squareRoot())

    public var description: String {
        switch self {
        case let .normal(s): return "normal(std=\(s))"
        case let .truncatedNormal(s, a, b): return "trunc_normal(std=\(s), a=\(a), b=\(b))"
        case let .kaimingUniform(a): return "kaiming_uniform(a=\(a))"
        case let .kaimingNormal(a): return "kaiming_normal(a=\(a))"
        case let .xavierUniform(g): return "xavier_uniform(gain=\(g))"
        case let .xavierNormal(g): return "xavier_normal(gain=\(g))"
        case let .orthogonal(g): return "orthogonal(gain=\(g))"
        case let .uniform(a, b): return "uniform(a=\(a), b=\(b))"
        case let .sparse(s, sd): return "sparse(sparsity=\(s), std=\(sd))"
        case let .constant(c): return "constant(\(c))"
        case let .law(l): return "law(\(l.distribution))"
        }
    }

    /// Parses `normal(std=0.02)`, `trunc_normal(std=0.02, a=-2, b=2)`, `kaiming_uniform(a=2.236)`,
    /// `xavier_uniform(gain=1)`, `orthogonal`, `uniform(a=-0.1, b=0.1)`, `sparse(sparsity=0.9, std=0.01)`,
    /// `constant(value=1)`, or any law spec of Distributions (`wstar(…)`, `mixture(…)`, `gaussian(sigma=…)`).
    public static func parse(_ text: String) throws(SimulationError) -> InitScheme {
        let spec: LawSpec
        do { spec = try LawSpec.parse(text.contains("(") ? text : text + "()") } catch {
            throw .invalidParameter("initialisation '\(text)': \(error)")
        }
        var values: [String: Double] = [:]
        for a in spec.arguments {
            if let key = a.key, case let .number(v) = a.value { values[key] = v }
        }
        func value(_ key: String, _ fallback: Double) -> Double { values[key] ?? fallback }
        let known = ["normal", "trunc_normal", "kaiming_uniform", "kaiming_normal", "xavier_uniform", "xavier_normal",
                     "orthogonal", "uniform", "sparse", "constant"]
        if known.contains(spec.name) {
            let allowed: [String: Set<String>] = ["normal": ["std"], "trunc_normal": ["std", "a", "b"], "kaiming_uniform": ["a"],
                                                  "kaiming_normal": ["a"], "xavier_uniform": ["gain"], "xavier_normal": ["gain"],
                                                  "orthogonal": ["gain"], "uniform": ["a", "b"], "sparse": ["sparsity", "std"], "constant": ["value"]]
            for a in spec.arguments {
                guard let key = a.key, allowed[spec.name]!.contains(key), case .number = a.value else {
                    throw .invalidParameter("initialisation '\(text)': argument at offset \(a.offset) is not one of \(allowed[spec.name]!.sorted()) with a number")
                }
            }
        }
        let scheme: InitScheme
        switch spec.name {
        case "normal": scheme = .normal(std: value("std", 0.02))
        case "trunc_normal": scheme = .truncatedNormal(std: value("std", 1), lower: value("a", -2), upper: value("b", 2))
        case "kaiming_uniform": scheme = .kaimingUniform(a: value("a", 5.0.squareRoot()))
        case "kaiming_normal": scheme = .kaimingNormal(a: value("a", 0))
        case "xavier_uniform": scheme = .xavierUniform(gain: value("gain", 1))
        case "xavier_normal": scheme = .xavierNormal(gain: value("gain", 1))
        case "orthogonal": scheme = .orthogonal(gain: value("gain", 1))
        case "uniform": scheme = .uniform(lower: value("a", 0), upper: value("b", 1))
        case "sparse": scheme = .sparse(sparsity: value("sparsity", 0.9), std: value("std", 0.01))
        case "constant": scheme = .constant(value("value", 1))
        default:
            do { scheme = .law(try ParsedLaw(spec: spec)) } catch {
                throw .invalidParameter("unknown initialisation '\(text)': neither a torch.nn.init scheme nor a law (\(error))")
            }
        }
        try scheme.validate()
        return scheme
    }

    /// Rejects parameters torch would reject or that give no finite values.
    public func validate() throws(SimulationError) {
        func need(_ ok: Bool) throws(SimulationError) { if !ok { throw .invalidParameter("initialisation \(self): invalid parameters") } }
        switch self {
        case let .normal(s): try need(s >= 0 && s.isFinite)
        case let .truncatedNormal(s, a, b): try need(s > 0 && s.isFinite && a < b)
        case let .kaimingUniform(a), let .kaimingNormal(a): try need(a.isFinite)
        case let .xavierUniform(g), let .xavierNormal(g), let .orthogonal(g): try need(g.isFinite)
        case let .uniform(a, b): try need(a.isFinite && b.isFinite && a <= b)
        case let .sparse(s, sd): try need((0...1).contains(s) && sd >= 0 && sd.isFinite)
        case let .constant(c): try need(c.isFinite)
        case let .law(l): try need(l.distribution.moments.std.isFinite)
        }
    }
}
