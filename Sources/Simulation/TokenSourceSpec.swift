import Sampling

/// A token source as a recipe: what ``LlamaTwoPhase`` draws a fresh ``TokenSource`` from in each
/// run (``make(seeds:vocabulary:pretrain:)``), so that grammars and teacher weights come from the
/// run's seed.
///
/// ```
/// grammar(b)            Markov chain over the model's vocabulary, b successors per token
/// teacher(init, cfg, τ)  a LLaMA of shape cfg with weights from the scheme init, sampled at τ
/// mixture(a, b, w)      each sequence from b with probability w, else from a
/// pretrain              the pretraining source itself (as, or inside, the fine-tuning source)
/// ```
public indirect enum TokenSourceSpec: Sendable, Equatable {
    case grammar(branching: Int)
    case teacher(scheme: InitScheme, config: LlamaConfig, temperature: Double)
    case mixture(TokenSourceSpec, TokenSourceSpec, weight: Double)
    case pretrain

    /// The source of one run: grammars and teacher weights drawn from `seeds`; `pretrain`
    /// resolves to the given pretraining source.
    public func make(seeds: SeedTree, vocabulary: Int, pretrain: TokenSource?) throws(SimulationError) -> TokenSource {
        switch self {
        case let .grammar(branching):
            return .markov(try MarkovGrammar(vocabularySize: vocabulary, branching: branching, seeds: seeds.child("grammar")))
        case let .teacher(scheme, config, temperature):
            var p = LlamaParameters(config: config)
            try LlamaInitializer(matrices: scheme).initialize(&p, seeds: seeds.child("teacher"))
            return .teacher(try LlamaModel(config: config, parameters: p, threads: 1), temperature: temperature)
        case let .mixture(a, b, weight):
            return .mixture(try a.make(seeds: seeds.child("a"), vocabulary: vocabulary, pretrain: pretrain),
                            try b.make(seeds: seeds.child("b"), vocabulary: vocabulary, pretrain: pretrain), weight: weight)
        case .pretrain:
            guard let pretrain else { throw .invalidParameter("token source: 'pretrain' refers to the pretraining source and cannot be it") }
            return pretrain
        }
    }

    /// Whether the recipe refers to the pretraining source.
    public var usesPretrain: Bool {
        switch self {
        case .pretrain: return true
        case let .mixture(a, b, _): return a.usesPretrain || b.usesPretrain
        default: return false
        }
    }
}
