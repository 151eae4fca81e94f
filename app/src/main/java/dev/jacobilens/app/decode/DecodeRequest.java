package dev.jacobilens.app.decode;

import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.store.method.DecodeMethod;
import dev.jacobilens.store.method.Jacobi;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * One press of Run.
 *
 * @param models  the model directory of each lane that should decode (lanes without one are skipped)
 * @param methods each lane's decoding method with its parameters ({@link Jacobi#DEFAULT} when a lane has none)
 * @param draft   the draft model for methods that use one; null when there is none
 * @param seed    seed of the initial-guess RNG, so a run can be repeated exactly
 * @param timeAr  whether to also decode autoregressively, for the speedup panel
 */
public record DecodeRequest(String prompt, Map<Lane, Path> models, Map<Lane, DecodeMethod> methods, Path draft,
                            int maxNewTokens, String device, long seed, boolean timeAr) {
    public DecodeRequest {
        models = Map.copyOf(models);
        methods = Map.copyOf(methods);
    }

    /** Every lane decoding with Jacobi blocks of {@code blockSize}, no draft model. */
    public DecodeRequest(String prompt, Map<Lane, Path> models, int blockSize, int maxNewTokens, String device,
                         long seed, boolean timeAr) {
        this(prompt, models, everyLane(Jacobi.of(blockSize)), null, maxNewTokens, device, seed, timeAr);
    }

    private static Map<Lane, DecodeMethod> everyLane(DecodeMethod method) {
        Map<Lane, DecodeMethod> out = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            out.put(lane, method);
        }
        return out;
    }

    public DecodeMethod method(Lane lane) {
        return methods.getOrDefault(lane, Jacobi.DEFAULT);
    }

    /** Whether some lane's method uses the draft model. */
    public boolean usesDraft() {
        return methods.values().stream().anyMatch(DecodeMethod::usesDraftModel);
    }
}
