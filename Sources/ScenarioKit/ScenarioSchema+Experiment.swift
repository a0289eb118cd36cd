/// The `experiment:` part of the schema, generated from the field tables of
/// ``ExperimentKind/all`` (and ``ExperimentKind/llama`` beside `train`): one strict object per
/// kind, each key described by its doc line.
extension ScenarioSchema {
    static var experiment: [String: Any] {
        ["oneOf": ExperimentKind.all.map { kind -> [String: Any] in
            var body = object(of: kind)
            if kind.name == "train" { body = ["anyOf": [body, object(of: ExperimentKind.llama)]] }
            return strict([kind.name: body], required: [kind.name])
        }]
    }

    /// The strict object of a kind's body: its fields, the required ones required.
    static func object(of kind: some FieldListing) -> [String: Any] {
        object(of: kind.fields)
    }

    /// The strict object of `fields`, the required ones required.
    static func object(of fields: [ExperimentField]) -> [String: Any] {
        var properties: [String: Any] = [:]
        for field in fields {
            var s = schema(of: field.type)
            s["description"] = field.doc + (field.defaultValue.map { " (default: \($0))" } ?? "")
            properties[field.name] = s
        }
        return strict(properties, required: fields.filter(\.required).map(\.name))
    }

    /// What a value of `type` may be; `${var}` templates stand for numbers wherever they can.
    static func schema(of type: ExperimentFieldType) -> [String: Any] {
        switch type {
        case .integer: return integer
        case .number: return number
        case .boolean: return ["type": "boolean"]
        case .string, .regex: return ["type": "string"]
        case .law: return law
        case .shape: return shape
        case .schedule: return schedule
        case .integerOrSchedule: return ["anyOf": [integer, schedule]]
        case .integerOrFull: return ["anyOf": [integer, ["enum": ["full"]]]]
        case let .choice(words): return choice(words)
        case let .integers(minimum, minItems):
            let item: [String: Any] = minimum.map { ["type": "integer", "minimum": $0] } ?? integer
            return ["anyOf": [["type": "array", "items": item, "minItems": minItems], template]]
        case .positiveNumbers: return ["type": "object", "additionalProperties": ["type": "number", "exclusiveMinimum": 0]]
        case .driftModel: return driftModel
        case let .words(words, minItems):
            var list: [String: Any] = ["type": "array", "items": ["enum": words]]
            if minItems > 0 { list["minItems"] = minItems }
            return list
        case .numberOrNone: return ["anyOf": [number, ["enum": ["none"]]]]
        case let .mapping(fields): return object(of: fields)
        case .initScheme: return initScheme
        case .initSchemes: return ["type": "object", "additionalProperties": initScheme]
        case .tokenSource: return tokenSource
        }
    }

    /// A depth schedule: a number or one of the six forms.
    static var schedule: [String: Any] {
        ["anyOf": [
            number,
            strict(["constant": number], required: ["constant"]),
            strict(["linear": ["type": "array", "items": number, "minItems": 2, "maxItems": 2]], required: ["linear"]),
            strict(["exponential": ["type": "array", "items": number, "minItems": 2, "maxItems": 2]], required: ["exponential"]),
            strict(["power": ["type": "array", "items": number, "minItems": 3, "maxItems": 3]], required: ["power"]),
            strict(["piecewise": strict(["x": ["type": "array", "items": number, "minItems": 2], "values": ["type": "array", "items": number, "minItems": 2]],
                                        required: ["x", "values"])], required: ["piecewise"]),
            strict(["list": ["type": "array", "items": number, "minItems": 1]], required: ["list"]),
        ]]
    }

    /// Drift's `model:`: a preset, or an explicit list of matrices.
    static var driftModel: [String: Any] {
        ["oneOf": [
            strict(["preset": choice(["bert-base", "minilm", "llama-7b", "vit-b16"]), "width": number, "layers": integer], required: ["preset"]),
            strict(["layers": ["type": "array", "minItems": 1,
                               "items": strict(["name": ["type": "string"], "shape": shape, "depth": integer, "module": ["type": "string"]],
                                               required: ["name", "shape", "depth"])]], required: ["layers"]),
        ]]
    }
}
