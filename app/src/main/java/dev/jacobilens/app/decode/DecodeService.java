package dev.jacobilens.app.decode;

import dev.jacobilens.app.trace.Lane;
import dev.jacobilens.engine.Cancellation;
import dev.jacobilens.engine.EngineException;
import dev.jacobilens.engine.ModelHandle;
import dev.jacobilens.store.ArTiming;
import dev.jacobilens.store.DecodeSettings;
import dev.jacobilens.store.Metrics;
import dev.jacobilens.store.Recording;
import dev.jacobilens.store.StopReason;
import dev.jacobilens.store.method.Autoregressive;
import dev.jacobilens.store.method.DecodeMethod;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loads models and runs decodes on one worker thread, never on the UI thread. Lanes decode one
 * after the other rather than together, so each run's wall time is measured without the other
 * competing for the same cores or GPU. Loaded models are kept for the next run.
 */
public final class DecodeService implements AutoCloseable {
    private final ModelLoader loader;
    private final Executor uiThread;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jacobi-lens-decoder");
        thread.setDaemon(true);
        return thread;
    });
    /** Touched only on the worker thread. */
    private final Map<String, ModelHandle> loaded = new HashMap<>();
    /** Keys of loaded models that have had their warm-up decode; worker thread only. */
    private final Set<String> warmedUp = new HashSet<>();
    private final AtomicBoolean busy = new AtomicBoolean();

    public DecodeService(ModelLoader loader, Executor uiThread) {
        this.loader = loader;
        this.uiThread = uiThread;
    }

    /** Starts a run; returns what cancels it. Throws if a run is already going. */
    public Cancellation start(DecodeRequest request, DecodeCallbacks callbacks) {
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException("a decode is already running");
        }
        Cancellation cancel = new Cancellation();
        worker.execute(() -> {
            try {
                run(request, callbacks, cancel);
            } finally {
                busy.set(false);
                uiThread.execute(() -> callbacks.finished(cancel.isCancelled()));
            }
        });
        return cancel;
    }

    public boolean isBusy() {
        return busy.get();
    }

    private void run(DecodeRequest request, DecodeCallbacks callbacks, Cancellation cancel) {
        // A model this run cannot load (a bad config, a cut-short shard, a broken template) fails its
        // lane before anything is freed: the models the app had stay loaded, the other lanes run.
        Set<Lane> refused = new HashSet<>();
        for (Lane lane : Lane.values()) {
            Path directory = request.models().get(lane);
            if (directory != null && !loaded.containsKey(key(directory, request.device()))) {
                try {
                    loader.check(directory);
                } catch (EngineException e) {
                    report(callbacks, lane, e.getMessage());
                    refused.add(lane);
                }
            }
        }
        if (refused.isEmpty()) {
            releaseModelsNotIn(request);
        }
        Lane[] lanes = Lane.values();
        int done = 0;
        int total = (int) java.util.Arrays.stream(lanes).filter(request.models()::containsKey).count();
        for (Lane lane : lanes) {
            Path directory = request.models().get(lane);
            if (directory == null || cancel.isCancelled() || refused.contains(lane)) {
                continue;
            }
            double base = done / (double) total;
            double share = 1.0 / total;
            try {
                decodeLane(lane, directory, request, callbacks, cancel, base, share);
            } catch (EngineException e) {
                report(callbacks, lane, e.getMessage());
            } catch (OutOfMemoryError e) {
                report(callbacks, lane, "Out of memory while running the " + lane.title().toLowerCase()
                        + " model. Try a smaller model or fewer new tokens, or give Java more memory (-Xmx).");
            } catch (RuntimeException e) {
                report(callbacks, lane, "Unexpected error in the " + lane.title().toLowerCase() + " lane: " + e);
            }
            done++;
        }
    }

    private void decodeLane(Lane lane, Path directory, DecodeRequest request, DecodeCallbacks callbacks,
                            Cancellation cancel, double base, double share) {
        String name = lane.title().toLowerCase();
        status(callbacks, "Loading the " + name + " model from " + directory + "…", -1);
        ModelHandle model = loaded(directory, request.device(),
                step -> status(callbacks, "Loading the " + name + " model: " + step, -1));
        if (cancel.isCancelled()) {
            return;
        }
        String key = key(directory, request.device());
        ModelHandle draft = null;
        if (request.method(lane).usesDraftModel()) {
            if (request.draft() == null) {
                throw new EngineException(request.method(lane).label().toLowerCase() + " decoding needs a draft"
                        + " model, and none is installed (assets/models/draft; see assets/README.md for the command"
                        + " that trains it)");
            }
            draft = loaded(request.draft(), request.device(),
                    step -> status(callbacks, "Loading the draft model: " + step, -1));
        }
        if (!warmedUp.contains(key)) {
            status(callbacks, "Warming up the " + name + " model (untimed)…", -1);
            warmUp(model, draft, request, lane, cancel);
            if (cancel.isCancelled()) {
                return;
            }
            warmedUp.add(key);
        }
        uiThread.execute(() -> callbacks.laneStarted(lane));
        PassBatcher<LivePass> batcher = new PassBatcher<>(uiThread, callbacks::passes);
        Set<Integer> known = new HashSet<>();
        double decodeShare = request.timeAr() ? share * 0.6 : share;
        dev.jacobilens.engine.DecodeListener listener =
                event -> {
                    Map<Integer, String> fresh = new HashMap<>();
                    for (int id : event.after()) {
                        if (known.add(id)) {
                            fresh.put(id, model.tokenString(id));
                        }
                    }
                    for (int id : event.before()) {
                        if (known.add(id)) {
                            fresh.put(id, model.tokenString(id));
                        }
                    }
                    if (event.detail() != null) {
                        for (dev.jacobilens.store.PassCandidates.Candidate c : event.detail().candidates()) {
                            for (int id : c.tokens()) {
                                if (known.add(id)) {
                                    fresh.put(id, model.tokenString(id));
                                }
                            }
                        }
                    }
                    batcher.offer(new LivePass(lane, event, fresh));
                    double fraction = (event.blockStart() + event.acceptedTotal()) / (double) request.maxNewTokens();
                    if (event.converged()) {
                        status(callbacks, "Decoding with the " + name + " model: block " + (event.block() + 1),
                                base + decodeShare * Math.min(1, fraction));
                    }
                };
        Recording recording = model.decode(request.prompt(),
                new DecodeSettings(request.method(lane), request.seed(), request.maxNewTokens(), model.device()), draft,
                listener, cancel);
        batcher.flush();
        ArTiming ar = null;
        if (request.timeAr() && !cancel.isCancelled()) {
            status(callbacks, "Timing the " + name + " model autoregressively, for the speedup…", base + decodeShare);
            Recording reference = model.decode(request.prompt(),
                    new DecodeSettings(Autoregressive.INSTANCE, request.seed(), request.maxNewTokens(), model.device()),
                    event -> { }, cancel);
            if (reference.stopReason() != StopReason.CANCELLED) {
                ar = new ArTiming(reference.forwardPasses(), Metrics.outputTokens(reference), reference.elapsedNanos(),
                        reference.settings().device());
            }
        }
        ArTiming timing = ar;
        uiThread.execute(() -> callbacks.laneFinished(lane, recording, timing));
        status(callbacks, "The " + name + " model is done", base + share);
    }

    /**
     * A short decode with the lane's method and one with AR on the model's device, untimed and
     * discarded, before the model's first timed run: the first decodes after loading pay for JIT
     * compilation, native kernel selection and allocator growth, which made the first run's
     * consistency lane look slower than AR and the second 1.55x faster. A couple of blocks
     * exercise every pass shape.
     */
    static void warmUp(ModelHandle model, ModelHandle draft, DecodeRequest request, Lane lane, Cancellation cancel) {
        DecodeMethod method = request.method(lane);
        int blockTokens = method.blockSizeInFile();
        int tokens = Math.min(request.maxNewTokens(), Math.max(2 * blockTokens, 8));
        model.decode(request.prompt(), new DecodeSettings(method, request.seed(), tokens, model.device()), draft,
                event -> { }, cancel);
        model.decode(request.prompt(), new DecodeSettings(Autoregressive.INSTANCE, request.seed(), tokens,
                model.device()), event -> { }, cancel);
    }

    private ModelHandle loaded(Path directory, String device, java.util.function.Consumer<String> progress) {
        String key = key(directory, device);
        ModelHandle handle = loaded.get(key);
        if (handle == null) {
            handle = loader.load(directory, device, progress);
            loaded.put(key, handle);
        }
        return handle;
    }

    /** Frees models that the new run does not use: a stale 7B model would pin gigabytes. */
    private void releaseModelsNotIn(DecodeRequest request) {
        Set<String> wanted = new HashSet<>();
        request.models().values().forEach(dir -> wanted.add(key(dir, request.device())));
        if (request.draft() != null && request.usesDraft()) {
            wanted.add(key(request.draft(), request.device()));
        }
        loaded.entrySet().removeIf(entry -> {
            if (!wanted.contains(entry.getKey())) {
                entry.getValue().close();
                warmedUp.remove(entry.getKey());
                return true;
            }
            return false;
        });
    }

    private static String key(Path directory, String device) {
        return directory.toAbsolutePath().normalize() + "|" + device;
    }

    private void status(DecodeCallbacks callbacks, String message, double progress) {
        uiThread.execute(() -> callbacks.status(message, progress));
    }

    private void report(DecodeCallbacks callbacks, Lane lane, String message) {
        uiThread.execute(() -> callbacks.laneFailed(lane, message));
    }

    /**
     * Frees the models and waits for the worker to finish. The caller cancels a running decode
     * first; it stops at its next pass boundary. Waiting matters: the worker is a daemon thread,
     * and a JVM that exits while it is inside a PyTorch call crashes in libtorch's destructors.
     */
    @Override
    public void close() {
        worker.execute(() -> {
            loaded.values().forEach(ModelHandle::close);
            loaded.clear();
        });
        worker.shutdown();
        try {
            if (!worker.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                System.err.println("jacobi-lens: the decoder did not stop within " + CLOSE_WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One forward pass of a large model on a CPU can take seconds; this bounds the wait. */
    static final int CLOSE_WAIT_SECONDS = 30;
}
