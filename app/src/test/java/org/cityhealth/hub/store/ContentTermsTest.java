package org.cityhealth.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContentTermsTest {

    @Test
    void cutsChineseIntoPairsAndSinglesAndOtherTextIntoLowerCaseWords() {
        assertThat(ContentTerms.of("血压偏高, HbA1c 7.2%")).containsExactly("血", "血压", "压", "压偏", "偏", "偏高", "高", "hba1c", "7", "2");
        assertThat(ContentTerms.query("血压偏高")).containsExactly("血压", "压偏", "偏高");
        assertThat(ContentTerms.query("糖")).as("one character needs its single").containsExactly("糖");
        assertThat(ContentTerms.query("尿糖 阴性")).containsExactly("尿糖", "阴性");
        assertThat(ContentTerms.query("ＡＢＣ１２")).as("full-width letters and digits are letters and digits").containsExactly("ａｂｃ１２");
        assertThat(ContentTerms.query("——，。")).isEmpty();
    }

    @Test
    void aLongQueryIsSearchedByItsFirstTermsOnly() {
        String phrase = "总检结论血压偏高建议低盐饮食定期复查血压必要时心内科就诊";
        assertThat(ContentTerms.query(phrase)).hasSize(ContentTerms.MAX_QUERY_TERMS)
                .containsExactlyElementsOf(ContentTerms.query(phrase.substring(0, ContentTerms.MAX_QUERY_TERMS + 1)));
        assertThat(ContentTerms.of(phrase)).containsAll(ContentTerms.query(phrase));
    }

    @Test
    void cutsOverlongWordsAlikeInDocumentsAndQueries() {
        String word = "x".repeat(ContentTerms.MAX_WORD + 10);
        assertThat(ContentTerms.of(word)).containsExactly("x".repeat(ContentTerms.MAX_WORD));
        assertThat(ContentTerms.query(word)).containsExactly("x".repeat(ContentTerms.MAX_WORD));
    }

    /** Whatever piece of a document one searches for, the document holds all of its terms: a search never misses it. */
    @Test
    void everyPieceOfADocumentFindsTheDocument() {
        String alphabet = "血压偏高正常糖尿病肝功能检查结论建议复查 ,.：;-/abcXYZ0129";
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder document = new StringBuilder();
            for (int i = random.nextInt(60); i >= 0; i--) {
                document.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            Set<String> indexed = ContentTerms.of(document.toString());
            int start = random.nextInt(document.length());
            int end = start + 1 + random.nextInt(document.length() - start);
            // A piece is cut at word boundaries, as a person would search for it.
            String piece = trimToWords(document.substring(start, end), document.toString(), start, end);
            assertThat(indexed).as("seed %d: %s in %s", seed, piece, document).containsAll(ContentTerms.query(piece));
        }
    }

    /** The piece without a partial Latin word at either end (searching "bc" does not find "abc", as in any word index). */
    private static String trimToWords(String piece, String document, int start, int end) {
        int from = 0;
        int to = piece.length();
        if (start > 0 && isWordChar(document.charAt(start - 1))) {
            while (from < to && isWordChar(piece.charAt(from))) {
                from++;
            }
        }
        if (end < document.length() && isWordChar(document.charAt(end))) {
            while (to > from && isWordChar(piece.charAt(to - 1))) {
                to--;
            }
        }
        return piece.substring(from, to);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) && Character.UnicodeScript.of(c) != Character.UnicodeScript.HAN;
    }
}
