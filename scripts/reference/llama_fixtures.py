#!/usr/bin/env python3
"""Reference values for the Swift LLaMA (Sources/Simulation/LlamaModel*.swift) from transformers.

Versions used to write the committed fixtures (pip show): torch 2.13.0+cpu, transformers 5.24.0,
numpy 2.4.6, safetensors 0.8.0.

    python3 scripts/reference/llama_fixtures.py [OUT_DIR]
        (default Tests/SimulationTests/Fixtures/llama) builds a tiny LlamaForCausalLM (d = 32,
        2 layers, 4 query heads, 2 key/value heads, F = 64, vocab 64, context 16, untied head),
        weights from a seeded normal law (norm gains 1 + N(0, 0.1²)), and writes
          config.json              the model's Hugging Face config
          weights.safetensors      its parameters (float32, Hugging Face names)
          batch.safetensors        tokens (3 × 16, int32 as float32 values), logits (3 × 16 × 64),
                                   loss (1), and the AdamW / clipping settings
          gradients.safetensors    ∂loss/∂θ per parameter after loss.backward()
          adamw.safetensors        θ after one torch.optim.AdamW step (lr, betas, eps, weight_decay
                                   in batch.safetensors), from the same gradients
          clipped.safetensors      θ after clip_grad_norm_(max_norm = ½‖g‖) and the same AdamW step
        The loss is transformers' causal-LM loss: mean over the 3·15 shifted positions.

    python3 scripts/reference/llama_fixtures.py --check DIR
        the second direction: DIR holds a checkpoint the Swift side wrote (config.json,
        model.safetensors) and probe.safetensors (tokens, logits from Swift). Loads it with
        LlamaForCausalLM.from_pretrained and checks that its logits equal Swift's to 1e-4
        (absolute, or relative to the largest logit). Produce DIR with
          WEIGHTLAB_LLAMA_EXPORT=DIR swift test -c release --filter LlamaCheckpointTests
"""
import json
import sys
from pathlib import Path

import numpy as np
import torch
from safetensors.numpy import save_file, load_file
from transformers import LlamaConfig, LlamaForCausalLM

LR, BETA1, BETA2, EPS, WD = 1e-2, 0.9, 0.95, 1e-8, 0.1


def build():
    torch.manual_seed(16)
    config = LlamaConfig(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
                         intermediate_size=64, vocab_size=64, max_position_embeddings=16, rope_theta=10000.0,
                         rms_norm_eps=1e-6, tie_word_embeddings=False, attention_bias=False, mlp_bias=False)
    config._attn_implementation = "eager"
    model = LlamaForCausalLM(config).float()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() == 1:
                p.copy_(1 + 0.1 * torch.randn_like(p))
            elif "embed_tokens" in name:
                p.copy_(torch.randn_like(p))
            else:
                p.copy_(torch.randn_like(p) / p.shape[1] ** 0.5)
    return config, model


def write(out: Path):
    out.mkdir(parents=True, exist_ok=True)
    config, model = build()
    config.save_pretrained(out)
    names = [n for n, _ in model.named_parameters()]
    state = {n: p.detach().numpy().copy() for n, p in model.named_parameters()}
    save_file(state, str(out / "weights.safetensors"))
    g = torch.Generator().manual_seed(3)
    tokens = torch.randint(0, 64, (3, 16), generator=g)
    out_ = model(input_ids=tokens, labels=tokens)
    out_.loss.backward()
    grads = {n: p.grad.detach().numpy().copy() for n, p in model.named_parameters()}
    save_file(grads, str(out / "gradients.safetensors"))
    total = float(torch.sqrt(sum((p.grad.double() ** 2).sum() for p in model.parameters())))

    def step(clip):
        _, m = build()
        params = dict(m.named_parameters())
        for n in names:
            params[n].grad = torch.from_numpy(grads[n].copy())
        if clip is not None:
            torch.nn.utils.clip_grad_norm_(m.parameters(), max_norm=clip)
        opt = torch.optim.AdamW(m.parameters(), lr=LR, betas=(BETA1, BETA2), eps=EPS, weight_decay=WD)
        opt.step()
        return {n: params[n].detach().numpy().copy() for n in names}

    save_file(step(None), str(out / "adamw.safetensors"))
    save_file(step(0.5 * total), str(out / "clipped.safetensors"))
    f32 = lambda x: np.asarray(x, dtype=np.float32).reshape(-1)
    save_file({"tokens": tokens.numpy().astype(np.float32), "logits": out_.logits.detach().numpy(),
               "loss": f32([out_.loss.item()]), "adamw": f32([LR, BETA1, BETA2, EPS, WD]),
               "clip_max_norm": f32([0.5 * total])}, str(out / "batch.safetensors"))
    print(f"wrote {out}: loss {out_.loss.item():.6f}, gradient norm {total:.6f}")


def check(folder: Path):
    model = LlamaForCausalLM.from_pretrained(folder, torch_dtype=torch.float32)
    model.eval()
    probe = load_file(str(folder / "probe.safetensors"))
    tokens = torch.from_numpy(probe["tokens"].astype(np.int64))
    with torch.no_grad():
        logits = model(input_ids=tokens).logits.numpy()
    ours = probe["logits"].reshape(logits.shape)
    err = np.abs(logits - ours).max()
    scale = max(1.0, float(np.abs(logits).max()))
    print(f"from_pretrained({folder}): {tokens.shape[0]}×{tokens.shape[1]} tokens, max |Δlogit| = {err:.3g} (scale {scale:.3g})")
    if err > 1e-4 * scale:
        sys.exit("logits differ by more than 1e-4")
    print("ok: transformers loads the Swift checkpoint and gives the same logits")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--check":
        check(Path(sys.argv[2]))
    else:
        write(Path(sys.argv[1] if len(sys.argv) > 1 else "Tests/SimulationTests/Fixtures/llama"))
