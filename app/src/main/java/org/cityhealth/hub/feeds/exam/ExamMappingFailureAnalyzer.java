package org.cityhealth.hub.feeds.exam;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a wrong mapping file as its one line, instead of the bean-creation chain around it. */
class ExamMappingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidExamMappingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidExamMappingException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Correct the exam mapping file, or point cityhealth.feeds.exam.mappings at another one.", cause);
    }
}
