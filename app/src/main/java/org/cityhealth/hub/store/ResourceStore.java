package org.cityhealth.hub.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Stores resource versions and answers reads, history, search and a person's whole record; Observations measured by
 * devices, kept by {@link DeviceObservations}, are read and found here like any other.
 */
@Service
public class ResourceStore {

    /** Longest IN list sent in one statement; keeps statements within every driver's parameter limits. */
    static final int IN_CHUNK = 500;
    private static final int TOKEN_LENGTH = 255;

    private final JdbcTemplate jdbc;
    private final ColdReads coldReads;
    private final Dictionaries dictionaries;
    private final PersonReads personReads;
    private final TieredStorage tiers;
    private final DeviceObservations devices;

    ResourceStore(JdbcTemplate jdbc, ColdReads coldReads, Dictionaries dictionaries, PersonReads personReads, TieredStorage tiers,
                  DeviceObservations devices) {
        this.jdbc = jdbc;
        this.devices = devices;
        this.tiers = tiers;
        this.coldReads = coldReads;
        this.dictionaries = dictionaries;
        this.personReads = personReads;
    }

    /** Current version number of each id of {@code type} that exists (deleted ones included). */
    public Map<String, Integer> currentVersions(String type, Collection<String> ids) {
        Map<String, Integer> versions = new HashMap<>();
        List<String> all = List.copyOf(ids);
        for (int start = 0; start < all.size(); start += IN_CHUNK) {
            List<String> chunk = all.subList(start, Math.min(all.size(), start + IN_CHUNK));
            // By id alone: ids are unique across types, and a type condition lets planners pick an index that
            // starts with res_type and scan the whole type (H2 did; PostgreSQL's generic plans can).
            jdbc.query("select res_type, res_id, version from resource where res_id in (" + marks(chunk.size())
                    + ") and current_version", rs -> {
                if (type.equals(rs.getString(1))) {
                    versions.put(rs.getString(2), rs.getInt(3));
                }
            }, chunk.toArray());
        }
        if (DeviceObservations.TYPE.equals(type)) {
            devices.existing(all).forEach(id -> versions.putIfAbsent(id, 1));
        }
        return versions;
    }

