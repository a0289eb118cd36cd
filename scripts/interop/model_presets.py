#!/usr/bin/env python3
"""The tensor names and shapes of WeightLab's model presets, from transformers' own models.

    python3 scripts/interop/model_presets.py [OUT.json] [--weightlab BIN]
    (default Tests/SimulationTests/Fixtures/model-presets.json)

For each preset the published config values (meta-llama/Llama-2-7b-hf and Llama-2-70b-hf,
bert-base-uncased, sentence-transformers/all-MiniLM-L6-v2, google/vit-base-patch16-224; copied
below, no download) build the transformers model on the meta device (no memory); its state_dict
gives every tensor's name and shape. The fixture keeps the tensors outside the layer stack and
those of layer 0, plus the layer count, in state_dict order; ModelArchitectureTests compares the
presets against it. Buffers that are not weights (BERT's position_ids) are left out.

With --weightlab BIN the script also runs `BIN sample --model P --width 0.0625` for every preset,
loads the config.json written with transformers.AutoConfig, builds that model on the meta device
and checks that the safetensors headers list exactly its tensors with its shapes.

Versions used to write the committed fixture: transformers 5.24.0, torch 2.13.0+cpu.
"""
import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import torch
import transformers
from transformers import AutoConfig, AutoModel, AutoModelForCausalLM, AutoModelForImageClassification

PRESETS = {
    "llama-7b": ("llama", dict(hidden_size=4096, intermediate_size=11008, num_hidden_layers=32, num_attention_heads=32,
                               num_key_value_heads=32, vocab_size=32000, max_position_embeddings=4096)),
    "llama-70b": ("llama", dict(hidden_size=8192, intermediate_size=28672, num_hidden_layers=80, num_attention_heads=64,
                                num_key_value_heads=8, vocab_size=32000, max_position_embeddings=4096)),
    "bert-base": ("bert", dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12,
                               vocab_size=30522, max_position_embeddings=512, type_vocab_size=2)),
    "minilm": ("bert", dict(hidden_size=384, intermediate_size=1536, num_hidden_layers=6, num_attention_heads=12,
                            vocab_size=30522, max_position_embeddings=512, type_vocab_size=2)),
    "vit-b16": ("vit", dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12,
                            image_size=224, patch_size=16, num_channels=3, num_labels=1000)),
}


# transformers 5 renames ViT's parameters (vit.layers.N.attention.q_proj, mlp.fc1, …) and maps the
# names of published checkpoints onto them when it loads one; WeightLab writes the published names.
VIT_CHECKPOINT_NAMES = [
    (r"^vit\.layers\.(\d+)\.attention\.q_proj\.", r"vit.encoder.layer.\1.attention.attention.query."),
    (r"^vit\.layers\.(\d+)\.attention\.k_proj\.", r"vit.encoder.layer.\1.attention.attention.key."),
    (r"^vit\.layers\.(\d+)\.attention\.v_proj\.", r"vit.encoder.layer.\1.attention.attention.value."),
    (r"^vit\.layers\.(\d+)\.attention\.o_proj\.", r"vit.encoder.layer.\1.attention.output.dense."),
    (r"^vit\.layers\.(\d+)\.mlp\.fc1\.", r"vit.encoder.layer.\1.intermediate.dense."),
    (r"^vit\.layers\.(\d+)\.mlp\.fc2\.", r"vit.encoder.layer.\1.output.dense."),
    (r"^vit\.layers\.(\d+)\.", r"vit.encoder.layer.\1."),
]


def checkpoint_name(name):
    for pattern, replacement in VIT_CHECKPOINT_NAMES:
        if re.match(pattern, name):
            return re.sub(pattern, replacement, name)
    return name


def model_tensors(config):
    """(name, shape) of every parameter of the model a config describes, built on the meta device,
    named as in published checkpoints."""
    with torch.device("meta"):
        if config.model_type == "llama":
            model = AutoModelForCausalLM.from_config(config)
        elif config.model_type == "vit":
            model = AutoModelForImageClassification.from_config(config)
        else:
            model = AutoModel.from_config(config)
    return [(checkpoint_name(k), list(v.shape)) for k, v in model.state_dict().items() if not k.endswith("position_ids")]


def layer_index(name):
    m = re.search(r"\.layers?\.(\d+)\.", name)
    return int(m.group(1)) if m else None


def fixture():
    out = {}
    for preset, (kind, values) in PRESETS.items():
        config = transformers.CONFIG_MAPPING[kind](**values)
        tensors = model_tensors(config)
        kept = [[n, s] for n, s in tensors if layer_index(n) in (None, 0)]
        out[preset] = {"layers": values["num_hidden_layers"], "tensor_count": len(tensors), "tensors": kept}
        print(f"{preset}: {len(tensors)} tensors, {len(kept)} kept", file=sys.stderr)
    return out


def header(path):
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        h = json.loads(f.read(n))
    h.pop("__metadata__", None)
    return {k: v["shape"] for k, v in h.items()}


def check_written(binary):
    failures = 0
    for preset in PRESETS:
        with tempfile.TemporaryDirectory() as d:
            subprocess.run([binary, "sample", "--model", preset, "--width", "0.0625", "--dist", "gaussian(sigma=0.02)",
                            "--dtype", "bf16", "--max-shard-size", "2MB", "--output", d, "--quiet"], check=True)
            config = AutoConfig.from_pretrained(d)
            expected = dict((n, s) for n, s in model_tensors(config))
            index = json.load(open(Path(d) / "model.safetensors.index.json"))
            written = {}
            for shard in sorted(set(index["weight_map"].values())):
                written.update(header(Path(d) / shard))
            ok = written == expected and set(index["weight_map"]) == set(expected)
            failures += not ok
            print(f"{preset}: config loads as {type(config).__name__}; {len(written)} tensors written, "
                  f"{'match' if ok else 'DIFFER from'} transformers' model", file=sys.stderr)
            if not ok:
                print("  only written:", sorted(set(written) - set(expected))[:5], "only expected:",
                      sorted(set(expected) - set(written))[:5],
                      "shape differs:", [k for k in written if k in expected and written[k] != expected[k]][:5], file=sys.stderr)
    return failures


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out", nargs="?", default="Tests/SimulationTests/Fixtures/model-presets.json")
    p.add_argument("--weightlab")
    a = p.parse_args()
    print(f"transformers {transformers.__version__}, torch {torch.__version__}", file=sys.stderr)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(fixture(), indent=1) + "\n")
    if a.weightlab and check_written(a.weightlab):
        sys.exit(1)


if __name__ == "__main__":
    main()
