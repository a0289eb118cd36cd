#!/usr/bin/env python3
"""PyTorch checkpoint and PEFT adapter fixtures for WeightLab's TensorIO tests, written by the real
libraries. Pinned versions (the ones these fixtures were made with; check with `pip show`):

    torch 2.13.0+cpu, safetensors 0.8.0, peft 0.21.2, transformers 5.24.0, numpy 2.4.6

    python3 scripts/reference/make_format_fixtures.py [OUT_DIR]   (default Tests/TensorIOTests/Fixtures)

Everything is seeded, so rerunning reproduces the same tensors (torch.save's zip bytes also carry
a serialization id, so the archives differ in that entry only; peft writes target_modules from a
set, so their order in adapter_config.json may change). Files stay small (KBs).

pytorch/   torch.save of one state_dict (f32, f16, bf16, f64, i64, uint16 via _rebuild_tensor_v3,
           a transposed non-contiguous tensor, a strided view with an offset, tied weights, a
           Parameter, two disjoint views of one storage, a transposed view of a saved tensor): zip.pt, archive.pt (saved to a file object: prefix "archive/"), legacy.pt
           (_use_new_zipfile_serialization=False), wrapped.pt ({"state_dict": …, "epoch": 3}),
           and reference.safetensors: each float tensor made contiguous, for bit-exact comparison.
           model.bin / model.safetensors: one small MLP in both formats (same report expected);
           sharded/: pytorch_model.bin.index.json with two .bin shards.
peft/      one folder per LoRA variant, each with the adapter as peft saves it (adapter_config.json,
           adapter_model.safetensors or .bin) and reference.safetensors: ΔW = merge_and_unload() − base
           per adapted module, computed in float64 (the f32 adapter loaded into a float64 copy of the
           base), named as the base model's module. Variants: plain, rslora, patterns (rank_pattern /
           alpha_pattern), bin (legacy adapter_model.bin), gpt2 (Conv1D, fan_in_fan_out), embedding,
           dora (reference_ba.safetensors holds s·B·A, reference.safetensors the merged W' − W0 with
           the magnitude renormalisation, base.safetensors the base weights of its modules).
"""
import json
import os
import sys
from pathlib import Path

import torch
from safetensors.torch import save_file

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "Tests/TensorIOTests/Fixtures"


def state_dict():
    g = torch.Generator().manual_seed(13)
    base = torch.randn(3, 5, generator=g)
    shared = torch.randn(4, 6, generator=g)
    sd = {
        "f32": torch.randn(3, 4, generator=g),
        "f16": torch.randn(2, 5, generator=g).half(),
        "bf16": torch.randn(4, 3, generator=g).bfloat16(),
        "f64": torch.randn(5, generator=g).double(),
        "i64": torch.arange(7, dtype=torch.int64),
        "u16": torch.tensor([0, 1, 2, 65535], dtype=torch.int32).to(torch.uint16),
        "transposed": base.t(),  # stride (1, 5), non-contiguous
        "view": shared[1:, 2:5],  # offset 8, stride (6, 1): a strided window of the storage
        "scalar": torch.tensor(2.5),
        "param": torch.nn.Parameter(torch.randn(2, 2, generator=g)),
    }
    emb = torch.randn(6, 4, generator=g)
    sd["embed.weight"] = emb
    sd["lm_head.weight"] = emb  # tied: the same storage
    fused = torch.randn(6, 4, generator=g)
    sd["q"] = fused[:2]  # disjoint views of one storage: distinct data, both read
    sd["k"] = fused[2:4]
    sd["f32_t"] = sd["f32"].t()  # overlaps f32: an alias
    return sd


def reference(sd):
    out = {}
    for k, v in sd.items():
        if v.dtype.is_floating_point and k not in ("lm_head.weight", "f32_t"):
            out[k] = v.detach().contiguous().clone()
    return out


