package dev.jacobilens.store.method;

import java.util.List;
import java.util.Map;

/**
 * Medusa-1 (Cai et al. 2024): extra heads on the frozen model guess the tokens 2, 3, … places
 * ahead; a candidate tree of their top guesses is verified in one pass with a tree attention mask.
 * The tree is the one with the highest expected acceptance for its size, built from how often
 * each head's guess of each rank was right on held-out text (the heads file records it).
 *
 * @param treeNodes nodes of the candidate tree below the current token
 * @param treeDepth deepest level of the tree (level d is head d's guess); 0: as deep as the heads go
 */
public record Medusa(int treeNodes, int treeDepth) implements DecodeMethod {
    public static final MethodParameter TREE_NODES = MethodParameter.number("tree_nodes", "Tree nodes", "nodes", 1,
            255, 64, "Candidates verified per pass: the most promising paths through the heads' top guesses");
    public static final MethodParameter TREE_DEPTH = new MethodParameter("tree_depth", "tree-depth", "Tree depth",
            "depth", 1, 16, 0, 0, false, "Deepest level of the tree, i.e. how many heads it uses (0: all the heads)");
    public static final Medusa DEFAULT = new Medusa(TREE_NODES.defaultValue(), TREE_DEPTH.defaultValue());

    public Medusa {
        TREE_NODES.check("medusa", treeNodes);
        TREE_DEPTH.check("medusa", treeDepth);
    }

    private static final MethodDescriptor DESCRIPTOR = new MethodDescriptor("medusa", "Medusa",
            "Medusa: extra heads guess the next tokens; a tree of their guesses is verified in one pass",
            List.of(TREE_NODES, TREE_DEPTH));

    @Override
    public MethodDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public List<Integer> valuesInOrder() {
        return List.of(treeNodes, treeDepth);
    }

    @Override
    public Medusa withValues(Map<String, Integer> values) {
        return new Medusa(values.get(TREE_NODES.key()), values.get(TREE_DEPTH.key()));
    }

    @Override
    public boolean usesHeads() {
        return true;
    }

    @Override
    public String describe() {
        return "Medusa " + treeNodes + " nodes" + (treeDepth == 0 ? "" : " depth " + treeDepth);
    }
}
