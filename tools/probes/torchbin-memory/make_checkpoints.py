"""Writes one random Llama with TinyLlama-1.1B's shapes (hidden 2048, 22 layers, 32 heads,
4 key/value heads, intermediate 5632, vocab 32000) in float16 twice: OUT/bin/pytorch_model.bin
(torch.save of a plain dict of tensors, as transformers' save_pretrained(safe_serialization=False)
writes it) and OUT/safetensors/model.safetensors with the same values (safetensors written by
hand: u64 header length, JSON header, raw bytes). Both get config.json and a tokenizer.json
copied from TOKENIZER_DIR. About 2.2 GB each.

  /usr/bin/python3 make_checkpoints.py OUT TOKENIZER_DIR"""
import json, os, shutil, struct, sys, torch

H, LAYERS, HEADS, KV, INTER, VOCAB = 2048, 22, 32, 4, 5632, 32000
HD = H // HEADS


def shapes():
    yield "model.embed_tokens.weight", (VOCAB, H)
    for i in range(LAYERS):
        p = "model.layers.%d." % i
        yield p + "self_attn.q_proj.weight", (H, H)
        yield p + "self_attn.k_proj.weight", (KV * HD, H)
        yield p + "self_attn.v_proj.weight", (KV * HD, H)
        yield p + "self_attn.o_proj.weight", (H, H)
        yield p + "mlp.gate_proj.weight", (INTER, H)
        yield p + "mlp.up_proj.weight", (INTER, H)
        yield p + "mlp.down_proj.weight", (H, INTER)
        yield p + "input_layernorm.weight", (H,)
        yield p + "post_attention_layernorm.weight", (H,)
    yield "model.norm.weight", (H,)
    yield "lm_head.weight", (VOCAB, H)


def config():
    return {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": VOCAB,
            "hidden_size": H, "intermediate_size": INTER, "num_hidden_layers": LAYERS,
            "num_attention_heads": HEADS, "num_key_value_heads": KV, "hidden_act": "silu",
            "max_position_embeddings": 2048, "rms_norm_eps": 1e-5, "rope_theta": 10000.0,
            "tie_word_embeddings": False, "bos_token_id": 1, "eos_token_id": 2, "torch_dtype": "float16"}


def folder(out, name, tokenizer_dir):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    json.dump(config(), open(os.path.join(d, "config.json"), "w"), indent=2)
    shutil.copy(os.path.join(tokenizer_dir, "tokenizer.json"), d)
    return d


if __name__ == "__main__":
    out, tokenizer_dir = sys.argv[1], sys.argv[2]
    torch.manual_seed(0)
    sd = {}
    for name, shape in shapes():
        sd[name] = torch.ones(shape, dtype=torch.float16) if len(shape) == 1 else \
            (torch.randn(shape) * 0.02).half()
    torch.save(sd, os.path.join(folder(out, "bin", tokenizer_dir), "pytorch_model.bin"))
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for name, t in sd.items():
        n = t.numel() * 2
        header[name] = {"dtype": "F16", "shape": list(t.shape), "data_offsets": [offset, offset + n]}
        offset += n
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(os.path.join(folder(out, "safetensors", tokenizer_dir), "model.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for t in sd.values():
            f.write(t.contiguous().numpy().tobytes())
    print("parameters", sum(t.numel() for t in sd.values()), "bytes", offset)
