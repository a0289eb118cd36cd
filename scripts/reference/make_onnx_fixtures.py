#!/usr/bin/env python3
"""Writes the ONNX fixtures of Tests/TensorIOTests/Fixtures/onnx with the onnx package.

Pinned versions (checked with pip show when the fixtures were written):
    onnx      == 1.23.2
    numpy     == 2.4.6
    ml_dtypes == 0.7.0 (onnx's bfloat16)

Files:
    inline.onnx      initializers in raw_data (FLOAT, FLOAT16, BFLOAT16, DOUBLE) and in the typed
                     fields (float_data, int32_data holding FLOAT16 bits, double_data), an INT64
                     initializer WeightLab lists as unsupported, a Constant node, and an If node
                     whose then-branch holds an initializer and a Constant (subgraph constants).
    external.onnx + external.data   the same kind of model saved with every tensor in one
                     external data file (onnx.save_model(save_as_external_data=True)).
    <model>/<tensor>.f32|.f64   onnx.numpy_helper.to_array of each tensor (f16/bf16 widened to
                     f32), raw little-endian.
    <model>.json     per tensor: ONNX type name and shape.
    escape-parent.onnx, escape-absolute.onnx   one external tensor whose location leaves the
                     model's folder ("../…", "/…"): WeightLab must refuse both.
Run from the repository root: python3 scripts/reference/make_onnx_fixtures.py
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join("Tests", "TensorIOTests", "Fixtures", "onnx")
PINNED = {"onnx": "1.23.2", "numpy": "2.4.6", "ml_dtypes": "0.7.0"}


def check_versions():
    from importlib.metadata import version
    for name, want in PINNED.items():
        if version(name) != want:
            sys.exit(f"make_onnx_fixtures: {name} {version(name)} installed, the fixtures pin {want}")


def model(rng, prefix):
    x = lambda *shape: rng.normal(0, 0.02, size=shape)
    inits = [
        numpy_helper.from_array(x(4, 8).astype(np.float32), f"{prefix}layers.0.q_proj.weight"),
        numpy_helper.from_array(x(3, 5).astype(np.float16), f"{prefix}layers.0.k_proj.weight"),
        numpy_helper.from_array(x(2, 6).astype(np.float64), f"{prefix}layers.1.v_proj.weight"),
        helper.make_tensor(f"{prefix}bf16.weight", TensorProto.BFLOAT16, [2, 4], x(2, 4).astype(np.float32).tolist()),
        helper.make_tensor(f"{prefix}typed.float", TensorProto.FLOAT, [6], x(6).astype(np.float32).tolist()),
        helper.make_tensor(f"{prefix}typed.half", TensorProto.FLOAT16, [2, 3], x(2, 3).astype(np.float16).tolist()),
        helper.make_tensor(f"{prefix}typed.double", TensorProto.DOUBLE, [3], x(3).tolist()),
        numpy_helper.from_array(np.arange(4, dtype=np.int64), f"{prefix}position_ids"),
    ]
    const = helper.make_node("Constant", [], ["const_out"], value=numpy_helper.from_array(x(2, 2).astype(np.float32), ""))
    then_init = numpy_helper.from_array(x(3).astype(np.float32), f"{prefix}then.bias")
    then_const = helper.make_node("Constant", [], ["then_const"], value=numpy_helper.from_array(x(2).astype(np.float32), "then.const.value"))
    then_graph = helper.make_graph([then_const, helper.make_node("Add", ["then_const", "then_const"], ["then_out"])], "then", [],
                                   [helper.make_tensor_value_info("then_out", TensorProto.FLOAT, [2])], initializer=[then_init])
    else_graph = helper.make_graph([helper.make_node("Identity", ["then_const_e"], ["else_out"])], "else", [],
                                   [helper.make_tensor_value_info("else_out", TensorProto.FLOAT, [2])],
                                   initializer=[numpy_helper.from_array(x(2).astype(np.float32), "then_const_e")])
    cond = helper.make_node("Constant", [], ["cond"], value=numpy_helper.from_array(np.array(True), "cond.value"))
    branch = helper.make_node("If", ["cond"], ["y"], then_branch=then_graph, else_branch=else_graph)
    graph = helper.make_graph([const, cond, branch], "weights", [], [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])], initializer=inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def references(path, folder):
    m = onnx.load(os.path.join(OUT, path), load_external_data=True)
    os.makedirs(os.path.join(OUT, folder), exist_ok=True)
    listing = {}

    def visit(graph):
        for t in graph.initializer:
            yield t.name, t
        for n in graph.node:
            for a in n.attribute:
                if n.op_type == "Constant" and a.name == "value":
                    yield (a.t.name or n.output[0]), a.t
                for g in ([a.g] if a.HasField("g") else []) + list(a.graphs):
                    yield from visit(g)

    for name, t in visit(m.graph):
        listing[name] = {"type": TensorProto.DataType.Name(t.data_type), "shape": list(t.dims)}
        values = numpy_helper.to_array(t, base_dir=OUT)
        if t.data_type == TensorProto.DOUBLE:
            values.astype("<f8").tofile(os.path.join(OUT, folder, name + ".f64"))
        elif t.data_type in (TensorProto.FLOAT, TensorProto.FLOAT16, TensorProto.BFLOAT16):
            values.astype(np.float32).astype("<f4").tofile(os.path.join(OUT, folder, name + ".f32"))
    with open(os.path.join(OUT, path.replace(".onnx", ".json")), "w") as f:
        json.dump(listing, f, indent=1, sort_keys=True)
        f.write("\n")


def escaping(location, path):
    t = numpy_helper.from_array(np.zeros(4, dtype=np.float32), "w")
    t.ClearField("raw_data")
    t.data_location = TensorProto.EXTERNAL
    for k, v in (("location", location), ("offset", "0"), ("length", "16")):
        e = t.external_data.add()
        e.key, e.value = k, v
    graph = helper.make_graph([], "escape", [], [helper.make_tensor_value_info("w", TensorProto.FLOAT, [4])], initializer=[t])
    onnx.save_model(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), os.path.join(OUT, path))


def main():
    check_versions()
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261203)
    onnx.save_model(model(rng, ""), os.path.join(OUT, "inline.onnx"))
    onnx.save_model(model(rng, "model."), os.path.join(OUT, "external.onnx"), save_as_external_data=True,
                    all_tensors_to_one_file=True, location="external.data", size_threshold=0)
    references("inline.onnx", "inline")
    references("external.onnx", "external")
    escaping("../onnx/external.data", "escape-parent.onnx")
    escaping("/etc/hostname", "escape-absolute.onnx")


if __name__ == "__main__":
    main()
