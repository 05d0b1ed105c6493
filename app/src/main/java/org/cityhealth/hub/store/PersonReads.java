package org.cityhealth.hub.store;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Counts clinical reads per person and day for the lifecycle rules ("read 3 times in 30 days: hot"). Reads are
 * counted in memory and written every few seconds, so a read never waits for a write; a crash loses at most the
 * last few seconds of counts, which only delays a promotion.
 */
@Component
public class PersonReads {

    private final JdbcTemplate jdbc;
    private final Map<Long, AtomicInteger> pending = new ConcurrentHashMap<>();

    PersonReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void read(long personKey) {
        if (personKey != 0L) {
            pending.computeIfAbsent(personKey, key -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** Writes the counts gathered since the last flush. */
    @Scheduled(fixedDelayString = "${cityhealth.storage.read-count-flush:5s}")
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Date today = Date.valueOf(LocalDate.now(FhirDates.LOCAL_ZONE));
        List<Object[]> updates = new ArrayList<>();
        for (Long person : List.copyOf(pending.keySet())) {
            AtomicInteger count = pending.remove(person);
            if (count != null && count.get() > 0) {
                updates.add(new Object[] {count.get(), person, today});
            }
        }
        int[] updated = jdbc.batchUpdate("update person_access set reads = reads + ? where person_key = ? and read_day = ?", updates);
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) {
                Object[] row = updates.get(i);
                try {
                    jdbc.update("insert into person_access (person_key, read_day, reads) values (?,?,?)", row[1], row[2], row[0]);
                } catch (DuplicateKeyException concurrent) {
                    jdbc.update("update person_access set reads = reads + ? where person_key = ? and read_day = ?", row);
                }
            }
        }
    }
}
