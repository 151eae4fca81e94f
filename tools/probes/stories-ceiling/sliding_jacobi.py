"""Probe: Jacobi decoding whose window slides on after each pass (accepted tokens leave, fresh
guesses join at the end) instead of restarting a block of random guesses; checks the output equals
block Jacobi's and compares tokens per pass."""
from stories_model import *
import stories_model as proto, sys

@torch.no_grad()
def sliding(model, prompt, n=16, max_new=128, seed=1):
    rng = random.Random(seed)
    text = list(prompt)
    nxt = int(model.causal(text)[-1].argmax())
    passes = 1
    out = []
    state = [nxt] + [text[rng.randrange(len(text))] for _ in range(n - 1)]
    while len(out) < max_new:
        lg = model.causal(text + state)[len(text):]
        pred = lg.argmax(-1).tolist()
        passes += 1
        new = [state[0]] + pred[:n - 1]
        u = 1
        while u < n and new[u] == state[u]:
            u += 1
        acc = state[:u]
        text += acc
        out += acc
        if EOS in acc:
            break
        state = new[u:] + [pred[n - 1]] if u < n else [pred[n - 1]]
        ctx = text
        while len(state) < n:
            state.append(ctx[rng.randrange(len(ctx))])
    out = out[:max_new]
    return out, passes

seqs = read_sequences(TEST)[:40]
for name in ['standard', 'consistency']:
    proto.MODEL = os.path.join(PROJECT, 'assets/models/stories', name)
    m = load_model()
    t = p = 0; t2 = p2 = 0; same = 0
    for i, (q, y) in enumerate(seqs):
        o, ps = sliding(m, q, seed=i)
        o2, ps2 = jacobi(m, q, seed=i)
        same += o == o2
        t += len(o); p += ps; t2 += len(o2); p2 += ps2
    print(name, 'sliding', t / p, 'block', t2 / p2, 'same output', same)
