package dev.jacobilens.app.plots;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/** The plot series of one lane. Lists change by their tail only, so charts add points instead of redrawing. */
public final class LaneSeries {
    private final ObservableList<PlotPoint> iterationsPerBlock = FXCollections.observableArrayList();
    private final ObservableList<PlotPoint> acceptedPerPass = FXCollections.observableArrayList();
    private final ObservableList<PlotPoint> cumulativeTokens = FXCollections.observableArrayList();
    // Read-only views made once: such a view listens to its list weakly, so a view made per call
    // could be collected together with the listeners a chart put on it.
    private final ObservableList<PlotPoint> iterationsView = FXCollections.unmodifiableObservableList(iterationsPerBlock);
    private final ObservableList<PlotPoint> acceptedView = FXCollections.unmodifiableObservableList(acceptedPerPass);
    private final ObservableList<PlotPoint> cumulativeView = FXCollections.unmodifiableObservableList(cumulativeTokens);

    void update(List<PlotPoint> iterations, List<PlotPoint> accepted, List<PlotPoint> cumulative) {
        replaceTail(iterationsPerBlock, iterations);
        replaceTail(acceptedPerPass, accepted);
        replaceTail(cumulativeTokens, cumulative);
    }

    /** Makes {@code target} equal to {@code fresh}, touching only the part after their common prefix. */
    static void replaceTail(ObservableList<PlotPoint> target, List<PlotPoint> fresh) {
        int common = 0;
        int limit = Math.min(target.size(), fresh.size());
        while (common < limit && target.get(common).equals(fresh.get(common))) {
            common++;
        }
        if (common < target.size()) {
            target.remove(common, target.size());
        }
        if (common < fresh.size()) {
            target.addAll(fresh.subList(common, fresh.size()));
        }
    }

    public ObservableList<PlotPoint> iterationsPerBlock() {
        return iterationsView;
    }

    public ObservableList<PlotPoint> acceptedPerPass() {
        return acceptedView;
    }

    public ObservableList<PlotPoint> cumulativeTokens() {
        return cumulativeView;
    }
}
