package org.cityhealth.hub.ledger;

import org.cityhealth.hub.SecretFiles;
import java.util.List;
import java.util.Locale;
import org.cityhealth.hub.HubSettings;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.MerkleHasher;
import org.cityhealth.ledger.note.Checkpoint;
import org.cityhealth.ledger.note.KeyType;
import org.cityhealth.ledger.note.Note;
import org.cityhealth.ledger.note.NoteKeys;
import org.cityhealth.ledger.note.NoteSigner;
import org.cityhealth.ledger.note.NoteVerifier;
import org.cityhealth.ledger.tiles.TileProofs;
import org.cityhealth.ledger.tiles.TileStorage;
import org.cityhealth.ledger.tiles.TiledLog;
import org.cityhealth.store.ObjectStore;
import org.springframework.stereotype.Component;

/**
 * The log itself: its hash, its tiles in the object store, and the hub's checkpoint key. The signer key is the
 * hub's own (environment variable or a file under the data directory made on first start); its verifier key is
 * what auditors, witnesses and citizens' apps are given.
 */
@Component
class LedgerLog {

    static final String SIGNER_KEY_VARIABLE = "CITYHEALTH_LEDGER_SIGNER_KEY";

    private final String origin;
    private final HashFunction hash;
    private final MerkleHasher hasher;
    private final TileStorage storage;
    private final TiledLog tiledLog;
    private final TileProofs proofs;
    private final NoteSigner signer;
    private final String verifierKey;
    private final NoteVerifier verifier;

    LedgerLog(LedgerSettings settings, HubSettings hub, ObjectStore objects) {
        this.origin = settings.origin();
        this.hash = switch (settings.hash().toUpperCase(Locale.ROOT).replace("-", "")) {
            case "SHA256" -> HashFunction.SHA256;
            case "SM3" -> HashFunction.SM3;
            default -> throw new IllegalArgumentException("cityhealth.ledger.hash must be SHA256 or SM3, not " + settings.hash());
        };
        KeyType keyType = KeyType.valueOf(settings.keyType().toUpperCase(Locale.ROOT));
        String signerKey = SecretFiles.readOrCreate(SIGNER_KEY_VARIABLE,
                hub.dataDirectory().resolve("keys/ledger-" + keyType.name().toLowerCase(Locale.ROOT) + ".key"),
                () -> NoteKeys.generate(origin, keyType).signerKey());
        this.signer = NoteKeys.signer(signerKey);
        if (!signer.name().equals(origin)) {
            throw new IllegalStateException("the ledger signer key is named '" + signer.name() + "' but the log's origin is '"
                    + origin + "': C2SP clients look the key up by origin");
        }
        this.verifierKey = NoteKeys.verifierKeyOf(signerKey);
        this.verifier = NoteKeys.verifier(verifierKey);
        this.hasher = new MerkleHasher(hash);
        this.storage = new ObjectTileStorage(objects);
        this.tiledLog = new TiledLog(hash, storage);
        this.proofs = new TileProofs(hash, storage);
    }

    String origin() {
        return origin;
    }

    HashFunction hash() {
        return hash;
    }

    MerkleHasher hasher() {
        return hasher;
    }

    TileStorage storage() {
        return storage;
    }

    TiledLog tiledLog() {
        return tiledLog;
    }

    TileProofs proofs() {
        return proofs;
    }

    String verifierKey() {
        return verifierKey;
    }

    NoteVerifier verifier() {
        return verifier;
    }

    /** A checkpoint for the tree, signed by the hub alone. */
    String sign(long size, byte[] root) {
        return Note.sign(new Checkpoint(origin, size, root, List.of()).text(), List.of(signer));
    }
}
