"""Probe: what Hugging Face transformers takes for the unit of work `bin/jacobi-lens bench-forward`
times, on the same checkpoint: one forward pass over n new tokens on a cached prefix of random ids,
the cache cut back to the prefix after every pass, argmax of the logits copied to the host, median
and fastest of R passes after 3 warm-ups. Prints a table in bench-forward's columns.

Usage: python hf_forward.py DIR [--device cpu|cuda] [--dtype float32|float16|bfloat16]
                                [--attn eager|sdpa] [--prefix 32] [--repeats 50] [--tokens 1,16,64]
Needs torch and transformers (measured with transformers 5.18.0, torch 2.13.0+cpu)."""
import argparse, statistics, time
import torch
from transformers import AutoModelForCausalLM, DynamicCache


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--dtype", default="float32")
    ap.add_argument("--attn", default="eager")
    ap.add_argument("--prefix", type=int, default=32)
    ap.add_argument("--repeats", type=int, default=50)
    ap.add_argument("--tokens", default="1,2,4,8,16,32,64")
    a = ap.parse_args()
    dtype = getattr(torch, a.dtype)
    m = AutoModelForCausalLM.from_pretrained(a.model, dtype=dtype, attn_implementation=a.attn).to(a.device).eval()
    vocab = m.config.vocab_size
    g = torch.Generator().manual_seed(42)
    sync = torch.cuda.synchronize if a.device.startswith("cuda") else (lambda: None)
    print(f"transformers {m.config.architectures[0]} {a.attn} on {a.device} ({a.dtype}), torch {torch.__version__},"
          f" {torch.get_num_threads()} threads, prefix {a.prefix} tokens, median of {a.repeats} passes")
    print(f"{'tokens':>8} {'median_us':>12} {'min_us':>12} {'us_per_token':>14}")
    with torch.no_grad():
        cache = DynamicCache()
        prefix = torch.randint(vocab, (1, a.prefix), generator=g).to(a.device)
        m(prefix, past_key_values=cache, use_cache=True)
        for n in [int(t) for t in a.tokens.split(",")]:
            ids = torch.randint(vocab, (1, n), generator=g).to(a.device)
            pos = torch.arange(a.prefix, a.prefix + n, device=a.device)[None]

            def one():
                out = m(ids, past_key_values=cache, use_cache=True, position_ids=pos, cache_position=pos[0])
                out.logits.argmax(-1).cpu()
                cache.crop(-n)  # drop the n new tokens again
            for _ in range(3):
                one()
            times = []
            for _ in range(a.repeats):
                sync()
                t = time.perf_counter()
                one()
                sync()
                times.append((time.perf_counter() - t) * 1e6)
            med = statistics.median(times)
            print(f"{n:>8} {med:>12.1f} {min(times):>12.1f} {med / n:>14.2f}")


if __name__ == "__main__":
    main()
