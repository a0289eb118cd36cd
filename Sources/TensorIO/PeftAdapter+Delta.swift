/// Validating an adapted module and computing its ΔW.
extension PeftAdapter {
    /// The module `name` from its stored factors: shapes checked (A r×in, B out×r, the rank equal
    /// to the configured one), r, α and s resolved, and the ΔW tensor's info.
    static func module(_ name: String, parts: [String: String], infos: [String: TensorInfo], config: PeftConfig,
                       file: String) throws(TensorIOError) -> (Module, TensorInfo) {
        let embedding = parts["eA"] != nil || parts["eB"] != nil
        guard let a = parts[embedding ? "eA" : "A"], let b = parts[embedding ? "eB" : "B"] else {
            throw .malformedEntry(file: file, tensor: name, offset: 0, reason: "a LoRA module needs both its A and B factors (found \(parts.values.sorted()))")
        }
        guard let ia = infos[a], let ib = infos[b] else {
            throw .malformedEntry(file: file, tensor: name, offset: 0, reason: "a LoRA factor has a dtype WeightLab does not read")
        }
        guard ia.shape.count == 2, ib.shape.count == 2, ia.shape[0] == ib.shape[1] else {
            throw .badShape(file: file, tensor: name, reason: "A \(ia.shape) and B \(ib.shape) do not multiply (A is r×in, B out×r)")
        }
        let (r, alpha) = config.rankAndAlpha(module: name)
        guard ia.shape[0] == r else {
            throw .badShape(file: file, tensor: name, reason: "A has rank \(ia.shape[0]) but adapter_config.json gives r = \(r) for this module")
        }
        let transposed = embedding || config.fanInFanOut
        let shape = transposed ? [ia.shape[1], ib.shape[0]] : [ib.shape[0], ia.shape[1]]
        let dtype: DType = ia.dtype == .f64 && ib.dtype == .f64 ? .f64 : .f32
        let module = Module(name: name, r: r, alpha: alpha, scale: config.scale(r: r, alpha: alpha), isEmbedding: embedding,
                            transposed: transposed, a: a, b: b, magnitude: parts["m"])
        return (module, TensorInfo(name: name + ".weight", dtype: dtype, shape: shape))
    }

    /// ΔW of `module` in double precision, row-major in the tensor's shape:
    /// ΔW[i][j] = s Σₖ B[i][k] A[k][j], transposed when the module says so.
    func delta(_ module: Module) throws(TensorIOError) -> [Double] {
        let a = try weights.values(module.a, as: Double.self), b = try weights.values(module.b, as: Double.self)
        let r = module.r, columns = a.count / max(r, 1), rows = b.count / max(r, 1)
        var out = [Double](repeating: 0, count: rows * columns)
        out.withUnsafeMutableBufferPointer { o in
            a.withUnsafeBufferPointer { a in
                for i in 0..<rows {
                    let row = o.baseAddress! + i * columns
                    for k in 0..<r {
                        let f = module.scale * b[i * r + k]
                        let ak = a.baseAddress! + k * columns
                        for j in 0..<columns { row[j] += f * ak[j] }
                    }
                }
            }
        }
        if module.magnitude != nil, let base { out = try doraDelta(module, lowRank: out, rows: rows, columns: columns, base: base) }
        guard module.transposed else { return out }
        var t = [Double](repeating: 0, count: out.count)
        for i in 0..<rows { for j in 0..<columns { t[j * rows + i] = out[i * columns + j] } }
        return t
    }

    /// DoRA with the base: V = W₀ + s·BA (out × in), W′ = m ⊙ V/‖V‖ row by row, ΔW = W′ − W₀.
    func doraDelta(_ module: Module, lowRank: [Double], rows: Int, columns: Int, base: Checkpoint) throws(TensorIOError) -> [Double] {
        let name = module.name + ".weight"
        guard let entry = base.entry(name), entry.info.count == rows * columns else {
            throw .noSuchTensor(file: base.entries.first?.file.path ?? url.path, tensor: name)
        }
        var w0 = try base.values(name, as: Double.self)
        if config.fanInFanOut {  // a Conv1D weight is stored in × out
            w0 = (0..<(rows * columns)).map { w0[($0 % columns) * rows + $0 / columns] }
        }
        let m = try weights.values(module.magnitude!, as: Double.self)
        guard m.count == rows else { throw .badShape(file: url.path, tensor: module.magnitude!, reason: "\(m.count) magnitudes for \(rows) output rows") }
        var out = lowRank
        for i in 0..<rows {
            var norm = 0.0
            for j in 0..<columns { let v = w0[i * columns + j] + lowRank[i * columns + j]; norm += v * v }
            let factor = m[i] / norm.squareRoot()
            for j in 0..<columns { out[i * columns + j] = factor * (w0[i * columns + j] + lowRank[i * columns + j]) - w0[i * columns + j] }
        }
        return out
    }

    /// The stored factor (factor mode) or ΔW, computed in double precision and converted to `T`.
    public func values<T: WeightScalar>(_ name: String, as type: T.Type) throws(TensorIOError) -> [T] {
        if factors {
            guard let stored = factorNames[name] else { throw .noSuchTensor(file: url.path, tensor: name) }
            return try weights.values(stored, as: type)
        }
        guard let module = modules[name] else { throw .noSuchTensor(file: url.path, tensor: name) }
        return T.array(from: try delta(module))
    }

    /// r, α and s of the module behind `name`, and for DoRA what ΔW leaves out.
    public func notes(for name: String) -> [String] {
        let moduleName = factors ? String(name.dropLast(".lora_A.weight".count)) + ".weight" : name
        guard let m = modules[moduleName] else { return [] }
        var notes = ["LoRA r = \(m.r), α = \(m.alpha), s = \(m.scale)\(config.useRslora ? " (rsLoRA α/√r)" : " (α/r)")"
                     + (m.isEmbedding ? "; embedding: ΔW = s·(BA)ᵀ" : m.transposed ? "; fan_in_fan_out: ΔW = s·(BA)ᵀ" : "")]
        if m.magnitude != nil, !factors {
            notes.append(base == nil ? "DoRA: without the base weights this is s·B·A only; the magnitude renormalisation m ⊙ V/‖V‖ is not applied"
                                      : "DoRA: ΔW = W′ − W₀ with W′ = m ⊙ V/‖V‖, V = W₀ + s·B·A (magnitude renormalisation applied)")
        }
        return notes
    }
}
