"""Probe: tokens per pass, perplexity (mean of the per-output values) and repetition of the
standard model, the shipped consistency model and any state dicts saved by train_packed.py, on
every held-out opening."""
from stories_model import *
import stories_model as proto, sys
seqs = read_sequences(TEST)
prompts = [q for q, _ in seqs]
base = load_model()
print('standard', evaluate(base, base, prompts))
proto.MODEL = os.path.join(PROJECT, 'assets/models/stories/consistency')
c = load_model()
print('shipped consistency', evaluate(c, base, prompts))
for f in sys.argv[1:]:
    c.load_state_dict(torch.load(f))
    print(f, evaluate(c, base, prompts))
