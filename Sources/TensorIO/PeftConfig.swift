import Foundation

/// The parts of a PEFT `adapter_config.json` that fix a LoRA adapter's ΔW: rank r and α
/// (defaults 8 and 8, overridden per module by `rank_pattern` and `alpha_pattern`), rsLoRA
/// scaling, DoRA and `fan_in_fan_out`.
///
/// Per module the scale is
///
///     s = α / r        (s = α / √r with use_rslora)
///
/// and a pattern key applies to a module when Python's `re.match(rf"(.*\.)?({key})$", module)`
/// succeeds; the first key in the file's order that matches wins (PEFT's `get_pattern_key`).
public struct PeftConfig: Sendable {
    public var r: Int = 8
    public var alpha: Double = 8
    public var useRslora = false
    public var useDora = false
    public var fanInFanOut = false
    public var peftType = "LORA"
    /// `rank_pattern` and `alpha_pattern` in the file's order.
    public var rankPattern: [(key: String, value: Int)] = []
    public var alphaPattern: [(key: String, value: Double)] = []

    /// Parses `adapter_config.json` at `url`.
    public init(url: URL) throws(TensorIOError) {
        let path = url.path
        let map = try MappedFile(path: path)
        guard map.size <= 10_000_000 else { throw .cannotRead(file: path, reason: "adapter_config.json has \(map.size) bytes, more than 10 MB") }
        let root: JSONValue
        do { root = try JSONValue.parse(map.bytes(0, map.size)) } catch {
            throw .malformedHeader(file: path, offset: error.offset, reason: "not valid JSON (\(error.reason))")
        }
        guard case let .object(members) = root else { throw .malformedHeader(file: path, offset: 0, reason: "not a JSON object") }
        for m in members {
            func bad(_ what: String) -> TensorIOError { .malformedHeader(file: path, offset: m.offset, reason: "'\(m.key)' is not \(what)") }
            switch (m.key, m.value) {
            case let ("r", .integer(v)):
                guard v > 0, v < 1 << 20 else { throw bad("a positive rank") }
                r = Int(v)
            case ("r", _): throw bad("an integer")
            case ("lora_alpha", _):
                guard let v = Self.number(m.value) else { throw bad("a number") }
                alpha = v
            case let ("use_rslora", .bool(v)): useRslora = v
            case let ("use_dora", .bool(v)): useDora = v
            case let ("fan_in_fan_out", .bool(v)): fanInFanOut = v
            case let ("peft_type", .string(v)): peftType = v
            case let ("rank_pattern", .object(items)):
                for item in items {
                    guard case let .integer(v) = item.value, v > 0, v < 1 << 20 else { throw bad("an object of positive ranks") }
                    rankPattern.append((item.key, Int(v)))
                }
            case let ("alpha_pattern", .object(items)):
                for item in items {
                    guard let v = Self.number(item.value) else { throw bad("an object of numbers") }
                    alphaPattern.append((item.key, v))
                }
            default: continue
            }
        }
        guard peftType == "LORA" else { throw .malformedHeader(file: path, offset: 0, reason: "peft_type '\(peftType)': only LoRA adapters are read") }
    }

    private static func number(_ v: JSONValue) -> Double? {
        switch v {
        case let .integer(i): return Double(i)
        case let .number(d): return d
        default: return nil
        }
    }

    /// The first key of `keys` (in order) that matches `module` by PEFT's rule, or nil.
    static func patternKey(_ keys: [String], module: String) -> String? {
        keys.first { key in
            guard let regex = try? Regex("(.*\\.)?(\(key))$") else { return false }
            return (try? regex.prefixMatch(in: module)) != nil
        }
    }

    /// r and α of `module`, from the patterns or the defaults.
    public func rankAndAlpha(module: String) -> (r: Int, alpha: Double) {
        let rKey = Self.patternKey(rankPattern.map(\.key), module: module)
        let aKey = Self.patternKey(alphaPattern.map(\.key), module: module)
        return (rankPattern.first { $0.key == rKey }?.value ?? r, alphaPattern.first { $0.key == aKey }?.value ?? alpha)
    }

    /// The scale s = α/r, or α/√r with rsLoRA.
    public func scale(r: Int, alpha: Double) -> Double { useRslora ? alpha / Double(r).squareRoot() : alpha / Double(r) }
}
