/// What a fine-tuning moves (see ``FineTuneAdapter`` and ``TrainedFineTuning``): every weight
/// (`full`), low-rank factors beside frozen weights (`lora`), or one fitted noise scale per matrix
/// (`noise`). The raw value is the scenario spelling (`adapter:` of a train experiment, `mode:` of a
/// LLaMA fine-tuning phase).
public enum AdapterKind: String, Sendable, CaseIterable {
    case full, lora, noise
}
