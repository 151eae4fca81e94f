package dev.jacobilens.app.trace;

import dev.jacobilens.engine.PassEvent;
import dev.jacobilens.store.BlockTrajectory;
import dev.jacobilens.store.PassCandidates;
import dev.jacobilens.store.Recording;
import dev.jacobilens.store.StopReason;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one lane knows about its decode: either a finished {@link Recording} or the passes
 * received so far from a live decode. Immutable, so the FX thread can hold one while the
 * decoder's batches build the next.
 */
public final class LaneTrace {
    private static final LaneTrace EMPTY = new LaneTrace(null, List.of(), Map.of(), false, Map.of());

    private final Recording recording;
    private final List<BlockTrace> blocks;
    private final Map<Integer, String> tokens;
    private final boolean live;
    /**
     * What lookahead, speculative and tree passes verified beyond their block (window, n-grams,
     * draft), by pass number as {@link PassPosition#passNumber()} counts it (the store's pass
     * number less the prompt pass). Live decodes report it pass by pass; a recording keeps it.
     */
    private final Map<Integer, PassCandidates> details;
    /** passesBefore[b] = passes of blocks 0..b-1, for finding a pass by its number quickly. */
    private final int[] passesBefore;

    private LaneTrace(Recording recording, List<BlockTrace> blocks, Map<Integer, String> tokens, boolean live,
                      Map<Integer, PassCandidates> details) {
        this.recording = recording;
        this.details = details;
        this.blocks = List.copyOf(blocks);
        this.tokens = tokens;
        this.live = live;
        this.passesBefore = new int[this.blocks.size() + 1];
        for (int b = 0; b < this.blocks.size(); b++) {
            passesBefore[b + 1] = passesBefore[b] + this.blocks.get(b).passes();
        }
    }

    public static LaneTrace empty() {
        return EMPTY;
    }

    /** The start of a live decode: no passes yet. */
    public static LaneTrace live() {
        return new LaneTrace(null, List.of(), Map.of(), true, Map.of());
    }

    public static LaneTrace of(Recording recording) {
        List<BlockTrace> blocks = new ArrayList<>();
        for (BlockTrajectory block : recording.blocks()) {
            blocks.add(new BlockTrace(block, true));
        }
        Map<Integer, PassCandidates> details = new HashMap<>();
        for (PassCandidates pass : recording.passCandidates()) {
            details.put(pass.pass() - 1, pass);
        }
        return new LaneTrace(recording, blocks, recording.tokenStrings(), false, details);
    }

    /**
     * This trace with one more pass. Passes must arrive in decoding order.
     *
     * @param newTokens display strings of ids the event introduces
     */
    public LaneTrace withPass(PassEvent event, Map<Integer, String> newTokens) {
        if (!live) {
            throw new IllegalStateException("only a live trace takes passes");
        }
        List<BlockTrace> next = new ArrayList<>(blocks);
        if (event.block() == blocks.size()) {
            next.add(new BlockTrace(new BlockTrajectory(event.block(), event.blockStart(),
                    List.of(event.before(), event.after()), new int[] {event.accepted()},
                    new long[] {event.wallNanos()}), event.converged()));
        } else if (event.block() == blocks.size() - 1 && !blocks.get(event.block()).converged()) {
            BlockTrajectory last = blocks.get(event.block()).trajectory();
            List<int[]> states = new ArrayList<>(last.states());
            states.add(event.after());
            int[] accepted = Arrays.copyOf(last.acceptedPerPass(), last.acceptedPerPass().length + 1);
            accepted[accepted.length - 1] = event.accepted();
            long[] nanos = Arrays.copyOf(last.passNanos(), last.passNanos().length + 1);
            nanos[nanos.length - 1] = event.wallNanos();
            next.set(event.block(), new BlockTrace(
                    new BlockTrajectory(last.index(), last.start(), states, accepted, nanos), event.converged()));
        } else {
            throw new IllegalStateException("pass for block " + event.block() + " out of order; have "
                    + blocks.size() + " blocks");
        }
        Map<Integer, String> mergedTokens = tokens;
        if (!newTokens.isEmpty()) {
            mergedTokens = new HashMap<>(tokens);
            mergedTokens.putAll(newTokens);
        }
        Map<Integer, PassCandidates> nextDetails = details;
        if (event.detail() != null) {
            nextDetails = new HashMap<>(details);
            nextDetails.put(passCount() + 1, event.detail());
        }
        return new LaneTrace(null, next, mergedTokens, true, nextDetails);
    }

