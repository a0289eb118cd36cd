/// The GLOBALs a PyTorch pickle may name: exactly those `torch.load(weights_only=True)` allows
/// (`torch/_weights_only_unpickler.py`, `_get_allowed_globals`). They are looked up by name and
/// never imported or called; anything else is refused, and the modules `sys`, `os`, `posix` and
/// `nt` always are.
enum PickleGlobals {
    /// Modules refused whatever the name.
    static let blockedModules: Set<String> = ["sys", "os", "posix", "nt"]

    /// Storage classes (`torch.<X>Storage`, also under `torch.cuda`) and their element types.
    static let storageTypes: [String: String] = [
        "DoubleStorage": "float64", "FloatStorage": "float32", "HalfStorage": "float16", "BFloat16Storage": "bfloat16",
        "LongStorage": "int64", "IntStorage": "int32", "ShortStorage": "int16", "CharStorage": "int8",
        "ByteStorage": "uint8", "BoolStorage": "bool", "ComplexFloatStorage": "complex64", "ComplexDoubleStorage": "complex128",
        "QInt8Storage": "qint8", "QUInt8Storage": "quint8", "QInt32Storage": "qint32", "QUInt4x2Storage": "quint4x2",
        "QUInt2x4Storage": "quint2x4",
    ]

    /// `torch.<dtype>` names and their element widths in bytes.
    static let dtypeWidths: [String: Int] = [
        "float64": 8, "double": 8, "float32": 4, "float": 4, "float16": 2, "half": 2, "bfloat16": 2,
        "int64": 8, "long": 8, "int32": 4, "int": 4, "int16": 2, "short": 2, "int8": 1, "uint8": 1, "bool": 1,
        "uint16": 2, "uint32": 4, "uint64": 8, "complex32": 4, "complex64": 8, "complex128": 16, "cfloat": 8, "cdouble": 16,
        "float8_e4m3fn": 1, "float8_e5m2": 1, "float8_e4m3fnuz": 1, "float8_e5m2fnuz": 1, "float8_e8m0fnu": 1,
        "qint8": 1, "quint8": 1, "qint32": 4, "quint4x2": 1, "quint2x4": 1, "bits8": 1, "bits16": 2,
    ]

    /// The tensor-rebuilding functions of `torch._utils`.
    static let rebuildFunctions: Set<String> = [
        "_rebuild_tensor", "_rebuild_tensor_v2", "_rebuild_tensor_v3", "_rebuild_sparse_tensor",
        "_rebuild_meta_tensor_no_storage", "_rebuild_nested_tensor", "_rebuild_parameter",
        "_rebuild_parameter_with_state", "_rebuild_qtensor", "_rebuild_wrapper_subclass",
        "_rebuild_device_tensor_from_cpu_tensor", "_rebuild_device_tensor_from_numpy",
    ]

    /// Other allowed names, `module.name`.
    static let others: Set<String> = [
        "collections.OrderedDict", "collections.Counter", "torch.nn.parameter.Parameter", "torch.Size", "torch.Tensor",
        "torch.device", "torch.serialization._get_layout", "torch._tensor._rebuild_from_type_v2", "_codecs.encode",
        "builtins.bytearray", "builtins.set", "builtins.complex", "torch.storage.TypedStorage", "torch.storage.UntypedStorage",
    ]

    /// Whether `module.name` is allowed; the reason when it is not.
    static func refusal(module: String, name: String) -> String? {
        if blockedModules.contains(module) || blockedModules.contains(String(module.prefix { $0 != "." })) {
            return "GLOBAL '\(module).\(name)': the module '\(module)' is never allowed"
        }
        if others.contains("\(module).\(name)") { return nil }
        if module == "torch._utils", rebuildFunctions.contains(name) { return nil }
        if module == "torch", dtypeWidths[name] != nil { return nil }
        if module == "torch" || module == "torch.cuda", storageTypes[name] != nil { return nil }
        return "GLOBAL '\(module).\(name)' is not one torch.load(weights_only=True) allows"
    }
}
