package dev.jacobilens.app.decode;

import dev.jacobilens.app.trace.Lane;

import java.nio.file.Path;
import java.util.Map;

/**
 * One press of Run.
 *
 * @param models  the model directory of each lane that should decode (lanes without one are skipped)
 * @param seed    seed of the initial-guess RNG, so a run can be repeated exactly
 * @param timeAr  whether to also decode autoregressively, for the speedup panel
 */
public record DecodeRequest(String prompt, Map<Lane, Path> models, int blockSize, int maxNewTokens, String device,
                            long seed, boolean timeAr) {
    public DecodeRequest {
        models = Map.copyOf(models);
    }
}
