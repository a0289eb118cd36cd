import Sampling
import Simulation

/// A token source of a LLaMA `train:` experiment as written, parsed once at load time; each
/// replicate draws its own grammar or teacher weights from its seed (``make(config:seeds:pretrain:)``).
///
/// ```
/// {grammar: {branching: b}}                     Markov chain over the model's vocabulary, b successors per token
/// {teacher: {init: SPEC, temperature: τ, …}}     a LLaMA with weights from SPEC, sampled at τ
/// {mixture: {a: SOURCE, b: SOURCE, weight: w}}   each sequence from b with probability w, else from a
/// pretrain                                       the pretraining source itself (in finetune_source)
/// ```
public indirect enum TokenSourceSpec: Sendable, Equatable {
    case grammar(branching: Int)
    /// `spec` is the initialisation string (kept for equality), `config` the teacher's shape.
    case teacher(spec: String, scheme: InitSchemeBox, config: LlamaConfig, temperature: Double)
    case mixture(TokenSourceSpec, TokenSourceSpec, weight: Double)
    case pretrain

    /// The source of one replicate: grammars and teacher weights drawn from `seeds`; `pretrain`
    /// resolves to the given pretraining source.
    func make(seeds: SeedTree, vocabulary: Int, pretrain: TokenSource?) throws(SimulationError) -> TokenSource {
        switch self {
        case let .grammar(branching):
            return .markov(try MarkovGrammar(vocabularySize: vocabulary, branching: branching, seeds: seeds.child("grammar")))
        case let .teacher(_, box, config, temperature):
            var p = LlamaParameters(config: config)
            try LlamaInitializer(matrices: box.scheme).initialize(&p, seeds: seeds.child("teacher"))
            return .teacher(try LlamaModel(config: config, parameters: p, threads: 1), temperature: temperature)
        case let .mixture(a, b, weight):
            return .mixture(try a.make(seeds: seeds.child("a"), vocabulary: vocabulary, pretrain: pretrain),
                            try b.make(seeds: seeds.child("b"), vocabulary: vocabulary, pretrain: pretrain), weight: weight)
        case .pretrain:
            guard let pretrain else { throw .invalidParameter("token source: 'pretrain' refers to the pretraining source and cannot be it") }
            return pretrain
        }
    }

    /// Whether the spec refers to the pretraining source.
    var usesPretrain: Bool {
        switch self {
        case .pretrain: return true
        case let .mixture(a, b, _): return a.usesPretrain || b.usesPretrain
        default: return false
        }
    }
}
