package org.cityhealth.hub.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cityhealth.identity.linkage.QualityIssue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Data-quality issues found in what sources send: stored with the resource, never a reason to refuse it. */
@Service
public class DataQuality {

    /** One issue of one resource. */
    public record Issue(String resourceId, String resourceType, String field, String code, String message, Instant detectedAt) {
    }

    private final JdbcTemplate jdbc;

    DataQuality(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces the issues of a resource with those of its newest version. */
    void replace(String resourceType, String resourceId, long sourceId, List<QualityIssue> issues) {
        jdbc.update("delete from data_quality_issue where res_id = ?", resourceId);
        Timestamp now = Timestamp.from(Instant.now());
        Map<String, QualityIssue> byCode = new LinkedHashMap<>();
        issues.forEach(issue -> byCode.putIfAbsent(issue.code(), issue));
        jdbc.batchUpdate("insert into data_quality_issue (res_id, code, source_id, res_type, field, message, detected_at) values (?,?,?,?,?,?,?)",
                byCode.values().stream().map(issue -> new Object[] {resourceId, issue.code(), sourceId, resourceType, issue.field(),
                        issue.message(), now}).toList());
    }

    /** The newest issues of a source. */
    public List<Issue> ofSource(long sourceId, int limit) {
        return jdbc.query("""
                select * from data_quality_issue where source_id = ? order by detected_at desc, res_id, code limit ?""",
                (rs, row) -> new Issue(rs.getString("res_id"), rs.getString("res_type"), rs.getString("field"), rs.getString("code"),
                        rs.getString("message"), rs.getTimestamp("detected_at").toInstant()), sourceId, limit);
    }

    /** How many resources of a source have each issue. */
    public Map<String, Long> countsOfSource(long sourceId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("select code, count(*) from data_quality_issue where source_id = ? group by code order by count(*) desc",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                }, sourceId);
        return counts;
    }

    public List<Issue> ofResource(String resourceId) {
        return jdbc.query("select * from data_quality_issue where res_id = ? order by code", (rs, row) -> new Issue(rs.getString("res_id"),
                rs.getString("res_type"), rs.getString("field"), rs.getString("code"), rs.getString("message"),
                rs.getTimestamp("detected_at").toInstant()), resourceId);
    }
}
