package dev.jacobilens.tokenizer;

import java.util.List;

/** Special tokens and their fixed ids, the same as the test fixture's (bos 1, eos 2, pad 3). */
public final class SpecialTokens {
    public static final String UNK = "<unk>";
    public static final String BOS = "<s>";
    public static final String EOS = "</s>";
    public static final String PAD = "<pad>";

    public static final int UNK_ID = 0;
    public static final int BOS_ID = 1;
    public static final int EOS_ID = 2;
    public static final int PAD_ID = 3;

    /** In id order. */
    public static final List<String> ALL = List.of(UNK, BOS, EOS, PAD);

    private SpecialTokens() {}
}
