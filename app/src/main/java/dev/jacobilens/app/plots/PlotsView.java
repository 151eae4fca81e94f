package dev.jacobilens.app.plots;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.function.Function;

/** Three charts (both lanes in each) and the speedup panel, side by side. */
public final class PlotsView extends HBox {

    public PlotsView(PlotsViewModel model) {
        super(6);
        setPadding(new Insets(4, 8, 4, 8));
        getStyleClass().add("plots");
        getChildren().addAll(
                chart("plot-iterations", "Iterations per block", "block", "iterations", model,
                        LaneSeries::iterationsPerBlock, model.iterationsExtentProperty()),
                chart("plot-accepted", "Tokens accepted per pass", "forward pass", "tokens", model,
                        LaneSeries::acceptedPerPass, model.acceptedExtentProperty()),
                chart("plot-cumulative", "Tokens vs passes", "forward passes", "tokens",
                        model, LaneSeries::cumulativeTokens, model.cumulativeExtentProperty()),
                speedupPanel(model));
    }

    private static LineChart<Number, Number> chart(String id, String title, String xLabel, String yLabel,
                                                   PlotsViewModel model,
                                                   Function<LaneSeries, ObservableList<PlotPoint>> series,
                                                   javafx.beans.value.ObservableValue<PlotExtent> extent) {
        NumberAxis x = new NumberAxis();
        x.setLabel(xLabel);
        x.setForceZeroInRange(false);
        NumberAxis y = new NumberAxis();
        y.setLabel(yLabel);
        // Every quantity plotted is a count: label whole numbers only, never "2.5 blocks".
        for (NumberAxis axis : new NumberAxis[] {x, y}) {
            axis.setMinorTickVisible(false);
            axis.setTickLabelFormatter(new javafx.util.StringConverter<>() {
                @Override
                public String toString(Number value) {
                    double v = value.doubleValue();
                    return v == Math.rint(v) ? Long.toString((long) v) : "";
                }

                @Override
                public Number fromString(String text) {
                    return Double.valueOf(text);
                }
            });
        }
        extent.addListener((obs, old, now) -> fit(x, y, now));
        fit(x, y, extent.getValue());
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId(id);
        chart.setTitle(title);
        // Animated charts would replay their transitions on every step of playback.
        chart.setAnimated(false);
        // A marker per point only where points are few: one node per forward pass would make
        // every step of a long run relayout hundreds of symbols.
        chart.setCreateSymbols("plot-iterations".equals(id));
        chart.setPrefSize(280, 230);
        chart.setMinSize(160, 110);
        chart.getData().add(mirror("Standard", series.apply(model.standard())));
        chart.getData().add(mirror("Consistency", series.apply(model.consistency())));
        HBox.setHgrow(chart, Priority.ALWAYS);
        return chart;
    }

    /** Fixed axes from the whole runs' reach, or self-ranging axes while it is unknown. */
    private static void fit(NumberAxis x, NumberAxis y, PlotExtent extent) {
        boolean known = extent.xMax() > 0;
        for (NumberAxis axis : new NumberAxis[] {x, y}) {
            axis.setAutoRanging(!known);
        }
        if (known) {
            x.setLowerBound(0);
            // Half a unit of room so the last point's marker is not cut by the frame.
            x.setUpperBound(PlotExtent.niceCeiling(extent.xMax() + 0.5));
            x.setTickUnit(PlotExtent.niceTick(extent.xMax()));
            y.setLowerBound(0);
            y.setUpperBound(PlotExtent.niceCeiling(Math.max(1, extent.yMax() * 1.04)));
            y.setTickUnit(PlotExtent.niceTick(Math.max(1, extent.yMax())));
        }
    }

    /** A chart series that follows a list of points, by its tail only. */
    private static XYChart.Series<Number, Number> mirror(String name, ObservableList<PlotPoint> points) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(name);
        points.forEach(p -> series.getData().add(new XYChart.Data<>(p.x(), p.y())));
        points.addListener((ListChangeListener<PlotPoint>) change -> {
            while (change.next()) {
                if (change.wasRemoved()) {
                    series.getData().remove(change.getFrom(), change.getFrom() + change.getRemovedSize());
                }
                if (change.wasAdded()) {
                    series.getData().addAll(change.getFrom(), change.getAddedSubList().stream()
                            .map(p -> new XYChart.Data<Number, Number>(p.x(), p.y())).toList());
                }
            }
            // LineChart leaves the old line drawn when a series loses all its points (seen when
            // stepping back to the first frame), so hide the series while it is empty.
            if (series.getNode() != null) {
                series.getNode().setVisible(!series.getData().isEmpty());
            }
        });
        return series;
    }

    /** Speedups in one line per lane, large; the full figures are in each line's tooltip. */
    private static VBox speedupPanel(PlotsViewModel model) {
        Label title = new Label("Speedup against AR decoding");
        title.getStyleClass().add("panel-title");
        title.setWrapText(true);
        title.setMinHeight(Region.USE_PREF_SIZE);
        VBox panel = new VBox(2, title,
                lane("Standard", "speedup-standard", model.standardHeadlineProperty(), model.standardSpeedupProperty()),
                lane("Consistency", "speedup-consistency", model.consistencyHeadlineProperty(),
                        model.consistencySpeedupProperty()),
                text("speedup-versus", model.headToHeadProperty()));
        panel.setId("speedup-panel");
        panel.getStyleClass().add("speedup-panel");
        panel.setPadding(new Insets(6, 8, 6, 8));
        panel.setPrefWidth(330);
        panel.setMinWidth(280);
        HBox.setHgrow(panel, Priority.SOMETIMES);
        return panel;
    }

    private static VBox lane(String name, String id, javafx.beans.value.ObservableValue<String> headline,
                             javafx.beans.value.ObservableValue<String> details) {
        Label title = new Label(name);
        title.getStyleClass().add("panel-subtitle");
        Label figure = text(id, headline);
        figure.setMinHeight(Region.USE_PREF_SIZE);
        figure.getStyleClass().add("speedup-figure");
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(details);
        figure.setTooltip(tip);
        return new VBox(0, title, figure);
    }

    private static Label text(String id, javafx.beans.value.ObservableValue<String> value) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.textProperty().bind(value);
        return label;
    }
}