    /** What the pass did beyond its block (lookahead window, speculative draft); null for none. */
    public PassCandidates detail(int passNumber) {
        return details.get(passNumber);
    }

    /** The finished recording, or null while live or empty. */
    public Recording recording() {
        return recording;
    }

    public boolean isLive() {
        return live;
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    public List<BlockTrace> blocks() {
        return blocks;
    }

    /** Forward passes known so far, the prompt pass not counted. */
    public int passCount() {
        return passesBefore[blocks.size()];
    }

    /** The display string of a token id ("?" and the id when the recording lacks it). */
    public String token(int id) {
        String text = tokens.get(id);
        return text != null ? text : "<" + id + ">";
    }

    /**
     * Where the lane stands after its {@code passNumber}-th pass, clamped to the passes known;
     * null when there are none.
     */
    public PassPosition position(int passNumber) {
        if (passCount() == 0) {
            return null;
        }
        int clamped = Math.max(1, Math.min(passNumber, passCount()));
        int block = Arrays.binarySearch(passesBefore, clamped);
        // passesBefore is strictly increasing (every block has a pass); we want the block whose
        // range (passesBefore[b], passesBefore[b+1]] holds the pass number.
        block = block >= 0 ? block - 1 : -block - 2;
        return new PassPosition(block, clamped - passesBefore[block], clamped);
    }

    /** The pass number of the last pass of block {@code block}. */
    public int lastPassOf(int block) {
        return passesBefore[block + 1];
    }

    /** The pass number of pass {@code iteration} of block {@code block}. */
    public int passNumber(int block, int iteration) {
        return passesBefore[block] + iteration;
    }

    /** The ids accepted once the lane stands at {@code position}: the generated output so far. */
    public int[] acceptedIds(PassPosition position) {
        if (position == null) {
            return new int[0];
        }
        BlockTrace current = blocks.get(position.block());
        int count = current.trajectory().start() + current.acceptedAfter(position.iteration());
        int[] ids;
        if (recording != null) {
            ids = Arrays.copyOf(recording.outputIds(), Math.min(count, recording.outputIds().length));
        } else {
            ids = new int[count];
            int filled = 0;
            for (int b = 0; b <= position.block() && filled < count; b++) {
                BlockTrajectory t = blocks.get(b).trajectory();
                int[] state = b == position.block() ? t.states().get(position.iteration()) : t.fixedPoint();
                for (int i = 0; i < state.length && filled < count; i++) {
                    ids[filled++] = state[i];
                }
            }
        }
        return ids;
    }

    /** The generated text once the lane stands at {@code position}, as a reader sees it. */
    public String text(PassPosition position) {
        // Subword vocabularies mark word starts themselves; word-level ones (like the test
        // fixture's) have no markers and their tokenizer puts a space between tokens.
        boolean wordLevel = tokens.values().stream().noneMatch(TokenText::marksSpaces);
        int[] ids = acceptedIds(position);
        // The output ends with its EOS token, which marks the end rather than being text.
        if (recording != null && recording.stopReason() == StopReason.EOS && ids.length == recording.outputIds().length
                && ids.length > 0) {
            ids = Arrays.copyOf(ids, ids.length - 1);
        }
        List<String> pieces = new ArrayList<>();
        for (int id : ids) {
            pieces.add(token(id));
        }
        return wordLevel ? String.join(" ", pieces.stream().map(TokenText::plain).toList()) : TokenText.text(pieces);
    }
}
