"""Probe: consistency distillation with every block of a sequence packed into one pass (a noisy
copy of each block after the clean text, each attending to the clean prefix before it and causally
to itself, as in Jacobi Forcing), with states from the student's own Jacobi iterations
(--onpolicy) or noised fixed points. Prints Jacobi tokens per pass, perplexity and repetition on
held-out openings while it trains."""
import sys, time, random, math, argparse, json
import torch
import torch.nn.functional as F
from stories_model import *

ap = argparse.ArgumentParser()
ap.add_argument('--steps', type=int, default=1000)
ap.add_argument('--batch', type=int, default=16)
ap.add_argument('--lr', type=float, default=1e-3)
ap.add_argument('--ar', type=float, default=1.0)
ap.add_argument('--cons', type=float, default=1.0)
ap.add_argument('--onpolicy', type=float, default=0.5, help='fraction of batches with on-policy states')
ap.add_argument('--maxiter', type=int, default=8)
ap.add_argument('--eval-every', type=int, default=250)
ap.add_argument('--eval-n', type=int, default=30)
ap.add_argument('--init', default=None)
ap.add_argument('--save', default=None)
ap.add_argument('--train', default=TRAIN)
ap.add_argument('--test', default=TEST)
ap.add_argument('--seed', type=int, default=1)
ap.add_argument('--mask', type=int, default=None)
args = ap.parse_args()

import stories_model as proto
proto.MASK = args.mask
random.seed(args.seed)
torch.manual_seed(args.seed)
N = 16
train = [s for s in read_sequences(args.train) if len(s[1]) == 128]
test = read_sequences(args.test)
test_prompts = [q for q, _ in test[:args.eval_n]]
print('train sequences', len(train), 'test', len(test), flush=True)
model = load_model()
base = load_model()
if args.init and args.init.endswith('.pt'):
    model.load_state_dict(torch.load(args.init))
elif args.init:
    proto.MODEL = args.init
    model = load_model()
    proto.MODEL = MODEL
for p in base.parameters():
    p.requires_grad_(False)


def layout(q, nblocks):
    """Clean prompt+output then nblocks noisy blocks; returns positions and mask."""
    L = q + N * nblocks
    T = L + N * nblocks
    pos = torch.empty(T, dtype=torch.long)
    pos[:L] = torch.arange(L)
    mask = torch.zeros(T, T, dtype=torch.bool)
    mask[:L, :L] = torch.ones(L, L, dtype=torch.bool).tril()
    for k in range(nblocks):
        s = L + N * k
        start = q + N * k
        pos[s:s + N] = torch.arange(start, start + N)
        mask[s:s + N, :start] = True
        mask[s:s + N, s:s + N] = torch.ones(N, N, dtype=torch.bool).tril()
    return pos, mask


def batch_tensors(samples, states):
    """samples: list of (q, y); states: list of [nblocks][N] lists."""
    T = max(len(q) + 2 * len(y) for q, y in samples)
    B = len(samples)
    ids = torch.zeros(B, T, dtype=torch.long)
    pos = torch.zeros(B, T, dtype=torch.long)
    mask = torch.zeros(B, T, T, dtype=torch.bool)
    for i, ((q, y), st) in enumerate(zip(samples, states)):
        nb = len(y) // N
        p, m = layout(len(q), nb)
        seq = q + y + [t for s in st for t in s]
        t = len(seq)
        ids[i, :t] = torch.tensor(seq)
        pos[i, :t] = p
        mask[i, :t, :t] = m
        for j in range(t, T):
            mask[i, j, j] = True
    return ids, pos, mask


def init_states(samples, rng):
    out = []
    for q, y in samples:
        st = []
        for k in range(len(y) // N):
            prefix = q + y[:N * k]
            st.append([y[N * k]] + ([args.mask] * (N - 1) if args.mask is not None else [prefix[rng.randrange(len(prefix))] for _ in range(N - 1)]))
        out.append(st)
    return out


@torch.no_grad()
def jacobi_iterate(model, samples, states, iters):
    for _ in range(iters):
        ids, pos, mask = batch_tensors(samples, states)
        lg = model(ids, pos, mask)
        pred = lg.argmax(-1)
        new = []
        for i, (q, y) in enumerate(samples):
            L = len(q) + len(y)
            st = []
            for k in range(len(y) // N):
                s = L + N * k
                pr = pred[i, s:s + N].tolist()
                st.append([states[i][k][0]] + pr[:N - 1])
            new.append(st)
        states = new
    return states


def noised(samples, rng):
    out = []
    for q, y in samples:
        st = []
        for k in range(len(y) // N):
            fixed = y[N * k:N * k + N]
            prefix = q + y[:N * k]
            fw = 1 + rng.randrange(N - 1)
            r = rng.random()
            s = fixed[:]
            s[fw] = args.mask if args.mask is not None else prefix[rng.randrange(len(prefix))]
            for j in range(fw + 1, N):
                if rng.random() < r:
                    s[j] = args.mask if args.mask is not None else prefix[rng.randrange(len(prefix))]
            st.append(s)
        out.append(st)
    return out


def loss_fn(model, samples, states):
    ids, pos, mask = batch_tensors(samples, states)
    lg = model(ids, pos, mask)
    B, T = ids.shape
    ar_t = torch.full((B, T), -100, dtype=torch.long)
    c_t = torch.full((B, T), -100, dtype=torch.long)
    for i, ((q, y), st) in enumerate(zip(samples, states)):
        seq = q + y
        L = len(seq)
        ar_t[i, len(q) - 1:L - 1] = torch.tensor(seq[len(q):L])
        for k in range(len(y) // N):
            fixed = y[N * k:N * k + N]
            s = st[k]
            fw = next((j for j in range(N) if s[j] != fixed[j]), None)
            if fw is None:
                continue
            base_i = L + N * k
            for j in range(fw - 1, N - 1):
                c_t[i, base_i + j] = fixed[j + 1]
    lar = F.cross_entropy(lg.view(-1, lg.shape[-1]), ar_t.view(-1), ignore_index=-100)
    lc = F.cross_entropy(lg.view(-1, lg.shape[-1]), c_t.view(-1), ignore_index=-100)
    return lar, lc


opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.95), weight_decay=0.0)
rng = random.Random(args.seed)
t0 = time.time()
tp, pp_, rr = evaluate(model, base, test_prompts)
print(f'step 0 tok/pass {tp:.3f} ppl {pp_:.3f} rep {rr:.3f}', flush=True)
for step in range(1, args.steps + 1):
    lr = args.lr * min(1, step / 100) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * step / args.steps)))
    for gp in opt.param_groups:
        gp['lr'] = lr
    samples = [train[rng.randrange(len(train))] for _ in range(args.batch)]
    if rng.random() < args.onpolicy:
        model.eval()
        states = jacobi_iterate(model, samples, init_states(samples, rng), rng.randrange(args.maxiter))
        model.train()
    else:
        states = noised(samples, rng)
    lar, lc = loss_fn(model, samples, states)
    loss = args.ar * lar + args.cons * lc
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    if step % 50 == 0:
        print(f'step {step} ar {lar.item():.3f} cons {lc.item():.3f} {time.time() - t0:.0f}s', flush=True)
    if step % args.eval_every == 0 or step == args.steps:
        tp, pp_, rr = evaluate(model, base, test_prompts)
        print(f'step {step} tok/pass {tp:.3f} ppl {pp_:.3f} rep {rr:.3f} {time.time() - t0:.0f}s', flush=True)
        if args.save:
            torch.save(model.state_dict(), args.save)
