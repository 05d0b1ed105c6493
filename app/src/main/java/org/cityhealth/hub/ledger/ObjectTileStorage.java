package org.cityhealth.hub.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.cityhealth.ledger.tiles.TileStorage;
import org.cityhealth.store.ObjectStore;

/** The log's tiles, entry bundles and checkpoint as objects under {@code ledger/} in the hub's object store. */
final class ObjectTileStorage implements TileStorage {

    static final String PREFIX = "ledger/";

    private final ObjectStore objects;

    ObjectTileStorage(ObjectStore objects) {
        this.objects = objects;
    }

    @Override
    public Optional<byte[]> read(String path) throws IOException {
        try (InputStream in = objects.get(PREFIX + path)) {
            return Optional.of(in.readAllBytes());
        } catch (ObjectStore.NoSuchObjectException missing) {
            return Optional.empty();
        }
    }

    @Override
    public void write(String path, byte[] data) throws IOException {
        objects.put(PREFIX + path, data);
    }

    /** Superseded partial tiles go once their full tile exists (tlog-tiles lets clients fall back to the full one). */
    @Override
    public void delete(String path) throws IOException {
        objects.delete(PREFIX + path);
    }
}
