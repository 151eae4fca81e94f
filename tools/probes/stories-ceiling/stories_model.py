"""A small PyTorch re-implementation of the stories pair for research probes (not part of the app):
the Llama forward pass with per-token positions and an arbitrary attention mask, greedy and Jacobi
decoding as decoder-core's JacobiDecoder does it (random guesses from the text so far, or a fixed
token with MASK), the standard model's perplexity and the 4-gram repetition rate of bench."""
import json, struct, math, random, time, sys, os, argparse
import torch
import torch.nn.functional as F

torch.set_num_threads(2)
PROJECT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..'))
MODEL = os.path.join(PROJECT, 'assets/models/stories/standard')
TRAIN = os.path.join(PROJECT, 'work/stories/trajectories.json')
TEST = os.path.join(PROJECT, 'work/stories/test-trajectories.json')


def load_st(path):
    with open(path, 'rb') as f:
        n = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for k, v in header.items():
        if k == '__metadata__':
            continue
        a, b = v['data_offsets']
        dt = {'F32': torch.float32, 'F16': torch.float16}[v['dtype']]
        out[k] = torch.frombuffer(bytearray(data[a:b]), dtype=dt).reshape(v['shape']).float()
    return out


class Llama(torch.nn.Module):
    def __init__(self, cfg, w):
        super().__init__()
        self.cfg = cfg
        self.p = torch.nn.ParameterDict({k.replace('.', '_'): torch.nn.Parameter(v.clone()) for k, v in w.items()})
        hd = cfg['head_dim']
        inv = 1.0 / (cfg['rope_theta'] ** (torch.arange(0, hd, 2).float() / hd))
        t = torch.arange(cfg['max_position_embeddings']).float()
        fr = torch.outer(t, inv)
        emb = torch.cat([fr, fr], -1)
        self.cos, self.sin = emb.cos(), emb.sin()

    def g(self, k):
        return self.p[k.replace('.', '_')]

    def rms(self, x, w):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.cfg['rms_norm_eps']) * w

    def forward(self, ids, pos, mask):
        # ids [B,T], pos [B,T], mask [B,T,T] bool (True = attend)
        c = self.cfg
        B, T = ids.shape
        H, KV, hd = c['num_attention_heads'], c['num_key_value_heads'], c['head_dim']
        x = F.embedding(ids, self.g('model.embed_tokens.weight'))
        cos = self.cos[pos].unsqueeze(1)
        sin = self.sin[pos].unsqueeze(1)

        def rot(t):
            t1, t2 = t[..., :hd // 2], t[..., hd // 2:]
            return torch.cat([-t2, t1], -1)
        m = mask.unsqueeze(1)
        for l in range(c['num_hidden_layers']):
            pre = f'model.layers.{l}.'
            h = self.rms(x, self.g(pre + 'input_layernorm.weight'))
            q = F.linear(h, self.g(pre + 'self_attn.q_proj.weight')).view(B, T, H, hd).transpose(1, 2)
            k = F.linear(h, self.g(pre + 'self_attn.k_proj.weight')).view(B, T, KV, hd).transpose(1, 2)
            v = F.linear(h, self.g(pre + 'self_attn.v_proj.weight')).view(B, T, KV, hd).transpose(1, 2)
            q = q * cos + rot(q) * sin
            k = k * cos + rot(k) * sin
            k = k.repeat_interleave(H // KV, 1)
            v = v.repeat_interleave(H // KV, 1)
            a = F.scaled_dot_product_attention(q, k, v, attn_mask=m)
            a = a.transpose(1, 2).reshape(B, T, H * hd)
            x = x + F.linear(a, self.g(pre + 'self_attn.o_proj.weight'))
            h = self.rms(x, self.g(pre + 'post_attention_layernorm.weight'))
            x = x + F.linear(F.silu(F.linear(h, self.g(pre + 'mlp.gate_proj.weight'))) * F.linear(h, self.g(pre + 'mlp.up_proj.weight')),
                             self.g(pre + 'mlp.down_proj.weight'))
        x = self.rms(x, self.g('model.norm.weight'))
        return F.linear(x, self.g('model.embed_tokens.weight'))

    def causal(self, ids):
        T = len(ids)
        t = torch.tensor([ids])
        pos = torch.arange(T).unsqueeze(0)
        mask = torch.ones(T, T, dtype=torch.bool).tril().unsqueeze(0)
        return self.forward(t, pos, mask)[0]


def load_model():
    cfg = json.load(open(MODEL + '/config.json'))
    return Llama(cfg, load_st(MODEL + '/model.safetensors'))


def read_sequences(path):
    """Per data_id: (question ids, full teacher output) from a CLLM trajectory file."""
    seqs = {}
    q = {}
    with open(path) as f:
        first = f.read(1)
        f.seek(0)
        rows = json.load(f) if first == '[' else [json.loads(l) for l in f]
        for r in rows:
            if 'data_id' not in r:
                continue
            d = r['data_id']
            it = int(r['jacobian_itr_id'].split('_')[1])
            pr = r['prompt_ids'][0]
            fixed = r['answer_trajectory_ids'][-1]
            if it == 0:
                q[d] = pr
            if d not in seqs or it > seqs[d][0]:
                seqs[d] = (it, pr + fixed)
    out = []
    for d, (it, full) in seqs.items():
        if d in q:
            out.append((q[d], full[len(q[d]):]))
    return out


EOS = 2


MASK = None


@torch.no_grad()
def jacobi(model, prompt, n=16, max_new=128, seed=1):
    rng = random.Random(seed)
    text = list(prompt)
    logits = model.causal(text)
    nxt = int(logits[-1].argmax())
    passes = 1
    out = []
    while len(out) < max_new:
        bn = min(n, max_new - len(out))
        state = [nxt] + ([MASK] * (bn - 1) if MASK is not None else [text[rng.randrange(len(text))] for _ in range(bn - 1)])
        acc = 0
        while True:
            lg = model.causal(text + state)[len(text):]
            pred = lg.argmax(-1).tolist()
            passes += 1
            new = state[:]
            new[acc + 1:] = pred[acc:bn - 1]
            u = 1
            while acc + u < bn and new[acc + u] == state[acc + u]:
                u += 1
            conv = acc + u == bn
            acc += u
            state = new
            if conv:
                nxt = pred[bn - 1]
                break
        text += state
        out += state
        if EOS in state:
            out = out[:out.index(EOS) + 1]
            break
    return out, passes


@torch.no_grad()
def greedy(model, prompt, max_new=128):
    text = list(prompt)
    out = []
    for _ in range(max_new):
        t = int(model.causal(text)[-1].argmax())
        out.append(t)
        text.append(t)
        if t == EOS:
            break
    return out


@torch.no_grad()
def ppl(base, prompt, out):
    lg = base.causal(prompt + out)
    lp = F.log_softmax(lg[len(prompt) - 1:-1], -1)
    nll = -lp.gather(1, torch.tensor(out).unsqueeze(1)).mean()
    return math.exp(float(nll))


def repetition(out):
    grams = [tuple(out[i:i + 4]) for i in range(len(out) - 3)]
    seen = set()
    rep = 0
    for g in grams:
        if g in seen:
            rep += 1
        seen.add(g)
    return rep / max(1, len(grams))


def evaluate(model, base, prompts, n=16, max_new=128):
    model.eval()
    toks = passes = 0
    pp = []
    rr = []
    for i, p in enumerate(prompts):
        out, ps = jacobi(model, p, n, max_new, seed=i)
        toks += len(out)
        passes += ps
        pp.append(ppl(base, p, out))
        rr.append(repetition(out))
    model.train()
    return toks / passes, sum(pp) / len(pp), sum(rr) / len(rr)
