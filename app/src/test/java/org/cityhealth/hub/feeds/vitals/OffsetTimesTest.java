package org.cityhealth.hub.feeds.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written reading of message times against the JDK's: the same time, or the same refusal, for every text. */
class OffsetTimesTest {

    private static final String ALPHABET = "0123456789-+:.TZtz ";

    @Test
    void readsTheCommonShapesAsTheJdkDoes() {
        for (String text : new String[] {"2026-11-24T08:00:00+08:00", "2026-11-24T00:00:00Z", "2026-11-24T08:00:00.5+08:00",
                "2026-11-24T08:00:00.123456789-05:30", "2024-02-29T23:59:59+14:00", "2026-11-24t08:00:00z", "2026-11-24T08:00+08:00",
                "+12026-11-24T08:00:00Z", "2026-11-24T08:00:00+08:00:30", "2026-11-24T08:00:00.Z"}) {
            assertThat(OffsetTimes.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text));
        }
    }

    @Test
    void refusesWhatTheJdkRefuses() {
        for (String text : new String[] {"2026-13-24T08:00:00+08:00", "2026-02-30T08:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24T08:00:60Z",
                "2026-11-24T08:00:00+19:00", "2026-11-24T08:00:00", "2026-11-24T08:00:00.1234567890Z",
                "2026-11-24 08:00:00+08:00", "2026-11-24T08:00:00+0800"}) {
            assertThatThrownBy(() -> OffsetTimes.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }

    @Test
    void agreesWithTheJdkOnTwentyThousandMutatedTimes() {
        Random random = new Random(11);
        String[] seeds = {"2026-11-24T08:00:00+08:00", "2026-11-24T00:00:00Z", "2026-11-24T08:00:00.125-03:30"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder(seeds[random.nextInt(seeds.length)]);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(text.length());
                char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, c);
                    case 1 -> text.insert(at, c);
                    default -> text.deleteCharAt(at);
                }
            }
            String input = text.toString();
            OffsetDateTime expected;
            try {
                expected = OffsetDateTime.parse(input);
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> OffsetTimes.parse(input)).as(input).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(OffsetTimes.parse(input)).as(input).isEqualTo(expected);
        }
    }
}
