#!/usr/bin/env bash
# Training tokens per second, WeightLab's LLaMA beside PyTorch's, in one run (whole processes).
#
#   scripts/bench/llama_train_speed.sh [THREADS] [ROUNDS]
#
# The model and step of scripts/reference/llama_speed.py: d = 128, 4 layers, 4 heads, F = 344,
# vocabulary 1024, context 64, untied head, float32; batch 16 × 64 tokens; forward, loss,
# backward, clip to norm 1, AdamW. WeightLab's side is `weightlab simulate` on a one-case LLaMA
# scenario (T workers, OpenBLAS on T threads), run at two step counts: the rate is the extra
# tokens over the extra seconds, so process start, data generation, the loss evaluations and the
# checkpoint writes cancel. torch's side is llama_speed.py --threads T (timed steps after 3
# warm-up steps, eager and sdpa attention). Rounds alternate the programs; medians are printed
# with the peak RSS of each process (/usr/bin/time -v) and the load average before each round.
set -euo pipefail
cd "$(dirname "$0")/../.."
threads=${1:-2}
rounds=${2:-3}
bin=$(swift build -c release --show-bin-path)/weightlab
[ -x "$bin" ] || { echo "no weightlab binary: swift build -c release --product weightlab" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scenario() {  # $1 = pretraining steps
    cat > "$work/speed-$1.yaml" <<YAML
name: llama-speed
seed: 1
experiment:
  train:
    architecture: llama
    model: {d_model: 128, layers: 4, heads: 4, ffn: 344, vocab: 1024, context: 64}
    pretrain_source: {grammar: {branching: 8}}
    finetune_source: pretrain
    sequence_length: 64
    train_sequences: 16
    held_out_sequences: 16
    pretrain: {steps: $1, learning_rate: 0.001, beta2: 0.95, weight_decay: 0.01, batch: 16, clip: 1}
    finetune: {steps: 1, batch: 16}
    outputs: [pretrained]
claims:
  - {name: x, metric: loss.pretrain.train_ratio, expect: {at_most: 2}}
YAML
}
short=10
long=60
scenario $short
scenario $long
timed() {  # prints "seconds peak_kB" of the command
    /usr/bin/time -v "$@" > "$work/out" 2> "$work/time" || { cat "$work/out" "$work/time" >&2; exit 1; }
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%s ", s }
                /Maximum resident set size/ { print $2 }' "$work/time"
}
declare -a swift_rates torch_eager torch_sdpa
for r in $(seq 1 "$rounds"); do
    echo "round $r: load average $(cut -d' ' -f1-3 /proc/loadavg)"
    read -r t1 m1 < <(timed "$bin" simulate "$work/speed-$short.yaml" -o "$work/a" --force)
    read -r t2 m2 < <(timed "$bin" simulate "$work/speed-$long.yaml" -o "$work/b" --force)
    rate=$(python3 -c "print(round(($long - $short) * 16 * 64 / ($t2 - $t1)))")
    swift_rates+=("$rate")
    echo "  WeightLab: $short steps ${t1}s, $long steps ${t2}s → $rate tokens/s (peak RSS ${m2} kB)"
    for attention in eager sdpa; do
        timed python3 scripts/reference/llama_speed.py --threads "$threads" --steps 20 --attention "$attention" > /dev/null
        line=$(cat "$work/out")
        rate=$(python3 -c "import re,sys; print(re.search(r'([0-9.]+) tokens/s', sys.argv[1]).group(1))" "$line")
        echo "  torch $attention: $line"
        if [ "$attention" = eager ]; then torch_eager+=("$rate"); else torch_sdpa+=("$rate"); fi
    done
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
s=$(median "${swift_rates[@]}"); e=$(median "${torch_eager[@]}"); d=$(median "${torch_sdpa[@]}")
echo "medians over $rounds rounds, $threads threads: WeightLab $s tokens/s, torch eager $e, torch sdpa $d"
python3 -c "print(f'WeightLab / best torch = {$s / max($e, $d):.2f}×')"
