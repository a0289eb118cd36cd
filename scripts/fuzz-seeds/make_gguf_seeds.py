#!/usr/bin/env python3
"""Writes the GGUF reader's seed corpus into Tests/FuzzRegressionTests/Corpus/gguf/: small valid
files (valid-*) and hostile ones (broken-*), each built byte by byte so that exactly one thing is
wrong. The regression tests replay them: valid-* must be accepted, broken-* rejected with a
typed error that names a byte offset. Needs only the standard library (the valid files follow
gguf-py 0.19.0's layout: little-endian, version 3, 32-byte alignment).
Run from the repository root: python3 scripts/fuzz-seeds/make_gguf_seeds.py
"""
import os
import struct

OUT = os.path.join("Tests", "FuzzRegressionTests", "Corpus", "gguf")


def s(text):
    b = text.encode() if isinstance(text, str) else text
    return struct.pack("<Q", len(b)) + b


def kv(key, vtype, payload):
    return s(key) + struct.pack("<I", vtype) + payload


def tensor_info(name, ne, ttype, offset):
    return s(name) + struct.pack("<I", len(ne)) + b"".join(struct.pack("<Q", n) for n in ne) + struct.pack("<II", ttype, 0)[:4] + struct.pack("<Q", offset)


def gguf(kvs, infos, data, version=3, n_tensors=None, n_kv=None, align=32):
    head = b"GGUF" + struct.pack("<IQQ", version, len(infos) if n_tensors is None else n_tensors, len(kvs) if n_kv is None else n_kv)
    body = head + b"".join(kvs) + b"".join(infos)
    body += b"\0" * (-len(body) % align)
    return body + data


def f32(values):
    return struct.pack(f"<{len(values)}f", *values)


def write(name, data):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def q4k_block():
    # d = 0.001, dmin = 0.0005 (f16), 12 scale bytes, 128 quant bytes.
    return struct.pack("<ee", 0.001, 0.0005) + bytes(range(12)) + bytes((i * 7) % 256 for i in range(128))


def main():
    arch = kv("general.architecture", 8, s("llama"))
    two = f32([0.5, -0.25, 1.0, 2.0])
    write("valid-f32.gguf", gguf([arch], [tensor_info("blk.0.attn_q.weight", [2, 2], 0, 0)], two))
    nested = kv("tok.nested", 9, struct.pack("<IQ", 9, 2) + struct.pack("<IQ", 5, 1) + struct.pack("<i", 7) + struct.pack("<IQ", 8, 1) + s("x"))
    write("valid-meta.gguf", gguf([arch, nested, kv("general.alignment", 4, struct.pack("<I", 64))],
                                 [tensor_info("a", [4], 0, 0), tensor_info("b", [4], 0, 64)], two + b"\0" * 48 + two, align=64))
    write("valid-q4k.gguf", gguf([arch], [tensor_info("blk.1.ffn_down.weight", [256, 2], 12, 0)], q4k_block() * 2))
    write("valid-unsupported.gguf", gguf([arch], [tensor_info("ids", [3], 26, 0), tensor_info("w", [1], 0, 32)], b"\1\0\0\0" * 3 + b"\0" * 20 + f32([1])))

    good_info = [tensor_info("w", [2, 2], 0, 0)]
    write("broken-magic.gguf", b"GGUX" + gguf([arch], good_info, two)[4:])
    write("broken-version-1.gguf", gguf([arch], good_info, two, version=1))
    write("broken-version-9.gguf", gguf([arch], good_info, two, version=9))
    write("broken-tensor-count.gguf", gguf([arch], good_info, two, n_tensors=1 << 60))
    write("broken-kv-count.gguf", gguf([arch], good_info, two, n_kv=(1 << 64) - 1))
    write("broken-key-length.gguf", gguf([struct.pack("<Q", 1 << 62) + b"general.architecture"], good_info, two))
    write("broken-string-length.gguf", gguf([kv("general.name", 8, struct.pack("<Q", 1 << 40) + b"abc")], good_info, two))
    write("broken-array-count.gguf", gguf([kv("tok.ids", 9, struct.pack("<IQ", 5, 1 << 50) + b"\0" * 16)], good_info, two))
    write("broken-string-array-count.gguf", gguf([kv("tok.tokens", 9, struct.pack("<IQ", 8, 1 << 40) + s("a"))], good_info, two))
    write("broken-value-type.gguf", gguf([kv("general.name", 13, b"\0" * 8)], good_info, two))
    write("broken-array-type.gguf", gguf([kv("tok.ids", 9, struct.pack("<IQ", 77, 1) + b"\0" * 8)], good_info, two))
    deep = struct.pack("<IQ", 9, 1) * 9 + struct.pack("<IQ", 0, 1) + b"\1"
    write("broken-nested-too-deep.gguf", gguf([kv("tok.deep", 9, deep)], good_info, two))
    write("broken-tensor-type.gguf", gguf([arch], [tensor_info("w", [2, 2], 4, 0)], two))
    write("broken-tensor-type-huge.gguf", gguf([arch], [tensor_info("w", [2, 2], 0xFFFFFFFF, 0)], two))
    write("broken-n-dims.gguf", gguf([arch], [tensor_info("w", [1, 1, 1, 1, 4], 0, 0)], two))
    write("broken-dims-overflow.gguf", gguf([arch], [tensor_info("w", [1 << 32, 1 << 32], 0, 0)], two))
    write("broken-misaligned-offset.gguf", gguf([arch], [tensor_info("w", [2], 0, 8)], two))
    write("broken-overlap.gguf", gguf([arch], [tensor_info("w", [4], 0, 0), tensor_info("v", [2], 0, 0)], two))
    write("broken-beyond-file.gguf", gguf([arch], [tensor_info("w", [4], 0, 1 << 20)], two))
    write("broken-offset-huge.gguf", gguf([arch], [tensor_info("w", [4], 0, (1 << 64) - 32)], two))
    write("broken-truncated-data.gguf", gguf([arch], [tensor_info("w", [8], 0, 0)], two))
    write("broken-row-not-block.gguf", gguf([arch], [tensor_info("w", [100, 2], 12, 0)], q4k_block()))
    write("broken-row-not-block-q8.gguf", gguf([arch], [tensor_info("w", [33], 8, 0)], b"\0" * 68))
    write("broken-truncated-header.gguf", gguf([arch], good_info, two)[:60])
    write("broken-truncated-infos.gguf", (gguf([arch], good_info, b""))[:-20])
    write("broken-name-too-long.gguf", gguf([arch], [tensor_info("n" * 65, [4], 0, 0)], two))
    write("broken-duplicate-tensor.gguf", gguf([arch], [tensor_info("w", [2], 0, 0), tensor_info("w", [2], 0, 32)], two + b"\0" * 16 + two))
    write("broken-duplicate-key.gguf", gguf([arch, arch], good_info, two))
    write("broken-alignment.gguf", gguf([arch, kv("general.alignment", 4, struct.pack("<I", 48))], good_info, two))
    write("broken-alignment-type.gguf", gguf([arch, kv("general.alignment", 8, s("32"))], good_info, two))
    write("broken-key-utf8.gguf", gguf([kv(b"general.\xff\xfe", 4, struct.pack("<I", 1))], good_info, two))
    write("broken-split.gguf", gguf([arch, kv("split.no", 2, struct.pack("<H", 0)), kv("split.count", 2, struct.pack("<H", 3))], good_info, two))
    write("broken-short.gguf", b"GGUF\3\0\0\0")


if __name__ == "__main__":
    main()
