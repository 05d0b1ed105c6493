package org.cityhealth.hub.store;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdDictTrainer;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * zstd dictionaries trained on the hub's own records. A FHIR resource of a kilobyte compresses 2–3× alone; with a
 * dictionary of the field names, code systems and value sets every resource repeats, several times better. Every
 * compressed body names its dictionary, so a newer one never makes an older body unreadable.
 */
@Component
class Dictionaries {

    record Dictionary(int id, byte[] bytes) {
    }

    private final JdbcTemplate jdbc;
    private final StorageSettings settings;
    private final Map<Integer, byte[]> byId = new ConcurrentHashMap<>();
    private final Map<Long, ZstdDictCompress> compressors = new ConcurrentHashMap<>();
    private final Map<Integer, ZstdDictDecompress> decompressors = new ConcurrentHashMap<>();
    private volatile Dictionary current;

    Dictionaries(JdbcTemplate jdbc, StorageSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** The newest dictionary, trained from a sample of hot bodies the first time one is needed; null with too few bodies. */
    Dictionary current() {
        Dictionary known = current;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (current == null) {
                current = newest();
                if (current == null) {
                    current = train();
                }
            }
            return current;
        }
    }

    byte[] bytes(int id) {
        return byId.computeIfAbsent(id, key -> jdbc.query("select dict from zstd_dictionary where id = ?", (rs, row) -> rs.getBytes(1), key)
                .stream().findFirst().orElseThrow(() -> new ArchiveDamagedException("zstd dictionary " + key + " is missing")));
    }

    byte[] compress(byte[] data, Dictionary dictionary, int level) {
        if (dictionary == null) {
            return Zstd.compress(data, level);
        }
        ZstdDictCompress compressor = compressors.computeIfAbsent(((long) dictionary.id() << 8) | level,
                key -> new ZstdDictCompress(dictionary.bytes(), level));
        return Zstd.compress(data, compressor);
    }

    byte[] decompress(byte[] compressed, Integer dictionaryId) {
        long size = Zstd.getFrameContentSize(compressed);
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new ArchiveDamagedException("compressed body has no valid frame size");
        }
        if (dictionaryId == null) {
            return Zstd.decompress(compressed, (int) size);
        }
        ZstdDictDecompress decompressor = decompressors.computeIfAbsent(dictionaryId, id -> new ZstdDictDecompress(bytes(id)));
        return Zstd.decompress(compressed, decompressor, (int) size);
    }

    private Dictionary newest() {
        return jdbc.query("select id, dict from zstd_dictionary order by id desc limit 1",
                (rs, row) -> new Dictionary(rs.getInt(1), rs.getBytes(2))).stream().findFirst().orElse(null);
    }

    private Dictionary train() {
        // Slices from eight points of the id space (hub ids are base-32 hashes), so the sample spans every type and source.
        ZstdDictTrainer trainer = new ZstdDictTrainer(settings.dictionarySamples() * 4096, settings.dictionaryBytes());
        int[] samples = {0};
        int perSlice = Math.max(1, settings.dictionarySamples() / 8);
        for (int slice = 0; slice < 8; slice++) {
            String from = String.valueOf("abcdefghijklmnopqrstuvwxyz234567".charAt(slice * 4));
            jdbc.query("select body from resource where res_id >= ? and tier = 'H' and body is not null order by res_id limit ?", rs -> {
                byte[] body = rs.getBytes(1);
                if (body.length <= 4096 && trainer.addSample(body)) {
                    samples[0]++;
                }
            }, from, perSlice);
        }
        if (samples[0] < 100) {
            return null;
        }
        byte[] dictionary = trainer.trainSamples();
        List<Integer> ids = jdbc.queryForList("select coalesce(max(id), 0) + 1 from zstd_dictionary", Integer.class);
        int id = ids.get(0);
        try {
            jdbc.update("insert into zstd_dictionary (id, dict, samples, created_at) values (?,?,?,?)", id, dictionary, samples[0],
                    Timestamp.from(Instant.now()));
        } catch (DuplicateKeyException raced) {
            // Another process trained one at the same moment: use the stored one, so every body names a dictionary on record.
            return newest();
        }
        return new Dictionary(id, dictionary);
    }
}
