package org.pybridge.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.nn.internal.EventRelay;
import org.pybridge.tensor.NDArray;

/** The relay in front of costly (Python) listeners: loss sums, steps, progress summaries. */
@ExtendWith(LeakCheck.class)
class EventRelayTest {
    /** Records every event it gets. */
    private static final class Recorder implements TrainingListener, EventRelay.Progress {
        final List<String> events = new ArrayList<>();
        double stepLossSum;
        long stepExamples;
        long progressExamples;

        @Override
        public void onEpochStart(MultiLayerNetwork network, int epoch) {
            events.add("start " + epoch);
        }

        @Override
        public void iterationDone(MultiLayerNetwork network, long iteration, int epoch,
                double score) {
            events.add("step");
            stepLossSum += score * network.lastBatchSize();
            stepExamples += network.lastBatchSize();
        }

        @Override
        public void onEpochEnd(MultiLayerNetwork network, int epoch) {
            events.add("end " + epoch);
        }

        @Override
        public void progress(long examples, double meanLoss) {
            events.add("progress");
            progressExamples += examples;
            assertTrue(Double.isFinite(meanLoss));
        }
    }

    @Test
    void stepsAreRelayedOnlyWhenAskedAndTheLossIsTheWeightedMean() {
        NDArray[] data = MultiLayerNetworkTest.spiral(25, 12);
        try (NDArray x = data[0]; NDArray y = data[1];
                MultiLayerNetwork a = new MultiLayerNetwork(MultiLayerNetworkTest.classifier(8, 0));
                MultiLayerNetwork b = new MultiLayerNetwork(MultiLayerNetworkTest.classifier(8,
                        0))) {
            long n = x.shape(0);
            Recorder steps = new Recorder();
            EventRelay stepping = new EventRelay(steps, true, null, 0);
            a.addListeners(stepping);
            a.fit(x, y, 1, 16, false);
            long batches = (n + 15) / 16;
            assertEquals(batches + 2, steps.events.size(), steps.events.toString());
            assertEquals(steps.stepLossSum / steps.stepExamples, stepping.epochLoss(), 1e-12);
            assertEquals(n, stepping.epochExamples());

            Recorder summaries = new Recorder();
            // interval 0: a summary after every step, never the steps themselves
            EventRelay quiet = new EventRelay(summaries, false, summaries, 0);
            b.addListeners(quiet);
            b.fit(x, y, 1, 16, false);
            assertEquals(0, summaries.events.stream().filter("step"::equals).count());
            assertEquals(batches, summaries.events.stream().filter("progress"::equals).count());
            assertEquals(n, summaries.progressExamples);
            assertEquals("end 0", summaries.events.get(summaries.events.size() - 1));
            assertEquals(stepping.epochLoss(), quiet.epochLoss(), 1e-12, "same training");

            Recorder slow = new Recorder();
            EventRelay hourly = new EventRelay(slow, false, slow, 3_600_000);
            b.setListeners(hourly);
            b.fit(x, y, 1, 16, false);
            assertEquals(List.of("start 1", "progress", "end 1"), slow.events,
                    "one summary at the end of the epoch");
            assertEquals(n, slow.progressExamples);
        }
        assertThrows(IllegalArgumentException.class, () -> new EventRelay(null, true, null, 0));
    }
}
