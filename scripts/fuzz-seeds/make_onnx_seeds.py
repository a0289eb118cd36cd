#!/usr/bin/env python3
"""Writes the ONNX reader's seed corpus into Tests/FuzzRegressionTests/Corpus/onnx/: small valid
models (valid-*, written with onnx 1.23.2) and hostile ones (broken-*), each with one thing wrong
at the protobuf wire level or in a TensorProto. The regression tests replay them: valid-* must be
accepted, broken-* rejected with a typed error that names a byte offset.
Run from the repository root: python3 scripts/fuzz-seeds/make_onnx_seeds.py
"""
import os

import numpy as np
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join("Tests", "FuzzRegressionTests", "Corpus", "onnx")


def write(name, data):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def model(*tensors, nodes=()):
    graph = helper.make_graph(list(nodes), "g", [], [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])], initializer=list(tensors))
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(number, wire, payload):
    return varint(number << 3 | wire) + (varint(len(payload)) + payload if wire == 2 else payload)


def main():
    w = np.arange(6, dtype=np.float32).reshape(2, 3) / 8
    write("valid-raw.onnx", model(numpy_helper.from_array(w, "layers.0.weight")).SerializeToString())
    typed = helper.make_tensor("half", TensorProto.FLOAT16, [2], np.array([0.5, -1], np.float16).tolist())
    const = helper.make_node("Constant", [], ["c"], value=numpy_helper.from_array(w.astype(np.float64), ""))
    write("valid-typed.onnx", model(typed, helper.make_tensor("f", TensorProto.FLOAT, [3], [1, 2, 3]), nodes=[const]).SerializeToString())

    def tensor(*fields):
        return field(7, 2, field(5, 2, b"".join(fields)))  # ModelProto.graph.initializer

    name = field(8, 2, b"w")
    raw = field(9, 2, w.tobytes())
    write("broken-raw-size.onnx", tensor(field(1, 0, varint(2)), field(1, 0, varint(4)), field(2, 0, varint(1)), name, raw))
    write("broken-negative-dim.onnx", tensor(field(1, 0, varint((1 << 64) - 1)), field(2, 0, varint(1)), name, raw))
    write("broken-dims-overflow.onnx", tensor(field(1, 0, varint(1 << 40)), field(1, 0, varint(1 << 40)), field(2, 0, varint(1)), name, raw))
    write("broken-length.onnx", varint(7 << 3 | 2) + varint(1 << 40) + b"\0" * 8)
    write("broken-field-zero.onnx", b"\x00\x01")
    write("broken-varint-long.onnx", b"\x08" + b"\xff" * 11)
    write("broken-group.onnx", b"\x0b\x0c")  # field 1, wire type 3: groups are refused
    write("broken-truncated.onnx", model(numpy_helper.from_array(w, "w")).SerializeToString()[:-7])
    write("broken-no-data.onnx", tensor(field(1, 0, varint(3)), field(2, 0, varint(1)), name))
    write("broken-external-escape.onnx", tensor(field(1, 0, varint(1)), field(2, 0, varint(1)), name, field(14, 0, varint(1)),
                                                  field(13, 2, field(1, 2, b"location") + field(2, 2, b"../../etc/hostname"))))
    write("broken-external-no-location.onnx", tensor(field(1, 0, varint(1)), field(2, 0, varint(1)), name, field(14, 0, varint(1))))
    write("broken-half-count.onnx", tensor(field(1, 0, varint(3)), field(2, 0, varint(10)), name, field(5, 2, varint(0x3C00))))
    deep = field(8, 2, b"x")
    for _ in range(20):  # Node → attribute g → graph → node …, 20 levels
        deep = field(1, 2, field(4, 2, b"If") + field(5, 2, field(1, 2, b"then_branch") + field(6, 2, deep)))
    write("broken-deep-subgraphs.onnx", field(7, 2, deep))
    write("broken-name-utf8.onnx", tensor(field(1, 0, varint(1)), field(2, 0, varint(1)), field(8, 2, b"\xff\xfe"), field(9, 2, b"\0" * 4)))


if __name__ == "__main__":
    main()