def make_pytorch():
    d = OUT / "pytorch"
    d.mkdir(parents=True, exist_ok=True)
    sd = state_dict()
    torch.save(sd, d / "zip.pt")
    with open(d / "archive.pt", "wb") as f:
        torch.save(sd, f)
    torch.save(sd, d / "legacy.pt", _use_new_zipfile_serialization=False)
    torch.save({"state_dict": sd, "epoch": 3}, d / "wrapped.pt")
    save_file(reference(sd), d / "reference.safetensors")

    g = torch.Generator().manual_seed(29)
    mlp = {
        "layers.0.weight": torch.randn(48, 32, generator=g) * 0.05,
        "layers.0.bias": torch.randn(48, generator=g) * 0.01,
        "layers.1.weight": torch.randn(32, 48, generator=g) * 0.05,
        "layers.1.bias": torch.randn(32, generator=g) * 0.01,
    }
    torch.save(mlp, d / "model.bin")
    save_file(mlp, d / "model.safetensors")
    s = d / "sharded"
    s.mkdir(exist_ok=True)
    shards = {"pytorch_model-00001-of-00002.bin": ["layers.0.weight", "layers.0.bias"],
              "pytorch_model-00002-of-00002.bin": ["layers.1.weight", "layers.1.bias"]}
    weight_map = {}
    for shard, names in shards.items():
        torch.save({n: mlp[n] for n in names}, s / shard)
        weight_map.update({n: shard for n in names})
    total = sum(t.numel() * t.element_size() for t in mlp.values())
    (s / "pytorch_model.bin.index.json").write_text(json.dumps({"metadata": {"total_size": total}, "weight_map": weight_map}, indent=2))


def tiny_llama():
    from transformers import LlamaConfig, LlamaForCausalLM
    torch.manual_seed(3)
    cfg = LlamaConfig(vocab_size=32, hidden_size=16, intermediate_size=24, num_hidden_layers=2, num_attention_heads=2,
                      num_key_value_heads=2, max_position_embeddings=32, tie_word_embeddings=False)
    return LlamaForCausalLM(cfg).eval()


def tiny_gpt2():
    from transformers import GPT2Config, GPT2LMHeadModel
    torch.manual_seed(4)
    cfg = GPT2Config(vocab_size=32, n_embd=16, n_layer=2, n_head=2, n_positions=16)
    return GPT2LMHeadModel(cfg).eval()


def adapter(out, make_base, config, safe=True):
    """Saves a LoRA adapter with random (non-zero) A and B and its reference ΔW."""
    import copy
    from peft import PeftModel, get_peft_model
    out.mkdir(parents=True, exist_ok=True)
    base = make_base()
    reference_base = copy.deepcopy(base).double()
    base_weights = {k: v.clone() for k, v in reference_base.state_dict().items()}
    model = get_peft_model(base, config)
    model.save_pretrained(out, safe_serialization=safe)
    for f in out.iterdir():
        if f.name not in ("adapter_config.json", "adapter_model.safetensors", "adapter_model.bin"):
            f.unlink()
    loaded = PeftModel.from_pretrained(reference_base, out)
    ba = {}
    for name, module in loaded.named_modules():
        if hasattr(module, "get_delta_weight") and "default" in getattr(module, "scaling", {}):
            key = name.removeprefix("base_model.model.") + ".weight"
            ba[key] = module.get_delta_weight("default").detach().double().contiguous()
    merged = loaded.merge_and_unload().state_dict()
    delta = {k: (merged[k] - base_weights[k]).contiguous() for k in ba}
    save_file(delta, out / "reference.safetensors")
    return ba, {k: base_weights[k].contiguous() for k in ba}


def make_peft(out):
    from peft import LoraConfig
    def lora(**kw):
        return LoraConfig(init_lora_weights=False, **kw)
    torch.manual_seed(11)
    adapter(out / "plain", tiny_llama, lora(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"]))
    adapter(out / "rslora", tiny_llama, lora(r=4, lora_alpha=8, use_rslora=True, target_modules=["q_proj", "v_proj"]))
    adapter(out / "patterns", tiny_llama, lora(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj", "down_proj"],
                                                rank_pattern={"q_proj": 2, "layers.1.self_attn.v_proj": 6},
                                                alpha_pattern={"down_proj": 3, "v_proj": 16}))
    adapter(out / "bin", tiny_llama, lora(r=2, lora_alpha=5, target_modules=["k_proj"]), safe=False)
    adapter(out / "gpt2", tiny_gpt2, lora(r=3, lora_alpha=6, target_modules=["c_attn"], fan_in_fan_out=True))
    adapter(out / "embedding", tiny_llama, lora(r=4, lora_alpha=4, target_modules=["embed_tokens", "o_proj"]))
    ba, base = adapter(out / "dora", tiny_llama, lora(r=4, lora_alpha=8, use_dora=True, target_modules=["q_proj", "v_proj"]))
    save_file(ba, out / "dora" / "reference_ba.safetensors")
    save_file({k: v.float() for k, v in base.items()}, out / "dora" / "base.safetensors")


if __name__ == "__main__":
    make_pytorch()
    make_peft(OUT / "peft")
