#!/usr/bin/env python3
"""Seeds for the `pytorch` fuzz target (PyTorchFile: zip archive, restricted pickle, storages):
valid-* files written by torch.save, and broken-* files (hostile or damaged) each of which WeightLab
must reject with a typed error giving a byte offset, without executing anything.

Written with torch 2.13.0+cpu (the valid seeds; the broken ones are built by hand from them or from
raw pickle bytes). Run from the repository root:
    python3 scripts/fuzz-seeds/make_pytorch_seeds.py
"""
import io
import os
import pickle
import pickletools
import struct
import sys
import zipfile

import torch

ROOT = os.path.join("Tests", "FuzzRegressionTests", "Corpus", "pytorch")


def write(name, data):
    with open(os.path.join(ROOT, name), "wb") as f:
        f.write(data)


def saved(obj, legacy=False):
    buf = io.BytesIO()
    torch.save(obj, buf, _use_new_zipfile_serialization=not legacy)
    return buf.getvalue()


def archive(entries, method=zipfile.ZIP_STORED):
    """A zip like torch's (prefix archive/, byteorder), with the given entries, stored."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=method) as z:
        for name, data in entries.items():
            z.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buf.getvalue()


def pickled_state(data_pkl, storages=None):
    entries = {"archive/data.pkl": data_pkl, "archive/byteorder": b"little"}
    for k, v in (storages or {}).items():
        entries[f"archive/data/{k}"] = v
    return archive(entries)


# Pickle fragments (protocol 2 opcodes).
PROTO = b"\x80\x02"


def uni(s):
    b = s.encode()
    return b"X" + struct.pack("<I", len(b)) + b


def glob(module, name):
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def tensor_pickle(key="0", numel=6, offset=0, size=(2, 3), stride=(3, 1), storage="FloatStorage"):
    """{'w': _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}"""
    def tup(vals):
        return b"(" + b"".join(b"J" + struct.pack("<i", v) for v in vals) + b"t"
    pid = b"(" + uni("storage") + glob("torch", storage) + uni(key) + uni("cpu") + b"J" + struct.pack("<i", numel) + b"tQ"
    call = glob("torch._utils", "_rebuild_tensor_v2") + b"(" + pid + b"J" + struct.pack("<i", offset) + tup(size) + tup(stride) \
        + b"\x89" + glob("collections", "OrderedDict") + b")R" + b"tR"
    return PROTO + b"}(" + uni("w") + call + b"u."


def evil(module, name, arg="touch weightlab-pwned"):
    return PROTO + glob(module, name) + uni(arg) + b"\x85R."


def main():
    os.makedirs(ROOT, exist_ok=True)
    for f in os.listdir(ROOT):
        if f.startswith(("valid-", "broken-")):
            os.remove(os.path.join(ROOT, f))
    g = torch.Generator().manual_seed(5)
    w = torch.randn(3, 4, generator=g)
    sd = {"layers.0.weight": w, "t": w.t(), "h": torch.randn(4, generator=g).half(), "b": torch.randn(2, generator=g).bfloat16(),
          "d": torch.randn(2, generator=g).double(), "i": torch.arange(3), "p": torch.nn.Parameter(torch.ones(2))}
    sd["tied"] = sd["layers.0.weight"]
    good = saved(sd)
    legacy = saved(sd, legacy=True)
    write("valid-zip.pt", good)
    write("valid-legacy.pt", legacy)
    write("valid-wrapped.pt", saved({"state_dict": {"a": w}, "epoch": 1}))
    write("valid-handmade.pt", pickled_state(tensor_pickle(), {"0": bytes(24)}))

    # The archive.
    write("broken-zip-truncated-half.pt", good[: len(good) // 2])
    write("broken-zip-truncated-tail.pt", good[:-30])
    write("broken-zip-empty.pt", b"PK\x03\x04")
    cd = good.rfind(b"PK\x01\x02")  # the last central record (…/serialization_id)
    bad = bytearray(good)
    bad[cd + 24:cd + 28] = struct.pack("<I", 0x7FFFFFF0)  # uncompressed size
    bad[cd + 20:cd + 24] = struct.pack("<I", 0x7FFFFFF0)
    write("broken-zip-entry-beyond-file.pt", bytes(bad))
    first_cd = good.find(b"PK\x01\x02")
    second_cd = good.find(b"PK\x01\x02", first_cd + 4)
    bad = bytearray(good)
    bad[second_cd + 42:second_cd + 46] = bad[first_cd + 42:first_cd + 46]  # two entries share a local header
    write("broken-zip-overlap.pt", bytes(bad))
    bad = bytearray(good)
    bad[first_cd + 42:first_cd + 46] = struct.pack("<I", len(good) - 10)
    write("broken-zip-local-header-beyond.pt", bytes(bad))
    bad = bytearray(good)
    bad[first_cd + 8:first_cd + 10] = struct.pack("<H", 1)
    write("broken-zip-encrypted.pt", bytes(bad))
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        entries = {i.filename: z.read(i) for i in z.infolist()}
    write("broken-zip-compressed.pt", archive(entries, zipfile.ZIP_DEFLATED))
    write("broken-zip-bomb.pt", archive({"archive/data.pkl": tensor_pickle(numel=1 << 24, size=(4096, 4096), stride=(4096, 1)),
                                          "archive/data/0": bytes(1 << 24)}, zipfile.ZIP_DEFLATED))
    write("broken-zip-no-pickle.pt", archive({"archive/byteorder": b"little", "archive/data/0": bytes(24)}))
    write("broken-zip-no-folder.pt", archive({"data.pkl": tensor_pickle(), "data/0": bytes(24)}))
    write("broken-zip-big-endian.pt", archive({"archive/data.pkl": tensor_pickle(), "archive/byteorder": b"big", "archive/data/0": bytes(24)}))
    eocd = good.rfind(b"PK\x06\x06")
    bad = bytearray(good)
    bad[eocd + 48:eocd + 56] = struct.pack("<Q", len(good) * 4)
    write("broken-zip64-directory-beyond.pt", bytes(bad))
    bad = bytearray(good)
    bad[eocd + 32:eocd + 40] = struct.pack("<Q", 1 << 40)
    write("broken-zip64-absurd-count.pt", bytes(bad))

    # GLOBALs and opcodes torch.load(weights_only=True) refuses.
    write("broken-global-os-system.pt", pickled_state(evil("os", "system")))
    write("broken-global-posix-system.pt", pickled_state(evil("posix", "system")))
    write("broken-global-nt-system.pt", pickled_state(evil("nt", "system")))
    write("broken-global-builtins-eval.pt", pickled_state(evil("builtins", "eval", "print(1)")))
    write("broken-global-builtins-exec.pt", pickled_state(evil("builtins", "exec", "print(1)")))
    write("broken-global-subprocess.pt", pickled_state(evil("subprocess", "Popen")))
    write("broken-global-os-path.pt", pickled_state(evil("os.path", "join")))

    class Evil:
        def __reduce__(self):
            return (os.system, ("touch weightlab-pwned",))
    write("broken-python-reduce.pt", pickled_state(pickle.dumps({"w": Evil()}, protocol=2)))
    write("broken-legacy-os-system.pt", evil("os", "system"))
    write("broken-stack-global.pt", pickled_state(PROTO + uni("os") + uni("system") + b"\x93" + uni("id") + b"\x85R."))
    write("broken-frame.pt", pickled_state(b"\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00}."))
    write("broken-binbytes.pt", pickled_state(PROTO + b"B\x03\x00\x00\x00abc."))
    write("broken-inst.pt", pickled_state(PROTO + b"(ios\nsystem\n."))
    write("broken-unknown-opcode.pt", pickled_state(PROTO + b"\xff."))
    write("broken-reduce-not-global.pt", pickled_state(PROTO + uni("os.system") + b")R."))
    write("broken-newobj-ordereddict.pt", pickled_state(PROTO + glob("collections", "OrderedDict") + b")\x81."))
    write("broken-build-on-string.pt", pickled_state(PROTO + uni("x") + b"}b."))
    write("broken-persid-not-storage.pt", pickled_state(PROTO + b"(" + uni("module") + b"tQ."))
    write("broken-global-no-newline.pt", pickled_state(PROTO + b"c" + b"torch" * 80))
    write("broken-memo-out-of-range.pt", pickled_state(PROTO + b"}q\x00h\x05."))
    write("broken-long-memo-out-of-range.pt", pickled_state(PROTO + b"}j\xff\xff\xff\x7f."))
    # 200 dicts each holding the next under 'a': a state_dict nested past the reader's cap.
    write("broken-deep-nesting.pt", pickled_state(PROTO + (b"}(" + uni("a")) * 200 + b"}" + b"u" * 200 + b"."))
    write("broken-long1-oversized.pt", pickled_state(PROTO + b"\x8a\xc8\x01\x02."))
    write("broken-binunicode-oversized.pt", pickled_state(PROTO + b"X\xff\xff\xff\xffabc."))
    write("broken-short-binstring-oversized.pt", pickled_state(PROTO + b"U\xf0ab."))
    write("broken-no-stop.pt", pickled_state(tensor_pickle()[:-1], {"0": bytes(24)}))
    write("broken-stack-underflow.pt", pickled_state(PROTO + b"t."))
    write("broken-not-a-dict.pt", pickled_state(PROTO + b"]."))

    # Storages and tensor layouts.
    write("broken-bad-storage-key.pt", pickled_state(tensor_pickle(key="99"), {"0": bytes(24)}))
    write("broken-size-beyond-storage.pt", pickled_state(tensor_pickle(size=(100, 100), stride=(100, 1)), {"0": bytes(24)}))
    write("broken-stride-beyond-storage.pt", pickled_state(tensor_pickle(stride=(3, 7)), {"0": bytes(24)}))
    write("broken-offset-beyond-storage.pt", pickled_state(tensor_pickle(offset=5), {"0": bytes(24)}))
    write("broken-expanded-huge.pt", pickled_state(tensor_pickle(size=(1 << 20, 1 << 20), stride=(0, 0)), {"0": bytes(24)}))
    write("broken-negative-stride.pt", pickled_state(tensor_pickle(stride=(3, -1)), {"0": bytes(24)}))
    write("broken-storage-size-mismatch.pt", pickled_state(tensor_pickle(numel=1000), {"0": bytes(24)}))
    write("broken-storage-type.pt", pickled_state(tensor_pickle(storage="Tensor"), {"0": bytes(24)}))

    # The legacy format.
    write("broken-legacy-truncated.pt", legacy[:-7])
    write("broken-legacy-magic.pt", legacy[:5] + bytes([legacy[5] ^ 1]) + legacy[6:])
    f = io.BytesIO(legacy)
    for _ in range(5):
        for _ in pickletools.genops(f):
            pass
    start = f.tell()  # the first storage's i64 element count
    write("broken-legacy-numel.pt", legacy[:start] + struct.pack("<q", 1 << 40) + legacy[start + 8:])
    print(f"{len([f for f in os.listdir(ROOT) if f.startswith('broken-')])} broken, "
          f"{len([f for f in os.listdir(ROOT) if f.startswith('valid-')])} valid seeds in {ROOT}")


if __name__ == "__main__":
    if not os.path.isdir("Scenarios"):
        sys.exit("run from the repository root")
    main()