    /** Writes new versions in batches; the caller's transaction makes them atomic. */
    public void write(List<ResourceWrite> writes) {
        List<ResourceWrite> updates = writes.stream().filter(write -> write.version() > 1).toList();
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("update resource set current_version = false where res_type = ? and res_id = ? and current_version",
                    updates, updates.size(), (ps, write) -> {
                        ps.setString(1, write.type());
                        ps.setString(2, write.id());
                    });
            jdbc.batchUpdate("delete from search_token where res_type = ? and res_id = ?", updates, updates.size(), (ps, write) -> {
                ps.setString(1, write.type());
                ps.setString(2, write.id());
            });
        }
        jdbc.batchUpdate("""
                insert into resource (res_type, res_id, version, current_version, deleted, person_key, patient_id, last_updated,
                  date_lo, date_hi, status, source_id, source_res_id, source_version, submission_id, body)
                values (?,?,?,true,?,?,?,?,?,?,?,?,?,?,?,?)""", writes, writes.size(), ResourceStore::bindResource);
        List<Object[]> tokens = new ArrayList<>();
        for (ResourceWrite write : writes) {
            if (!write.deleted() && write.index() != null) {
                for (TokenIndex token : write.index().tokens()) {
                    tokens.add(new Object[] {write.type(), write.id(), token.param(), truncate(token.system()), truncate(token.code())});
                }
            }
        }
        if (!tokens.isEmpty()) {
            jdbc.batchUpdate("insert into search_token (res_type, res_id, param, system, code) values (?,?,?,?,?)", tokens);
        }
    }

    public Optional<StoredResource> read(String type, String id) {
        Optional<StoredResource> found = loaded(SELECT + " where res_type = ? and res_id = ? and current_version", type, id).stream().findFirst();
        if (found.isEmpty() && DeviceObservations.TYPE.equals(type)) {
            found = devices.read(id);
        }
        found.ifPresent(resource -> personReads.read(resource.personKey()));
        return found;
    }

    /** The current, non-deleted versions of the given ids, whatever their types. */
    public List<StoredResource> readCurrent(Collection<String> ids) {
        List<StoredResource> found = new ArrayList<>();
        List<String> all = List.copyOf(ids);
        for (int start = 0; start < all.size(); start += IN_CHUNK) {
            List<String> chunk = all.subList(start, Math.min(all.size(), start + IN_CHUNK));
            found.addAll(loaded(SELECT + " where res_id in (" + marks(chunk.size()) + ") and current_version and not deleted",
                    chunk.toArray()));
        }
        return found;
    }

    public Optional<StoredResource> readVersion(String type, String id, int version) {
        Optional<StoredResource> found = loaded(SELECT + " where res_type = ? and res_id = ? and version = ?", type, id, version).stream().findFirst();
        return found.isEmpty() && version == 1 && DeviceObservations.TYPE.equals(type) ? devices.read(id) : found;
    }

    /** All versions of a resource, newest first. */
    public List<StoredResource> history(String type, String id, Instant since, int count, int offset) {
        List<StoredResource> versions = loaded(SELECT + " where res_type = ? and res_id = ? and last_updated >= ? order by version desc limit ? offset ?",
                type, id, Timestamp.from(since == null ? Instant.EPOCH : since), count, offset);
        if (versions.isEmpty() && offset == 0 && count > 0 && DeviceObservations.TYPE.equals(type)) {
            return devices.read(id).filter(reading -> since == null || !reading.lastUpdated().isBefore(since)).stream().toList();
        }
        return versions;
    }

    /** Search tokens of current, non-deleted versions, by type and parameter (two arguments). */
    private static final String CURRENT_TOKENS = """
             from search_token t join resource r on r.res_type = t.res_type and r.res_id = t.res_id
              and r.current_version and not r.deleted
            where t.res_type = ? and t.param = ?""";

    /** Current, non-deleted ids of {@code type} carrying the token, optionally only those sent by one source. */
    public List<String> idsByToken(String type, String param, String system, String code, Long sourceId) {
        StringBuilder sql = new StringBuilder("select t.res_id" + CURRENT_TOKENS + " and t.code = ?");
        List<Object> args = new ArrayList<>(List.of(type, param, truncate(code)));
        if (system != null) {
            sql.append(system.isEmpty() ? " and t.system is null" : " and t.system = ?");
            if (!system.isEmpty()) {
                args.add(truncate(system));
            }
        }
        if (sourceId != null) {
            sql.append(" and r.source_id = ?");
            args.add(sourceId);
        }
        sql.append(" limit 3");
        return jdbc.queryForList(sql.toString(), String.class, args.toArray());
    }

    /**
     * For each of {@code codes}, the current, non-deleted ids of {@code type} from {@code sourceId} carrying the token
     * ({@code system}, code): one query for many conditional references (a feed's batch names hundreds of patients).
     */
    public Map<String, List<String>> idsByTokens(String type, String param, String system, Collection<String> codes, long sourceId) {
        Map<String, List<String>> ids = new HashMap<>();
        List<String> all = codes.stream().map(ResourceStore::truncate).distinct().toList();
        for (int start = 0; start < all.size(); start += IN_CHUNK) {
            List<String> chunk = all.subList(start, Math.min(all.size(), start + IN_CHUNK));
            List<Object> args = new ArrayList<>(List.of(type, param, truncate(system)));
            args.addAll(chunk);
            args.add(sourceId);
            jdbc.query("select t.code, t.res_id" + CURRENT_TOKENS + " and t.system = ? and t.code in (" + marks(chunk.size()) + ") and r.source_id = ?",
                    rs -> {
                        ids.computeIfAbsent(rs.getString(1), code -> new ArrayList<>()).add(rs.getString(2));
                    }, args.toArray());
        }
        return ids;
    }

    public SearchPage search(SearchRequest request) {
        List<Object> args = new ArrayList<>();
        String where = SearchSql.where(request, args);
        List<SearchSql.Condition> devicesWhere = SearchSql.deviceWheres(request, devices);
        String order = switch (request.sort()) {
            case ID -> "res_id";
            case DATE -> "date_lo, res_id";
            case DATE_DESC -> "date_lo desc, res_id";
            case LAST_UPDATED -> "last_updated, res_id";
            case LAST_UPDATED_DESC -> "last_updated desc, res_id";
        };
        Long total = null;
        if (request.withTotal()) {
            total = jdbc.queryForObject("select count(*) from resource r where " + where, Long.class, args.toArray());
            for (SearchSql.Condition condition : devicesWhere) {
                total += jdbc.queryForObject("select count(*) from device_observation d where " + condition.sql(), Long.class,
                        condition.args().toArray());
            }
        }
        if (request.count() == 0) {
            return new SearchPage(List.of(), total, false);
        }
        String rowsSql = SELECT + " r where " + where;
        List<Object> pageArgs = new ArrayList<>(args);
        if (!devicesWhere.isEmpty()) {
            // One ordered page across both tables: the sort columns are selected by name in each and ordered over the union.
            StringBuilder union = new StringBuilder("select * from (" + SELECT_COLUMNS + ", r.date_lo from resource r where " + where);
            int branch = 0;
            for (SearchSql.Condition condition : devicesWhere) {
                String rows = DeviceObservations.COLUMNS + ", d.date_lo" + DeviceObservations.FROM + " where " + condition.sql();
                pageArgs.addAll(condition.args());
                if (request.sort() == SearchRequest.Sort.ID && condition.oneRange()) {
                    // Ids sort as keys do but within a second: enough of the range in key order (which it is stored in)
                    // holds the page, where sorting the whole range would read all of a patient's readings for each page.
                    rows = "select * from (" + rows + " order by d.row_key limit ?) d" + branch++;
                    pageArgs.add((long) request.offset() + request.count() + 1 + DeviceObservations.SLOTS);
                }
                union.append(" union all ").append(rows);
            }
            rowsSql = union.append(") r").toString();
        }
        pageArgs.add(request.count() + 1);
        pageArgs.add(request.offset());
        List<StoredResource> rows = loaded(rowsSql + " order by " + order + " limit ? offset ?", pageArgs.toArray());
        boolean more = rows.size() > request.count();
        return new SearchPage(more ? rows.subList(0, request.count()) : rows, total, more);
    }

    /** One page of everything stored about a person, from every source: an indexed range scan on person_key. */
    public SearchPage everything(long personKey, Collection<String> types, Instant since, int count, int offset) {
        List<StoredResource> rows = new ArrayList<>();
        boolean more = everything(personKey, types, since, count, offset, rows::add);
        return new SearchPage(rows, null, more);
    }

    /**
     * Streams one page of a person's record to {@code sink} as the rows arrive, without holding the page
     * in memory; returns whether more pages follow. The person's device observations follow the resources.
     */
    public boolean everything(long personKey, Collection<String> types, Instant since, int count, int offset,
                              java.util.function.Consumer<StoredResource> sink) {
        int[] delivered = {0};
        boolean more = resources(personKey, types, since, count, offset, resource -> {
            delivered[0]++;
            sink.accept(resource);
        });
        if (more || types != null && !types.isEmpty() && !types.contains(DeviceObservations.TYPE)) {
            return more;
        }
        // Resources ended on this page (device rows start at 0) or before it (they start where the page's offset is past them).
        int deviceOffset = delivered[0] > 0 || offset == 0 ? 0 : (int) Math.max(0, offset - countResources(personKey, types, since));
        int wanted = count - delivered[0];
        List<StoredResource> readings = devices.ofPerson(personKey, since == null ? null : Timestamp.from(since), wanted + 1, deviceOffset);
        readings.stream().limit(wanted).forEach(sink);
        return readings.size() > wanted;
    }

    /** One page of the person's resources (not device observations) to {@code sink}; returns whether more follow. */
    private boolean resources(long personKey, Collection<String> types, Instant since, int count, int offset,
                              java.util.function.Consumer<StoredResource> sink) {
        List<Object> args = new ArrayList<>();
        String sql = SELECT + " where " + ofPerson(personKey, types, since, args) + " order by res_type, res_id limit ? offset ?";
        args.add(count + 1);
        args.add(offset);
        personReads.read(personKey);
        if (tiers.offHot(personKey).any()) {
            // Some of the record is warm or cold: read the page whole, so its bodies can be filled in (recalling if cold).
            List<StoredResource> page = loaded(sql, args.toArray());
            page.stream().limit(count).forEach(sink);
            return page.size() > count;
        }
        int[] seen = {0};
        jdbc.query(sql, rs -> {
            if (seen[0]++ < count) {
                sink.accept(map(rs, seen[0]).resource());
            }
        }, args.toArray());
        return seen[0] > count;
    }

    private long countResources(long personKey, Collection<String> types, Instant since) {
        List<Object> args = new ArrayList<>();
        return jdbc.queryForObject("select count(*) from resource where " + ofPerson(personKey, types, since, args), Long.class, args.toArray());
    }

    /** The condition on {@code resource} of a person's current records, of {@code types} (all when empty), since a time. */
    private static String ofPerson(long personKey, Collection<String> types, Instant since, List<Object> args) {
        StringBuilder sql = new StringBuilder("person_key = ? and current_version and not deleted");
        args.add(personKey);
        if (types != null && !types.isEmpty()) {
            sql.append(" and res_type in (").append(marks(types.size())).append(')');
            args.addAll(types);
        }
        if (since != null) {
            sql.append(" and last_updated >= ?");
            args.add(Timestamp.from(since));
        }
        return sql.toString();
    }

    /**
     * A person's current records of these types that are in the hot tier, without recalling anything: the emergency
     * summary reads only what the lifecycle policy keeps hot for it, and must never wait for a recall.
     */
    public List<StoredResource> currentHot(long personKey, Collection<String> types) {
        return jdbc.query(SELECT + " where person_key = ? and res_type in (" + marks(types.size()) + ") and current_version and not deleted"
                + " and tier = 'H'", (rs, row) -> map(rs, row).resource(), java.util.stream.Stream.concat(java.util.stream.Stream.of(personKey),
                types.stream()).toArray());
    }

    /** Current resources by type, for the dashboard: type → count. */
    public Map<String, Long> countsByType() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.query("select res_type, count(*) from resource where current_version and not deleted group by res_type",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        long readings = jdbc.queryForObject("select count(*) from device_observation", Long.class);
        if (readings > 0) {
            counts.merge(DeviceObservations.TYPE, readings, Long::sum);
        }
        return counts;
    }

    /** Resources stored per day (by last_updated, the hub's clock) over the last {@code days} days: date → count. */
    public Map<java.time.LocalDate, Long> storedPerDay(int days) {
        Map<java.time.LocalDate, Long> perDay = new java.util.TreeMap<>();
        Instant since = Instant.now().minus(java.time.Duration.ofDays(days));
        // Days of the city's clock, not the database server's: a record stored at 07:00 in Hangzhou belongs to that day.
        String day = "cast(last_updated at time zone '" + FhirDates.LOCAL_ZONE.getId() + "' as date)";
        for (String table : List.of("resource", "device_observation")) {
            jdbc.query("select " + day + " d, count(*) from " + table + " where last_updated >= ? group by " + day,
                    rs -> {
                        perDay.merge(rs.getDate(1).toLocalDate(), rs.getLong(2), Long::sum);
                    }, Timestamp.from(since));
        }
        return perDay;
    }

    /** Current resources per source and type, for the dashboard: source id → type → count. */
    public Map<Long, Map<String, Long>> countsBySourceAndType() {
        Map<Long, Map<String, Long>> counts = new java.util.TreeMap<>();
        jdbc.query("select source_id, res_type, count(*) from resource where current_version and not deleted group by source_id, res_type",
                rs -> {
                    counts.computeIfAbsent(rs.getLong(1), id -> new java.util.TreeMap<>()).put(rs.getString(2), rs.getLong(3));
                });
        jdbc.query("select source_id, count(*) from device_observation group by source_id", rs -> {
            counts.computeIfAbsent(rs.getLong(1), id -> new java.util.TreeMap<>()).merge(DeviceObservations.TYPE, rs.getLong(2), Long::sum);
        });
        return counts;
    }

    static String marks(int count) {
        return String.join(",", java.util.Collections.nCopies(count, "?"));
    }

    /** Replaces a resource's tokens of one search parameter, in the caller's transaction. */
    void replaceTokens(String type, String id, String param, List<TokenIndex> tokens) {
        jdbc.update("delete from search_token where res_type = ? and res_id = ? and param = ?", type, id, param);
        jdbc.batchUpdate("insert into search_token (res_type, res_id, param, system, code) values (?,?,?,?,?)",
                tokens.stream().map(token -> new Object[] {type, id, param, truncate(token.system()), truncate(token.code())}).toList());
    }

    private static String truncate(String text) {
        return text == null || text.length() <= TOKEN_LENGTH ? text : text.substring(0, TOKEN_LENGTH);
    }

    private static void bindResource(PreparedStatement ps, ResourceWrite write) throws SQLException {
        ps.setString(1, write.type());
        ps.setString(2, write.id());
        ps.setInt(3, write.version());
        ps.setBoolean(4, write.deleted());
        ps.setLong(5, write.personKey());
        ps.setString(6, write.patientId());
        ps.setTimestamp(7, Timestamp.from(write.lastUpdated()));
        ResourceIndex index = write.index();
        setInstant(ps, 8, index == null ? null : index.dateLow());
        setInstant(ps, 9, index == null ? null : index.dateHigh());
        ps.setString(10, index == null || index.status() == null ? null : truncate(index.status()));
        ps.setLong(11, write.sourceId());
        ps.setString(12, write.sourceResourceId());
        ps.setString(13, write.sourceVersion());
        ps.setLong(14, write.submissionId());
        ps.setBytes(15, write.body());
    }

    private static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setTimestamp(index, Timestamp.from(instant));
        }
    }

    private static final String SELECT_COLUMNS =
            "select res_type, res_id, version, deleted, person_key, last_updated, source_id, source_res_id, submission_id, body, tier";
    private static final String SELECT = SELECT_COLUMNS + " from resource";

    /** A row as read: its body is null unless the version is hot, and a device observation's ('D') is its compact form. */
    private record Loaded(StoredResource resource, char tier) {
    }

    static StoredResource mapRow(ResultSet rs, int row) throws SQLException {
        return map(rs, row).resource();
    }

    private static Loaded map(ResultSet rs, int row) throws SQLException {
        return new Loaded(new StoredResource(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4), rs.getLong(5),
                rs.getTimestamp(6).toInstant(), rs.getLong(7), rs.getString(8), rs.getLong(9), rs.getBytes(10)), rs.getString(11).charAt(0));
    }

    /**
     * Runs the query and gives every row its body: hot ones have it, device observations are rendered, warm ones are
     * decompressed, and the persons of cold ones are recalled first (within the recall budget, else {@link RecallPendingException}) and their rows re-read.
     */
    private List<StoredResource> loaded(String sql, Object... args) {
        List<Loaded> rows = jdbc.query(sql, ResourceStore::map, args);
        if (rows.stream().allMatch(row -> row.tier() == 'H')) {
            return rows.stream().map(Loaded::resource).toList();
        }
        java.util.Set<Long> coldPersons = new java.util.TreeSet<>();
        rows.stream().filter(row -> row.tier() == 'C').forEach(row -> coldPersons.add(row.resource().personKey()));
        if (!coldPersons.isEmpty()) {
            coldReads.ensureHot(coldPersons);
            rows = jdbc.query(sql, ResourceStore::map, args);
        }
        Map<String, byte[]> warm = warmBodies(rows);
        List<StoredResource> complete = new ArrayList<>(rows.size());
        for (Loaded row : rows) {
            StoredResource r = row.resource();
            byte[] body = switch (row.tier()) {
                case 'H' -> r.body();
                case 'D' -> devices.render(r.id(), r.lastUpdated(), r.body());
                case 'W' -> warm.get(r.id() + "/" + r.version());
                default -> null;
            };
            if (body == null) {
                throw new ArchiveDamagedException(r.type() + "/" + r.id() + "/_history/" + r.version() + " has no body in tier " + row.tier());
            }
            complete.add(new StoredResource(r.type(), r.id(), r.version(), r.deleted(), r.personKey(), r.lastUpdated(), r.sourceId(),
                    r.sourceResourceId(), r.submissionId(), body));
        }
        return complete;
    }

    private Map<String, byte[]> warmBodies(List<Loaded> rows) {
        List<Loaded> warm = rows.stream().filter(row -> row.tier() == 'W').toList();
        Map<String, byte[]> bodies = new HashMap<>();
        for (int start = 0; start < warm.size(); start += IN_CHUNK) {
            List<Loaded> chunk = warm.subList(start, Math.min(warm.size(), start + IN_CHUNK));
            java.util.Set<String> wanted = new java.util.HashSet<>();
            chunk.forEach(row -> wanted.add(row.resource().id() + "/" + row.resource().version()));
            jdbc.query("select res_id, version, dict_id, body from resource_warm where res_id in (" + marks(chunk.size()) + ")", rs -> {
                String key = rs.getString(1) + "/" + rs.getInt(2);
                if (wanted.contains(key)) {
                    bodies.put(key, dictionaries.decompress(rs.getBytes(4), (Integer) rs.getObject(3)));
                }
            }, chunk.stream().map(row -> row.resource().id()).distinct().toArray());
        }
        return bodies;
    }
}
