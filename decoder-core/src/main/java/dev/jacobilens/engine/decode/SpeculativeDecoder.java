package dev.jacobilens.engine.decode;

import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.DecodeListener;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.model.LlamaModel;
import dev.jacobilens.store.PassCandidates;
import dev.jacobilens.store.PassCandidates.Candidate;
import dev.jacobilens.store.PassCandidates.Role;
import dev.jacobilens.store.method.Speculative;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Greedy speculative decoding (Leviathan et al. 2023; Chen et al. 2023). A small draft model
 * proposes k tokens after the current one autoregressively, with its own KV cache; the target
 * runs the current token and the k proposals in one pass and accepts the proposals up to the
 * first one that differs from its own greedy prediction, plus that prediction. The output
 * equals the target's greedy autoregressive output; the draft only decides how many tokens
 * each target pass accepts.
 *
 * <p>Each target pass is recorded as a block of the tokens it accepted (as AR records blocks of
 * one); the draft's passes are counted separately ({@link DecodeOutcome#draftPasses()}: its
 * prompt pass and every proposal pass).
 */
public final class SpeculativeDecoder {
    private SpeculativeDecoder() {
    }

    public static DecodeOutcome decode(LlamaModel target, LlamaModel draft, int[] prompt, int maxNewTokens,
                                       int draftTokens, DecodeListener listener, Cancellation cancel) {
        // the limits are the method's (Speculative checks them); this guards direct callers
        if (!Speculative.DRAFT_TOKENS.allows(draftTokens)) {
            throw new EngineException("speculative decoding proposes " + Speculative.DRAFT_TOKENS.limits()
                    + " draft tokens per pass, got " + draftTokens);
        }
        if (draft.config().vocabSize() != target.config().vocabSize()) {
            throw new EngineException("the draft model's vocabulary (" + draft.config().vocabSize()
                    + " tokens) differs from the target's (" + target.config().vocabSize()
                    + "): a draft must share the target's tokenizer");
        }
        int maxPos = Math.min(target.config().maxPositionEmbeddings(), draft.config().maxPositionEmbeddings());
        try (DecodeRun run = new DecodeRun(target, prompt, maxNewTokens);
             DecodeRun drafter = new DecodeRun(draft, prompt, 1)) {
            run.prefill();
            drafter.prefill();
            int draftPasses = 1;
            int[] text = new int[prompt.length + run.budget + 1];
            System.arraycopy(prompt, 0, text, 0, prompt.length);
            int textLength = prompt.length;
            while (run.stopReason == null) {
                if (run.stopIfCancelled(cancel)) {
                    break;
                }
                long start = System.nanoTime();
                int position = run.cache.length();
                // never propose past the budget or the context
                int k = Math.min(draftTokens, Math.min(run.remaining() - 1, maxPos - 1 - position));
                int[] proposal = new int[0];
                if (k > 0) {
                    text[textLength] = run.next;
                    proposal = propose(drafter, text, textLength + 1, k);
                    draftPasses += k;
                }
                int[] input = new int[1 + proposal.length];
                input[0] = run.next;
                System.arraycopy(proposal, 0, input, 1, proposal.length);
                int[] verified = run.pass(input, false);
                int m = 0;
                while (m < proposal.length && proposal[m] == verified[m]) {
                    m++;
                }
                run.cache.truncate(position + 1 + m);
                int[] accepted = Arrays.copyOf(input, 1 + m);
                run.next = verified[m];
                // the draft's proposal and the target's predictions after the current token and each draft token
                PassCandidates detail = null;
                if (k > 0) {
                    detail = new PassCandidates(run.nextPassNumber(), List.of(
                            new Candidate(Role.DRAFT, proposal, 1, m), new Candidate(Role.PREDICTION, verified, 1, m + 1)),
                            Map.of(PassCandidates.DRAFT_PASSES, k));
                    run.candidates.add(detail);
                }
                BlockTracker block = new BlockTracker(run.blocks.size(), run.generated.size(), accepted, listener);
                block.pass(accepted, accepted, accepted.length, true, System.nanoTime() - start, detail);
                run.blocks.add(block.finish());
                System.arraycopy(accepted, 0, text, textLength, accepted.length);
                textLength += accepted.length;
                run.accept(accepted);
            }
            return new DecodeOutcome(run.output(), run.blocks, run.prefillNanos, run.stopReason, draftPasses,
                    run.candidates);
        }
    }

    /**
     * k draft passes: the first runs every accepted token the draft's cache lacks (its cache is
     * first rolled back past rejected proposals), each later one the previous proposal.
     */
    private static int[] propose(DecodeRun drafter, int[] text, int length, int k) {
        if (drafter.cache.length() > length - 1) {
            drafter.cache.truncate(length - 1);
        }
        // the draft cache holds a prefix of the accepted text: its proposals that were accepted
        int[] pending = Arrays.copyOfRange(text, drafter.cache.length(), length);
        int[] proposal = new int[k];
        for (int i = 0; i < k; i++) {
            int[] predicted = drafter.pass(pending, false);
            proposal[i] = predicted[predicted.length - 1];
            pending = new int[] {proposal[i]};
        }
        return proposal;
    }
}
