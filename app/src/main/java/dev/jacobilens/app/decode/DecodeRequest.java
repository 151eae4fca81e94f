package dev.jacobilens.app.decode;

import dev.jacobilens.app.trace.Lane;

import java.nio.file.Path;
import java.util.Map;

/**
 * One press of Run.
 *
 * @param models  the model directory of each lane that should decode (lanes without one are skipped)
 * @param methods each lane's decoding method (DecodeSettings.JACOBI when a lane has none)
 * @param draft   the draft model for speculative decoding; null when there is none
 * @param seed    seed of the initial-guess RNG, so a run can be repeated exactly
 * @param timeAr  whether to also decode autoregressively, for the speedup panel
 */
public record DecodeRequest(String prompt, Map<Lane, Path> models, Map<Lane, String> methods, Path draft,
                            int blockSize, int maxNewTokens, String device, long seed, boolean timeAr) {
    public DecodeRequest {
        models = Map.copyOf(models);
        methods = Map.copyOf(methods);
    }

    /** Every lane decoding with Jacobi, no draft model. */
    public DecodeRequest(String prompt, Map<Lane, Path> models, int blockSize, int maxNewTokens, String device,
                         long seed, boolean timeAr) {
        this(prompt, models, Map.of(), null, blockSize, maxNewTokens, device, seed, timeAr);
    }

    public String method(Lane lane) {
        return methods.getOrDefault(lane, dev.jacobilens.store.DecodeSettings.JACOBI);
    }
}
