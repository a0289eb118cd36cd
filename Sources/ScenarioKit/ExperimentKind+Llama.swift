import Simulation

/// The field tables of `train:` with `architecture: llama` (``ExperimentKind/train`` hands such a
/// body to ``ExperimentKind/llama``): its own keys, its `model:` and its two phases. As for the
/// other kinds, a new key is one line here and its reading in ScenarioLoader+Llama.swift; a
/// `default:` here is the value the parser takes when the key is absent.
extension ExperimentKind {
    static let llama = ExperimentKind(name: "train", doc: "a small LLaMA initialised, pretrained and fine-tuned (architecture: llama)", fields: [
        ExperimentField("architecture", .choice(["llama"]), required: true, "the student: a small LLaMA"),
        ExperimentField("model", .mapping(llamaModel.fields), required: true, "the model's shape"),
        ExperimentField("init", .initScheme, default: "normal(std=0.02)", "the initialisation of the matrices"),
        ExperimentField("init_modules", .initSchemes, "initialisations by module kind (q_proj, …, down_proj, embed_tokens, lm_head, norms)"),
        ExperimentField("pretrain_source", .tokenSource, required: true, "the pretraining text (not 'pretrain')"),
        ExperimentField("finetune_source", .tokenSource, required: true, "the fine-tuning text ('pretrain': the pretraining source)"),
        ExperimentField("sequence_length", .integer, derivedDefault: "the model's context", "tokens per sequence"),
        ExperimentField("train_sequences", .integer, default: "256", "training sequences of each phase"),
        ExperimentField("held_out_sequences", .integer, default: "64", "held-out sequences of each phase"),
        ExperimentField("pretrain", .mapping(llamaPhase.fields), required: true, "the pretraining phase"),
        ExperimentField("finetune", .mapping(llamaFinetune.fields), required: true, "the fine-tuning phase"),
        ExperimentField("outputs", .words(LlamaTwoPhase.roles, minItems: 1), derivedDefault: "all four",
                        "the roles of each block matrix output as tensors (init, pretrained, delta, finetuned)"),
    ], parser: ScenarioLoader.parseLlama)

    /// `model:` of a LLaMA.
    static let llamaModel = FieldTable(name: "train.model", fields: [
        ExperimentField("d_model", .integer, default: "64", "the hidden size (at most 1024)"),
        ExperimentField("layers", .integer, default: "4", "the blocks (at most 48)"),
        ExperimentField("heads", .integer, default: "4", "the attention heads (dividing d_model)"),
        ExperimentField("kv_heads", .integer, derivedDefault: "heads", "the key/value heads (grouped-query attention)"),
        ExperimentField("ffn", .integer, derivedDefault: "4·d_model", "the MLP's inner size"),
        ExperimentField("vocab", .integer, default: "256", "the vocabulary"),
        ExperimentField("context", .integer, default: "64", "the longest sequence"),
        ExperimentField("tied", .boolean, default: "false", "the output head shares the embedding"),
        ExperimentField("rope_theta", .number, default: "10000", "θ of the rotary position embedding"),
    ])

    /// `pretrain:` of a LLaMA: one training phase.
    static let llamaPhase = FieldTable(name: "train.pretrain", fields: [
        ExperimentField("steps", .integer, default: "200", "the optimiser steps"),
        ExperimentField("learning_rate", .number, derivedDefault: "0.05 (sgd), 0.001 (adamw)", "the base learning rate"),
        ExperimentField("optimizer", .choice(["adamw", "sgd"]), default: "adamw", "the optimiser"),
        ExperimentField("momentum", .number, default: "0.9", "the momentum of sgd"),
        ExperimentField("beta1", .number, default: "0.9", "β₁ of adamw"),
        ExperimentField("beta2", .number, default: "0.999", "β₂ of adamw"),
        ExperimentField("epsilon", .number, default: "1e-8", "ε of adamw"),
        ExperimentField("weight_decay", .number, default: "0", "the weight decay (matrices only)"),
        ExperimentField("schedule", .choice(["constant", "cosine"]), default: "constant", "the learning-rate schedule after the warm-up"),
        ExperimentField("warmup", .integer, default: "0", "linear warm-up steps, in [0, steps)"),
        ExperimentField("min_lr_ratio", .number, default: "0", "the floor of the cosine schedule, as a fraction of the learning rate"),
        ExperimentField("batch", .integer, default: "16", "sequences per step"),
        ExperimentField("clip", .numberOrNone, default: "1", "the gradient-norm clip, or none"),
        ExperimentField("record_steps", .integers(minimum: nil, minItems: 1), "steps (increasing, below steps) at which losses and statistics are recorded too"),
    ])

    /// `finetune:` of a LLaMA: a training phase and what it moves.
    static let llamaFinetune = FieldTable(name: "train.finetune", fields: llamaPhase.fields + [
        ExperimentField("mode", .choice(AdapterKind.allCases.map(\.rawValue)), default: "full", "what the fine-tuning moves"),
        ExperimentField("lora_rank", .integer, "the LoRA rank (mode: lora)"),
        ExperimentField("lora_alpha", .number, derivedDefault: "2·lora_rank", "the LoRA α"),
        ExperimentField("modules", .words(LlamaTwoPhase.matrices.map(\.kind), minItems: 0), derivedDefault: "every block matrix",
                        "the module kinds the LoRA or noise adapters target"),
    ])
}
