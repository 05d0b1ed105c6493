package org.cityhealth.hub.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the master person index; defaults documented in {@code application.yml}.
 *
 * @param linkThreshold      Fellegi–Sunter weight (log2 likelihood ratio) at or above which records link automatically
 * @param reviewThreshold    weight at or above which a pair goes to the review queue
 * @param maxBlock           blocks with more records than this are skipped when looking for candidates
 * @param minTrainingRecords the first model is estimated once this many records are indexed
 * @param retrainGrowth      the model is estimated again when the records grew by this factor since the last estimate
 * @param trainingRecords    at most this many records take part in an estimate (a sample of whole birth-day blocks)
 * @param trainingCheck      how often the hub checks whether a (new) model is due
 */
@ConfigurationProperties("cityhealth.mpi")
public record MpiSettings(@DefaultValue("16") double linkThreshold,
                          @DefaultValue("8") double reviewThreshold,
                          @DefaultValue("500") int maxBlock,
                          @DefaultValue("1000") int minTrainingRecords,
                          @DefaultValue("2") double retrainGrowth,
                          @DefaultValue("300000") int trainingRecords,
                          @DefaultValue("1m") Duration trainingCheck) {
}
